//! Notice numbers, amounts and the limit: which earlier notices count, per
//! parent, and who gets nothing (not of compulsory school age, no parents).

mod engine_support;

use engine_support::data::Data;
use engine_support::graphs::{national_2024, national_2024_with};
use engine_support::{briefs, sessions};
use rollcall_data::model::EventKind;
use rollcall_ir::codes::Code;
use rollcall_ir::graph::{NoticeOpen, RuleGraph, UnknownPrevious};
use rollcall_runtime::decision::Decision;
use rollcall_runtime::engine::{evaluate, EvalOptions, PolicySet};

fn run(policy: RuleGraph, data: &Data) -> Vec<Decision> {
    let policies = PolicySet::new(vec![policy]).expect("valid policies");
    evaluate(&policies, &data.build(), &EvalOptions::default())
}

/// `p1` (parent `p1-mum`, or `parents`) present at `s1` through 2024/25.
fn pupil_with(parents: &[&str]) -> Data {
    let mut data = Data::new();
    data.pupil("p1", "2015-03-04", parents)
        .attend("p1", "s1", "2024-09-02", "2025-07-18");
    data
}

/// Ten `G` sessions in the week of `monday` (a full term week).
fn holiday_week(data: &mut Data, pupil: &str, monday: &str) {
    let monday = engine_support::d(monday);
    let days: Vec<String> = (0..5)
        .map(|n| (monday + chrono::Days::new(n)).to_string())
        .collect();
    let days: Vec<&str> = days.iter().map(String::as_str).collect();
    data.absent(pupil, &days, Code::G);
}

fn notice(pupil: &str, event_parent: &str, start: &str, by: &str) -> impl FnOnce(&mut Data) {
    let (pupil, parent, start, by) = (
        pupil.to_string(),
        event_parent.to_string(),
        start.to_string(),
        by.to_string(),
    );
    move |data| {
        data.event(
            &pupil,
            Some(&parent),
            EventKind::PenaltyNotice,
            &start,
            None,
            Some(&by),
        );
    }
}

#[test]
fn a_second_notice_is_a_flat_160_and_uses_only_new_sessions() {
    let mut data = pupil_with(&["p1-mum"]);
    holiday_week(&mut data, "p1", "2024-10-07");
    holiday_week(&mut data, "p1", "2025-01-13");
    let decisions = run(national_2024(), &data);
    assert_eq!(
        briefs(&decisions),
        [
            "p1 2024-10-11 p1-mum penalty_notice #1 8000/21,16000/28 national_threshold national-2024@2024-08-19 evidence=10",
            "p1 2025-01-17 p1-mum penalty_notice #2 16000/28 national_threshold national-2024@2024-08-19 evidence=10",
        ]
    );
    assert!(sessions(&decisions[1])
        .iter()
        .all(|session| session.starts_with("2025-01-1")));
}

#[test]
fn a_third_time_within_three_years_is_prosecution_which_also_consumes() {
    let mut data = pupil_with(&["p1-mum"]);
    for monday in ["2024-10-07", "2025-01-13", "2025-03-10", "2025-06-09"] {
        holiday_week(&mut data, "p1", monday);
    }
    let decisions = run(national_2024(), &data);
    let actions: Vec<(String, Option<u32>)> = decisions
        .iter()
        .map(|decision| (decision.action.clone(), decision.notice_number))
        .collect();
    assert_eq!(
        actions,
        [
            ("penalty_notice".to_string(), Some(1)),
            ("penalty_notice".to_string(), Some(2)),
            ("prosecution".to_string(), None),
            ("prosecution".to_string(), None),
        ]
    );
    assert!(decisions[2]
        .reason
        .ends_with("; third notice within 3 years: prosecution instead"));
    assert!(decisions[2].payments.is_empty());
    assert!(sessions(&decisions[3])
        .iter()
        .all(|session| session.starts_with("2025-06-")));
}

