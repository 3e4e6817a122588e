//! Writing a report directory pupil by pupil: each decision's pack as soon
//! as its pupil is evaluated, then the caseload and the charts, whose rows
//! and sums are all that is kept.

use crate::caseload::{row, Caseload};
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
    /// `letters` are to be written.
    pub fn create(
        out: &Path,
        rules: RuleBook,
        period: Period,
        letters: Option<Letters>,
    ) -> io::Result<ReportWriter> {
        fs::create_dir_all(out.join("packs"))?;
        if letters.is_some() {
            fs::create_dir_all(out.join("letters"))?;
        }
        Ok(ReportWriter {
            out: out.to_path_buf(),
            rules,
            period,
            caseload: Caseload::default(),
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
        let in_period = || decisions.iter().filter(move |d| period.contains(d.date));
        self.charts.add_pupil(schools, history, in_period());
        for decision in in_period() {
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
            let path = self.caseload.pack_path(decision);
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
            self.caseload.push(row(decision, school, path));
        }
        Ok(())
    }

    /// Writes `index.html` and `charts.html`; the number of packs and of
    /// letters written.
    pub fn finish(self, schools: &[School]) -> io::Result<(usize, usize)> {
        let period = self.period.describe();
        fs::write(self.out.join("index.html"), self.caseload.render(&period))?;
        fs::write(
            self.out.join("charts.html"),
            self.charts.render(schools, &report_intro(&period), true),
        )?;
        Ok((self.caseload.rows().len(), self.letters_written))
    }
}
