//! End-to-end tests of `rollcall eval` and `rollcall explain`: the real
//! binary on the shipped policies and example data, and on broken input.

mod support;

use support::{stderr, stdout};

use std::fs;
use std::path::PathBuf;
use std::process::Output;

/// Runs `rollcall ARGS...` from the workspace root.
fn rollcall(args: &[&str]) -> Output {
    support::rollcall(args)
        .output()
        .expect("the rollcall binary runs")
}

/// A fresh copy of the example data directory named `name`, with `edit`
/// applied to its files (name, new contents).
fn example_copy(name: &str, edits: &[(&str, &str)]) -> PathBuf {
    let dir = support::scratch(&format!("cli_eval/{name}"));
    support::copy_examples(&dir);
    for (file, contents) in edits {
        fs::write(dir.join(file), contents).expect("write a data file");
    }
    dir
}

/// `pupil date parent action number policy` of each JSON line.
fn summary(jsonl: &str) -> Vec<String> {
    jsonl
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            let text = |key: &str| match &value[key] {
                serde_json::Value::String(text) => text.clone(),
                serde_json::Value::Number(number) => number.to_string(),
                _ => "-".to_string(),
            };
            [
                "pupil",
                "date",
                "parent",
                "action",
                "notice_number",
                "policy",
            ]
            .map(text)
            .join(" ")
        })
        .collect()
}

