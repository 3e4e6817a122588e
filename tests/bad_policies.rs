//! The broken-policy corpus: every case under tests/bad/ (a file, or a
//! directory of files for multi-file mistakes) is compiled together with the
//! shipped library, must report the code named on its `# expect:` line, must
//! not panic, and has its source and rendered diagnostics pinned together so a
//! reviewer reads what the policy author sees.

use miette::{GraphicalReportHandler, GraphicalTheme};
use rollcall_compiler::{compile, load_sources, SourceFile};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path relative to the repository, so snapshots do not depend on the checkout.
fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

fn case_files(case: &Path) -> Vec<PathBuf> {
    if case.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(case)
            .expect("case directory")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "policy"))
            .collect();
        files.sort();
        files
    } else {
        vec![case.to_path_buf()]
    }
}

fn render(case: &Path) -> (String, Vec<&'static str>, String) {
    let library = load_sources(&[root().join("policies")]).expect("shipped policies");
    let mut sources: Vec<SourceFile> = library
        .into_iter()
        .map(|s| SourceFile {
            path: relative(Path::new(&s.path)),
            text: s.text,
        })
        .collect();
    let mut shown = String::new();
    let mut expected = String::new();
    for file in case_files(case) {
        let text = std::fs::read_to_string(&file).expect("case readable");
        if let Some(line) = text.lines().find(|l| l.contains("expect:")) {
            expected = line
                .split("expect:")
                .nth(1)
                .unwrap_or("")
                .trim()
                .to_string();
        }
        let path = relative(&file);
        shown.push_str(&format!("── {path} ──\n{text}\n"));
        sources.push(SourceFile { path, text });
    }
    let compilation = compile(&sources);
    let case_path = relative(case);
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    let mut codes = Vec::new();
    shown.push_str("── diagnostics ──\n");
    for diagnostic in compilation
        .diagnostics
        .iter()
        .filter(|d| d.path.starts_with(&case_path))
    {
        codes.push(diagnostic.code);
        handler
            .render_report(&mut shown, diagnostic)
            .expect("renders");
        shown.push('\n');
    }
    (shown, codes, expected)
}

#[test]
fn every_broken_policy_reports_its_expected_diagnostic() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root().join("tests/bad"))
        .expect("tests/bad")
        .map(|e| e.expect("entry").path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 25, "the corpus has at least 25 cases");
    for case in cases {
        let name = case
            .file_stem()
            .expect("name")
            .to_string_lossy()
            .to_string();
        let (rendered, codes, expected) = render(&case);
        assert!(
            !expected.is_empty(),
            "{name}: add an `# expect: rollcall::...` line"
        );
        assert!(
            codes.iter().any(|c| *c == expected),
            "{name}: expected {expected}, got {codes:?}\n{rendered}"
        );
        insta::assert_snapshot!(format!("bad__{name}"), rendered);
    }
}
