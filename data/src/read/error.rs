//! Errors of reading a data directory: rejected rows and fatal failures.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// A row of a data file that could not be read, and why.
///
/// Displays as `file:line: message`, the line being the 1-based physical
/// line of the file where the row starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectedRow {
    /// The file, as found under the data directory.
    pub file: PathBuf,
    /// The 1-based physical line where the row starts.
    pub line: u64,
    /// What is wrong with it.
    pub message: String,
    /// The column at fault, when the CSV reader rejected the row itself
    /// for a quote left open in it.
    pub column: Option<String>,
    /// Where the row starts in the file, in bytes, when the CSV reader
    /// rejected it itself (an open quote, a line too long, a wrong number
    /// of columns) or [`locate_rejected`](super::locate_rejected) found
    /// its line again.
    pub offset: Option<u64>,
    /// The first bytes of the row's line, known when `offset` is (as
    /// text, invalid UTF-8 replaced).
    pub excerpt: Option<String>,
}

/// How the lines of one file were accounted for: every physical line of a
/// CSV file after the header row (blank lines included), every row of a
/// Parquet file (its "lines" are its 1-based row numbers), is read or
/// rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineAccount {
    /// The file.
    pub file: PathBuf,
    /// The physical lines after the header row (for Parquet, the rows).
    pub lines: u64,
    /// The lines of rejected rows: one a row, at the line where it starts.
    pub rejected: Vec<u64>,
}

impl LineAccount {
    /// The lines read: all but the rejected ones.
    pub fn read(&self) -> u64 {
        self.lines.saturating_sub(self.rejected.len() as u64)
    }
}

impl fmt::Display for RejectedRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

/// Why a data directory could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The data directory does not exist or is not a directory.
    #[error("{}: no such data directory", path.display())]
    MissingDirectory {
        /// The directory as given.
        path: PathBuf,
    },
    /// A required file is missing from the data directory.
    #[error(
        "{}: missing (a data directory needs schools, pupils and marks, each as .csv or .parquet)",
        path.display()
    )]
    MissingFile {
        /// The file that should exist.
        path: PathBuf,
    },
    /// A file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying failure.
        source: io::Error,
    },
    /// A file is not in the format its name says (a Parquet file that
    /// cannot be read, or lacks a column).
    #[error("{}: {message}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A table is given both as CSV and as Parquet.
    #[error("{} and {} both exist: keep one", csv.display(), parquet.display())]
    Ambiguous {
        /// The CSV file.
        csv: PathBuf,
        /// The Parquet file.
        parquet: PathBuf,
    },
    /// A bad row: with [`OnBadRow::Stop`] the first
    /// one; a wrong header row always stops.
    #[error("{0}")]
    BadRow(RejectedRow),
}

impl ReadError {
    /// `path` is not in the format its name says: `message` says how.
    pub(crate) fn format(path: &Path, message: impl std::fmt::Display) -> ReadError {
        let message = message.to_string();
        ReadError::Format {
            path: path.to_path_buf(),
            message: unread_compression(&message).unwrap_or(message),
        }
    }

    /// `path` could not be read or written.
    pub(crate) fn io(path: &Path, source: io::Error) -> ReadError {
        ReadError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// What to do with a bad row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnBadRow {
    /// Stop at the first bad row with [`ReadError::BadRow`] (the default).
    #[default]
    Stop,
    /// Skip the row, record it in [`Loaded::rejected`](super::Loaded::rejected)
    /// and carry on.
    Skip,
}

/// Collects the bad rows of a read, or stops at the first, per
/// [`OnBadRow`]; and the number of lines of each file read to its end.
pub(crate) struct Rejections {
    on_bad_row: OnBadRow,
    rows: Vec<RejectedRow>,
    lines: Vec<(PathBuf, u64)>,
}

impl Rejections {
    /// An empty collection acting per `on_bad_row`.
    pub(crate) fn new(on_bad_row: OnBadRow) -> Rejections {
        Rejections {
            on_bad_row,
            rows: Vec::new(),
            lines: Vec::new(),
        }
    }

    /// Records that the file `file` has `lines` physical lines after its
    /// header row, for Parquet rows (once read to its end).
    pub(crate) fn count_lines(&mut self, file: &Path, lines: u64) {
        match self.lines.iter_mut().find(|(known, _)| known == file) {
            Some((_, known)) => *known = lines,
            None => self.lines.push((file.to_path_buf(), lines)),
        }
    }

    /// The line accounts of the files read to their end, in the order
    /// they ended.
    pub(crate) fn accounts(&self) -> Vec<LineAccount> {
        self.lines
            .iter()
            .map(|(file, lines)| {
                let mut rejected: Vec<u64> = self
                    .rows
                    .iter()
                    .filter(|row| row.file == *file)
                    .map(|row| row.line)
                    .collect();
                rejected.sort_unstable();
                LineAccount {
                    file: file.clone(),
                    lines: *lines,
                    rejected,
                }
            })
            .collect()
    }

    /// Records a bad row: an error when stopping, a rejection when skipping.
    pub(crate) fn reject(
        &mut self,
        file: &Path,
        line: u64,
        message: String,
    ) -> Result<(), ReadError> {
        self.reject_row(RejectedRow {
            file: file.to_path_buf(),
            line,
            message,
            column: None,
            offset: None,
            excerpt: None,
        })
    }

    /// As [`reject`](Rejections::reject), for a row described in full.
    pub(crate) fn reject_row(&mut self, row: RejectedRow) -> Result<(), ReadError> {
        match self.on_bad_row {
            OnBadRow::Stop => Err(ReadError::BadRow(row)),
            OnBadRow::Skip => {
                self.rows.push(row);
                Ok(())
            }
        }
    }

    /// The rows rejected so far, in the order they were found.
    pub(crate) fn rows(&self) -> &[RejectedRow] {
        &self.rows
    }

    /// A new, empty collection acting as this one does (for rows read on
    /// another thread, to be [`absorb`](Rejections::absorb)ed).
    pub(crate) fn fresh(&self) -> Rejections {
        Rejections::new(self.on_bad_row)
    }

    /// Adds the rows and line counts of `later`, found in later lines (a
    /// file's lines counted in both are added up).
    pub(crate) fn absorb(&mut self, later: Rejections) {
        self.rows.extend(later.rows);
        for (file, lines) in later.lines {
            match self.lines.iter_mut().find(|(known, _)| *known == file) {
                Some((_, known)) => *known += lines,
                None => self.lines.push((file, lines)),
            }
        }
    }
}

/// The parquet crate's message for a file compressed in a way rollcall is
/// built without, in words saying what to do.
fn unread_compression(message: &str) -> Option<String> {
    let (_, feature) = message.split_once("Disabled feature at compile time: ")?;
    let codec = match feature.trim() {
        "flate2" => "gzip",
        "lz4" => "LZ4",
        "brotli" => "Brotli",
        other => other,
    };
    Some(format!(
        "compressed with {codec}, which rollcall does not read: write it again with snappy or \
         zstd compression, or none"
    ))
}
