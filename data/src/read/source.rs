//! Where a table's rows come from: a CSV or Parquet file of the data
//! directory, read in file order, or (for a file not sorted by pupil)
//! sorted externally first.

use super::csv_file::field;
use super::csv_file::CsvFile;
use super::cursor::{MarkCursor, TextMarks};
use super::error::{ReadError, Rejections};
use super::marks::SchoolIds;
use super::parquet_file::ParquetFile;
use super::parquet_marks::ParquetMarks;
use super::sort::{is_sorted_by_pupil, SortedRows};
use crate::model::School;
use csv::ByteRecord;
use std::path::{Path, PathBuf};

/// A table of the data contract: its file name without extension and its
/// columns, in order; the last [`optional`](Table::optional) of them a file
/// may leave out (read as empty fields).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Table {
    /// The file name without extension (`marks` for `marks.csv`).
    pub name: &'static str,
    /// The columns, in order (the optional ones last): every one is
    /// written.
    pub columns: &'static [&'static str],
    /// How many of the last columns a file may leave out: a CSV header
    /// may stop before them (in order), a Parquet file may lack them.
    pub optional: usize,
    /// The columns holding dates (Date32 in Parquet).
    pub date_columns: &'static [&'static str],
    /// Whether a data directory must have it.
    pub required: bool,
}

impl Table {
    /// `schools.csv`.
    pub const SCHOOLS: Table = Table {
        name: "schools",
        columns: &["school", "name", "authority"],
        optional: 0,
        date_columns: &[],
        required: true,
    };
    /// `pupils.csv`.
    pub const PUPILS: Table = Table {
        name: "pupils",
        columns: &["pupil", "date_of_birth", "parents"],
        optional: 0,
        date_columns: &["date_of_birth"],
        required: true,
    };
    /// `marks.csv`.
    pub const MARKS: Table = Table {
        name: "marks",
        columns: &["pupil", "school", "date", "session", "code"],
        optional: 0,
        date_columns: &["date"],
        required: true,
    };
    /// `events.csv` (optional); `start_session` may be left out.
    pub const EVENTS: Table = Table {
        name: "events",
        columns: &[
            "pupil",
            "parent",
            "kind",
            "start",
            "end",
            "detail",
            "start_session",
        ],
        optional: 1,
        date_columns: &["start", "end"],
        required: false,
    };
    /// Every table, in reading order.
    pub const ALL: [Table; 4] = [Table::SCHOOLS, Table::PUPILS, Table::MARKS, Table::EVENTS];

    /// Whether `column` holds dates.
    pub fn is_date(&self, column: &str) -> bool {
        self.date_columns.contains(&column)
    }

    /// The columns every file must have: all but the optional ones.
    pub fn required_columns(&self) -> &'static [&'static str] {
        &self.columns[..self.columns.len() - self.optional]
    }

    /// Whether a file may leave `column` out.
    pub fn is_optional(&self, column: &str) -> bool {
        self.columns[self.columns.len() - self.optional..].contains(&column)
    }
}

/// A file format of the data directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// Apache Parquet with the same column names.
    Parquet,
}

impl FileFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Parquet => "parquet",
        }
    }
}

/// How to read a data directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// What to do with a bad row.
    pub on_bad_row: super::OnBadRow,
    /// The memory budget in bytes for sorting files that are not sorted by
    /// pupil; beyond it, sorted runs are spilled to disk.
    pub memory: usize,
    /// Where spilled runs go (default: the system's temporary directory).
    pub temp_dir: Option<PathBuf>,
    /// Read only this pupil's rows of `pupils`, `marks` and `events`
    /// (explaining one pupil): the others' are passed over, most of them
    /// unsplit, and unsorted files are not sorted. Bad rows of other pupils
    /// may then go unreported, and lines passed over count as read.
    pub pupil: Option<String>,
    /// The dates a register can plausibly hold: marks and events outside
    /// them are read, and counted ([`PupilReader::implausible`](super::PupilReader::implausible)).
    pub dates: super::DateBounds,
    /// The event kinds the policies in use declare: `events` rows may have
    /// these kinds besides the built-in ones (any other is a bad row).
    pub declared_events: Vec<crate::model::EventKind>,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            on_bad_row: super::OnBadRow::Stop,
            memory: 512 << 20,
            temp_dir: None,
            pupil: None,
            dates: super::DateBounds::default(),
            declared_events: Vec::new(),
        }
    }
}

/// The rows of one file, one at a time, each with the line it came from.
pub(crate) trait RowSource: Send {
    /// Reads the next row with the right number of columns into `record`,
    /// rejecting the others; its line (for Parquet, its 1-based row
    /// number), or `None` at the end.
    fn next_row(
        &mut self,
        record: &mut ByteRecord,
        rejections: &mut Rejections,
    ) -> Result<Option<u64>, ReadError>;

    /// The file.
    fn path(&self) -> &Path;

    /// Whether the rows are checked, as they are read, to be in pupil
    /// order (the file says they are): no need to check the file first.
    fn checks_pupil_order(&self) -> bool {
        false
    }

    /// From now on, may pass over rows whose pupil is not `pupil` without
    /// reading them (a hint: rows of other pupils may still come).
    fn pass_over_all_but(&mut self, _pupil: &str) {}
}

/// The rows of one pupil of a file in any order: in pupil order, as there
/// is one pupil.
struct OnlyPupil {
    rows: Box<dyn RowSource>,
    pupil: String,
}

