//! The constructs of issue 15 in domain words: once per event, episode
//! clauses, precedence, rule order and open cases.

use super::builder::{Builder, NOTICE_2024, SECOND_2024, UNAUTHORISED};
use crate::compare_policies;
use crate::report::{Aspect, Change, ChangeKind};
use rollcall_ir::graph::{
    Action, Aggregate, CaseLength, CaseOpen, EpisodeRule, Node, NoticeOpen, Precedence, Repeat,
    RuleGraph,
};
use rollcall_ir::EventKind;

/// How a test rule is written.
#[derive(Clone, Default)]
struct Clauses {
    repeat: Option<Repeat>,
    episode: Option<bool>,
    precedence: Vec<Precedence>,
    case_open: Option<CaseOpen>,
    notice_open: Option<NoticeOpen>,
}

/// A threshold policy whose rule has `clauses`.
fn policy(clauses: &Clauses) -> RuleGraph {
    let mut b = Builder::new("episodes");
    let codes = b.codes(Some("unauthorised"), UNAUTHORISED);
    let when = b.count_at_least(codes, 10, 10);
    let rule = b.rule("threshold", when, Action::PenaltyNotice, 10);
    if let Some(at_end) = clauses.episode {
        let aggregate = b.add(Node::Aggregate(Aggregate::Episode {
            codes,
            counts_from: None,
        }));
        b.rule_mut(rule).episode = Some(EpisodeRule { aggregate, at_end });
    }
    if let Some(repeat) = clauses.repeat {
        b.rule_mut(rule).repeat = repeat;
    }
    b.rule_mut(rule).precedence = clauses.precedence.clone();
    let escalation = b.escalation(&[(1, NOTICE_2024), (2, SECOND_2024)], true);
    let mut graph = b.finish(vec![(Some("2024-08-19"), None, vec![rule], escalation)]);
    if let Node::Escalation(e) = &mut graph.nodes[escalation.index()] {
        e.case_open = clauses.case_open;
        e.notice_open = clauses.notice_open;
    }
    graph
}

/// The one change between two writings of the rule.
fn one_change(old: &Clauses, new: &Clauses) -> Change {
    let report = compare_policies(&policy(old), &policy(new)).expect("well-formed graphs");
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    report.changes[0].clone()
}

#[test]
fn once_per_event_is_a_repeat_change_in_words() {
    let change = one_change(
        &Clauses::default(),
        &Clauses {
            repeat: Some(Repeat::OncePerEvent(EventKind::NoticeToImprove)),
            ..Clauses::default()
        },
    );
    assert_eq!(change.aspects, vec![Aspect::Repeat]);
    assert_eq!(change.old.as_deref(), Some("no limit"));
    assert_eq!(
        change.new.as_deref(),
        Some("at most once per notice_to_improve (one decision for each Notice to Improve)")
    );
}

#[test]
fn an_episode_clause_added_changed_and_removed() {
    let none = Clauses::default();
    let at_end = Clauses {
        episode: Some(true),
        ..Clauses::default()
    };
    let at_once = Clauses {
        episode: Some(false),
        ..Clauses::default()
    };
    let added = one_change(&none, &at_end);
    assert_eq!(added.aspects, vec![Aspect::Episode]);
    assert_eq!(added.kind, ChangeKind::Changed);
    assert_eq!(added.old.as_deref(), Some("no episode clause"));
    assert!(
        added.new.as_deref().is_some_and(|w| w.starts_with(
            "decides at the end of each episode of unauthorised school days (one decision per continuous absence"
        )),
        "{added:#?}"
    );
    let changed = one_change(&at_end, &at_once);
    assert!(changed
        .new
        .as_deref()
        .is_some_and(|w| w.starts_with("at most once per episode of unauthorised school days")));
    let removed = one_change(&at_once, &none);
    assert_eq!(removed.new.as_deref(), Some("no episode clause"));
}

#[test]
fn a_precedence_clause_is_reported() {
    let change = one_change(
        &Clauses::default(),
        &Clauses {
            precedence: vec![Precedence::Over("national_threshold".to_string())],
            ..Clauses::default()
        },
    );
    assert_eq!(change.aspects, vec![Aspect::Precedence]);
    assert_eq!(
        change.new.as_deref(),
        Some("takes precedence over `national_threshold`")
    );
    assert_eq!(
        change.old.as_deref(),
        Some("none (the most specific policy's rules first)")
    );
}

#[test]
fn case_open_added_and_changed() {
    let year = Clauses {
        case_open: Some(CaseOpen {
            lasts: Some(CaseLength::Years(1)),
            until_case_closed: true,
        }),
        ..Clauses::default()
    };
    let added = one_change(&Clauses::default(), &year);
    assert_eq!(added.kind, ChangeKind::Added);
    assert_eq!(added.aspects, vec![Aspect::CaseOpen]);
    assert_eq!(
        added.new.as_deref(),
        Some("a prosecution keeps the parent's case open for 1 year or until a case_closed event")
    );
    let until = Clauses {
        case_open: Some(CaseOpen {
            lasts: None,
            until_case_closed: true,
        }),
        ..Clauses::default()
    };
    let changed = one_change(&year, &until);
    assert_eq!(changed.kind, ChangeKind::Changed);
    assert_eq!(
        changed.new.as_deref(),
        Some("a prosecution keeps the parent's case open until a case_closed event")
    );
}

#[test]
fn notice_open_added_in_words() {
    let open = Clauses {
        notice_open: Some(NoticeOpen {
            until_case_closed: true,
        }),
        ..Clauses::default()
    };
    let added = one_change(&Clauses::default(), &open);
    assert_eq!(added.kind, ChangeKind::Added);
    assert_eq!(added.aspects, vec![Aspect::NoticeOpen]);
    assert_eq!(
        added.new.as_deref(),
        Some("a penalty notice keeps the parent's case open for its payment period or until a case_closed event")
    );
}

/// A policy with a notice rule and a prosecution rule, evaluated in `order`.
fn two_rules(order: [&str; 2]) -> RuleGraph {
    let mut b = Builder::new("ordered");
    let codes = b.codes(Some("unauthorised"), UNAUTHORISED);
    let mut rules = Vec::new();
    for name in order {
        let when = b.count_at_least(codes, 10, 10);
        let action = match name {
            "notice" => Action::PenaltyNotice,
            _ => Action::Prosecution,
        };
        rules.push(b.rule(name, when, action, 10));
    }
    let escalation = b.escalation(&[(1, NOTICE_2024)], true);
    b.finish(vec![(Some("2024-08-19"), None, rules, escalation)])
}

#[test]
fn a_change_of_rule_order_is_reported() {
    let report = compare_policies(
        &two_rules(["notice", "prosecute"]),
        &two_rules(["prosecute", "notice"]),
    )
    .expect("well-formed graphs");
    let order: Vec<&Change> = report
        .changes
        .iter()
        .filter(|change| change.aspects == [Aspect::RuleOrder])
        .collect();
    assert_eq!(order.len(), 1, "{:#?}", report.changes);
    assert_eq!(order[0].old.as_deref(), Some("`notice`, `prosecute`"));
    assert_eq!(order[0].new.as_deref(), Some("`prosecute`, `notice`"));
    let same = compare_policies(
        &two_rules(["notice", "prosecute"]),
        &two_rules(["notice", "prosecute"]),
    )
    .expect("well-formed graphs");
    assert!(same.changes.is_empty(), "{:#?}", same.changes);
}
