//! End-to-end tests of `rollcall diff --data` on `examples/data`, checked
//! against outcomes worked by hand from the stories in `examples/README.md`.
//!
//! Each policy is applied to every school at every date. Under the 2013
//! regime every attendance notice is £60 (21 days) / £120 (28 days) with
//! no limit; under the 2024 framework a first notice is £80/£160, a second
//! £160, and a third within three years is a prosecution. Exclusion notices
//! are £60/£120 under both, so p03 does not change; p09 (under school
//! age), p12 (attends well) and p13 (5 sessions after a truancy sweep,
//! which neither national framework acts on) have no decisions under either.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// Runs `rollcall diff ARGS... --data examples/data --format json`; the
/// exit code and the parsed document.
fn behaviour(args: &[&str]) -> (Option<i32>, Value) {
    behaviour_on(Path::new("examples/data"), args)
}

/// Runs `rollcall diff ARGS... --data DATA --format json`.
fn behaviour_on(data: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_rollcall"))
        .arg("diff")
        .args(args)
        .arg("--data")
        .arg(data)
        .args(["--format", "json"])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .output()
        .expect("the rollcall binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let document = serde_json::from_str(&stdout).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}):\n{stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code(), document)
}

/// The pupils listed as differing.
fn differing_pupils(document: &Value) -> Vec<&str> {
    document["behaviour"]["differences"]
        .as_array()
        .expect("a list of differences")
        .iter()
        .map(|difference| difference["pupil"].as_str().expect("a pupil id"))
        .collect()
}

/// The difference listed for `pupil`.
fn difference<'d>(document: &'d Value, pupil: &str) -> &'d Value {
    document["behaviour"]["differences"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["pupil"] == pupil))
        .unwrap_or_else(|| panic!("{pupil} is not listed"))
}

/// The pupils whose outcome changes from the 2013 regime to the 2024 framework.
const CHANGED_BY_2024: &[&str] = &[
    "p01", "p02", "p04", "p05", "p06", "p07", "p08", "p10", "p11",
];

