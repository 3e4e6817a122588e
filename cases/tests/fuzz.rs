//! Fuzz target for the case-file parser and the run behind it: every
//! shipped case file with lines dropped, repeated, swapped, cut or given
//! stray words, and arbitrary bytes. None may panic; a case that cannot be
//! run says why at a line inside the file, briefly.
//!
//! `ROLLCALL_FUZZ_CASES` sets the cases per target (default 100).

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::RngSeed;
use rollcall_cases::{run_case_text, Library, Verdict};
use rollcall_compiler::{compile, SourceFile};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Quick and repeatable in the test suite (a fixed seed); a long run of
/// `ROLLCALL_FUZZ_CASES` cases from a random seed.
fn config() -> ProptestConfig {
    let long: Option<u32> = std::env::var("ROLLCALL_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok());
    ProptestConfig {
        cases: long.unwrap_or(100),
        rng_seed: long.map_or(RngSeed::Fixed(1), |_| RngSeed::Random),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn policies_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies")
}

/// The shipped library, compiled once.
fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let mut sources: Vec<SourceFile> = std::fs::read_dir(policies_dir())
            .expect("policies")
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "policy"))
            .map(|path| SourceFile {
                text: std::fs::read_to_string(&path).expect("a policy"),
                path: path.display().to_string(),
            })
            .collect();
        sources.sort_by(|a, b| a.path.cmp(&b.path));
        Library::new(compile(&sources).graphs).expect("the shipped library")
    })
}

/// Every shipped case file's text.
fn corpus() -> &'static [String] {
    static CORPUS: OnceLock<Vec<String>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut paths = Vec::new();
        for dir in std::fs::read_dir(policies_dir().join("cases")).expect("cases") {
            let Ok(dir) = dir else { continue };
            if let Ok(files) = std::fs::read_dir(dir.path()) {
                paths.extend(files.filter_map(|file| file.ok().map(|file| file.path())));
            }
        }
        paths.sort();
        paths
            .iter()
            .filter(|path| path.extension().is_some_and(|ext| ext == "case"))
            .filter_map(|path| std::fs::read_to_string(path).ok())
            .collect()
    })
}

/// Runs `text` as a case: no panic, and a refusal names lines of the file.
fn runs_or_says_where(text: &str) {
    let result = run_case_text("fuzz.case", text, library());
    if let Verdict::Invalid(errors) = &result.verdict {
        assert!(!errors.is_empty(), "an invalid case says why");
        let lines = text.lines().count();
        for error in errors {
            assert!(
                error.line <= lines.max(1),
                "{error:?} is past the file's {lines} lines"
            );
            assert!(
                !error.message.is_empty() && error.message.len() < 1024,
                "{error:?}"
            );
        }
    }
}

/// One edit of a case file's lines.
#[derive(Clone, Debug)]
enum Edit {
    Drop(Index),
    Repeat(Index),
    Swap(Index, Index),
    Cut(Index, Index),
    Insert(Index, &'static str),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<Index>().prop_map(Edit::Drop),
        any::<Index>().prop_map(Edit::Repeat),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::Swap(a, b)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::Cut(a, b)),
        (any::<Index>(), prop::sample::select(WORDS)).prop_map(|(a, w)| Edit::Insert(a, w)),
    ]
}

/// The largest char boundary of `line` at or before `at`.
fn boundary(line: &str, mut at: usize) -> usize {
    while !line.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for edit in edits {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let n = lines.len();
        match edit {
            Edit::Drop(at) => {
                lines.remove(at.index(n));
            }
            Edit::Repeat(at) => {
                let line = lines[at.index(n)].clone();
                lines.insert(at.index(n), line);
            }
            Edit::Swap(a, b) => lines.swap(a.index(n), b.index(n)),
            Edit::Cut(at, keep) => {
                let line = &mut lines[at.index(n)];
                let keep = boundary(line, keep.index(line.len() + 1));
                line.truncate(keep);
            }
            Edit::Insert(at, word) => {
                let line = &mut lines[at.index(n)];
                let split = boundary(line, at.index(line.len() + 1));
                line.insert_str(split, word);
            }
        }
    }
    lines.join("\n")
}

/// Words of the case language and values at their edges.
const WORDS: &[&str] = &[
    " expect ",
    " nothing ",
    " event ",
    " to ",
    " mum ",
    " dad ",
    " x 0",
    " x 99999",
    " / ",
    " \\ ",
    " G ",
    " O ",
    " # ",
    " ..",
    "2024-02-30",
    "9999-12-31",
    "0000-01-01",
    " notice 0 ",
    " pays £0 within 0 days ",
    " evidence 4294967296 ",
    " policy ",
    " pupil born ",
    " school ",
    " in ",
    " by ",
    " withdrawn ",
    "\"",
    " start_session PM ",
    " £",
    " rule ",
];

proptest! {
    #![proptest_config(config())]

    #[test]
    fn edited_case_files_run_or_say_where(
        seed in any::<Index>(),
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let corpus = corpus();
        runs_or_says_where(&apply(&corpus[seed.index(corpus.len())], &edits));
    }

    #[test]
    fn arbitrary_text_runs_or_says_where(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
        runs_or_says_where(&String::from_utf8_lossy(&bytes));
    }
}
