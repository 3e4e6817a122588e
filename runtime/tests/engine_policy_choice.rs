//! Which policy and version decide: the school's, its authority's, a
//! predecessor's, the national one in force; version selection by decision
//! date, absence date or academic year; windows and consumption across a
//! change of school; and policy sets that are refused.

mod engine_support;

use engine_support::data::Data;
use engine_support::graphs::*;
use engine_support::{briefs, d};
use rollcall_data::model::Session;
use rollcall_ir::codes::Code;
use rollcall_ir::graph::*;
use rollcall_runtime::decision::Decision;
use rollcall_runtime::engine::{evaluate, EvalOptions, PolicySet, PolicySetError};

fn run(policies: Vec<RuleGraph>, data: &Data) -> Vec<Decision> {
    let policies = PolicySet::new(policies).expect("valid policies");
    evaluate(&policies, &data.build(), &EvalOptions::default())
}

/// Ten `G` sessions, Monday to Friday of the week of `monday`.
fn holiday_week(data: &mut Data, pupil: &str, monday: &str) {
    let days: Vec<String> = (0..5)
        .map(|n| (d(monday) + chrono::Days::new(n)).to_string())
        .collect();
    let days: Vec<&str> = days.iter().map(String::as_str).collect();
    data.absent(pupil, &days, Code::G);
}

fn policies_of(decisions: &[Decision]) -> Vec<String> {
    decisions
        .iter()
        .map(|decision| {
            format!(
                "{} {} {}",
                decision.date, decision.policy, decision.authority
            )
        })
        .collect()
}

#[test]
fn a_successor_uses_its_predecessor_before_its_first_version() {
    let mut data = Data::new();
    data.school("kendal", "westmorland-and-furness")
        .pupil("p1", "2013-03-04", &["mum"])
        .attend("p1", "kendal", "2022-09-05", "2024-12-20");
    for monday in ["2022-10-03", "2023-10-02", "2024-10-07"] {
        holiday_week(&mut data, "p1", monday);
    }
    assert_eq!(
        policies_of(&run(library(), &data)),
        [
            "2022-10-07 cumbria@2013-09-01 westmorland-and-furness",
            "2023-10-06 westmorland-and-furness@2023-04-01 westmorland-and-furness",
            "2024-10-11 westmorland-and-furness@2024-08-19 westmorland-and-furness",
        ]
    );
}

#[test]
fn an_authority_without_a_version_in_force_falls_back_to_the_national_policy() {
    let mut data = Data::new();
    data.school("corby", "north-northamptonshire")
        .pupil("p1", "2013-03-04", &["mum"])
        .attend("p1", "corby", "2023-09-04", "2024-12-20");
    holiday_week(&mut data, "p1", "2023-10-02");
    holiday_week(&mut data, "p1", "2024-10-07");
    assert_eq!(
        policies_of(&run(library(), &data)),
        [
            "2023-10-06 national-2013@2013-09-01 north-northamptonshire",
            "2024-10-11 north-northamptonshire@2024-08-19 north-northamptonshire",
        ]
    );
}

#[test]
fn without_any_policy_in_force_nothing_is_decided() {
    let mut data = Data::new();
    data.pupil("p1", "2013-03-04", &["mum"])
        .attend("p1", "s1", "2024-09-02", "2024-12-20");
    holiday_week(&mut data, "p1", "2024-10-07");
    assert!(run(vec![national_2013()], &data).is_empty());
}

#[test]
fn a_schools_own_policy_leads_at_that_school() {
    let letter = |builder: &mut Builder| {
        let unauthorised = builder.codes("unauthorised");
        let when = builder.threshold(unauthorised, 10, 4);
        let then = Action::Letter {
            label: "Letter 1".into(),
        };
        builder.rule("school_letter", when, then)
    };
    let school_policy = single_rule("own-school", PolicyKind::School, letter);
    let mut data = Data::new();
    data.school("own-school", "luton")
        .pupil("p1", "2013-03-04", &["mum"])
        .attend("p1", "own-school", "2024-09-02", "2024-12-20");
    holiday_week(&mut data, "p1", "2024-10-07");
    assert_eq!(
        briefs(&run(vec![national_2024(), school_policy], &data)),
        ["p1 2024-10-08 - letter \"Letter 1\" - school_letter own-school@2013-09-01 evidence=4"]
    );
}

