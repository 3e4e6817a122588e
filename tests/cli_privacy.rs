//! Logs and errors name no personal data beyond what a decision names: no
//! date of birth, and no parent id on record that no decision names.

mod support;

use std::fs;
use std::path::PathBuf;
use support::{copy_examples, report_on, rollcall, scratch, text};

/// The example data with rows that every reader rejects: a bad date of
/// birth, events naming parents who are not the pupil's; in the scratch
/// directory `name` (one a test: tests run at once).
fn hostile_copy(name: &str) -> PathBuf {
    let dir = scratch(name);
    copy_examples(&dir);
    let append = |file: &str, rows: &str| {
        let mut text = fs::read_to_string(dir.join(file)).expect("read");
        text.push_str(rows);
        fs::write(dir.join(file), text).expect("write");
    };
    append(
        "pupils.csv",
        "p97,2015-05-05,p97-mum;p97-dad\np98,2015-02-30,p98-mum;p98-dad\np99,2016-01-01,p99-mum;;p99-dad\n",
    );
    append(
        "events.csv",
        "p97,p01-mum,penalty_notice,2024-09-27,,x,\np01,nobody,notice_to_improve,2024-10-01,2024-11-01,,\n",
    );
    dir
}

#[test]
fn messages_show_no_birth_date_and_no_parent_a_decision_does_not_name() {
    let data = hostile_copy("cli_privacy");
    let pupils = fs::read_to_string(data.join("pupils.csv")).expect("pupils");
    let mut births = Vec::new();
    let mut parents = Vec::new();
    for row in pupils.lines().skip(1) {
        let fields: Vec<&str> = row.split(',').collect();
        births.push(fields[1].to_string());
        parents.extend(
            fields[2]
                .split(';')
                .filter(|p| !p.is_empty())
                .map(str::to_string),
        );
    }
    for skip in [true, false] {
        let mut args = vec!["eval", "--policies", "policies", "--data", text(&data)];
        if skip {
            args.push("--skip-bad-rows");
        }
        let output = rollcall(&args).output().expect("runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success() || skip, "{stderr}");
        for birth in &births {
            assert!(!stderr.contains(birth.as_str()), "{birth} in: {stderr}");
        }
        // p01-mum is named by the rejected events row itself.
        for parent in parents.iter().filter(|p| *p != "p01-mum") {
            if stderr.contains(parent.as_str()) {
                assert!(
                    stdout.contains(&format!("\"{parent}\"")),
                    "{parent} in: {stderr}"
                );
            }
        }
        // The row's own wrong parent is named; the pupil's are not listed.
        if skip {
            assert!(
                stderr.contains("`p01-mum` is not a parent of pupil `p97`"),
                "{stderr}"
            );
            assert!(
                stderr.contains("date_of_birth is missing or not a date"),
                "{stderr}"
            );
        }
    }
}

#[test]
fn reports_show_no_birth_date() {
    let data = hostile_copy("cli_privacy_report_data");
    let pupils = fs::read_to_string(data.join("pupils.csv")).expect("pupils");
    let births: Vec<&str> = pupils
        .lines()
        .skip(1)
        .filter_map(|row| row.split(',').nth(1))
        .collect();
    let out = scratch("cli_privacy_report");
    let output = report_on(&data, &out, &["--skip-bad-rows"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let mut pages = vec![out.join("index.html"), out.join("charts.html")];
    pages.extend(
        fs::read_dir(out.join("packs"))
            .expect("packs")
            .map(|entry| entry.expect("entry").path()),
    );
    assert!(pages.len() > 2);
    for page in pages {
        let html = fs::read_to_string(&page).expect("a page");
        for birth in &births {
            assert!(!html.contains(birth), "{birth} in {}", page.display());
        }
    }
    for birth in &births {
        assert!(!stderr.contains(birth), "{birth} in: {stderr}");
    }
}
