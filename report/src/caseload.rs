//! The caseload page (`index.html`): the period's decisions grouped by
//! school, then action, each linking to its evidence pack.

use crate::html::{escape, page};
use crate::pack::action_words;
use chrono::NaiveDate;
use rollcall_runtime::decision::Decision;
use std::collections::BTreeSet;
use std::fmt::Write;

/// One decision as the caseload lists it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct CaseRow {
    /// The school's name (or id, if not in the schools file).
    pub school: String,
    /// The action for people (`penalty notice`).
    pub action: String,
    /// The decision date.
    pub date: NaiveDate,
    /// The pupil.
    pub pupil: String,
    /// The parent, if any.
    pub parent: Option<String>,
    /// The rule.
    pub rule: String,
    /// The notice number, for notices.
    pub notice_number: Option<u32>,
    /// The pack's path relative to the report directory.
    pub pack: String,
}

/// The rows of the caseload, and the pack file names given so far (each
/// unique).
#[derive(Clone, Debug, Default)]
pub struct Caseload {
    rows: Vec<CaseRow>,
    names: BTreeSet<String>,
}

impl Caseload {
    /// A unique pack path for `decision`:
    /// `packs/<pupil>-<date>-<rule>-<parent>.html`, each part reduced to
    /// letters, digits, `-` and `_`, with `-2`, `-3`… added if taken.
    pub fn pack_path(&mut self, decision: &Decision) -> String {
        let stem = [
            decision.pupil.as_str(),
            &decision.date.to_string(),
            &decision.rule,
            decision.parent.as_deref().unwrap_or("pupil"),
        ]
        .map(sanitise)
        .join("-");
        let mut name = format!("packs/{stem}.html");
        let mut suffix = 2;
        while self.names.contains(&name) {
            name = format!("packs/{stem}-{suffix}.html");
            suffix += 1;
        }
        self.names.insert(name.clone());
        name
    }

    /// Adds a row.
    pub fn push(&mut self, row: CaseRow) {
        self.rows.push(row);
    }

    /// The rows so far.
    pub fn rows(&self) -> &[CaseRow] {
        &self.rows
    }

    /// The page: `period` describes the dates covered.
    pub fn render(&self, period: &str) -> String {
        let mut rows = self.rows.clone();
        rows.sort();
        let mut body = format!(
            "<h1>Attendance caseload</h1>\n<p>Decisions {}: {}. <a href=\"charts.html\">Charts</a>.</p>\n",
            escape(period),
            rows.len()
        );
        let mut current: Option<(&str, &str)> = None;
        for row in &rows {
            if current.map(|(school, _)| school) != Some(row.school.as_str()) {
                if current.is_some() {
                    body.push_str("</tbody>\n</table>\n");
                }
                let _ = writeln!(body, "<h2>{}</h2>", escape(&row.school));
                current = None;
            }
            if current.map(|(_, action)| action) != Some(row.action.as_str()) {
                if current.is_some() {
                    body.push_str("</tbody>\n</table>\n");
                }
                let _ = writeln!(
                    body,
                    "<h3>{}</h3>\n<table class=\"rows\">\n<thead><tr><th>Pupil</th><th>Parent</th>\
                     <th>Date</th><th>Action</th><th>Rule</th><th>Notice</th></tr></thead>\n<tbody>",
                    escape(&row.action)
                );
            }
            current = Some((&row.school, &row.action));
            let _ = writeln!(
                body,
                "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&row.pack),
                escape(&row.pupil),
                escape(row.parent.as_deref().unwrap_or("")),
                row.date,
                escape(&row.action),
                escape(&row.rule),
                row.notice_number.map_or(String::new(), |n| n.to_string())
            );
        }
        if current.is_some() {
            body.push_str("</tbody>\n</table>\n");
        } else {
            body.push_str("<p>No decisions in the period.</p>\n");
        }
        page("Attendance caseload", &[], &body)
    }
}

/// A caseload row for `decision` at school `school`, its pack at `pack`.
pub fn row(decision: &Decision, school: String, pack: String) -> CaseRow {
    CaseRow {
        school,
        action: action_words(decision),
        date: decision.date,
        pupil: decision.pupil.clone(),
        parent: decision.parent.clone(),
        rule: decision.rule.clone(),
        notice_number: decision.notice_number,
        pack,
    }
}

/// `text` with every character but ASCII letters, digits, `-` and `_`
/// replaced by `_` (never empty).
fn sanitise(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if clean.is_empty() {
        "_".to_string()
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_names_are_sanitised_and_unique() {
        let decision = |pupil: &str| Decision {
            pupil: pupil.to_string(),
            parent: Some("../mum".to_string()),
            date: NaiveDate::from_ymd_opt(2024, 9, 2).unwrap_or_default(),
            action: "letter".to_string(),
            label: None,
            rule: "r".to_string(),
            authority: "a".to_string(),
            policy: "a@always".to_string(),
            notice_number: None,
            payments: Vec::new(),
            reason: String::new(),
            evidence: Vec::new(),
        };
        let mut caseload = Caseload::default();
        assert_eq!(
            caseload.pack_path(&decision("p/1")),
            "packs/p_1-2024-09-02-r-___mum.html"
        );
        assert_eq!(
            caseload.pack_path(&decision("p.1")),
            "packs/p_1-2024-09-02-r-___mum-2.html"
        );
    }
}
