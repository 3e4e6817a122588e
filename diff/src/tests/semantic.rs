//! Rules compared by meaning: numbering, order and names of helpers do not
//! matter; thresholds, windows, codes and actions do.

use super::builder::{threshold_policy, Builder, NOTICE_2024, SECOND_2024, UNAUTHORISED};
use crate::compare_policies;
use crate::report::{Aspect, ChangeKind, SemanticDiff};
use rollcall_ir::codes::Code;
use rollcall_ir::graph::{Action, CompareOp, Node, NodeId, Predicate, Quantity, RuleGraph};

/// The diff of two graphs that must be readable.
fn diff(old: &RuleGraph, new: &RuleGraph) -> SemanticDiff {
    compare_policies(old, new).expect("well-formed graphs")
}

/// A policy with two rules (a threshold and a holiday rule needing both a
/// count and attendance), built in the given order and with the given
/// code-set names, with unused nodes to shift the numbering if `padded`.
fn two_rules(holiday_first: bool, set_name: &str, padded: bool) -> RuleGraph {
    let mut b = Builder::new("two-rules");
    if padded {
        b.codes(Some("unused"), &[Code::C]);
    }
    let add_threshold = |b: &mut Builder| {
        let codes = b.codes(Some(set_name), UNAUTHORISED);
        let when = b.count_at_least(codes, 10, 10);
        b.rule("threshold", when, Action::PenaltyNotice, 5)
    };
    let add_holiday = |b: &mut Builder| {
        let holiday = b.codes(Some("holiday"), &[Code::G]);
        let first = b.count_at_least(holiday, 6, 4);
        let late = b.codes(None, &[Code::L, Code::U]);
        let second = b.count_at_least(late, 6, 2);
        let of = if holiday_first {
            vec![first, second]
        } else {
            vec![second, first]
        };
        let when = b.add(Node::Predicate(Predicate::All { of }));
        b.rule(
            "holiday",
            when,
            Action::Letter {
                label: "Holiday letter".to_string(),
            },
            9,
        )
    };
    let rules = if holiday_first {
        let holiday = add_holiday(&mut b);
        vec![holiday, add_threshold(&mut b)]
    } else {
        let threshold = add_threshold(&mut b);
        vec![threshold, add_holiday(&mut b)]
    };
    let escalation = b.escalation(&[(1, NOTICE_2024)], false);
    b.finish(vec![(Some("2024-08-19"), None, rules, escalation)])
}

#[test]
fn numbering_order_and_set_names_are_not_semantic() {
    let old = two_rules(false, "unauthorised", false);
    let new = two_rules(true, "counted_absence", true);
    assert_ne!(old.nodes, new.nodes, "the graphs must differ in form");
    let report = diff(&old, &new);
    assert!(
        !report.has_changes(),
        "unexpected changes: {:#?}",
        report.changes
    );
}

#[test]
fn a_threshold_and_window_change_is_one_change_naming_both() {
    let report = diff(
        &threshold_policy("old", 10, 10),
        &threshold_policy("new", 6, 8),
    );
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    let change = &report.changes[0];
    assert_eq!(change.subject, "rule `national_threshold`");
    assert_eq!(change.aspects, vec![Aspect::Threshold, Aspect::Window]);
    assert_eq!(
        change.old.as_deref(),
        Some("count unauthorised within 10 school weeks >= 10 sessions")
    );
    assert_eq!(
        change.new.as_deref(),
        Some("count unauthorised within 6 school weeks >= 8 sessions")
    );
    let lines = |c: &crate::report::Change| {
        (
            c.old_location.as_ref().map(|l| l.line),
            c.new_location.as_ref().map(|l| l.line),
        )
    };
    assert_eq!(lines(change), (Some(10), Some(10)));
    assert_eq!(
        change.old_location.as_ref().map(|l| l.file.as_str()),
        Some("policies/old.policy")
    );
}

/// A threshold policy whose counted codes are `codes`.
fn counting(codes: &[Code]) -> RuleGraph {
    let mut b = Builder::new("codes");
    let set = b.codes(Some("counted"), codes);
    let when = b.count_at_least(set, 10, 10);
    let rule = b.rule("threshold", when, Action::PenaltyNotice, 3);
    let escalation = b.escalation(&[(1, NOTICE_2024)], false);
    b.finish(vec![(None, None, vec![rule], escalation)])
}

#[test]
fn a_code_set_change_names_the_codes_added_and_removed() {
    let report = diff(
        &counting(&[Code::G, Code::N, Code::O]),
        &counting(&[Code::N, Code::O, Code::U]),
    );
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    assert_eq!(report.changes[0].aspects, vec![Aspect::Codes]);
    assert_eq!(
        report.changes[0].notes,
        vec!["codes counted → counted: added {U}, removed {G}".to_string()]
    );
}

