//! Putting a file in pupil order: a cheap check of whether it already is,
//! and an external merge sort within a memory budget for when it is not.
//!
//! The sort is stable (rows of one pupil keep their file order) and keeps
//! each row's line, so errors found later still name the right line. Rows
//! are gathered until the budget is reached, sorted and, if more follow,
//! spilled to a run file in a temporary directory; the runs are then merged
//! as they are read. A file that fits the budget is never written to disk.

use super::csv_file::field;
use super::error::{ReadError, Rejections};
use super::fields::shown;
use super::parquet_columns::{dictionary_metadata, reader_builder, TextColumn};
use super::source::RowSource;
use crate::atomic::SpillDirectory;
use csv::ByteRecord;
use parquet::arrow::arrow_reader::ArrowReaderMetadata;
use parquet::arrow::ProjectionMask;
use rayon::prelude::*;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

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

/// A row waiting to be sorted: its line and fields.
struct Row {
    line: u64,
    record: ByteRecord,
}

impl Row {
    fn key(&self) -> &[u8] {
        field(&self.record, 0)
    }

    /// Bytes it holds, roughly (fields, their bounds, the row itself).
    fn size(&self) -> usize {
        self.record.as_slice().len() + 16 * self.record.len() + 96
    }
}

/// A file's rows in pupil order.
pub(crate) struct SortedRows {
    path: PathBuf,
    rows: Merge,
}

enum Merge {
    /// Everything fitted the budget.
    Memory(std::vec::IntoIter<Row>),
    /// Sorted runs on disk, merged as they are read.
    Runs {
        runs: Vec<RunReader>,
        /// The smallest unread row of each run: (key, line, run).
        heads: BinaryHeap<Reverse<(Vec<u8>, u64, usize)>>,
        /// Removed (with the runs) when the rows have been read.
        _directory: SpillDirectory,
    },
}

impl SortedRows {
    /// Reads every row of `source` and sorts them by pupil within `memory`
    /// bytes, spilling runs under `temp_dir` (or the system's).
    pub(crate) fn sort(
        mut source: Box<dyn RowSource>,
        memory: usize,
        temp_dir: Option<&Path>,
        rejections: &mut Rejections,
    ) -> Result<SortedRows, ReadError> {
        let path = source.path().to_path_buf();
        let mut rows = Vec::new();
        let mut held = 0;
        let mut spilled: Option<(SpillDirectory, Vec<PathBuf>)> = None;
        let mut record = ByteRecord::new();
        while let Some(line) = source.next_row(&mut record, rejections)? {
            let row = Row {
                line,
                record: record.clone(),
            };
            held += row.size();
            rows.push(row);
            if held >= memory {
                let (directory, runs) = match &mut spilled {
                    Some(spilled) => spilled,
                    None => spilled.insert((temp_directory(temp_dir)?, Vec::new())),
                };
                let run = directory.path().join(format!("run-{}", runs.len()));
                write_run(&run, &mut rows).map_err(|source| ReadError::Io {
                    path: run.clone(),
                    source,
                })?;
                runs.push(run);
                held = 0;
            }
        }
        let rows = match spilled {
            None => {
                sort_rows(&mut rows);
                Merge::Memory(rows.into_iter())
            }
            Some((directory, mut paths)) => {
                if !rows.is_empty() {
                    let run = directory.path().join(format!("run-{}", paths.len()));
                    write_run(&run, &mut rows).map_err(|source| ReadError::Io {
                        path: run.clone(),
                        source,
                    })?;
                    paths.push(run);
                }
                let mut runs = Vec::new();
                let mut heads = BinaryHeap::new();
                for (index, run) in paths.iter().enumerate() {
                    let reader = RunReader::open(run).map_err(|source| ReadError::Io {
                        path: run.clone(),
                        source,
                    })?;
                    if let Some(head) = reader.head() {
                        heads.push(Reverse(head.sort_key(index)));
                    }
                    runs.push(reader);
                }
                Merge::Runs {
                    runs,
                    heads,
                    _directory: directory,
                }
            }
        };
        Ok(SortedRows { path, rows })
    }
}

