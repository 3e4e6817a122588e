//! Several actions per rule and limits shared across rules, as the diff
//! reports them.

use super::builder::{Builder, NOTICE_2024, SECOND_2024, UNAUTHORISED};
use crate::compare_policies;
use crate::report::{Aspect, SemanticDiff};
use rollcall_ir::graph::{Action, LimitWhom, Node, Period, RuleGraph, SharedLimit};

/// The diff of two graphs that must be readable.
fn diff(old: &RuleGraph, new: &RuleGraph) -> SemanticDiff {
    compare_policies(old, new).expect("well-formed graphs")
}

/// A threshold rule taking a penalty notice, then `also`, and counting
/// against a per-pupil limit of `limit` notices a year if given.
fn policy(also: &[Action], limit: Option<u32>) -> RuleGraph {
    let mut b = Builder::new("actions");
    let codes = b.codes(Some("unauthorised"), UNAUTHORISED);
    let when = b.count_at_least(codes, 10, 10);
    let rule = b.rule("threshold", when, Action::PenaltyNotice, 7);
    let also = also
        .iter()
        .map(|action| b.add(Node::Action(action.clone())))
        .collect();
    let limited_by = limit
        .map(|at_most| {
            let location = b.location(3);
            b.add(Node::Limit(SharedLimit {
                name: "notices".to_string(),
                at_most,
                per: Period::AcademicYear,
                whom: LimitWhom::Pupil,
                doc: None,
                source: None,
                location,
            }))
        })
        .into_iter()
        .collect();
    let edited = b.rule_mut(rule);
    edited.also = also;
    edited.limited_by = limited_by;
    let escalation = b.escalation(&[(1, NOTICE_2024), (2, SECOND_2024)], true);
    b.finish(vec![(None, None, vec![rule], escalation)])
}

#[test]
fn an_action_added_to_a_rule_is_reported_with_every_action() {
    let old = policy(&[], None);
    let meeting = Action::Meeting {
        label: "Attendance panel".to_string(),
    };
    let new = policy(&[meeting], None);
    let report = diff(&old, &new);
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    assert_eq!(report.changes[0].aspects, vec![Aspect::Action]);
    assert_eq!(report.changes[0].old.as_deref(), Some("penalty_notice"));
    assert_eq!(
        report.changes[0].new.as_deref(),
        Some("penalty_notice and meeting \"Attendance panel\"")
    );
}

#[test]
fn a_shared_limit_named_or_changed_is_reported_in_words() {
    let unlimited = policy(&[], None);
    let two = policy(&[], Some(2));
    let one = policy(&[], Some(1));
    let report = diff(&unlimited, &two);
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    assert_eq!(report.changes[0].aspects, vec![Aspect::Limits]);
    assert_eq!(report.changes[0].old.as_deref(), Some("none"));
    assert_eq!(
        report.changes[0].new.as_deref(),
        Some("limited by `notices` (at most 2 decisions per academic year for the pupil)")
    );
    let report = diff(&two, &one);
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    assert_eq!(
        report.changes[0].new.as_deref(),
        Some("limited by `notices` (at most 1 decision per academic year for the pupil)")
    );
    assert!(!diff(&two, &two).has_changes());
}
