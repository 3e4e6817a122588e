//! A Parquet file read with positioned reads. The parquet crate's reader
//! for a plain `File` duplicates the descriptor, seeks and fills an 8 KB
//! buffer for every page header, then does the same again for the page:
//! four system calls and a wasted copy a page. Here a page header is read
//! through a small buffer and a page with one positioned read.

use bytes::Bytes;
use parquet::file::reader::{ChunkReader, Length};
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;
use std::sync::Arc;

/// Bytes read at a time for a page header (headers are tens of bytes; a
/// longer one is read in several goes).
const HEADER_BUFFER: usize = 256;

/// An open Parquet file, read at given offsets.
pub(crate) struct PositionedFile {
    file: Arc<File>,
    len: u64,
}

impl PositionedFile {
    /// Opens `path`.
    pub(crate) fn open(path: &Path) -> io::Result<PositionedFile> {
        let file = File::open(path)?;
        let len = file.metadata()?.len();
        Ok(PositionedFile {
            file: Arc::new(file),
            len,
        })
    }
}

impl Length for PositionedFile {
    fn len(&self) -> u64 {
        self.len
    }
}

impl ChunkReader for PositionedFile {
    type T = BufReader<ReadAt>;

    fn get_read(&self, start: u64) -> parquet::errors::Result<Self::T> {
        let reader = ReadAt {
            file: Arc::clone(&self.file),
            offset: start,
        };
        Ok(BufReader::with_capacity(HEADER_BUFFER, reader))
    }

    fn get_bytes(&self, start: u64, length: usize) -> parquet::errors::Result<Bytes> {
        let mut buffer = vec![0; length];
        read_exact_at(&self.file, &mut buffer, start)?;
        Ok(buffer.into())
    }
}

/// Reads a file onward from an offset, with positioned reads.
pub(crate) struct ReadAt {
    file: Arc<File>,
    offset: u64,
}

impl Read for ReadAt {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = read_at(&self.file, buffer, self.offset)?;
        self.offset += read as u64;
        Ok(read)
    }
}

/// Fills `buffer` from `file` at `offset`, or fails (at the end of the
/// file too).
fn read_exact_at(file: &File, mut buffer: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !buffer.is_empty() {
        match read_at(file, buffer, offset) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(read) => {
                buffer = &mut buffer[read..];
                offset += read as u64;
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

#[cfg(unix)]
fn read_at(file: &File, buffer: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buffer, offset)
}

#[cfg(windows)]
fn read_at(file: &File, buffer: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buffer, offset)
}