/// An authority policy `ay` with notice amounts £1 until 2025-01-31 and
/// £2 after, its versions chosen by `selection`.
fn two_versions(selection: VersionSelection) -> RuleGraph {
    let mut builder = Builder::new("ay", PolicyKind::Authority).selection(selection);
    let threshold = builder.national_threshold();
    let rule = builder.rule("threshold", threshold, Action::PenaltyNotice);
    let prosecution = builder.add(Node::Action(Action::Prosecution));
    for (from, until, pounds) in [
        ("2023-09-01", Some("2025-01-31"), 1),
        ("2025-02-01", None, 2),
    ] {
        let mut escalation = escalation_2024(prosecution);
        escalation.schedules.truncate(1);
        escalation.schedules[0].payments = vec![pay(pounds, 28)];
        let escalation = builder.escalation(escalation);
        builder.version(Some(d(from)), until.map(d), vec![rule], escalation);
    }
    builder.build()
}

#[test]
fn academic_year_selection_uses_the_version_in_force_on_1_september() {
    let mut data = Data::new();
    data.school("s2", "ay")
        .pupil("p1", "2013-03-04", &["mum"])
        .attend("p1", "s2", "2024-09-02", "2025-04-04");
    holiday_week(&mut data, "p1", "2025-03-10");
    let by_year = run(vec![two_versions(VersionSelection::AcademicYear)], &data);
    assert_eq!(by_year[0].policy, "ay@2023-09-01");
    assert_eq!(by_year[0].payments, [pay(1, 28)]);
    let by_day = run(vec![two_versions(VersionSelection::DecisionDate)], &data);
    assert_eq!(by_day[0].policy, "ay@2025-02-01");
    assert_eq!(by_day[0].payments, [pay(2, 28)]);
}

/// An authority policy `st` whose threshold falls from 10 unauthorised
/// sessions in 10 school weeks to 6 on Monday 2024-12-02.
fn stricter_from_december() -> RuleGraph {
    let mut builder = Builder::new("st", PolicyKind::Authority);
    let codes = builder.codes("unauthorised");
    let prosecution = builder.add(Node::Action(Action::Prosecution));
    for (from, until, sessions) in [
        ("2023-09-01", Some("2024-12-01"), 10),
        ("2024-12-02", None, 6),
    ] {
        let threshold = builder.threshold(codes, 10, sessions);
        let rule = builder.rule("threshold", threshold, Action::PenaltyNotice);
        let escalation = builder.escalation(escalation_2024(prosecution));
        builder.version(Some(d(from)), until.map(d), vec![rule], escalation);
    }
    builder.build()
}

/// Nothing moves in the week of 2 December (the pupil attends every
/// session), but a new version is in force: its rules are evaluated on its
/// first day, though quiet weeks are otherwise passed over.
#[test]
fn a_new_version_decides_on_its_first_day_in_a_quiet_week() {
    let mut data = Data::new();
    data.school("s2", "st")
        .pupil("p1", "2013-03-04", &["mum"])
        .attend("p1", "s2", "2024-09-02", "2024-12-20")
        .absent("p1", &["2024-11-25", "2024-11-26", "2024-11-27"], Code::O);
    let decisions = run(vec![stricter_from_december()], &data);
    assert_eq!(policies_of(&decisions), ["2024-12-02 st@2024-12-02 st"]);
}

#[test]
fn counts_from_ignores_absences_before_the_version_began() {
    let absence_dated = |counts_from: Option<chrono::NaiveDate>| {
        single_rule("luton", PolicyKind::Authority, |builder| {
            let codes = builder.codes("unauthorised");
            let count = builder.aggregate(Aggregate::Count {
                codes,
                window: Window::SchoolWeeks { school_weeks: 10 },
                counts_from,
            });
            let when = builder.compare(count, CompareOp::GreaterOrEqual, Quantity::Sessions(10));
            builder.rule("threshold", when, Action::PenaltyNotice)
        })
    };
    let mut data = Data::new();
    data.pupil("p1", "2013-03-04", &["mum"])
        .attend("p1", "s1", "2024-06-03", "2024-12-20")
        .absent("p1", &["2024-07-18", "2024-07-19"], Code::G)
        .absent("p1", &["2024-09-02", "2024-09-03", "2024-09-04"], Code::G);
    assert_eq!(run(vec![absence_dated(None)], &data).len(), 1);
    assert!(run(vec![absence_dated(Some(d("2024-08-19")))], &data).is_empty());
}

/// `p1` at Luton (national policy) until December, Corby (North
/// Northamptonshire) from January.
fn moving_pupil() -> Data {
    let mut data = Data::new();
    data.school("corby", "north-northamptonshire")
        .pupil("p1", "2013-03-04", &["mum"])
        .attend("p1", "s1", "2024-09-02", "2024-12-20")
        .attend("p1", "corby", "2025-01-06", "2025-04-04");
    data
}

