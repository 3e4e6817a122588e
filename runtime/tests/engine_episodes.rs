//! Rules that decide once per episode of absence: an episode is a run of
//! school days each of whose possible sessions is in the set; days without
//! a possible session neither extend nor end it; consumption does not
//! shorten it. An `at_end` rule decides dated the episode's last school day
//! (or at once when an `instead` holds); an at-once rule decides as soon
//! as its condition holds; either way the decision takes the episode's
//! later sessions.

mod engine_support;

use engine_support::data::Data;
use engine_support::graphs::{
    escalation_2024, national_2024, north_northamptonshire_episodes, Builder, RuleSpec,
};
use engine_support::{briefs, d, run_national_2024, sessions};
use rollcall_ir::codes::Code;
use rollcall_ir::graph::PolicyKind;
use rollcall_ir::graph::{Action, CompareOp, Node, Quantity, Repeat, RuleGraph, Window};
use rollcall_runtime::decision::Decision;
use rollcall_runtime::engine::{evaluate, explain, EvalOptions, PolicySet};

/// Evaluates `data` under the national framework and `policy` (see
/// [`run_national_2024`]).
fn run(policy: RuleGraph, data: &Data) -> Vec<Decision> {
    run_national_2024(policy, data).0
}

/// `p1` (parent mum, born 2012-12-01) at `s1` in North Northamptonshire,
/// present every term day from `from` to `to`.
fn pupil(from: &str, to: &str) -> Data {
    let mut data = Data::new();
    data.school("nn", "north-northamptonshire")
        .pupil("p1", "2012-12-01", &["mum"])
        .attend("p1", "nn", from, to);
    data
}

const NN: &str = "north-northamptonshire@2024-08-19";

#[test]
fn twenty_days_give_one_prosecution_on_day_sixteen_with_all_forty_sessions() {
    let mut data = pupil("2025-02-24", "2025-04-04");
    data.absent_from("p1", "2025-03-03", "2025-03-28", Code::O);
    let decisions = run(north_northamptonshire_episodes(true), &data);
    assert_eq!(
        briefs(&decisions),
        [format!(
            "p1 2025-03-24 mum prosecution - national_threshold {NN} evidence=40"
        )]
    );
    let evidence = sessions(&decisions[0]);
    assert_eq!(evidence.first().unwrap(), "2025-03-03 AM O");
    assert_eq!(evidence.last().unwrap(), "2025-03-28 PM O");
    assert!(decisions[0].reason.contains("prosecution instead because episode length of unauthorised school days = 16 (needs > 15 school days)"), "{}", decisions[0].reason);
}

#[test]
fn fifteen_days_give_one_notice_dated_the_last_day() {
    let mut data = pupil("2025-02-24", "2025-04-04");
    data.absent_from("p1", "2025-03-03", "2025-03-21", Code::O);
    let decisions = run(north_northamptonshire_episodes(true), &data);
    assert_eq!(
        briefs(&decisions),
        [format!(
            "p1 2025-03-21 mum penalty_notice #1 8000/21,16000/28 national_threshold {NN} evidence=30"
        )]
    );
}

#[test]
fn seven_days_give_one_notice_dated_the_seventh() {
    let mut data = pupil("2025-02-24", "2025-04-04");
    data.absent_from("p1", "2025-03-03", "2025-03-11", Code::O);
    let decisions = run(north_northamptonshire_episodes(true), &data);
    assert_eq!(
        briefs(&decisions),
        [format!(
            "p1 2025-03-11 mum penalty_notice #1 8000/21,16000/28 national_threshold {NN} evidence=14"
        )]
    );
}

#[test]
fn an_episode_still_running_at_the_end_of_the_data_is_not_decided() {
    let mut data = pupil("2025-02-24", "2025-03-14");
    data.absent_from("p1", "2025-03-03", "2025-03-14", Code::O);
    let policies = PolicySet::new(vec![national_2024(), north_northamptonshire_episodes(true)])
        .expect("valid policies");
    let built = data.build();
    assert!(evaluate(&policies, &built, &EvalOptions::default()).is_empty());
    let timeline = explain(&policies, &built, "p1").expect("a known pupil");
    let text = timeline.to_string();
    assert!(
        text.contains(
            "national_threshold: pending: the episode is still running (10 school days so far)"
        ),
        "{text}"
    );
    // Evaluated as of an earlier day, the episode is as much still running.
    let as_of = EvalOptions {
        as_of: Some(d("2025-03-12")),
        ..EvalOptions::default()
    };
    assert!(evaluate(&policies, &built, &as_of).is_empty());
}

