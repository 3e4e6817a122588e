//! Where a byte of a file is as line and column: quick-xml reports byte
//! offsets, users want `file:line:col`.

use std::fmt;
use std::io::{self, Read};

/// A 1-based line and column (the column counted in bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// The 1-based line.
    pub line: u64,
    /// The 1-based column, in bytes from the line's start.
    pub column: u64,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A reader that notes where each line break of what it reads is, so that
/// any byte offset read so far can be turned into a [`Position`] without
/// reading the file again.
pub(crate) struct LineCounter<R> {
    inner: R,
    read: u64,
    breaks: Vec<u64>,
}

impl<R> LineCounter<R> {
    /// Counts the lines of `inner` as it is read.
    pub(crate) fn new(inner: R) -> LineCounter<R> {
        LineCounter {
            inner,
            read: 0,
            breaks: Vec::new(),
        }
    }

    /// The line and column of byte `offset` (0-based), which must have
    /// been read (a later offset counts as on the last line read).
    pub(crate) fn position(&self, offset: u64) -> Position {
        let before = self.breaks.partition_point(|&at| at < offset);
        let line_start = match before {
            0 => 0,
            n => self.breaks[n - 1] + 1,
        };
        Position {
            line: before as u64 + 1,
            column: offset - line_start + 1,
        }
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let count = self.inner.read(buf)?;
        let start = self.read;
        self.breaks
            .extend(memchr::memchr_iter(b'\n', &buf[..count]).map(|at| start + at as u64));
        self.read += count as u64;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let mut counter = LineCounter::new(&b"ab\ncd\n\nef"[..]);
        let mut all = Vec::new();
        counter.read_to_end(&mut all).unwrap();
        let at = |offset| counter.position(offset).to_string();
        assert_eq!(at(0), "1:1");
        assert_eq!(at(2), "1:3");
        assert_eq!(at(3), "2:1");
        assert_eq!(at(6), "3:1");
        assert_eq!(at(8), "4:2");
    }
}
