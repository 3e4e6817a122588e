//! The JSON form of a diff: the report with its count of semantic changes.

use crate::report::Report;
use serde::Serialize;

/// The JSON document: the count first, then the report.
#[derive(Serialize)]
struct Document<'d> {
    /// How many changes of meaning.
    semantic_changes: usize,
    /// The report.
    #[serde(flatten)]
    report: &'d Report,
}

/// The report as pretty-printed JSON, with a final newline.
pub fn json(report: &Report) -> Result<String, serde_json::Error> {
    let document = Document {
        semantic_changes: report.semantic.changes.len(),
        report,
    };
    Ok(serde_json::to_string_pretty(&document)? + "\n")
}
