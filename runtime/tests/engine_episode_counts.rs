//! `episodes of SET WINDOW`: separate episodes (runs of whole school days
//! in the set, as `episode length` counts them) with a school day in the
//! window. A code of conduct's "several term-time holidays below the
//! threshold" is a manual review once three separate holidays fall in one
//! academic year.

mod engine_support;

use engine_support::data::Data;
use engine_support::graphs::{escalation_2024, Builder};
use engine_support::{briefs, run_national_2024, sessions};
use rollcall_data::model::Session;
use rollcall_ir::codes::Code;
use rollcall_ir::graph::{
    Action, Aggregate, CompareOp, Node, Period, PolicyKind, Quantity, Repeat, RuleGraph, Window,
};
use rollcall_runtime::decision::Decision;

const NN: &str = "north-northamptonshire@2024-08-19";

/// North Northamptonshire with one rule: a manual review once `at_least`
/// separate episodes of `G` fall in `window`, at most once a year.
fn several_holidays(window: Window, at_least: u32) -> RuleGraph {
    let mut builder = Builder::new("north-northamptonshire", PolicyKind::Authority);
    let holiday = builder.literal(&[Code::G]);
    let episodes = builder.aggregate(Aggregate::Episodes {
        codes: holiday,
        window,
        counts_from: None,
    });
    let several = builder.compare(
        episodes,
        CompareOp::GreaterOrEqual,
        Quantity::Episodes(at_least),
    );
    let rule = builder.rule_spec(engine_support::graphs::RuleSpec {
        name: "several_holidays",
        when: several,
        then: Action::ManualReview {
            reason: "several holidays".to_string(),
        },
        instead: Vec::new(),
        repeat: Repeat::OncePer(Period::AcademicYear),
    });
    let prosecution = builder.add(Node::Action(Action::Prosecution));
    let escalation = builder.escalation(escalation_2024(prosecution));
    builder.version(
        Some(engine_support::d("2024-08-19")),
        None,
        vec![rule],
        escalation,
    );
    builder.build()
}

fn this_year() -> Window {
    Window::Period {
        period: Period::AcademicYear,
    }
}

/// `p1` at a North Northamptonshire school, present every term day of
/// 2024/25 except as the test marks.
fn pupil() -> Data {
    let mut data = Data::new();
    data.school("nn", "north-northamptonshire")
        .pupil("p1", "2012-12-01", &["mum"])
        .attend("p1", "nn", "2024-09-02", "2025-07-18");
    data
}

fn run(policy: RuleGraph, data: &Data) -> Vec<Decision> {
    run_national_2024(policy, data).0
}

#[test]
fn three_separate_holidays_in_a_year_go_to_review_on_the_first_day_of_the_third() {
    let mut data = pupil();
    data.absent_from("p1", "2024-10-01", "2024-10-02", Code::G);
    data.absent("p1", &["2024-12-02"], Code::G);
    data.absent_from("p1", "2025-03-10", "2025-03-11", Code::G);
    let decisions = run(several_holidays(this_year(), 3), &data);
    assert_eq!(
        briefs(&decisions),
        [format!(
            "p1 2025-03-10 - manual_review \"several holidays\" - several_holidays {NN} evidence=8"
        )]
    );
    // The evidence is every session of the three episodes so far.
    let evidence = sessions(&decisions[0]);
    assert_eq!(evidence.first().unwrap(), "2024-10-01 AM G");
    assert_eq!(evidence.last().unwrap(), "2025-03-10 PM G");
    assert!(
        decisions[0]
            .reason
            .contains("episodes of {G} this academic_year = 3"),
        "{}",
        decisions[0].reason
    );
}

#[test]
fn one_holiday_either_side_of_a_half_term_is_one_episode() {
    // Friday 25 October and Monday 4 November 2024 frame the autumn
    // half-term: one holiday, with two separate ones before it.
    let mut data = pupil();
    data.absent("p1", &["2024-09-10", "2024-09-20"], Code::G);
    data.absent("p1", &["2024-10-25", "2024-11-04"], Code::G);
    assert_eq!(
        briefs(&run(several_holidays(this_year(), 4), &data)),
        Vec::<String>::new()
    );
    assert_eq!(
        briefs(&run(several_holidays(this_year(), 3), &data)),
        [format!(
            "p1 2024-10-25 - manual_review \"several holidays\" - several_holidays {NN} evidence=6"
        )]
    );
}

#[test]
fn a_day_only_partly_in_the_set_is_no_episode_and_ends_the_running_one() {
    let mut data = pupil();
    // Monday: holiday; Tuesday: holiday in the morning only; Wednesday:
    // holiday. Two episodes, not one of three days, and Tuesday in neither.
    data.absent("p1", &["2024-09-09", "2024-09-11"], Code::G);
    data.mark("p1", "2024-09-10", Session::Am, Code::G);
    let decisions = run(several_holidays(this_year(), 2), &data);
    assert_eq!(
        briefs(&decisions),
        [format!(
            "p1 2024-09-11 - manual_review \"several holidays\" - several_holidays {NN} evidence=4"
        )]
    );
    assert!(!sessions(&decisions[0])
        .iter()
        .any(|session| session.starts_with("2024-09-10")));
}

#[test]
fn episodes_that_leave_the_window_stop_counting() {
    // Within 10 school weeks: holidays in September and December are 13
    // school weeks apart, so never two in one window; a third in January
    // is within 10 weeks of December's.
    let window = Window::SchoolWeeks { school_weeks: 10 };
    let mut data = pupil();
    data.absent("p1", &["2024-09-10"], Code::G);
    data.absent("p1", &["2024-12-10"], Code::G);
    data.absent("p1", &["2025-01-14"], Code::G);
    let decisions = run(several_holidays(window, 2), &data);
    assert_eq!(
        briefs(&decisions),
        [format!(
            "p1 2025-01-14 - manual_review \"several holidays\" - several_holidays {NN} evidence=4"
        )]
    );
    assert_eq!(sessions(&decisions[0])[0], "2024-12-10 AM G");
}

#[test]
fn a_new_academic_year_starts_the_count_again() {
    let mut data = pupil();
    data.attend("p1", "nn", "2025-09-01", "2025-10-17");
    data.absent("p1", &["2025-05-06", "2025-06-10"], Code::G);
    data.absent("p1", &["2025-09-09", "2025-09-16"], Code::G);
    assert_eq!(
        briefs(&run(several_holidays(this_year(), 3), &data)),
        Vec::<String>::new()
    );
}
