//! The Markdown form of a semantic diff: one table per pair of versions,
//! fit for a council report or a pull request comment.

use super::{
    by_scope, headline, marker, scope_words, side_label, side_words, summary, where_words,
};
use crate::behaviour::behaviour_markdown;
use crate::report::{Change, Report};
use std::fmt::Write;

/// The report as Markdown.
pub fn markdown(report: &Report) -> String {
    let diff = &report.semantic;
    let mut out = format!(
        "## Policy changes: {} → {}\n",
        cell(&side_words(&diff.old)),
        cell(&side_words(&diff.new))
    );
    for (scope, changes) in by_scope(&diff.changes) {
        let _ = writeln!(out, "\n### {}\n", cell(&scope_words(scope)));
        table(&mut out, &changes);
    }
    if !diff.documentation.is_empty() {
        out.push_str("\n<details><summary>Documentation changes (not semantic)</summary>\n\n");
        table(&mut out, &diff.documentation.iter().collect::<Vec<_>>());
        out.push_str("\n</details>\n");
    }
    let _ = writeln!(out, "\n**{}**", summary(diff));
    if let Some(behaviour) = &report.behaviour {
        out.push_str(&behaviour_markdown(
            behaviour,
            &side_label(&diff.old),
            &side_label(&diff.new),
        ));
    }
    out
}

/// A table of changes.
fn table(out: &mut String, changes: &[&Change]) {
    out.push_str("| | Change | Old | New | Where |\n|---|---|---|---|---|\n");
    for change in changes {
        let mut what = cell(&headline(change));
        for note in &change.notes {
            what.push_str("<br>");
            what.push_str(&cell(note));
        }
        let _ = writeln!(
            out,
            "| {} | {what} | {} | {} | {} |",
            marker(change.kind),
            code(change.old.as_deref()),
            code(change.new.as_deref()),
            cell(&where_words(change)),
        );
    }
}

/// Text safe inside a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// A value as inline code (a dash when absent).
fn code(text: Option<&str>) -> String {
    match text {
        Some(text) if text.contains('`') => format!("`` {} ``", cell(text)),
        Some(text) => format!("`{}`", cell(text)),
        None => "—".to_string(),
    }
}
