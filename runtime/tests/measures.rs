//! Persistent and severe absence on hand-made histories: the 10% and 50%
//! boundaries, and sessions that are not possible.

use chrono::{Duration, NaiveDate};
use rollcall_runtime::codes::Code;
use rollcall_runtime::measures::{academic_year, enrolments, totals_by};
use rollcall_runtime::model::{Mark, Pupil, School, Session};
use rollcall_runtime::read::DataSet;

/// One pupil whose sessions, in order from Monday 2 September 2024, have these codes.
fn history(codes: &[Code]) -> DataSet {
    let start = NaiveDate::from_ymd_opt(2024, 9, 2).expect("date");
    let marks = codes
        .iter()
        .enumerate()
        .map(|(i, code)| Mark {
            pupil: "p".to_string(),
            school: "s".to_string(),
            date: start + Duration::days((i / 2) as i64),
            session: if i % 2 == 0 { Session::Am } else { Session::Pm },
            code: *code,
        })
        .collect();
    DataSet::new(
        vec![School {
            id: "s".into(),
            name: "S".into(),
            authority: "a".into(),
        }],
        vec![Pupil {
            id: "p".into(),
            date_of_birth: NaiveDate::from_ymd_opt(2015, 1, 1).expect("date"),
            parents: vec![],
        }],
        marks,
        vec![],
    )
}

/// `absent` absences (code I) among `possible` possible sessions, plus `extra` of a not-possible code.
fn measured(possible: usize, absent: usize, extra: Code, extra_count: usize) -> (bool, bool, u32) {
    let mut codes = vec![Code::I; absent];
    codes.extend(vec![Code::PresentAm; possible - absent]);
    codes.extend(vec![extra; extra_count]);
    let enrolments = enrolments(&history(&codes));
    let enrolment = enrolments.values().next().expect("one enrolment");
    (
        enrolment.persistently_absent(),
        enrolment.severely_absent(),
        enrolment.possible,
    )
}

#[test]
fn persistent_absence_starts_at_exactly_ten_percent() {
    assert_eq!(measured(20, 2, Code::X, 0), (true, false, 20));
    assert_eq!(measured(20, 1, Code::X, 0), (false, false, 20));
    assert_eq!(
        measured(21, 2, Code::X, 0),
        (false, false, 21),
        "2 of 21 is under 10%"
    );
}

#[test]
fn severe_absence_starts_at_exactly_half() {
    assert_eq!(measured(20, 10, Code::X, 0), (true, true, 20));
    assert_eq!(measured(20, 9, Code::X, 0), (true, false, 20));
}

#[test]
fn sessions_that_are_not_possible_do_not_count() {
    for code in [Code::X, Code::Y1, Code::Y7, Code::Z, Code::Closed] {
        assert_eq!(
            measured(20, 1, code, 4),
            (false, false, 20),
            "{code} is not a possible session"
        );
    }
    assert_eq!(measured(20, 2, Code::X, 30), (true, false, 20));
}

#[test]
fn approved_activity_counts_as_attending() {
    let data = history(&[Code::V, Code::B, Code::I, Code::PresentPm]);
    let totals = totals_by(&enrolments(&data), |_| "all".to_string());
    let total = &totals[&("2024/25".to_string(), "all".to_string())];
    assert_eq!((total.possible, total.attended), (4, 3));
}

#[test]
fn academic_years_run_from_september() {
    assert_eq!(
        academic_year(NaiveDate::from_ymd_opt(2024, 8, 31).expect("date")),
        "2023/24"
    );
    assert_eq!(
        academic_year(NaiveDate::from_ymd_opt(2024, 9, 1).expect("date")),
        "2024/25"
    );
}
