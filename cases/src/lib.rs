//! Case files: a pupil's history in compact notation and the decisions a
//! policy should make about it (docs/cases.md). Parsed into a [`Case`](model::Case),
//! turned into a data set, evaluated, and compared with what was expected.

#![forbid(unsafe_code)]

mod compare;
mod coverage;
mod data;
mod discover;
mod format;
mod junit;
mod library;
mod model;
mod parse;
mod render;
mod run;
mod tokens;

#[cfg(test)]
mod tests;

pub use coverage::coverage;
pub use discover::discover;
pub use format::{format_case, CaseFormatError};
pub use junit::junit_xml;
pub use library::Library;
pub use model::CaseError;
pub use render::{decision_line, evidence_line};
pub use run::{case_data, run_case, run_case_text, CaseData, CaseResult, Verdict};