#[test]
fn national_2013_against_2024_lists_the_pupils_whose_outcome_changes() {
    let (code, document) = behaviour(&[
        "policies/national-2013.policy",
        "policies/national-2024.policy",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(differing_pupils(&document), CHANGED_BY_2024);

    // p02's father already has three Lancashire notices: a fourth £60
    // notice in 2013 (no limit), a prosecution in 2024 (two counted
    // notices from 19 August 2024 within 3 years).
    let p02 = difference(&document, "p02");
    assert_eq!(p02["parents"], serde_json::json!(["p02-dad", "p02-mum"]));
    assert_eq!(p02["old"]["date"], "2025-02-28");
    assert_eq!(p02["old"]["action"], "penalty_notice");
    assert_eq!(p02["old"]["notice_number"], 4);
    assert_eq!(p02["old"]["payments"][0]["amount_pence"], 6000);
    assert_eq!(p02["new"]["action"], "prosecution");
    assert_eq!(p02["new"]["parent"], "p02-dad");

    // p06's mother had a Luton notice in September 2024: a second notice,
    // £60 first under 2013, a flat £160 within 28 days under 2024.
    let p06 = difference(&document, "p06");
    assert_eq!(p06["old"]["notice_number"], 2);
    assert_eq!(p06["old"]["payments"][0]["amount_pence"], 6000);
    assert_eq!(
        p06["new"]["payments"],
        serde_json::json!([{"within_days": 28, "amount_pence": 16000}])
    );

    // p08's October 2022 holiday: the 10th session is Friday 7 October.
    let p08 = difference(&document, "p08");
    assert_eq!(p08["old"]["date"], "2022-10-07");
    assert_eq!(p08["new"]["date"], "2022-10-07");
    assert_eq!(p08["new"]["payments"][0]["amount_pence"], 8000);
}

#[test]
fn national_2013_against_2024_totals() {
    let (_, document) = behaviour(&[
        "policies/national-2013.policy",
        "policies/national-2024.policy",
    ]);
    let old = &document["behaviour"]["old"];
    let new = &document["behaviour"]["new"];
    assert_eq!(document["behaviour"]["pupils"], 13);
    // 2013: p01 2, p02 2, p04 2, p05 2, p06 1, p07 1, p08 2, p10 1, p11 1
    // notices, and p03's two exclusion notices; all £60 first.
    assert_eq!(old["by_action"]["penalty_notice"], 14);
    assert_eq!(old["by_action"]["exclusion_notice"], 2);
    assert_eq!(old["notices"], 16);
    assert_eq!(old["notices_per_100"], "123.08");
    assert_eq!(old["first_option_pence"], 16 * 6000);
    // 2024: p02's father is prosecuted instead; p01's second notice and
    // p06's are £160; the rest £80, exclusion notices £60.
    assert_eq!(new["by_action"]["penalty_notice"], 13);
    assert_eq!(new["by_action"]["prosecution"], 1);
    assert_eq!(new["notices"], 15);
    assert_eq!(new["notices_per_100"], "115.38");
    assert_eq!(new["first_option_pence"], 2 * 16000 + 11 * 8000 + 2 * 6000);
}

#[test]
fn westmorland_and_furness_either_side_of_the_framework_changes_the_same_pupils() {
    let (code, document) = behaviour(&[
        "policies/westmorland-and-furness.policy",
        "--at",
        "2024-08-18",
        "2024-08-19",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(differing_pupils(&document), CHANGED_BY_2024);
}

#[test]
fn north_northamptonshire_adds_the_truancy_sweep_and_counts_absences_from_2024() {
    // Against Westmorland and Furness (2013 regime stretched back, the
    // framework from 2024): North Northamptonshire's truancy sweep rule
    // gives p13 a notice; its counts start on 19 August 2024 (absence-date
    // versions), so p08's 2022-23 absences give nothing.
    let (code, document) = behaviour(&[
        "policies/westmorland-and-furness.policy",
        "policies/north-northamptonshire.policy",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(differing_pupils(&document), ["p08", "p13"]);
    let p13 = difference(&document, "p13");
    assert_eq!(p13["old"], Value::Null);
    assert_eq!(p13["new"]["date"], "2025-03-05");
    assert_eq!(p13["new"]["rule"], "truancy_sweep");
    let p08 = difference(&document, "p08");
    assert_eq!(p08["old_decisions"], 2);
    assert_eq!(p08["new_decisions"], 0);
}

#[test]
fn a_policy_against_itself_changes_no_pupil() {
    let (code, document) = behaviour(&[
        "policies/national-2024.policy",
        "tests/diff_fixtures/national-2024-reformatted.policy",
        "--policies",
        "policies",
    ]);
    assert_eq!(code, Some(0));
    assert!(differing_pupils(&document).is_empty());
    assert_eq!(document["behaviour"]["old"], document["behaviour"]["new"]);
}

#[test]
fn parquet_data_gives_the_same_behaviour_diff_as_csv() {
    let parquet = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-examples-parquet");
    let converted = Command::new(env!("CARGO_BIN_EXE_rollcall"))
        .args([
            "convert",
            "--from",
            "examples/data",
            "--format",
            "parquet",
            "--to",
        ])
        .arg(&parquet)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .output()
        .expect("the rollcall binary runs");
    assert!(converted.status.success(), "{converted:?}");
    let policies = [
        "policies/national-2013.policy",
        "policies/national-2024.policy",
    ];
    let (csv_code, from_csv) = behaviour(&policies);
    let (parquet_code, from_parquet) = behaviour_on(&parquet, &policies);
    assert_eq!((parquet_code, &from_parquet), (csv_code, &from_csv));
    assert_eq!(differing_pupils(&from_parquet), CHANGED_BY_2024);
}

#[test]
fn a_missing_data_directory_is_an_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_rollcall"))
        .args([
            "diff",
            "policies/national-2013.policy",
            "policies/national-2024.policy",
            "--data",
            "examples/nowhere",
        ])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .output()
        .expect("the rollcall binary runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("examples/nowhere"), "{stderr}");
}

/// Runs `rollcall ARGS...` from the project root.
fn rollcall(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rollcall"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .output()
        .expect("the rollcall binary runs")
}

/// The rows of a differences file, header first, split on the commas
/// outside quotes' reach: pupil, parents, decision counts.
fn difference_rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).expect("the differences file exists");
    text.lines()
        .map(|line| line.splitn(5, ',').take(4).map(str::to_owned).collect())
        .collect()
}

#[test]
fn differences_writes_every_differing_pupil_to_a_csv_file() {
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join("differences-examples.csv");
    let file_arg = file.to_string_lossy().into_owned();
    let (code, document) = behaviour(&[
        "policies/national-2013.policy",
        "policies/national-2024.policy",
        "--differences",
        &file_arg,
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(
        document["behaviour"]["differing_pupils"],
        CHANGED_BY_2024.len()
    );
    let rows = difference_rows(&file);
    assert_eq!(
        rows[0],
        ["pupil", "parents", "old_decisions", "new_decisions"]
    );
    let pupils: Vec<&str> = rows[1..].iter().map(|row| row[0].as_str()).collect();
    assert_eq!(pupils, CHANGED_BY_2024);
    assert_eq!(rows[2], ["p02", "p02-dad;p02-mum", "2", "2"]);
    let text = std::fs::read_to_string(&file).expect("the file");
    assert!(
        text.contains(",\"2025-02-28 prosecution to p02-dad (rule national_threshold, national-2024@always)\""),
        "{text}"
    );
}

/// On a cohort where most families' outcomes change, the report lists the
/// first 50 differing pupils and counts the rest; the file has them all.
#[test]
fn a_report_lists_the_first_fifty_differing_pupils_and_the_file_all() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-cohort");
    let _ = std::fs::remove_dir_all(&dir);
    let dir_arg = dir.to_string_lossy().into_owned();
    let made = rollcall(&[
        "synth", "--pupils", "600", "--years", "1", "--seed", "3", "--out", &dir_arg,
    ]);
    assert!(made.status.success(), "{made:?}");
    let file = dir.join("differences.csv");
    let file_arg = file.to_string_lossy().into_owned();
    let policies = [
        "policies/national-2013.policy",
        "policies/national-2024.policy",
        "--differences",
        &file_arg,
    ];
    let (code, document) = behaviour_on(&dir, &policies);
    assert_eq!(code, Some(1));
    let listed = differing_pupils(&document);
    let rows = difference_rows(&file);
    let all: Vec<&str> = rows[1..].iter().map(|row| row[0].as_str()).collect();
    assert!(all.len() > 50, "{} differing pupils", all.len());
    assert_eq!(document["behaviour"]["differing_pupils"], all.len());
    assert_eq!(listed, all[..50]);
    let text = rollcall(&["diff", policies[0], policies[1], "--data", &dir_arg]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains(&format!("{} pupils whose decisions differ", all.len())),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "\n  … and {} more pupils (the first 50 are listed; `--differences FILE` writes every \
             one)\n",
            all.len() - 50
        )),
        "{text}"
    );
}

#[test]
fn differences_needs_data_and_a_writable_file() {
    let without_data = rollcall(&[
        "diff",
        "policies/national-2013.policy",
        "policies/national-2024.policy",
        "--differences",
        "out.csv",
    ]);
    assert_eq!(without_data.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&without_data.stderr);
    assert!(stderr.contains("--data"), "{stderr}");
    let unwritable = rollcall(&[
        "diff",
        "policies/national-2013.policy",
        "policies/national-2024.policy",
        "--data",
        "examples/data",
        "--differences",
        "examples/nowhere/differences.csv",
    ]);
    assert_eq!(unwritable.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&unwritable.stderr);
    assert!(
        stderr.contains("cannot create examples/nowhere/differences.csv"),
        "{stderr}"
    );
}
