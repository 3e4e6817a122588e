//! `rollcall synth`: a deterministic synthetic cohort in the data contract
//! (`schools`, `pupils`, `marks`, `events`, as CSV or Parquet), calibrated so
//! that its absence measures land near England's, and fast enough for a
//! national cohort: pupils are generated in batches across threads and
//! streamed to disk, never held in memory all at once.
//!
//! The same options give byte-identical files, whatever the thread count.
//! `marks.csv` is sorted by pupil, date and session (`AM` before `PM`),
//! `pupils.csv` by pupil, and `events.csv` by pupil and start date.

#![forbid(unsafe_code)]

mod calendar;
mod events;
mod families;
mod geography;
mod history;
mod measures;
mod moves;
mod pipeline;
mod profile;
mod rng;
mod rows;
mod school_year;
mod terms;
#[cfg(test)]
mod tests;

pub use measures::Measures;

use geography::Geography;
use history::Cohort;
use pipeline::{generate_pupils, Sink, Sinks};
use rollcall_data::read::{FileFormat, Table};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    /// Number of pupils.
    pub pupils: u64,
    /// Number of academic years.
    pub years: u16,
    /// The seed: the same seed gives the same cohort.
    pub seed: u64,
    /// The calendar year of the first September.
    pub start_year: i32,
    /// Worker threads (the files do not depend on it).
    pub threads: usize,
    /// The files' format.
    pub format: FileFormat,
}

/// What was generated.
#[derive(Clone, Debug)]
pub struct Summary {
    /// Authorities with schools.
    pub authorities: usize,
    /// Schools.
    pub schools: usize,
    /// Pupils.
    pub pupils: u64,
    /// Rows of `marks.csv`.
    pub marks: u64,
    /// Rows of `events.csv`.
    pub events: u64,
    /// Absence measures of the generated marks.
    pub measures: Measures,
    /// Bytes written to each file, with its name.
    pub files: Vec<(String, u64)>,
    /// Wall-clock time taken.
    pub elapsed: Duration,
}

/// Why a cohort could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    /// The output directory could not be created.
    #[error("cannot create the output directory {}: {source}", path.display())]
    CreateDirectory {
        /// The directory.
        path: PathBuf,
        /// The underlying failure.
        source: std::io::Error,
    },
    /// A Parquet file could not be written.
    #[error("{0}")]
    Parquet(rollcall_data::read::ReadError),
    /// A file could not be created or written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying failure.
        source: std::io::Error,
    },
}

/// Generates the cohort described by `options` into the directory `out`
/// (created if missing; existing data files are replaced).
pub fn generate(options: &Options, out: &Path) -> Result<Summary, SynthError> {
    let started = Instant::now();
    std::fs::create_dir_all(out).map_err(|source| SynthError::CreateDirectory {
        path: out.to_path_buf(),
        source,
    })?;
    let geography = Geography::build(
        options.pupils,
        options.start_year,
        options.years,
        options.seed,
    );
    let format = options.format;
    let mut schools = Sink::create(out, Table::SCHOOLS, format)?;
    schools.write(&geography.schools_rows())?;
    schools.finish()?;
    let mut sinks = Sinks {
        pupils: Sink::create(out, Table::PUPILS, format)?,
        marks: Sink::create(out, Table::MARKS, format)?,
        events: Sink::create(out, Table::EVENTS, format)?,
    };
    let cohort = Cohort {
        seed: options.seed,
        geography: &geography,
        start_year: options.start_year,
        years: options.years,
        pupil_id_width: options.pupils.to_string().len().max(6),
    };
    let totals = generate_pupils(&cohort, options.pupils, options.threads, &mut sinks)?;
    for sink in [&mut sinks.pupils, &mut sinks.marks, &mut sinks.events] {
        sink.finish()?;
    }
    let mut authorities: Vec<usize> = geography
        .schools
        .iter()
        .map(|school| school.authority)
        .collect();
    authorities.sort_unstable();
    authorities.dedup();
    Ok(Summary {
        authorities: authorities.len(),
        schools: geography.schools.len(),
        pupils: totals.pupil_count,
        marks: totals.mark_count,
        events: totals.event_count,
        measures: totals.measures,
        files: [&schools, &sinks.pupils, &sinks.marks, &sinks.events]
            .into_iter()
            .map(|sink| (sink.name(), sink.bytes))
            .collect(),
        elapsed: started.elapsed(),
    })
}
