//! Parquet files of a data directory: the same tables and column names as
//! the CSV files, dates as Parquet dates (Date32) and everything else as
//! UTF-8 strings (nulls read as empty fields).
//!
//! Rows are handed out as text fields, exactly as a CSV row would be, so
//! that both formats share one validation; a row's "line" is its 1-based
//! row number.

use super::csv_file::field;
use super::error::{ReadError, Rejections};
use super::fields::date;
use super::parquet_columns::{check_column_chunks, declares_sorted_by, next_rows};
use super::positioned::PositionedFile;
use super::sort::{is_sorted_by_pupil, PupilOrder};
use super::source::{RowSource, Table};
use crate::atomic::AtomicFile;
use crate::dates::iso_date;
use arrow_array::builder::{Date32Builder, StringBuilder};
use arrow_array::types::Date32Type;
use arrow_array::{Array, ArrayRef, Date32Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use chrono::Datelike;
use csv::ByteRecord;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::{ArrowWriter, ProjectionMask};
use parquet::basic::Compression;
use parquet::file::metadata::SortingColumn;
use parquet::file::properties::WriterProperties;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The most columns a table of the data contract has (events has 7).
const MAX_COLUMNS: usize = 8;

/// Rows per record batch written.
const BATCH_ROWS: usize = 64 * 1024;

/// The size of a data page written.
const PAGE_BYTES: usize = 64 * 1024;

/// Rows per record batch read.
const READ_BATCH_ROWS: usize = 4 * 1024;

/// An open Parquet file whose columns have been checked.
pub(crate) struct ParquetFile {
    path: PathBuf,
    table: Table,
    batches: ParquetRecordBatchReader,
    /// The current batch's columns, in table order.
    columns: Vec<Column>,
    /// The current batch's rows.
    batch_rows: usize,
    /// Dates already written as text.
    dates: DateTexts,
    /// The next row of the current batch.
    row: usize,
    /// Rows in the batches before the current one.
    rows_before: u64,
    /// The pupils read so far, when the file says its rows are in pupil
    /// order: the claim is checked as the rows are read.
    pupil_order: Option<PupilOrder>,
}

impl ParquetFile {
    /// Opens `path` and checks it has every column of `table`.
    pub(crate) fn open(path: &Path, table: Table) -> Result<ParquetFile, ReadError> {
        let failed = |message: String| ReadError::format(path, message);
        let file = PositionedFile::open(path).map_err(|source| ReadError::io(path, source))?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(file)
            .map_err(|error| failed(format!("not a readable Parquet file: {error}")))?;
        check_column_chunks(path, builder.metadata())?;
        let schema = builder.schema().clone();
        let mut roots = Vec::new();
        for &column in table.columns {
            match schema.index_of(column) {
                Ok(index) => roots.push(index),
                Err(_) if table.is_optional(column) => {}
                Err(_) => {
                    return Err(failed(format!(
                        "missing column `{column}` (a {} file has the columns {})",
                        table.name,
                        table.required_columns().join(",")
                    )))
                }
            }
        }
        let declared =
            table.columns[0] == "pupil" && declares_sorted_by(builder.metadata(), "pupil");
        let mask = ProjectionMask::roots(builder.parquet_schema(), roots);
        let batches = builder
            .with_projection(mask)
            .with_batch_size(READ_BATCH_ROWS)
            .build()
            .map_err(|error| failed(error.to_string()))?;
        Ok(ParquetFile {
            path: path.to_path_buf(),
            table,
            batches,
            columns: Vec::new(),
            batch_rows: 0,
            dates: DateTexts::default(),
            row: 0,
            rows_before: 0,
            pupil_order: declared.then(PupilOrder::default),
        })
    }

    /// Loads the next non-empty batch; false at the end.
    fn next_batch(&mut self) -> Result<bool, ReadError> {
        let Some(batch) = next_rows(&mut self.batches, &self.path)? else {
            return Ok(false);
        };
        self.rows_before += self.batch_rows as u64;
        self.batch_rows = batch.num_rows();
        self.columns.clear();
        for &column in self.table.columns {
            let Some(array) = batch.column_by_name(column) else {
                if self.table.is_optional(column) {
                    self.columns.push(Column::Absent);
                    continue;
                }
                return Err(self.format_error(format!("missing column `{column}`")));
            };
            if let Some(dates) = array.as_any().downcast_ref::<Date32Array>() {
                self.columns.push(Column::Date(dates.clone()));
                continue;
            }
            let strings = arrow_cast::cast(array, &DataType::Utf8).map_err(|error| {
                self.format_error(format!("column `{column}` is not text: {error}"))
            })?;
            let strings = strings
                .as_any()
                .downcast_ref::<StringArray>()
                .cloned()
                .ok_or_else(|| self.format_error(format!("column `{column}` is not text")))?;
            self.columns.push(Column::Text(strings));
        }
        self.row = 0;
        Ok(true)
    }

    fn format_error(&self, message: String) -> ReadError {
        ReadError::format(&self.path, message)
    }
}

/// A column of the current batch.
enum Column {
    /// Text (any other type is cast to text).
    Text(StringArray),
    /// Parquet dates, written as `YYYY-MM-DD` when read.
    Date(Date32Array),
    /// An optional column the file does not have: empty fields.
    Absent,
}

/// A date written as text, the buffer kept from row to row.
#[derive(Default)]
struct DateTexts {
    text: Vec<u8>,
}

impl DateTexts {
    /// Day `days` since 1970-01-01 as `YYYY-MM-DD` (empty if out of range,
    /// which the date check then rejects; a year beyond four digits as
    /// chrono writes it, which the check rejects too).
    fn text(&mut self, days: i32) -> &[u8] {
        self.text.clear();
        match Date32Type::to_naive_date_opt(days) {
            Some(date) if (0..=9999).contains(&date.year()) => {
                self.text.extend_from_slice(&iso_date(date))
            }
            Some(date) => self
                .text
                .extend_from_slice(date.format("%Y-%m-%d").to_string().as_bytes()),
            None => {}
        }
        &self.text
    }
}

impl RowSource for ParquetFile {
    fn next_row(
        &mut self,
        record: &mut ByteRecord,
        _rejections: &mut Rejections,
    ) -> Result<Option<u64>, ReadError> {
        if self.row >= self.batch_rows && !self.next_batch()? {
            return Ok(None);
        }
        record.clear();
        for column in &self.columns {
            match column {
                Column::Text(strings) if strings.is_valid(self.row) => {
                    record.push_field(strings.value(self.row).as_bytes())
                }
                Column::Date(dates) if dates.is_valid(self.row) => {
                    record.push_field(self.dates.text(dates.value(self.row)))
                }
                _ => record.push_field(b""),
            }
        }
        self.row += 1;
        let row = self.rows_before + self.row as u64;
        if let Some(order) = &mut self.pupil_order {
            order
                .next_as_declared(field(record, 0), row)
                .map_err(|message| ReadError::format(&self.path, message))?;
        }
        Ok(Some(row))
    }

    fn path(&self) -> &Path {
        &self.path
    }

    fn checks_pupil_order(&self) -> bool {
        self.pupil_order.is_some()
    }
}

/// Writes every row of `rows` (a file of `table`) to a new Parquet file at
/// `out`; a date that does not parse rejects its row. The number of rows
/// written.
pub(crate) fn write_parquet(
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

/// A Parquet file of one table of the data contract being written a row at
/// a time (or a [`ParquetRows`] at a time): dates as Parquet dates,
/// everything else as UTF-8 text, compressed with Snappy.
pub struct ParquetTableWriter {
    path: PathBuf,
    schema: Arc<Schema>,
    writer: ArrowWriter<AtomicFile>,
    rows: ParquetRows,
    written: u64,
    /// The pupils written so far, when the file says its rows are in pupil
    /// order.
    pupil_order: Option<PupilOrder>,
}

impl ParquetTableWriter {
    /// Starts the file at `path` (created or replaced by
    /// [`finish`](ParquetTableWriter::finish)) for rows of `table`. If
    /// `by_pupil` (for a table whose first column is the pupil), the file
    /// says its rows are sorted by pupil (Parquet's `sorting_columns`), so
    /// readers need not check, and a row out of that order is an error.
    pub fn create(
        path: &Path,
        table: Table,
        by_pupil: bool,
    ) -> Result<ParquetTableWriter, ReadError> {
        let fields: Vec<Field> = table
            .columns
            .iter()
            .map(|&column| {
                let kind = if table.is_date(column) {
                    DataType::Date32
                } else {
                    DataType::Utf8
                };
                Field::new(column, kind, true)
            })
            .collect();
        let schema = Arc::new(Schema::new(fields));
        let by_pupil = by_pupil && table.columns[0] == "pupil";
        let sorting = by_pupil.then(|| {
            vec![SortingColumn {
                column_idx: 0,
                descending: false,
                nulls_first: false,
            }]
        });
        // Pages of 64 KiB rather than 20,000 rows: dictionary keys take a
        // few bits a row, so a page of 20,000 rows is a few hundred bytes,
        // and each page costs a reader two reads and a header to decode; at
        // 64 KiB a reader's page buffers are still small enough to be
        // reused rather than mapped afresh.
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_sorting_columns(sorting)
            .set_data_page_row_count_limit(usize::MAX)
            .set_data_page_size_limit(PAGE_BYTES)
            .build();
        let file = AtomicFile::create(path).map_err(|source| ReadError::io(path, source))?;
        let writer = ArrowWriter::try_new(file, schema.clone(), Some(properties))
            .map_err(|error| ReadError::format(path, error))?;
        Ok(ParquetTableWriter {
            path: path.to_path_buf(),
            schema,
            writer,
            rows: ParquetRows::new(table),
            written: 0,
            pupil_order: by_pupil.then(PupilOrder::default),
        })
    }

    /// Adds a row given as its fields' text, as [`ParquetRows::push`]
    /// does: `Ok(Err(..))` says which date does not parse (the row is not
    /// added); `Err` is a failure to write the file.
    pub fn push<'f>(
        &mut self,
        fields: impl IntoIterator<Item = &'f [u8]>,
    ) -> Result<Result<(), String>, ReadError> {
        if let Err(message) = self.rows.push(fields) {
            return Ok(Err(message));
        }
        if self.rows.len >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(Ok(()))
    }

    /// Writes `rows` (of this file's table, gathered elsewhere, say on
    /// another thread) after the rows added so far; leaves `rows` empty.
    pub fn write_rows(&mut self, rows: &mut ParquetRows) -> Result<(), ReadError> {
        if rows.table != self.rows.table {
            let message = format!("rows of `{}` given to this file", rows.table.name);
            return Err(ReadError::format(&self.path, message));
        }
        self.flush()?;
        self.write_batch(rows)
    }

    /// The table whose rows the file holds.
    pub fn table(&self) -> Table {
        self.rows.table
    }

    /// Writes the last rows, closes the file and puts it at its path (until
    /// then the path is untouched: see [`AtomicFile`]); the number of rows
    /// written.
    pub fn finish(mut self) -> Result<u64, ReadError> {
        self.flush()?;
        self.writer
            .into_inner()
            .map_err(|error| ReadError::format(&self.path, error))?
            .commit()
            .map_err(|source| ReadError::io(&self.path, source))?;
        Ok(self.written)
    }

    /// Writes the rows added with [`push`](ParquetTableWriter::push).
    fn flush(&mut self) -> Result<(), ReadError> {
        let table = self.rows.table;
        let mut rows = std::mem::replace(&mut self.rows, ParquetRows::new(table));
        let written = self.write_batch(&mut rows);
        self.rows = rows;
        written
    }

    /// Writes `rows` as one batch (nothing if there are none), checking
    /// their pupil order if the file claims it.
    fn write_batch(&mut self, rows: &mut ParquetRows) -> Result<(), ReadError> {
        if rows.len == 0 {
            return Ok(());
        }
        let batch = rows.finish(&self.schema, &self.path)?;
        if let Some(order) = &mut self.pupil_order {
            let pupils = batch
                .column(0)
                .as_any()
                .downcast_ref::<StringArray>()
                .ok_or_else(|| ReadError::format(&self.path, "the pupil column is not text"))?;
            for (row, pupil) in pupils.iter().enumerate() {
                if let Err(out_of_order) = order.next(pupil.unwrap_or_default().as_bytes()) {
                    let message = format!(
                        "row {}: {out_of_order}, but the rows were to be in pupil order",
                        self.written + row as u64 + 1,
                    );
                    return Err(ReadError::format(&self.path, message));
                }
            }
        }
        self.writer
            .write(&batch)
            .map_err(|error| ReadError::format(&self.path, error))?;
        self.written += batch.num_rows() as u64;
        Ok(())
    }
}

/// One column being built.
enum ColumnBuilder {
    Text(StringBuilder),
    Date(Date32Builder),
}

/// Rows of one table gathered into columns, for a [`ParquetTableWriter`]
/// of that table to write: gathering can run on other threads than the
/// writing.
pub struct ParquetRows {
    table: Table,
    columns: Vec<ColumnBuilder>,
    len: usize,
}

impl ParquetRows {
    /// No rows yet, of `table`.
    pub fn new(table: Table) -> ParquetRows {
        let columns = table
            .columns
            .iter()
            .map(|&column| {
                if table.is_date(column) {
                    ColumnBuilder::Date(Date32Builder::new())
                } else {
                    ColumnBuilder::Text(StringBuilder::new())
                }
            })
            .collect();
        ParquetRows {
            table,
            columns,
            len: 0,
        }
    }

    /// Adds a row given as its fields' text, in column order (fields past
    /// the table's columns are ignored, missing ones are empty), or says
    /// which date does not parse (adding nothing).
    pub fn push<'f>(&mut self, fields: impl IntoIterator<Item = &'f [u8]>) -> Result<(), String> {
        let mut row: [&[u8]; MAX_COLUMNS] = [&[]; MAX_COLUMNS];
        for (slot, field) in row.iter_mut().zip(fields) {
            *slot = field;
        }
        // Each date column's day, checked before anything is added.
        let mut days = [None; MAX_COLUMNS];
        for (index, &column) in self.table.columns.iter().enumerate() {
            if self.table.is_date(column) && !row[index].is_empty() {
                let parsed = date(row[index]).map_err(|message| format!("{column}: {message}"))?;
                days[index] = Some(Date32Type::from_naive_date(parsed));
            }
        }
        for (index, column) in self.columns.iter_mut().enumerate() {
            match column {
                ColumnBuilder::Text(builder) => {
                    builder.append_value(String::from_utf8_lossy(row[index]))
                }
                ColumnBuilder::Date(builder) => builder.append_option(days[index]),
            }
        }
        self.len += 1;
        Ok(())
    }

    /// The gathered rows as a batch; the rows are left empty.
    fn finish(&mut self, schema: &Arc<Schema>, out: &Path) -> Result<RecordBatch, ReadError> {
        let arrays: Vec<ArrayRef> = self
            .columns
            .iter_mut()
            .map(|column| match column {
                ColumnBuilder::Text(builder) => Arc::new(builder.finish()) as ArrayRef,
                ColumnBuilder::Date(builder) => Arc::new(builder.finish()) as ArrayRef,
            })
            .collect();
        self.len = 0;
        RecordBatch::try_new(schema.clone(), arrays).map_err(|error| ReadError::format(out, error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parquet_dates_read_as_the_text_a_csv_file_would_hold() {
        let mut dates = DateTexts::default();
        let day = |date: &str| {
            let date: chrono::NaiveDate = date.parse().expect("a date");
            Date32Type::from_naive_date(date)
        };
        assert_eq!(dates.text(0), b"1970-01-01");
        assert_eq!(dates.text(day("2015-02-28")), b"2015-02-28");
        assert_eq!(dates.text(day("0001-01-01")), b"0001-01-01");
        // Years beyond four digits keep their sign, and no day number past
        // chrono's range is a date: neither passes the date check.
        assert_eq!(dates.text(day("+12345-06-07")), b"+12345-06-07");
        assert_eq!(dates.text(i32::MAX), b"");
    }
}
