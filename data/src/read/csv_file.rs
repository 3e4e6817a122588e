//! One CSV file of a data directory: opening it, checking its header row,
//! and handing out its rows with their line numbers.

use super::error::{ReadError, Rejections};
use super::source::{RowSource, Table};
use crate::atomic::AtomicFile;
use csv::ByteRecord;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// An open data file whose header row has been checked.
///
/// Rows end at `\n` (a `\r` before it is trimmed with the other surrounding
/// whitespace), so that every row's line can be worked out from where it
/// ends: the csv crate's own record positions count skipped blank lines and
/// CRLF line ends late.
pub(crate) struct CsvFile {
    path: PathBuf,
    reader: csv::Reader<File>,
    table: Table,
    /// The columns of the header row: the table's, perhaps without its
    /// optional ones (each row is handed out with every column, those
    /// left out empty).
    columns: &'static [&'static str],
    /// The file's length in bytes.
    length: u64,
    /// Whether the last row ends with `\n`.
    ends_with_newline: bool,
}

impl CsvFile {
    /// Opens `path` and checks that its header row is exactly the columns
    /// of `table` (surrounding whitespace aside), or the same without some
    /// or all of its optional columns (from the last).
    pub(crate) fn open(path: &Path, table: Table) -> Result<CsvFile, ReadError> {
        let path = path.to_path_buf();
        let mut file = match File::open(&path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return Err(ReadError::MissingFile { path });
            }
            Err(source) => return Err(ReadError::Io { path, source }),
        };
        let (length, ends_with_newline) = match measure(&mut file) {
            Ok(measured) => measured,
            Err(source) => return Err(ReadError::Io { path, source }),
        };
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .buffer_capacity(1 << 16)
            .from_reader(file);
        let mut csv_file = CsvFile {
            path,
            reader,
            table,
            columns: table.columns,
            length,
            ends_with_newline,
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
        let (found, line) = match self.read(&mut header)? {
            Some(line) => (true, line),
            None => (false, 1),
        };
        let accepted = (table.required_columns().len()..=table.columns.len())
            .map(|width| &table.columns[..width])
            .find(|columns| {
                header
                    .iter()
                    .map(<[u8]>::trim_ascii)
                    .eq(columns.iter().map(|column| column.as_bytes()))
            });
        let message = if !found {
            format!("empty file: expected the header row {expected}")
        } else if let Some(columns) = accepted {
            self.columns = columns;
            return Ok(());
        } else {
            let found: Vec<_> = header
                .iter()
                .map(|field| String::from_utf8_lossy(field.trim_ascii()))
                .collect();
            format!(
                "expected the header row {expected}, found `{}`",
                found.join(",")
            )
        };
        Err(ReadError::BadRow(super::RejectedRow {
            file: self.path.clone(),
            line,
            message,
        }))
    }

    /// Reads the next row that is not blank (whitespace only) into
    /// `record`; the line where it starts, or `None` at the end.
    fn read(&mut self, record: &mut ByteRecord) -> Result<Option<u64>, ReadError> {
        loop {
            let found = self
                .reader
                .read_byte_record(record)
                .map_err(|error| ReadError::Io {
                    path: self.path.clone(),
                    source: match error.into_kind() {
                        csv::ErrorKind::Io(source) => source,
                        other => io::Error::other(format!("{other:?}")),
                    },
                })?;
            if !found {
                return Ok(None);
            }
            if record.len() == 1 && field(record, 0).is_empty() {
                continue;
            }
            return Ok(Some(self.start_line(record)));
        }
    }

    /// The line where the row just read starts: the line after it, less
    /// the line ends inside it and its own line end (if it has one).
    fn start_line(&self, record: &ByteRecord) -> u64 {
        let after = self.reader.position();
        let inner_line_ends = record
            .as_slice()
            .iter()
            .filter(|&&byte| byte == b'\n')
            .count();
        let unterminated = after.byte() == self.length && !self.ends_with_newline;
        let line_ends = inner_line_ends as u64 + u64::from(!unterminated);
        after.line().saturating_sub(line_ends).max(1)
    }
}

impl RowSource for CsvFile {
    fn next_row(
        &mut self,
        record: &mut ByteRecord,
        rejections: &mut Rejections,
    ) -> Result<Option<u64>, ReadError> {
        while let Some(line) = self.read(record)? {
            if record.len() == self.columns.len() {
                for _ in self.columns.len()..self.table.columns.len() {
                    record.push_field(b"");
                }
                return Ok(Some(line));
            }
            let message = format!(
                "expected {} columns ({}), found {}",
                self.columns.len(),
                self.columns.join(","),
                record.len()
            );
            rejections.reject(&self.path, line, message)?;
        }
        Ok(None)
    }

    fn path(&self) -> &Path {
        &self.path
    }
}

/// The file's length and whether its last byte is `\n`; leaves the file at
/// its start.
fn measure(file: &mut File) -> io::Result<(u64, bool)> {
    let length = file.metadata()?.len();
    let mut last = [0];
    if length > 0 {
        file.seek(SeekFrom::Start(length - 1))?;
        file.read_exact(&mut last)?;
        file.rewind()?;
    }
    Ok((length, last[0] == b'\n'))
}

/// Writes every row of `rows` (a file of `table`) as CSV with its header
/// row to a new file at `out`; the number of rows written.
pub(crate) fn write_csv(
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

/// Field `index` of a row, without surrounding whitespace.
pub(crate) fn field(record: &ByteRecord, index: usize) -> &[u8] {
    record.get(index).unwrap_or_default().trim_ascii()
}
