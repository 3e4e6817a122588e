//! Small phrases shared by everything that writes policies and decisions
//! for people: amounts of money, counted nouns, percentages, and periods,
//! operators, run units and constants as a policy writes them.

use crate::events::EventKind;
use crate::graph::{CompareOp, Period, Quantity, RunUnit};
use std::fmt::{self, Display};

/// An amount in pence as pounds: `£80`, `£80.50`.
pub fn pounds(pence: u64) -> String {
    match pence % 100 {
        0 => format!("£{}", pence / 100),
        rest => format!("£{}.{rest:02}", pence / 100),
    }
}

/// `n` with the singular or plural noun: `1 session`, `10 sessions`.
pub fn plural<N: Display + PartialEq + From<u8>>(n: N, one: &str, many: &str) -> String {
    format!("{n} {}", noun(&n, one, many))
}

/// The singular noun for one, else the plural.
fn noun<'w, N: PartialEq + From<u8>>(n: &N, one: &'w str, many: &'w str) -> &'w str {
    if *n == N::from(1) {
        one
    } else {
        many
    }
}

/// Basis points as a percentage, keeping the decimals needed: `92%`,
/// `92.5%`, `89.47%`.
pub fn percent(basis_points: u64) -> String {
    Percent(basis_points).to_string()
}

/// Basis points written as [`percent`] writes them, without a `String`
/// of their own.
pub struct Percent(pub u64);

impl Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, hundredths) = (self.0 / 100, self.0 % 100);
        match hundredths {
            0 => write!(f, "{whole}%"),
            h if h % 10 == 0 => write!(f, "{whole}.{}%", h / 10),
            h => write!(f, "{whole}.{h:02}%"),
        }
    }
}

/// An event kind in words: `Notice to Improve`, `truancy sweep`…
pub fn event(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Exclusion => "exclusion",
        EventKind::PublicPlace => "sighting in a public place",
        EventKind::TruancySweep => "truancy sweep",
        EventKind::PenaltyNotice => "earlier penalty notice",
        EventKind::NoticeToImprove => "Notice to Improve",
        EventKind::PreviousAuthorityUnknown => "unknown previous authority",
        EventKind::CaseClosed => "closed case",
    }
}

/// A period as a policy writes it: `term`, `half_term`, `academic_year`.
pub fn period(period: Period) -> &'static str {
    match period {
        Period::Term => "term",
        Period::HalfTerm => "half_term",
        Period::AcademicYear => "academic_year",
    }
}

/// A comparison as a policy writes it: `<`, `<=`, `>`, `>=`, `=`, `!=`.
pub fn compare_op(op: CompareOp) -> &'static str {
    match op {
        CompareOp::Less => "<",
        CompareOp::LessOrEqual => "<=",
        CompareOp::Greater => ">",
        CompareOp::GreaterOrEqual => ">=",
        CompareOp::Equal => "=",
        CompareOp::NotEqual => "!=",
    }
}

/// What a run is counted in: `school days` or `sessions`.
pub fn run_unit(unit: RunUnit) -> &'static str {
    match unit {
        RunUnit::SchoolDays => "school days",
        RunUnit::Sessions => "sessions",
    }
}

/// A constant with its unit as a policy writes it: `10 sessions`,
/// `1 school day`, `92.5%`.
pub fn quantity(quantity: Quantity) -> String {
    QuantityText(quantity).to_string()
}

/// A constant written as [`quantity`] writes it, without a `String` of its
/// own.
pub struct QuantityText(pub Quantity);

impl Display for QuantityText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, one, many) = match self.0 {
            Quantity::Sessions(n) => (n, "session", "sessions"),
            Quantity::SchoolDays(n) => (n, "school day", "school days"),
            Quantity::SchoolWeeks(n) => (n, "school week", "school weeks"),
            Quantity::BasisPoints(points) => return Percent(u64::from(points)).fmt(f),
        };
        write!(f, "{n} {}", noun(&n, one, many))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_keep_the_decimals_written() {
        assert_eq!(quantity(Quantity::BasisPoints(9000)), "90%");
        assert_eq!(quantity(Quantity::BasisPoints(9250)), "92.5%");
        assert_eq!(quantity(Quantity::BasisPoints(8947)), "89.47%");
        assert_eq!(quantity(Quantity::BasisPoints(9205)), "92.05%");
    }

    #[test]
    fn units_are_singular_for_one() {
        assert_eq!(quantity(Quantity::Sessions(1)), "1 session");
        assert_eq!(quantity(Quantity::SchoolDays(15)), "15 school days");
        assert_eq!(quantity(Quantity::SchoolWeeks(1)), "1 school week");
    }

    #[test]
    fn money_is_pounds_with_pence_only_when_needed() {
        assert_eq!(pounds(8000), "£80");
        assert_eq!(pounds(8050), "£80.50");
        assert_eq!(pounds(5), "£0.05");
    }
}
