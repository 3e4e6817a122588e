//! Expected against actual decisions: every decision must be matched by
//! exactly one expectation and every expectation by exactly one decision.
//! An expectation matches a decision when every field it states is equal;
//! fields it leaves out are not compared. The pairing is a maximum
//! matching, so the order of `expect` lines does not matter.

use super::model::{Expectation, Expected};
use rollcall_ir::graph::Payment;
use rollcall_runtime::decision::Decision;

/// How expectations and decisions pair up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Comparison {
    /// The expectations, as the case states them.
    pub expectations: Vec<Expectation>,
    /// For each expectation, the index of the decision it matched.
    pub matched: Vec<Option<usize>>,
    /// The decisions no expectation matched, by index.
    pub unexpected: Vec<usize>,
}

impl Comparison {
    /// Whether every expectation and every decision is matched.
    pub fn is_exact(&self) -> bool {
        self.unexpected.is_empty() && self.matched.iter().all(Option::is_some)
    }

    /// The expectations no decision matched.
    pub fn missing(&self) -> impl Iterator<Item = &Expectation> {
        self.expectations
            .iter()
            .zip(&self.matched)
            .filter(|(_, matched)| matched.is_none())
            .map(|(expectation, _)| expectation)
    }
}

/// Pairs the `expected` decisions with the `actual` ones.
pub(super) fn compare(expected: &Expected, actual: &[Decision]) -> Comparison {
    let expectations = match expected {
        Expected::Nothing => Vec::new(),
        Expected::Decisions(expectations) => expectations.clone(),
    };
    let candidates: Vec<Vec<usize>> = expectations
        .iter()
        .map(|expectation| {
            (0..actual.len())
                .filter(|&index| matches(expectation, &actual[index]))
                .collect()
        })
        .collect();
    let mut owner: Vec<Option<usize>> = vec![None; actual.len()];
    for expectation in 0..expectations.len() {
        let mut visited = vec![false; actual.len()];
        augment(expectation, &candidates, &mut owner, &mut visited);
    }
    let mut matched = vec![None; expectations.len()];
    for (decision, expectation) in owner.iter().enumerate() {
        if let Some(expectation) = expectation {
            matched[*expectation] = Some(decision);
        }
    }
    let unexpected = (0..actual.len()).filter(|&d| owner[d].is_none()).collect();
    Comparison {
        expectations,
        matched,
        unexpected,
    }
}

/// Finds `expectation` a decision, moving earlier pairings along if that
/// frees one (Kuhn's augmenting paths).
fn augment(
    expectation: usize,
    candidates: &[Vec<usize>],
    owner: &mut [Option<usize>],
    visited: &mut [bool],
) -> bool {
    for &decision in &candidates[expectation] {
        if std::mem::replace(&mut visited[decision], true) {
            continue;
        }
        let free = match owner[decision] {
            None => true,
            Some(other) => augment(other, candidates, owner, visited),
        };
        if free {
            owner[decision] = Some(expectation);
            return true;
        }
    }
    false
}

/// Whether `decision` has every field `expectation` states.
pub(super) fn matches(expectation: &Expectation, decision: &Decision) -> bool {
    differences(expectation, decision).is_empty()
}

/// The fields `expectation` states that `decision` has otherwise, each as
/// `field: expected X, decided Y`.
pub(super) fn differences(expectation: &Expectation, decision: &Decision) -> Vec<String> {
    let mut differences = Vec::new();
    let mut check = |field: &str, expected: Option<String>, actual: String| {
        if let Some(expected) = expected {
            if expected != actual {
                differences.push(format!("{field}: expected {expected}, decided {actual}"));
            }
        }
    };
    let text = |value: Option<&String>| value.map_or("none".to_string(), Clone::clone);
    check(
        "date",
        Some(expectation.date.to_string()),
        decision.date.to_string(),
    );
    check(
        "action",
        Some(expectation.action.clone()),
        decision.action.clone(),
    );
    check(
        "label",
        expectation.label.clone(),
        text(decision.label.as_ref()),
    );
    check(
        "to",
        expectation.parent.clone(),
        text(decision.parent.as_ref()),
    );
    check(
        "notice",
        expectation.notice_number.map(|n| n.to_string()),
        decision
            .notice_number
            .map_or("none".to_string(), |n| n.to_string()),
    );
    check(
        "pays",
        expectation.payments.as_deref().map(payments),
        payments(&decision.payments),
    );
    check("rule", expectation.rule.clone(), decision.rule.clone());
    check(
        "policy",
        expectation.policy.clone(),
        decision.policy.clone(),
    );
    check(
        "authority",
        expectation.authority.clone(),
        decision.authority.clone(),
    );
    check(
        "evidence",
        expectation.evidence.map(|n| n.to_string()),
        decision.evidence.len().to_string(),
    );
    differences
}

/// `£80 within 21 days, £160 within 28 days`, or `nothing`.
pub(super) fn payments(payments: &[Payment]) -> String {
    if payments.is_empty() {
        return "nothing".to_string();
    }
    rollcall_ir::words::payments(payments)
}
