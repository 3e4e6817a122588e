//! Read throughput on a generated one-million-row `marks.csv` (ignored by
//! default; run with
//! `cargo test --release -p rollcall-runtime --test read_throughput -- --ignored --nocapture`).

mod read_support;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rollcall_data::read::{read_data_dir, OnBadRow};
use std::fmt::Write;
use std::time::Instant;

const PUPILS: usize = 2_500;
const SCHOOL_DAYS: usize = 200;
const SCHOOLS: usize = 25;

#[test]
#[ignore = "a measurement: run in release with --ignored --nocapture"]
fn reads_a_million_marks() {
    let codes = ["/", "\\", "L", "I", "G", "N", "O", "U", "C1", "#"];
    let mut schools = String::from("school,name,authority\n");
    for school in 0..SCHOOLS {
        let _ = writeln!(
            schools,
            "school-{school:03},School {school},la-{}",
            school % 5
        );
    }
    let mut pupils = String::from("pupil,date_of_birth,parents\n");
    for pupil in 0..PUPILS {
        let _ = writeln!(pupils, "p{pupil:06},2014-05-06,m{pupil};d{pupil}");
    }
    let first_day = NaiveDate::from_ymd_opt(2024, 9, 2).expect("a date");
    let school_days: Vec<NaiveDate> = (0..)
        .map(|offset| first_day + Days::new(offset))
        .filter(|day| !matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
        .take(SCHOOL_DAYS)
        .collect();
    let mut marks = String::with_capacity(40_000_000);
    marks.push_str("pupil,school,date,session,code\n");
    let mut seed: u64 = 0x5eed;
    for pupil in 0..PUPILS {
        let school = pupil % SCHOOLS;
        for day in &school_days {
            for session in ["AM", "PM"] {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let code = codes[(seed >> 33) as usize % codes.len()];
                let _ = writeln!(
                    marks,
                    "p{pupil:06},school-{school:03},{day},{session},{code}"
                );
            }
        }
    }
    let rows = PUPILS * SCHOOL_DAYS * 2;
    let dir = read_support::data_dir(
        "throughput",
        &[
            ("schools.csv", &schools),
            ("pupils.csv", &pupils),
            ("marks.csv", &marks),
        ],
    );
    let started = Instant::now();
    let loaded = read_data_dir(&dir, OnBadRow::Stop).expect("generated data is good");
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(loaded.data.marks.len(), rows);
    assert_eq!(loaded.data.histories().len(), PUPILS);
    println!(
        "read {rows} marks ({} MB) in {seconds:.3} s: {:.2} million rows/s",
        marks.len() / 1_000_000,
        rows as f64 / seconds / 1e6
    );
}
