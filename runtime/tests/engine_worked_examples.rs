//! The worked examples of the national threshold (domain RULES.md and
//! sources.md §3.2, T1–T10), evaluated under a hand-built national-2024.

mod engine_support;

use engine_support::data::Data;
use engine_support::graphs::{authority_threshold, national_2024};
use engine_support::{brief, briefs, d, sessions};
use rollcall_data::model::Session;
use rollcall_ir::codes::Code;
use rollcall_runtime::decision::Decision;
use rollcall_runtime::engine::{evaluate, EvalOptions, PolicySet};

fn national(data: &Data) -> Vec<Decision> {
    let policies = PolicySet::new(vec![national_2024()]).expect("valid policies");
    evaluate(&policies, &data.build(), &EvalOptions::default())
}

/// A compulsory-age pupil `p1` with parent `p1-mum`, present at `s1`
/// (authority without a policy) on every term day from `from` to `to`.
fn pupil(from: &str, to: &str) -> Data {
    let mut data = Data::new();
    data.pupil("p1", "2015-03-04", &["p1-mum"])
        .attend("p1", "s1", from, to);
    data
}

const NOTICE_1: &str = "p1 {date} p1-mum penalty_notice #1 8000/21,16000/28 \
                        national_threshold national-2024@2024-08-19 evidence=10";

fn first_notice_on(date: &str) -> Vec<String> {
    vec![NOTICE_1.replace("{date}", date)]
}

#[test]
fn t1_ten_holiday_sessions_in_one_week_meet_the_threshold_on_the_friday() {
    let mut data = pupil("2024-09-02", "2024-12-20");
    let week = [
        "2024-10-07",
        "2024-10-08",
        "2024-10-09",
        "2024-10-10",
        "2024-10-11",
    ];
    data.absent("p1", &week, Code::G);
    let decisions = national(&data);
    assert_eq!(briefs(&decisions), first_notice_on("2024-10-11"));
    let expected: Vec<String> = week
        .iter()
        .flat_map(|date| [format!("{date} AM G"), format!("{date} PM G")])
        .collect();
    assert_eq!(sessions(&decisions[0]), expected);
}

#[test]
fn t2_four_holiday_and_six_late_sessions_meet_it_on_the_sixth_late_mark() {
    let mut data = pupil("2024-09-02", "2024-12-20");
    data.absent("p1", &["2024-11-04", "2024-11-05"], Code::G);
    let late = [
        "2024-11-11",
        "2024-11-12",
        "2024-11-18",
        "2024-11-19",
        "2024-11-25",
        "2024-11-26",
    ];
    data.mornings("p1", &late, Code::U);
    assert_eq!(briefs(&national(&data)), first_notice_on("2024-11-26"));
    let day_before = EvalOptions {
        as_of: Some(d("2024-11-25")),
        threads: None,
    };
    let policies = PolicySet::new(vec![national_2024()]).expect("valid policies");
    assert!(evaluate(&policies, &data.build(), &day_before).is_empty());
}

#[test]
fn t3_six_in_one_week_then_one_a_week_for_four_weeks_meet_it_in_the_fifth_week() {
    let mut data = pupil("2025-01-06", "2025-04-04");
    data.absent("p1", &["2025-01-13", "2025-01-14", "2025-01-15"], Code::O);
    let weekly = ["2025-01-20", "2025-01-27", "2025-02-03", "2025-02-10"];
    data.mornings("p1", &weekly, Code::O);
    assert_eq!(briefs(&national(&data)), first_notice_on("2025-02-10"));
}

#[test]
fn t4_two_in_the_summer_and_eight_in_the_autumn_meet_it_across_the_holiday() {
    let mut data = pupil("2025-04-22", "2025-10-24");
    // An INSET day alone in its week: `#` only, so not a school week.
    for session in [Session::Am, Session::Pm] {
        data.set("p1", "s1", d("2025-07-21"), session, Code::Closed);
    }
    data.mornings("p1", &["2025-07-14", "2025-07-15"], Code::U);
    let holiday = ["2025-09-29", "2025-09-30", "2025-10-01", "2025-10-02"];
    data.absent("p1", &holiday, Code::G);
    let decisions = national(&data);
    assert_eq!(briefs(&decisions), first_notice_on("2025-10-02"));
    assert_eq!(
        sessions(&decisions[0])[..2],
        ["2025-07-14 AM U", "2025-07-15 AM U"]
    );
}

