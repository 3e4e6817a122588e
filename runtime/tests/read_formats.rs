//! The same data however it arrives: CSV or Parquet, sorted by pupil or
//! not, sorted in memory or through spilled runs, read whole or streamed.

mod read_support;

use read_support::data_dir;
use rollcall_runtime::read::{
    convert_table, open_data_dir, read_data_dir, read_data_dir_with, DataSet, FileFormat, OnBadRow,
    PupilRecord, ReadError, ReadOptions, Table,
};
use std::fs;
use std::path::{Path, PathBuf};

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data")
}

fn examples() -> DataSet {
    read_data_dir(&examples_dir(), OnBadRow::Stop)
        .expect("the examples read cleanly")
        .data
}

/// The example files with `marks.csv` and `events.csv` rows in a scrambled
/// but fixed order (every 7th row first, then every 7th from the second…).
fn scrambled_examples(name: &str) -> PathBuf {
    let scramble = |text: &str| {
        let mut lines = text.lines();
        let header = lines.next().expect("a header row");
        let rows: Vec<&str> = lines.collect();
        let mut out = vec![header];
        for start in (0..7).rev() {
            out.extend(rows.iter().skip(start).step_by(7));
        }
        out.join("\n") + "\n"
    };
    let read = |file: &str| fs::read_to_string(examples_dir().join(file)).expect("example file");
    let (schools, pupils) = (read("schools.csv"), read("pupils.csv"));
    let marks = scramble(&read("marks.csv"));
    let events = scramble(&read("events.csv"));
    data_dir(
        name,
        &[
            ("schools.csv", &schools),
            ("pupils.csv", &scramble(&pupils)),
            ("marks.csv", &marks),
            ("events.csv", &events),
        ],
    )
}

fn convert_dir(from: &Path, name: &str, format: FileFormat) -> PathBuf {
    let to = data_dir(name, &[]);
    for table in Table::ALL {
        let out = to.join(format!("{}.{}", table.name, format.extension()));
        let (_, rejected) =
            convert_table(from, table, &out, format, OnBadRow::Stop).expect("converts");
        assert!(rejected.is_empty());
    }
    to
}

#[test]
fn unsorted_files_read_the_same_as_sorted_ones() {
    let dir = scrambled_examples("scrambled");
    let sorted_in_memory = read_data_dir(&dir, OnBadRow::Stop).expect("reads");
    assert_eq!(sorted_in_memory.data, examples());
    // A budget of a few rows forces hundreds of spilled runs.
    let spilled = ReadOptions {
        memory: 4 << 10,
        ..ReadOptions::default()
    };
    let through_disk = read_data_dir_with(&dir, &spilled).expect("reads");
    assert_eq!(through_disk.data, examples());
}

#[test]
fn parquet_holds_the_same_data_and_converts_back_byte_for_byte() {
    let parquet = convert_dir(&examples_dir(), "parquet", FileFormat::Parquet);
    assert!(parquet.join("marks.parquet").exists());
    assert!(!parquet.join("marks.csv").exists());
    let read = read_data_dir(&parquet, OnBadRow::Stop).expect("reads Parquet");
    assert_eq!(read.data, examples());
    let csv = convert_dir(&parquet, "parquet_back", FileFormat::Csv);
    for file in ["schools.csv", "pupils.csv", "marks.csv", "events.csv"] {
        assert_eq!(
            fs::read_to_string(csv.join(file)).expect("written"),
            fs::read_to_string(examples_dir().join(file)).expect("example"),
            "{file}"
        );
    }
}

#[test]
fn unsorted_parquet_is_sorted_too() {
    let scrambled = scrambled_examples("scrambled_for_parquet");
    let parquet = convert_dir(&scrambled, "scrambled_parquet", FileFormat::Parquet);
    let read = read_data_dir(&parquet, OnBadRow::Stop).expect("reads");
    assert_eq!(read.data, examples());
}

#[test]
fn a_bad_parquet_row_is_named_by_its_row_number() {
    let dir = data_dir(
        "bad_parquet_source",
        &[
            ("schools.csv", "school,name,authority\ns,S,la\n"),
            ("pupils.csv", "pupil,date_of_birth,parents\np,2016-01-01,\n"),
            (
                "marks.csv",
                "pupil,school,date,session,code\n\
                 p,s,2024-09-02,AM,/\n\
                 p,s,2024-09-02,PM,QQ\n",
            ),
        ],
    );
    let parquet = convert_dir(&dir, "bad_parquet", FileFormat::Parquet);
    let error = read_data_dir(&parquet, OnBadRow::Stop).expect_err("a bad code");
    let message = error.to_string();
    assert!(
        message.contains("marks.parquet:2: unknown register code `QQ`"),
        "{message}"
    );
}

#[test]
fn a_table_given_twice_is_refused() {
    let both = convert_dir(&examples_dir(), "both_formats", FileFormat::Parquet);
    fs::copy(examples_dir().join("marks.csv"), both.join("marks.csv")).expect("copy");
    match read_data_dir(&both, OnBadRow::Stop) {
        Err(ReadError::Ambiguous { .. }) => {}
        other => panic!("expected an ambiguity error, got {other:?}"),
    }
}

#[test]
fn a_file_that_is_not_parquet_is_reported_not_a_panic() {
    let dir = data_dir(
        "not_parquet",
        &[
            ("schools.csv", "school,name,authority\ns,S,la\n"),
            ("pupils.csv", "pupil,date_of_birth,parents\np,2016-01-01,\n"),
            ("marks.parquet", "pupil,school,date,session,code\n"),
        ],
    );
    let error = read_data_dir(&dir, OnBadRow::Stop).expect_err("not Parquet");
    assert!(error.to_string().contains("marks.parquet"), "{error}");
}

#[test]
fn the_stream_holds_one_pupil_at_a_time_in_id_order() {
    let dir = scrambled_examples("stream_order");
    let mut stream = open_data_dir(&dir, &ReadOptions::default()).expect("opens");
    let whole = examples();
    let mut record = PupilRecord::default();
    let mut seen = Vec::new();
    while stream.pupils.next_into(&mut record).expect("reads") {
        let expected = whole.history(&record.pupil.id).expect("a known pupil");
        assert_eq!(record.marks.len(), expected.marks.len());
        assert!(record.marks.iter().zip(expected.marks).all(|(a, b)| (
            a.date, a.session, a.code, a.school
        ) == (
            b.date, b.session, b.code, b.school
        )));
        assert_eq!(record.events, expected.events);
        seen.push(record.pupil.id.clone());
    }
    let ids: Vec<String> = whole.pupils.iter().map(|pupil| pupil.id.clone()).collect();
    assert_eq!(seen, ids);
    assert_eq!(stream.pupils.pupils_read() as usize, ids.len());
}
