//! One CSV file of a data directory: opening it, checking its header row,
//! and handing out its rows with their line numbers, rejecting those that
//! cannot be read as rows.

use super::error::{ReadError, RejectedRow, Rejections};
use super::fields::shown;
use super::records::{Fault, Records, Scanned, EXCERPT_BYTES};
use super::rows::RowSource;
use super::table::Table;
use csv::ByteRecord;
use rollcall_ir::words::grouped;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// The longest row of `schools`, `pupils` or `marks` read, in bytes (a
/// longer one is rejected without being held).
pub const ROW_LIMIT: usize = 4 << 10;

/// The longest row of `events` read, in bytes: its `detail` is free text,
/// and may span lines.
pub const EVENT_ROW_LIMIT: usize = 64 << 10;

/// An open data file whose header row has been checked.
///
/// Its rows are read line by line (see [`Records`]): a row with an open
/// quote or longer than its table's limit is rejected at the line where it
/// starts, and reading goes on at the next line.
pub(crate) struct CsvFile {
    path: PathBuf,
    records: Records<File>,
    table: Table,
    /// The columns of the header row: the table's, perhaps without its
    /// optional ones (each row is handed out with every column, those
    /// left out empty).
    columns: &'static [&'static str],
    /// The last line of the header row.
    header_line: u64,
}

impl CsvFile {
    /// Opens `path` and checks that its header row is exactly the columns
    /// of `table` (surrounding whitespace aside), or the same without some
    /// or all of its optional columns (from the last).
    pub(crate) fn open(path: &Path, table: Table) -> Result<CsvFile, ReadError> {
        let path = path.to_path_buf();
        let file = match File::open(&path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return Err(ReadError::MissingFile { path });
            }
            Err(source) => return Err(ReadError::Io { path, source }),
        };
        let (limit, multiline) = if table == Table::EVENTS {
            let detail = table.columns.iter().position(|&column| column == "detail");
            (EVENT_ROW_LIMIT, detail)
        } else {
            (ROW_LIMIT, None)
        };
        let mut csv_file = CsvFile {
            path,
            records: Records::new(file, limit, multiline),
            table,
            columns: table.columns,
            header_line: 0,
        };
        csv_file.check_header()?;
        Ok(csv_file)
    }

    fn check_header(&mut self) -> Result<(), ReadError> {
        let table = self.table;
        let expected = if table.optional == 0 {
            format!("`{}`", table.columns.join(","))
        } else {
            format!(
                "`{}` or `{}`",
                table.required_columns().join(","),
                table.columns.join(",")
            )
        };
        let mut header = ByteRecord::new();
        let scanned = self
            .records
            .next(&mut header)
            .map_err(|source| ReadError::io(&self.path, source))?;
        let accepted = (table.required_columns().len()..=table.columns.len())
            .map(|width| &table.columns[..width])
            .find(|columns| {
                header
                    .iter()
                    .map(<[u8]>::trim_ascii)
                    .eq(columns.iter().map(|column| column.as_bytes()))
            });
        let message = match (&scanned, accepted) {
            (None, _) => format!("empty file: expected the header row {expected}"),
            (Some(scanned), Some(columns)) => {
                self.columns = columns;
                self.header_line = scanned.line + scanned.lines - 1;
                return Ok(());
            }
            (Some(scanned), None) if scanned.fault.is_some() => format!(
                "expected the header row {expected}, found {}",
                shown_line(scanned)
            ),
            (Some(_), None) => {
                let found: Vec<_> = header.iter().map(<[u8]>::trim_ascii).collect();
                format!(
                    "expected the header row {expected}, found {}",
                    shown(&found.join(&b',')),
                )
            }
        };
        Err(ReadError::BadRow(RejectedRow {
            file: self.path.clone(),
            line: scanned.as_ref().map_or(1, |scanned| scanned.line),
            message,
            column: None,
            offset: scanned.map(|scanned| scanned.offset),
            excerpt: None,
        }))
    }

    /// The name of column `index` (0-based): its header, or its number
    /// past the last.
    fn column_name(&self, index: usize) -> String {
        match self.columns.get(index) {
            Some(name) => (*name).to_owned(),
            None => format!("{} (of {})", index + 1, self.columns.len()),
        }
    }

    /// Why the row `scanned`, read into `record`, cannot be taken: its
    /// fault, or a wrong number of columns.
    fn fault(&self, scanned: &Scanned, record: &ByteRecord) -> Option<String> {
        let column = |index: usize| match self.columns.get(index) {
            Some(name) => format!("column `{name}`"),
            None => format!("column {}", self.column_name(index)),
        };
        match scanned.fault {
            Some(Fault::UnterminatedQuote { column: index })
                if Some(index) == self.records.multiline() =>
            {
                Some(format!(
                    "the quote opening {} is not closed within {} KiB",
                    column(index),
                    self.records.limit() >> 10
                ))
            }
            Some(Fault::UnterminatedQuote { column: index }) => Some(format!(
                "the quote opening {} is not closed on its line",
                column(index)
            )),
            Some(Fault::TooLong { length }) => Some(format!(
                "a line of {} bytes, longer than the {} KiB a row of {} may hold",
                grouped(length),
                self.records.limit() >> 10,
                self.table.name
            )),
            None if record.len() != self.columns.len() => Some(format!(
                "expected {} columns ({}), found {}",
                self.columns.len(),
                self.columns.join(","),
                record.len()
            )),
            None => None,
        }
    }
}

