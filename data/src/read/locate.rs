//! Finding rejected rows in their CSV files again, for a rejects file: the
//! byte offset and first bytes of the line where each starts.
//!
//! The record stage knows both for the rows it rejects itself (an open
//! quote, a line too long, a wrong number of columns). A row rejected once
//! read (a bad code or date, an unknown school or pupil, a conflicting
//! duplicate) has passed through the typed stages and perhaps the external
//! sort, which carry only its line; rather than carry two more fields with
//! every row, its file is read once more, in pieces, when a rejects file is
//! asked for.

use super::error::{ReadError, RejectedRow};
use super::records::EXCERPT_BYTES;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Bytes read at a time.
const READ_SIZE: usize = 1 << 16;

/// Fills in the byte offset and excerpt of every row of `rows` from a CSV
/// file that lacks them, reading each such file once (never a line
/// whole). A Parquet row has no line of text: its two fields stay empty.
pub fn locate_rejected(rows: &mut [RejectedRow]) -> Result<(), ReadError> {
    let mut files: Vec<PathBuf> = rows
        .iter()
        .filter(|row| row.offset.is_none() && is_csv(&row.file))
        .map(|row| row.file.clone())
        .collect();
    files.sort();
    files.dedup();
    for file in files {
        let mut lines: Vec<u64> = rows
            .iter()
            .filter(|row| row.offset.is_none() && row.file == file)
            .map(|row| row.line)
            .collect();
        lines.sort_unstable();
        lines.dedup();
        let input = File::open(&file).map_err(|source| ReadError::io(&file, source))?;
        let found = line_starts(input, &lines).map_err(|source| ReadError::io(&file, source))?;
        for row in rows
            .iter_mut()
            .filter(|row| row.offset.is_none() && row.file == file)
        {
            if let Ok(at) = lines.binary_search(&row.line) {
                if let Some((offset, excerpt)) = found.get(at) {
                    row.offset = Some(*offset);
                    row.excerpt = Some(String::from_utf8_lossy(excerpt).into_owned());
                }
            }
        }
    }
    Ok(())
}

fn is_csv(path: &Path) -> bool {
    path.extension().is_some_and(|extension| extension == "csv")
}

/// The byte offset and first [`EXCERPT_BYTES`] bytes (without a line end)
/// of each of the 1-based `lines` (ascending) of `input`, as far as it has
/// them.
fn line_starts(mut input: impl Read, lines: &[u64]) -> io::Result<Vec<(u64, Vec<u8>)>> {
    let mut found: Vec<(u64, Vec<u8>)> = Vec::with_capacity(lines.len());
    let mut buffer = vec![0; READ_SIZE];
    let (mut line, mut offset) = (1u64, 0u64);
    // Whether the next byte starts a line, and whether the line being read
    // is one of `lines` (its excerpt the last of `found`).
    let (mut at_start, mut wanted) = (true, false);
    while found.len() < lines.len() || wanted {
        let read = match input.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        let mut chunk = &buffer[..read];
        while !chunk.is_empty() {
            if at_start {
                at_start = false;
                wanted = lines.get(found.len()) == Some(&line);
                if wanted {
                    found.push((offset, Vec::new()));
                }
            }
            let end = memchr::memchr(b'\n', chunk);
            let piece = &chunk[..end.unwrap_or(chunk.len())];
            if wanted {
                if let Some((_, excerpt)) = found.last_mut() {
                    let room = EXCERPT_BYTES.saturating_sub(excerpt.len());
                    excerpt.extend_from_slice(&piece[..piece.len().min(room)]);
                }
            }
            let Some(end) = end else {
                offset += chunk.len() as u64;
                break;
            };
            if wanted {
                trim_carriage_return(&mut found);
            }
            (line, offset, at_start, wanted) = (line + 1, offset + end as u64 + 1, true, false);
            chunk = &chunk[end + 1..];
        }
    }
    if wanted {
        trim_carriage_return(&mut found);
    }
    Ok(found)
}

/// Drops the `\r` of a CRLF line end from the last excerpt found.
fn trim_carriage_return(found: &mut [(u64, Vec<u8>)]) {
    if let Some((_, excerpt)) = found.last_mut() {
        if excerpt.last() == Some(&b'\r') {
            excerpt.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{line_starts, EXCERPT_BYTES};

    /// Reads `bytes` a few at a time, as a slow file might hand them out.
    struct Trickle<'a>(&'a [u8], usize);

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(self.1).min(out.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn starts(text: &[u8], lines: &[u64], step: usize) -> Vec<(u64, String)> {
        line_starts(Trickle(text, step), lines)
            .expect("reads")
            .into_iter()
            .map(|(offset, excerpt)| (offset, String::from_utf8_lossy(&excerpt).into_owned()))
            .collect()
    }

    #[test]
    fn each_line_is_found_at_its_offset_whatever_the_reads() {
        let text = b"pupil,school\r\np1,s1\r\n\r\np2,s2\np3,\"x\ny\"\nlast";
        for step in [1, 2, 3, 7, 1 << 16] {
            assert_eq!(
                starts(text, &[2, 3, 5, 6, 7], step),
                vec![
                    (14, "p1,s1".to_owned()),
                    (21, String::new()),
                    (29, "p3,\"x".to_owned()),
                    (35, "y\"".to_owned()),
                    (38, "last".to_owned()),
                ],
                "reading {step} bytes at a time"
            );
        }
    }

    #[test]
    fn a_long_line_gives_its_first_bytes_and_the_next_line_its_offset() {
        let mut text = vec![b'x'; 100_000];
        text.extend_from_slice(b"\np9,s9\n");
        let found = starts(&text, &[1, 2, 3], 4096);
        assert_eq!(found[0], (0, "x".repeat(EXCERPT_BYTES)));
        assert_eq!(found[1], (100_001, "p9,s9".to_owned()));
        assert_eq!(found.len(), 2, "there is no third line");
    }
}