#[test]
fn an_episode_over_half_term_is_one() {
    // 5 days before the February half-term, 15 after: day 16 is 10 March.
    let mut data = pupil("2025-02-03", "2025-04-04");
    data.absent_from("p1", "2025-02-10", "2025-02-14", Code::O);
    data.absent_from("p1", "2025-02-24", "2025-03-14", Code::O);
    let decisions = run(north_northamptonshire_episodes(true), &data);
    assert_eq!(
        briefs(&decisions),
        [format!(
            "p1 2025-03-10 mum prosecution - national_threshold {NN} evidence=40"
        )]
    );
}

#[test]
fn closed_and_not_possible_days_neither_extend_nor_end_an_episode() {
    // 20 term days of O, of which Wednesday 12 March is `#` (no school
    // day) and Thursday 13 March is Y1 (a school day, nothing possible):
    // 18 days of episode, day 16 is 26 March.
    let mut data = pupil("2025-02-24", "2025-04-04");
    data.absent_from("p1", "2025-03-03", "2025-03-28", Code::O);
    data.absent("p1", &["2025-03-12"], Code::Closed)
        .absent("p1", &["2025-03-13"], Code::Y1);
    let decisions = run(north_northamptonshire_episodes(true), &data);
    assert_eq!(
        briefs(&decisions),
        [format!(
            "p1 2025-03-26 mum prosecution - national_threshold {NN} evidence=36"
        )]
    );
}

#[test]
fn a_day_absent_in_the_morning_and_present_in_the_afternoon_ends_it() {
    let mut data = pupil("2025-02-24", "2025-04-04");
    data.absent_from("p1", "2025-03-03", "2025-03-07", Code::O);
    data.mornings("p1", &["2025-03-10"], Code::O);
    data.absent_from("p1", "2025-03-11", "2025-03-17", Code::O);
    let decisions = run(north_northamptonshire_episodes(true), &data);
    assert_eq!(
        briefs(&decisions),
        [
            format!("p1 2025-03-07 mum penalty_notice #1 8000/21,16000/28 national_threshold {NN} evidence=10"),
            // The second episode (11–17 March) and the lone morning before it.
            format!("p1 2025-03-17 mum penalty_notice #2 16000/28 national_threshold {NN} evidence=11"),
        ]
    );
    assert_eq!(sessions(&decisions[1])[0], "2025-03-10 AM O");
}

#[test]
fn a_school_move_on_the_closing_day_keeps_the_last_days_policy() {
    // Seven days at the North Northamptonshire school, then Luton (national).
    let mut data = Data::new();
    data.school("nn", "north-northamptonshire")
        .pupil("p1", "2012-12-01", &["mum"])
        .attend("p1", "nn", "2025-02-24", "2025-03-11")
        .attend("p1", "s1", "2025-03-12", "2025-04-04");
    data.absent_from("p1", "2025-03-03", "2025-03-11", Code::O);
    let decisions = run(north_northamptonshire_episodes(true), &data);
    assert_eq!(
        briefs(&decisions),
        [format!(
            "p1 2025-03-11 mum penalty_notice #1 8000/21,16000/28 national_threshold {NN} evidence=14"
        )]
    );
    assert_eq!(decisions[0].authority, "north-northamptonshire");
}

/// Term-time leave, once per episode of holiday (`G`) school days (at once
/// or at its end), before the national threshold (if `national`) under the
/// same settings.
fn term_time_leave(at_end: bool, national: bool) -> RuleGraph {
    let mut builder = Builder::new("north-northamptonshire", PolicyKind::Authority);
    let holiday = builder.literal(&[Code::G]);
    let leave = builder.threshold(holiday, 10, 10);
    let episode = builder.episode(holiday);
    let term_time = builder.episode_rule(
        RuleSpec {
            name: "term_time_leave",
            when: leave,
            then: Action::PenaltyNotice,
            instead: Vec::new(),
            repeat: Repeat::Unlimited,
        },
        Some((episode, at_end)),
    );
    let mut rules = vec![term_time];
    if national {
        let threshold = builder.national_threshold();
        rules.push(builder.rule("national_threshold", threshold, Action::PenaltyNotice));
    }
    let prosecution = builder.add(Node::Action(Action::Prosecution));
    let escalation = builder.escalation(escalation_2024(prosecution));
    builder.version(Some(d("2024-08-19")), None, rules, escalation);
    builder.build()
}

#[test]
fn an_at_once_episode_rule_takes_the_rest_of_a_two_week_holiday() {
    let mut data = pupil("2025-02-24", "2025-04-04");
    data.absent_from("p1", "2025-03-10", "2025-03-21", Code::G);
    let decisions = run(term_time_leave(false, true), &data);
    assert_eq!(
        briefs(&decisions),
        [format!(
            "p1 2025-03-14 mum penalty_notice #1 8000/21,16000/28 term_time_leave {NN} evidence=20"
        )]
    );
    let evidence = sessions(&decisions[0]);
    assert_eq!(evidence.last().unwrap(), "2025-03-21 PM G");
}

