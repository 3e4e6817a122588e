//! Streamed evaluation: many batches of pupils, each read by one thread and
//! evaluated by it, emitted in pupil order whatever the number of threads;
//! a failed write or read stops the stream with every pupil before it
//! emitted, in order.

mod engine_support;
#[path = "../../data/tests/read_support/mod.rs"]
mod read_support;

use chrono::{Datelike, Days, NaiveDate};
use engine_support::graphs::national_2024;
use read_support::data_dir;
use rollcall_data::read::{open_data_dir, read_data_dir, OnBadRow, ReadOptions};
use rollcall_runtime::decision::Decision;
use rollcall_runtime::engine::{evaluate, evaluate_stream, EvalOptions, PolicySet, StreamError};
use std::fmt::Write;
use std::io;
use std::path::{Path, PathBuf};

/// Pupils: several batches' worth.
const PUPILS: usize = 1_800;

/// A data directory of `PUPILS` pupils; every third pupil misses ten
/// sessions unauthorised (a national threshold notice). The first batch's
/// pupils have a year of marks, the others a week, so that later
/// batches are evaluated before the first and must wait to be emitted.
/// With `bad_row_for`, that pupil's first mark has an unknown code.
fn cohort(name: &str, bad_row_for: Option<usize>) -> PathBuf {
    let mut pupils = String::from("pupil,date_of_birth,parents\n");
    let mut marks = String::from("pupil,school,date,session,code\n");
    let monday = NaiveDate::from_ymd_opt(2024, 9, 2).expect("a date");
    let weekdays = |weeks: u64| -> Vec<NaiveDate> {
        (0..weeks * 7)
            .map(|offset| monday + Days::new(offset))
            .filter(|date| date.weekday().num_days_from_monday() < 5)
            .collect()
    };
    let (year, week) = (weekdays(40), weekdays(1));
    for number in 0..PUPILS {
        let pupil = format!("p{number:05}");
        let _ = writeln!(pupils, "{pupil},2015-03-04,{pupil}-mum");
        let days = if number < 512 { &year } else { &week };
        for (index, date) in days.iter().enumerate() {
            for session in ["AM", "PM"] {
                let code = if bad_row_for == Some(number) && index == 0 && session == "AM" {
                    "QQ"
                } else if number % 3 == 0 && index < 5 {
                    "O"
                } else {
                    "/"
                };
                let _ = writeln!(marks, "{pupil},school-a,{date},{session},{code}");
            }
        }
    }
    data_dir(
        name,
        &[
            ("schools.csv", "school,name,authority\nschool-a,A,la-1\n"),
            ("pupils.csv", &pupils),
            ("marks.csv", &marks),
        ],
    )
}

fn policies() -> PolicySet {
    PolicySet::new(vec![national_2024()]).expect("valid policies")
}

/// Each pupil emitted, with their decisions, in emitting order.
type Emitted = Vec<(String, Vec<Decision>)>;

/// Streams `dir` on `threads` threads: the pupils emitted until `emit`
/// fails (after `fail_after` pupils, if given), and how the stream ended
/// (the pupils streamed, or why not).
fn stream(
    dir: &Path,
    threads: usize,
    fail_after: Option<usize>,
) -> (Emitted, Result<u64, StreamError>) {
    let policies = policies();
    let mut data = open_data_dir(dir, &ReadOptions::default()).expect("opens");
    let options = EvalOptions {
        threads: Some(threads),
        ..EvalOptions::default()
    };
    let mut emitted = Vec::new();
    let result = evaluate_stream(
        &policies,
        &mut data,
        &options,
        &mut |record, decisions| {
            if fail_after == Some(emitted.len()) {
                return Err(io::Error::other("disk full"));
            }
            emitted.push((record.pupil.id.clone(), decisions.to_vec()));
            Ok(())
        },
        &mut |_| {},
    );
    (emitted, result.map(|totals| totals.pupils))
}

#[test]
fn pupils_are_emitted_in_order_with_the_same_decisions_on_any_number_of_threads() {
    let dir = cohort("stream_threads", None);
    let (one, result) = stream(&dir, 1, None);
    assert_eq!(result.expect("streams"), PUPILS as u64);
    let ids: Vec<&str> = one.iter().map(|(id, _)| id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
    assert_eq!(ids.len(), PUPILS);
    // Every third pupil reaches the threshold.
    let noticed = one.iter().filter(|(_, decisions)| !decisions.is_empty());
    assert_eq!(noticed.count(), PUPILS.div_ceil(3));
    for threads in [2, 4] {
        assert_eq!(stream(&dir, threads, None).0, one, "{threads} threads");
    }
    // And the same as evaluating the data set held in memory.
    let data = read_data_dir(&dir, OnBadRow::Stop).expect("reads").data;
    let all: Vec<Decision> = one.into_iter().flat_map(|(_, d)| d).collect();
    assert_eq!(all, evaluate(&policies(), &data, &EvalOptions::default()));
}

#[test]
fn a_failed_write_stops_the_stream_with_every_pupil_before_it_emitted() {
    let dir = cohort("stream_write_fails", None);
    for threads in [1, 2, 4] {
        let (emitted, result) = stream(&dir, threads, Some(1_100));
        assert!(
            matches!(result, Err(StreamError::Write(_))),
            "{threads} threads: {result:?}"
        );
        let ids: Vec<String> = emitted.into_iter().map(|(id, _)| id).collect();
        let expected: Vec<String> = (0..1_100).map(|number| format!("p{number:05}")).collect();
        assert_eq!(ids, expected, "{threads} threads");
    }
}

#[test]
fn a_bad_row_stops_the_stream_once_every_pupil_before_its_batch_is_emitted() {
    // The bad row is in the fourth batch of 384 pupils: the first three are
    // emitted, whole and in order, and nothing from the fourth on.
    let dir = cohort("stream_read_fails", Some(1_300));
    for threads in [1, 2, 4] {
        let (emitted, result) = stream(&dir, threads, None);
        match &result {
            Err(StreamError::Read(error)) => {
                assert!(error.to_string().contains("QQ"), "{error}")
            }
            other => panic!("{threads} threads: {other:?}"),
        }
        let ids: Vec<String> = emitted.into_iter().map(|(id, _)| id).collect();
        let expected: Vec<String> = (0..1_152).map(|number| format!("p{number:05}")).collect();
        assert_eq!(ids, expected, "{threads} threads");
    }
}
