//! `rollcall test` end to end: every shipped case file passes, every rule of
//! every shipped policy is covered, each case's decisions are pinned by a
//! snapshot, and failures, invalid files and JUnit XML are reported as
//! documented in docs/cases.md.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `rollcall test ARGS...` in `dir`.
fn rollcall_test(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rollcall"))
        .arg("test")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the rollcall binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `(passed, failed)` from the summary line, which must be the last.
fn summary(output: &Output) -> (usize, usize) {
    let text = stdout(output);
    let last = text.lines().last().expect("a summary line");
    let numbers: Vec<usize> = last
        .split([' ', ','])
        .filter_map(|word| word.parse().ok())
        .collect();
    assert_eq!(
        last,
        format!("{} passed, {} failed", numbers[0], numbers[1]),
        "the summary line"
    );
    (numbers[0], numbers[1])
}

#[test]
fn every_shipped_case_passes_and_covers_every_rule() {
    let output = rollcall_test(&root(), &["policies", "--coverage"]);
    let text = stdout(&output);
    assert!(output.status.success(), "{text}");
    let (passed, failed) = summary(&output);
    assert!(passed >= 60, "at least 60 cases, found {passed}");
    assert_eq!(failed, 0);
    assert!(!text.contains("NOT COVERED"), "{text}");
    let totals = text
        .lines()
        .find(|line| line.ends_with(" covered"))
        .expect("a coverage total");
    let numbers: Vec<&str> = totals
        .split([' ', ','])
        .filter(|w| w.parse::<u32>().is_ok())
        .collect();
    assert_eq!(numbers.len(), 2, "{totals}");
    assert_eq!(numbers[0], numbers[1], "every rule covered: {totals}");
}

#[test]
fn each_case_s_decisions_are_pinned() {
    insta::glob!("../policies/cases", "**/*.case", |path| {
        let relative = path
            .strip_prefix(root())
            .expect("a case under the workspace");
        let relative = relative.to_str().expect("a UTF-8 path");
        let output = rollcall_test(&root(), &[relative, "--show-decisions"]);
        let text = stdout(&output);
        assert!(output.status.success(), "{text}");
        insta::assert_snapshot!(text);
    });
}

/// A scratch directory holding `files` (name, text).
fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cases")
        .join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("clear the scratch directory");
    }
    fs::create_dir_all(&dir).expect("create the scratch directory");
    for (file, text) in files {
        fs::write(dir.join(file), text).expect("write a scratch file");
    }
    dir
}

const HOLIDAY: &str = "policy national-2024
school luton-primary in luton
pupil born 2016-05-20 parents mum
2025-03-10  G G G G G G G G G G
";

#[test]
fn failures_show_expected_against_decided_and_are_written_as_junit() {
    let policies = root().join("policies");
    let passing = format!(
        "{HOLIDAY}expect 2025-03-14 penalty_notice to mum notice 1 pays £80 within 21 days, £160 within 28 days\n"
    );
    let failing = format!("{HOLIDAY}expect 2025-03-13 penalty_notice to mum notice 1\n");
    let invalid =
        "policy national-2024\npupil born 2016-05-20 parents mum\n2025-03-11 G G\nexpect nothing\n";
    let dir = scratch(
        "failures",
        &[
            ("a_pass.case", &passing),
            ("b_fail.case", &failing),
            ("c_invalid.case", invalid),
        ],
    );
    let output = rollcall_test(
        &dir,
        &[
            ".",
            "--policies",
            policies.to_str().expect("UTF-8"),
            "--junit",
            "report.xml",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(summary(&output), (1, 2));
    insta::assert_snapshot!("failure_report", stdout(&output));
    let junit = fs::read_to_string(dir.join("report.xml")).expect("the JUnit file");
    insta::assert_snapshot!("junit", junit);
}

#[test]
fn an_unexpected_decision_fails_a_case_that_expects_nothing() {
    let dir = scratch(
        "unexpected",
        &[("nothing.case", &format!("{HOLIDAY}expect nothing\n"))],
    );
    let policies = root().join("policies");
    let output = rollcall_test(
        &dir,
        &[
            "nothing.case",
            "--policies",
            policies.to_str().expect("UTF-8"),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains("    + 2025-03-14 penalty_notice to mum notice 1 pays £80 within 21 days, £160 within 28 days rule national_threshold policy national-2024@2024-08-19 authority luton evidence 10"),
        "{text}"
    );
    assert_eq!(summary(&output), (0, 1));
}

#[test]
fn coverage_of_a_partial_run_lists_the_rules_of_the_tested_policy_no_case_exercises() {
    let output = rollcall_test(
        &root(),
        &[
            "policies/cases/national-2024/ten_g_in_one_week.case",
            "--coverage",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "incomplete coverage fails");
    let text = stdout(&output);
    assert_eq!(summary(&output), (1, 0));
    let line = |rule: &str| {
        text.lines()
            .find(|line| line.trim_start().starts_with(rule))
            .unwrap_or_else(|| panic!("no coverage line for {rule}:\n{text}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        line("national-2024@2024-08-19 national_threshold"),
        "national-2024@2024-08-19 national_threshold 1 / 0 NOT COVERED: no passing case under this version where it does not decide"
    );
    assert_eq!(
        line("national-2024@2024-08-19 exclusion_sighting"),
        "national-2024@2024-08-19 exclusion_sighting 0 / 1 NOT COVERED: no passing case where it decides"
    );
    // Only the policy the case tests: the rest of the library is not
    // held against one author's cases.
    assert!(!text.contains("cumbria@"), "{text}");
    assert!(text.contains("2 rules, 0 covered"), "{text}");
}

#[test]
fn unreadable_paths_unknown_policies_and_empty_directories_are_errors() {
    let missing = rollcall_test(&root(), &["no/such/dir"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read no/such/dir"));
    let empty = scratch("empty", &[]);
    let none = rollcall_test(
        &empty,
        &[
            ".",
            "--policies",
            root().join("policies").to_str().expect("UTF-8"),
        ],
    );
    assert_eq!(none.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&none.stderr).contains("no case files"));
    let unknown = HOLIDAY.replace("national-2024", "nationl-2024") + "expect nothing\n";
    let dir = scratch("unknown_policy", &[("x.case", &unknown)]);
    let output = rollcall_test(
        &dir,
        &[
            "x.case",
            "--policies",
            root().join("policies").to_str().expect("UTF-8"),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("x.case:1: unknown policy `nationl-2024`: no such policy in the library (did you mean `national-2024`?)"),
        "{}",
        stdout(&output)
    );
}
