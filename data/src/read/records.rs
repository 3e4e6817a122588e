//! The records of a CSV file, read from its bytes line by line, each with
//! the line and byte offset where it starts.
//!
//! A record is one physical line (ending at `\n`), split at commas; a field
//! starting with `"` is quoted (`""` inside it is a quote). A quoted field
//! ends at the end of its line unless it is in the one column allowed to
//! hold line breaks (an event's `detail`); a record whose quote is left
//! open is a [`Fault`] at the line where it starts, and reading goes on at
//! the next line. No record is held longer than a limit: a longer line is
//! passed over in pieces and reported by its length and first bytes.

use csv::ByteRecord;
use std::io::{self, Read};

/// Bytes read from the file at a time, at least.
const READ_SIZE: usize = 1 << 16;

/// Bytes of a faulty line kept to show in messages.
pub(crate) const EXCERPT_BYTES: usize = 60;

/// What went wrong with a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Fault {
    /// A quoted field in column `column` (0-based) is not closed on its
    /// line (or, in the column that may span lines, within the limit).
    UnterminatedQuote {
        /// The column where the quote opens.
        column: usize,
    },
    /// The line is longer than the limit; `length` bytes in all.
    TooLong {
        /// The line's length in bytes, without its line end.
        length: u64,
    },
}

/// A record read, or a line rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Scanned {
    /// The 1-based line where it starts.
    pub line: u64,
    /// The byte offset in the file where it starts.
    pub offset: u64,
    /// The physical lines it spans (1 unless a field holds line breaks).
    pub lines: u64,
    /// Why it could not be read (the record is then empty).
    pub fault: Option<Fault>,
    /// The first bytes of its first line, kept for a fault.
    pub excerpt: Vec<u8>,
}

/// The records of a CSV file, read through a buffer.
pub(crate) struct Records<R> {
    input: R,
    /// Bytes read and not yet taken: `buffer[start..end]`.
    buffer: Vec<u8>,
    start: usize,
    end: usize,
    /// Whether the input is exhausted.
    at_end: bool,
    /// The file offset of `buffer[0]`.
    base: u64,
    /// The number of the line starting at `buffer[start]`.
    line: u64,
    /// The longest record held, in bytes.
    limit: usize,
    /// The column that may hold line breaks, if any.
    multiline: Option<usize>,
    /// Whether the file's start (and any byte-order mark) has been seen.
    started: bool,
    /// When set, lines without a quote whose first field (trimmed) is not
    /// this are passed over unsplit.
    only: Option<Vec<u8>>,
    /// The file offset where reading stops, as at the end of the file.
    stop: u64,
}

impl<R: Read> Records<R> {
    /// Reads `input`, holding no record longer than `limit` bytes; a quoted
    /// field in column `multiline` may span lines.
    pub(crate) fn new(input: R, limit: usize, multiline: Option<usize>) -> Records<R> {
        Records {
            input,
            buffer: vec![0; limit + READ_SIZE],
            start: 0,
            end: 0,
            at_end: false,
            base: 0,
            line: 1,
            limit,
            multiline,
            started: false,
            only: None,
            stop: u64::MAX,
        }
    }

    /// Reads the part of a file from offset `start` (the start of line
    /// `line`, past any byte-order mark), as far as offset `stop`; `input`
    /// is at `start`.
    pub(crate) fn part(input: R, limit: usize, start: u64, line: u64, stop: u64) -> Records<R> {
        Records {
            base: start,
            line,
            started: true,
            stop,
            ..Records::new(input, limit, None)
        }
    }

    /// Stops reading at file offset `stop`, as at the end of the file;
    /// false, changing nothing, if more than that has been read already.
    pub(crate) fn stop_at(&mut self, stop: u64) -> bool {
        let ok = self.read_so_far() <= stop;
        if ok {
            self.stop = stop;
        }
        ok
    }

    /// The bytes of the file read so far (some perhaps not yet taken).
    pub(crate) fn read_so_far(&self) -> u64 {
        self.base + self.end as u64
    }

