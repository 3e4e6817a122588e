//! Putting a file in pupil order when it is not: an external merge sort
//! within a memory budget.
//!
//! The sort is stable (rows of one pupil keep their file order) and keeps
//! each row's line, so errors found later still name the right line. Rows
//! are gathered until the budget is reached, sorted and, if more follow,
//! spilled to a run file in a temporary directory; the runs are then merged
//! as they are read. A file that fits the budget is never written to disk.

use super::csv_file::EVENT_ROW_LIMIT;
use super::error::{ReadError, Rejections};
use super::rows::{field, RowSource};
use crate::atomic::SpillDirectory;
use csv::ByteRecord;
use rayon::prelude::*;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// Rows gathered for sorting: each encoded in one shared buffer as a run
/// file holds it (line `u64`, field count `u32`, then each field's length
/// `u32` and bytes; little-endian), and indexed by pupil. No allocation per
/// row, and a run is written as the buffer's slices in sorted order.
struct Batch {
    bytes: Vec<u8>,
    rows: Vec<Entry>,
    /// Rows are spilled once either buffer reaches its share of the
    /// budget; both are allocated once, with room for one more row, so
    /// neither grows past it (but for a Parquet row longer than any CSV
    /// row may be).
    bytes_limit: usize,
    rows_limit: usize,
}

/// Where one row of a [`Batch`] is, with what sorts it.
#[derive(Clone, Copy)]
struct Entry {
    /// The pupil's first eight bytes, big-endian (zero-padded): most
    /// comparisons end here.
    prefix: u64,
    line: u64,
    /// Its bytes: `bytes[start..start + length]`.
    start: usize,
    length: usize,
    /// Its pupil: `bytes[key..key + key_length]`.
    key: usize,
    key_length: usize,
}

/// The most bytes one row takes in a [`Batch`]: the longest row read,
/// its line and field count, and a length per field (at most one per byte,
/// plus one).
const ROW_BYTES: usize = 12 + 5 * (EVENT_ROW_LIMIT + 1);

impl Batch {
    /// An empty batch for `memory` bytes: three fifths for the rows'
    /// bytes, two for the index (a mark takes about 60 bytes of each).
    fn new(memory: usize) -> Batch {
        let bytes_limit = memory / 5 * 3;
        let rows_limit = (memory / 5 * 2 / std::mem::size_of::<Entry>()).max(1);
        Batch {
            bytes: Vec::new(),
            rows: Vec::new(),
            bytes_limit,
            rows_limit,
        }
    }

    /// Whether the batch has reached its budget.
    fn is_full(&self) -> bool {
        self.bytes.len() >= self.bytes_limit || self.rows.len() >= self.rows_limit
    }

    /// Adds the row `record`, read on `line`.
    fn push(&mut self, line: u64, record: &ByteRecord) {
        if self.rows.capacity() == 0 {
            // Reserved, not touched: a small file costs what it holds.
            self.bytes.reserve_exact(self.bytes_limit + ROW_BYTES);
            self.rows.reserve_exact(self.rows_limit);
        }
        let start = self.bytes.len();
        self.bytes.extend_from_slice(&line.to_le_bytes());
        self.bytes
            .extend_from_slice(&(record.len() as u32).to_le_bytes());
        let (mut key, mut key_length) = (start, 0);
        for (index, value) in record.iter().enumerate() {
            self.bytes
                .extend_from_slice(&(value.len() as u32).to_le_bytes());
            if index == 0 {
                let trimmed = value.trim_ascii();
                let leading = value.len() - value.trim_ascii_start().len();
                key = self.bytes.len() + leading;
                key_length = trimmed.len();
            }
            self.bytes.extend_from_slice(value);
        }
        self.rows.push(Entry {
            prefix: prefix(&self.bytes[key..key + key_length]),
            line,
            start,
            length: self.bytes.len() - start,
            key,
            key_length,
        });
    }

    /// Puts the index in pupil order, then file order.
    fn sort(&mut self) {
        let bytes = &self.bytes;
        let key = |entry: &Entry| &bytes[entry.key..entry.key + entry.key_length];
        self.rows.par_sort_unstable_by(|a, b| {
            a.prefix
                .cmp(&b.prefix)
                .then_with(|| key(a).cmp(key(b)))
                .then(a.line.cmp(&b.line))
        });
    }

