//! Hostile files: every physical line after a header is read or rejected,
//! a bad line costs its own row only, and each message names the file and
//! line and stays short, whatever the file holds.

mod read_support;

use read_support::{data_dir, MARKS_HEADER, PUPILS, SCHOOLS};
use rollcall_data::read::{open_data_dir, OnBadRow, PupilRecord, ReadError, ReadOptions};
use std::fs;
use std::path::Path;

/// Good marks of pupils p1 and p2, in pupil order (p3 has none).
const MARKS: &str = "p1,school-a,2024-10-07,AM,/\n\
    p1,school-a,2024-10-07,PM,\\\n\
    p1,school-a,2024-10-08,AM,O\n\
    p2,school-b,2024-10-07,AM,G\n\
    p2,school-b,2024-10-07,PM,G\n";

/// The longest message a test accepts.
const SHORT: usize = 1 << 10;

/// A data directory `name` with the standard schools and pupils, then
/// `files` (name, bytes) written over them.
fn dir_with(name: &str, files: &[(&str, &[u8])]) -> std::path::PathBuf {
    let marks = format!("{MARKS_HEADER}{MARKS}");
    let dir = data_dir(
        name,
        &[
            ("schools.csv", SCHOOLS),
            ("pupils.csv", PUPILS),
            ("marks.csv", &marks),
        ],
    );
    for (file, bytes) in files {
        fs::write(dir.join(file), bytes).expect("write a data file");
    }
    dir
}

/// The physical lines of `bytes` after its first non-blank line.
fn lines_after_header(bytes: &[u8]) -> u64 {
    let lines: Vec<&[u8]> = bytes.split(|&byte| byte == b'\n').collect();
    let count = lines.len() - usize::from(bytes.ends_with(b"\n"));
    let header = lines
        .iter()
        .position(|line| !line.trim_ascii().is_empty())
        .map_or(count, |index| index + 1);
    (count - header) as u64
}

/// What reading `dir` while skipping gave: marks read, and the rejected
/// rows as (file name, line).
struct Skipped {
    marks: usize,
    rejected: Vec<(String, u64)>,
}

/// Reads `dir` stopping at the first bad row, which must be `(file,
/// line)` with a short message; then skipping, checking each file's lines
/// against its bytes: lines = read + rejected.
fn read_hostile(dir: &Path, first_bad: Option<(&str, u64)>) -> Skipped {
    let stop = ReadOptions::default();
    let stopped = open_data_dir(dir, &stop).and_then(|mut stream| {
        let mut record = PupilRecord::default();
        while stream.pupils.next_into(&mut record)? {}
        Ok(())
    });
    match (stopped, first_bad) {
        (Ok(()), None) => {}
        (Err(ReadError::BadRow(row)), Some((file, line))) => {
            assert_eq!(row.file, dir.join(file), "{row}");
            assert_eq!(row.line, line, "{row}");
            assert!(
                row.to_string().len() < SHORT,
                "{} bytes",
                row.to_string().len()
            );
        }
        (other, expected) => panic!("expected a stop at {expected:?}, got {other:?}"),
    }
    let skip = ReadOptions {
        on_bad_row: OnBadRow::Skip,
        ..ReadOptions::default()
    };
    let mut stream = open_data_dir(dir, &skip).expect("open while skipping");
    let mut record = PupilRecord::default();
    let mut marks = 0;
    while stream
        .pupils
        .next_into(&mut record)
        .expect("read while skipping")
    {
        marks += record.marks.len();
    }
    let rejected = stream.pupils.rejected();
    for row in &rejected {
        assert!(
            row.to_string().len() < SHORT,
            "{} bytes",
            row.to_string().len()
        );
    }
    let accounts = stream.pupils.accounts();
    assert_eq!(accounts.len(), fs::read_dir(dir).expect("list").count());
    for account in &accounts {
        let bytes = fs::read(&account.file).expect("read back");
        assert_eq!(
            account.lines,
            lines_after_header(&bytes),
            "{:?}",
            account.file
        );
        assert_eq!(
            account.read() + account.rejected.len() as u64,
            account.lines
        );
        let own: Vec<u64> = rejected
            .iter()
            .filter(|row| row.file == account.file)
            .map(|row| row.line)
            .collect();
        assert_eq!(account.rejected, own);
    }
    Skipped {
        marks,
        rejected: rejected
            .iter()
            .map(|row| {
                let name = row.file.file_name().unwrap_or_default();
                (name.to_string_lossy().into_owned(), row.line)
            })
            .collect(),
    }
}

fn marks_file(rows: &[u8]) -> Vec<u8> {
    [MARKS_HEADER.as_bytes(), rows].concat()
}

fn rejected(file: &str, lines: &[u64]) -> Vec<(String, u64)> {
    lines.iter().map(|&line| (file.to_owned(), line)).collect()
}

#[test]
fn an_open_quote_in_marks_costs_one_row() {
    let marks = MARKS.replace(
        "p1,school-a,2024-10-08,AM,O",
        "p1,school-a,2024-10-08,AM,\"O",
    );
    let dir = dir_with(
        "hostile_quote_marks",
        &[("marks.csv", &marks_file(marks.as_bytes()))],
    );
    let read = read_hostile(&dir, Some(("marks.csv", 4)));
    assert_eq!(read.marks, 4);
    assert_eq!(read.rejected, rejected("marks.csv", &[4]));
}

