//! `stats --charts` and `diff --data --charts`: the pages' numbers agree
//! with what the commands print, the comparison page is pinned, and a
//! charts file that cannot be written, or `diff --charts` without data,
//! is refused.

mod support;

use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Output;
use support::{rollcall, scratch, stderr, stdout, text};

/// The two policies compared: the 2024 framework in Westmorland and
/// Furness against North Northamptonshire's code (a truancy sweep added,
/// absences counted from 2024), whose decisions per month differ.
const OLD: &str = "policies/westmorland-and-furness.policy";
const NEW: &str = "policies/north-northamptonshire.policy";

/// The text of each `<text>` element of `line`, in order.
fn texts(line: &str) -> Vec<&str> {
    line.split("</text>")
        .filter_map(|part| part.rsplit_once('>').map(|(_, text)| text))
        .filter(|text| !text.is_empty())
        .collect()
}

/// The part of `page` from the heading `h2` to the end of its first chart.
fn section<'p>(page: &'p str, h2: &str) -> &'p str {
    let start = page
        .find(&format!("<h2>{h2}</h2>"))
        .unwrap_or_else(|| panic!("no section {h2}"));
    let end = page[start..].find("</svg>").expect("a chart") + start;
    &page[start..end]
}

#[test]
fn stats_charts_show_the_notices_per_100_that_stats_prints() {
    let dir = scratch("charts_cli/stats");
    let page_path = dir.join("charts.html");
    let args = [
        "stats",
        "--data",
        "examples/data",
        "--policies",
        "policies",
        "--format",
        "csv",
    ];
    let plain = rollcall(&args).output().expect("runs");
    let mut with_charts = args.to_vec();
    with_charts.extend(["--charts", text(&page_path)]);
    let charted = rollcall(&with_charts).output().expect("runs");
    assert!(charted.status.success(), "{}", stderr(&charted));
    assert_eq!(stdout(&plain), stdout(&charted), "--charts changes stdout");

    // year,level,name,...,notices_per_100_enrolments
    let from_csv: BTreeMap<String, String> = stdout(&plain)
        .lines()
        .map(|line| line.split(',').collect::<Vec<_>>())
        .filter(|cells| cells[1] == "authority")
        .map(|cells| (format!("{} {}", cells[2], cells[0]), cells[12].to_string()))
        .collect();
    assert!(from_csv.len() >= 4, "{from_csv:?}");

    let page = fs::read_to_string(&page_path).expect("the page");
    let from_page: BTreeMap<String, String> = section(&page, "Penalty notices per 100 enrolments")
        .lines()
        .filter(|line| line.contains("<rect"))
        .map(|line| match texts(line)[..] {
            [label, value] => (label.to_string(), value.to_string()),
            _ => panic!("a bar with a label and a value: {line}"),
        })
        .collect();
    assert_eq!(from_page, from_csv);
    assert!(page.contains("<h2>Attendance by school</h2>"));
    assert!(page.contains("Godmanchester Bridge Academy 2024/25"));
    assert!(page.contains("<h2>Decisions per month</h2>"));
}

#[test]
fn stats_charts_without_policies_show_only_the_schools() {
    let page_path = scratch("charts_cli/stats_measures").join("charts.html");
    let args = ["stats", "--data", "examples/data", "--charts"];
    let output = rollcall(&[&args[..], &[text(&page_path)]].concat())
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let page = fs::read_to_string(&page_path).expect("the page");
    assert!(page.contains("<h2>Persistent absence by school</h2>"));
    assert!(!page.contains("Decisions per month"));
    assert!(!page.contains("Penalty notices"));
}

/// Runs `diff OLD NEW --data examples/data --charts PAGE` with `extra`
/// arguments.
fn diff_charts(page: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "diff",
        OLD,
        NEW,
        "--policies",
        "policies",
        "--data",
        "examples/data",
        "--charts",
        text(page),
    ];
    args.extend_from_slice(extra);
    rollcall(&args).output().expect("runs")
}

