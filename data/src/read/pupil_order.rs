//! Pupil order, checked: whether a file already lists its rows by pupil
//! (a cheap pass over its first column), and the pupils met in turn as a
//! file that says it is sorted is read or written.

use super::error::ReadError;
use super::fields::shown;
use super::parquet_columns::{dictionary_metadata, reader_builder, TextColumn};
use parquet::arrow::arrow_reader::ArrowReaderMetadata;
use parquet::arrow::ProjectionMask;
use rayon::prelude::*;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Whether the file at `path` (CSV or Parquet, by extension) lists its
/// rows in order of their first column, the pupil. For CSV, a file with a
/// line of more than 4 MiB, or whose first column is quoted anywhere, or
/// not UTF-8 (which Parquet would hold
/// with replacement characters, perhaps in another order), is taken as
/// unsorted (it will be sorted, which is always correct).
pub(crate) fn is_sorted_by_pupil(path: &Path) -> Result<bool, ReadError> {
    if path
        .extension()
        .is_some_and(|extension| extension == "parquet")
    {
        return parquet_is_sorted(path);
    }
    csv_is_sorted(path).map_err(|source| ReadError::io(path, source))
}

/// Pupils met in turn, checked never to go back: the order of a file that
/// is (or says it is) sorted by pupil.
#[derive(Debug, Default)]
pub(crate) struct PupilOrder {
    last: Vec<u8>,
}

impl PupilOrder {
    /// Takes in `pupil`, the next one met; if it comes before the last one,
    /// says so (naming both) and keeps the last.
    pub(crate) fn next(&mut self, pupil: &[u8]) -> Result<(), String> {
        if pupil < self.last.as_slice() {
            return Err(format!(
                "pupil {} comes after {}",
                shown(pupil),
                shown(&self.last)
            ));
        }
        if pupil != self.last.as_slice() {
            self.last.clear();
            self.last.extend_from_slice(pupil);
        }
        Ok(())
    }

    /// As [`next`](PupilOrder::next), for the pupil of row `row` of a file
    /// that says its rows are sorted by pupil (Parquet's `sorting_columns`):
    /// the error names the row and the claim.
    pub(crate) fn next_as_declared(&mut self, pupil: &[u8], row: u64) -> Result<(), String> {
        self.next(pupil).map_err(|out_of_order| {
            format!(
                "row {row}: {out_of_order}, but the file says its rows are sorted by pupil \
                 (its `sorting_columns`); write it again in pupil order, or without that \
                 claim"
            )
        })
    }
}

/// Whether a CSV file's first column never decreases.
fn csv_is_sorted(path: &Path) -> io::Result<bool> {
    let mut file = File::open(path)?;
    let mut buffer = vec![0; 4 << 20];
    // Bytes at the start of `buffer` left over from the last read (a line
    // not yet ended).
    let mut kept = 0;
    let mut previous: Vec<u8> = Vec::new();
    let mut header = true;
    loop {
        let read = file.read(&mut buffer[kept..])?;
        let filled = kept + read;
        let at_end = read == 0;
        let mut start = 0;
        while start < filled {
            let end = match memchr::memchr(b'\n', &buffer[start..filled]) {
                Some(offset) => start + offset,
                None if at_end => filled,
                None => break,
            };
            let line = &buffer[start..end];
            start = end + 1;
            if std::mem::take(&mut header) || line.trim_ascii().is_empty() {
                continue;
            }
            let comma = memchr::memchr(b',', line).unwrap_or(line.len());
            let key = line[..comma].trim_ascii();
            if key.first() == Some(&b'"') || key < previous.as_slice() {
                return Ok(false);
            }
            if key != previous.as_slice() {
                if std::str::from_utf8(key).is_err() {
                    return Ok(false);
                }
                previous.clear();
                previous.extend_from_slice(key);
            }
        }
        if at_end {
            return Ok(true);
        }
        let start = start.min(filled);
        buffer.copy_within(start..filled, 0);
        kept = filled - start;
        if kept == buffer.len() {
            // A line longer than the buffer, far past any row's limit: it
            // will be rejected; sorting the file is always correct, and
            // holds no line whole.
            return Ok(false);
        }
    }
}

/// Whether a Parquet file's `pupil` column never decreases. The column is
/// read as a dictionary, so values are compared only where the key changes,
/// and its row groups are checked in parallel, a share on each thread.
fn parquet_is_sorted(path: &Path) -> Result<bool, ReadError> {
    let metadata = dictionary_metadata(path, &["pupil"])?;
    if metadata.schema().index_of("pupil").is_err() {
        // Opening the file for reading reports the missing column.
        return Ok(true);
    }
    let groups: Vec<usize> = (0..metadata.metadata().num_row_groups()).collect();
    let share = groups.len().div_ceil(rayon::current_num_threads()).max(1);
    let spans: Vec<PupilSpan> = groups
        .par_chunks(share)
        .map(|groups| pupil_span(path, &metadata, groups))
        .collect::<Result<_, ReadError>>()?;
    Ok(spans.iter().all(|span| span.sorted)
        && spans
            .windows(2)
            .all(|pair| match (&pair[0].last, &pair[1].first) {
                (Some(last), Some(first)) => last <= first,
                _ => true,
            }))
}

/// The pupils of some row groups of a Parquet file: whether they never
/// decrease, and the first and last.
struct PupilSpan {
    sorted: bool,
    first: Option<Vec<u8>>,
    last: Option<Vec<u8>>,
}

/// The [`PupilSpan`] of row groups `groups` of the Parquet file at `path`,
/// whose footer is `metadata`.
fn pupil_span(
    path: &Path,
    metadata: &ArrowReaderMetadata,
    groups: &[usize],
) -> Result<PupilSpan, ReadError> {
    let failed = |error: &dyn std::fmt::Display| ReadError::format(path, error);
    let builder = reader_builder(path, metadata)?;
    let index = builder.schema().index_of("pupil").map_err(|e| failed(&e))?;
    let mask = ProjectionMask::roots(builder.parquet_schema(), [index]);
    let batches = builder
        .with_projection(mask)
        .with_row_groups(groups.to_vec())
        .with_batch_size(64 * 1024)
        .build()
        .map_err(|e| failed(&e))?;
    let mut span = PupilSpan {
        sorted: true,
        first: None,
        last: None,
    };
    let mut column = TextColumn::default();
    for batch in batches {
        let batch = batch.map_err(|e| failed(&e))?;
        column.load(batch.column(0)).map_err(|e| failed(&e))?;
        let mut row = 0;
        while row < column.len() {
            let key = column.key(row);
            let pupil = column.distinct(key);
            if span.last.as_deref().is_some_and(|last| pupil < last) {
                span.sorted = false;
                return Ok(span);
            }
            if span.last.as_deref() != Some(pupil) {
                span.last = Some(pupil.to_vec());
                span.first.get_or_insert_with(|| pupil.to_vec());
            }
            row = column.run_end(row, key);
        }
    }
    Ok(span)
}
