//! Parquet files of the data contract, written: dates as Parquet dates
//! (Date32), everything else as UTF-8 text, compressed with Snappy, a
//! claim of pupil order checked as the rows go in.

use super::error::ReadError;
use super::fields::date;
use super::pupil_order::PupilOrder;
use super::table::Table;
use crate::atomic::AtomicFile;
use arrow_array::builder::{Date32Builder, StringBuilder};
use arrow_array::types::Date32Type;
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
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
