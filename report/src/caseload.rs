//! The caseload page (`index.html`): the period's decisions grouped by
//! school, then action, each linking to its evidence pack.
//!
//! Rows wait on disk, one file per school, while the pupils are read; the
//! page is written a school at a time, so memory holds one school's rows
//! at most, however many decisions the period has.

use crate::html::{escape, page_start, PAGE_END};
use crate::pack::action_words;
use chrono::NaiveDate;
use rollcall_runtime::decision::Decision;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

/// One decision as the caseload lists it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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

/// The rows of the caseload, kept in a directory of their own (one JSON
/// Lines file per school) until the page is written.
#[derive(Debug)]
pub struct Caseload {
    spill: PathBuf,
    /// Each school's name with the number of its file.
    schools: BTreeMap<String, usize>,
    rows: usize,
}

impl Caseload {
    /// A caseload keeping its rows in `spill`, emptied first.
    pub fn create(spill: PathBuf) -> io::Result<Caseload> {
        if spill.exists() {
            fs::remove_dir_all(&spill)?;
        }
        fs::create_dir_all(&spill)?;
        Ok(Caseload {
            spill,
            schools: BTreeMap::new(),
            rows: 0,
        })
    }

    /// Adds a row.
    pub fn push(&mut self, row: &CaseRow) -> io::Result<()> {
        let next = self.schools.len();
        let number = *self.schools.entry(row.school.clone()).or_insert(next);
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.spill.join(format!("{number}.jsonl")))?;
        let mut line = serde_json::to_vec(row).map_err(io::Error::other)?;
        line.push(b'\n');
        file.write_all(&line)?;
        self.rows += 1;
        Ok(())
    }

    /// The number of rows so far.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Writes the page to `path` (`period` describes the dates covered)
    /// and removes the rows' directory.
    pub fn write(self, path: &Path, period: &str) -> io::Result<()> {
        let mut out = BufWriter::new(File::create(path)?);
        out.write_all(page_start("Attendance caseload", &[]).as_bytes())?;
        writeln!(
            out,
            "<h1>Attendance caseload</h1>\n<p>Decisions {}: {}. <a href=\"charts.html\">Charts</a>.</p>",
            escape(period),
            self.rows
        )?;
        for (school, number) in &self.schools {
            let file = BufReader::new(File::open(self.spill.join(format!("{number}.jsonl")))?);
            let mut rows = Vec::new();
            for line in file.lines() {
                rows.push(serde_json::from_str::<CaseRow>(&line?).map_err(io::Error::other)?);
            }
            rows.sort();
            out.write_all(school_section(school, &rows).as_bytes())?;
        }
        if self.schools.is_empty() {
            out.write_all(b"<p>No decisions in the period.</p>\n")?;
        }
        out.write_all(PAGE_END.as_bytes())?;
        out.flush()?;
        fs::remove_dir_all(&self.spill)
    }
}

/// A unique pack path for `decision` in the report directory `out`:
/// `packs/<pupil>-<date>-<rule>-<parent>.html`, each part reduced to
/// letters, digits, `-` and `_`, with `-2`, `-3`… added if a file of that
/// name was already written (the report starts with no packs).
pub fn pack_path(out: &Path, decision: &Decision) -> String {
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
    while out.join(&name).exists() {
        name = format!("packs/{stem}-{suffix}.html");
        suffix += 1;
    }
    name
}

/// One school's heading and a table per action; `rows` are the school's,
/// sorted.
fn school_section(school: &str, rows: &[CaseRow]) -> String {
    let mut section = format!("<h2>{}</h2>\n", escape(school));
    let mut action: Option<&str> = None;
    for row in rows {
        if action != Some(row.action.as_str()) {
            if action.is_some() {
                section.push_str("</tbody>\n</table>\n");
            }
            let _ = writeln!(
                section,
                "<h3>{}</h3>\n<table class=\"rows\">\n<thead><tr><th>Pupil</th><th>Parent</th>\
                 <th>Date</th><th>Action</th><th>Rule</th><th>Notice</th></tr></thead>\n<tbody>",
                escape(&row.action)
            );
            action = Some(&row.action);
        }
        let _ = writeln!(
            section,
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
    if action.is_some() {
        section.push_str("</tbody>\n</table>\n");
    }
    section
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
        let out = std::env::temp_dir().join(format!("rollcall-caseload-{}", std::process::id()));
        fs::create_dir_all(out.join("packs")).expect("a scratch directory");
        let first = pack_path(&out, &decision("p/1"));
        assert_eq!(first, "packs/p_1-2024-09-02-r-___mum.html");
        fs::write(out.join(&first), "").expect("a pack");
        assert_eq!(
            pack_path(&out, &decision("p.1")),
            "packs/p_1-2024-09-02-r-___mum-2.html"
        );
        fs::remove_dir_all(&out).expect("cleared");
    }
}
