//! A policy author's first hour, as the issue "Policy authors' tools" met
//! it: commands run from inside the policies folder, on one file, or on
//! the author's own cases, do what the same commands do from the root.

mod support;

use std::fs;
use std::path::Path;
use std::process::Output;
use support::{printed, rollcall, scratch, text};

/// `rollcall ARGS...` run from inside `policies/`.
fn in_policies(args: &[&str]) -> Output {
    let mut command = rollcall(args);
    command.current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("policies"));
    command.output().expect("the rollcall binary runs")
}

#[test]
fn explain_policy_and_compile_work_from_inside_the_policies_folder() {
    for args in [
        ["explain-policy", "norfolk.policy"].as_slice(),
        ["compile", "norfolk.policy"].as_slice(),
        ["explain-policy", "./norfolk.policy"].as_slice(),
    ] {
        let output = in_policies(args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}:\n{}",
            printed(&output)
        );
        assert!(printed(&output).contains("norfolk"), "{args:?}");
    }
}

#[test]
fn check_on_one_file_finds_its_parents_beside_it_and_reports_only_it() {
    let output = in_policies(&["check", "norfolk.policy"]);
    assert_eq!(output.status.code(), Some(0), "{}", printed(&output));
    assert!(
        printed(&output).contains("checked 1 policy: 0 errors, 0 warnings"),
        "{}",
        printed(&output)
    );
    // A broken file beside its parents: its own error, not a missing parent.
    let dir = scratch("first_hour_check");
    let policies = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    for parent in ["national-2013.policy", "national-2024.policy"] {
        fs::copy(policies.join(parent), dir.join(parent)).expect("copy a parent");
    }
    let broken = fs::read_to_string(policies.join("norfolk.policy"))
        .expect("the Norfolk policy")
        .replace(">= 9 sessions", ">= 9%");
    fs::write(dir.join("norfolk.policy"), broken).expect("write the broken copy");
    let output = rollcall(&["check", text(&dir.join("norfolk.policy"))])
        .output()
        .expect("runs");
    let shown = printed(&output);
    assert_eq!(output.status.code(), Some(1), "{shown}");
    assert!(shown.contains("rollcall::unit_mismatch"), "{shown}");
    assert!(!shown.contains("missing_parent"), "{shown}");
    assert!(shown.contains("checked 1 policy: 1 error"), "{shown}");
}

#[test]
fn test_with_a_library_and_no_paths_runs_the_library_s_cases() {
    let output = in_policies(&["test", "--policies", "."]);
    let shown = printed(&output);
    assert_eq!(output.status.code(), Some(0), "{shown}");
    assert!(
        shown.contains("ok   cases/norfolk/week_of_holiday.case"),
        "{shown}"
    );
}

#[test]
fn coverage_of_an_author_s_own_cases_is_of_the_policies_they_test() {
    let output = rollcall(&["test", "--coverage", "policies/cases/norfolk"])
        .output()
        .expect("runs");
    let shown = printed(&output);
    assert_eq!(output.status.code(), Some(0), "{shown}");
    assert!(shown.contains("6 rules, 6 covered"), "{shown}");
    assert!(!shown.contains("national-2024@"), "{shown}");
    assert!(!shown.contains("NOT COVERED"), "{shown}");
}

#[test]
fn a_case_with_no_decision_says_why() {
    let dir = scratch("first_hour_why");
    let case = dir.join("too_young.case");
    fs::write(
        &case,
        "policy norfolk\n\
         school norwich-primary in norfolk\n\
         pupil born 2020-03-01 parents mum\n\n\
         2024-09-02  / \\ / \\ / \\ / \\ / \\\n\
         2024-09-09  O O O O O O O O O O\n\n\
         expect 2024-09-13 penalty_notice to mum rule national_threshold\n",
    )
    .expect("write the case");
    let output = rollcall(&["test", text(&case)]).output().expect("runs");
    let shown = printed(&output);
    assert_eq!(output.status.code(), Some(1), "{shown}");
    assert!(
        shown.contains("why: born 2020-03-01; of compulsory school age from 2025-03-31"),
        "{shown}"
    );
}

#[test]
fn the_decision_table_fits_a_terminal() {
    let output = rollcall(&[
        "eval",
        "--policies",
        "policies",
        "--data",
        "examples/data",
        "--format",
        "table",
    ])
    .output()
    .expect("runs");
    let shown = printed(&output);
    assert_eq!(output.status.code(), Some(0), "{shown}");
    let table = String::from_utf8_lossy(&output.stdout);
    assert!(table.lines().count() > 10, "{table}");
    let widest = table.lines().map(|line| line.chars().count()).max();
    assert!(widest <= Some(110), "{widest:?} columns:\n{table}");
}
