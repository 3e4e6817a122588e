//! The shipped example data directory (examples/data) reads cleanly and
//! holds the stories examples/README.md tells.

use chrono::NaiveDate;
use rollcall_data::read::{read_data_dir, DataSet, OnBadRow};
use rollcall_ir::codes::Category;
use rollcall_runtime::calendar::is_compulsory_school_age;
use std::path::Path;

fn examples() -> DataSet {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data");
    let loaded = read_data_dir(&dir, OnBadRow::Stop).expect("the examples read cleanly");
    assert!(loaded.rejected.is_empty());
    loaded.data
}

fn date(text: &str) -> NaiveDate {
    text.parse().expect("a test date")
}

#[test]
fn every_file_reads_without_a_bad_row() {
    let data = examples();
    assert_eq!(data.schools.len(), 5);
    assert_eq!(data.pupils.len(), 13);
    assert_eq!(data.events.len(), 16);
    assert!(data.marks.len() > 4_000 && data.marks.len() < 10_000);
}

#[test]
fn unauthorised_sessions_are_the_ones_the_stories_name() {
    let data = examples();
    let summary: Vec<String> = data
        .histories()
        .iter()
        .map(|history| {
            let unauthorised: Vec<String> = history
                .marks
                .iter()
                .filter(|mark| mark.code.category() == Category::Unauthorised)
                .map(|mark| format!("{} {} {}", mark.date, mark.session, mark.code))
                .collect();
            match (unauthorised.first(), unauthorised.last()) {
                (Some(first), Some(last)) => format!(
                    "{}: {} from {first} to {last}",
                    history.pupil.id,
                    unauthorised.len()
                ),
                _ => format!("{}: none", history.pupil.id),
            }
        })
        .collect();
    assert_eq!(
        summary,
        [
            "p01: 20 from 2024-10-07 AM G to 2025-06-13 PM G",
            "p02: 10 from 2025-02-24 AM N to 2025-02-28 PM O",
            "p03: none",
            "p04: 10 from 2025-03-10 AM G to 2025-03-14 PM G",
            "p05: 10 from 2025-03-10 AM G to 2025-03-14 PM G",
            "p06: 10 from 2024-12-10 AM U to 2025-02-03 AM G",
            "p07: 10 from 2025-03-03 AM O to 2025-03-14 PM O",
            "p08: 20 from 2022-10-03 AM G to 2023-04-25 PM O",
            "p09: 10 from 2024-11-18 AM G to 2024-11-22 PM G",
            "p10: 10 from 2025-01-13 AM G to 2025-02-05 AM U",
            "p11: 10 from 2025-07-14 AM U to 2025-09-11 PM G",
            "p12: 1 from 2025-05-14 AM U to 2025-05-14 AM U",
            "p13: 5 from 2025-01-15 AM U to 2025-03-05 AM U",
        ]
    );
}

#[test]
fn movers_change_school_between_their_marks() {
    let data = examples();
    let schools_of = |pupil: &str| {
        let mut schools: Vec<(String, NaiveDate)> = Vec::new();
        let history = data.history(pupil).expect("a pupil of the examples");
        for mark in history.marks {
            let school = &*data.schools[mark.school as usize].id;
            if schools.last().map(|(last, _)| last.as_str()) != Some(school) {
                schools.push((school.to_string(), mark.date));
            }
        }
        schools
    };
    assert_eq!(
        schools_of("p06"),
        [
            ("luton-primary".to_owned(), date("2024-09-02")),
            ("corby-primary".to_owned(), date("2025-01-06")),
        ]
    );
    assert_eq!(
        schools_of("p08"),
        [
            ("carlisle-academy".to_owned(), date("2022-09-01")),
            ("kendal-primary".to_owned(), date("2023-04-17")),
        ]
    );
    let carlisle_last = data
        .marks
        .iter()
        .filter(|mark| &*data.schools[mark.school as usize].id == "carlisle-academy")
        .map(|mark| mark.date)
        .max();
    assert_eq!(carlisle_last, Some(date("2023-03-31")));
}

#[test]
fn only_p09_is_under_compulsory_school_age_on_the_day_of_their_story() {
    let data = examples();
    let days = [
        ("p01", "2024-10-11"),
        ("p02", "2025-02-28"),
        ("p03", "2024-11-13"),
        ("p04", "2025-03-14"),
        ("p05", "2025-03-14"),
        ("p06", "2025-02-03"),
        ("p07", "2025-03-14"),
        ("p08", "2022-10-05"),
        ("p09", "2024-11-22"),
        ("p10", "2025-02-05"),
        ("p11", "2025-09-11"),
        ("p13", "2025-03-05"),
    ];
    let under_age: Vec<&str> = days
        .iter()
        .filter(|(pupil, day)| {
            let pupil = data
                .pupils
                .iter()
                .find(|known| known.id == *pupil)
                .expect("a story pupil");
            !is_compulsory_school_age(pupil.date_of_birth, date(day))
        })
        .map(|(pupil, _)| *pupil)
        .collect();
    assert_eq!(under_age, ["p09"]);
}
