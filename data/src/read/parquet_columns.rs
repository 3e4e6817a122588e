//! Parquet text columns read without turning every row into text: each
//! string column is asked for as a dictionary (the form Parquet writers
//! store it in), so a row is a small key, and anything worked out from a
//! value (a school's index, a register code) is worked out once per
//! distinct value of a batch rather than once per row.

use super::error::ReadError;
use super::parquet_pages::{le_u32, ColumnKeys};
use super::positioned::PositionedFile;
use crate::scan;
use arrow_array::cast::AsArray;
use arrow_array::types::Int32Type;
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReader,
    ParquetRecordBatchReaderBuilder,
};
use parquet::file::metadata::ParquetMetaData;
use std::fs::File;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::Arc;

/// The footer of the Parquet file at `path`, read once to open readers
/// from, with its text columns named in `text` to be read as dictionaries
/// (as plain text if the file will not have that: [`TextColumn`] reads
/// both).
pub(crate) fn dictionary_metadata(
    path: &Path,
    text: &[&str],
) -> Result<ArrowReaderMetadata, ReadError> {
    let file = File::open(path).map_err(|source| ReadError::io(path, source))?;
    let plain = ArrowReaderMetadata::load(&file, ArrowReaderOptions::new()).map_err(|error| {
        ReadError::format(path, format!("not a readable Parquet file: {error}"))
    })?;
    check_column_chunks(path, plain.metadata())?;
    let hint = with_dictionaries(plain.schema(), text);
    let options = ArrowReaderOptions::new().with_schema(hint);
    Ok(ArrowReaderMetadata::try_new(plain.metadata().clone(), options).unwrap_or(plain))
}

