//! Each measure and rule form on hand-built policies: edge-triggered firing
//! and consumption, runs, shares, anchored windows, Notices to Improve,
//! periods, limits, alternatives and the evidence of `or` and `not`.

mod engine_support;

use engine_support::data::Data;
use engine_support::graphs::{with_rules, Builder, RuleSpec};
use engine_support::{d, sessions};
use rollcall_data::model::{EventKind, Session};
use rollcall_ir::codes::Code;
use rollcall_ir::graph::*;
use rollcall_runtime::decision::Decision;
use rollcall_runtime::engine::{evaluate, EvalOptions, PolicySet};

fn run(rules: impl FnOnce(&mut Builder) -> Vec<NodeId>, data: &Data) -> Vec<Decision> {
    let graph = with_rules("luton", PolicyKind::Authority, rules);
    let policies = PolicySet::new(vec![graph]).expect("valid policies");
    evaluate(&policies, &data.build(), &EvalOptions::default())
}

fn letter(label: &str) -> Action {
    Action::Letter {
        label: label.to_string(),
    }
}

/// `date rule action` of each decision.
fn when(decisions: &[Decision]) -> Vec<String> {
    decisions
        .iter()
        .map(|decision| format!("{} {} {}", decision.date, decision.rule, decision.action))
        .collect()
}

/// `p1` (parent `mum`) present at `s1` from September 2024 to July 2025.
fn pupil() -> Data {
    let mut data = Data::new();
    data.pupil("p1", "2015-03-04", &["mum"])
        .attend("p1", "s1", "2024-09-02", "2025-07-18");
    data
}

/// `count CODES within WEEKS school weeks >= N sessions`.
fn at_least(builder: &mut Builder, codes: &str, weeks: u32, sessions: u32) -> NodeId {
    let codes = builder.codes(codes);
    builder.threshold(codes, weeks, sessions)
}

#[test]
fn a_rule_fires_when_its_condition_starts_to_hold_and_again_only_after_it_stopped() {
    let mut data = pupil();
    let late = [
        "2024-09-09",
        "2024-09-10",
        "2024-09-11",
        "2024-09-30",
        "2024-10-01",
    ];
    data.mornings("p1", &late, Code::U);
    let decisions = run(
        |b| {
            let when = at_least(b, "unauthorised", 2, 2);
            vec![b.rule("two_late", when, letter("late"))]
        },
        &data,
    );
    assert_eq!(
        when(&decisions),
        ["2024-09-10 two_late letter", "2024-10-01 two_late letter"]
    );
    assert_eq!(decisions[0].parent, None);
    assert_eq!(decisions[0].label.as_deref(), Some("late"));
}

#[test]
fn consumed_sessions_let_a_notice_rule_fire_again_as_soon_as_enough_new_ones_arrive() {
    let mut data = pupil();
    let late = ["2024-09-09", "2024-09-10", "2024-09-11", "2024-09-12"];
    data.mornings("p1", &late, Code::U);
    let decisions = run(
        |b| {
            let when = at_least(b, "unauthorised", 10, 2);
            vec![b.rule("two", when, Action::PenaltyNotice)]
        },
        &data,
    );
    assert_eq!(
        when(&decisions),
        [
            "2024-09-10 two penalty_notice",
            "2024-09-12 two penalty_notice"
        ]
    );
    assert_eq!(
        sessions(&decisions[1]),
        ["2024-09-11 AM U", "2024-09-12 AM U"]
    );
}

#[test]
fn letters_consume_nothing_and_a_notice_consumes_before_later_rules_look() {
    let mut data = pupil();
    data.mornings("p1", &["2024-09-09", "2024-09-10", "2024-09-11"], Code::U);
    let decisions = run(
        |b| {
            let two = at_least(b, "unauthorised", 10, 2);
            let three = at_least(b, "unauthorised", 10, 3);
            vec![
                b.rule("letter_at_two", two, letter("warning")),
                b.rule("notice_at_three", three, Action::PenaltyNotice),
                b.rule("second_notice_at_three", three, Action::PenaltyNotice),
            ]
        },
        &data,
    );
    assert_eq!(
        when(&decisions),
        [
            "2024-09-10 letter_at_two letter",
            "2024-09-11 notice_at_three penalty_notice"
        ]
    );
    assert_eq!(decisions[1].evidence.len(), 3);
}

