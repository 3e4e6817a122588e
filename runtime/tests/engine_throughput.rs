//! Evaluation throughput on a generated cohort held in memory (ignored by
//! default; run with
//! `cargo test --release -p rollcall-runtime --test engine_throughput -- --ignored --nocapture`).

mod engine_support;

use engine_support::data::term_days;
use engine_support::{d, graphs};
use rollcall_data::model::{Mark, Pupil, School, Session};
use rollcall_data::read::DataSet;
use rollcall_ir::codes::Code;
use rollcall_runtime::engine::{evaluate, EvalOptions, PolicySet};
use std::time::Instant;

const PUPILS: usize = 20_000;

/// `PUPILS` pupils over two school years at schools of three authorities,
/// about one session in twenty unauthorised.
fn cohort() -> DataSet {
    let schools: Vec<School> = ["luton", "westmorland-and-furness", "north-northamptonshire"]
        .iter()
        .enumerate()
        .map(|(index, authority)| School {
            id: format!("school-{index}").into(),
            name: format!("School {index}"),
            authority: authority.to_string(),
        })
        .collect();
    let days = term_days(d("2023-09-04"), d("2025-07-18"));
    let codes = [Code::G, Code::N, Code::O, Code::U, Code::I];
    let mut seed: u64 = 0x5eed;
    let mut pupils = Vec::with_capacity(PUPILS);
    let mut marks = Vec::with_capacity(PUPILS * days.len() * 2);
    for number in 0..PUPILS {
        let id = format!("p{number:06}");
        pupils.push(Pupil {
            id: id.clone(),
            date_of_birth: d("2014-05-06"),
            parents: vec![format!("{id}-a"), format!("{id}-b")],
        });
        let school = (number % schools.len()) as u32;
        for date in &days {
            for session in [Session::Am, Session::Pm] {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let roll = (seed >> 33) % 100;
                let code = if roll < 5 {
                    codes[roll as usize]
                } else {
                    Code::PresentAm
                };
                let mark = Mark {
                    school,
                    date: *date,
                    session,
                    code,
                };
                marks.push((number as u32, mark));
            }
        }
    }
    DataSet::new(schools, pupils, marks, Vec::new())
}

#[test]
#[ignore = "a measurement: run in release with --ignored --nocapture"]
fn evaluates_a_two_year_cohort() {
    let data = cohort();
    let policies = PolicySet::new(graphs::library()).expect("valid policies");
    for threads in [1, 2] {
        let options = EvalOptions {
            as_of: None,
            threads: Some(threads),
        };
        let start = Instant::now();
        let decisions = evaluate(&policies, &data, &options);
        let seconds = start.elapsed().as_secs_f64();
        println!(
            "{threads} thread(s): {} marks of {PUPILS} pupils in {seconds:.2} s: {:.1} million marks/s, {} decisions",
            data.marks.len(),
            data.marks.len() as f64 / seconds / 1e6,
            decisions.len()
        );
        assert!(!decisions.is_empty());
    }
}
