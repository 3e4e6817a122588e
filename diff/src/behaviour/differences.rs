//! Every pupil whose decisions differ, written to a CSV file as the
//! comparison streams past: the report lists the first few, the file all
//! of them, and neither holds the cohort in memory.

use super::render::outcome_words;
use super::tally::PupilDifference;
use rollcall_data::atomic::AtomicFile;
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

/// The file's columns.
const COLUMNS: [&str; 6] = [
    "pupil",
    "parents",
    "old_decisions",
    "new_decisions",
    "old",
    "new",
];

/// A CSV file of differing pupils, one row each: the pupil, the parents
/// whose outcomes differ (`;`-separated), how many decisions each policy
/// made, and each side's first differing decision in words.
pub struct DifferencesFile {
    path: PathBuf,
    writer: csv::Writer<BufWriter<AtomicFile>>,
}

impl DifferencesFile {
    /// Creates `path` and writes the header.
    pub fn create(path: &Path) -> io::Result<DifferencesFile> {
        let file = AtomicFile::create(path)?;
        let mut file = DifferencesFile {
            path: path.to_path_buf(),
            writer: csv::Writer::from_writer(BufWriter::new(file)),
        };
        file.writer.write_record(COLUMNS).map_err(io::Error::from)?;
        Ok(file)
    }

    /// Writes one differing pupil.
    pub fn write(&mut self, difference: &PupilDifference) -> io::Result<()> {
        let record = [
            difference.pupil.clone(),
            difference.parents.join(";"),
            difference.old_decisions.to_string(),
            difference.new_decisions.to_string(),
            outcome_words(difference.old.as_ref(), difference.old_decisions),
            outcome_words(difference.new.as_ref(), difference.new_decisions),
        ];
        self.writer
            .write_record(&record)
            .map_err(|error| self.failed(error.into()))
    }

    /// Writes out what is buffered and puts the file at its path (until
    /// then the path is untouched).
    pub fn finish(self) -> io::Result<()> {
        let written = self
            .writer
            .into_inner()
            .map_err(|error| error.into_error())
            .and_then(|buffer| buffer.into_inner().map_err(io::IntoInnerError::into_error))
            .and_then(AtomicFile::commit);
        written.map_err(|error| failed(&self.path, error))
    }

    /// `error`, naming the file.
    fn failed(&self, error: io::Error) -> io::Error {
        failed(&self.path, error)
    }
}

/// `error`, naming the file at `path`.
fn failed(path: &Path, error: io::Error) -> io::Error {
    io::Error::new(
        error.kind(),
        format!("cannot write {}: {error}", path.display()),
    )
}
