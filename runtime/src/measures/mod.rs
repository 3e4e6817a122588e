//! Attendance measures, as the DfE defines them: per pupil, school and
//! academic year (1 September – 31 August), the possible sessions, the
//! sessions attended, attendance, persistent absence and severe absence;
//! and their totals per school, per authority and overall.
//!
//! Definitions (all in whole sessions, no floating point):
//! - a session is *possible* unless its code is in the `not_possible`
//!   category (`D`, `Q`, `X`, `Y`, `Y1`–`Y7`, `Z`, `#`: dual registration
//!   and `Q` as the DfE's attendance statistics count them);
//! - a possible session is *attended* when its code is present (`/`, `\`,
//!   `L`) or an approved educational activity (`B`, `J` before 19 August
//!   2024, `K`, `P`, `V`, `W`), following the categories of
//!   [`rollcall_ir::codes`];
//! - *absences* are possible sessions not attended (authorised or not);
//! - *persistently absent*: absences × 10 ≥ possible (10% or more missed);
//! - *severely absent*: absences × 2 ≥ possible (50% or more missed).
//!
//! Movers: like the DfE's absence statistics, the unit counted is the
//! *enrolment* — one pupil at one school in one academic year. A pupil who
//! changes school counts once at each school, with only the sessions
//! recorded there; authority and overall totals add up enrolments, so such a
//! pupil can count twice in an authority (two of its schools) or overall.
//! Enrolments without a possible session (only `X`, `Z`… marks) are left out.
//! Unlike the DfE's published figures, enrolments are not limited to pupils
//! of compulsory school age: every pupil in the data counts.
//! Penalty notices are counted as the DfE's parental responsibility
//! measures return counts them ([`NoticeTally`]).
//! Percentages are only for display: [`Ratio`] renders them from the
//! integer counts with a fixed number of decimals.

mod enrolment;
mod notices;
mod ratio;
mod resolution;
mod totals;
mod year;

pub use enrolment::{enrolments, pupil_enrolments, Enrolment, Sessions};
pub use notices::{NoticeReason, NoticeTally};
pub use ratio::Ratio;
pub use resolution::{resolutions, NoticeResolution, Resolution, Resolved};
pub use totals::{measure, Measures, Totals};
pub use year::{AcademicYear, AcademicYearError};

/// Decisions for the measures' tests.
#[cfg(test)]
mod fixtures {
    use crate::decision::Decision;
    use chrono::NaiveDate;

    /// A decision of `action` to `parent` on `date`, by rule `r`, citing
    /// nothing.
    pub(crate) fn decision(action: &str, parent: &str, date: NaiveDate) -> Decision {
        Decision {
            pupil: "p".into(),
            parent: Some(parent.into()),
            date,
            action: action.into(),
            label: None,
            rule: "r".into(),
            authority: "a".into(),
            policy: "a@2024-08-19".into(),
            notice_number: Some(1),
            payments: Vec::new(),
            reason: String::new(),
            evidence: Vec::new(),
        }
    }
}
