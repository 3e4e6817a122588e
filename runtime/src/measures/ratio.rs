//! A ratio of two counts, rendered as a percentage or a rate per 1,000
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
        self.scaled(100)
    }

    /// Per 1,000 with one decimal (`"22.0"`), rounded half up; `None` when
    /// `whole` is zero.
    pub fn per_thousand(self) -> Option<String> {
        self.scaled(1000)
    }

    /// `part × scale ÷ whole` with one decimal, in integers (u128, so no
    /// count can overflow).
    fn scaled(self, scale: u64) -> Option<String> {
        if self.whole == 0 {
            return None;
        }
        let whole = u128::from(self.whole);
        let tenths = (u128::from(self.part) * u128::from(scale) * 20 + whole) / (2 * whole);
        Some(format!("{}.{}", tenths / 10, tenths % 10))
    }
}
