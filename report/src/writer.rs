//! Writing a report directory pupil by pupil: each decision's pack as soon
//! as its pupil is evaluated, then the caseload (whose rows wait on disk)
//! and the charts (whose sums are all that is kept in memory).

use crate::caseload::{pack_path, row, Caseload, HELD_ROWS};
use crate::charts::{report_intro, ChartData};
use crate::letters::Letters;
use crate::pack::Pack;
use crate::rules::RuleBook;
use chrono::NaiveDate;
use rollcall_data::model::School;
use rollcall_data::read::PupilHistory;
use rollcall_runtime::decision::Decision;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The dates whose decisions are reported, both ends included.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Period {
    /// The first day (`None`: no limit).
    pub from: Option<NaiveDate>,
    /// The last day (`None`: no limit).
    pub to: Option<NaiveDate>,
}

impl Period {
    /// Whether `date` is in the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|from| from <= date) && self.to.is_none_or(|to| date <= to)
    }

    /// The period in words: `from 2024-09-01 to 2025-07-31`, `of every date`.
    pub fn describe(&self) -> String {
        match (self.from, self.to) {
            (None, None) => "of every date".to_string(),
            (Some(from), None) => format!("from {from}"),
            (None, Some(to)) => format!("up to {to}"),
            (Some(from), Some(to)) => format!("from {from} to {to}"),
        }
    }
}

/// A report directory being written.
#[derive(Debug)]
pub struct ReportWriter {
    out: PathBuf,
    rules: RuleBook,
    period: Period,
    caseload: Caseload,
    charts: ChartData,
    /// The letter templates, if letters are written, and the letters
    /// written so far.
    letters: Option<Letters>,
    letters_written: usize,
}

impl ReportWriter {
    /// Creates `out` and `out/packs` (if missing), and `out/letters` when
    /// `letters` are to be written; removes the packs and letters (`.html`
    /// files) an earlier report left there, so that none outlives its run.
    pub fn create(
        out: &Path,
        rules: RuleBook,
        period: Period,
        letters: Option<Letters>,
    ) -> io::Result<ReportWriter> {
        for dir in ["packs", "letters"] {
            remove_pages(&out.join(dir))?;
        }
        fs::create_dir_all(out.join("packs"))?;
        if letters.is_some() {
            fs::create_dir_all(out.join("letters"))?;
        }
        Ok(ReportWriter {
            out: out.to_path_buf(),
            rules,
            period,
            caseload: Caseload::create(out.join(".rollcall-caseload"), HELD_ROWS)?,
            charts: ChartData::default(),
            letters,
            letters_written: 0,
        })
    }

    /// Adds one pupil, with all their decisions in evaluation order: writes
    /// the pack of each decision in the period.
    pub fn add_pupil(
        &mut self,
        schools: &[School],
        history: PupilHistory<'_>,
        decisions: &[Decision],
    ) -> io::Result<()> {
        let period = self.period;
        self.charts
            .add_pupil(schools, history, decisions, |date| period.contains(date));
        for decision in decisions.iter().filter(|d| period.contains(d.date)) {
            let pack = Pack {
                decision,
                decisions,
                history,
                schools,
                rule: self.rules.get(&decision.policy, &decision.rule),
            };
            let school = pack.school().map_or_else(
                || "School not in the schools file".to_string(),
                |school| school.name.clone(),
            );
            let path = pack_path(&self.out, decision);
            fs::write(self.out.join(&path), pack.render())?;
            if let Some(letters) = self
                .letters
                .as_ref()
                .filter(|_| decision.action == "letter")
            {
                let letter = letters
                    .render(decision, pack.school())
                    .map_err(io::Error::other)?;
                let name = Path::new(&path).file_name().unwrap_or_default();
                fs::write(self.out.join("letters").join(name), letter)?;
                self.letters_written += 1;
            }
            self.caseload.push(row(decision, school, path))?;
        }
        Ok(())
    }

    /// Writes `index.html` and `charts.html`; the number of packs and of
    /// letters written.
    pub fn finish(self, schools: &[School]) -> io::Result<(usize, usize)> {
        let period = self.period.describe();
        let packs = self.caseload.len();
        self.caseload.write(&self.out.join("index.html"), &period)?;
        fs::write(
            self.out.join("charts.html"),
            self.charts.render(schools, &report_intro(&period), true),
        )?;
        Ok((packs, self.letters_written))
    }
}

/// Removes the `.html` files directly in `dir`, if it exists.
fn remove_pages(dir: &Path) -> io::Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    for entry in entries {
        let path = entry?.path();
        if path.is_file() && path.extension().is_some_and(|ext| ext == "html") {
            fs::remove_file(path)?;
        }
    }
    Ok(())
}