#[test]
fn t5_nine_sessions_do_not_meet_it() {
    let mut data = pupil("2024-09-02", "2024-12-20");
    let days = ["2024-10-07", "2024-10-08", "2024-10-09", "2024-10-10"];
    data.absent("p1", &days, Code::G)
        .mornings("p1", &["2024-10-11"], Code::G);
    assert!(national(&data).is_empty());
}

/// Five `O` sessions on the Monday, Tuesday and Wednesday morning of a week.
fn five_in_week_of(data: &mut Data, monday: &str) {
    let monday = d(monday);
    let day = |n: u64| (monday + chrono::Days::new(n)).to_string();
    data.absent("p1", &[&day(0), &day(1)], Code::O)
        .mornings("p1", &[&day(2)], Code::O);
}

#[test]
fn t6_five_and_five_eleven_school_weeks_apart_do_not_meet_it() {
    let mut data = pupil("2024-09-02", "2024-12-20");
    five_in_week_of(&mut data, "2024-09-02");
    five_in_week_of(&mut data, "2024-11-18");
    assert!(national(&data).is_empty());
}

#[test]
fn t7_a_half_term_week_is_skipped_so_eleven_calendar_weeks_can_be_ten_school_weeks() {
    let mut data = pupil("2024-09-02", "2024-12-20");
    five_in_week_of(&mut data, "2024-09-09");
    five_in_week_of(&mut data, "2024-11-18");
    assert_eq!(briefs(&national(&data)), first_notice_on("2024-11-20"));
}

#[test]
fn t8_a_week_with_inset_days_and_some_sessions_is_a_school_week() {
    let mut data = pupil("2024-09-02", "2024-12-20");
    five_in_week_of(&mut data, "2024-09-02");
    five_in_week_of(&mut data, "2024-11-18");
    data.absent("p1", &["2024-10-14", "2024-10-15"], Code::Closed);
    assert!(national(&data).is_empty(), "the INSET week still counts");

    let inset_days = ["2024-10-16", "2024-10-17", "2024-10-18"];
    data.absent("p1", &inset_days, Code::Closed);
    assert_eq!(
        briefs(&national(&data)),
        first_notice_on("2024-11-20"),
        "a week of closures only is not a school week"
    );
}

#[test]
fn t9_g_n_and_u_meet_the_national_threshold_but_not_a_g_o_u_code() {
    let mut data = pupil("2024-09-02", "2024-12-20");
    data.school("s2", "gou-authority")
        .pupil("p2", "2015-03-04", &["p2-mum"])
        .attend("p2", "s2", "2024-09-02", "2024-12-20");
    for pupil in ["p1", "p2"] {
        data.absent(pupil, &["2024-10-07", "2024-10-08"], Code::G)
            .absent(pupil, &["2024-10-09"], Code::N)
            .absent(pupil, &["2024-10-10", "2024-10-11"], Code::U);
    }
    let gou = [Code::G, Code::O, Code::U].into_iter().collect();
    let policies = PolicySet::new(vec![
        national_2024(),
        authority_threshold("gou-authority", gou),
    ])
    .expect("valid policies");
    let decisions = evaluate(&policies, &data.build(), &EvalOptions::default());
    assert_eq!(briefs(&decisions), first_notice_on("2024-10-11"));
    assert_eq!(decisions[0].pupil, "p1");
}

#[test]
fn t10_authorised_absence_never_counts() {
    let mut data = pupil("2024-09-02", "2024-12-20");
    data.absent("p1", &["2024-10-07", "2024-10-08"], Code::C)
        .absent("p1", &["2024-10-09", "2024-10-10"], Code::I)
        .absent("p1", &["2024-10-11"], Code::M);
    assert!(national(&data).is_empty());
}

#[test]
fn the_decision_names_the_leading_authority_and_says_why() {
    let mut data = pupil("2024-09-02", "2024-12-20");
    let week = [
        "2024-10-07",
        "2024-10-08",
        "2024-10-09",
        "2024-10-10",
        "2024-10-11",
    ];
    data.absent("p1", &week, Code::G);
    let decision = &national(&data)[0];
    assert_eq!(decision.authority, "luton");
    assert_eq!(
        decision.reason,
        "count unauthorised within 10 school weeks = 10 (needs >= 10 sessions); \
         notice 1: no earlier notice counts"
    );
    assert!(brief(decision).contains("#1"));
}