impl OnlyPupil {
    /// `rows` without those of any pupil other than `pupil`.
    fn new(mut rows: Box<dyn RowSource>, pupil: &str) -> OnlyPupil {
        rows.pass_over_all_but(pupil);
        OnlyPupil {
            rows,
            pupil: pupil.to_string(),
        }
    }
}

impl RowSource for OnlyPupil {
    fn next_row(
        &mut self,
        record: &mut ByteRecord,
        rejections: &mut Rejections,
    ) -> Result<Option<u64>, ReadError> {
        while let Some(line) = self.rows.next_row(record, rejections)? {
            if field(record, 0) == self.pupil.as_bytes() {
                return Ok(Some(line));
            }
        }
        Ok(None)
    }

    fn path(&self) -> &Path {
        self.rows.path()
    }
}

/// The file holding `table` in `dir` and its format, if there is one.
pub fn find_table(dir: &Path, table: Table) -> Result<Option<(PathBuf, FileFormat)>, ReadError> {
    let mut found = [FileFormat::Csv, FileFormat::Parquet]
        .into_iter()
        .map(|format| {
            (
                dir.join(format!("{}.{}", table.name, format.extension())),
                format,
            )
        })
        .filter(|(path, _)| path.exists());
    match (found.next(), found.next()) {
        (Some((csv, _)), Some((parquet, _))) => Err(ReadError::Ambiguous { csv, parquet }),
        (found, _) => Ok(found),
    }
}

/// Opens `table` in `dir` in file order: `None` if an optional table is
/// missing.
pub(crate) fn open_in_file_order(
    dir: &Path,
    table: Table,
) -> Result<Option<Box<dyn RowSource>>, ReadError> {
    let Some((path, format)) = find_table(dir, table)? else {
        if table.required {
            return Err(ReadError::MissingFile {
                path: dir.join(format!("{}.csv", table.name)),
            });
        }
        return Ok(None);
    };
    Ok(Some(match format {
        FileFormat::Csv => Box::new(CsvFile::open(&path, table)?),
        FileFormat::Parquet => Box::new(ParquetFile::open(&path, table)?),
    }))
}

/// How to put a table in pupil order.
pub(crate) struct Order<'a> {
    /// The memory budget for sorting it, in bytes.
    pub memory: usize,
    /// Where sorted runs are spilled.
    pub temp_dir: Option<&'a Path>,
    /// Keep only this pupil's rows (then nothing is sorted).
    pub pupil: Option<&'a str>,
}

/// Opens `table` in `dir` in pupil order: only `order.pupil`'s rows, if
/// set; else as it is if it is already sorted by its first column (or says
/// it is, which is then checked as it is read), else sorted within
/// `order.memory` bytes (spilling to `order.temp_dir`).
pub(crate) fn open_in_pupil_order(
    dir: &Path,
    table: Table,
    order: &Order<'_>,
    rejections: &mut Rejections,
) -> Result<Option<Box<dyn RowSource>>, ReadError> {
    let Some(source) = open_in_file_order(dir, table)? else {
        return Ok(None);
    };
    if let Some(pupil) = order.pupil {
        return Ok(Some(Box::new(OnlyPupil::new(source, pupil))));
    }
    let (memory, temp_dir) = (order.memory, order.temp_dir);
    let sorted = source.checks_pupil_order() || is_sorted_by_pupil(source.path())?;
    in_pupil_order(source, sorted, memory, temp_dir, rejections).map(Some)
}

/// Opens the marks of `dir` in pupil order, as [`open_in_pupil_order`]
/// does, at the schools of `schools` (sorted by id): a sorted Parquet file
/// whose columns allow it is read as typed columns, anything else as text.
pub(crate) fn open_marks_in_pupil_order(
    dir: &Path,
    order: &Order<'_>,
    rejections: &mut Rejections,
    schools: &[School],
) -> Result<Option<Box<dyn MarkCursor>>, ReadError> {
    let Some((path, format)) = find_table(dir, Table::MARKS)? else {
        return Ok(None);
    };
    let typed = match format {
        FileFormat::Parquet => ParquetMarks::open(&path, schools)?,
        FileFormat::Csv => None,
    };
    // A typed reader checks a declared order as it reads; any other file
    // is checked first, unless one pupil's rows are all that is wanted.
    let declared = typed
        .as_ref()
        .is_some_and(ParquetMarks::declares_pupil_order);
    let sorted = declared || (order.pupil.is_none() && is_sorted_by_pupil(&path)?);
    if let Some(marks) = typed.filter(|_| sorted) {
        return Ok(Some(Box::new(marks)));
    }
    let source = match order.pupil {
        Some(_) => open_in_pupil_order(dir, Table::MARKS, order, rejections)?,
        None => open_in_file_order(dir, Table::MARKS)?
            .map(|source| in_pupil_order(source, sorted, order.memory, order.temp_dir, rejections))
            .transpose()?,
    };
    let Some(source) = source else {
        return Ok(None);
    };
    Ok(Some(Box::new(TextMarks::new(
        source,
        SchoolIds::new(schools),
    ))))
}

/// `source` in pupil order: as it is if `sorted`, else sorted within
/// `memory` bytes (spilling to `temp_dir`).
fn in_pupil_order(
    source: Box<dyn RowSource>,
    sorted: bool,
    memory: usize,
    temp_dir: Option<&Path>,
    rejections: &mut Rejections,
) -> Result<Box<dyn RowSource>, ReadError> {
    if sorted {
        return Ok(source);
    }
    Ok(Box::new(SortedRows::sort(
        source, memory, temp_dir, rejections,
    )?))
}