/// Runs `diff OLD NEW --data examples/data --charts PAGE --format json`;
/// the report and the page.
fn diff_with_charts(name: &str) -> (Value, String) {
    let page_path = scratch(name).join("diff.html");
    let output = diff_charts(&page_path, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = serde_json::from_str(&stdout(&output)).expect("a JSON report");
    (report, fs::read_to_string(&page_path).expect("the page"))
}

#[test]
fn diff_charts_count_each_sides_decisions_per_month() {
    let (report, page) = diff_with_charts("charts_cli/diff_months");
    // <tr><td>2024-10</td><td>1</td><td>1</td></tr>
    let rows: Vec<[u64; 2]> = page
        .lines()
        .filter_map(|line| line.strip_prefix("<tr><td>"))
        .map(|row| {
            let cells: Vec<u64> = row
                .split("<td>")
                .skip(1)
                .map(|cell| cell.split('<').next().and_then(|n| n.parse().ok()))
                .map(|count| count.expect("a count"))
                .collect();
            [cells[0], cells[1]]
        })
        .collect();
    for (side, name) in ["old", "new"].iter().enumerate() {
        let decided: u64 = report["behaviour"][name]["by_action"]
            .as_object()
            .expect("counts by action")
            .values()
            .map(|count| count.as_u64().expect("a count"))
            .sum();
        let per_month: u64 = rows.iter().map(|row| row[side]).sum();
        assert_eq!(per_month, decided, "{name}");
    }
    assert!(
        rows.iter().any(|[old, new]| old != new),
        "the policies differ in some month: {rows:?}"
    );
    // Notices are counted against the authorities of schools.csv, not the
    // policy each side makes every school's.
    let notices = section(&page, "Penalty notices per 100 enrolments");
    assert!(notices.contains(">luton 2024/25</text>"), "{notices}");
    assert!(notices.contains(">cambridgeshire 2024/25</text>"));
}

#[test]
fn diff_charts_page_is_pinned() {
    let (_, page) = diff_with_charts("charts_cli/diff_pinned");
    insta::assert_snapshot!(page);
}

#[test]
fn a_charts_file_that_cannot_be_written_is_named() {
    let dir = scratch("charts_cli/unwritable");
    let path = dir.join("no-such-dir").join("charts.html");
    let message = format!("cannot write the charts to {}", path.display());
    let stats = rollcall(&["stats", "--data", "examples/data", "--charts", text(&path)])
        .output()
        .expect("runs");
    assert_eq!(stats.status.code(), Some(1));
    assert!(stderr(&stats).contains(&message), "{}", stderr(&stats));
    let diff = diff_charts(&path, &[]);
    assert_eq!(diff.status.code(), Some(2));
    assert!(stderr(&diff).contains(&message), "{}", stderr(&diff));
}

#[test]
fn a_run_that_fails_after_the_charts_file_was_started_leaves_nothing_there() {
    let dir = scratch("charts_cli/failed");
    let data = dir.join("data");
    fs::create_dir_all(&data).expect("a data directory");
    for table in ["schools", "pupils", "marks", "events"] {
        let from = Path::new("examples/data").join(format!("{table}.csv"));
        fs::copy(from, data.join(format!("{table}.csv"))).expect("copied");
    }
    let mut marks = fs::read_to_string(data.join("marks.csv")).expect("marks");
    marks.push_str("p01,kendal-primary,2024-13-45,AM,/\n");
    fs::write(data.join("marks.csv"), marks).expect("a bad row");
    let path = dir.join("charts.html");
    let output = rollcall(&["stats", "--data", text(&data), "--charts", text(&path)])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("is not a date"),
        "{}",
        stderr(&output)
    );
    let left: Vec<_> = fs::read_dir(&dir)
        .expect("the scratch directory")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    assert_eq!(left, ["data"], "no charts file, finished or not");
}

#[test]
fn diff_charts_need_data() {
    let output = rollcall(&["diff", OLD, NEW, "--charts", "charts.html"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("the following required arguments were not provided")
            && message.contains("--data <DIR>"),
        "{message}"
    );
    assert!(!Path::new("charts.html").exists());
}
