//! Parquet files of a data directory, read: the same tables and column
//! names as the CSV files, dates as Parquet dates (Date32) and everything
//! else as UTF-8 strings (nulls read as empty fields).
//!
//! Rows are handed out as text fields, exactly as a CSV row would be, so
//! that both formats share one validation; a row's "line" is its 1-based
//! row number.

use super::error::{ReadError, RejectedRow, Rejections};
use super::fields::{day_out_of_range, parquet_date};
use super::parquet_columns::{check_column_chunks, declares_sorted_by, next_rows};
use super::positioned::PositionedFile;
use super::pupil_order::PupilOrder;
use super::rows::{field, RowSource};
use super::table::Table;
use crate::dates::iso_date;
use arrow_array::{Array, Date32Array, StringArray};
use arrow_schema::DataType;
use csv::ByteRecord;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::ProjectionMask;
use std::path::{Path, PathBuf};

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
    /// Day `days` since 1970-01-01 as `YYYY-MM-DD`, or `None` if it is no
    /// date (see [`parquet_date`]).
    fn text(&mut self, days: i32) -> Option<&[u8]> {
        self.text.clear();
        self.text.extend_from_slice(&iso_date(parquet_date(days)?));
        Some(&self.text)
    }
}

impl RowSource for ParquetFile {
    fn next_row(
        &mut self,
        record: &mut ByteRecord,
        rejections: &mut Rejections,
    ) -> Result<Option<u64>, ReadError> {
        loop {
            if self.row >= self.batch_rows && !self.next_batch()? {
                let rows = self.rows_before + self.batch_rows as u64;
                rejections.count_lines(&self.path, rows);
                return Ok(None);
            }
            record.clear();
            // The first date column whose day is no date, and that day.
            let mut no_date = None;
            for (column, &name) in self.columns.iter().zip(self.table.columns) {
                match column {
                    Column::Text(strings) if strings.is_valid(self.row) => {
                        record.push_field(strings.value(self.row).as_bytes())
                    }
                    Column::Date(dates) if dates.is_valid(self.row) => {
                        let days = dates.value(self.row);
                        let text = self.dates.text(days);
                        if text.is_none() && no_date.is_none() {
                            no_date = Some((name, days));
                        }
                        record.push_field(text.unwrap_or_default())
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
            let Some((column, days)) = no_date else {
                return Ok(Some(row));
            };
            rejections.reject_row(RejectedRow {
                file: self.path.clone(),
                line: row,
                message: day_out_of_range(column, days),
                column: Some(column.to_owned()),
                offset: None,
                excerpt: None,
            })?;
        }
    }

    fn path(&self) -> &Path {
        &self.path
    }

    fn checks_pupil_order(&self) -> bool {
        self.pupil_order.is_some()
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
            arrow_array::types::Date32Type::from_naive_date(date)
        };
        assert_eq!(dates.text(0), Some(&b"1970-01-01"[..]));
        assert_eq!(dates.text(day("2015-02-28")), Some(&b"2015-02-28"[..]));
        assert_eq!(dates.text(day("0001-01-01")), Some(&b"0001-01-01"[..]));
        assert_eq!(dates.text(day("9999-12-31")), Some(&b"9999-12-31"[..]));
        // No year a CSV file could not write, nor a day past chrono's range.
        assert_eq!(dates.text(day("+10000-01-01")), None);
        assert_eq!(dates.text(day("-0001-12-31")), None);
        assert_eq!(dates.text(i32::MAX), None);
    }
}