#[test]
fn without_the_episode_the_national_count_decides_again() {
    // The same history under an ordinary (edge) rule: the second week
    // re-reaches the national threshold. What the episode clause prevents.
    let mut builder = Builder::new("north-northamptonshire", PolicyKind::Authority);
    let holiday = builder.literal(&[Code::G]);
    let leave = builder.threshold(holiday, 10, 10);
    let term_time = builder.rule("term_time_leave", leave, Action::PenaltyNotice);
    let threshold = builder.national_threshold();
    let national = builder.rule("national_threshold", threshold, Action::PenaltyNotice);
    let prosecution = builder.add(Node::Action(Action::Prosecution));
    let escalation = builder.escalation(escalation_2024(prosecution));
    builder.version(
        Some(d("2024-08-19")),
        None,
        vec![term_time, national],
        escalation,
    );
    let mut data = pupil("2025-02-24", "2025-04-04");
    data.absent_from("p1", "2025-03-10", "2025-03-21", Code::G);
    assert_eq!(run(builder.build(), &data).len(), 2);
}

#[test]
fn an_at_end_episode_rule_waits_for_the_end_of_the_holiday() {
    let mut data = pupil("2025-02-24", "2025-04-04");
    data.absent_from("p1", "2025-03-10", "2025-03-21", Code::G);
    let decisions = run(term_time_leave(true, false), &data);
    assert_eq!(
        briefs(&decisions),
        [format!(
            "p1 2025-03-21 mum penalty_notice #1 8000/21,16000/28 term_time_leave {NN} evidence=20"
        )]
    );
}

#[test]
fn a_waiting_rule_whose_sessions_other_decisions_took_decides_nothing() {
    // While term_time_leave waits, the national threshold (an ordinary
    // rule) decides on each week's sessions: at the end of the episode
    // nothing is left for term_time_leave to decide on.
    let mut data = pupil("2025-02-24", "2025-04-04");
    data.absent_from("p1", "2025-03-10", "2025-03-21", Code::G);
    let decisions = run(term_time_leave(true, true), &data);
    assert_eq!(
        briefs(&decisions),
        [
            format!("p1 2025-03-14 mum penalty_notice #1 8000/21,16000/28 national_threshold {NN} evidence=10"),
            format!("p1 2025-03-21 mum penalty_notice #2 16000/28 national_threshold {NN} evidence=10"),
        ]
    );
}

#[test]
fn consumption_by_another_rule_does_not_shorten_an_episode() {
    // `early` consumes two days' sessions; the episode is still 5 days
    // long on the fifth, so `long` writes its letter then.
    let mut builder = Builder::new("north-northamptonshire", PolicyKind::Authority);
    let unauthorised = builder.codes("unauthorised");
    let week = builder.count(unauthorised, Window::SchoolWeeks { school_weeks: 1 });
    let early = builder.compare(week, CompareOp::GreaterOrEqual, Quantity::Sessions(4));
    let early = builder.rule_spec(RuleSpec {
        name: "early",
        when: early,
        then: Action::PenaltyNotice,
        instead: Vec::new(),
        repeat: Repeat::Once,
    });
    let episode = builder.episode(unauthorised);
    let long = builder.compare(episode, CompareOp::GreaterOrEqual, Quantity::SchoolDays(5));
    let letter = Action::Letter {
        label: "Long absence".to_string(),
    };
    let long = builder.rule("long", long, letter);
    let prosecution = builder.add(Node::Action(Action::Prosecution));
    let escalation = builder.escalation(escalation_2024(prosecution));
    builder.version(Some(d("2024-08-19")), None, vec![early, long], escalation);
    let mut data = pupil("2025-02-24", "2025-04-04");
    data.absent_from("p1", "2025-03-03", "2025-03-07", Code::O);
    let graph = builder.build();
    let decisions = run(graph.clone(), &data);
    assert_eq!(
        briefs(&decisions),
        [
            format!("p1 2025-03-04 mum penalty_notice #1 8000/21,16000/28 early {NN} evidence=4"),
            format!("p1 2025-03-07 - letter \"Long absence\" - long {NN} evidence=6"),
        ]
    );
    let policies = PolicySet::new(vec![national_2024(), graph]).expect("valid policies");
    let timeline = explain(&policies, &data.build(), "p1").expect("a known pupil");
    let text = timeline.to_string();
    assert!(
        text.contains("long: episode length of unauthorised school days = 5 (needs >= 5 school days): now holds"),
        "{text}"
    );
}