#[test]
fn a_run_of_school_days_skips_weekends_and_days_without_possible_sessions() {
    let mut data = pupil();
    data.absent("p1", &["2024-09-12", "2024-09-13"], Code::O)
        .absent("p1", &["2024-09-16"], Code::Y1)
        .absent("p1", &["2024-09-17", "2024-09-18"], Code::O)
        .absent("p1", &["2024-09-24", "2024-09-25"], Code::O)
        .mornings("p1", &["2024-09-26"], Code::O);
    let decisions = run(
        |b| {
            let codes = b.codes("unauthorised");
            let run = b.aggregate(Aggregate::Run {
                codes,
                unit: RunUnit::SchoolDays,
                counts_from: None,
            });
            let when = b.compare(run, CompareOp::Greater, Quantity::SchoolDays(3));
            vec![b.rule("long_absence", when, letter("long"))]
        },
        &data,
    );
    assert_eq!(when(&decisions), ["2024-09-18 long_absence letter"]);
    assert_eq!(decisions[0].evidence.len(), 8, "the Y1 day is not evidence");
}

#[test]
fn a_run_of_sessions_is_broken_by_any_other_possible_session() {
    let mut data = pupil();
    data.mark("p1", "2024-09-09", Session::Pm, Code::G)
        .absent("p1", &["2024-09-10"], Code::G)
        .mark("p1", "2024-09-16", Session::Am, Code::G)
        .mark("p1", "2024-09-16", Session::Pm, Code::G)
        .mark("p1", "2024-09-17", Session::Am, Code::Closed)
        .mark("p1", "2024-09-17", Session::Pm, Code::G);
    let decisions = run(
        |b| {
            let codes = b.literal(&[Code::G]);
            let run = b.aggregate(Aggregate::Run {
                codes,
                unit: RunUnit::Sessions,
                counts_from: None,
            });
            let when = b.compare(run, CompareOp::GreaterOrEqual, Quantity::Sessions(3));
            vec![b.rule("holiday_run", when, letter("holiday"))]
        },
        &data,
    );
    assert_eq!(
        when(&decisions),
        [
            "2024-09-10 holiday_run letter",
            "2024-09-17 holiday_run letter"
        ]
    );
}

#[test]
fn an_alternative_replaces_the_action_when_its_condition_also_holds() {
    let rules = |b: &mut Builder| {
        let when = at_least(b, "unauthorised", 10, 10);
        let holiday = b.literal(&[Code::G]);
        let holidays = b.threshold(holiday, 10, 6);
        vec![b.rule_spec(RuleSpec {
            name: "threshold",
            when,
            then: Action::PenaltyNotice,
            instead: vec![(holidays, Action::Prosecution)],
            repeat: Repeat::Unlimited,
        })]
    };
    let week = [
        "2024-10-07",
        "2024-10-08",
        "2024-10-09",
        "2024-10-10",
        "2024-10-11",
    ];
    let mut data = pupil();
    data.absent("p1", &week, Code::G);
    let decisions = run(rules, &data);
    assert_eq!(when(&decisions), ["2024-10-11 threshold prosecution"]);
    assert!(decisions[0].reason.ends_with(
        "prosecution instead because count {G} within 10 school weeks = 10 (needs >= 6 sessions)"
    ));
    let mut data = pupil();
    data.absent("p1", &week, Code::U);
    assert_eq!(
        when(&run(rules, &data)),
        ["2024-10-11 threshold penalty_notice"]
    );
}

/// The predicate `attendance this academic_year < 90%`.
fn below_ninety(b: &mut Builder) -> NodeId {
    let attending = b.codes("attending");
    let share = b.aggregate(Aggregate::Share {
        codes: attending,
        window: Window::Period {
            period: Period::AcademicYear,
        },
        counts_from: None,
    });
    b.compare(share, CompareOp::Less, Quantity::BasisPoints(9000))
}

/// `attendance this academic_year < 90%`, at most once per academic year.
fn low_attendance(b: &mut Builder) -> Vec<NodeId> {
    let when = below_ninety(b);
    vec![b.rule_spec(RuleSpec {
        name: "low_attendance",
        when,
        then: letter("concern"),
        instead: Vec::new(),
        repeat: Repeat::OncePer(Period::AcademicYear),
    })]
}

