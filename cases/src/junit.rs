//! JUnit XML for CI systems: one test suite per policy under test, one
//! test case per case file; failed cases carry their report, invalid case
//! files their errors.

use super::run::{CaseResult, Verdict};
use std::collections::BTreeMap;

/// Where invalid case files that name no policy are listed.
const NO_POLICY: &str = "(no policy)";

/// The JUnit XML document of `results`.
pub fn junit_xml(results: &[CaseResult]) -> String {
    let mut suites: BTreeMap<&str, Vec<&CaseResult>> = BTreeMap::new();
    for result in results {
        let policy = result.policy.as_deref().unwrap_or(NO_POLICY);
        suites.entry(policy).or_default().push(result);
    }
    let (failures, errors) = counts(results.iter());
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<testsuites name=\"rollcall test\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\">\n",
        results.len()
    ));
    for (policy, results) in suites {
        let (failures, errors) = counts(results.iter().copied());
        xml.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\">\n",
            escape(policy),
            results.len()
        ));
        for result in results {
            xml.push_str(&test_case(policy, result));
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}

/// Failed and invalid cases among `results`.
fn counts<'r>(results: impl Iterator<Item = &'r CaseResult>) -> (usize, usize) {
    results.fold((0, 0), |(failures, errors), result| match result.verdict {
        Verdict::Passed => (failures, errors),
        Verdict::Failed(_) => (failures + 1, errors),
        Verdict::Invalid(_) => (failures, errors + 1),
    })
}

fn test_case(policy: &str, result: &CaseResult) -> String {
    let open = format!(
        "    <testcase name=\"{}\" classname=\"{}\"",
        escape(&result.path),
        escape(policy)
    );
    match &result.verdict {
        Verdict::Passed => format!("{open}/>\n"),
        Verdict::Failed(report) => format!(
            "{open}>\n      <failure message=\"the decisions differ from the expected ones\">{}</failure>\n    </testcase>\n",
            escape(report)
        ),
        Verdict::Invalid(errors) => {
            let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
            format!(
                "{open}>\n      <error message=\"the case file is invalid\">{}</error>\n    </testcase>\n",
                escape(&text.join("\n"))
            )
        }
    }
}

/// Text safe in XML content and attribute values: the five markup
/// characters as entities, and characters XML 1.0 does not allow replaced
/// with U+FFFD.
pub(super) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => escaped.push('\u{FFFD}'),
            c => escaped.push(c),
        }
    }
    escaped
}