#[test]
fn a_notice_exactly_three_years_old_no_longer_counts() {
    let mut data = Data::new();
    data.pupil("p1", "2015-03-04", &["p1-mum"])
        .attend("p1", "s1", "2027-09-06", "2027-10-22");
    notice("p1", "p1-mum", "2024-09-24", "luton")(&mut data);
    notice("p1", "p1-mum", "2024-10-04", "luton")(&mut data);
    holiday_week(&mut data, "p1", "2027-09-13");
    holiday_week(&mut data, "p1", "2027-09-20");
    let summary: Vec<(String, String, Option<u32>)> = run(national_2024(), &data)
        .into_iter()
        .map(|decision| {
            (
                decision.date.to_string(),
                decision.action,
                decision.notice_number,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("2027-09-17".to_string(), "prosecution".to_string(), None),
            (
                "2027-09-24".to_string(),
                "penalty_notice".to_string(),
                Some(2)
            ),
        ]
    );
}

#[test]
fn a_limit_counted_in_months_counts_notices_after_the_same_day_that_many_months_before() {
    let mut data = pupil_with(&["p1-mum"]);
    notice("p1", "p1-mum", "2024-11-04", "luton")(&mut data);
    notice("p1", "p1-mum", "2025-01-06", "luton")(&mut data);
    holiday_week(&mut data, "p1", "2025-03-03");
    holiday_week(&mut data, "p1", "2025-06-09");
    let six_months = national_2024_with(|escalation| {
        escalation.counting_years = None;
        escalation.counting_months = Some(6);
    });
    let decisions = run(six_months, &data);
    let summary: Vec<(String, &str, Option<u32>)> = decisions
        .iter()
        .map(|decision| {
            (
                decision.date.to_string(),
                decision.action.as_str(),
                decision.notice_number,
            )
        })
        .collect();
    // On 7 March both notices are within 6 months; on 13 June the one of
    // 4 November is not (the cut is 13 December).
    assert_eq!(
        summary,
        [
            ("2025-03-07".to_string(), "prosecution", None),
            ("2025-06-13".to_string(), "penalty_notice", Some(2)),
        ]
    );
    assert!(
        decisions[1].reason.contains("within 6 months"),
        "{}",
        decisions[1].reason
    );
}

#[test]
fn notices_before_the_2024_framework_and_withdrawn_notices_do_not_count() {
    let mut data = pupil_with(&["p1-mum"]);
    notice("p1", "p1-mum", "2024-05-10", "luton")(&mut data);
    notice("p1", "p1-mum", "2024-09-27", "luton")(&mut data);
    data.event(
        "p1",
        Some("p1-mum"),
        EventKind::PenaltyNotice,
        "2024-09-13",
        Some("2024-10-01"),
        Some("luton"),
    );
    holiday_week(&mut data, "p1", "2024-10-07");
    let decisions = run(national_2024(), &data);
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0].notice_number, Some(2));
    assert!(decisions[0]
        .reason
        .ends_with("notice 2: 1 earlier notice counts (issued from 2024-08-19, within 3 years)"));
}

/// `p1-mum` had two notices from Lancashire before `p1` came to `s1`.
fn moved_from_lancashire() -> Data {
    let mut data = pupil_with(&["p1-mum"]);
    notice("p1", "p1-mum", "2024-09-06", "lancashire")(&mut data);
    notice("p1", "p1-mum", "2024-09-20", "lancashire")(&mut data);
    holiday_week(&mut data, "p1", "2024-10-07");
    data
}

#[test]
fn other_authorities_notices_count_unless_the_policy_says_they_do_not() {
    let data = moved_from_lancashire();
    assert_eq!(run(national_2024(), &data)[0].action, "prosecution");
    let own_only = national_2024_with(|escalation| escalation.other_authorities_count = false);
    assert_eq!(run(own_only, &data)[0].notice_number, Some(1));
}

#[test]
fn an_unknown_previous_authority_means_no_earlier_notices_or_a_manual_review() {
    let mut data = moved_from_lancashire();
    data.event(
        "p1",
        None,
        EventKind::PreviousAuthorityUnknown,
        "2024-09-02",
        None,
        None,
    );
    let decisions = run(national_2024(), &data);
    assert_eq!(briefs(&decisions).len(), 1);
    assert_eq!(decisions[0].notice_number, Some(1));

    let review = national_2024_with(|escalation| {
        escalation.unknown_previous = UnknownPrevious::ManualReview;
    });
    holiday_week(&mut data, "p1", "2024-11-11");
    let decisions = run(review, &data);
    assert_eq!(
        briefs(&decisions),
        [
            "p1 2024-10-11 p1-mum manual_review \"previous authority unknown: earlier notices cannot be established, so a manual review instead of a penalty notice\" - national_threshold national-2024@2024-08-19 evidence=10",
        ],
        "a review consumes nothing, so the threshold keeps holding and does not fire again"
    );
}

#[test]
fn each_parent_is_counted_separately() {
    let mut data = pupil_with(&["p1-dad", "p1-mum"]);
    notice("p1", "p1-dad", "2024-09-06", "luton")(&mut data);
    notice("p1", "p1-dad", "2024-09-20", "luton")(&mut data);
    holiday_week(&mut data, "p1", "2024-10-07");
    let decisions = run(national_2024(), &data);
    assert_eq!(
        briefs(&decisions),
        [
            "p1 2024-10-11 p1-dad prosecution - national_threshold national-2024@2024-08-19 evidence=10",
            "p1 2024-10-11 p1-mum penalty_notice #1 8000/21,16000/28 national_threshold national-2024@2024-08-19 evidence=10",
        ]
    );
}

