//! One decision as a flat CSV row.

use crate::decision::{Decision, Evidence};

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
/// for events.
pub(super) fn fields(decision: &Decision) -> [String; 12] {
    let payments: Vec<String> = decision
        .payments
        .iter()
        .map(|payment| format!("{}@{}", payment.amount_pence, payment.within_days))
        .collect();
    let evidence: Vec<String> = decision.evidence.iter().map(evidence_text).collect();
    [
        decision.pupil.clone(),
        decision.parent.clone().unwrap_or_default(),
        decision.date.to_string(),
        decision.action.clone(),
        decision.label.clone().unwrap_or_default(),
        decision.rule.clone(),
        decision.authority.clone(),
        decision.policy.clone(),
        decision
            .notice_number
            .map(|number| number.to_string())
            .unwrap_or_default(),
        payments.join(";"),
        decision.reason.clone(),
        evidence.join(";"),
    ]
}

fn evidence_text(evidence: &Evidence) -> String {
    match evidence {
        Evidence::Session {
            date,
            session,
            code,
            school,
        } => format!("{date} {session} {code} {school}"),
        Evidence::Event {
            date,
            event,
            end: Some(end),
        } => format!("{date} {event} until {end}"),
        Evidence::Event {
            date,
            event,
            end: None,
        } => format!("{date} {event}"),
    }
}
