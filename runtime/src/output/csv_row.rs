//! One decision as a flat CSV row.

use super::push_iso_date;
use crate::decision::{Decision, Evidence};
use std::borrow::Cow;
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

/// The row's fields, in [`COLUMNS`] order; absent values are empty.
/// `payments` reads `8000@21;16000@28` (pence within days); `evidence`
/// reads `2024-10-07 AM G kendal-primary;…` for sessions and
/// `2024-10-07 exclusion until 2024-10-11` or `2024-10-08 public_place`
/// for events. Text fields are borrowed from the decision.
pub(super) fn fields(decision: &Decision) -> [Cow<'_, str>; 12] {
    let mut payments = String::new();
    for (index, payment) in decision.payments.iter().enumerate() {
        let separator = if index == 0 { "" } else { ";" };
        let _ = write!(
            payments,
            "{separator}{}@{}",
            payment.amount_pence, payment.within_days
        );
    }
    let mut date = String::with_capacity(10);
    push_iso_date(decision.date, &mut date);
    let mut evidence = String::new();
    for (index, item) in decision.evidence.iter().enumerate() {
        if index > 0 {
            evidence.push(';');
        }
        write_evidence(item, &mut evidence);
    }
    [
        text(&decision.pupil),
        text(decision.parent.as_deref().unwrap_or_default()),
        Cow::Owned(date),
        text(&decision.action),
        text(decision.label.as_deref().unwrap_or_default()),
        text(&decision.rule),
        text(&decision.authority),
        text(&decision.policy),
        decision
            .notice_number
            .map_or(Cow::Borrowed(""), |number| Cow::Owned(number.to_string())),
        Cow::Owned(payments),
        text(&decision.reason),
        Cow::Owned(evidence),
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

fn text(value: &str) -> Cow<'_, str> {
    Cow::Borrowed(value)
}