/// The least number of bytes worth reading on a thread of their own.
const PART_BYTES: u64 = 1 << 20;

impl CsvFile {
    /// Splits the rows not yet read into at most `parts` ranges of about
    /// equal bytes, and at least `least` bytes each, each starting at a
    /// line: this file reads on only to the end of the first, and the
    /// others are handed out as sources of their own, in file order.
    /// Nothing is split when a field may hold line breaks (then a line is
    /// not a row) or when there is too little to read.
    fn split_rows(&mut self, parts: usize, least: u64) -> io::Result<Vec<CsvPart>> {
        if self.records.multiline().is_some() || parts < 2 {
            return Ok(Vec::new());
        }
        let read = self.records.read_so_far();
        let length = std::fs::metadata(&self.path)?.len();
        let parts = (length.saturating_sub(read) / least.max(1)).min(parts as u64);
        let mut starts = Vec::new();
        for part in 1..parts {
            let start = line_start_from(&self.path, read + (length - read) / parts * part)?;
            if start < length && starts.last().is_none_or(|&last| last < start) {
                starts.push(start);
            }
        }
        let Some(&first) = starts.first() else {
            return Ok(Vec::new());
        };
        if !self.records.stop_at(first) {
            return Ok(Vec::new());
        }
        let ends = starts.iter().skip(1).copied().chain([length]);
        Ok(starts
            .iter()
            .zip(ends)
            .map(|(&start, stop)| CsvPart {
                path: self.path.clone(),
                table: self.table,
                columns: self.columns,
                limit: self.records.limit(),
                start,
                stop,
                file: None,
            })
            .collect())
    }
}

/// The offset of the first line of `path` starting at or after `offset`
/// (the file's length if none does).
fn line_start_from(path: &Path, offset: u64) -> io::Result<u64> {
    let Some(before) = offset.checked_sub(1) else {
        return Ok(0);
    };
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(before))?;
    let mut at = before;
    let found = each_chunk(file, 1 << 16, |chunk| match memchr::memchr(b'\n', chunk) {
        Some(found) => Some(at + found as u64 + 1),
        None => {
            at += chunk.len() as u64;
            None
        }
    })?;
    Ok(found.unwrap_or(at))
}

