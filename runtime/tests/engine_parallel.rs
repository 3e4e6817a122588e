//! Deterministic output: a cohort of pupils across three authorities gives
//! byte-identical decisions on one thread, two threads and the global pool.

mod engine_support;

use engine_support::data::{term_days, Data};
use engine_support::{d, graphs};
use rollcall_data::model::{EventKind, Session};
use rollcall_ir::codes::Code;
use rollcall_runtime::engine::{evaluate, EvalOptions, PolicySet};
use rollcall_runtime::output::{write_decisions, Format};

/// A small deterministic pseudo-random sequence (no dependency needed).
struct Sequence(u64);

impl Sequence {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// 300 pupils at three schools, two school years, about one session in
/// twelve unauthorised, some earlier notices and exclusions.
fn cohort() -> Data {
    let mut random = Sequence(7);
    let mut data = Data::new();
    data.school("kendal", "westmorland-and-furness")
        .school("corby", "north-northamptonshire");
    let schools = ["s1", "kendal", "corby"];
    let codes = [Code::G, Code::N, Code::O, Code::U, Code::I, Code::X];
    let days = term_days(d("2023-09-04"), d("2025-07-18"));
    for number in 0..300 {
        let pupil = format!("p{number:03}");
        let parents = [format!("{pupil}-a"), format!("{pupil}-b")];
        let parents: Vec<&str> = parents
            .iter()
            .take(random.below(3) as usize)
            .map(String::as_str)
            .collect();
        data.pupil(
            &pupil,
            &format!("{}-05-17", 2008 + random.below(14)),
            &parents,
        );
        let school = schools[random.below(3) as usize];
        let truant = random.below(4) == 0;
        for day in &days {
            for session in [Session::Am, Session::Pm] {
                let code = if random.below(if truant { 8 } else { 40 }) == 0 {
                    codes[random.below(codes.len() as u64) as usize]
                } else {
                    Code::PresentAm
                };
                data.set(&pupil, school, *day, session, code);
            }
        }
        if let Some(parent) = parents.first() {
            if random.below(5) == 0 {
                data.event(
                    &pupil,
                    Some(parent),
                    EventKind::PenaltyNotice,
                    "2024-09-20",
                    None,
                    Some("lancashire"),
                );
            }
        }
        if random.below(10) == 0 {
            data.event(
                &pupil,
                None,
                EventKind::Exclusion,
                "2024-11-11",
                Some("2024-11-15"),
                None,
            )
            .event(
                &pupil,
                None,
                EventKind::PublicPlace,
                "2024-11-13",
                None,
                None,
            );
        }
    }
    data
}

fn jsonl(threads: Option<usize>, data: &rollcall_data::read::DataSet) -> Vec<u8> {
    let policies = PolicySet::new(graphs::library()).expect("valid policies");
    let options = EvalOptions {
        as_of: None,
        threads,
    };
    let decisions = evaluate(&policies, data, &options);
    write_decisions(Format::Jsonl, &decisions, Vec::new()).expect("write to memory")
}

#[test]
fn one_thread_two_threads_and_the_global_pool_write_the_same_bytes() {
    let data = cohort().build();
    let one = jsonl(Some(1), &data);
    assert!(
        one.split(|&byte| byte == b'\n').count() > 100,
        "the cohort has decisions"
    );
    assert_eq!(one, jsonl(Some(2), &data));
    assert_eq!(one, jsonl(None, &data));
}

#[test]
fn decisions_come_sorted_by_pupil_date_parent_and_rule() {
    let policies = PolicySet::new(graphs::library()).expect("valid policies");
    let decisions = evaluate(&policies, &cohort().build(), &EvalOptions::default());
    let keys: Vec<_> = decisions
        .iter()
        .map(|decision| {
            (
                &decision.pupil,
                decision.date,
                &decision.parent,
                &decision.rule,
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}
