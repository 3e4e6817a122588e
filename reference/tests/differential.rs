//! The engine against the reference on random policies and histories:
//! decisions compared exactly (all but the wording of reasons). A
//! difference is shrunk and written to `target/differential/` as a case to
//! keep in `reference/regressions/`.
//!
//! `ROLLCALL_DIFF_CASES` (default 2,000), `ROLLCALL_DIFF_SECONDS` (run for
//! this long instead) and `ROLLCALL_DIFF_SEED` (the first seed) set the run.

mod support;

use std::time::{Duration, Instant};

fn setting(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|value| {
        value
            .parse()
            .unwrap_or_else(|_| panic!("{name} is not a number"))
    })
}

/// Constructs of the generated policies (as written), so a run shows that
/// each was compared on cases that decide something.
const CONSTRUCTS: &[&str] = &[
    "requires ",
    "unless ",
    "this term",
    "this half_term",
    "this and previous term",
    "this and previous half_term",
    "this and previous academic_year",
    "since r",
    "since notice_to_improve",
    "school weeks after",
    "school days after",
    "school weeks since",
    "at most once per term",
    "at most once per half_term",
    "times per term per pupil",
    "times per half_term per pupil",
    "decides at the end of each episode",
    "at most once per episode",
    "episode length",
    "at most 6 school weeks",
    "public_place in first",
    "case open for",
    "case open until",
    "notice open for",
    "attendance ",
    "share ",
    "episodes of ",
    "override rule",
    "remove rule",
    "rule c0",
    "versions chosen by academic year",
    "versions chosen by absence date",
];

#[test]
fn engine_agrees_with_reference() {
    let first = setting("ROLLCALL_DIFF_SEED").unwrap_or(0);
    let seconds = setting("ROLLCALL_DIFF_SECONDS");
    let cases =
        setting("ROLLCALL_DIFF_CASES").unwrap_or(if seconds.is_some() { u64::MAX } else { 2000 });
    let began = Instant::now();
    let (mut run, mut pupils, mut marks, mut decisions) = (0u64, 0usize, 0usize, 0usize);
    let mut case_evidence = 0usize;
    // Per construct, the cases using it that decided something.
    let mut deciding = vec![0u32; CONSTRUCTS.len()];
    for seed in first..first.saturating_add(cases) {
        if seconds.is_some_and(|limit| began.elapsed() > Duration::from_secs(limit)) {
            break;
        }
        let case = support::generate::case(seed);
        let outcome = case.run();
        run += 1;
        pupils += case.pupils.len();
        marks += case.marks.len();
        decisions += outcome.engine.len();
        case_evidence += outcome
            .engine
            .iter()
            .filter(|decision| decision.action == "case_evidence")
            .count();
        for (construct, count) in CONSTRUCTS.iter().zip(&mut deciding) {
            if !outcome.engine.is_empty() && case.text().contains(construct) {
                *count += 1;
            }
        }
        if outcome.engine != outcome.reference {
            let small = case.shrink();
            let outcome = small.run();
            let dir =
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/differential");
            std::fs::create_dir_all(&dir).expect("target/differential");
            let path = dir.join(format!("seed-{seed}.json"));
            std::fs::write(&path, serde_json::to_string_pretty(&small).expect("json"))
                .expect("write the counterexample");
            panic!(
                "seed {seed}: the engine and the reference differ (shrunk case in {})\n{}\nengine:\n{:#?}\nreference:\n{:#?}",
                path.display(),
                small.policy,
                outcome.engine,
                outcome.reference
            );
        }
    }
    eprintln!(
        "differential: {run} cases (policies and histories), {pupils} pupils, {marks} marks, \
         {decisions} decisions ({case_evidence} against open cases), 0 differences, {:.1} s",
        began.elapsed().as_secs_f64()
    );
    for (construct, count) in CONSTRUCTS.iter().zip(&deciding) {
        eprintln!("  `{}`: {count} deciding cases", construct.trim());
    }
    assert!(run > 0);
    assert!(
        run < 2000 || case_evidence > 0,
        "no decision against an open case: the generator no longer tests them"
    );
    if run >= 2000 {
        let untested: Vec<&str> = CONSTRUCTS
            .iter()
            .zip(&deciding)
            .filter(|(_, count)| **count == 0)
            .map(|(construct, _)| *construct)
            .collect();
        assert!(
            untested.is_empty(),
            "no deciding case used {untested:?}: the generator no longer tests them"
        );
    }
}