/// The lines of `path` before offset `offset`.
fn lines_before(path: &Path, offset: u64) -> io::Result<u64> {
    let mut lines = 0;
    each_chunk(File::open(path)?.take(offset), 1 << 20, |chunk| {
        lines += memchr::memchr_iter(b'\n', chunk).count() as u64;
        None::<()>
    })?;
    Ok(lines)
}

/// Reads `input` in chunks of up to `size` bytes, handing each to `look`
/// until it finds something; what it found, if anything.
fn each_chunk<T>(
    mut input: impl Read,
    size: usize,
    mut look: impl FnMut(&[u8]) -> Option<T>,
) -> io::Result<Option<T>> {
    let mut buffer = vec![0; size];
    loop {
        let read = match input.read(&mut buffer) {
            Ok(0) => return Ok(None),
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if let Some(found) = look(&buffer[..read]) {
            return Ok(Some(found));
        }
    }
}

/// A range of lines of a data file split off by [`CsvFile::split_rows`],
/// read through a handle of its own; opened when first read (counting the
/// lines before it, for their numbers, on the reading thread).
struct CsvPart {
    path: PathBuf,
    table: Table,
    columns: &'static [&'static str],
    limit: usize,
    /// Its first byte, and the byte after its last.
    start: u64,
    stop: u64,
    file: Option<CsvFile>,
}

impl CsvPart {
    fn open(&self) -> io::Result<CsvFile> {
        let line = lines_before(&self.path, self.start)? + 1;
        let mut file = File::open(&self.path)?;
        file.seek(SeekFrom::Start(self.start))?;
        Ok(CsvFile {
            path: self.path.clone(),
            records: Records::part(file, self.limit, self.start, line, self.stop),
            table: self.table,
            columns: self.columns,
            header_line: line - 1,
        })
    }
}

impl RowSource for CsvPart {
    fn next_row(
        &mut self,
        record: &mut ByteRecord,
        rejections: &mut Rejections,
    ) -> Result<Option<u64>, ReadError> {
        let file = match &mut self.file {
            Some(file) => file,
            None => {
                let opened = self
                    .open()
                    .map_err(|source| ReadError::io(&self.path, source))?;
                self.file.insert(opened)
            }
        };
        file.next_row(record, rejections)
    }

    fn path(&self) -> &Path {
        &self.path
    }
}

impl RowSource for CsvFile {
    fn next_row(
        &mut self,
        record: &mut ByteRecord,
        rejections: &mut Rejections,
    ) -> Result<Option<u64>, ReadError> {
        loop {
            let scanned = self
                .records
                .next(record)
                .map_err(|source| ReadError::io(&self.path, source))?;
            let Some(mut scanned) = scanned else {
                let lines = self.records.lines_read() - self.header_line;
                rejections.count_lines(&self.path, lines);
                return Ok(None);
            };
            let Some(message) = self.fault(&scanned, record) else {
                for _ in self.columns.len()..self.table.columns.len() {
                    record.push_field(b"");
                }
                return Ok(Some(scanned.line));
            };
            let message = if scanned.fault.is_some() {
                format!("{message}: {}", shown_line(&scanned))
            } else {
                // A wrong number of columns: the fields are in the excerpt.
                let fields: Vec<&[u8]> = record.iter().collect();
                let line = fields.join(&b',');
                scanned.excerpt = line[..line.len().min(EXCERPT_BYTES)].to_vec();
                message
            };
            rejections.reject_row(RejectedRow {
                file: self.path.clone(),
                line: scanned.line,
                message,
                column: match scanned.fault {
                    Some(Fault::UnterminatedQuote { column }) => Some(self.column_name(column)),
                    _ => None,
                },
                offset: Some(scanned.offset),
                excerpt: Some(String::from_utf8_lossy(&scanned.excerpt).into_owned()),
            })?;
        }
    }

    fn path(&self) -> &Path {
        &self.path
    }

    fn pass_over_all_but(&mut self, pupil: &str) {
        self.records.only(pupil.as_bytes());
    }