#[test]
fn attendance_is_a_share_of_possible_sessions_and_its_evidence_is_the_absences() {
    let mut data = pupil();
    data.attend("p1", "s1", "2025-09-01", "2025-10-24")
        .absent("p1", &["2024-09-16", "2024-09-17"], Code::I)
        .absent("p1", &["2024-10-01", "2024-10-02"], Code::I)
        .absent("p1", &["2025-09-08", "2025-09-09"], Code::I);
    let decisions = run(low_attendance, &data);
    assert_eq!(
        when(&decisions),
        [
            "2024-09-17 low_attendance letter",
            "2025-09-08 low_attendance letter"
        ],
        "20 of 24 sessions, then 10 of 12, are below 90%; once per academic year"
    );
    assert_eq!(
        sessions(&decisions[0]),
        [
            "2024-09-16 AM I",
            "2024-09-16 PM I",
            "2024-09-17 AM I",
            "2024-09-17 PM I"
        ]
    );
    assert!(decisions[0]
        .reason
        .starts_with("attendance this academic_year = 83.33% (20 of 24 sessions) (needs < 90%)"));

    let mut not_possible = pupil();
    not_possible.absent("p1", &["2024-09-16", "2024-09-17"], Code::X);
    assert!(run(low_attendance, &not_possible).is_empty());
}

#[test]
fn a_letter_on_a_share_cites_consumed_sessions_but_a_penalty_does_not() {
    let mut data = pupil();
    data.absent("p1", &["2024-09-16"], Code::U)
        .absent("p1", &["2024-09-17"], Code::I);
    let notice_then = |share_action: Action| {
        move |b: &mut Builder| {
            let when = at_least(b, "unauthorised", 10, 2);
            let mut rules = vec![b.rule("notice", when, Action::PenaltyNotice)];
            let low = below_ninety(b);
            rules.push(b.rule("low_attendance", low, share_action.clone()));
            rules
        }
    };

    // A letter is no second penalty: it cites all four absences behind
    // the 83.33%, the two the notice consumed included.
    let decisions = run(notice_then(letter("concern")), &data);
    assert_eq!(
        when(&decisions),
        [
            "2024-09-16 notice penalty_notice",
            "2024-09-17 low_attendance letter"
        ]
    );
    assert!(decisions[1]
        .reason
        .starts_with("attendance this academic_year = 83.33%"));
    assert_eq!(
        sessions(&decisions[1]),
        [
            "2024-09-16 AM U",
            "2024-09-16 PM U",
            "2024-09-17 AM I",
            "2024-09-17 PM I"
        ]
    );

    // A penalty on the same share counts the consumed sessions in the
    // percentage but never cites them again.
    let decisions = run(notice_then(Action::PenaltyNotice), &data);
    assert_eq!(
        when(&decisions),
        [
            "2024-09-16 notice penalty_notice",
            "2024-09-17 low_attendance penalty_notice"
        ]
    );
    assert_eq!(
        sessions(&decisions[1]),
        ["2024-09-17 AM I", "2024-09-17 PM I"]
    );
}

#[test]
fn a_ladder_step_waits_school_weeks_since_the_last_letter_and_looks_at_attendance_since() {
    let ladder = |b: &mut Builder| {
        let mut rules = low_attendance(b);
        let firings = b.firings("low_attendance");
        let weeks = b.aggregate(Aggregate::SchoolWeeksSince { anchor: firings });
        let waited = b.compare(weeks, CompareOp::GreaterOrEqual, Quantity::SchoolWeeks(2));
        let attending = b.codes("attending");
        let since = b.aggregate(Aggregate::Share {
            codes: attending,
            window: Window::Since { anchor: firings },
            counts_from: None,
        });
        let still_low = b.compare(since, CompareOp::Less, Quantity::BasisPoints(9200));
        let when = b.predicate(Predicate::All {
            of: vec![waited, still_low],
        });
        rules.push(b.rule("second_letter", when, letter("second")));
        rules
    };
    let mut data = pupil();
    data.absent("p1", &["2024-09-16", "2024-09-17", "2024-09-19"], Code::I);
    let decisions = run(ladder, &data);
    assert_eq!(
        when(&decisions),
        [
            "2024-09-17 low_attendance letter",
            "2024-09-30 second_letter letter"
        ]
    );
    assert_eq!(
        sessions(&decisions[1]),
        ["2024-09-19 AM I", "2024-09-19 PM I"],
        "the absences since the first letter"
    );
}

