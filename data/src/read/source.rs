//! A per-pupil table in pupil order, ready for the stream: a file already
//! sorted by pupil (or saying it is, checked as it is read) read as it
//! is, any other sorted externally first, or only one pupil's rows kept;
//! the marks as a cursor of typed rows where the file allows it.

use super::cursor::{MarkCursor, TextMarks};
use super::error::{ReadError, Rejections};
use super::files::{find_table, open_in_file_order};
use super::mark_sort::SortedMarks;
use super::marks::SchoolIds;
use super::parquet_marks::ParquetMarks;
use super::pupil_order::is_sorted_by_pupil;
use super::rows::{field, RowSource};
use super::sort::SortedRows;
use super::table::{FileFormat, Table};
use crate::model::School;
use csv::ByteRecord;
use std::path::Path;

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
        FileFormat::Parquet => ParquetMarks::open(&path, schools, order.pupil)?,
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
        None => open_in_file_order(dir, Table::MARKS)?,
    };
    let Some(source) = source else {
        return Ok(None);
    };
    let schools = SchoolIds::new(schools);
    if sorted || order.pupil.is_some() {
        return Ok(Some(Box::new(TextMarks::new(source, schools))));
    }
    let marks = SortedMarks::sort(source, schools, order.memory, order.temp_dir, rejections)?;
    Ok(Some(Box::new(marks)))
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