#[test]
fn a_window_spans_a_change_of_school_and_authority() {
    let mut data = moving_pupil();
    data.mornings("p1", &["2024-12-10", "2024-12-11", "2024-12-12"], Code::U)
        .absent("p1", &["2025-01-27", "2025-01-28", "2025-01-29"], Code::O)
        .mornings("p1", &["2025-02-03"], Code::G);
    let decisions = run(library(), &data);
    assert_eq!(
        policies_of(&decisions),
        ["2025-02-03 north-northamptonshire@2024-08-19 north-northamptonshire"]
    );
    let schools: Vec<&str> = decisions[0]
        .evidence
        .iter()
        .map(|evidence| match evidence {
            rollcall_runtime::decision::Evidence::Session { school, .. } => &**school,
            rollcall_runtime::decision::Evidence::Event { .. } => "event",
        })
        .collect();
    assert_eq!(schools.iter().filter(|school| **school == "s1").count(), 3);
    assert_eq!(
        schools.iter().filter(|school| **school == "corby").count(),
        7
    );
}

#[test]
fn notices_and_consumption_carry_across_authorities() {
    let mut data = moving_pupil();
    holiday_week(&mut data, "p1", "2024-12-09");
    data.mornings("p1", &["2025-01-06"], Code::U);
    let decisions = run(library(), &data);
    assert_eq!(decisions.len(), 1, "Luton's notice consumed its sessions");
    holiday_week(&mut data, "p1", "2025-01-13");
    let decisions = run(library(), &data);
    assert_eq!(
        briefs(&decisions)[1],
        "p1 2025-01-17 mum penalty_notice #2 16000/28 national_threshold north-northamptonshire@2024-08-19 evidence=11",
        "met on the Friday morning, decided at the end of the day with both Friday sessions"
    );
    let first_session = &engine_support::sessions(&decisions[1])[0];
    assert_eq!(first_session, &format!("2025-01-06 {} U", Session::Am));
}

#[test]
fn two_national_policies_in_force_on_one_day_are_refused() {
    let mut overlapping = national_2013();
    overlapping.policy.id = "national-2013b".into();
    overlapping.versions[0].until = Some(d("2024-08-19"));
    let error = PolicySet::new(vec![national_2024(), overlapping]).unwrap_err();
    assert_eq!(
        error,
        PolicySetError::NationalOverlap {
            first: "national-2024".into(),
            second: "national-2013b".into(),
            date: d("2024-08-19"),
        }
    );
}

#[test]
fn duplicate_ids_and_missing_predecessors_are_refused() {
    let error = PolicySet::new(vec![national_2024(), national_2024()]).unwrap_err();
    assert_eq!(
        error,
        PolicySetError::DuplicatePolicy("national-2024".into())
    );
    let error = PolicySet::new(vec![westmorland_and_furness()]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "policy `westmorland-and-furness` succeeds `cumbria`, which is not among the policies"
    );
}

fn malformed(graph: RuleGraph) -> String {
    match PolicySet::new(vec![graph]) {
        Err(PolicySetError::Malformed { message, .. }) => message,
        other => panic!("expected a malformed graph, got {other:?}"),
    }
}

#[test]
fn malformed_graphs_are_refused_with_a_reason() {
    let mut dangling = national_2024();
    dangling.versions[0].rules.push(NodeId(999));
    assert_eq!(malformed(dangling), "node 999 does not exist");

    let mut wrong_kind = national_2024();
    wrong_kind.versions[0].escalation = wrong_kind.versions[0].rules[0];
    assert!(malformed(wrong_kind).ends_with("is not an escalation"));

    let mismatched = single_rule("x", PolicyKind::Authority, |builder| {
        let codes = builder.codes("unauthorised");
        let count = builder.count(codes, Window::SchoolWeeks { school_weeks: 10 });
        let when = builder.compare(count, CompareOp::Less, Quantity::BasisPoints(9000));
        builder.rule("r", when, Action::PenaltyNotice)
    });
    assert!(malformed(mismatched).ends_with("compares sessions with a percentage"));

    let cyclic = single_rule("x", PolicyKind::Authority, |builder| {
        let own_id = NodeId(builder.add(Node::Input(Input::Marks)).0 + 1);
        let not = builder.predicate(Predicate::Not { of: own_id });
        builder.rule("r", not, Action::PenaltyNotice)
    });
    assert!(malformed(cyclic).ends_with("contains itself"));

    let empty_window = single_rule("x", PolicyKind::Authority, |builder| {
        let codes = builder.codes("unauthorised");
        let count = builder.count(codes, Window::SchoolWeeks { school_weeks: 0 });
        let when = builder.compare(count, CompareOp::Greater, Quantity::Sessions(0));
        builder.rule("r", when, Action::PenaltyNotice)
    });
    assert_eq!(malformed(empty_window), "a window of 0 school weeks");
}
