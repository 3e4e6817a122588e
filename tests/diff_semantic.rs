//! End-to-end tests of `rollcall diff` without data: the real binary, run
//! from the workspace root on the shipped policies and on edited copies in
//! `tests/diff_fixtures/`. Text output is snapshotted; exit codes are
//! asserted (0 no semantic change, 1 changes, 2 error).

use std::path::Path;
use std::process::{Command, Output};

/// Runs `rollcall diff ARGS...` from the workspace root.
fn diff(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rollcall"))
        .arg("diff")
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env("NO_COLOR", "1")
        .output()
        .expect("the rollcall binary runs")
}

/// The standard output, after checking the exit code.
fn stdout_with_code(args: &[&str], code: i32) -> String {
    let output = diff(args);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(
        output.status.code(),
        Some(code),
        "`rollcall diff {}`:\n{stdout}{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[test]
fn national_2013_against_national_2024() {
    let text = stdout_with_code(
        &[
            "policies/national-2013.policy",
            "policies/national-2024.policy",
        ],
        1,
    );
    insta::assert_snapshot!(text);
}

#[test]
fn national_2013_against_national_2024_as_markdown() {
    let text = stdout_with_code(
        &[
            "policies/national-2013.policy",
            "policies/national-2024.policy",
            "--format",
            "markdown",
        ],
        1,
    );
    insta::assert_snapshot!(text);
}

#[test]
fn cumbria_against_westmorland_and_furness() {
    let text = stdout_with_code(
        &[
            "policies/cumbria.policy",
            "policies/westmorland-and-furness.policy",
        ],
        1,
    );
    insta::assert_snapshot!(text);
}

#[test]
fn westmorland_and_furness_against_north_northamptonshire() {
    let text = stdout_with_code(
        &[
            "policies/westmorland-and-furness.policy",
            "policies/north-northamptonshire.policy",
        ],
        1,
    );
    insta::assert_snapshot!(text);
}

#[test]
fn westmorland_and_furness_either_side_of_the_2024_framework() {
    let text = stdout_with_code(
        &[
            "policies/westmorland-and-furness.policy",
            "--at",
            "2024-08-18",
            "2024-08-19",
        ],
        1,
    );
    insta::assert_snapshot!(text);
}

#[test]
fn two_dates_in_one_version_are_no_change() {
    let text = stdout_with_code(
        &[
            "policies/westmorland-and-furness.policy",
            "--at",
            "2024-08-19",
            "2025-06-01",
        ],
        0,
    );
    assert!(text.contains("No semantic change."), "{text}");
}

#[test]
fn a_formatting_only_edit_is_no_semantic_change() {
    let text = stdout_with_code(
        &[
            "policies/national-2024.policy",
            "tests/diff_fixtures/national-2024-reformatted.policy",
            "--policies",
            "policies",
        ],
        0,
    );
    insta::assert_snapshot!(text);
}

#[test]
fn a_changed_window() {
    let text = stdout_with_code(
        &[
            "policies/national-2024.policy",
            "tests/diff_fixtures/national-2024-window.policy",
            "--policies",
            "policies",
        ],
        1,
    );
    insta::assert_snapshot!(text);
}

#[test]
fn a_term_window_is_a_change_and_a_limit_in_months_of_the_same_length_is_not() {
    let text = stdout_with_code(
        &[
            "policies/national-2024.policy",
            "tests/diff_fixtures/national-2024-term-window.policy",
            "--policies",
            "policies",
        ],
        1,
    );
    assert!(text.contains("this and previous term"), "{text}");
    // 36 months are 3 years: the same limit, no change to report.
    assert!(!text.contains("notices counted"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn a_window_of_sessions_is_a_change_named_in_sessions() {
    let text = stdout_with_code(
        &[
            "policies/national-2024.policy",
            "tests/diff_fixtures/national-2024-sessions-window.policy",
            "--policies",
            "policies",
        ],
        1,
    );
    assert!(text.contains("within 100 sessions"), "{text}");
    assert!(text.contains("within 10 school weeks"), "{text}");
}

#[test]
fn a_count_of_episodes_with_another_window_and_number_is_named_in_episodes() {
    let text = stdout_with_code(
        &[
            "policies/norfolk.policy",
            "tests/diff_fixtures/norfolk-two-holidays.policy",
            "--policies",
            "policies",
        ],
        1,
    );
    assert!(text.contains("(threshold, window)"), "{text}");
    assert!(
        text.contains(
            "episodes of {G} this academic_year (sessions on or after 2024-08-19) >= 3 episodes"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "episodes of {G} within 3 months (sessions on or after 2024-08-19) >= 2 episodes"
        ),
        "{text}"
    );
}

#[test]
fn a_changed_amount() {
    let text = stdout_with_code(
        &[
            "policies/north-northamptonshire.policy",
            "tests/diff_fixtures/north-northamptonshire-amount.policy",
            "--policies",
            "policies",
        ],
        1,
    );
    insta::assert_snapshot!(text);
}

#[test]
fn a_changed_amount_as_json() {
    let text = stdout_with_code(
        &[
            "policies/north-northamptonshire.policy",
            "tests/diff_fixtures/north-northamptonshire-amount.policy",
            "--policies",
            "policies",
            "--format",
            "json",
        ],
        1,
    );
    let document: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(document["semantic_changes"], 1);
    insta::assert_snapshot!(text);
}

#[test]
fn an_added_rule() {
    let text = stdout_with_code(
        &[
            "policies/cambridgeshire.policy",
            "tests/diff_fixtures/cambridgeshire-sweep.policy",
            "--policies",
            "policies",
        ],
        1,
    );
    insta::assert_snapshot!(text);
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let output = diff(&["policies/national-2024.policy", "policies/nowhere.policy"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("policies/nowhere.policy"), "{stderr}");
}

#[test]
fn a_policy_with_errors_is_an_error_with_its_diagnostics() {
    let output = diff(&[
        "policies/national-2024.policy",
        "compiler/tests/bad/unknown_code_gg.policy",
        "--policies",
        "policies",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("unknown_code_gg.policy:5:18"), "{stderr}");
}

#[test]
fn a_date_without_a_version_is_an_error() {
    let output = diff(&[
        "policies/westmorland-and-furness.policy",
        "--at",
        "2020-01-01",
        "2024-08-19",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("`westmorland-and-furness` has no version in force on 2020-01-01"),
        "{stderr}"
    );
}

#[test]
fn one_file_without_dates_is_a_usage_error() {
    let output = diff(&["policies/national-2024.policy"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--at"), "{stderr}");
}

#[test]
fn the_output_is_deterministic() {
    let args = [
        "policies/cumbria.policy",
        "policies/westmorland-and-furness.policy",
        "--format",
        "json",
    ];
    assert_eq!(diff(&args).stdout, diff(&args).stdout);
}
