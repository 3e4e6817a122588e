//! Effective versions paired by date, and `--at` comparisons.

use super::builder::{Builder, NOTICE_2013, NOTICE_2024, UNAUTHORISED};
use crate::report::{ChangeKind, Scope};
use crate::{compare_at, compare_policies, text};
use rollcall_ir::graph::{Action, RuleGraph};

/// A graph with one version per (from, until, weeks): the threshold rule
/// with that window, and the 2013 amounts before 2024-08-19.
fn versioned(policy: &str, versions: &[(Option<&str>, Option<&str>, u32)]) -> RuleGraph {
    let mut b = Builder::new(policy);
    let set = b.codes(Some("unauthorised"), UNAUTHORISED);
    let mut built = Vec::new();
    for (from, until, weeks) in versions {
        let when = b.count_at_least(set, *weeks, 10);
        let rule = b.rule("threshold", when, Action::PenaltyNotice, 5);
        let old_regime = from.is_some_and(|from| from < "2024-08-19");
        let amounts = if old_regime { NOTICE_2013 } else { NOTICE_2024 };
        let escalation = b.escalation(&[(1, amounts)], false);
        built.push((*from, *until, vec![rule], escalation));
    }
    b.finish(built)
}

#[test]
fn versions_in_force_at_different_times_are_paired_in_date_order() {
    let old = versioned("old", &[(Some("2013-09-01"), Some("2024-08-18"), 10)]);
    let new = versioned(
        "new",
        &[
            (Some("2023-04-01"), Some("2024-08-18"), 10),
            (Some("2024-08-19"), None, 10),
        ],
    );
    let report = compare_policies(&old, &new).expect("readable");
    let rendered = text(&crate::Report {
        semantic: report.clone(),
        behaviour: None,
    });
    assert!(
        rendered.contains("~ effective dates: 2013-09-01 to 2024-08-18 → 2023-04-01 to 2024-08-18"),
        "{rendered}"
    );
    // The new 2024 version overlaps no old version and is left over.
    let lone: Vec<_> = report
        .changes
        .iter()
        .filter(|c| matches!(&c.scope, Scope::Versions { old: None, .. }))
        .map(|c| (c.subject.as_str(), c.kind))
        .collect();
    assert_eq!(
        lone,
        vec![
            ("version", ChangeKind::Added),
            ("rule `threshold`", ChangeKind::Added),
            ("notice 1", ChangeKind::Added),
            ("notice limit", ChangeKind::Added),
            ("notices counted", ChangeKind::Added),
            ("notices counted from", ChangeKind::Added),
            ("exclusion notice", ChangeKind::Added),
            ("earlier notices from other authorities", ChangeKind::Added),
            ("previous authority unknown", ChangeKind::Added),
        ]
    );
}

#[test]
fn overlapping_versions_are_compared_over_their_common_dates() {
    let old = versioned("p", &[(None, None, 10)]);
    let new = versioned(
        "p",
        &[
            (None, Some("2024-08-18"), 10),
            (Some("2024-08-19"), None, 6),
        ],
    );
    let report = compare_policies(&old, &new).expect("readable");
    let subjects: Vec<(&str, Option<&str>)> = report
        .changes
        .iter()
        .map(|c| (c.subject.as_str(), c.new.as_deref()))
        .collect();
    assert_eq!(
        subjects,
        vec![
            ("effective dates", Some("until 2024-08-18")),
            ("effective dates", Some("from 2024-08-19")),
            (
                "rule `threshold`",
                Some("count unauthorised within 6 school weeks >= 10 sessions")
            ),
        ]
    );
}

#[test]
fn at_compares_the_versions_in_force_on_two_dates() {
    let policy = versioned(
        "wf",
        &[
            (Some("2023-04-01"), Some("2024-08-18"), 10),
            (Some("2024-08-19"), None, 10),
        ],
    );
    let same = compare_at(&policy, date("2024-08-19"), &policy, date("2025-01-01"))
        .expect("both in force");
    assert!(!same.has_changes(), "{:#?}", same.changes);
    let report = compare_at(&policy, date("2024-08-18"), &policy, date("2024-08-19"))
        .expect("both in force");
    let subjects: Vec<&str> = report.changes.iter().map(|c| c.subject.as_str()).collect();
    assert_eq!(
        subjects,
        vec!["notice 1"],
        "dates alone are not a change with --at"
    );
}

#[test]
fn at_a_date_without_a_version_is_an_error_naming_the_versions() {
    let policy = versioned("wf", &[(Some("2023-04-01"), None, 10)]);
    let error = compare_at(&policy, date("2020-01-01"), &policy, date("2024-01-01"))
        .expect_err("not in force");
    assert_eq!(
        error.to_string(),
        "`wf` has no version in force on 2020-01-01 (its versions: from 2023-04-01)"
    );
}

/// A date in a test.
fn date(text: &str) -> chrono::NaiveDate {
    text.parse().expect("test date")
}

#[test]
fn at_picks_by_academic_year_when_the_policy_does() {
    let mut policy = versioned(
        "yearly",
        &[
            (Some("2023-09-01"), Some("2024-12-31"), 10),
            (Some("2025-01-01"), None, 6),
        ],
    );
    let (autumn, spring) = (date("2024-10-01"), date("2025-03-01"));
    let by_date = compare_at(&policy, autumn, &policy, spring).expect("both in force");
    assert!(
        by_date.has_changes(),
        "by date, spring is in the 2025 version"
    );
    policy.policy.selection = rollcall_ir::graph::VersionSelection::AcademicYear;
    // Both days are in the academic year that began on 2024-09-01.
    let by_year = compare_at(&policy, autumn, &policy, spring).expect("both in force");
    assert!(!by_year.has_changes(), "{:#?}", by_year.changes);
}
