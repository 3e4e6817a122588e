//! Shared by the engine tests: rule graphs built by hand (the national
//! frameworks and small variants) and pupil histories built day by day.
//!
//! Each test file uses only some of it.
#![allow(dead_code)]

pub mod data;
pub mod graphs;

use chrono::NaiveDate;
use rollcall_ir::graph::RuleGraph;
use rollcall_runtime::decision::{Decision, Evidence};
use rollcall_runtime::engine::{evaluate, explain, EvalOptions, PolicySet};

/// Evaluates `data` under the national framework of 2024 and `policy`;
/// checks that `explain` of pupil `p1` (which passes nothing over) gives
/// the same decisions, and returns them with the explanation's text.
pub fn run_national_2024(policy: RuleGraph, data: &data::Data) -> (Vec<Decision>, String) {
    let policies = PolicySet::new(vec![graphs::national_2024(), policy]).expect("valid policies");
    let data = data.build();
    let decisions = evaluate(&policies, &data, &EvalOptions::default());
    let explained = explain(&policies, &data, "p1").expect("a known pupil");
    assert_eq!(
        explained.decisions, decisions,
        "explain agrees with evaluate"
    );
    (decisions, explained.to_string())
}

/// A date written `YYYY-MM-DD`.
pub fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a valid test date")
}

/// A decision on one line, for assertions: pupil, date, parent, action,
/// notice number, payments (pence/days), rule, policy and evidence count.
pub fn brief(decision: &Decision) -> String {
    let payments: Vec<String> = decision
        .payments
        .iter()
        .map(|payment| format!("{}/{}", payment.amount_pence, payment.within_days))
        .collect();
    format!(
        "{} {} {} {}{}{} {} {} {} evidence={}",
        decision.pupil,
        decision.date,
        decision.parent.as_deref().unwrap_or("-"),
        decision.action,
        decision
            .label
            .as_ref()
            .map(|label| format!(" \"{label}\""))
            .unwrap_or_default(),
        decision
            .notice_number
            .map(|number| format!(" #{number}"))
            .unwrap_or_default(),
        if payments.is_empty() {
            "-".to_string()
        } else {
            payments.join(",")
        },
        decision.rule,
        decision.policy,
        decision.evidence.len()
    )
}

/// Every decision, briefly.
pub fn briefs(decisions: &[Decision]) -> Vec<String> {
    decisions.iter().map(brief).collect()
}

/// The session evidence of a decision as `date session code` strings.
pub fn sessions(decision: &Decision) -> Vec<String> {
    decision
        .evidence
        .iter()
        .filter_map(|evidence| match evidence {
            Evidence::Session {
                date,
                session,
                code,
                ..
            } => Some(format!("{date} {session} {code}")),
            Evidence::Event { .. } => None,
        })
        .collect()
}
