//! The text form of a semantic diff, for a terminal.

use super::{
    by_scope, headline, marker, scope_words, side_label, side_words, summary, where_words,
};
use crate::behaviour::behaviour_text;
use crate::report::{Change, ChangeKind, Report};
use std::fmt::Write;

/// The report as text.
pub fn text(report: &Report) -> String {
    let diff = &report.semantic;
    let mut out = format!("{} → {}\n", side_words(&diff.old), side_words(&diff.new));
    for (scope, changes) in by_scope(&diff.changes) {
        let _ = writeln!(out, "\n{}", scope_words(scope));
        for change in changes {
            change_lines(&mut out, change);
        }
    }
    if !diff.documentation.is_empty() {
        out.push_str("\ndocumentation (not semantic)\n");
        for change in &diff.documentation {
            change_lines(&mut out, change);
        }
    }
    let _ = writeln!(out, "\n{}", summary(diff));
    if let Some(behaviour) = &report.behaviour {
        out.push_str(&behaviour_text(
            behaviour,
            &side_label(&diff.old),
            &side_label(&diff.new),
        ));
    }
    out
}

/// One change: its line, then its notes and locations, indented.
fn change_lines(out: &mut String, change: &Change) {
    let body = match (change.kind, &change.old, &change.new) {
        (ChangeKind::Renamed, Some(old), Some(new)) => format!("`{old}` → `{new}`"),
        (_, Some(old), Some(new)) => format!("{old} → {new}"),
        (_, Some(one), None) | (_, None, Some(one)) => one.clone(),
        (_, None, None) => String::new(),
    };
    let _ = writeln!(
        out,
        "  {} {}: {body}",
        marker(change.kind),
        headline(change)
    );
    for note in &change.notes {
        let _ = writeln!(out, "      {note}");
    }
    let place = where_words(change);
    if !place.is_empty() {
        let _ = writeln!(out, "      at {place}");
    }
}
