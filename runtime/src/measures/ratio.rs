//! A ratio of two counts, rendered as a percentage or a rate per 100
//! with fixed decimals, using integer arithmetic only.

/// `part` out of `whole`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ratio {
    /// The numerator.
    pub part: u64,
    /// The denominator.
    pub whole: u64,
}

impl Ratio {
    /// `part` out of `whole`.
    pub fn new(part: u64, whole: u64) -> Ratio {
        Ratio { part, whole }
    }

    /// As a percentage with one decimal (`"20.0"`), rounded half up;
    /// `None` when `whole` is zero.
    pub fn percent(self) -> Option<String> {
        self.scaled(1)
    }

    /// Per 100 with two decimals (`"2.20"`), rounded half up, as the DfE's
    /// parental responsibility measures give penalty notices per 100
    /// enrolments; `None` when `whole` is zero.
    pub fn per_hundred(self) -> Option<String> {
        self.scaled(2)
    }

    /// `part × 100 ÷ whole` with `decimals` decimals, in integers (u128,
    /// so no count can overflow).
    fn scaled(self, decimals: u32) -> Option<String> {
        if self.whole == 0 {
            return None;
        }
        let whole = u128::from(self.whole);
        let unit = 10u128.pow(decimals);
        let units = (u128::from(self.part) * 100 * unit * 2 + whole) / (2 * whole);
        let width = decimals as usize;
        Some(format!("{}.{:0width$}", units / unit, units % unit))
    }
}