    /// Passes over, unsplit and unreported, every later line without a
    /// quote whose first field is not `key`: a caller that wants one
    /// pupil's rows does not pay for the others'. Lines with a quote are
    /// read as usual, for the caller to filter.
    pub(crate) fn only(&mut self, key: &[u8]) {
        self.only = Some(key.to_vec());
    }

    /// The longest record held, in bytes.
    pub(crate) fn limit(&self) -> usize {
        self.limit
    }

    /// The column that may hold line breaks, if any.
    pub(crate) fn multiline(&self) -> Option<usize> {
        self.multiline
    }

    /// The number of physical lines read so far (all of them, at the end).
    pub(crate) fn lines_read(&self) -> u64 {
        self.line - 1 + u64::from(self.start < self.end)
    }

    /// Reads the next record that is not blank into `record`; `None` at the
    /// end of the file. A line that cannot be read is handed out with its
    /// [`Fault`] and `record` empty.
    pub(crate) fn next(&mut self, record: &mut ByteRecord) -> io::Result<Option<Scanned>> {
        if !self.started {
            self.started = true;
            self.fill_to(3)?;
            if self.buffer[self.start..self.end].starts_with(b"\xEF\xBB\xBF") {
                self.start += 3;
            }
        }
        loop {
            record.clear();
            self.fill_to(1)?;
            if self.start == self.end {
                return Ok(None);
            }
            let Some(line_end) = self.line_end(0)? else {
                return self.pass_long_line().map(Some);
            };
            let text = &self.buffer[self.start..self.start + line_end];
            if text.trim_ascii().is_empty() || self.passes_over(text) {
                self.take(line_end, 1);
                continue;
            }
            let (line, offset) = (self.line, self.base + self.start as u64);
            let scanned = move |lines, fault, excerpt| Scanned {
                line,
                offset,
                lines,
                fault,
                excerpt,
            };
            if memchr::memchr(b'"', text).is_none() {
                for field in text.split(|&byte| byte == b',') {
                    record.push_field(field);
                }
                self.take(line_end, 1);
                return Ok(Some(scanned(1, None, Vec::new())));
            }
            let mut fields = Fields::default();
            fields.feed(text, record);
            let mut end = line_end;
            let mut lines = 1;
            while fields.quoted && Some(record.len()) == self.multiline {
                let Some(next) = self.line_end(end + 1)? else {
                    break;
                };
                fields.feed(&self.buffer[self.start + end..self.start + next], record);
                end = next;
                lines += 1;
            }
            if fields.quoted {
                let fault = Fault::UnterminatedQuote {
                    column: record.len(),
                };
                let excerpt = excerpt(&self.buffer[self.start..self.start + line_end]);
                record.clear();
                self.take(line_end, 1);
                return Ok(Some(scanned(1, Some(fault), excerpt)));
            }
            fields.finish(record);
            self.take(end, lines);
            if record.len() == 1 && record[0].trim_ascii().is_empty() {
                // Blank once its quotes are taken away, as the csv crate reads it.
                continue;
            }
            return Ok(Some(scanned(lines, None, Vec::new())));
        }
    }

    /// Whether the line `text` is one of those [`only`](Records::only)
    /// passes over.
    fn passes_over(&self, text: &[u8]) -> bool {
        let Some(key) = &self.only else {
            return false;
        };
        let first = text.split(|&byte| byte == b',').next().unwrap_or_default();
        first.trim_ascii() != key.as_slice() && memchr::memchr(b'"', text).is_none()
    }

    /// Takes `length` bytes and the line end after them (if any): `lines`
    /// lines.
    fn take(&mut self, length: usize, lines: u64) {
        self.start = (self.start + length + 1).min(self.end);
        self.line += lines;
    }

