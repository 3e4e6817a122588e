//! Reading a per-pupil table one row ahead, so that the stream can look at
//! the next row's pupil before taking it.

use super::error::{ReadError, Rejections};
use super::fields::shown;
use super::marks::{parse_mark, MarkRow, SchoolIds};
use super::rows::{field, RowSource};
use crate::model::Mark;
use csv::ByteRecord;
use std::path::Path;

/// A file of a per-pupil table being read one row ahead.
pub(crate) trait Cursor: Send {
    /// The unread row's pupil and line; `None` at the end.
    fn head(&self) -> Option<(&[u8], u64)>;

    /// Moves past the unread row (the first call reads the first row).
    fn advance(&mut self, rejections: &mut Rejections) -> Result<(), ReadError>;

    /// The file.
    fn path(&self) -> &Path;

    /// Rejects every unread row whose pupil comes before `pupil` (every
    /// unread row if `None`): their pupil is not in the pupils file, which
    /// the message names.
    fn reject_before(
        &mut self,
        pupil: Option<&str>,
        pupils_file: &Path,
        rejections: &mut Rejections,
    ) -> Result<(), ReadError> {
        while let Some((id, line)) = self.head() {
            if pupil.is_some_and(|pupil| id >= pupil.as_bytes()) {
                break;
            }
            let message = if id.is_empty() {
                "missing pupil".to_owned()
            } else {
                format!(
                    "unknown pupil {} (not in {})",
                    shown(id),
                    pupils_file
                        .file_name()
                        .map_or_else(|| pupils_file.display(), |name| Path::new(name).display())
                )
            };
            rejections.reject(self.path(), line, message)?;
            self.advance(rejections)?;
        }
        Ok(())
    }
}

/// A marks file being read one row ahead.
pub(crate) trait MarkCursor: Cursor {
    /// The unread row, on `line`, as a mark at a known school (its pupil
    /// already matched), or why it is bad.
    fn mark(&mut self, line: u64) -> Result<MarkRow, String>;

    /// Takes the unread rows of pupil `pupil` straight into `marks` if they
    /// can be read without a check: all good and in date and session order.
    /// False, taking nothing, if not: then
    /// [`take_pupil`](MarkCursor::take_pupil) takes them.
    fn take_settled(&mut self, _pupil: &[u8], _marks: &mut Vec<Mark>) -> bool {
        false
    }

    /// Takes the unread rows of pupil `pupil` into `rows`, rejecting the
    /// bad ones.
    fn take_pupil(
        &mut self,
        pupil: &[u8],
        rows: &mut Vec<MarkRow>,
        rejections: &mut Rejections,
    ) -> Result<(), ReadError> {
        while let Some((id, line)) = self.head() {
            if id != pupil {
                break;
            }
            match self.mark(line) {
                Ok(row) => rows.push(row),
                Err(message) => rejections.reject(self.path(), line, message)?,
            }
            self.advance(rejections)?;
        }
        Ok(())
    }
}

/// Any file's rows, as text fields, one row ahead.
pub(crate) struct Lookahead {
    source: Box<dyn RowSource>,
    record: ByteRecord,
    line: Option<u64>,
}

impl Lookahead {
    /// `source`, before its first row.
    pub(crate) fn new(source: Box<dyn RowSource>) -> Lookahead {
        Lookahead {
            source,
            record: ByteRecord::new(),
            line: None,
        }
    }

    /// The unread row's fields.
    pub(crate) fn record(&self) -> &ByteRecord {
        &self.record
    }
}

impl Cursor for Lookahead {
    fn head(&self) -> Option<(&[u8], u64)> {
        self.line.map(|line| (field(&self.record, 0), line))
    }

    fn advance(&mut self, rejections: &mut Rejections) -> Result<(), ReadError> {
        self.line = self.source.next_row(&mut self.record, rejections)?;
        Ok(())
    }

    fn path(&self) -> &Path {
        self.source.path()
    }
}

/// A marks file read as text fields (CSV, or sorted rows of any file).
pub(crate) struct TextMarks {
    rows: Lookahead,
    schools: SchoolIds,
}

impl TextMarks {
    /// The marks of `source`, at the schools of `schools`.
    pub(crate) fn new(source: Box<dyn RowSource>, schools: SchoolIds) -> TextMarks {
        TextMarks {
            rows: Lookahead::new(source),
            schools,
        }
    }
}

impl Cursor for TextMarks {
    fn head(&self) -> Option<(&[u8], u64)> {
        self.rows.head()
    }

    fn advance(&mut self, rejections: &mut Rejections) -> Result<(), ReadError> {
        self.rows.advance(rejections)
    }

    fn path(&self) -> &Path {
        self.rows.path()
    }
}

impl MarkCursor for TextMarks {
    fn mark(&mut self, line: u64) -> Result<MarkRow, String> {
        parse_mark(self.rows.record(), line, &mut self.schools)
    }
}