    fn split(&mut self, parts: usize) -> Result<Vec<Box<dyn RowSource>>, ReadError> {
        let split = self
            .split_rows(parts, PART_BYTES)
            .map_err(|source| ReadError::io(&self.path, source))?;
        Ok(split
            .into_iter()
            .map(|part| Box::new(part) as Box<dyn RowSource>)
            .collect())
    }
}

/// The excerpt of a rejected line, as a message shows it: with the line's
/// length if it was cut.
fn shown_line(scanned: &Scanned) -> String {
    match scanned.fault {
        Some(Fault::TooLong { length }) => {
            let text = String::from_utf8_lossy(&scanned.excerpt);
            let text = text.trim_end_matches(char::REPLACEMENT_CHARACTER);
            format!("`{text}…` ({} bytes)", grouped(length))
        }
        _ => shown(&scanned.excerpt),
    }
}

#[cfg(test)]
mod tests {
    use super::super::error::OnBadRow;
    use super::*;

    /// Every row of `source` with its line, and the rejected lines.
    fn read_all(source: &mut dyn RowSource, rejections: &mut Rejections) -> Vec<(u64, Vec<u8>)> {
        let mut record = ByteRecord::new();
        let mut rows = Vec::new();
        while let Some(line) = source.next_row(&mut record, rejections).expect("reads") {
            rows.push((line, record.iter().collect::<Vec<_>>().join(&b'|')));
        }
        rows
    }

    #[test]
    fn a_file_split_in_parts_reads_the_same_rows_lines_and_rejections() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("marks.csv");
        let mut text = String::from("\u{feff}pupil,school,date,session,code\n");
        // More than the reader's first read, so that there is some left
        // to split.
        const ROWS: usize = 20_000;
        for row in 0..ROWS {
            match row % 97 {
                5 => text.push_str("p,\"open,2024-09-02,AM,/\n"),
                11 => text.push_str("too,few\n"),
                13 => text.push_str("\r\n"),
                _ => text.push_str(&format!("p{:03},s,2024-09-02,AM,/\n", row % 50)),
            }
        }
        text.push_str("last,s,2024-09-03,PM,/");
        std::fs::write(&path, &text).expect("written");
        let whole = || {
            let mut file = CsvFile::open(&path, Table::MARKS).expect("opens");
            let mut rejections = Rejections::new(OnBadRow::Skip);
            let rows = read_all(&mut file, &mut rejections);
            (rows, rejections)
        };
        let (rows, rejections) = whole();
        // Every line but the open quotes, short rows and blank lines, and
        // the last line without its line end.
        let each = |kind: usize| (0..ROWS).filter(|row| row % 97 == kind).count();
        assert_eq!(rows.len(), ROWS - each(5) - each(11) - each(13) + 1);
        assert_eq!(rejections.rows().len(), each(5) + each(11));
        for parts in [2, 3, 7] {
            let mut file = CsvFile::open(&path, Table::MARKS).expect("opens");
            let others = file.split_rows(parts, 1).expect("splits");
            assert_eq!(others.len(), parts - 1, "{parts} parts");
            let mut found = Rejections::new(OnBadRow::Skip);
            let mut split_rows = read_all(&mut file, &mut found);
            for mut other in others {
                let mut later = found.fresh();
                split_rows.extend(read_all(&mut other, &mut later));
                found.absorb(later);
            }
            assert_eq!(split_rows, rows, "{parts} parts");
            assert_eq!(found.rows(), rejections.rows(), "{parts} parts");
            assert_eq!(found.accounts(), rejections.accounts(), "{parts} parts");
        }
        // Too small to split at 1 KiB a part: read whole.
        let mut file = CsvFile::open(&path, Table::MARKS).expect("opens");
        assert_eq!(file.split_rows(2, 1 << 20).expect("splits").len(), 0);
    }
}
