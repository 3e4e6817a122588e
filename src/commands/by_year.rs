//! What `stats` and its DfE return share: the penalty notices counted per
//! academic year and authority, the totals of one year, and CSV quoting.

use rollcall_runtime::measures::{AcademicYear, NoticeTally, Totals};
use std::collections::BTreeMap;

/// Notices per (academic year, authority).
pub(crate) type NoticeCounts = BTreeMap<(AcademicYear, String), NoticeTally>;

/// The entries of `totals` for `year`, by name.
pub(crate) fn of_year(
    totals: &BTreeMap<(AcademicYear, String), Totals>,
    year: AcademicYear,
) -> impl Iterator<Item = (&String, &Totals)> {
    totals
        .range((year, String::new())..)
        .take_while(move |((key_year, _), _)| *key_year == year)
        .map(|((_, name), totals)| (name, totals))
}

/// A CSV field, quoted when it holds a comma, quote or line break.
pub(crate) fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
