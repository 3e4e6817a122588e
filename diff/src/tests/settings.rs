//! Escalation settings compared notice by notice, and policy settings.

use super::builder::{Builder, NOTICE_2013, NOTICE_2024, SECOND_2024, UNAUTHORISED};
use crate::compare_policies;
use crate::report::{Aspect, Change, ChangeKind};
use rollcall_ir::graph::{Action, RuleGraph, VersionSelection};

/// A one-rule policy with the given schedules and limit.
fn priced(schedules: &[(u32, &[(u32, u64)])], limited: bool) -> RuleGraph {
    let mut b = Builder::new("priced");
    let set = b.codes(Some("unauthorised"), UNAUTHORISED);
    let when = b.count_at_least(set, 10, 10);
    let rule = b.rule("threshold", when, Action::PenaltyNotice, 3);
    let escalation = b.escalation(schedules, limited);
    b.finish(vec![(None, None, vec![rule], escalation)])
}

/// Subject, kind, old and new of each change.
fn summary(changes: &[Change]) -> Vec<(String, ChangeKind, Option<String>, Option<String>)> {
    changes
        .iter()
        .map(|c| (c.subject.clone(), c.kind, c.old.clone(), c.new.clone()))
        .collect()
}

#[test]
fn notices_are_compared_by_number_whichever_line_prices_them() {
    let old = priced(&[(1, NOTICE_2013)], false);
    let new = priced(&[(1, NOTICE_2024), (2, SECOND_2024)], true);
    let changes = compare_policies(&old, &new).expect("readable").changes;
    let s = |t: &str| Some(t.to_string());
    assert_eq!(
        summary(&changes),
        vec![
            (
                "notice 1".to_string(),
                ChangeKind::Changed,
                s("£60 within 21 days, £120 within 28 days"),
                s("£80 within 21 days, £160 within 28 days"),
            ),
            (
                "notice 2".to_string(),
                ChangeKind::Changed,
                s("£60 within 21 days, £120 within 28 days"),
                s("£160 within 28 days"),
            ),
            (
                "notice limit".to_string(),
                ChangeKind::Changed,
                s("no limit"),
                s("2 notices then prosecution"),
            ),
            (
                "notices counted".to_string(),
                ChangeKind::Changed,
                s("every earlier notice"),
                s("notices issued within 3 years"),
            ),
        ]
    );
    // Notice 2 of the old side is priced by the notice 1 line (line 40).
    assert_eq!(changes[1].old_location.as_ref().map(|l| l.line), Some(40));
    assert_eq!(changes[1].new_location.as_ref().map(|l| l.line), Some(41));
    assert_eq!(changes[2].new_location.as_ref().map(|l| l.line), Some(50));
}

#[test]
fn a_line_repeating_the_last_schedule_is_no_change() {
    let old = priced(&[(1, NOTICE_2024), (2, SECOND_2024)], true);
    let new = priced(
        &[(1, NOTICE_2024), (2, SECOND_2024), (3, SECOND_2024)],
        true,
    );
    let report = compare_policies(&old, &new).expect("readable");
    assert!(!report.has_changes(), "{:#?}", report.changes);
}

#[test]
fn a_changed_amount_is_one_change() {
    let old = priced(&[(1, NOTICE_2024), (2, SECOND_2024)], true);
    let new = priced(&[(1, &[(21, 6000), (28, 16000)]), (2, SECOND_2024)], true);
    let changes = compare_policies(&old, &new).expect("readable").changes;
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0].aspects, vec![Aspect::NoticePayments]);
    assert_eq!(
        changes[0].new.as_deref(),
        Some("£60 within 21 days, £160 within 28 days")
    );
}

#[test]
fn policy_settings_are_semantic_and_titles_are_not() {
    let old = priced(&[(1, NOTICE_2024)], false);
    let mut new = old.clone();
    new.policy.selection = VersionSelection::AbsenceDate;
    new.policy.succeeds = Some("cumbria".to_string());
    new.policy.title = "Renamed".to_string();
    let report = compare_policies(&old, &new).expect("readable");
    let s = |t: &str| Some(t.to_string());
    assert_eq!(
        summary(&report.changes),
        vec![
            (
                "predecessor".to_string(),
                ChangeKind::Changed,
                s("none"),
                s("succeeds cumbria")
            ),
            (
                "versions chosen by".to_string(),
                ChangeKind::Changed,
                s("decision date"),
                s("absence date")
            ),
        ]
    );
    assert_eq!(summary(&report.documentation).len(), 1);
    assert_eq!(report.documentation[0].subject, "policy title");
}
