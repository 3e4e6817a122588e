//! The broken-policy corpus: every entry of `tests/bad/` is one case, either a
//! single `.policy` file or a directory of them (for mistakes that need
//! several files: inheritance cycles, duplicate policy ids).
//!
//! Parents: each case is compiled together with the shipped library in
//! `policies/`, so a case may extend `national-2024` or `cambridgeshire`
//! without copying them. Case policies use ids starting `bad-`, which never
//! clash with a shipped id. Only diagnostics in the case's own files are
//! checked and rendered; `policy_graphs.rs` keeps the library itself clean.
//!
//! Expectations are written in the case files as comment lines:
//! - `# expect: rollcall::CODE` (one line per code): the distinct codes the
//!   case reports must be exactly these, so a spurious extra diagnostic fails;
//! - `# expect-message: TEXT`: some diagnostic's one-line message contains
//!   TEXT (for cases whose wording has been wrong before).
//!
//! Every case must compile without panicking; every error must carry a help
//! line; a case named `warn_*` must report warnings only. A case that meets
//! its expectations has its source and its diagnostics, rendered by miette's
//! graphical handler (unicode, no colour, 100 columns), pinned together in
//! one snapshot, so a reviewer reads what a policy author would see.

use miette::{GraphicalReportHandler, GraphicalTheme};
use rollcall_compiler::{compile, load_sources, Compilation, Diagnostic, SourceError, SourceFile};
use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// This crate's directory, which holds the corpus (`tests/bad/`).
fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The workspace root, which holds the shipped library (`policies/`).
fn root() -> &'static Path {
    manifest_dir().parent().unwrap_or(manifest_dir())
}

/// A case's path relative to this crate (`tests/bad/...`) or a library
/// file's relative to the workspace root (`policies/...`), so snapshots do
/// not depend on the checkout.
fn relative(path: &Path) -> String {
    path.strip_prefix(manifest_dir())
        .or_else(|_| path.strip_prefix(root()))
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The shipped library, with paths relative to the workspace root.
fn library() -> Vec<SourceFile> {
    load_sources(&[root().join("policies")])
        .expect("the shipped policies are readable")
        .into_iter()
        .map(|source| SourceFile {
            path: relative(Path::new(&source.path)),
            text: source.text,
        })
        .collect()
}

/// The files of one case, in path order, and the diagnostic of a case file
/// that cannot be read as UTF-8 (the case is then that one file, shown as
/// decoded with replacement characters).
fn case_files(case: &Path) -> (Vec<SourceFile>, Option<Diagnostic>) {
    match load_sources(&[case.to_path_buf()]) {
        Ok(sources) => (
            sources
                .into_iter()
                .map(|source| SourceFile {
                    path: relative(Path::new(&source.path)),
                    text: source.text,
                })
                .collect(),
            None,
        ),
        Err(SourceError::NotUtf8(_)) => {
            // Read again by its relative path (tests run in this crate's
            // directory), so the diagnostic names the file as snapshots do.
            let path = relative(case);
            let Err(SourceError::NotUtf8(diagnostic)) = load_sources(&[path.clone().into()]) else {
                panic!("{path} read differently by its relative path");
            };
            let bytes = std::fs::read(case).expect("the case is readable");
            let file = SourceFile {
                path,
                text: String::from_utf8_lossy(&bytes).into_owned(),
            };
            (vec![file], Some(*diagnostic))
        }
        Err(error) => panic!("{error}"),
    }
}

/// What a case's comment lines say it must produce.
#[derive(Default)]
struct Expectation {
    codes: BTreeSet<String>,
    messages: Vec<String>,
}

impl Expectation {
    /// Reads `# expect:` and `# expect-message:` lines from every file of a case.
    fn read(files: &[SourceFile]) -> Self {
        let mut expectation = Expectation::default();
        for line in files.iter().flat_map(|file| file.text.lines()) {
            let line = line.trim();
            if let Some(code) = line.strip_prefix("# expect:") {
                expectation.codes.insert(code.trim().to_string());
            } else if let Some(text) = line.strip_prefix("# expect-message:") {
                expectation.messages.push(text.trim().to_string());
            }
        }
        expectation
    }
}

/// Renders one diagnostic as a policy author sees it in a terminal.
fn rendered(diagnostic: &Diagnostic) -> String {
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    let mut text = String::new();
    handler
        .render_report(&mut text, diagnostic)
        .expect("rendering into a String cannot fail");
    text
}

/// Checks one case against its expectations; returns the snapshot text, or
/// every way the case falls short.
fn check_case(case: &Path) -> Result<String, Vec<String>> {
    let (files, unreadable) = case_files(case);
    let expectation = Expectation::read(&files);
    if expectation.codes.is_empty() {
        return Err(vec!["add an `# expect: rollcall::...` line".to_string()]);
    }
    let case_paths: BTreeSet<&str> = files.iter().map(|file| file.path.as_str()).collect();
    let mut sources = library();
    sources.extend(files.iter().cloned());
    let compilation = match unreadable {
        Some(diagnostic) => Compilation {
            graphs: Vec::new(),
            diagnostics: vec![diagnostic],
        },
        None => catch_unwind(AssertUnwindSafe(|| compile(&sources)))
            .map_err(|_| vec!["the compiler panicked".to_string()])?,
    };
    let diagnostics: Vec<&Diagnostic> = compilation
        .diagnostics
        .iter()
        .filter(|diagnostic| case_paths.contains(diagnostic.path.as_str()))
        .collect();

    let mut problems = Vec::new();
    let reported: BTreeSet<String> = diagnostics.iter().map(|d| d.code().to_string()).collect();
    if reported != expectation.codes {
        problems.push(format!(
            "expected exactly {:?}, reported {:?}",
            expectation.codes, reported
        ));
    }
    for text in &expectation.messages {
        if !diagnostics
            .iter()
            .any(|d| d.message.contains(text.as_str()))
        {
            problems.push(format!("no message contains {text:?}"));
        }
    }
    for diagnostic in diagnostics.iter().filter(|d| d.is_error()) {
        if diagnostic.help.is_none() {
            problems.push(format!("{} has no help line", diagnostic.code()));
        }
    }
    let warnings_only = case
        .file_name()
        .is_some_and(|name| name.to_string_lossy().starts_with("warn_"));
    if warnings_only && diagnostics.iter().any(|d| d.is_error()) {
        problems.push("a warnings-only case reported an error".to_string());
    }

    let mut shown = String::new();
    for file in &files {
        shown.push_str(&format!("── {} ──\n{}\n", file.path, file.text));
    }
    shown.push_str("── diagnostics ──\n");
    for diagnostic in &diagnostics {
        shown.push_str(&rendered(diagnostic));
        shown.push('\n');
    }
    if problems.is_empty() {
        Ok(shown)
    } else {
        problems.push(format!("output:\n{shown}"));
        Err(problems)
    }
}

#[test]
fn every_broken_policy_reports_its_expected_diagnostics() {
    let mut failures = Vec::new();
    let mut cases = 0;
    insta::glob!("bad/*", |case| {
        cases += 1;
        match check_case(case) {
            Ok(shown) => insta::assert_snapshot!(shown),
            Err(problems) => {
                failures.push(format!("{}:\n  {}", relative(case), problems.join("\n  ")))
            }
        }
    });
    assert!(
        cases >= 30,
        "the corpus has at least 30 cases, found {cases}"
    );
    assert!(
        failures.is_empty(),
        "{} case(s) fall short:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
