//! Attendance measures on hand-made histories: the 10% and 50% boundaries,
//! sessions that are not possible, approved activities, school moves, the
//! totals per school, authority and year, and the integer percentages.

use chrono::{Days, NaiveDate};
use rollcall_data::model::{Mark, Pupil, School, Session};
use rollcall_data::read::DataSet;
use rollcall_ir::codes::Code;
use rollcall_runtime::measures::{enrolments, measure, AcademicYear, Ratio, Sessions};

/// Pupils `p`, `q` and schools `s1` (or `s`), `s2` by position.
const P: u32 = 0;
const Q: u32 = 1;
const S1: u32 = 0;
const S2: u32 = 1;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a test date")
}

/// `codes` as consecutive sessions (AM, PM, next day AM…) of `pupil` at
/// `school` (their positions as given to `DataSet::new`) from `first_day`.
fn marks(pupil: u32, school: u32, first_day: &str, codes: &[Code]) -> Vec<(u32, Mark)> {
    codes
        .iter()
        .enumerate()
        .map(|(index, &code)| Mark {
            school,
            date: date(first_day) + Days::new(index as u64 / 2),
            session: if index % 2 == 0 {
                Session::Am
            } else {
                Session::Pm
            },
            code,
        })
        .map(|mark| (pupil, mark))
        .collect()
}

fn school(id: &str, authority: &str) -> School {
    School {
        id: id.into(),
        name: id.to_string(),
        authority: authority.to_string(),
    }
}

fn pupil(id: &str) -> Pupil {
    Pupil {
        id: id.to_string(),
        date_of_birth: date("2015-01-01"),
        parents: vec![],
    }
}

/// The sessions of one pupil with these codes, counted as one enrolment.
fn sessions_of(codes: &[Code]) -> Sessions {
    let data = DataSet::new(
        vec![school("s", "a")],
        vec![pupil("p")],
        marks(P, S1, "2024-09-02", codes),
        vec![],
    );
    let enrolments = enrolments(&data);
    assert_eq!(enrolments.len(), 1, "one enrolment");
    enrolments[0].sessions
}

/// `absent` sessions of `absence` and `present` sessions of `/`.
fn history(absence: Code, absent: usize, present: usize) -> Vec<Code> {
    let mut codes = vec![absence; absent];
    codes.extend(vec![Code::PresentAm; present]);
    codes
}

#[test]
fn persistent_absence_starts_at_exactly_ten_percent_of_possible_sessions() {
    let exactly = sessions_of(&history(Code::I, 2, 18));
    assert_eq!((exactly.possible, exactly.absences()), (20, 2));
    assert!(exactly.is_persistently_absent(), "2 of 20 is exactly 10%");
    let under = sessions_of(&history(Code::I, 2, 19));
    assert!(!under.is_persistently_absent(), "2 of 21 is just under 10%");
    let one = sessions_of(&history(Code::O, 1, 19));
    assert!(!one.is_persistently_absent(), "1 of 20 is 5%");
}

#[test]
fn severe_absence_starts_at_exactly_half_of_possible_sessions() {
    let half = sessions_of(&history(Code::G, 10, 10));
    assert!(half.is_severely_absent(), "10 of 20 is exactly 50%");
    assert!(
        half.is_persistently_absent(),
        "severe absence is also persistent"
    );
    let under = sessions_of(&history(Code::G, 10, 11));
    assert!(!under.is_severely_absent(), "10 of 21 is just under 50%");
    assert!(under.is_persistently_absent());
}

#[test]
fn sessions_that_are_not_possible_are_left_out_of_the_denominator() {
    let not_possible = [
        Code::D,
        Code::Q,
        Code::X,
        Code::Y,
        Code::Y1,
        Code::Y2,
        Code::Y3,
        Code::Y4,
        Code::Y5,
        Code::Y6,
        Code::Y7,
        Code::Z,
        Code::Closed,
    ];
    for code in not_possible {
        // 2 absences in 21 possible sessions: under 10%, however many
        // sessions of `code` there are.
        let mut codes = history(Code::N, 2, 19);
        codes.extend(vec![code; 30]);
        let sessions = sessions_of(&codes);
        assert_eq!(sessions.possible, 21, "{code} is not a possible session");
        assert!(!sessions.is_persistently_absent(), "{code}");
        // The same absences in 20 possible sessions: exactly 10%.
        let mut codes = history(Code::N, 2, 18);
        codes.extend(vec![code; 30]);
        assert!(sessions_of(&codes).is_persistently_absent(), "{code}");
    }
}

#[test]
fn approved_activities_count_as_attended_and_absences_of_both_kinds_as_missed() {
    // `J` (an interview, before 19 August 2024) was an approved activity.
    for code in [
        Code::B,
        Code::J,
        Code::K,
        Code::P,
        Code::V,
        Code::W,
        Code::L,
    ] {
        let sessions = sessions_of(&[code, Code::PresentPm]);
        assert_eq!((sessions.possible, sessions.attended), (2, 2), "{code}");
    }
    for code in [
        Code::C,
        Code::C1,
        Code::E,
        Code::H,
        Code::I,
        Code::G,
        Code::N,
        Code::O,
        Code::U,
    ] {
        let sessions = sessions_of(&[code, Code::PresentPm]);
        assert_eq!((sessions.possible, sessions.absences()), (2, 1), "{code}");
    }
}

