//! Converting a table's file between CSV and Parquet: its rows read in file
//! order, each row's columns checked as reading does (and, into Parquet,
//! its dates), bad rows treated as asked.

use super::error::{OnBadRow, ReadError, RejectedRow, Rejections};
use super::files::open_in_file_order;
use super::parquet_writer::ParquetTableWriter;
use super::pupil_order::is_sorted_by_pupil;
use super::rows::{field, RowSource};
use super::table::{FileFormat, Table};
use crate::atomic::AtomicFile;
use csv::ByteRecord;
use std::io;
use std::path::{Path, PathBuf};

/// Converts the table `table` of `from` into `format` at `to`, checking
/// each row's columns (and, into Parquet, its dates); the rows written.
pub fn convert_table(
    from: &Path,
    table: Table,
    to: &Path,
    format: FileFormat,
    on_bad_row: OnBadRow,
) -> Result<(u64, Vec<RejectedRow>), ReadError> {
    let mut rejections = Rejections::new(on_bad_row);
    let Some(mut rows) = open_in_file_order(from, table)? else {
        return Ok((0, Vec::new()));
    };
    let written = match format {
        FileFormat::Parquet => write_parquet(rows.as_mut(), table, to, &mut rejections)?,
        FileFormat::Csv => write_csv(rows.as_mut(), table, to, &mut rejections)?,
    };
    Ok((written, rejections.rows().to_vec()))
}

/// Writes every row of `rows` (a file of `table`) as CSV with its header
/// row to a new file at `out`; the number of rows written.
fn write_csv(
    rows: &mut dyn RowSource,
    table: Table,
    out: &Path,
    rejections: &mut Rejections,
) -> Result<u64, ReadError> {
    let failed = |source: io::Error| ReadError::Io {
        path: out.to_path_buf(),
        source,
    };
    let file = AtomicFile::create(out).map_err(failed)?;
    let mut writer = csv::WriterBuilder::new()
        .buffer_capacity(1 << 20)
        .from_writer(file);
    let written = (|| -> Result<u64, ReadError> {
        writer.write_record(table.columns).map_err(csv_error)?;
        let mut record = ByteRecord::new();
        let mut written = 0;
        while rows.next_row(&mut record, rejections)?.is_some() {
            writer.write_byte_record(&record).map_err(csv_error)?;
            written += 1;
        }
        writer
            .into_inner()
            .map_err(|error| failed(error.into_error()))?
            .commit()
            .map_err(failed)?;
        Ok(written)
    })();
    written.map_err(|error| match error {
        ReadError::Io { source, .. } => failed(source),
        other => other,
    })
}

fn csv_error(error: csv::Error) -> ReadError {
    ReadError::Io {
        path: PathBuf::new(),
        source: io::Error::other(error.to_string()),
    }
}

/// Writes every row of `rows` (a file of `table`) to a new Parquet file at
/// `out`; a date that does not parse rejects its row. The number of rows
/// written.
fn write_parquet(
    rows: &mut dyn RowSource,
    table: Table,
    out: &Path,
    rejections: &mut Rejections,
) -> Result<u64, ReadError> {
    let by_pupil = table.columns[0] == "pupil"
        && (rows.checks_pupil_order() || is_sorted_by_pupil(rows.path())?);
    let mut writer = ParquetTableWriter::create(out, table, by_pupil)?;
    let mut record = ByteRecord::new();
    while let Some(line) = rows.next_row(&mut record, rejections)? {
        let fields = (0..table.columns.len()).map(|index| field(&record, index));
        if let Err(message) = writer.push(fields)? {
            rejections.reject(rows.path(), line, message)?;
        }
    }
    writer.finish()
}
