//! Every [`DiagnosticKind`] is shown by the broken-policy corpus and
//! documented in `docs/diagnostics.md`, which is generated from the enum and
//! the corpus: when they disagree the test fails and prints the expected
//! text; `ROLLCALL_BLESS=1 cargo test -p rollcall-compiler --test
//! diagnostic_kinds` rewrites the file.

use miette::Severity;
use rollcall_compiler::DiagnosticKind;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The broken-policy corpus (`tests/bad/`).
fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad")
}

/// The generated documentation.
fn doc_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/diagnostics.md")
}

/// The `.policy` files of one corpus entry (a file, or a directory of them).
fn policy_files(entry: &Path) -> Vec<PathBuf> {
    if entry.is_dir() {
        let mut files: Vec<PathBuf> = fs::read_dir(entry)
            .expect("a case directory is readable")
            .map(|file| file.expect("a case file is listed").path())
            .collect();
        files.sort();
        files
    } else {
        vec![entry.to_path_buf()]
    }
}

/// The corpus entries that expect each code, by code, in name order.
fn fixtures() -> BTreeMap<String, Vec<String>> {
    let mut entries: Vec<PathBuf> = fs::read_dir(corpus())
        .expect("the corpus is readable")
        .map(|entry| entry.expect("a corpus entry is listed").path())
        .collect();
    entries.sort();
    let mut by_code: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for entry in entries {
        let name = entry
            .file_name()
            .expect("a corpus entry has a name")
            .to_string_lossy()
            .to_string();
        for file in policy_files(&entry) {
            // A case may hold bytes that are not UTF-8 (`not_utf8.policy`).
            let bytes = fs::read(&file).expect("a case file is readable");
            let text = String::from_utf8_lossy(&bytes);
            for code in text
                .lines()
                .filter_map(|line| line.trim().strip_prefix("# expect:"))
            {
                let cases = by_code.entry(code.trim().to_string()).or_default();
                if !cases.contains(&name) {
                    cases.push(name.clone());
                }
            }
        }
    }
    by_code
}

/// `docs/diagnostics.md` as the enum and the corpus say it should read.
fn expected_doc(fixtures: &BTreeMap<String, Vec<String>>) -> String {
    let mut doc = String::from(
        "# Diagnostics\n\n\
         <!-- Generated from `DiagnosticKind` (compiler/src/diagnostic_kind.rs) and the \
         broken-policy corpus (compiler/tests/bad/) by compiler/tests/diagnostic_kinds.rs. \
         Do not edit: run `ROLLCALL_BLESS=1 cargo test -p rollcall-compiler --test \
         diagnostic_kinds`. -->\n\n\
         Every problem `rollcall check` reports has a stable code. Errors stop a policy \
         compiling; warnings do not. Each fixture below is a broken policy whose snapshot \
         (compiler/tests/snapshots/) shows the report a policy author sees.\n\n\
         | Code | Severity | Meaning |\n\
         |---|---|---|\n",
    );
    for kind in DiagnosticKind::ALL {
        doc.push_str(&format!(
            "| [`{}`](#{}) | {} | {} |\n",
            kind.code(),
            anchor(kind.code()),
            severity(kind.severity()),
            kind.description()
        ));
    }
    for kind in DiagnosticKind::ALL {
        let cases: Vec<String> = fixtures
            .get(kind.code())
            .into_iter()
            .flatten()
            .map(|case| format!("[`{case}`](../compiler/tests/bad/{case})"))
            .collect();
        doc.push_str(&format!(
            "\n## {}\n\n{}. {}\n\n**Fix:** {}\n\n**Fixtures:** {}\n",
            kind.code(),
            severity(kind.severity()),
            kind.description(),
            kind.fix(),
            cases.join(", ")
        ));
    }
    doc
}

/// The heading anchor GitHub gives a code's section.
fn anchor(code: &str) -> String {
    code.replace("::", "")
}

/// A severity in words.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Advice => "Advice",
    }
}

#[test]
fn every_kind_has_a_fixture_in_the_corpus() {
    let fixtures = fixtures();
    let missing: Vec<&str> = DiagnosticKind::ALL
        .iter()
        .map(|kind| kind.code())
        .filter(|code| !fixtures.contains_key(*code))
        .collect();
    assert!(
        missing.is_empty(),
        "add a case to compiler/tests/bad/ with `# expect: CODE` for each of {missing:?}"
    );
}

#[test]
fn every_expected_code_is_a_kind() {
    let unknown: Vec<String> = fixtures()
        .into_keys()
        .filter(|code| DiagnosticKind::ALL.iter().all(|kind| kind.code() != code))
        .collect();
    assert!(
        unknown.is_empty(),
        "the corpus expects codes no kind has: {unknown:?}"
    );
}

#[test]
fn kinds_are_listed_once_in_order_of_code() {
    let codes: Vec<&str> = DiagnosticKind::ALL.iter().map(|k| k.code()).collect();
    assert!(codes.windows(2).all(|pair| pair[0] < pair[1]), "{codes:?}");
}

#[test]
fn the_diagnostics_doc_matches_the_kinds() {
    let expected = expected_doc(&fixtures());
    if std::env::var_os("ROLLCALL_BLESS").is_some_and(|v| v == "1") {
        fs::write(doc_path(), &expected).expect("docs/diagnostics.md is writable");
        return;
    }
    let actual = fs::read_to_string(doc_path()).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/diagnostics.md is out of date; rerun with ROLLCALL_BLESS=1, or write:\n{expected}"
    );
}