/// `count unauthorised within 3 school weeks after truancy_sweep >= 2 sessions`.
fn after_sweep(b: &mut Builder) -> Vec<NodeId> {
    let codes = b.codes("unauthorised");
    let anchor = b.events(EventKind::TruancySweep);
    let count = b.count(
        codes,
        Window::AfterAnchor {
            anchor,
            school_weeks: 3,
        },
    );
    let when = b.compare(count, CompareOp::GreaterOrEqual, Quantity::Sessions(2));
    vec![b.rule("truancy_sweep", when, Action::PenaltyNotice)]
}

fn swept(on: &str, late: &[&str]) -> Vec<String> {
    let mut data = pupil();
    data.event("p1", None, EventKind::TruancySweep, on, None, None)
        .mornings("p1", &["2024-09-11"], Code::U)
        .mornings("p1", late, Code::U);
    when(&run(after_sweep, &data))
}

#[test]
fn a_window_after_an_event_counts_the_events_week_as_the_first() {
    let fired = ["2024-09-24 truancy_sweep penalty_notice"];
    assert_eq!(swept("2024-09-14", &["2024-09-23", "2024-09-24"]), fired);
    assert!(swept("2024-09-14", &["2024-09-30", "2024-10-01"]).is_empty());
    assert!(
        swept("2024-09-14", &["2024-09-12"]).is_empty(),
        "the day before is outside"
    );
    assert_eq!(
        swept("2024-10-30", &["2024-11-11", "2024-11-12"]),
        ["2024-11-12 truancy_sweep penalty_notice"],
        "a sweep in the half-term holiday: that week is week 1"
    );
    assert!(swept("2024-10-30", &["2024-11-18", "2024-11-19"]).is_empty());
}

fn improvement(start: &str, end: Option<&str>, late: &str) -> Vec<String> {
    improvement_in(
        |anchor| Window::NoticeToImprove {
            anchor,
            lasts_days: 28,
            at_most_days: 42,
        },
        start,
        end,
        &["2024-10-25", late],
    )
}

/// The breaches of a Notice to Improve from `start` (extended to `end`)
/// by unauthorised mornings on the `late` days, its window `window`.
fn improvement_in(
    window: impl FnOnce(NodeId) -> Window,
    start: &str,
    end: Option<&str>,
    late: &[&str],
) -> Vec<String> {
    let mut data = pupil();
    data.event(
        "p1",
        Some("mum"),
        EventKind::NoticeToImprove,
        start,
        end,
        None,
    )
    .mornings("p1", late, Code::U);
    let rules = |b: &mut Builder| {
        let codes = b.codes("unauthorised");
        let anchor = b.events(EventKind::NoticeToImprove);
        let count = b.count(codes, window(anchor));
        let when = b.compare(count, CompareOp::GreaterOrEqual, Quantity::Sessions(1));
        vec![b.rule("breach", when, Action::PenaltyNotice)]
    };
    when(&run(rules, &data))
}

#[test]
fn a_notice_to_improve_in_school_weeks_skips_the_holiday_weeks() {
    // Given on Monday 21 October 2024, for 2 school weeks: its own week is
    // week 1, the half-term week is no school week, the week of 4 November
    // is week 2.
    let weeks = |anchor| Window::NoticeToImproveSchoolWeeks {
        anchor,
        lasts_school_weeks: 2,
        at_most_school_weeks: 3,
    };
    let breach = |date: &str| vec![format!("{date} breach penalty_notice")];
    assert_eq!(
        improvement_in(weeks, "2024-10-21", None, &["2024-11-08"]),
        breach("2024-11-08")
    );
    assert!(improvement_in(weeks, "2024-10-21", None, &["2024-11-11"]).is_empty());
    // Extended to a date, but never past its third school week.
    let extended = Some("2024-11-30");
    assert_eq!(
        improvement_in(weeks, "2024-10-21", extended, &["2024-11-15"]),
        breach("2024-11-15")
    );
    assert!(improvement_in(weeks, "2024-10-21", extended, &["2024-11-18"]).is_empty());
    // The same 14 days in calendar days end on 3 November.
    let days = |anchor| Window::NoticeToImprove {
        anchor,
        lasts_days: 14,
        at_most_days: 21,
    };
    assert!(improvement_in(days, "2024-10-21", None, &["2024-11-08"]).is_empty());
}

