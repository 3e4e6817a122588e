//! Printable HTML reports of rollcall's decisions for the attendance
//! officer: the caseload page ([`caseload`]), one self-contained evidence
//! pack per decision ([`pack`]), a page of charts ([`charts`]), the charts
//! comparing two policies' decisions ([`comparison`]) and, from
//! templates the authority edits, its letters ([`letters`]).
//!
//! Every page is a single file: inline CSS and inline SVG, no script, no
//! network, laid out for A4. Output is deterministic (no timestamps, sorted
//! iteration), and every piece of user data is escaped ([`html::escape`]).
//! A date of birth is never written: only whether the pupil was of
//! compulsory school age.

#![forbid(unsafe_code)]

pub mod caseload;
pub mod charts;
pub mod comparison;
pub mod html;
pub mod letters;
pub mod pack;
pub mod register_grid;
pub mod rules;
pub mod svg;
pub mod writer;

pub use letters::Letters;
pub use rules::RuleBook;
pub use writer::{Period, ReportWriter};
