//! End-to-end tests of `rollcall fmt`: the real binary on scratch copies
//! of files, formatted, checked, diffed and broken.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use support::{rollcall, scratch, stderr, stdout};

const MESSY: &str = "national n \"T\"\nversion from 2024-08-19 {\n rule r { # the rule\n when count {G,N} within 2 school weeks>=1 session\n\n\n then penalty_notice }\n}\n";

const TIDY: &str = "national n \"T\"\n\nversion from 2024-08-19 {\n  rule r { # the rule\n    when count {G, N} within 2 school weeks >= 1 session\n    then penalty_notice\n  }\n}\n";

/// `=>` on line 2, column 17.
const BROKEN: &str = "national b \"B\"\nrule r { when m => 1 then penalty_notice }\n";

fn fmt_in(dir: &Path, args: &[&str]) -> Output {
    rollcall(&["fmt"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the rollcall binary runs")
}

/// A scratch directory holding `files` (name, text).
fn library(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = scratch(&format!("cli_fmt/{name}"));
    for (file, contents) in files {
        let path = dir.join(file);
        fs::create_dir_all(path.parent().expect("a parent")).expect("create a directory");
        fs::write(path, contents).expect("write a policy");
    }
    dir
}

fn read(path: PathBuf) -> String {
    fs::read_to_string(path).expect("read a policy")
}

#[test]
fn fmt_rewrites_files_in_the_canonical_layout_and_then_they_check_clean() {
    let dir = library("rewrite", &[("messy.policy", MESSY), ("tidy.policy", TIDY)]);
    let output = fmt_in(&dir, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(read(dir.join("messy.policy")), TIDY);
    assert_eq!(read(dir.join("tidy.policy")), TIDY);
    assert!(
        stderr(&output).contains("reformatted 1 of 2 files"),
        "{}",
        stderr(&output)
    );
    let again = fmt_in(&dir, &["--check", "."]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(stdout(&again), "");
}

#[test]
fn check_lists_the_files_that_would_change_and_writes_nothing() {
    let dir = library(
        "check",
        &[
            ("a/messy.policy", MESSY),
            ("tidy.policy", TIDY),
            (".hidden/messy.policy", MESSY),
        ],
    );
    let output = fmt_in(&dir, &["--check"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(stdout(&output), "a/messy.policy\n");
    assert_eq!(
        read(dir.join("a/messy.policy")),
        MESSY,
        "--check wrote the file"
    );
    assert!(
        stderr(&output).contains("would reformat 1 of 2 files"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let dir = library("diff", &[("messy.policy", MESSY)]);
    let output = fmt_in(&dir, &["--diff", "messy.policy"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let diff = stdout(&output);
    assert!(
        diff.starts_with("--- messy.policy\n+++ messy.policy\n@@ "),
        "{diff}"
    );
    assert!(diff.contains("\n- rule r { # the rule\n"), "{diff}");
    assert!(diff.contains("\n+  rule r { # the rule\n"), "{diff}");
    assert!(diff.contains("\n+    then penalty_notice\n"), "{diff}");
    assert_eq!(
        read(dir.join("messy.policy")),
        MESSY,
        "--diff wrote the file"
    );
}

#[test]
fn a_broken_file_gets_check_s_diagnostic_and_the_others_are_still_formatted() {
    let dir = library(
        "broken",
        &[("broken.policy", BROKEN), ("messy.policy", MESSY)],
    );
    let output = fmt_in(&dir, &[]);
    let printed = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{printed}");
    assert!(printed.contains("broken.policy:2:17"), "{printed}");
    assert!(printed.contains("rollcall::syntax"), "{printed}");
    assert!(printed.contains("1 file not formatted"), "{printed}");
    assert_eq!(read(dir.join("broken.policy")), BROKEN);
    assert_eq!(read(dir.join("messy.policy")), TIDY);
    let check = rollcall(&["check", "broken.policy"])
        .current_dir(&dir)
        .output()
        .expect("the rollcall binary runs");
    // The same diagnostic, word for word; only the summary line differs.
    let diagnostic = |text: &str| {
        text.lines()
            .filter(|line| !line.starts_with("checked ") && !line.starts_with("reformatted "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(diagnostic(&printed), diagnostic(&stderr(&check)));
}

#[test]
fn an_unreadable_path_exits_2() {
    let dir = library("missing", &[]);
    let output = fmt_in(&dir, &["no-such.policy"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot read no-such.policy"),
        "{}",
        stderr(&output)
    );
}

const MESSY_CASE: &str = "  # A case.\npolicy   national-2024\npupil born 2015-03-03 parents mum ,dad\n\n\n2025-01-06 I I I I I I I I I I\nexpect nothing\n";

const TIDY_CASE: &str = "# A case.\npolicy national-2024\npupil born 2015-03-03 parents mum, dad\n\n2025-01-06  I I I I I I I I I I\nexpect nothing\n";

#[test]
fn case_files_are_formatted_and_an_invalid_one_is_reported_by_line() {
    let dir = library(
        "cases",
        &[
            ("cases/messy.case", MESSY_CASE),
            (
                "cases/bad.case",
                "policy national-2024\npupil born 2015-03-03\nexpct nothing\n",
            ),
        ],
    );
    let output = fmt_in(&dir, &[]);
    let printed = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains("cases/bad.case:3: unknown statement `expct`"),
        "{printed}"
    );
    assert!(
        printed.contains("reformatted 1 of 2 files; 1 file not formatted"),
        "{printed}"
    );
    assert_eq!(read(dir.join("cases/messy.case")), TIDY_CASE);
}