#[test]
fn a_notice_to_improve_period_lasts_its_weeks_and_extends_no_further_than_at_most() {
    let breach = |date: &str| vec![format!("{date} breach penalty_notice")];
    assert_eq!(
        improvement("2024-11-04", None, "2024-11-29"),
        breach("2024-11-29")
    );
    assert!(improvement("2024-11-04", None, "2024-12-02").is_empty());
    let extended = Some("2024-12-20");
    assert_eq!(
        improvement("2024-11-04", extended, "2024-12-13"),
        breach("2024-12-13")
    );
    assert!(improvement("2024-11-04", extended, "2024-12-16").is_empty());
}

fn in_period(period: Period, late: &[&str]) -> usize {
    let mut data = pupil();
    data.mornings("p1", late, Code::U);
    let rules = |b: &mut Builder| {
        let codes = b.codes("unauthorised");
        let count = b.count(codes, Window::Period { period });
        let when = b.compare(count, CompareOp::GreaterOrEqual, Quantity::Sessions(3));
        vec![b.rule("period", when, letter("period"))]
    };
    run(rules, &data).len()
}

#[test]
fn periods_start_after_a_week_off_or_a_two_week_break_or_on_1_september() {
    let across_half_term = ["2024-10-24", "2024-10-25", "2024-11-04"];
    assert_eq!(in_period(Period::HalfTerm, &across_half_term), 0);
    assert_eq!(in_period(Period::Term, &across_half_term), 1);
    let across_christmas = ["2024-12-19", "2024-12-20", "2025-01-06"];
    assert_eq!(in_period(Period::Term, &across_christmas), 0);
    assert_eq!(in_period(Period::AcademicYear, &across_christmas), 1);
}

/// The days a letter for 3 unauthorised mornings in `window` is decided.
fn three_in(window: Window, late: &[&str]) -> Vec<String> {
    let mut data = pupil();
    data.mornings("p1", late, Code::U);
    let rules = |b: &mut Builder| {
        let codes = b.codes("unauthorised");
        let count = b.count(codes, window);
        let when = b.compare(count, CompareOp::GreaterOrEqual, Quantity::Sessions(3));
        vec![b.rule("three", when, letter("three"))]
    };
    run(rules, &data)
        .iter()
        .map(|decision| decision.date.to_string())
        .collect()
}

#[test]
fn this_and_previous_term_reaches_back_one_period_and_no_further() {
    let term = Window::ThisAndPrevious {
        period: Period::Term,
    };
    // Autumn and spring: the spring term sees both.
    let across_christmas = ["2024-12-19", "2024-12-20", "2025-01-06"];
    assert_eq!(three_in(term.clone(), &across_christmas), ["2025-01-06"]);
    // Autumn and summer: the summer term sees spring, not autumn.
    assert!(three_in(term.clone(), &["2024-12-19", "2024-12-20", "2025-04-22"]).is_empty());
    assert_eq!(
        three_in(term, &["2025-03-03", "2025-03-04", "2025-04-22"]),
        ["2025-04-22"]
    );
    let half_term = Window::ThisAndPrevious {
        period: Period::HalfTerm,
    };
    let across_half_term = ["2024-10-24", "2024-10-25", "2024-11-04"];
    assert_eq!(
        three_in(half_term.clone(), &across_half_term),
        ["2024-11-04"]
    );
    assert!(three_in(half_term, &["2024-10-24", "2024-10-25", "2025-01-06"]).is_empty());
    let year = Window::ThisAndPrevious {
        period: Period::AcademicYear,
    };
    assert_eq!(
        three_in(year, &["2024-09-16", "2024-09-17", "2025-07-01"]),
        ["2025-07-01"]
    );
}

#[test]
fn a_window_of_months_holds_sessions_after_the_same_day_months_before() {
    let months = Window::Months { months: 3 };
    // 16 December looks back to 16 September, which it does not hold.
    assert!(three_in(months.clone(), &["2024-09-16", "2024-10-15", "2024-12-16"]).is_empty());
    assert_eq!(
        three_in(months, &["2024-09-17", "2024-10-15", "2024-12-16"]),
        ["2024-12-16"]
    );
}

