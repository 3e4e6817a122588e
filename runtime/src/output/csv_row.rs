//! One decision as a flat CSV row.

use super::push_iso_date;
use crate::decision::{Decision, Evidence};
use std::fmt::Write;

/// The header row.
pub(super) const COLUMNS: [&str; 12] = [
    "pupil",
    "parent",
    "date",
    "action",
    "label",
    "rule",
    "authority",
    "policy",
    "notice_number",
    "payments",
    "reason",
    "evidence",
];

/// The text of a row's fields that are written out rather than borrowed,
/// kept from one row to the next so that a row allocates nothing.
#[derive(Debug, Default)]
pub(super) struct Written {
    date: String,
    notice_number: String,
    payments: String,
    evidence: String,
}

/// The row's fields, in [`COLUMNS`] order; absent values are empty.
/// `payments` reads `8000@21;16000@28` (pence within days); `evidence`
/// reads `2024-10-07 AM G kendal-primary;…` for sessions and
/// `2024-10-07 exclusion until 2024-10-11` or `2024-10-08 public_place`
/// for events. Text fields are borrowed from the decision, the others
/// written into `written`.
pub(super) fn fields<'a>(decision: &'a Decision, written: &'a mut Written) -> [&'a str; 12] {
    let Written {
        date,
        notice_number,
        payments,
        evidence,
    } = written;
    date.clear();
    push_iso_date(decision.date, date);
    notice_number.clear();
    if let Some(number) = decision.notice_number {
        let _ = write!(notice_number, "{number}");
    }
    payments.clear();
    for (index, payment) in decision.payments.iter().enumerate() {
        let separator = if index == 0 { "" } else { ";" };
        let _ = write!(
            payments,
            "{separator}{}@{}",
            payment.amount_pence, payment.within_days
        );
    }
    evidence.clear();
    for (index, item) in decision.evidence.iter().enumerate() {
        if index > 0 {
            evidence.push(';');
        }
        write_evidence(item, evidence);
    }
    [
        &decision.pupil,
        decision.parent.as_deref().unwrap_or_default(),
        date,
        &decision.action,
        decision.label.as_deref().unwrap_or_default(),
        &decision.rule,
        &decision.authority,
        &decision.policy,
        notice_number,
        payments,
        &decision.reason,
        evidence,
    ]
}

fn write_evidence(evidence: &Evidence, out: &mut String) {
    match evidence {
        Evidence::Session {
            date,
            session,
            code,
            school,
        } => {
            push_iso_date(*date, out);
            for part in [session.as_str(), code.as_str(), school] {
                out.push(' ');
                out.push_str(part);
            }
        }
        Evidence::Event { date, event, end } => {
            push_iso_date(*date, out);
            out.push(' ');
            out.push_str(event.as_str());
            if let Some(end) = end {
                out.push_str(" until ");
                push_iso_date(*end, out);
            }
        }
    }
}
