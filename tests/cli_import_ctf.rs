//! End-to-end tests of `rollcall import ctf`: the hand-written CTFs of
//! `tests/ctf` give the decisions of their hand-written CSV equivalent
//! (`tests/ctf/csv`), every totals mismatch and overlap is reported, and
//! malformed files name file:line:col and lose only their bad pupils.

mod support;

use support::{stderr, stdout, text};

use std::fs;
use std::path::Path;
use std::process::Output;

/// Runs `rollcall ARGS...` from the workspace root.
fn rollcall(args: &[&str]) -> Output {
    support::rollcall(args)
        .output()
        .expect("the rollcall binary runs")
}

/// `rollcall import ctf FILES --to DIR --authority 888=lancashire EXTRA`.
fn import(name: &str, files: &[&str], extra: &[&str]) -> (Output, std::path::PathBuf) {
    let dir = support::scratch(&format!("cli_import_ctf/{name}"));
    let mut args = vec!["import", "ctf"];
    args.extend(files);
    args.extend(["--to", text(&dir), "--authority", "888=lancashire"]);
    args.extend(extra);
    (rollcall(&args), dir)
}

const SCHOOLS: [&str; 2] = ["tests/ctf/school-a.xml", "tests/ctf/school-b.xml"];

#[test]
fn imported_ctfs_give_the_decisions_of_the_equivalent_csv_data() {
    let (output, dir) = import("round_trip", &SCHOOLS, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    for table in ["schools.csv", "pupils.csv", "marks.csv"] {
        let imported = fs::read_to_string(dir.join(table)).expect("an imported table");
        let by_hand = fs::read_to_string(Path::new("tests/ctf/csv").join(table)).expect("a table");
        assert_eq!(imported, by_hand, "{table}");
    }
    let eval = |data: &str| {
        let output = rollcall(&["eval", "--policies", "policies", "--data", data]);
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    };
    let imported = eval(text(&dir));
    assert_eq!(imported, eval("tests/ctf/csv"));
    // Amy's holiday at her first school makes a notice to her mother.
    assert!(
        imported.contains(r#""pupil":"A100000000001","parent":"A100000000001-contact1","date":"2024-09-13","action":"penalty_notice""#),
        "{imported}"
    );
    // Byte-identical for the same input.
    let (_, again) = import("round_trip_again", &SCHOOLS, &[]);
    assert_eq!(
        fs::read(dir.join("marks.csv")).unwrap(),
        fs::read(again.join("marks.csv")).unwrap()
    );
}

#[test]
fn totals_mismatches_are_warnings_and_fail_only_with_strict() {
    let expected = "tests/ctf/school-b.xml:54:19: warning: pupil `A100000000003`: the totals of \
                    YearData (marks from 2024-09-16) disagree with its AttendanceMarks: \
                    SessionsPossible 12 given, 10 decoded; SessionsUnauthorised 0 given, 2 decoded";
    let (output, _) = import("mismatch", &SCHOOLS, &[]);
    assert!(output.status.success());
    assert!(stderr(&output).contains(expected), "{}", stderr(&output));
    assert_eq!(
        stderr(&output).matches("warning:").count(),
        1,
        "{}",
        stderr(&output)
    );
    let (output, dir) = import("mismatch_strict", &SCHOOLS, &["--strict"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains(expected), "{}", stderr(&output));
    assert!(dir.join("marks.csv").exists());
}

#[test]
fn sessions_two_files_mark_differently_are_reported_and_left_out() {
    let (output, dir) = import(
        "overlap",
        &[SCHOOLS[0], SCHOOLS[1], "tests/ctf/malformed/overlap.xml"],
        &[],
    );
    assert!(!output.status.success());
    let printed = stderr(&output);
    assert!(
        printed.contains(
            "error: pupil `A100000000001` on 2024-09-16 AM: the files disagree \
         (tests/ctf/school-b.xml has `/` at 8883002, tests/ctf/malformed/overlap.xml has `O` at \
         8884003); the session is not imported"
        ),
        "{printed}"
    );
    assert!(
        printed.contains("error: pupil `A100000000001` on 2024-09-16 PM"),
        "{printed}"
    );
    let marks = fs::read_to_string(dir.join("marks.csv")).unwrap();
    assert!(
        !marks.contains("A100000000001,8883002,2024-09-16"),
        "{marks}"
    );
    assert!(
        marks.contains("A100000000001,8883002,2024-09-17,AM,/"),
        "{marks}"
    );
}

#[test]
fn malformed_files_name_file_and_line_and_keep_their_good_pupils() {
    let (output, dir) = import(
        "malformed",
        &[
            "tests/ctf/malformed/bad-xml.xml",
            "tests/ctf/malformed/unknown-char.xml",
        ],
        &[],
    );
    assert!(!output.status.success());
    let printed = stderr(&output);
    for expected in [
        "tests/ctf/malformed/bad-xml.xml:35:34: error: malformed XML: ",
        "(pupil `A100000000005` from line 28 is not imported, nor anything after it)",
        "tests/ctf/malformed/unknown-char.xml:32:52: error: pupil `A100000000007`: \
         AttendanceMarks from 2024-09-16: session 4 (2024-09-17 PM): unknown attendance mark `?`",
        "tests/ctf/malformed/unknown-char.xml:39:40: error: pupil `A100000000008`: BirthDate: \
         `2016-13-01` is not a date",
        "tests/ctf/malformed/unknown-char.xml:48:52: error: pupil `A100000000009`: \
         AttendanceMarks from 2024-09-16: session 3 (2024-09-17 AM): code `H` went out of use",
    ] {
        assert!(printed.contains(expected), "{expected}\nnot in\n{printed}");
    }
    assert_eq!(printed.matches(": error: ").count(), 4, "{printed}");
    let pupils = fs::read_to_string(dir.join("pupils.csv")).unwrap();
    assert_eq!(
        pupils,
        "pupil,date_of_birth,parents\nA100000000004,2015-11-30,\nA100000000006,2016-05-05,\n"
    );
}

#[test]
fn a_file_without_a_source_school_imports_nothing_of_itself() {
    let dir = support::scratch("cli_import_ctf/no_school_input");
    let file = dir.join("no-school.xml");
    fs::write(&file, "<CTfile><Header/><CTFpupilData/></CTfile>").unwrap();
    let (output, _) = import("no_school", &[text(&file), SCHOOLS[0]], &[]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("no-school.xml:0:0: error: the header names no source school"),
        "{}",
        stderr(&output)
    );
}