#[test]
fn siblings_with_two_parents_give_four_first_notices() {
    let mut data = Data::new();
    for pupil in ["p1", "p2"] {
        data.pupil(pupil, "2015-03-04", &["mum", "dad"]).attend(
            pupil,
            "s1",
            "2024-09-02",
            "2024-12-20",
        );
        holiday_week(&mut data, pupil, "2024-10-07");
    }
    let decisions = run(national_2024(), &data);
    let who: Vec<String> = decisions
        .iter()
        .map(|decision| {
            format!(
                "{} {} #{}",
                decision.pupil,
                decision.parent.as_deref().unwrap_or("-"),
                decision.notice_number.unwrap_or(0)
            )
        })
        .collect();
    assert_eq!(who, ["p1 dad #1", "p1 mum #1", "p2 dad #1", "p2 mum #1"]);
}

#[test]
fn only_pupils_of_compulsory_school_age_get_notices() {
    let mut data = Data::new();
    data.pupil("four-year-old", "2020-06-15", &["a"])
        .pupil("sixteen", "2008-06-15", &["b"])
        .pupil("ten", "2014-06-15", &["c"]);
    for pupil in ["four-year-old", "sixteen", "ten"] {
        data.attend(pupil, "s1", "2024-09-02", "2024-12-20");
        holiday_week(&mut data, pupil, "2024-11-18");
    }
    let decisions = run(national_2024(), &data);
    let pupils: Vec<&str> = decisions.iter().map(|d| d.pupil.as_str()).collect();
    assert_eq!(pupils, ["ten"]);
}

#[test]
fn a_pupil_without_parents_gets_no_notice() {
    let mut data = pupil_with(&[]);
    holiday_week(&mut data, "p1", "2024-10-07");
    assert!(run(national_2024(), &data).is_empty());
}

#[test]
fn notices_this_run_decided_under_another_authority_count_after_an_unknown_previous_authority() {
    // Kendal (Westmorland and Furness) in the autumn, then Luton; the data
    // says the previous authority is unknown when the pupil arrives. The
    // assumption concerns notices in the data: the Westmorland and Furness
    // notice this run decided is known, so Luton's is notice 2.
    let mut data = Data::new();
    data.school("kendal", "westmorland-and-furness")
        .pupil("p1", "2015-03-04", &["p1-mum"])
        .attend("p1", "kendal", "2024-09-02", "2024-12-20")
        .attend("p1", "s1", "2025-01-06", "2025-03-28")
        .event(
            "p1",
            None,
            EventKind::PreviousAuthorityUnknown,
            "2025-01-06",
            None,
            None,
        );
    holiday_week(&mut data, "p1", "2024-10-07");
    holiday_week(&mut data, "p1", "2025-01-13");
    let policies = PolicySet::new(engine_support::graphs::library()).expect("valid policies");
    let decisions = evaluate(&policies, &data.build(), &EvalOptions::default());
    assert_eq!(
        briefs(&decisions),
        [
            "p1 2024-10-11 p1-mum penalty_notice #1 8000/21,16000/28 national_threshold westmorland-and-furness@2024-08-19 evidence=10",
            "p1 2025-01-17 p1-mum penalty_notice #2 16000/28 national_threshold national-2024@2024-08-19 evidence=10",
        ]
    );
}

#[test]
fn sessions_before_compulsory_school_age_are_never_counted() {
    // Born 2019-12-15: of compulsory school age from 2024-12-31. Six `G`
    // sessions in December and four in January are not ten: the threshold
    // is met on 22 January, on January's sessions alone.
    let mut data = Data::new();
    data.pupil("p1", "2019-12-15", &["p1-mum"])
        .attend("p1", "s1", "2024-12-02", "2024-12-20")
        .attend("p1", "s1", "2025-01-06", "2025-01-31")
        .absent("p1", &["2024-12-09", "2024-12-10", "2024-12-11"], Code::G)
        .absent("p1", &["2025-01-13", "2025-01-14"], Code::G)
        .absent("p1", &["2025-01-20", "2025-01-21", "2025-01-22"], Code::G);
    let decisions = run(national_2024(), &data);
    assert_eq!(
        briefs(&decisions),
        ["p1 2025-01-22 p1-mum penalty_notice #1 8000/21,16000/28 national_threshold national-2024@2024-08-19 evidence=10"]
    );
    assert!(sessions(&decisions[0])
        .iter()
        .all(|session| session.as_str() >= "2025-01-13"));
    // Explain takes every day: the same decision.
    let policies = PolicySet::new(vec![national_2024()]).expect("valid policies");
    let timeline = rollcall_runtime::engine::explain(&policies, &data.build(), "p1").unwrap();
    assert_eq!(timeline.decisions, decisions);
}