#[test]
fn a_window_between_dates_holds_only_sessions_on_those_dates() {
    let october = Window::Between {
        from: d("2024-10-01"),
        to: d("2024-10-31"),
    };
    let around = ["2024-09-30", "2024-10-01", "2024-10-02", "2024-11-04"];
    assert!(three_in(october.clone(), &around).is_empty());
    assert_eq!(
        three_in(october, &["2024-10-01", "2024-10-02", "2024-10-25"]),
        ["2024-10-25"]
    );
}

/// A once-per-event rule whose condition already holds decides on each
/// new Notice to Improve when it is reached, although no count moves that
/// day (found by the differential test; the engine passed over the day).
#[test]
fn a_once_per_event_rule_decides_on_a_new_event_that_moves_no_count() {
    let mut data = pupil();
    data.mornings("p1", &["2024-09-09", "2024-09-10"], Code::C)
        .event(
            "p1",
            None,
            EventKind::NoticeToImprove,
            "2024-10-07",
            None,
            None,
        )
        .event(
            "p1",
            None,
            EventKind::NoticeToImprove,
            "2025-01-13",
            None,
            None,
        );
    let decisions = run(
        |b| {
            let unauthorised = b.codes("unauthorised");
            let anchor = b.events(EventKind::NoticeToImprove);
            let during = b.count(
                unauthorised,
                Window::NoticeToImprove {
                    anchor,
                    lasts_days: 28,
                    at_most_days: 42,
                },
            );
            let breached = b.compare(during, CompareOp::GreaterOrEqual, Quantity::Sessions(1));
            let authorised = b.codes("authorised");
            let year = b.count(
                authorised,
                Window::Period {
                    period: Period::AcademicYear,
                },
            );
            let absent = b.compare(year, CompareOp::GreaterOrEqual, Quantity::Sessions(2));
            let when = b.predicate(Predicate::Any {
                of: vec![breached, absent],
            });
            vec![b.rule_spec(RuleSpec {
                name: "per_notice",
                when,
                then: letter("per notice"),
                instead: Vec::new(),
                repeat: Repeat::OncePerEvent(EventKind::NoticeToImprove),
            })]
        },
        &data,
    );
    assert_eq!(
        when(&decisions),
        [
            "2024-10-07 per_notice letter",
            "2025-01-13 per_notice letter"
        ]
    );
}

#[test]
fn at_most_once_stops_later_firings() {
    let mut data = pupil();
    data.mornings("p1", &["2024-09-09", "2024-10-07", "2024-10-08"], Code::U);
    let decisions = run(
        |b| {
            let when = at_least(b, "unauthorised", 1, 1);
            vec![b.rule_spec(RuleSpec {
                name: "once",
                when,
                then: letter("once"),
                instead: Vec::new(),
                repeat: Repeat::Once,
            })]
        },
        &data,
    );
    assert_eq!(when(&decisions), ["2024-09-09 once letter"]);
}

#[test]
fn the_evidence_of_or_is_its_holding_branches_and_of_not_nothing() {
    let mut data = pupil();
    data.mornings("p1", &["2024-09-09", "2024-09-10"], Code::G)
        .mornings("p1", &["2024-09-11"], Code::N);
    let decisions = run(
        |b| {
            let g = b.literal(&[Code::G]);
            let two_g = b.threshold(g, 10, 2);
            let u = b.literal(&[Code::U]);
            let five_u = b.threshold(u, 10, 5);
            let either = b.predicate(Predicate::Any {
                of: vec![two_g, five_u],
            });
            let n = b.literal(&[Code::N]);
            let any_n = b.threshold(n, 10, 1);
            let no_n = b.predicate(Predicate::Not { of: any_n });
            let clean_u = b.predicate(Predicate::Not { of: five_u });
            let either_and_clean = b.predicate(Predicate::All {
                of: vec![either, clean_u],
            });
            let holiday_without_n = b.predicate(Predicate::All {
                of: vec![two_g, no_n],
            });
            vec![
                b.rule("either", either_and_clean, letter("either")),
                b.rule("holiday_without_n", holiday_without_n, letter("clean")),
            ]
        },
        &data,
    );
    assert_eq!(
        when(&decisions),
        [
            "2024-09-10 either letter",
            "2024-09-10 holiday_without_n letter"
        ]
    );
    assert_eq!(
        sessions(&decisions[0]),
        ["2024-09-09 AM G", "2024-09-10 AM G"]
    );
    assert_eq!(
        sessions(&decisions[1]),
        ["2024-09-09 AM G", "2024-09-10 AM G"]
    );
    assert_eq!(d("2024-09-10"), decisions[1].date);
}

