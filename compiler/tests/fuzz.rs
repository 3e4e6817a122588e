//! Fuzz target for the policy parser and compiler: arbitrary bytes and
//! mutations of every shipped and broken policy. None may panic, and every
//! diagnostic points at a place inside the text it is about (its report,
//! rendered as `rollcall check` shows it, too).
//!
//! `ROLLCALL_FUZZ_CASES` sets the cases per target (default 200; the
//! figures reached in long runs are in the README).

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::RngSeed;
use rollcall_compiler::{compile, SourceFile};
use std::path::Path;

/// Quick and repeatable in the test suite (a fixed seed); a long run of
/// `ROLLCALL_FUZZ_CASES` cases from a random seed.
fn config() -> ProptestConfig {
    let long: Option<u32> = std::env::var("ROLLCALL_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok());
    ProptestConfig {
        cases: long.unwrap_or(200),
        rng_seed: long.map_or(RngSeed::Fixed(1), |_| RngSeed::Random),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The seed corpus: every shipped policy and every broken one.
fn corpus() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    for dir in [root.join("../policies"), root.join("tests/bad")] {
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .expect("corpus directory")
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "policy"))
            .collect();
        paths.sort();
        texts.extend(
            paths
                .iter()
                .filter_map(|path| std::fs::read_to_string(path).ok()),
        );
    }
    texts
}

/// The national framework, so that a mutated authority still finds its parent.
fn national() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies/national-2024.policy");
    std::fs::read_to_string(path).expect("national-2024.policy")
}

/// Compiles `text` beside the national framework; every diagnostic about
/// it must have a label inside it, and rendering must not panic.
fn compiles_or_locates(text: &str) {
    let sources = [
        SourceFile {
            path: "fuzz.policy".to_string(),
            text: text.to_string(),
        },
        SourceFile {
            path: "national-2024.policy".to_string(),
            text: national(),
        },
    ];
    let compilation = compile(&sources);
    for diagnostic in &compilation.diagnostics {
        assert!(
            !diagnostic.labels.is_empty(),
            "{diagnostic:?} has no location"
        );
        let length = match diagnostic.path.as_str() {
            "fuzz.policy" => text.len(),
            _ => sources[1].text.len(),
        };
        for label in &diagnostic.labels {
            assert!(
                label.span.start <= label.span.end && label.span.end as usize <= length,
                "{} points outside its file: {:?}",
                diagnostic.message,
                label.span
            );
        }
        let report = format!("{:?}", miette::Report::new(diagnostic.clone()));
        assert!(!report.is_empty());
    }
}

/// `text` with each (position, byte) edit applied (a byte replaced, or
/// inserted when the position's byte is even) and cut at `cut` (a whole
/// file when `cut` falls past the end), read back as text.
fn mutate(text: &str, edits: &[(Index, u8)], cut: Option<Index>) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for (at, byte) in edits {
        if bytes.is_empty() {
            bytes.push(*byte);
            continue;
        }
        let at = at.index(bytes.len());
        if byte % 2 == 0 {
            bytes.insert(at, *byte);
        } else {
            bytes[at] = *byte;
        }
    }
    if let Some(cut) = cut {
        let at = cut.index(bytes.len() + 1);
        bytes.truncate(at);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_compile_or_are_located(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        compiles_or_locates(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn mutated_policies_compile_or_are_located(
        seed in any::<Index>(),
        edits in prop::collection::vec((any::<Index>(), any::<u8>()), 0..24),
        cut in prop::option::of(any::<Index>()),
    ) {
        let corpus = corpus();
        let text = &corpus[seed.index(corpus.len())];
        compiles_or_locates(&mutate(text, &edits, cut));
    }

    #[test]
    fn policies_with_random_tokens_spliced_in_compile_or_are_located(
        seed in any::<Index>(),
        splices in prop::collection::vec((any::<Index>(), prop::sample::select(TOKENS)), 1..12),
    ) {
        let corpus = corpus();
        let mut text = corpus[seed.index(corpus.len())].clone();
        for (at, token) in splices {
            let mut at = at.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, token);
        }
        compiles_or_locates(&text);
    }
}

/// Words and symbols of the language, spliced into real policies so that
/// mutations reach past the first syntax error.
const TOKENS: &[&str] = &[
    " when ",
    " then ",
    " and ",
    " or ",
    " not ",
    "(",
    ")",
    "{",
    "}",
    " >= ",
    " < ",
    " = ",
    " count ",
    " unauthorised ",
    " within ",
    " 10 school weeks ",
    " 0 sessions ",
    " 100% ",
    " £80 ",
    " this and previous term ",
    " within 3 months ",
    " from 2025-02-30 to 2025-01-01 ",
    " rule x { ",
    " override ",
    " remove rule ",
    " extends ",
    " version from 2024-08-19 { ",
    " at most once per notice_to_improve ",
    " decides at the end of each episode of {G} school days ",
    " instead prosecution when ",
    " \"",
    " # ",
    "\n",
    " lasts 6 school weeks ",
    " limit 2 notices within 12 months then prosecution ",
    " takes precedence over ",
    " gives way to ",
    " episode length ",
    " public_place in first 5 school days of exclusion ",
];
