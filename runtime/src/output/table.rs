//! Decisions as an aligned text table for people.

use crate::decision::{Decision, Evidence};
use chrono::NaiveDate;
use rollcall_ir::words::{plural, pounds};
use std::io::{self, Write};

const HEADER: [&str; 11] = [
    "pupil",
    "parent",
    "date",
    "action",
    "notice",
    "payments",
    "rule",
    "authority",
    "policy",
    "evidence",
    "reason",
];

/// Rows held until the column widths are known.
pub(super) struct Table<W: Write> {
    out: W,
    rows: Vec<[String; 11]>,
}

impl<W: Write> Table<W> {
    /// An empty table to be written onto `out`.
    pub(super) fn new(out: W) -> Table<W> {
        Table {
            out,
            rows: Vec::new(),
        }
    }

    /// Adds a decision's row.
    pub(super) fn push(&mut self, decision: &Decision) {
        self.rows.push(cells(decision));
    }

    /// Writes the header, a rule and every row, columns padded to their
    /// widest cell (the last column unpadded); `(no decisions)` if empty.
    pub(super) fn finish(mut self) -> io::Result<W> {
        let header = HEADER.map(str::to_owned);
        let mut widths = [0; HEADER.len()];
        for row in std::iter::once(&header).chain(&self.rows) {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let rule = widths.map(|width| "-".repeat(width));
        for row in [&header, &rule].into_iter().chain(&self.rows) {
            let mut line = String::new();
            for (index, (cell, width)) in row.iter().zip(widths).enumerate() {
                if index + 1 == row.len() {
                    line.push_str(cell);
                } else {
                    line.push_str(&format!("{cell:<width$}  "));
                }
            }
            writeln!(self.out, "{}", line.trim_end())?;
        }
        if self.rows.is_empty() {
            writeln!(self.out, "(no decisions)")?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

fn cells(decision: &Decision) -> [String; 11] {
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
    [
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
        decision.rule.clone(),
        decision.authority.clone(),
        decision.policy.clone(),
        evidence_summary(&decision.evidence),
        decision.reason.clone(),
    ]
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
