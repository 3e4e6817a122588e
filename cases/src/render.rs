//! Decisions and expectations written in case-file syntax, and the report
//! of a failed case: what was expected and not decided, and what was
//! decided and not expected.

use super::compare::{differences, payments, Comparison};
use super::model::{Case, Expectation};
use rollcall_runtime::decision::{Decision, Evidence};
use rollcall_runtime::engine::Timeline;

/// The most lines of a day's trace shown under a missing decision.
const WHY_LINES: usize = 8;

/// Why nothing like `expectation` was decided, from the pupil's explain
/// trace: the pupil's facts (compulsory school age, parents), then what
/// the trace says of the expected rule (or of every rule) on the expected
/// day, indented under the expectation.
fn why_not(expectation: &Expectation, timeline: Option<&Timeline>) -> String {
    let Some(timeline) = timeline else {
        return String::new();
    };
    let mut why: Vec<String> = timeline.header.clone();
    let day = timeline
        .days
        .iter()
        .find(|day| day.date == expectation.date);
    match day {
        None => why.push(format!(
            "on {}: nothing was evaluated (no school day with marks, or no rule in force)",
            expectation.date
        )),
        Some(day) => {
            let about_rule = |line: &&String| {
                expectation
                    .rule
                    .as_ref()
                    .is_none_or(|rule| line.starts_with(&format!("{rule}:")))
            };
            let lines: Vec<&String> = day.lines.iter().filter(about_rule).collect();
            let shown = if lines.is_empty() {
                day.lines.iter().collect()
            } else {
                lines
            };
            why.extend(
                shown
                    .into_iter()
                    .take(WHY_LINES)
                    .map(|line| format!("on {}: {line}", expectation.date)),
            );
        }
    }
    why.iter()
        .map(|line| format!("      why: {line}\n"))
        .collect()
}

/// A decision as a complete `expect` line would state it (without `expect`).
pub fn decision_line(decision: &Decision) -> String {
    let mut line = format!("{} {}", decision.date, decision.action);
    if let Some(label) = &decision.label {
        line.push_str(&format!(" \"{label}\""));
    }
    if let Some(parent) = &decision.parent {
        line.push_str(&format!(" to {parent}"));
    }
    if let Some(number) = decision.notice_number {
        line.push_str(&format!(" notice {number}"));
    }
    if !decision.payments.is_empty() {
        line.push_str(&format!(" pays {}", payments(&decision.payments)));
    }
    line.push_str(&format!(
        " rule {} policy {} authority {} evidence {}",
        decision.rule,
        decision.policy,
        decision.authority,
        decision.evidence.len()
    ));
    line
}

/// A decision's evidence on one line: each session as `DATE AM G at
/// SCHOOL`, each event as `KIND DATE[..END]`.
pub fn evidence_line(decision: &Decision) -> String {
    let items: Vec<String> = decision
        .evidence
        .iter()
        .map(|item| match item {
            Evidence::Session {
                date,
                session,
                code,
                school,
            } => format!("{date} {session} {code} at {school}"),
            Evidence::Event { date, event, end } => match end {
                Some(end) => format!("{event} {date}..{end}"),
                None => format!("{event} {date}"),
            },
        })
        .collect();
    items.join(", ")
}

/// An expectation as its line states it (without `expect`).
fn expectation_line(expectation: &Expectation) -> String {
    let mut line = format!("{} {}", expectation.date, expectation.action);
    let mut clause = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            line.push_str(&format!(" {name}{value}"));
        }
    };
    clause(
        "",
        expectation
            .label
            .as_ref()
            .map(|label| format!("\"{label}\"")),
    );
    clause("to ", expectation.parent.clone());
    clause("notice ", expectation.notice_number.map(|n| n.to_string()));
    clause("pays ", expectation.payments.as_deref().map(payments));
    clause("rule ", expectation.rule.clone());
    clause("policy ", expectation.policy.clone());
    clause("authority ", expectation.authority.clone());
    clause("evidence ", expectation.evidence.map(|n| n.to_string()));
    line
}

/// What differs between `case`'s expectations and `decisions`, indented
/// for printing under the case's name.
pub(super) fn failure_report(
    case: &Case,
    comparison: &Comparison,
    decisions: &[Decision],
    timeline: Option<&Timeline>,
) -> String {
    let mut report = String::new();
    let missing: Vec<&Expectation> = comparison.missing().collect();
    if !missing.is_empty() {
        report.push_str("  expected, not decided:\n");
        for expectation in &missing {
            report.push_str(&format!(
                "    - {}:{}: {}\n",
                case.path,
                expectation.line,
                expectation_line(expectation)
            ));
            let closest = comparison
                .unexpected
                .iter()
                .map(|&index| differences(expectation, &decisions[index]))
                .min_by_key(Vec::len);
            match closest {
                Some(closest) => {
                    report.push_str(&format!("      closest decision: {}\n", closest.join("; ")))
                }
                None => report.push_str(&why_not(expectation, timeline)),
            }
        }
    }
    if !comparison.unexpected.is_empty() {
        report.push_str("  decided, not expected:\n");
        for &index in &comparison.unexpected {
            report.push_str(&format!("    + {}\n", decision_line(&decisions[index])));
        }
    }
    if missing.is_empty() && comparison.expectations.is_empty() {
        report.push_str("  (the case expects nothing)\n");
    }
    report
}
