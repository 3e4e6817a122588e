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
use std::io;
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
