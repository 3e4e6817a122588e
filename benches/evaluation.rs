//! Evaluation throughput: the shipped policy library against a generated
//! cohort held in memory (two school years, realistic mix of codes).
//!
//! Run with `cargo bench --bench evaluation`; criterion reports marks/s.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rollcall_compiler::{compile, load_sources};
use rollcall_data::model::{Mark, Pupil, School, Session};
use rollcall_data::read::DataSet;
use rollcall_ir::codes::Code;
use rollcall_runtime::engine::{evaluate, EvalOptions, PolicySet};
use std::path::PathBuf;

const PUPILS: u64 = 2_000;

/// A deterministic code for a pupil's session: mostly present, with
/// illness, lateness, unauthorised absence and a holiday block.
fn code(pupil: u64, day: u64, session: Session) -> Code {
    let roll = (pupil.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ day.wrapping_mul(0xBF58_476D_1CE4_E5B9))
        % 1000;
    let holiday = pupil.is_multiple_of(5) && (day + pupil) % 97 < 5;
    match (holiday, roll, session) {
        (true, _, _) => Code::G,
        (_, 0..=29, _) => Code::I,
        (_, 30..=44, _) => Code::O,
        (_, 45..=59, Session::Am) => Code::U,
        (_, 60..=99, Session::Am) => Code::L,
        (_, _, Session::Am) => Code::PresentAm,
        (_, _, Session::Pm) => Code::PresentPm,
    }
}

/// School days of two academic years, skipping one week in seven as holiday.
fn school_days() -> Vec<NaiveDate> {
    let start = NaiveDate::from_ymd_opt(2023, 9, 4).expect("valid date");
    (0..730)
        .map(|offset| start + Duration::days(offset))
        .filter(|day| !matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
        .filter(|day| (day.signed_duration_since(start).num_days() / 7) % 7 != 6)
        .collect()
}

fn cohort() -> DataSet {
    let schools = vec![School {
        id: "bench-school".into(),
        name: "Bench School".to_string(),
        authority: "westmorland-and-furness".to_string(),
    }];
    let days = school_days();
    let mut pupils = Vec::new();
    let mut marks = Vec::new();
    for pupil in 0..PUPILS {
        let id = format!("p{pupil:06}");
        pupils.push(Pupil {
            id: id.clone(),
            date_of_birth: NaiveDate::from_ymd_opt(2013, 1, 1).expect("valid date")
                + Duration::days((pupil % 3000) as i64),
            parents: vec![format!("{id}-a"), format!("{id}-b")],
        });
        for (index, day) in days.iter().enumerate() {
            for session in [Session::Am, Session::Pm] {
                let mark = Mark {
                    school: 0,
                    date: *day,
                    session,
                    code: code(pupil, index as u64, session),
                };
                marks.push((pupil as u32, mark));
            }
        }
    }
    DataSet::new(schools, pupils, marks, Vec::new())
}

fn evaluation(c: &mut Criterion) {
    let policies = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("policies");
    let sources = load_sources(&[policies]).expect("policies readable");
    let compilation = compile(&sources);
    assert!(!compilation.has_errors(), "the shipped policies compile");
    let set = PolicySet::new(compilation.graphs).expect("a sound policy set");
    let data = cohort();
    let options = EvalOptions::default();
    let mut group = c.benchmark_group("evaluation");
    group.throughput(Throughput::Elements(data.marks.len() as u64));
    group.sample_size(10);
    group.bench_function("shipped library, 2,000 pupils x 2 years", |b| {
        b.iter(|| evaluate(&set, &data, &options))
    });
    group.finish();
}

criterion_group!(benches, evaluation);
criterion_main!(benches);