    /// Where the line going on at `from` (bytes after `start`) ends, as an
    /// offset from `start`: at a `\n`, or at the end of the file. `None`
    /// when it goes on past the limit.
    fn line_end(&mut self, from: usize) -> io::Result<Option<usize>> {
        let mut searched = from;
        loop {
            let held = &self.buffer[self.start..self.end];
            if let Some(found) = memchr::memchr(b'\n', &held[searched.min(held.len())..]) {
                let end = searched + found;
                return Ok((end <= self.limit).then_some(end));
            }
            searched = held.len();
            if searched > self.limit {
                return Ok(None);
            }
            if self.at_end {
                return Ok((searched > from || from == 0).then_some(searched));
            }
            self.fill_to(searched + 1)?;
        }
    }

    /// Reads until at least `wanted` bytes after `start` are held, or the
    /// input ends.
    fn fill_to(&mut self, wanted: usize) -> io::Result<()> {
        while self.end - self.start < wanted && !self.at_end {
            if self.end == self.buffer.len() {
                self.buffer.copy_within(self.start..self.end, 0);
                self.base += self.start as u64;
                self.end -= self.start;
                self.start = 0;
            }
            let left = self.stop.saturating_sub(self.read_so_far());
            let room =
                (self.buffer.len() - self.end).min(usize::try_from(left).unwrap_or(usize::MAX));
            if room == 0 {
                self.at_end = true;
                break;
            }
            match self.input.read(&mut self.buffer[self.end..self.end + room]) {
                Ok(0) => self.at_end = true,
                Ok(read) => self.end += read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
        Ok(())
    }

    /// Passes over the line at `start`, longer than the limit, keeping its
    /// first bytes and length.
    fn pass_long_line(&mut self) -> io::Result<Scanned> {
        let line = self.line;
        let offset = self.base + self.start as u64;
        let excerpt = excerpt(&self.buffer[self.start..self.end]);
        let mut length = 0;
        loop {
            let held = &self.buffer[self.start..self.end];
            if let Some(found) = memchr::memchr(b'\n', held) {
                length += found as u64;
                self.start += found + 1;
                break;
            }
            length += held.len() as u64;
            self.start = self.end;
            if self.at_end {
                break;
            }
            self.fill_to(1)?;
            if self.start == self.end {
                break;
            }
        }
        self.line += 1;
        Ok(Scanned {
            line,
            offset,
            lines: 1,
            fault: Some(Fault::TooLong { length }),
            excerpt,
        })
    }
}

/// The first bytes of `line` (whole UTF-8 characters if it is text).
fn excerpt(line: &[u8]) -> Vec<u8> {
    line[..line.len().min(EXCERPT_BYTES)].to_vec()
}

/// A record's fields being split, across lines if a quoted field goes on.
#[derive(Default)]
struct Fields {
    field: Vec<u8>,
    /// Inside a quoted field.
    quoted: bool,
    /// Just after a quote inside a quoted field (its end, or the first of
    /// `""`).
    after_quote: bool,
    /// Anything of the current field seen yet.
    started: bool,
}

impl Fields {
    /// Splits `bytes` into fields, pushing each completed one to `record`.
    fn feed(&mut self, bytes: &[u8], record: &mut ByteRecord) {
        for &byte in bytes {
            if self.quoted {
                if byte == b'"' {
                    self.quoted = false;
                    self.after_quote = true;
                } else {
                    self.field.push(byte);
                }
                continue;
            }
            match byte {
                b'"' if self.after_quote => {
                    self.field.push(b'"');
                    self.quoted = true;
                    self.after_quote = false;
                }
                b'"' if !self.started => {
                    self.quoted = true;
                    self.started = true;
                }
                b',' => {
                    record.push_field(&self.field);
                    self.field.clear();
                    self.started = false;
                    self.after_quote = false;
                }
                _ => {
                    self.field.push(byte);
                    self.started = true;
                    self.after_quote = false;
                }
            }
        }
    }

    /// Ends the last field.
    fn finish(&mut self, record: &mut ByteRecord) {
        record.push_field(&self.field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(
        text: &[u8],
        limit: usize,
        multiline: Option<usize>,
    ) -> Vec<(Scanned, Vec<String>)> {
        let mut records = Records::new(text, limit, multiline);
        let mut record = ByteRecord::new();
        let mut found = Vec::new();
        while let Some(scanned) = records.next(&mut record).expect("read") {
            let fields = record
                .iter()
                .map(|field| String::from_utf8_lossy(field).into_owned())
                .collect();
            found.push((scanned, fields));
        }
        let lines = text.split(|&byte| byte == b'\n').count() as u64
            - u64::from(text.ends_with(b"\n") || text.is_empty());
        assert_eq!(records.lines_read(), lines, "every line counted");
        found
    }

    #[test]
    fn an_open_quote_costs_its_own_line_only() {
        let found = read_all(b"a,b\nc,\"d\ne,f\n", 100, None);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].1, ["a", "b"]);
        assert_eq!(found[1].0.line, 2);
        assert_eq!(found[1].0.offset, 4);
        assert_eq!(
            found[1].0.fault,
            Some(Fault::UnterminatedQuote { column: 1 })
        );
        assert_eq!(found[2].0.line, 3);
        assert_eq!(found[2].1, ["e", "f"]);
    }

    #[test]
    fn a_quoted_field_may_span_lines_only_in_its_column() {
        let found = read_all(b"a,\"x\ny\"\"z\"\nb,c\n", 100, Some(1));
        assert_eq!(found[0].1, ["a", "x\ny\"z"]);
        assert_eq!(found[0].0.lines, 2);
        assert_eq!(
            (found[1].0.line, found[1].1.clone()),
            (3, vec!["b".into(), "c".into()])
        );
        let found = read_all(b"\"x\ny\",b\n", 100, Some(1));
        assert_eq!(
            found[0].0.fault,
            Some(Fault::UnterminatedQuote { column: 0 })
        );
        // The next line is read on its own: a quote inside a field is text.
        assert_eq!((found[1].0.line, found[1].0.fault.clone()), (2, None));
        assert_eq!(found[1].1, ["y\"", "b"]);
    }

    #[test]
    fn a_field_spanning_lines_past_the_limit_is_rejected_at_its_start() {
        let found = read_all(b"a,\"x\nyyyyyyyyyy\nzzzzzzzzzz\"\nb,c", 16, Some(1));
        assert_eq!(
            found[0].0.fault,
            Some(Fault::UnterminatedQuote { column: 1 })
        );
        assert_eq!(found.last().map(|(scanned, _)| scanned.line), Some(4));
    }

    #[test]
    fn a_long_line_is_passed_over_by_its_length() {
        let mut text = b"a,b\n".to_vec();
        text.extend(vec![b'x'; 300_000]);
        text.extend(b"\nc,d");
        let found = read_all(&text, 100, None);
        assert_eq!(found.len(), 3);
        assert_eq!(found[1].0.fault, Some(Fault::TooLong { length: 300_000 }));
        assert_eq!(found[1].0.excerpt.len(), EXCERPT_BYTES);
        assert_eq!((found[2].0.line, found[2].0.offset), (3, 300_005));
        assert_eq!(found[2].1, ["c", "d"]);
    }

    #[test]
    fn quotes_blanks_and_byte_order_marks_read_as_the_csv_crate_does() {
        let text = b"\xEF\xBB\xBFh,i\r\n\n  \n\"a,b\",\"c\"\"\"d, \"e\"\r\n";
        let found = read_all(text, 100, None);
        assert_eq!(found[0].1, ["h", "i\r"]);
        assert_eq!(found[1].0.line, 4);
        assert_eq!(found[1].1, ["a,b", "c\"d", " \"e\"\r"]);
        let mut theirs = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_reader(&text[..]);
        let theirs: Vec<Vec<String>> = theirs
            .byte_records()
            .map(|record| {
                record
                    .expect("a record")
                    .iter()
                    .map(|field| String::from_utf8_lossy(field).into_owned())
                    .collect()
            })
            .filter(|fields: &Vec<String>| fields.len() > 1)
            .collect();
        let ours: Vec<Vec<String>> = found.into_iter().map(|(_, fields)| fields).collect();
        assert_eq!(ours, theirs);
    }
}