#[test]
fn a_history_of_only_sessions_that_are_not_possible_is_no_enrolment() {
    let data = DataSet::new(
        vec![school("s", "a")],
        vec![pupil("p")],
        marks(P, S1, "2024-09-02", &[Code::Z, Code::Z, Code::X]),
        vec![],
    );
    assert!(enrolments(&data).is_empty());
    assert!(measure(&data).overall.is_empty());
}

#[test]
fn movers_count_once_at_each_school_with_only_the_sessions_recorded_there() {
    // p: 2 absences in 10 sessions at s1 (20%), then 10 present at s2, in
    // the same academic year; q: 10 present at s2.
    let mut rows = marks(P, S1, "2024-09-02", &history(Code::O, 2, 8));
    rows.extend(marks(P, S2, "2024-09-09", &history(Code::O, 0, 10)));
    rows.extend(marks(Q, S2, "2024-09-02", &history(Code::O, 0, 10)));
    let data = DataSet::new(
        vec![school("s1", "north"), school("s2", "north")],
        vec![pupil("p"), pupil("q")],
        rows,
        vec![],
    );
    let measures = measure(&data);
    let year = AcademicYear::of(date("2024-09-02"));
    let at = |school: &str| measures.by_school[&(year, school.to_string())];
    assert_eq!((at("s1").enrolments, at("s1").persistent), (1, 1));
    assert_eq!((at("s2").enrolments, at("s2").persistent), (2, 0));
    let north = measures.by_authority[&(year, "north".to_string())];
    assert_eq!(
        (
            north.enrolments,
            north.persistent,
            north.possible,
            north.attended
        ),
        (3, 1, 30, 28)
    );
    assert_eq!(measures.overall[&year], north);
    assert_eq!(north.persistent_rate().percent().as_deref(), Some("33.3"));
    assert_eq!(north.attendance().percent().as_deref(), Some("93.3"));
}

#[test]
fn totals_are_per_academic_year_and_per_authority_of_the_school() {
    // The same pupil on 31 August and 1 September: two academic years.
    let mut rows = marks(P, S1, "2025-08-31", &[Code::I, Code::I]);
    rows.extend(marks(P, S1, "2025-09-01", &[Code::PresentAm, Code::I]));
    rows.extend(marks(
        Q,
        S2,
        "2025-09-01",
        &[Code::PresentAm, Code::PresentPm],
    ));
    let data = DataSet::new(
        vec![school("s1", "east"), school("s2", "west")],
        vec![pupil("p"), pupil("q")],
        rows,
        vec![],
    );
    let measures = measure(&data);
    let (earlier, later) = (
        AcademicYear::of(date("2025-08-31")),
        AcademicYear::of(date("2025-09-01")),
    );
    assert_eq!(
        (earlier.to_string(), later.to_string()),
        ("2024/25".into(), "2025/26".into())
    );
    assert_eq!(measures.overall[&earlier].severe, 1, "2 of 2 missed");
    let east = measures.by_authority[&(later, "east".to_string())];
    let west = measures.by_authority[&(later, "west".to_string())];
    assert_eq!(
        (east.enrolments, east.severe, west.enrolments, west.severe),
        (1, 1, 1, 0)
    );
    assert_eq!(
        measures.overall[&later].severe_rate().percent().as_deref(),
        Some("50.0")
    );
    assert_eq!(enrolments(&data).len(), 3);
}

#[test]
fn percentages_are_rounded_half_up_from_integers() {
    assert_eq!(Ratio::new(1, 3).percent().as_deref(), Some("33.3"));
    assert_eq!(Ratio::new(2, 3).percent().as_deref(), Some("66.7"));
    assert_eq!(
        Ratio::new(1, 16).percent().as_deref(),
        Some("6.3"),
        "6.25 rounds up"
    );
    assert_eq!(Ratio::new(189, 1000).percent().as_deref(), Some("18.9"));
    assert_eq!(Ratio::new(7, 7).percent().as_deref(), Some("100.0"));
    assert_eq!(Ratio::new(0, 5).percent().as_deref(), Some("0.0"));
    assert_eq!(Ratio::new(1, 0).percent(), None, "no denominator, no rate");
    assert_eq!(
        Ratio::new(65, 65_000).per_hundred().as_deref(),
        Some("0.10")
    );
    assert_eq!(
        Ratio::new(1, 800).per_hundred().as_deref(),
        Some("0.13"),
        "0.125 rounds up"
    );
    assert_eq!(
        Ratio::new(u64::MAX, u64::MAX).per_hundred().as_deref(),
        Some("100.00")
    );
}

#[test]
fn academic_years_are_written_and_read_as_two_consecutive_years() {
    assert_eq!(AcademicYear::of(date("2024-08-31")).to_string(), "2023/24");
    assert_eq!(AcademicYear::of(date("2024-09-01")).to_string(), "2024/25");
    assert_eq!(AcademicYear::of(date("1999-12-31")).to_string(), "1999/00");
    assert_eq!("2024/25".parse(), Ok(AcademicYear { start_year: 2024 }));
    assert_eq!("1999/00".parse(), Ok(AcademicYear { start_year: 1999 }));
    for bad in [
        "2024/26",
        "2024",
        "24/25",
        "2024/2025",
        "2024-25",
        "abcd/ef",
        "+024/25",
    ] {
        assert!(bad.parse::<AcademicYear>().is_err(), "{bad}");
    }
}