impl RowSource for SortedRows {
    fn next_row(
        &mut self,
        record: &mut ByteRecord,
        _rejections: &mut Rejections,
    ) -> Result<Option<u64>, ReadError> {
        match &mut self.rows {
            Merge::Memory(rows) => Ok(rows.next().map(|row| {
                *record = row.record;
                row.line
            })),
            Merge::Runs { runs, heads, .. } => {
                let Some(Reverse((_, line, index))) = heads.pop() else {
                    return Ok(None);
                };
                let run = &mut runs[index];
                if let Some(head) = run.head.take() {
                    *record = head.record;
                }
                run.advance().map_err(|source| ReadError::Io {
                    path: run.path.clone(),
                    source,
                })?;
                if let Some(head) = run.head() {
                    heads.push(Reverse(head.sort_key(index)));
                }
                Ok(Some(line))
            }
        }
    }

    fn path(&self) -> &Path {
        &self.path
    }
}

impl Row {
    fn sort_key(&self, run: usize) -> (Vec<u8>, u64, usize) {
        (self.key().to_vec(), self.line, run)
    }
}

fn sort_rows(rows: &mut [Row]) {
    rows.sort_unstable_by(|a, b| a.key().cmp(b.key()).then(a.line.cmp(&b.line)));
}

fn temp_directory(parent: Option<&Path>) -> Result<SpillDirectory, ReadError> {
    SpillDirectory::create(parent).map_err(|source| ReadError::Io {
        path: parent.map_or_else(std::env::temp_dir, Path::to_path_buf),
        source,
    })
}

/// Sorts `rows` and writes them to a new run file at `path`, emptying
/// `rows`. A run is a sequence of rows, each: line (u64), field count
/// (u32), then each field's length (u32) and bytes; little-endian.
fn write_run(path: &Path, rows: &mut Vec<Row>) -> io::Result<()> {
    sort_rows(rows);
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    for row in rows.drain(..) {
        out.write_all(&row.line.to_le_bytes())?;
        out.write_all(&(row.record.len() as u32).to_le_bytes())?;
        for value in row.record.iter() {
            out.write_all(&(value.len() as u32).to_le_bytes())?;
            out.write_all(value)?;
        }
    }
    out.into_inner()
        .map_err(|error| error.into_error())?
        .sync_all()
}

/// A run file being read, one row ahead.
struct RunReader {
    path: PathBuf,
    input: BufReader<File>,
    head: Option<Row>,
}

impl RunReader {
    fn open(path: &Path) -> io::Result<RunReader> {
        let mut reader = RunReader {
            path: path.to_path_buf(),
            input: BufReader::with_capacity(1 << 16, File::open(path)?),
            head: None,
        };
        reader.advance()?;
        Ok(reader)
    }

    fn head(&self) -> Option<&Row> {
        self.head.as_ref()
    }

    /// Reads the next row into `head` (`None` at the end of the run).
    fn advance(&mut self) -> io::Result<()> {
        let mut line = [0; 8];
        match self.input.read_exact(&mut line) {
            Ok(()) => {}
            Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => {
                self.head = None;
                return Ok(());
            }
            Err(error) => return Err(error),
        }
        let fields = self.read_u32()?;
        let mut record = ByteRecord::new();
        let mut value = Vec::new();
        for _ in 0..fields {
            let length = self.read_u32()? as usize;
            value.resize(length, 0);
            self.input.read_exact(&mut value)?;
            record.push_field(&value);
        }
        self.head = Some(Row {
            line: u64::from_le_bytes(line),
            record,
        });
        Ok(())
    }

    fn read_u32(&mut self) -> io::Result<u32> {
        let mut bytes = [0; 4];
        self.input.read_exact(&mut bytes)?;
        Ok(u32::from_le_bytes(bytes))
    }
}
