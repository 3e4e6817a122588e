//! `rollcall report`'s files and errors: byte-identical on a second run,
//! one pack's HTML pinned, and a clear message with exit 1 for each
//! mistake on the command line.

mod support;

use std::fs;
use std::path::Path;
use support::{report, rollcall, scratch, stderr, text};

/// Every file under `dir` with its bytes, sorted by path.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in fs::read_dir(&next).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let name = path
                    .strip_prefix(dir)
                    .expect("under dir")
                    .display()
                    .to_string();
                found.push((name, fs::read(&path).expect("read")));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn the_same_input_gives_byte_identical_files() {
    let (first, second) = (scratch("report_cli/first"), scratch("report_cli/second"));
    for out in [&first, &second] {
        let output = report(out, &[]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let (first, second) = (files(&first), files(&second));
    assert!(first.len() > 2);
    assert!(first == second, "two runs wrote different files");
}

#[test]
fn a_pack_is_pinned() {
    let out = scratch("report_cli/pinned");
    let output = report(&out, &["--from", "2024-10-11", "--to", "2024-10-11"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let index = fs::read_to_string(out.join("index.html")).expect("index.html");
    let packs = fs::read_dir(out.join("packs")).expect("packs/").count();
    assert!(index.contains("charts.html"));
    assert_eq!(packs, 1, "the period holds one decision");
    let pack = fs::read_dir(out.join("packs"))
        .expect("packs/")
        .next()
        .expect("a pack")
        .expect("entry")
        .path();
    insta::assert_snapshot!(fs::read_to_string(pack).expect("the pack"));
}

#[test]
fn a_second_report_into_the_same_directory_leaves_no_pack_of_the_first() {
    let out = scratch("report_cli/again");
    let whole = report(&out, &[]);
    assert!(whole.status.success(), "{}", stderr(&whole));
    let all = fs::read_dir(out.join("packs")).expect("packs/").count();
    let one_day = report(&out, &["--from", "2024-10-11", "--to", "2024-10-11"]);
    assert!(one_day.status.success(), "{}", stderr(&one_day));
    let names: Vec<_> = fs::read_dir(out.join("packs"))
        .expect("packs/")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    assert!(all > 1);
    assert_eq!(
        names,
        ["p01-2024-10-11-national_threshold-p01-mum.html"],
        "the period's one pack, without suffix"
    );
    let hidden: Vec<_> = fs::read_dir(&out)
        .expect("the report")
        .map(|entry| entry.expect("entry").file_name())
        .filter(|name| name.to_string_lossy().starts_with('.'))
        .collect();
    assert!(
        hidden.is_empty(),
        "the caseload's rows are cleared: {hidden:?}"
    );
}

#[test]
fn a_pack_shows_how_earlier_notices_were_resolved() {
    // p01's mum: notices on 2024-10-11 (paid 2024-10-25) and 2025-06-13.
    let out = scratch("report_cli/resolved");
    let output = report(&out, &["--from", "2025-06-13", "--to", "2025-06-13"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let pack = fs::read_to_string(out.join("packs/p01-2025-06-13-national_threshold-p01-mum.html"))
        .expect("the pack of p01's second notice");
    assert!(
        pack.contains("2024-10-11 to p01-mum by westmorland-and-furness")
            && pack.contains("(paid 2024-10-25)"),
        "{pack}"
    );
}

#[test]
fn mistakes_get_a_message_and_exit_1() {
    let out = scratch("report_cli/mistakes");
    let not_a_dir = out.join("file");
    fs::write(&not_a_dir, "").expect("write");
    // clap's own errors exit 2, rollcall's 1.
    let cases: [(&[&str], i32, &str); 3] = [
        (
            &["--from", "2024-13-01"],
            2,
            "`2024-13-01` is not a date (expected YYYY-MM-DD)",
        ),
        (
            &["--from", "2025-01-01", "--to", "2024-01-01"],
            1,
            "--from 2025-01-01 is after --to 2024-01-01",
        ),
        (&["--bogus"], 2, "unexpected argument '--bogus'"),
    ];
    for (extra, code, message) in cases {
        let output = report(&out.join("report"), extra);
        assert_eq!(output.status.code(), Some(code), "{extra:?}");
        assert!(
            stderr(&output).contains(message),
            "{extra:?}: {}",
            stderr(&output)
        );
    }
    let output = report(&not_a_dir, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(&format!(
            "cannot write the report to {}",
            not_a_dir.display()
        )),
        "{}",
        stderr(&output)
    );
    let output = rollcall(&[
        "report",
        "--policies",
        "policies",
        "--data",
        "no/such/dir",
        "--out",
        text(&out.join("r")),
    ])
    .output()
    .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no/such/dir"),
        "{}",
        stderr(&output)
    );
}