/// Checks that every column chunk the footer of the file at `path`
/// describes lies inside the file: the Parquet reader panics on a
/// negative offset or size, and a corrupt footer can hold one.
pub(crate) fn check_column_chunks(path: &Path, parquet: &ParquetMetaData) -> Result<(), ReadError> {
    let file_len = std::fs::metadata(path)
        .map_err(|source| ReadError::io(path, source))?
        .len();
    for (group, row_group) in parquet.row_groups().iter().enumerate() {
        for column in row_group.columns() {
            let start = column
                .dictionary_page_offset()
                .unwrap_or(column.data_page_offset());
            let length = column.compressed_size();
            let inside = u64::try_from(start)
                .ok()
                .zip(u64::try_from(length).ok())
                .and_then(|(start, length)| start.checked_add(length))
                .is_some_and(|end| end <= file_len)
                && column.data_page_offset() >= 0;
            if !inside {
                return Err(ReadError::format(
                    path,
                    format!(
                        "not a readable Parquet file: its footer puts column `{}` of row group {} at bytes {start} to {start} + {length}, outside the file's {file_len} bytes",
                        column.column_path(),
                        group + 1
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// A reader builder for the Parquet file at `path`, whose footer is
/// `metadata`.
pub(crate) fn reader_builder(
    path: &Path,
    metadata: &ArrowReaderMetadata,
) -> Result<ParquetRecordBatchReaderBuilder<PositionedFile>, ReadError> {
    let file = PositionedFile::open(path).map_err(|source| ReadError::io(path, source))?;
    Ok(ParquetRecordBatchReaderBuilder::new_with_metadata(
        file,
        metadata.clone(),
    ))
}

/// Whether every row group of the file whose footer is `metadata` says
/// its rows are sorted by `column` first, ascending (Parquet's
/// `sorting_columns`); false for a file without row groups.
pub(crate) fn declares_sorted_by(parquet: &ParquetMetaData, column: &str) -> bool {
    let leaves = parquet.file_metadata().schema_descr().columns();
    let Some(index) = leaves
        .iter()
        .position(|leaf| leaf.path().parts() == [column])
    else {
        return false;
    };
    let groups = parquet.row_groups();
    !groups.is_empty()
        && groups.iter().all(|group| {
            group
                .sorting_columns()
                .and_then(|columns| columns.first())
                .is_some_and(|first| first.column_idx as usize == index && !first.descending)
        })
}

/// The next record batch with rows from `batches` (of the file at
/// `path`), or `None` at the end.
pub(crate) fn next_rows(
    batches: &mut ParquetRecordBatchReader,
    path: &Path,
) -> Result<Option<RecordBatch>, ReadError> {
    loop {
        // Arrow's decoders panic on some corrupt pages instead of returning
        // an error: such a panic is the file's fault, and is reported so.
        let next = std::panic::catch_unwind(AssertUnwindSafe(|| batches.next())).map_err(|_| {
            ReadError::format(
                path,
                "not a readable Parquet file: its data pages are corrupt",
            )
        })?;
        let Some(batch) = next else {
            return Ok(None);
        };
        let batch = batch.map_err(|error| ReadError::format(path, error))?;
        if batch.num_rows() > 0 {
            return Ok(Some(batch));
        }
    }
}

/// The type a text column is asked for in.
fn dictionary_type() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

/// Whether a column of this Arrow type holds text that can be read as a
/// dictionary of UTF-8 strings.
pub(crate) fn is_text(data_type: &DataType) -> bool {
    match data_type {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => true,
        DataType::Dictionary(_, values) => is_text(values),
        _ => false,
    }
}

/// `schema` with the text columns named in `columns` asked for as
/// dictionaries (the reader hint); the other fields as they are.
fn with_dictionaries(schema: &Schema, columns: &[&str]) -> Arc<Schema> {
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .map(|field| {
            if columns.contains(&field.name().as_str()) && is_text(field.data_type()) {
                field.as_ref().clone().with_data_type(dictionary_type())
            } else {
                field.as_ref().clone()
            }
        })
        .collect();
    Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone()))
}

/// One text column of the current batch: a key per row into the batch's
/// distinct values, each without surrounding whitespace; a null reads as
/// the empty value (the last key).
#[derive(Default)]
pub(crate) struct TextColumn {
    /// The key of each row.
    keys: Vec<i32>,
    /// The distinct values as Arrow gave them, to notice when the next
    /// batch shares them (every batch of a row group does).
    values: Option<ArrayRef>,
    /// The distinct values' bytes, one after another.
    bytes: Vec<u8>,
    /// Where each value (trimmed) lies in `bytes`; the last is empty.
    spans: Vec<(u32, u32)>,
    /// Whether any row of the batch is null.
    nulls: bool,
}

impl TextColumn {
    /// Loads the column of a new batch; whether its distinct values differ
    /// from the last batch's (if not, their keys mean the same).
    pub(crate) fn load(&mut self, array: &ArrayRef) -> Result<bool, String> {
        let (values, keys) = match array.as_dictionary_opt::<Int32Type>() {
            Some(dictionary) => (
                dictionary.values().clone(),
                Some(dictionary.keys().values().clone()),
            ),
            None => (array.clone(), None),
        };
        let same = self
            .values
            .as_ref()
            .is_some_and(|last| Arc::ptr_eq(last, &values) && keys.is_some());
        if !same {
            self.spans.clear();
            self.bytes.clear();
            let strings = arrow_cast::cast(&values, &DataType::Utf8).map_err(|e| e.to_string())?;
            let strings = strings
                .as_any()
                .downcast_ref::<StringArray>()
                .ok_or("not text")?;
            for index in 0..strings.len() {
                let start = self.bytes.len() as u32;
                if strings.is_valid(index) {
                    self.bytes
                        .extend_from_slice(strings.value(index).as_bytes().trim_ascii());
                }
                self.spans.push((start, self.bytes.len() as u32));
            }
            let end = self.bytes.len() as u32;
            self.spans.push((end, end));
        }
        let empty = (self.spans.len() - 1) as i32;
        let nulls = array.logical_nulls().filter(|nulls| nulls.null_count() > 0);
        self.keys.clear();
        match keys {
            // Arrow checks that keys are in range; a null value's key
            // points at an empty span already.
            Some(keys) if nulls.is_none() => self.keys.extend_from_slice(&keys),
            Some(keys) => self
                .keys
                .extend(keys.iter().map(|&key| key.clamp(0, empty))),
            None => self.keys.extend(0..empty),
        }
        self.nulls = nulls.is_some();
        if let Some(nulls) = nulls {
            for (key, valid) in self.keys.iter_mut().zip(nulls.iter()) {
                if !valid {
                    *key = empty;
                }
            }
        }
        self.values = Some(values);
        Ok(!same)
    }

    /// Loads a batch read page by page, taking its keys; whether its
    /// distinct values are new (a new dictionary).
    pub(crate) fn load_keys(&mut self, batch: &mut ColumnKeys) -> Result<bool, String> {
        let new = batch.dictionary.is_some();
        if let Some(dictionary) = batch.dictionary.take() {
            self.values = None;
            self.spans.clear();
            self.bytes.clear();
            // Plain encoded: each value's length (4 bytes), then its bytes.
            let mut rest = &dictionary[..];
            for _ in 0..batch.dictionary_len {
                let value = le_u32(rest)
                    .and_then(|length| rest.get(4..4 + length as usize))
                    .ok_or("a dictionary page shorter than its values")?;
                rest = &rest[4 + value.len()..];
                let text = std::str::from_utf8(value)
                    .map_err(|error| format!("a value that is not UTF-8 text: {error}"))?;
                let start = self.bytes.len() as u32;
                self.bytes.extend_from_slice(text.as_bytes().trim_ascii());
                self.spans.push((start, self.bytes.len() as u32));
            }
            let end = self.bytes.len() as u32;
            self.spans.push((end, end));
        }
        let empty = (self.spans.len() - 1) as i32;
        self.nulls = batch.take_keys(&mut self.keys, empty);
        Ok(new)
    }

    /// The key of the null (empty) value when no row of the batch is null:
    /// a key no row has, that a scan for bad keys can leave out.
    pub(crate) fn absent_null(&self) -> Option<i32> {
        (!self.nulls).then(|| (self.spans.len() - 1) as i32)
    }

    /// Rows in the batch.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// Every row's key.
    #[inline]
    pub(crate) fn keys(&self) -> &[i32] {
        &self.keys
    }

    /// The key of `row`.
    #[inline]
    pub(crate) fn key(&self, row: usize) -> usize {
        self.keys[row] as usize
    }

    /// The end of the run of rows from `row` on whose key is `key`.
    pub(crate) fn run_end(&self, row: usize, key: usize) -> usize {
        let key = key as i32;
        scan::first_from(&self.keys, row, |&other| other != key)
    }

    /// The value of `row`.
    #[inline]
    pub(crate) fn value(&self, row: usize) -> &[u8] {
        self.distinct(self.key(row))
    }

    /// The value with key `key`.
    #[inline]
    pub(crate) fn distinct(&self, key: usize) -> &[u8] {
        let (start, end) = self.spans[key];
        &self.bytes[start as usize..end as usize]
    }

    /// Each distinct value (the empty last) mapped through `parse`, by key.
    pub(crate) fn parse_each<T>(&self, parse: impl FnMut(&[u8]) -> T, out: &mut Vec<T>) {
        out.clear();
        out.extend(
            (0..self.spans.len())
                .map(|key| self.distinct(key))
                .map(parse),
        );
    }
}

/// The leading row groups of the file whose footer is `metadata` that hold
/// only pupils before `pupil` by their statistics (the largest pupil, or an
/// upper bound of it, below `pupil`), and their rows: a file in pupil order
/// need not be read from its start for one pupil's rows. A group without
/// statistics, or whose smallest pupil starts with a space, ends them.
pub(crate) fn groups_before_pupil(metadata: &ParquetMetaData, pupil: &str) -> (usize, u64) {
    let Some(column) = metadata
        .file_metadata()
        .schema_descr()
        .columns()
        .iter()
        .position(|column| column.name() == "pupil")
    else {
        return (0, 0);
    };
    let mut rows = 0;
    for (index, group) in metadata.row_groups().iter().enumerate() {
        let statistics = group.column(column).statistics();
        let largest = statistics.and_then(|statistics| statistics.max_bytes_opt());
        // Ids are read trimmed: a value with a leading space sorts before
        // every other, so its group's largest value says nothing of it.
        let padded = statistics
            .and_then(|statistics| statistics.min_bytes_opt())
            .is_none_or(|smallest| smallest.first().is_some_and(u8::is_ascii_whitespace));
        match largest {
            Some(largest) if !padded && largest < pupil.as_bytes() => {
                rows += u64::try_from(group.num_rows()).unwrap_or(0);
            }
            _ => return (index, rows),
        }
    }
    (metadata.num_row_groups(), rows)
}