#[test]
fn an_open_quote_in_pupils_costs_one_row() {
    let pupils = PUPILS.replace("p1,2015-03-04,p1-dad", "p1,\"2015-03-04,p1-dad");
    let dir = dir_with("hostile_quote_pupils", &[("pupils.csv", pupils.as_bytes())]);
    let read = read_hostile(&dir, Some(("pupils.csv", 3)));
    // p1's marks belong to no pupil read.
    assert_eq!(read.marks, 2);
    let mut expected = rejected("pupils.csv", &[3]);
    expected.extend(rejected("marks.csv", &[2, 3, 4]));
    assert_eq!(read.rejected, expected);
}

#[test]
fn an_event_detail_may_span_lines_but_no_other_column() {
    let events = "pupil,parent,kind,start,end,detail\n\
        p1,,truancy_sweep,\"2024-10-01,,\n\
        p1,p1-dad,case_closed,2024-10-02,,\"paid\n\
        in full\"\n\
        p2,,truancy_sweep,2024-10-03,,\"never closed\n";
    let dir = dir_with("hostile_quote_events", &[("events.csv", events.as_bytes())]);
    let read = read_hostile(&dir, Some(("events.csv", 2)));
    assert_eq!(read.rejected, rejected("events.csv", &[2, 5]));
}

#[test]
fn a_long_line_is_rejected_by_its_length_sorted_or_not() {
    // Past the last pupil, so that the sorted file stays sorted (a line
    // over 4 MiB has the file sorted first, so the streamed one is shorter).
    let long = |length: usize| [b"p4,".as_slice(), &vec![b'X'; length]].concat();
    let reversed: String = MARKS
        .lines()
        .rev()
        .map(|line| format!("{line}\n"))
        .collect();
    for (name, rows, length) in [
        ("hostile_long_sorted", MARKS.to_owned(), 1 << 20),
        ("hostile_long_unsorted", reversed, 5 << 20),
    ] {
        let mut marks = marks_file(rows.as_bytes());
        marks.extend_from_slice(&long(length));
        marks.push(b'\n');
        let dir = dir_with(name, &[("marks.csv", &marks)]);
        let read = read_hostile(&dir, Some(("marks.csv", 7)));
        assert_eq!(read.marks, 5);
        assert_eq!(read.rejected, rejected("marks.csv", &[7]));
    }
}

#[test]
fn nul_bytes_and_invalid_utf8_are_bad_rows() {
    let mut rows = MARKS.as_bytes().to_vec();
    rows.extend_from_slice(b"p2,school-b,2024-10-08,AM,\0\0\n");
    rows.extend_from_slice(b"p2,school-\xff\xfe,2024-10-08,PM,G\n");
    let dir = dir_with("hostile_bytes", &[("marks.csv", &marks_file(&rows))]);
    let read = read_hostile(&dir, Some(("marks.csv", 7)));
    assert_eq!(read.marks, 5);
    assert_eq!(read.rejected, rejected("marks.csv", &[7, 8]));
}

#[test]
fn byte_order_marks_and_line_ends_of_either_kind_are_read() {
    let mixed = MARKS.replacen('\n', "\r\n", 2);
    let marks = [b"\xEF\xBB\xBF", marks_file(mixed.as_bytes()).as_slice()].concat();
    let dir = dir_with("hostile_line_ends", &[("marks.csv", &marks)]);
    let read = read_hostile(&dir, None);
    assert_eq!((read.marks, read.rejected.len()), (5, 0));
}

#[test]
fn a_truncated_last_line_is_a_bad_row() {
    let rows = format!("{MARKS}p2,school-b,2024-10-0");
    let dir = dir_with(
        "hostile_truncated",
        &[("marks.csv", &marks_file(rows.as_bytes()))],
    );
    let read = read_hostile(&dir, Some(("marks.csv", 7)));
    assert_eq!(read.rejected, rejected("marks.csv", &[7]));
}

#[test]
fn an_empty_file_stops_and_a_header_alone_has_no_lines() {
    let dir = dir_with("hostile_empty", &[("marks.csv", b"")]);
    match open_data_dir(&dir, &ReadOptions::default()) {
        Err(ReadError::BadRow(row)) => {
            assert_eq!((row.file, row.line), (dir.join("marks.csv"), 1));
            assert!(row.message.len() < SHORT);
        }
        other => panic!("expected the header to be missing, got {:?}", other.err()),
    }
    let dir = dir_with(
        "hostile_header_only",
        &[("marks.csv", MARKS_HEADER.as_bytes())],
    );
    let read = read_hostile(&dir, None);
    assert_eq!((read.marks, read.rejected.len()), (0, 0));
}

#[test]
fn columns_in_another_order_stop_at_the_header() {
    let marks = format!("school,pupil,date,session,code\n{MARKS}");
    let dir = dir_with("hostile_order", &[("marks.csv", marks.as_bytes())]);
    match open_data_dir(&dir, &ReadOptions::default()) {
        Err(ReadError::BadRow(row)) => {
            assert_eq!((row.file, row.line), (dir.join("marks.csv"), 1));
            assert!(row.message.len() < SHORT);
        }
        other => panic!("expected a wrong header, got {:?}", other.err()),
    }
}

#[test]
fn an_extra_column_and_a_repeated_header_cost_their_rows() {
    let rows = format!(
        "{MARKS}p2,school-b,2024-10-08,AM,G,extra\n{MARKS_HEADER}p2,school-b,2024-10-08,PM,G\n"
    );
    let dir = dir_with(
        "hostile_extra",
        &[("marks.csv", &marks_file(rows.as_bytes()))],
    );
    let read = read_hostile(&dir, Some(("marks.csv", 7)));
    assert_eq!(read.marks, 6);
    assert_eq!(read.rejected, rejected("marks.csv", &[7, 8]));
}