#[test]
fn a_pupil_whose_age_starts_mid_run_is_counted_from_that_day_in_runs_too() {
    // A policy whose aggregate sees every day (a run): no day before the
    // age start is in it either.
    use rollcall_ir::graph::{Aggregate, CompareOp, PolicyKind, Quantity, RunUnit};
    let policy = engine_support::graphs::single_rule("run-policy", PolicyKind::National, |b| {
        let codes = b.codes("unauthorised");
        let run = b.aggregate(Aggregate::Run {
            codes,
            unit: RunUnit::SchoolDays,
            counts_from: None,
        });
        let holds = b.compare(run, CompareOp::GreaterOrEqual, Quantity::SchoolDays(5));
        b.rule(
            "five_days_running",
            holds,
            rollcall_ir::graph::Action::PenaltyNotice,
        )
    });
    let mut data = Data::new();
    data.pupil("p1", "2019-12-15", &["p1-mum"])
        .attend("p1", "s1", "2024-12-02", "2024-12-20")
        .attend("p1", "s1", "2025-01-06", "2025-01-31")
        .absent("p1", &["2024-12-18", "2024-12-19", "2024-12-20"], Code::G)
        .absent("p1", &["2025-01-06", "2025-01-07", "2025-01-08"], Code::G)
        .absent("p1", &["2025-01-09", "2025-01-10"], Code::G);
    let decisions = run(policy, &data);
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0].date, engine_support::d("2025-01-10"));
    assert_eq!(sessions(&decisions[0]).len(), 10);
}

/// The national framework with notices open for their payment period.
fn notices_open(until_case_closed: bool) -> RuleGraph {
    national_2024_with(|escalation| {
        escalation.notice_open = Some(NoticeOpen { until_case_closed });
    })
}

#[test]
fn a_notice_open_for_its_payment_period_takes_the_next_crossing_as_evidence() {
    let mut data = pupil_with(&["p1-mum"]);
    // Notice on 11 October; 8 November is its 28th day, 15 November past it.
    for monday in ["2024-10-07", "2024-11-04", "2024-11-11"] {
        holiday_week(&mut data, "p1", monday);
    }
    let decisions = run(notices_open(false), &data);
    assert_eq!(
        briefs(&decisions),
        [
            "p1 2024-10-11 p1-mum penalty_notice #1 8000/21,16000/28 national_threshold national-2024@2024-08-19 evidence=10",
            "p1 2024-11-08 p1-mum case_evidence \"penalty notice of 2024-10-11\" - national_threshold national-2024@2024-08-19 evidence=10",
            "p1 2024-11-15 p1-mum penalty_notice #2 16000/28 national_threshold national-2024@2024-08-19 evidence=10",
        ]
    );
    // Without the setting the second crossing is a notice of its own.
    let decisions = run(national_2024(), &data);
    assert_eq!(decisions[1].action, "penalty_notice");
    assert_eq!(decisions[1].date, engine_support::d("2024-11-08"));
}

#[test]
fn an_open_notice_closes_at_a_case_closed_event_only_if_the_policy_says_so() {
    let mut data = pupil_with(&["p1-mum"]);
    holiday_week(&mut data, "p1", "2024-10-07");
    holiday_week(&mut data, "p1", "2024-10-14");
    data.event(
        "p1",
        Some("p1-mum"),
        EventKind::CaseClosed,
        "2024-10-14",
        None,
        Some("paid"),
    );
    let closable = run(notices_open(true), &data);
    assert_eq!(closable[1].action, "penalty_notice");
    assert_eq!(closable[1].notice_number, Some(2));
    let held = run(notices_open(false), &data);
    assert_eq!(held[1].action, "case_evidence");
    assert_eq!(
        held[1].label.as_deref(),
        Some("penalty notice of 2024-10-11")
    );
}

#[test]
fn a_recorded_notice_is_open_unless_withdrawn() {
    let mut data = pupil_with(&["p1-mum"]);
    notice("p1", "p1-mum", "2024-10-01", "luton")(&mut data);
    holiday_week(&mut data, "p1", "2024-10-07");
    let decisions = run(notices_open(false), &data);
    assert_eq!(decisions[0].action, "case_evidence");
    assert_eq!(
        decisions[0].label.as_deref(),
        Some("penalty notice of 2024-10-01")
    );
    let mut withdrawn = pupil_with(&["p1-mum"]);
    withdrawn.event(
        "p1",
        Some("p1-mum"),
        EventKind::PenaltyNotice,
        "2024-10-01",
        Some("2024-10-04"),
        Some("luton"),
    );
    holiday_week(&mut withdrawn, "p1", "2024-10-07");
    let decisions = run(notices_open(false), &withdrawn);
    assert_eq!(decisions[0].action, "penalty_notice");
}
