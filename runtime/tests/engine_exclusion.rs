//! Exclusion notices: a public place sighting on one of the first five
//! school days of an exclusion, at the earlier amounts, outside the
//! attendance notice count.

mod engine_support;

use engine_support::data::Data;
use engine_support::graphs::national_2024;
use engine_support::{briefs, d};
use rollcall_data::model::{EventKind, Session};
use rollcall_ir::codes::Code;
use rollcall_runtime::decision::{Decision, Evidence};
use rollcall_runtime::engine::{evaluate, EvalOptions, PolicySet};

fn run(data: &Data) -> Vec<Decision> {
    let policies = PolicySet::new(vec![national_2024()]).expect("valid policies");
    evaluate(&policies, &data.build(), &EvalOptions::default())
}

/// `p1` with two parents, excluded from `start` to `end` (marked `E` on
/// its term days) and seen in public on each of `seen`.
fn excluded(start: &str, end: &str, seen: &[&str]) -> Data {
    let mut data = Data::new();
    data.pupil("p1", "2014-01-30", &["mum", "dad"])
        .attend("p1", "s1", "2024-09-02", "2024-12-20")
        .event("p1", None, EventKind::Exclusion, start, Some(end), None);
    let days: Vec<String> = engine_support::data::term_days(d(start), d(end))
        .iter()
        .map(|day| day.to_string())
        .collect();
    let days: Vec<&str> = days.iter().map(String::as_str).collect();
    data.absent("p1", &days, Code::E);
    for day in seen {
        data.event("p1", None, EventKind::PublicPlace, day, None, None);
    }
    data
}

#[test]
fn a_sighting_on_day_three_gives_each_parent_an_exclusion_notice() {
    let decisions = run(&excluded("2024-11-11", "2024-11-15", &["2024-11-13"]));
    assert_eq!(
        briefs(&decisions),
        [
            "p1 2024-11-13 dad exclusion_notice 6000/21,12000/28 exclusion_sighting national-2024@2024-08-19 evidence=2",
            "p1 2024-11-13 mum exclusion_notice 6000/21,12000/28 exclusion_sighting national-2024@2024-08-19 evidence=2",
        ]
    );
    assert_eq!(
        decisions[0].evidence,
        [
            Evidence::Event {
                date: d("2024-11-11"),
                event: EventKind::Exclusion,
                end: Some(d("2024-11-15")),
            },
            Evidence::Event {
                date: d("2024-11-13"),
                event: EventKind::PublicPlace,
                end: None,
            },
        ]
    );
    assert!(decisions[0].reason.starts_with(
        "public_place in first 5 school days of exclusion: seen on school day 3 of the exclusion from 2024-11-11"
    ));
}

#[test]
fn only_the_first_five_school_days_count_from_the_first_school_day() {
    let saturday_start = |seen: &str| run(&excluded("2024-11-16", "2024-11-29", &[seen])).len();
    assert_eq!(saturday_start("2024-11-22"), 2, "Friday is school day 5");
    assert_eq!(saturday_start("2024-11-25"), 0, "Monday is school day 6");
    assert_eq!(
        saturday_start("2024-11-23"),
        0,
        "a Saturday is no school day"
    );
    assert_eq!(
        run(&excluded("2024-11-11", "2024-11-15", &["2024-11-18"])).len(),
        0
    );
}

#[test]
fn sightings_on_consecutive_days_fire_once_and_a_later_one_fires_again() {
    let seen = ["2024-11-12", "2024-11-13", "2024-11-15"];
    let dates: Vec<String> = run(&excluded("2024-11-11", "2024-11-22", &seen))
        .iter()
        .map(|decision| decision.date.to_string())
        .collect();
    assert_eq!(
        dates,
        ["2024-11-12", "2024-11-12", "2024-11-15", "2024-11-15"]
    );
}

#[test]
fn exclusion_notices_do_not_count_towards_the_attendance_notice_limit() {
    let mut data = excluded("2024-11-11", "2024-11-15", &["2024-11-13"]);
    let week = [
        "2024-12-02",
        "2024-12-03",
        "2024-12-04",
        "2024-12-05",
        "2024-12-06",
    ];
    data.absent("p1", &week, Code::G);
    let decisions = run(&data);
    let numbers: Vec<(String, Option<u32>)> = decisions
        .iter()
        .map(|decision| (decision.action.clone(), decision.notice_number))
        .collect();
    assert_eq!(
        numbers,
        [
            ("exclusion_notice".to_string(), None),
            ("exclusion_notice".to_string(), None),
            ("penalty_notice".to_string(), Some(1)),
            ("penalty_notice".to_string(), Some(1)),
        ]
    );
}

/// `p1` (parent `mum`) excluded from `start` (begun in the afternoon when
/// `pm`) to `end`, marked `E` from the afternoon it began, seen in public
/// on `seen`.
fn excluded_from(start: &str, end: &str, pm: bool, seen: &str) -> Vec<Decision> {
    let mut data = Data::new();
    data.pupil("p1", "2014-01-30", &["mum"])
        .attend("p1", "s1", "2025-03-03", "2025-03-28")
        .event("p1", None, EventKind::Exclusion, start, Some(end), None);
    if pm {
        data.began(Session::Pm);
    }
    for (n, day) in engine_support::data::term_days(d(start), d(end))
        .iter()
        .enumerate()
    {
        if !(pm && n == 0) {
            data.set("p1", "s1", *day, Session::Am, Code::E);
        }
        data.set("p1", "s1", *day, Session::Pm, Code::E);
    }
    data.event("p1", None, EventKind::PublicPlace, seen, None, None);
    run(&data)
}

#[test]
fn an_exclusion_begun_in_the_afternoon_starts_its_day_one_on_the_next_school_day() {
    // Monday 10 March to Monday 17 March: from a morning start the 17th is
    // school day 6 (no notice); from an afternoon start it is day 5.
    assert!(excluded_from("2025-03-10", "2025-03-17", false, "2025-03-17").is_empty());
    assert_eq!(
        briefs(&excluded_from("2025-03-10", "2025-03-17", true, "2025-03-17")),
        ["p1 2025-03-17 mum exclusion_notice 6000/21,12000/28 exclusion_sighting national-2024@2024-08-19 evidence=2"]
    );
    let reason = &excluded_from("2025-03-10", "2025-03-14", true, "2025-03-14")[0].reason;
    assert!(
        reason.contains("seen on school day 4 of the exclusion from 2025-03-10"),
        "{reason}"
    );
    // The afternoon it began is day 0: a sighting then is not on day 1.
    assert!(excluded_from("2025-03-10", "2025-03-14", true, "2025-03-10").is_empty());
    assert_eq!(
        excluded_from("2025-03-10", "2025-03-14", false, "2025-03-10").len(),
        1
    );
}
