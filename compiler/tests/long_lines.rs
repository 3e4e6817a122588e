//! A diagnostic about a very long line (a condition of 100,000 terms, a
//! string of megabytes) shows a window of the line around its label, marked
//! with `…` and the line's length: the rendered report stays under 4 KiB,
//! names the right line and column, and its label points at the right text.

use miette::{GraphicalReportHandler, GraphicalTheme};
use rollcall_compiler::{compile, SourceFile};

const COUNT: &str = "count unauthorised within 10 school weeks >= 10 sessions";

/// A policy whose rule is `doc_line` then `when CONDITION`, on lines 5 and 6.
fn policy(doc_line: &str, condition: &str) -> String {
    format!(
        "authority long \"Long\"\n  doc \"d\" source \"s\"\nversion from 2024-08-19 {{\n  rule r {{\n    {doc_line}\n    when {condition}\n    then penalty_notice\n  }}\n}}\n"
    )
}

/// Every diagnostic of `text`, rendered as a terminal shows it, with the
/// 1-based line and column of its primary label.
fn rendered(text: &str) -> Vec<(String, usize, usize)> {
    let compilation = compile(&[SourceFile {
        path: "long.policy".to_string(),
        text: text.to_string(),
    }]);
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    compilation
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let mut out = String::new();
            handler
                .render_report(&mut out, diagnostic)
                .expect("rendering into a String cannot fail");
            let (line, column) = diagnostic.line_column();
            (out, line, column)
        })
        .collect()
}

/// The length in bytes of the 1-based `line` of `text`.
fn line_length(text: &str, line: usize) -> usize {
    text.lines().nth(line - 1).map_or(0, str::len)
}

/// The source text the label's `┬` (or `─` run) stands under, read from the
/// rendered line above the marker line.
fn marked(report: &str) -> String {
    let lines: Vec<&str> = report.lines().collect();
    let marker = lines
        .iter()
        .position(|line| line.contains('┬'))
        .unwrap_or_else(|| panic!("no label marker in:\n{report}"));
    let source: Vec<char> = lines[marker - 1].chars().collect();
    let column = lines[marker]
        .chars()
        .position(|c| c == '┬' || c == '─')
        .expect("a marker column");
    source[column..].iter().take(12).collect()
}

#[test]
fn a_condition_of_100_000_terms_is_shown_around_the_term_past_the_limit() {
    let terms = vec![COUNT; 100_000].join(" and ");
    let text = policy("doc \"d\" source \"s\"", &terms);
    let reports = rendered(&text);
    assert_eq!(reports.len(), 1);
    let (report, line, column) = &reports[0];
    assert!(report.len() < 4096, "{} bytes:\n{report}", report.len());
    assert_eq!(*line, 6);
    assert!(
        report.contains(&format!("[long.policy:6:{column}]")),
        "{report}"
    );
    assert!(*column > 100 * COUNT.len(), "column {column}");
    assert!(
        report.contains(&format!("(line of {} bytes)", line_length(&text, 6))),
        "{report}"
    );
    assert!(report.contains('…'), "{report}");
    let offset = text.lines().take(5).map(|l| l.len() + 1).sum::<usize>() + column - 1;
    let expected: String = text[offset..].chars().take(12).collect();
    assert_eq!(marked(report), expected, "{report}");
}

#[test]
fn a_mistake_after_a_string_of_three_megabytes_is_shown_without_the_string() {
    let long = "x".repeat(3_000_000);
    // `sourse` is a syntax error after the 3 MB doc string.
    let text = policy(&format!("doc \"{long}\" sourse \"s\""), COUNT);
    let reports = rendered(&text);
    assert!(!reports.is_empty());
    for (report, line, column) in &reports {
        assert!(report.len() < 4096, "{} bytes:\n{report}", report.len());
        assert_eq!(*line, 5, "{report}");
        assert!(
            report.contains(&format!("[long.policy:5:{column}]")),
            "{report}"
        );
        assert!(
            report.contains(&format!("(line of {} bytes)", line_length(&text, 5))),
            "{report}"
        );
        assert!(marked(report).starts_with("sourse"), "{report}");
    }
}

#[test]
fn a_long_line_next_to_the_mistake_is_cut_too() {
    let long = "é".repeat(1_000_000);
    let text = policy(
        &format!("doc \"{long}\" source \"s\""),
        "count bogus within 10 school weeks >= 10 sessions",
    );
    let reports = rendered(&text);
    assert!(!reports.is_empty());
    for (report, line, column) in &reports {
        assert!(report.len() < 4096, "{} bytes:\n{report}", report.len());
        assert_eq!(*line, 6, "{report}");
        assert!(
            report.contains(&format!("[long.policy:6:{column}]")),
            "{report}"
        );
        assert!(
            report.contains(&format!("(line of {} bytes)", line_length(&text, 5))),
            "{report}"
        );
        assert!(marked(report).starts_with("bogus"), "{report}");
    }
}

#[test]
fn short_lines_are_shown_whole() {
    let text = policy(
        "doc \"d\" source \"s\"",
        "count bogus within 10 school weeks >= 10 sessions",
    );
    let reports = rendered(&text);
    assert!(!reports.is_empty());
    for (report, _, _) in &reports {
        assert!(
            report.contains("    when count bogus within 10 school weeks >= 10 sessions"),
            "{report}"
        );
        assert!(!report.contains('…'), "{report}");
    }
}

#[test]
fn a_name_of_three_megabytes_is_quoted_cut_to_its_start_and_length() {
    let name = "y".repeat(3_000_000);
    let text = policy(
        "doc \"d\" source \"s\"",
        &format!("count {name} within 10 school weeks >= 10 sessions"),
    );
    let reports = rendered(&text);
    assert!(!reports.is_empty());
    for (report, line, column) in &reports {
        assert!(report.len() < 4096, "{} bytes:\n{report}", report.len());
        assert_eq!((*line, *column), (6, 16), "{report}");
        assert!(report.contains("bytes)"), "{report}");
        assert!(marked(report).starts_with("yyyy"), "{report}");
    }
}
