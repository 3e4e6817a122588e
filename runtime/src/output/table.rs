//! Decisions as an aligned text table for people: a row per decision,
//! its rule, evidence and reason indented beneath.

use crate::decision::{Decision, Evidence};
use chrono::NaiveDate;
use rollcall_ir::words::{plural, pounds};
use std::io::{self, Write};

const HEADER: [&str; 6] = ["pupil", "parent", "date", "action", "notice", "payments"];

/// The widest a reason line runs before it is wrapped.
const REASON_WIDTH: usize = 100;

/// The indent of a decision's detail lines under its row.
const DETAIL: &str = "    ";

/// A decision as the table shows it: a row of aligned cells, then its
/// rule and policy, its evidence and its reason on lines of their own,
/// so that no line runs much past a hundred columns whatever the reason.
struct Entry {
    row: [String; 6],
    details: Vec<String>,
}

/// Rows held until the column widths are known.
pub(super) struct Table<W: Write> {
    out: W,
    entries: Vec<Entry>,
}

impl<W: Write> Table<W> {
    /// An empty table to be written onto `out`.
    pub(super) fn new(out: W) -> Table<W> {
        Table {
            out,
            entries: Vec::new(),
        }
    }

    /// Adds a decision's entry.
    pub(super) fn push(&mut self, decision: &Decision) {
        self.entries.push(entry(decision));
    }

    /// Writes the header, a rule and every entry, columns padded to their
    /// widest cell (the last column unpadded); `(no decisions)` if empty.
    pub(super) fn finish(mut self) -> io::Result<W> {
        let header = HEADER.map(str::to_owned);
        let mut widths = [0; HEADER.len()];
        for row in std::iter::once(&header).chain(self.entries.iter().map(|entry| &entry.row)) {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let rule = widths.map(|width| "-".repeat(width));
        writeln!(self.out, "{}", aligned(&header, &widths))?;
        writeln!(self.out, "{}", aligned(&rule, &widths))?;
        for entry in &self.entries {
            writeln!(self.out, "{}", aligned(&entry.row, &widths))?;
            for line in &entry.details {
                writeln!(self.out, "{DETAIL}{line}")?;
            }
        }
        if self.entries.is_empty() {
            writeln!(self.out, "(no decisions)")?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Cells padded to `widths`, two spaces apart, the last unpadded.
fn aligned(row: &[String], widths: &[usize]) -> String {
    let mut line = String::new();
    for (index, (cell, width)) in row.iter().zip(widths).enumerate() {
        if index + 1 == row.len() {
            line.push_str(cell);
        } else {
            line.push_str(&format!("{cell:<width$}  "));
        }
    }
    line.trim_end().to_owned()
}

fn entry(decision: &Decision) -> Entry {
    let dash = || "-".to_owned();
    let action = match &decision.label {
        Some(label) => format!("{}: {label}", decision.action),
        None => decision.action.clone(),
    };
    let payments: Vec<String> = decision
        .payments
        .iter()
        .map(|payment| {
            format!(
                "{} in {} days",
                pounds(payment.amount_pence),
                payment.within_days
            )
        })
        .collect();
    let row = [
        decision.pupil.clone(),
        decision.parent.clone().unwrap_or_else(dash),
        decision.date.to_string(),
        action,
        decision
            .notice_number
            .map_or_else(dash, |number| number.to_string()),
        if payments.is_empty() {
            dash()
        } else {
            payments.join(", ")
        },
    ];
    let mut details = vec![
        format!(
            "rule {}, policy {}, authority {}",
            decision.rule, decision.policy, decision.authority
        ),
        format!("evidence: {}", evidence_summary(&decision.evidence)),
    ];
    details.extend(wrapped(
        &format!("reason: {}", decision.reason),
        REASON_WIDTH,
    ));
    Entry { row, details }
}

/// `text` broken at spaces into lines of at most `width` characters (a
/// longer word stands on a line of its own); continuation lines are
/// indented two spaces.
fn wrapped(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let taken = line.chars().count();
        if taken > 0 && taken + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
            line.push_str("  ");
        } else if taken > 0 {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// `10 sessions 2024-10-07..2024-10-11`, and each event by kind and dates.
fn evidence_summary(evidence: &[Evidence]) -> String {
    let session_dates: Vec<NaiveDate> = evidence
        .iter()
        .filter_map(|item| match item {
            Evidence::Session { date, .. } => Some(*date),
            Evidence::Event { .. } => None,
        })
        .collect();
    let mut parts = Vec::new();
    if let (Some(first), Some(last)) = (session_dates.iter().min(), session_dates.iter().max()) {
        let sessions = plural(session_dates.len(), "session", "sessions");
        parts.push(if first == last {
            format!("{sessions} {first}")
        } else {
            format!("{sessions} {first}..{last}")
        });
    }
    for item in evidence {
        if let Evidence::Event { date, event, end } = item {
            parts.push(match end {
                Some(end) => format!("{event} {date}..{end}"),
                None => format!("{event} {date}"),
            });
        }
    }
    if parts.is_empty() {
        "-".to_owned()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::wrapped;

    #[test]
    fn long_text_wraps_at_spaces_with_indented_continuations() {
        let lines = wrapped("reason: aaa bbb ccc ddd", 11);
        assert_eq!(lines, ["reason: aaa", "  bbb ccc", "  ddd"]);
        assert_eq!(wrapped("short", 11), ["short"]);
        // A word longer than the width stands alone.
        assert_eq!(
            wrapped("a bbbbbbbbbbbbbb c", 5),
            ["a", "  bbbbbbbbbbbbbb", "  c"]
        );
    }
}