#[test]
fn the_example_data_gives_the_decisions_its_readme_describes() {
    let output = rollcall(&["eval", "--policies", "policies", "--data", "examples/data"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let summary = summary(&stdout(&output));
    let expected = [
        "p01 2024-10-11 p01-mum penalty_notice 1 westmorland-and-furness@2024-08-19",
        "p01 2025-06-13 p01-mum penalty_notice 2 westmorland-and-furness@2024-08-19",
        "p02 2025-02-28 p02-dad prosecution - westmorland-and-furness@2024-08-19",
        "p02 2025-02-28 p02-mum penalty_notice 1 westmorland-and-furness@2024-08-19",
        "p03 2024-11-13 p03-dad exclusion_notice - north-northamptonshire@2024-08-19",
        "p03 2024-11-13 p03-mum exclusion_notice - north-northamptonshire@2024-08-19",
        "p04 2025-03-14 p04-p05-dad penalty_notice 1 national-2024@2024-08-19",
        "p04 2025-03-14 p04-p05-mum penalty_notice 1 national-2024@2024-08-19",
        "p05 2025-03-14 p04-p05-dad penalty_notice 1 national-2024@2024-08-19",
        "p05 2025-03-14 p04-p05-mum penalty_notice 1 national-2024@2024-08-19",
        "p06 2025-02-03 p06-mum penalty_notice 2 north-northamptonshire@2024-08-19",
        "p07 2025-03-14 p07-dad penalty_notice 1 north-northamptonshire@2024-08-19",
        "p10 2025-02-05 p10-mum penalty_notice 1 godmanchester-bridge@2024-08-19",
        "p11 2025-09-11 p11-gran penalty_notice 1 westmorland-and-furness@2024-08-19",
        "p13 2025-03-05 p13-mum penalty_notice 1 north-northamptonshire@2024-08-19",
    ];
    let without_p08: Vec<&String> = summary
        .iter()
        .filter(|line| !line.starts_with("p08 "))
        .collect();
    assert_eq!(without_p08, expected);
    let p08: Vec<&String> = summary
        .iter()
        .filter(|line| line.starts_with("p08 "))
        .collect();
    assert_eq!(
        p08.first().map(|line| line.as_str()),
        Some("p08 2022-10-05 p08-mum penalty_notice 1 cumbria@2013-09-01")
    );
    assert_eq!(
        p08.last().map(|line| line.as_str()),
        Some(
            format!(
                "p08 2023-04-25 p08-mum penalty_notice {} westmorland-and-furness@2023-04-01",
                p08.len()
            )
            .as_str()
        )
    );
}

#[test]
fn output_goes_to_a_file_in_the_chosen_format_as_of_a_day() {
    let file = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli_eval_decisions.csv");
    let output = rollcall(&[
        "eval",
        "--policies",
        "policies",
        "--data",
        "examples/data",
        "--format",
        "csv",
        "--as-of",
        "2024-12-31",
        "--output",
        file.to_str().expect("a UTF-8 path"),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).is_empty());
    let written = fs::read_to_string(&file).expect("the output file");
    let dates: Vec<&str> = written
        .lines()
        .skip(1)
        .map(|line| line.split(',').nth(2).unwrap_or_default())
        .collect();
    assert!(!dates.is_empty());
    assert!(dates.iter().all(|date| *date <= "2024-12-31"), "{dates:?}");
}

#[test]
fn a_bad_row_stops_the_run_naming_file_and_line_unless_skipped() {
    let marks = fs::read_to_string("examples/data/marks.csv").expect("the example marks");
    let mut lines: Vec<&str> = marks.lines().collect();
    lines.insert(3, "p01,kendal-primary,2024-09-04,AM,QQ");
    let broken = lines.join("\n") + "\n";
    let dir = example_copy("bad_code", &[("marks.csv", &broken)]);
    let data = dir.to_str().expect("a UTF-8 path");

    let stopped = rollcall(&["eval", "--policies", "policies", "--data", data]);
    assert_eq!(stopped.status.code(), Some(1));
    assert!(stdout(&stopped).is_empty());
    assert!(
        stderr(&stopped).contains("marks.csv:4: "),
        "{}",
        stderr(&stopped)
    );

    let skipped = rollcall(&[
        "eval",
        "--policies",
        "policies",
        "--data",
        data,
        "--skip-bad-rows",
    ]);
    assert!(skipped.status.success(), "{}", stderr(&skipped));
    assert!(stderr(&skipped).contains("marks.csv:4: "));
    assert!(
        stderr(&skipped)
            .contains("skipped 1 bad row\nrollcall: 13 pupils, 5212 marks, 17 decisions in "),
        "the total, then the run's summary line: {}",
        stderr(&skipped)
    );
    let clean = rollcall(&["eval", "--policies", "policies", "--data", "examples/data"]);
    assert_eq!(
        stdout(&skipped),
        stdout(&clean),
        "the skipped row was an extra one"
    );
}

#[test]
fn an_open_quote_costs_its_line_and_the_ceiling_and_rejects_file_say_so() {
    let marks = fs::read_to_string("examples/data/marks.csv").expect("the example marks");
    let mut lines: Vec<&str> = marks.lines().collect();
    let good = lines.len() as u64 - 1;
    lines[99] = "p01,kendal-primary,2024-09-04,AM,\"O";
    // A row the CSV reader reads, found wrong later: its offset and
    // excerpt are found again for the rejects file.
    let bad_code = lines[199].rsplit_once(',').expect("a mark").0.to_owned() + ",QQ";
    lines[199] = &bad_code;
    let offset_of_200: usize = lines[..199].iter().map(|line| line.len() + 1).sum();
    let broken = lines.join("\n") + "\n";
    let dir = example_copy("open_quote", &[("marks.csv", &broken)]);
    let data = dir.to_str().expect("a UTF-8 path");

    let stopped = rollcall(&["eval", "--policies", "policies", "--data", data]);
    assert_eq!(stopped.status.code(), Some(1));
    assert!(stderr(&stopped).contains("marks.csv:100: the quote opening column `code`"));
    assert!(stderr(&stopped).len() < 4096, "{}", stderr(&stopped));

    let rejects = dir.join("rejects.csv");
    let rejects_path = rejects.to_str().expect("a UTF-8 path");
    let skip = |ceiling: &str| {
        rollcall(&[
            "eval",
            "--policies",
            "policies",
            "--data",
            data,
            ceiling,
            "--rejects",
            rejects_path,
        ])
    };
    let skipped = skip("--skip-bad-rows");
    assert!(skipped.status.success(), "{}", stderr(&skipped));
    // Counts are written with their thousands grouped.
    assert_eq!(good, 5212, "the example marks");
    let account = "marks.csv: 5,212 lines, 5,210 read, 2 rejected (lines 100, 200)\n";
    assert!(stderr(&skipped).contains(account), "{}", stderr(&skipped));
    let written = fs::read_to_string(&rejects).expect("the rejects file");
    let mut reader = csv::Reader::from_reader(written.as_bytes());
    let header = reader.headers().expect("a header row").clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        ["file", "line", "byte_offset", "column", "reason", "excerpt"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("rows");
    assert_eq!(rows.len(), 2, "{written}");
    assert!(rows[0][0].ends_with("marks.csv"), "{written}");
    assert_eq!(&rows[0][1], "100", "{written}");
    assert_eq!(&rows[0][3], "code", "{written}");
    assert_eq!(&rows[0][5], lines[99], "{written}");
    assert_eq!(&rows[1][1], "200", "{written}");
    assert_eq!(rows[1][2], offset_of_200.to_string(), "{written}");
    assert_eq!(&rows[1][3], "", "no column is named: {written}");
    assert!(rows[1][4].contains("QQ"), "{written}");
    assert_eq!(&rows[1][5], &bad_code, "{written}");

    let over = skip("--skip-bad-rows=0");
    assert_eq!(over.status.code(), Some(1));
    assert!(
        stderr(&over).contains("2 bad rows rejected, more than the 0 rows --skip-bad-rows allows"),
        "{}",
        stderr(&over)
    );
}

#[test]
fn dates_no_register_can_hold_are_warned_of_and_refused_when_strict() {
    let marks = fs::read_to_string("examples/data/marks.csv").expect("the example marks");
    let mut lines: Vec<String> = marks.lines().map(str::to_string).collect();
    // A mark in 9999 after p01's last; line 5 moved to 1900 (before the
    // policies' first academic year); an event in the far future.
    let last = 1 + lines
        .iter()
        .rposition(|line| line.starts_with("p01,"))
        .expect("p01");
    lines.insert(last, "p01,kendal-primary,9999-12-31,AM,O".to_string());
    let far_future = lines.join("\n") + "\n";
    lines[4] = lines[4].replacen("2024-09-03", "1900-01-01", 1);
    assert!(lines[4].contains("1900-01-01"), "{}", lines[4]);
    let edited = lines.join("\n") + "\n";
    let events = fs::read_to_string("examples/data/events.csv").expect("the example events");
    let header = events.lines().next().expect("a header row");
    let columns = header.split(',').count();
    let mut far = vec!["p01", "", "truancy_sweep", "9999-01-04"];
    far.resize(columns, "");
    let events = format!("{events}{}\n", far.join(","));
    let dir = example_copy(
        "implausible_dates",
        &[("marks.csv", &edited), ("events.csv", &events)],
    );
    let data = dir.to_str().expect("a UTF-8 path");
    let out = dir.join("decisions.jsonl");
    let out_path = out.to_str().expect("a UTF-8 path");
    let run = |strict: bool| {
        let mut args = vec!["eval", "--policies", "policies", "--data", data];
        args.extend(["--output", out_path]);
        if strict {
            args.push("--strict");
        }
        rollcall(&args)
    };

    let warned = run(false);
    assert!(warned.status.success(), "{}", stderr(&warned));
    let text = stderr(&warned);
    assert!(
        text.contains(
            "marks.csv: 1 row dated before 2013-09-01, the first academic year of the \
             policies in use: line 5 (1900-01-01)\n"
        ),
        "{text}"
    );
    assert!(text.contains("warning: "), "{text}");
    assert!(
        text.contains("marks.csv: 1 row dated after today ("),
        "{text}"
    );
    assert!(
        text.contains(&format!("): line {} (9999-12-31)\n", last + 1)),
        "{text}"
    );
    let event_line = events.lines().count();
    assert!(
        text.contains("events.csv: 1 row dated after today ("),
        "{text}"
    );
    assert!(
        text.contains(&format!("): line {event_line} (9999-01-04)\n")),
        "{text}"
    );
    assert!(out.exists(), "a warning does not stop the run");
    fs::remove_file(&out).expect("remove the decisions");

    let refused = run(true);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("error: "), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("--strict refuses"),
        "{}",
        stderr(&refused)
    );
    assert!(!out.exists(), "no decisions are written when refused");

    // Read as typed Parquet columns (sorted, in date order), a mark's row
    // is no longer known: the pupil and date name it instead.
    let sorted = example_copy("implausible_parquet", &[("marks.csv", &far_future)]);
    let from = sorted.to_str().expect("a UTF-8 path");
    let parquet = dir.join("parquet");
    let to = parquet.to_str().expect("a UTF-8 path");
    let converted = rollcall(&["convert", "--from", from, "--to", to, "--format", "parquet"]);
    assert!(converted.status.success(), "{}", stderr(&converted));
    let from_parquet = rollcall(&["eval", "--policies", "policies", "--data", to]);
    assert!(from_parquet.status.success(), "{}", stderr(&from_parquet));
    assert!(
        stderr(&from_parquet).contains("pupil p01 on 9999-12-31"),
        "{}",
        stderr(&from_parquet)
    );
}

#[test]
fn policy_errors_are_printed_and_fail_the_run() {
    let output = rollcall(&[
        "eval",
        "--policies",
        "compiler/tests/bad",
        "--data",
        "examples/data",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).is_empty());
    assert!(
        stderr(&output).contains("compiler/tests/bad/"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn bad_flags_are_refused_with_a_reason() {
    let format = rollcall(&[
        "eval",
        "--policies",
        "policies",
        "--data",
        "examples/data",
        "--format",
        "xml",
    ]);
    assert!(!format.status.success());
    assert!(stderr(&format).contains("unknown format `xml` (expected jsonl, csv or table)"));
    let date = rollcall(&[
        "eval",
        "--policies",
        "policies",
        "--data",
        "examples/data",
        "--as-of",
        "2024-02-30",
    ]);
    assert!(!date.status.success());
    assert!(stderr(&date).contains("`2024-02-30` is not a date"));
}

#[test]
fn explain_prints_a_pupils_timeline_with_the_reasons() {
    let output = rollcall(&[
        "explain",
        "--policies",
        "policies",
        "--data",
        "examples/data",
        "--pupil",
        "p02",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("pupil p02\n"));
    assert!(text.contains("earlier notice to p02-dad on 2023-05-19 by lancashire: issued before 2024-08-19, does not count"));
    assert!(text.contains("prosecution to p02-dad: count unauthorised within 10 school weeks = 10 (needs >= 10 sessions); third notice within 3 years: prosecution instead"));
    assert!(text.contains("decisions: 2\n"));
}

#[test]
fn explain_reads_one_pupils_rows_from_files_in_any_order() {
    let explain = |data: &str| {
        rollcall(&[
            "explain",
            "--policies",
            "policies",
            "--data",
            data,
            "--pupil",
            "p02",
        ])
    };
    let sorted = explain("examples/data");
    assert!(sorted.status.success(), "{}", stderr(&sorted));
    // Rows reversed (no file in pupil order), one of p02's with its pupil
    // quoted and spaced, and a row of another pupil's that no policy
    // could read: p02's timeline is the same, read without sorting.
    let reversed = |text: &str, edit: &dyn Fn(Vec<String>) -> Vec<String>| {
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let header = lines.remove(0);
        lines.reverse();
        let lines = edit(lines);
        format!("{header}\n{}\n", lines.join("\n"))
    };
    let marks = fs::read_to_string("examples/data/marks.csv").expect("the example marks");
    let marks = reversed(&marks, &|mut lines| {
        let index = lines
            .iter()
            .position(|line| line.starts_with("p02,"))
            .expect("a p02 mark");
        lines[index] = lines[index].replacen("p02,", "\" p02 \",", 1);
        lines.push("p07,nowhere,2024-13-45,XX,??".to_string());
        lines
    });
    let events = fs::read_to_string("examples/data/events.csv").expect("the example events");
    let events = reversed(&events, &|lines| lines);
    let pupils = fs::read_to_string("examples/data/pupils.csv").expect("the example pupils");
    let pupils = reversed(&pupils, &|lines| lines);
    let dir = example_copy(
        "explain_unsorted",
        &[
            ("marks.csv", &marks),
            ("events.csv", &events),
            ("pupils.csv", &pupils),
        ],
    );
    let unsorted = explain(dir.to_str().expect("a UTF-8 path"));
    assert!(unsorted.status.success(), "{}", stderr(&unsorted));
    assert!(stdout(&unsorted).contains("decisions: 2\n"));
    assert_eq!(stdout(&unsorted), stdout(&sorted));
    // eval reads every row, and stops at the bad one.
    let eval = rollcall(&[
        "eval",
        "--policies",
        "policies",
        "--data",
        dir.to_str().unwrap_or_default(),
    ]);
    assert_eq!(eval.status.code(), Some(1), "{}", stderr(&eval));
}

#[test]
fn explain_says_why_a_young_pupil_gets_nothing() {
    let output = rollcall(&[
        "explain",
        "--policies",
        "policies",
        "--data",
        "examples/data",
        "--pupil",
        "p09",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("of compulsory school age from 2025-08-31 to 2036-06-27 (sessions before 2025-08-31 are never counted or evidence)"));
    // Ten unauthorised sessions in November 2024, before compulsory school
    // age: not counted, so no rule holds and nothing is decided.
    assert!(text.contains("national_threshold: count unauthorised within 10 school weeks = 0"));
    assert!(text.contains("decisions: 0\n"));
}

#[test]
fn explaining_an_unknown_pupil_fails_clearly() {
    let output = rollcall(&[
        "explain",
        "--policies",
        "policies",
        "--data",
        "examples/data",
        "--pupil",
        "p99",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "rollcall: pupil `p99` is not in the pupils file of the data\n"
    );
}

#[test]
fn parquet_from_convert_gives_the_same_decisions_and_measures() {
    let parquet = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cli_eval")
        .join("parquet");
    let _ = fs::remove_dir_all(&parquet);
    let to = parquet.to_str().expect("a UTF-8 path");
    let converted = rollcall(&[
        "convert",
        "--from",
        "examples/data",
        "--to",
        to,
        "--format",
        "parquet",
    ]);
    assert!(converted.status.success(), "{}", stderr(&converted));
    assert!(stderr(&converted).contains("marks.parquet: 5212 rows"));
    for command in [
        &["eval", "--policies", "policies", "--format", "csv"][..],
        &["stats", "--policies", "policies"][..],
    ] {
        let from_csv = rollcall(&[command, &["--data", "examples/data"]].concat());
        let from_parquet = rollcall(&[command, &["--data", to]].concat());
        assert!(from_parquet.status.success(), "{}", stderr(&from_parquet));
        assert!(!stdout(&from_csv).is_empty());
        assert_eq!(stdout(&from_csv), stdout(&from_parquet), "{command:?}");
    }
}

#[test]
fn unsorted_marks_spill_within_the_memory_budget_and_decide_the_same() {
    let marks = fs::read_to_string("examples/data/marks.csv").expect("the example marks");
    let mut lines: Vec<&str> = marks.lines().collect();
    lines[1..].reverse();
    let reversed = lines.join("\n") + "\n";
    let dir = example_copy("reversed", &[("marks.csv", &reversed)]);
    let data = dir.to_str().expect("a UTF-8 path");
    let args = ["eval", "--policies", "policies", "--format", "csv"];
    let sorted = rollcall(&[&args[..], &["--data", "examples/data"]].concat());
    let spilled = rollcall(&[&args[..], &["--data", data, "--memory", "1M"]].concat());
    assert!(spilled.status.success(), "{}", stderr(&spilled));
    assert_eq!(stdout(&sorted), stdout(&spilled));
    let refused = rollcall(&[&args[..], &["--data", data, "--memory", "lots"]].concat());
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("`lots` is not a size (e.g. 512M, 2G)"));
}
