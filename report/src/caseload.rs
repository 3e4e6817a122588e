//! The caseload page (`index.html`): the period's decisions grouped by
//! school, then action, each linking to its evidence pack.
//!
//! Rows are kept in memory up to [`HELD_ROWS`]; beyond, they wait on disk,
//! one file per school. The page is written a school at a time, so memory
//! holds one school's rows at most, however many decisions the period has.

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

/// The rows held in memory before they are written to disk (a week's
/// caseload of a large authority stays in memory).
pub const HELD_ROWS: usize = 20_000;

/// The rows of the caseload, per school: those held in memory, and those
/// written to a directory of their own (one JSON Lines file per school).
#[derive(Debug)]
pub struct Caseload {
    spill: PathBuf,
    /// Each school's name with its rows held, and the number of its file
    /// once it has one.
    schools: BTreeMap<String, (Vec<CaseRow>, Option<usize>)>,
    files: usize,
    held: usize,
    held_rows: usize,
    rows: usize,
}

impl Caseload {
    /// A caseload that writes rows beyond `held_rows` ([`HELD_ROWS`]) to
    /// `spill` (removed first if it exists; created when needed).
    pub fn create(spill: PathBuf, held_rows: usize) -> io::Result<Caseload> {
        if spill.exists() {
            fs::remove_dir_all(&spill)?;
        }
        Ok(Caseload {
            spill,
            schools: BTreeMap::new(),
            files: 0,
            held: 0,
            held_rows,
            rows: 0,
        })
    }

    /// Adds a row.
    pub fn push(&mut self, row: CaseRow) -> io::Result<()> {
        if self.held >= self.held_rows {
            self.write_held()?;
        }
        let (rows, _) = self.schools.entry(row.school.clone()).or_default();
        rows.push(row);
        self.held += 1;
        self.rows += 1;
        Ok(())
    }

    /// Appends the rows held to each school's file.
    fn write_held(&mut self) -> io::Result<()> {
        fs::create_dir_all(&self.spill)?;
        for (rows, file) in self.schools.values_mut() {
            if rows.is_empty() {
                continue;
            }
            let number = *file.get_or_insert_with(|| {
                self.files += 1;
                self.files
            });
            let mut out = Vec::new();
            for row in rows.drain(..) {
                serde_json::to_writer(&mut out, &row).map_err(io::Error::other)?;
                out.push(b'\n');
            }
            OpenOptions::new()
                .create(true)
                .append(true)
                .open(self.spill.join(format!("{number}.jsonl")))?
                .write_all(&out)?;
        }
        self.held = 0;
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
        for (school, (held, file)) in &self.schools {
            let mut rows = Vec::new();
            if let Some(number) = file {
                let file = File::open(self.spill.join(format!("{number}.jsonl")))?;
                for line in BufReader::new(file).lines() {
                    rows.push(serde_json::from_str::<CaseRow>(&line?).map_err(io::Error::other)?);
                }
            }
            rows.extend_from_slice(held);
            rows.sort();
            out.write_all(school_section(school, &rows).as_bytes())?;
        }
        if self.schools.is_empty() {
            out.write_all(b"<p>No decisions in the period.</p>\n")?;
        }
        out.write_all(PAGE_END.as_bytes())?;
        out.flush()?;
        if self.spill.exists() {
            fs::remove_dir_all(&self.spill)?;
        }
        Ok(())
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

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("rollcall-{name}-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("a scratch directory");
        dir
    }

    #[test]
    fn rows_written_to_disk_give_the_page_rows_held_give() {
        let row = |school: &str, pupil: &str, day: u32| CaseRow {
            school: school.to_string(),
            action: "letter".to_string(),
            date: NaiveDate::from_ymd_opt(2024, 9, day).unwrap_or_default(),
            pupil: pupil.to_string(),
            parent: None,
            rule: "r".to_string(),
            notice_number: None,
            pack: format!("packs/{pupil}.html"),
        };
        // Schools first met after others have files, rows out of order.
        let rows = [
            row("Bramley", "p1", 9),
            row("Bramley", "p2", 3),
            row("Alder", "p3", 4),
            row("Copse", "p4", 2),
            row("Alder", "p5", 2),
            row("Bramley", "p6", 5),
            row("Aaron's", "p7", 6),
        ];
        let dir = scratch("caseload");
        let page = |held_rows: usize| {
            let mut caseload = Caseload::create(dir.join("spill"), held_rows).expect("created");
            for row in rows.clone() {
                caseload.push(row).expect("pushed");
            }
            caseload
                .write(&dir.join("index.html"), "p")
                .expect("written");
            assert!(!dir.join("spill").exists(), "the rows' files are removed");
            fs::read_to_string(dir.join("index.html")).expect("the page")
        };
        let held = page(HELD_ROWS);
        assert_eq!(page(2), held);
        assert_eq!(page(1), held);
        let order: Vec<usize> = [
            "Aaron", "p7", "Alder", "p5", "p3", "Bramley", "p2", "p6", "p1", "Copse", "p4",
        ]
        .iter()
        .map(|text| held.find(text).expect("listed"))
        .collect();
        assert!(order.windows(2).all(|pair| pair[0] < pair[1]), "{held}");
        fs::remove_dir_all(&dir).expect("cleared");
    }

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
        let out = scratch("packs");
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
