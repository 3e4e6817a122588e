//! The parental responsibility measures census (PRMA) as `stats --return
//! prma` writes it: one row per authority and academic year, then the
//! year's total, in the column names of the DfE's published data
//! (*Parental responsibility measures*, explore-education-statistics
//! .service.gov.uk, data guidance of the underlying data file).
//!
//! Every column is filled in: enrolments, penalty notices issued (for
//! unauthorised absence; one per parent), their rate per 100 enrolments,
//! each notice's main reason, and how the notices were resolved (paid
//! within 21 or 22–28 days of issue, withdrawn, prosecuted for not paying,
//! or none of these) from the events recorded after them (see
//! `rollcall_runtime::measures::resolutions`).

use crate::commands::by_year::{csv_field, of_year, NoticeCounts};
use rollcall_runtime::measures::{AcademicYear, Measures, NoticeTally, Ratio};

/// The census's columns, in order.
const COLUMNS: [&str; 16] = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "la_name",
    "enrolments",
    "pn_issued",
    "pn_issued_rate",
    "reason_pn_hols",
    "reason_pn_late",
    "reason_pn_other",
    "pn_paid",
    "pn_paid_21",
    "pn_paid_22_28",
    "pn_withdrawn",
    "pn_prosecuted_non_payment",
    "pn_unresolved",
];

/// The census as CSV: for each academic year of the measures (or only
/// `only`), a row per authority, then the national row of everything read.
pub fn census(measures: &Measures, notices: &NoticeCounts, only: Option<AcademicYear>) -> Vec<u8> {
    let mut lines = vec![COLUMNS.join(",")];
    for (&year, overall) in &measures.overall {
        if only.is_some_and(|only| only != year) {
            continue;
        }
        let mut total = NoticeTally::default();
        for (authority, totals) in of_year(&measures.by_authority, year) {
            let tally = notices
                .get(&(year, authority.clone()))
                .copied()
                .unwrap_or_default();
            total = total.plus(tally);
            lines.push(line(
                year,
                "Local authority",
                authority,
                totals.enrolments,
                tally,
            ));
        }
        lines.push(line(year, "National", "", overall.enrolments, total));
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out.into_bytes()
}

/// One row: `level`'s `name` in `year`.
fn line(
    year: AcademicYear,
    level: &str,
    name: &str,
    enrolments: u64,
    tally: NoticeTally,
) -> String {
    // `2024/25` as the DfE writes it: `202425`.
    let time_period = year.to_string().replace('/', "");
    let rate = Ratio::new(tally.issued, enrolments)
        .per_hundred()
        .unwrap_or_else(|| "x".to_owned());
    let counts = [
        enrolments,
        tally.issued,
        tally.holiday,
        tally.late,
        tally.other,
        tally.paid(),
        tally.paid_21,
        tally.paid_22_28,
        tally.withdrawn,
        tally.prosecuted,
        tally.unresolved(),
    ]
    .map(|count| count.to_string());
    let mut cells = vec![
        time_period,
        "Academic year".to_owned(),
        level.to_owned(),
        csv_field(name),
    ];
    cells.extend_from_slice(&counts[..2]);
    cells.push(rate);
    cells.extend_from_slice(&counts[2..]);
    cells.join(",")
}
