//! Words for plan parts: how explanations and reasons name code sets,
//! windows, aggregates and constants.

use crate::codes::CodeSet;
use crate::graph::{Period, Quantity};

/// A code set as a policy names it: its name, or its codes (`{G, U}`).
pub(super) fn set_text(name: Option<&str>, codes: CodeSet) -> String {
    match name {
        Some(name) => name.to_string(),
        None => {
            let codes: Vec<&str> = codes.iter().map(|code| code.as_str()).collect();
            format!("{{{}}}", codes.join(", "))
        }
    }
}

/// `"10 school weeks"`, `"1 session"`: a number with its unit.
pub(super) fn counted(n: u32, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

/// A period as a policy writes it.
pub(crate) fn period_text(period: Period) -> &'static str {
    match period {
        Period::Term => "term",
        Period::HalfTerm => "half_term",
        Period::AcademicYear => "academic_year",
    }
}

/// A constant as a policy writes it: `10 sessions`, `92.5%`.
pub(crate) fn describe_quantity(quantity: Quantity) -> String {
    match quantity {
        Quantity::Sessions(n) => counted(n, "session", "sessions"),
        Quantity::SchoolDays(n) => counted(n, "school day", "school days"),
        Quantity::SchoolWeeks(n) => counted(n, "school week", "school weeks"),
        Quantity::BasisPoints(bp) => percent_text(u64::from(bp)),
    }
}

/// Basis points as a percentage: `92%`, `92.5%`, `89.47%`.
pub(crate) fn percent_text(basis_points: u64) -> String {
    let (whole, hundredths) = (basis_points / 100, basis_points % 100);
    match hundredths {
        0 => format!("{whole}%"),
        h if h % 10 == 0 => format!("{whole}.{}%", h / 10),
        h => format!("{whole}.{h:02}%"),
    }
}

/// `first`, `second`, … `tenth`, then `11th`, `21st`…
pub(crate) fn ordinal(n: u32) -> String {
    const WORDS: [&str; 10] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    match n {
        1..=10 => WORDS[n as usize - 1].to_string(),
        _ => format!("{n}{suffix}"),
    }
}