    /// Sorts the rows and writes them to a new run file at `path`, then
    /// empties the batch (keeping its buffers).
    fn write_run(&mut self, path: &Path) -> io::Result<()> {
        self.sort();
        let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
        for entry in &self.rows {
            out.write_all(&self.bytes[entry.start..entry.start + entry.length])?;
        }
        out.into_inner().map_err(|error| error.into_error())?;
        self.bytes.clear();
        self.rows.clear();
        Ok(())
    }
}

/// The first eight bytes of `key`, big-endian and zero-padded: ordered as
/// the keys are, ties aside.
fn prefix(key: &[u8]) -> u64 {
    let mut bytes = [0; 8];
    let length = key.len().min(8);
    bytes[..length].copy_from_slice(&key[..length]);
    u64::from_be_bytes(bytes)
}

/// Decodes the row at the start of `bytes` (as [`Batch`] holds it) into
/// `record`; its line.
fn decode(bytes: &[u8], record: &mut ByteRecord) -> u64 {
    let number =
        |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let line = u64::from_le_bytes(bytes[..8].try_into().unwrap_or_default());
    record.clear();
    let mut at = 12;
    for _ in 0..number(8) {
        let length = number(at) as usize;
        record.push_field(&bytes[at + 4..at + 4 + length]);
        at += 4 + length;
    }
    line
}

/// A file's rows in pupil order.
pub(crate) struct SortedRows {
    path: PathBuf,
    rows: Merge,
}

