//! End-to-end tests of `rollcall check`: the real binary, run from the
//! workspace root on the shipped library and on files from `compiler/tests/bad/`.

mod support;

use std::process::Output;
use support::printed;

/// Runs `rollcall check ARGS...` from the workspace root.
fn check(args: &[&str]) -> Output {
    let mut command = support::rollcall(&["check"]);
    command
        .args(args)
        .output()
        .expect("the rollcall binary runs")
}

#[test]
fn the_shipped_library_checks_clean() {
    let output = check(&["policies/"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "`rollcall check policies/` failed:\n{}",
        printed(&output)
    );
    let text = printed(&output);
    assert!(
        !text.contains("rollcall::"),
        "the library should produce no diagnostics, got:\n{text}"
    );
}

#[test]
fn an_unknown_code_fails_naming_file_line_and_code() {
    let output = check(&["policies/", "compiler/tests/bad/unknown_code_gg.policy"]);
    let text = printed(&output);
    assert_eq!(output.status.code(), Some(1), "output:\n{text}");
    // `codes holiday = {GG}` is on line 5, the code at column 18.
    assert!(
        text.contains("unknown_code_gg.policy:5:18"),
        "expected file:line:column of `GG`, got:\n{text}"
    );
    assert!(text.contains("rollcall::unknown_code"), "output:\n{text}");
}

#[test]
fn a_syntax_error_fails_naming_file_and_line() {
    let output = check(&[
        "policies/",
        "compiler/tests/bad/fat_arrow_comparison.policy",
    ]);
    let text = printed(&output);
    assert_eq!(output.status.code(), Some(1), "output:\n{text}");
    // `=>` is on line 8.
    assert!(
        text.contains("fat_arrow_comparison.policy:8:"),
        "expected file:line of `=>`, got:\n{text}"
    );
}

#[test]
fn a_missing_parent_fails_even_without_the_library() {
    let output = check(&["compiler/tests/bad/missing_parent.policy"]);
    let text = printed(&output);
    assert_eq!(output.status.code(), Some(1), "output:\n{text}");
    assert!(text.contains("missing_parent.policy:3:"), "output:\n{text}");
    assert!(text.contains("national-2030"), "output:\n{text}");
}

#[test]
fn warnings_alone_do_not_fail_the_check() {
    let output = check(&[
        "policies/",
        "compiler/tests/bad/warn_unused_code_set.policy",
    ]);
    let text = printed(&output);
    assert_eq!(output.status.code(), Some(0), "output:\n{text}");
    assert!(
        text.contains("rollcall::unused_code_set"),
        "output:\n{text}"
    );
    assert!(
        text.contains("warn_unused_code_set.policy:5:"),
        "output:\n{text}"
    );
}

#[test]
fn a_path_that_does_not_exist_fails_naming_it() {
    let output = check(&["policies/no-such-policy.policy"]);
    let text = printed(&output);
    assert_ne!(output.status.code(), Some(0), "output:\n{text}");
    assert!(text.contains("no-such-policy.policy"), "output:\n{text}");
}

#[test]
fn every_error_in_a_directory_is_reported_in_one_run() {
    let output = check(&["policies/", "compiler/tests/bad/inheritance_cycle/"]);
    let text = printed(&output);
    assert_eq!(output.status.code(), Some(1), "output:\n{text}");
    assert!(
        text.contains("rollcall::inheritance_cycle"),
        "output:\n{text}"
    );
    assert!(text.contains("bad-cycle-first"), "output:\n{text}");
    assert!(text.contains("bad-cycle-second"), "output:\n{text}");
}

#[test]
fn a_policy_that_is_not_utf8_is_located_by_every_command_that_reads_policies() {
    // Bytes 0xFF 0xFE in a rule's doc on line 12, column 13.
    let file = "compiler/tests/bad/not_utf8.policy";
    let commands: [&[&str]; 6] = [
        &["check", file],
        &["compile", file],
        &["explain-policy", file],
        &["eval", "--policies", file, "--data", "examples/data"],
        &["test", "--policies", file],
        &["diff", file, "policies/national-2024.policy"],
    ];
    for args in commands {
        let output = support::rollcall(args)
            .output()
            .expect("the rollcall binary runs");
        let text = printed(&output);
        assert!(!output.status.success(), "{args:?} succeeded:\n{text}");
        assert!(
            text.contains("rollcall::not_utf8")
                && text.contains(&format!("{file}:12:13"))
                && text.contains("bytes 0xFF 0xFE")
                && text.contains("re-save the file with the encoding UTF-8"),
            "{args:?}:\n{text}"
        );
        assert!(
            !text.contains("stream did not contain valid UTF-8"),
            "{args:?}:\n{text}"
        );
    }
}