/// A threshold policy whose rule has the given name and action.
fn named(name: &str, action: Action) -> RuleGraph {
    let mut b = Builder::new("named");
    let set = b.codes(Some("unauthorised"), UNAUTHORISED);
    let when = b.count_at_least(set, 10, 10);
    let rule = b.rule(name, when, action, 7);
    let escalation = b.escalation(&[(1, NOTICE_2024), (2, SECOND_2024)], true);
    b.finish(vec![(None, None, vec![rule], escalation)])
}

#[test]
fn a_rule_with_the_same_meaning_under_another_name_is_a_rename() {
    let report = diff(
        &named("fallback_threshold", Action::PenaltyNotice),
        &named("national_threshold", Action::PenaltyNotice),
    );
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    assert_eq!(report.changes[0].kind, ChangeKind::Renamed);
    assert_eq!(report.changes[0].new.as_deref(), Some("national_threshold"));
}

#[test]
fn a_rule_with_another_name_and_meaning_is_removed_and_added() {
    let report = diff(
        &named("fallback_threshold", Action::PenaltyNotice),
        &named("national_threshold", Action::Prosecution),
    );
    let kinds: Vec<(ChangeKind, &str)> = report
        .changes
        .iter()
        .map(|c| (c.kind, c.subject.as_str()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (ChangeKind::Removed, "rule `fallback_threshold`"),
            (ChangeKind::Added, "rule `national_threshold`"),
        ]
    );
    assert_eq!(
        report.changes[1].new.as_deref(),
        Some("when count unauthorised within 10 school weeks >= 10 sessions then prosecution")
    );
}

#[test]
fn an_action_change_is_reported_in_words() {
    let report = diff(
        &named("threshold", Action::PenaltyNotice),
        &named(
            "threshold",
            Action::ManualReview {
                reason: "check".to_string(),
            },
        ),
    );
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    assert_eq!(report.changes[0].aspects, vec![Aspect::Action]);
    assert_eq!(
        report.changes[0].new.as_deref(),
        Some("manual_review \"check\"")
    );
}

#[test]
fn a_doc_change_is_documentation_only() {
    let old = named("threshold", Action::PenaltyNotice);
    let mut new = old.clone();
    for node in &mut new.nodes {
        if let Node::Rule(rule) = node {
            rule.doc = Some("Reworded.".to_string());
            rule.location.line = 99;
        }
    }
    let report = diff(&old, &new);
    assert!(!report.has_changes(), "{:#?}", report.changes);
    assert_eq!(report.documentation.len(), 1);
    assert_eq!(report.documentation[0].subject, "rule `threshold` doc");
}

#[test]
fn an_alternative_added_to_a_rule_is_reported_whole() {
    let old = named("threshold", Action::PenaltyNotice);
    let mut b = Builder::new("named");
    let set = b.codes(Some("unauthorised"), UNAUTHORISED);
    let when = b.count_at_least(set, 10, 10);
    let rule = b.rule("threshold", when, Action::PenaltyNotice, 7);
    let run = b.add(Node::Aggregate(rollcall_ir::graph::Aggregate::Run {
        codes: set,
        unit: rollcall_ir::graph::RunUnit::SchoolDays,
        counts_from: None,
    }));
    let long = b.compare(run, CompareOp::Greater, Quantity::SchoolDays(15));
    let prosecute = b.add(Node::Action(Action::Prosecution));
    b.rule_mut(rule)
        .instead
        .push(rollcall_ir::graph::Alternative {
            when: long,
            then: prosecute,
            also: Vec::new(),
        });
    let escalation = b.escalation(&[(1, NOTICE_2024), (2, SECOND_2024)], true);
    let new = b.finish(vec![(None, None, vec![rule], escalation)]);
    let report = diff(&old, &new);
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    assert_eq!(report.changes[0].aspects, vec![Aspect::Alternatives]);
    assert_eq!(
        report.changes[0].new.as_deref(),
        Some("instead prosecution when consecutive unauthorised school days > 15 school days")
    );
}

#[test]
fn a_malformed_graph_is_an_error_not_a_panic() {
    let old = named("threshold", Action::PenaltyNotice);
    let mut new = old.clone();
    new.versions[0].rules.push(NodeId(999));
    let error = compare_policies(&old, &new).expect_err("node 999 does not exist");
    assert_eq!(
        error.to_string(),
        "the rule graph of `named` is malformed: node 999 does not exist"
    );
}