enum Merge {
    /// Everything fitted the budget: the sorted batch, and the next row.
    Memory(Batch, usize),
    /// Sorted runs on disk, merged as they are read.
    Runs {
        runs: Vec<RunReader>,
        /// The smallest unread row of each run: (pupil, line, run). A key
        /// popped is reused for the run's next row.
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
        let mut batch = Batch::new(memory);
        let mut spilled: Option<(SpillDirectory, Vec<PathBuf>)> = None;
        let mut record = ByteRecord::new();
        let spill = |batch: &mut Batch, directory: &SpillDirectory, runs: &mut Vec<PathBuf>| {
            let run = directory.path().join(format!("run-{}", runs.len()));
            batch.write_run(&run).map_err(|source| ReadError::Io {
                path: run.clone(),
                source,
            })?;
            runs.push(run);
            Ok::<(), ReadError>(())
        };
        while let Some(line) = source.next_row(&mut record, rejections)? {
            batch.push(line, &record);
            if batch.is_full() {
                let (directory, runs) = match &mut spilled {
                    Some(spilled) => spilled,
                    None => spilled.insert((temp_directory(temp_dir)?, Vec::new())),
                };
                spill(&mut batch, directory, runs)?;
            }
        }
        let rows = match spilled {
            None => {
                batch.sort();
                Merge::Memory(batch, 0)
            }
            Some((directory, mut paths)) => {
                if !batch.rows.is_empty() {
                    spill(&mut batch, &directory, &mut paths)?;
                }
                let mut runs = Vec::new();
                let mut heads = BinaryHeap::new();
                for (index, run) in paths.iter().enumerate() {
                    let reader = RunReader::open(run).map_err(|source| ReadError::Io {
                        path: run.clone(),
                        source,
                    })?;
                    if reader.has_head {
                        heads.push(Reverse((reader.key().to_vec(), reader.line, index)));
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
            Merge::Memory(batch, next) => {
                let Some(entry) = batch.rows.get(*next) else {
                    return Ok(None);
                };
                *next += 1;
                Ok(Some(decode(&batch.bytes[entry.start..], record)))
            }
            Merge::Runs { runs, heads, .. } => {
                let Some(Reverse((mut key, line, index))) = heads.pop() else {
                    return Ok(None);
                };
                let run = &mut runs[index];
                std::mem::swap(record, &mut run.head);
                run.advance().map_err(|source| ReadError::Io {
                    path: run.path.clone(),
                    source,
                })?;
                if run.has_head {
                    key.clear();
                    key.extend_from_slice(run.key());
                    heads.push(Reverse((key, run.line, index)));
                }
                Ok(Some(line))
            }
        }
    }

    fn path(&self) -> &Path {
        &self.path
    }
}

/// A new spill directory under `parent` (or the system's temporary
/// directory).
pub(crate) fn temp_directory(parent: Option<&Path>) -> Result<SpillDirectory, ReadError> {
    SpillDirectory::create(parent).map_err(|source| ReadError::Io {
        path: parent.map_or_else(std::env::temp_dir, Path::to_path_buf),
        source,
    })
}

/// A run file being read, one row ahead.
struct RunReader {
    path: PathBuf,
    input: BufReader<File>,
    /// The next row, if `has_head`, and its line.
    head: ByteRecord,
    line: u64,
    has_head: bool,
    /// A field being read.
    value: Vec<u8>,
}

impl RunReader {
    fn open(path: &Path) -> io::Result<RunReader> {
        let mut reader = RunReader {
            path: path.to_path_buf(),
            input: BufReader::with_capacity(1 << 16, File::open(path)?),
            head: ByteRecord::new(),
            line: 0,
            has_head: false,
            value: Vec::new(),
        };
        reader.advance()?;
        Ok(reader)
    }

    /// The next row's pupil.
    fn key(&self) -> &[u8] {
        field(&self.head, 0)
    }

    /// Reads the next row into `head` (`has_head` false at the end of the
    /// run).
    fn advance(&mut self) -> io::Result<()> {
        let mut line = [0; 8];
        match self.input.read_exact(&mut line) {
            Ok(()) => {}
            Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => {
                self.has_head = false;
                return Ok(());
            }
            Err(error) => return Err(error),
        }
        let fields = self.read_u32()?;
        self.head.clear();
        for _ in 0..fields {
            let length = self.read_u32()? as usize;
            self.value.resize(length, 0);
            self.input.read_exact(&mut self.value)?;
            self.head.push_field(&self.value);
        }
        self.line = u64::from_le_bytes(line);
        self.has_head = true;
        Ok(())
    }

    fn read_u32(&mut self) -> io::Result<u32> {
        let mut bytes = [0; 4];
        self.input.read_exact(&mut bytes)?;
        Ok(u32::from_le_bytes(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::super::error::{OnBadRow, Rejections};
    use super::super::rows::RowSource;
    use super::SortedRows;
    use crate::read::ReadError;
    use csv::ByteRecord;
    use std::path::Path;

    /// Rows handed out as they are listed, line by line.
    struct Listed(std::vec::IntoIter<(u64, Vec<&'static str>)>);

    impl RowSource for Listed {
        fn next_row(
            &mut self,
            record: &mut ByteRecord,
            _rejections: &mut Rejections,
        ) -> Result<Option<u64>, ReadError> {
            Ok(self.0.next().map(|(line, fields)| {
                *record = ByteRecord::from(fields);
                line
            }))
        }

        fn path(&self) -> &Path {
            Path::new("rows.csv")
        }
    }

    /// Pupils that tie on their first eight bytes, are prefixes of one
    /// another, or carry spaces, in an order they must not keep.
    fn rows() -> Vec<(u64, Vec<&'static str>)> {
        let pupils = [
            "A12345678902",
            " A12345678901",
            "ab",
            "A12345678901 ",
            "ab\u{1}",
            "a",
            "A12345678902",
            "",
            "ab",
            "A1234567",
        ];
        (0..40)
            .map(|line| {
                let pupil = pupils[(line * 7) % pupils.len()];
                (
                    line as u64 + 2,
                    vec![pupil, "school", "2024-09-02", "AM", "/"],
                )
            })
            .collect()
    }

    fn sorted(memory: usize) -> Vec<(String, u64)> {
        let mut rejections = Rejections::new(OnBadRow::Stop);
        let source = Box::new(Listed(rows().into_iter()));
        let dir = std::env::temp_dir();
        let mut sorted =
            SortedRows::sort(source, memory, Some(&dir), &mut rejections).expect("sorts");
        let mut record = ByteRecord::new();
        let mut out = Vec::new();
        while let Some(line) = sorted
            .next_row(&mut record, &mut rejections)
            .expect("reads")
        {
            assert_eq!(record.len(), 5, "every field kept");
            out.push((String::from_utf8_lossy(&record[0]).into_owned(), line));
        }
        out
    }

    #[test]
    fn rows_come_in_pupil_then_file_order_in_memory_and_from_spilled_runs() {
        let mut expected: Vec<(String, u64)> = rows()
            .into_iter()
            .map(|(line, fields)| (fields[0].to_string(), line))
            .collect();
        expected.sort_by(|a, b| a.0.trim().cmp(b.0.trim()).then(a.1.cmp(&b.1)));
        assert_eq!(sorted(1 << 20), expected, "in memory");
        // A few rows a run: many runs, merged.
        assert_eq!(sorted(600), expected, "spilled");
    }
}