#[test]
fn school_weeks_since_a_firing_count_every_week_though_quiet_weeks_are_passed_over() {
    // Both aggregates are quiet but for their codes, so whole school weeks
    // with neither an unauthorised session nor a window to empty are
    // passed over; the weeks since the first letter still count each one,
    // half-term (no school session) not at all.
    let mut data = pupil();
    data.mornings("p1", &["2024-09-18"], Code::U);
    let decisions = run(
        |b| {
            let first = at_least(b, "unauthorised", 1, 1);
            let mut rules = vec![b.rule("first", first, letter("first"))];
            let firings = b.firings("first");
            let weeks = b.aggregate(Aggregate::SchoolWeeksSince { anchor: firings });
            let waited = b.compare(weeks, CompareOp::GreaterOrEqual, Quantity::SchoolWeeks(8));
            rules.push(b.rule("second", waited, letter("second")));
            rules
        },
        &data,
    );
    // The week of 16 September is school week 3; eight school weeks on is
    // week 11, the week of 18 November (the half-term week does not count).
    assert_eq!(
        when(&decisions),
        ["2024-09-18 first letter", "2024-11-18 second letter"]
    );
}

/// The letters for `count unauthorised WINDOW >= AT_LEAST sessions` over
/// unauthorised mornings on `late` (both sessions of `closed` days not
/// possible: Y1).
fn letters_in(window: Window, at_least: u32, late: &[&str], closed: &[&str]) -> Vec<String> {
    let mut data = pupil();
    data.mornings("p1", late, Code::U)
        .absent("p1", closed, Code::Y1);
    let rules = |b: &mut Builder| {
        let codes = b.codes("unauthorised");
        let count = b.count(codes, window);
        let when = b.compare(
            count,
            CompareOp::GreaterOrEqual,
            Quantity::Sessions(at_least),
        );
        vec![b.rule("window", when, letter("window"))]
    };
    when(&run(rules, &data))
}

#[test]
fn a_window_of_sessions_holds_the_last_possible_sessions_to_the_end_of_the_day() {
    let ten = Window::Sessions { sessions: 10 };
    // Monday 9 September morning to Friday 13 September afternoon: 10.
    assert_eq!(
        letters_in(ten.clone(), 2, &["2024-09-09", "2024-09-13"], &[]),
        ["2024-09-13 window letter"]
    );
    // To Monday 16 September's end, the last 10 begin on Tuesday 10.
    assert!(letters_in(ten.clone(), 2, &["2024-09-09", "2024-09-16"], &[]).is_empty());
    // Unless Tuesday and Wednesday were not possible: they do not count.
    assert_eq!(
        letters_in(
            ten,
            2,
            &["2024-09-09", "2024-09-16"],
            &["2024-09-10", "2024-09-11"]
        ),
        ["2024-09-16 window letter"]
    );
    // The day's own sessions count towards the length: the last one
    // session is the afternoon only.
    let one = Window::Sessions { sessions: 1 };
    assert!(letters_in(one, 1, &["2024-09-09"], &[]).is_empty());
    let two = Window::Sessions { sessions: 2 };
    assert_eq!(
        letters_in(two, 1, &["2024-09-09"], &[]),
        ["2024-09-09 window letter"]
    );
}

#[test]
fn a_day_of_sessions_that_are_not_possible_is_no_school_day() {
    let two_days = Window::SchoolDays { school_days: 2 };
    let late = ["2024-09-09", "2024-09-11"];
    // Monday and Wednesday are two school days apart: two late mornings in
    // the last two school days on Wednesday.
    assert!(letters_in(two_days.clone(), 2, &late, &[]).is_empty());
    // With Tuesday not possible (Y1: unable to attend), Tuesday is no
    // school day: Monday and Wednesday are the last two.
    assert_eq!(
        letters_in(two_days, 2, &late, &["2024-09-10"]),
        ["2024-09-11 window letter"]
    );
}

