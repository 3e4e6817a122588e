//! Outputs are all or nothing: a run that fails, even on the last row, or
//! is interrupted, leaves nothing at the output path (an earlier file there
//! stays as it was) and no temporary or spill file behind.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use support::{copy_examples, names, rollcall, text};

fn run(args: &[&str]) -> Output {
    rollcall(args).output().expect("the rollcall binary runs")
}

/// An empty scratch directory named `name`.
fn scratch(name: &str) -> PathBuf {
    support::scratch(&format!("cli_outputs/{name}"))
}

/// The example data in `dir`, its marks file ending in a row without its
/// code (a bad row to every reader, `convert` included).
fn data_with_a_bad_last_row(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    fs::create_dir_all(&data).expect("mkdir");
    copy_examples(&data);
    let mut marks = fs::read_to_string(data.join("marks.csv")).expect("marks");
    let last = marks.lines().last().expect("a row").to_string();
    let bad = last.rsplit_once(',').expect("a code").0.to_string() + "\n";
    marks.push_str(&bad);
    fs::write(data.join("marks.csv"), marks).expect("write marks");
    data
}

#[test]
fn a_run_failing_on_the_last_row_writes_nothing() {
    let dir = scratch("last_row");
    let data = data_with_a_bad_last_row(&dir);
    let out = dir.join("out");
    fs::create_dir_all(&out).expect("mkdir");
    let decisions = out.join("decisions.jsonl");
    let eval = || {
        run(&[
            "eval",
            "--policies",
            "policies",
            "--data",
            text(&data),
            "--output",
            text(&decisions),
        ])
    };
    let eval_run = eval();
    assert_eq!(eval_run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&eval_run.stderr).contains("marks.csv:"));
    assert!(names(&out).is_empty(), "{:?}", names(&out));

    // An earlier complete file at the path is left as it was.
    fs::write(&decisions, "earlier run\n").expect("write");
    assert_eq!(eval().status.code(), Some(1));
    assert_eq!(names(&out), ["decisions.jsonl"]);
    assert_eq!(
        fs::read_to_string(&decisions).expect("read"),
        "earlier run\n"
    );

    for format in ["csv", "parquet"] {
        let converted = dir.join(format!("converted-{format}"));
        let convert = run(&[
            "convert",
            "--from",
            text(&data),
            "--to",
            text(&converted),
            "--format",
            format,
        ]);
        assert_eq!(convert.status.code(), Some(1), "{format}");
        assert!(
            names(&converted).is_empty(),
            "{format}: {:?}",
            names(&converted)
        );
    }

    let differences = out.join("differences.csv");
    let diff = run(&[
        "diff",
        "policies/national-2013.policy",
        "policies/national-2024.policy",
        "--data",
        text(&data),
        "--differences",
        text(&differences),
    ]);
    // diff's trouble status (1 says the policies differ).
    assert_eq!(
        diff.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&diff.stderr)
    );
    assert_eq!(names(&out), ["decisions.jsonl"]);
}

#[test]
fn a_complete_run_puts_its_files_in_place_and_nothing_else() {
    let dir = scratch("complete");
    let decisions = dir.join("decisions.csv");
    let eval = run(&[
        "eval",
        "--policies",
        "policies",
        "--data",
        "examples/data",
        "--format",
        "csv",
        "--output",
        text(&decisions),
    ]);
    assert!(
        eval.status.success(),
        "{}",
        String::from_utf8_lossy(&eval.stderr)
    );
    assert_eq!(names(&dir), ["decisions.csv"]);
    assert!(
        fs::read_to_string(&decisions)
            .expect("read")
            .lines()
            .count()
            > 1
    );
    let converted = dir.join("parquet");
    let convert = run(&[
        "convert",
        "--from",
        "examples/data",
        "--to",
        text(&converted),
        "--format",
        "parquet",
    ]);
    assert!(
        convert.status.success(),
        "{}",
        String::from_utf8_lossy(&convert.stderr)
    );
    assert_eq!(
        names(&converted),
        [
            "events.parquet",
            "marks.parquet",
            "pupils.parquet",
            "schools.parquet"
        ]
    );
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_output_and_no_spill_files() {
    let dir = scratch("interrupted");
    let data = dir.join("data");
    let synth = run(&[
        "synth",
        "--pupils",
        "2000",
        "--seed",
        "3",
        "--out",
        text(&data),
    ]);
    assert!(
        synth.status.success(),
        "{}",
        String::from_utf8_lossy(&synth.stderr)
    );
    // Marks in reverse pupil order: the external sort spills runs.
    let marks = fs::read_to_string(data.join("marks.csv")).expect("marks");
    let mut lines: Vec<&str> = marks.lines().collect();
    lines[1..].reverse();
    fs::write(data.join("marks.csv"), lines.join("\n") + "\n").expect("write marks");
    let spill = dir.join("spill");
    let out = dir.join("out");
    fs::create_dir_all(&spill).expect("mkdir");
    fs::create_dir_all(&out).expect("mkdir");
    let mut child = rollcall(&[
        "eval",
        "--policies",
        "policies",
        "--data",
        text(&data),
        "--memory",
        "1M",
        "--temp-dir",
        text(&spill),
        "--output",
        text(&out.join("decisions.jsonl")),
    ])
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .expect("rollcall starts");
    // Interrupt once runs have been spilled and the output started.
    let started = Instant::now();
    while names(&spill).is_empty() || names(&out).is_empty() {
        assert!(
            child.try_wait().expect("wait").is_none(),
            "the run ended before it could be interrupted"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no spill files after a minute"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(kill.success());
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(130));
    assert!(names(&spill).is_empty(), "{:?}", names(&spill));
    assert!(names(&out).is_empty(), "{:?}", names(&out));
}

/// An output path that is not a regular file is written in place:
/// `--output /dev/stdout` prints what no `--output` prints, and leaves the
/// device a device (renaming over it, as a regular file is replaced, once
/// put a regular file at `/dev/null` on a machine run as root).
#[cfg(unix)]
#[test]
fn a_device_output_is_written_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let eval = |output: Option<&str>| {
        let mut args = vec!["eval", "--policies", "policies", "--data", "examples/data"];
        args.extend(output.iter().flat_map(|path| ["--output", *path]));
        let eval_run = run(&args);
        assert_eq!(eval_run.status.code(), Some(0), "{output:?}");
        eval_run.stdout
    };
    let printed = eval(None);
    assert!(!printed.is_empty());
    assert_eq!(eval(Some("/dev/stdout")), printed);
    assert!(eval(Some("/dev/null")).is_empty());
    let null = fs::metadata("/dev/null").expect("/dev/null").file_type();
    assert!(null.is_char_device());
}
