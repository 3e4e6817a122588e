//! Preconditions on declared events in domain words: added, removed and
//! changed `requires` / `unless` clauses.

use super::builder::{Builder, NOTICE_2024, SECOND_2024, UNAUTHORISED};
use crate::compare_policies;
use crate::report::{Aspect, Change};
use rollcall_ir::graph::{
    Action, EventAge, EventDeclaration, Gate, Input, Location, Node, Precondition, RuleGraph,
};
use rollcall_ir::EventKind;

/// A threshold policy whose rule has `gates` (kind, gate, age), each
/// kind declared.
fn policy(gates: &[(&str, Gate, Option<EventAge>)]) -> RuleGraph {
    let mut b = Builder::new("gated");
    let codes = b.codes(Some("unauthorised"), UNAUTHORISED);
    let when = b.count_at_least(codes, 10, 10);
    let rule = b.rule("threshold", when, Action::PenaltyNotice, 10);
    let mut declared = Vec::new();
    for &(name, gate, within) in gates {
        let kind = EventKind::declared(name).expect("a kind name");
        let events = b.add(Node::Input(Input::Events { kind }));
        b.rule_mut(rule).preconditions.push(Precondition {
            gate,
            events,
            within,
        });
        declared.push(EventDeclaration {
            kind,
            description: name.replace('_', " "),
            doc: None,
            source: None,
            location: Location {
                policy: "gated".to_string(),
                file: "policies/gated.policy".to_string(),
                line: 2,
            },
        });
    }
    let escalation = b.escalation(&[(1, NOTICE_2024), (2, SECOND_2024)], true);
    let mut graph = b.finish(vec![(Some("2024-08-19"), None, vec![rule], escalation)]);
    graph.events = declared;
    graph
}

/// The one change between two sets of gates.
fn one_change(
    old: &[(&str, Gate, Option<EventAge>)],
    new: &[(&str, Gate, Option<EventAge>)],
) -> Change {
    let report = compare_policies(&policy(old), &policy(new)).expect("well-formed graphs");
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    report.changes[0].clone()
}

const LETTER: (&str, Gate, Option<EventAge>) =
    ("warning_letter", Gate::Requires, Some(EventAge::Months(12)));
const CONTRACT: (&str, Gate, Option<EventAge>) = ("attendance_contract", Gate::Unless, None);

#[test]
fn a_precondition_added_is_reported_in_domain_words() {
    let change = one_change(&[], &[LETTER]);
    assert_eq!(change.subject, "rule `threshold`");
    assert_eq!(change.aspects, vec![Aspect::Preconditions]);
    assert_eq!(change.old.as_deref(), Some("none"));
    assert_eq!(
        change.new.as_deref(),
        Some("requires warning_letter within 12 months")
    );
    assert_eq!(
        change.notes,
        ["added: only after a warning letter dated within the last 12 months"]
    );
}

#[test]
fn a_precondition_removed_is_reported_in_domain_words() {
    let change = one_change(&[LETTER, CONTRACT], &[LETTER]);
    assert_eq!(
        change.old.as_deref(),
        Some("requires warning_letter within 12 months; unless attendance_contract")
    );
    assert_eq!(
        change.notes,
        ["removed: unless there has been an attendance contract"]
    );
}

#[test]
fn a_changed_age_is_one_removed_and_one_added() {
    let six = ("warning_letter", Gate::Requires, Some(EventAge::Months(6)));
    let change = one_change(&[LETTER], &[six]);
    assert_eq!(
        change.notes,
        [
            "removed: only after a warning letter dated within the last 12 months",
            "added: only after a warning letter dated within the last 6 months",
        ]
    );
}

#[test]
fn the_order_of_preconditions_is_no_change() {
    let report =
        compare_policies(&policy(&[LETTER, CONTRACT]), &policy(&[CONTRACT, LETTER])).unwrap();
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
}