#[test]
fn a_window_of_school_days_after_an_event_starts_the_next_day_and_skips_the_holiday() {
    let after = |date: &str, late: &[&str]| {
        let mut data = pupil();
        data.event("p1", None, EventKind::TruancySweep, date, None, None)
            .mornings("p1", late, Code::U);
        let rules = |b: &mut Builder| {
            let codes = b.codes("unauthorised");
            let anchor = b.events(EventKind::TruancySweep);
            let count = b.count(
                codes,
                Window::SchoolDaysAfter {
                    anchor,
                    school_days: 5,
                },
            );
            let when = b.compare(count, CompareOp::GreaterOrEqual, Quantity::Sessions(1));
            vec![b.rule("sweep", when, letter("sweep"))]
        };
        when(&run(rules, &data))
    };
    // After Wednesday 23 October: Thursday 24 is day 1; half-term has no
    // school days; Wednesday 6 November is day 5.
    assert_eq!(
        after("2024-10-23", &["2024-11-06"]),
        ["2024-11-06 sweep letter"]
    );
    assert!(after("2024-10-23", &["2024-11-07"]).is_empty());
    assert!(
        after("2024-10-23", &["2024-10-23"]).is_empty(),
        "the event's own day"
    );
    // An event in the holiday: the first school day after it is day 1.
    assert_eq!(
        after("2024-10-30", &["2024-11-08"]),
        ["2024-11-08 sweep letter"]
    );
    assert!(after("2024-10-30", &["2024-11-11"]).is_empty());
}

#[test]
fn a_notice_to_improve_in_school_days_runs_from_the_day_after_and_skips_the_holiday() {
    // Given on Monday 21 October 2024 for 5 school days: 22 October to 4
    // November (half-term has none).
    let days = |anchor| Window::NoticeToImproveSchoolDays {
        anchor,
        lasts_school_days: 5,
        at_most_school_days: 8,
    };
    let breach = |date: &str| vec![format!("{date} breach penalty_notice")];
    assert_eq!(
        improvement_in(days, "2024-10-21", None, &["2024-11-04"]),
        breach("2024-11-04")
    );
    assert!(improvement_in(days, "2024-10-21", None, &["2024-11-05"]).is_empty());
    assert!(
        improvement_in(days, "2024-10-21", None, &["2024-10-21"]).is_empty(),
        "the notice's own day"
    );
    // Extended to a date, but never past its eighth school day (7 November).
    let extended = Some("2024-11-30");
    assert_eq!(
        improvement_in(days, "2024-10-21", extended, &["2024-11-07"]),
        breach("2024-11-07")
    );
    assert!(improvement_in(days, "2024-10-21", extended, &["2024-11-08"]).is_empty());
    // Given on the first Saturday of half-term: day 1 is Monday 4 November.
    assert_eq!(
        improvement_in(days, "2024-10-26", None, &["2024-11-08"]),
        breach("2024-11-08")
    );
    assert!(improvement_in(days, "2024-10-26", None, &["2024-11-11"]).is_empty());
}

#[test]
fn a_week_of_sessions_that_are_not_possible_is_a_school_week() {
    // Unauthorised mornings on Monday 9 September and Monday 16 September;
    // the week of 16 September otherwise (and the week of 9 September after
    // Monday) present. With the whole week of 23 September marked Y1 (the
    // pupil could not attend, but the school met), it is still a school
    // week: on Monday 30 September a window of 3 school weeks holds the
    // weeks of 16, 23 and 30 September, so the first Monday's session has
    // left it.
    let three_weeks = Window::SchoolWeeks { school_weeks: 3 };
    let late = ["2024-09-09", "2024-09-16", "2024-09-30"];
    let unable = [
        "2024-09-23",
        "2024-09-24",
        "2024-09-25",
        "2024-09-26",
        "2024-09-27",
    ];
    assert!(letters_in(three_weeks.clone(), 3, &late, &unable).is_empty());
    assert_eq!(
        letters_in(three_weeks, 2, &late, &unable),
        ["2024-09-16 window letter"]
    );
}
