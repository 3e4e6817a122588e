//! The same data however it arrives: CSV or Parquet, sorted by pupil or
//! not, sorted in memory or through spilled runs, read whole or streamed.

mod read_support;

use read_support::data_dir;
use rollcall_data::read::{
    convert_table, open_data_dir, read_data_dir, read_data_dir_with, DataSet, FileFormat, OnBadRow,
    ParquetTableWriter, PupilRecord, ReadError, ReadOptions, Table,
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
    // A converted file says it is in pupil order only when it is.
    assert!(!says_sorted_by_pupil(&parquet.join("marks.parquet")));
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

/// Writes `marks.parquet` into `dir` with the columns given (name, array),
/// in row groups of `rows_per_group` rows if given.
fn write_marks_parquet(
    dir: &Path,
    columns: Vec<(&str, arrow_array::ArrayRef)>,
    rows_per_group: Option<usize>,
) {
    write_marks_parquet_sorted_by(dir, columns, rows_per_group, None);
}

/// As [`write_marks_parquet`], the file saying its rows are sorted by the
/// column `sorted_by` if given (whether or not they are).
fn write_marks_parquet_sorted_by(
    dir: &Path,
    columns: Vec<(&str, arrow_array::ArrayRef)>,
    rows_per_group: Option<usize>,
    sorted_by: Option<i32>,
) {
    write_parquet(
        &dir.join("marks.parquet"),
        columns,
        rows_per_group,
        sorted_by,
    );
}

/// Writes a Parquet file at `path` with the columns given (name, array), in
/// row groups of `rows_per_group` rows if given, saying its rows are sorted
/// by the column `sorted_by` if given (whether or not they are).
fn write_parquet(
    path: &Path,
    columns: Vec<(&str, arrow_array::ArrayRef)>,
    rows_per_group: Option<usize>,
    sorted_by: Option<i32>,
) {
    let batch = arrow_array::RecordBatch::try_from_iter(columns).expect("a batch");
    let sorting = sorted_by.map(|column_idx| {
        vec![parquet::file::metadata::SortingColumn {
            column_idx,
            descending: false,
            nulls_first: false,
        }]
    });
    let properties = parquet::file::properties::WriterProperties::builder()
        .set_max_row_group_row_count(rows_per_group)
        .set_sorting_columns(sorting)
        .build();
    let file = fs::File::create(path).expect("create");
    let mut writer = parquet::arrow::ArrowWriter::try_new(file, batch.schema(), Some(properties))
        .expect("a writer");
    writer.write(&batch).expect("write");
    writer.close().expect("close");
}

fn texts(values: &[Option<&str>]) -> arrow_array::ArrayRef {
    std::sync::Arc::new(arrow_array::StringArray::from(values.to_vec()))
}

/// The schools and pupils every marks file here goes with.
const SHARED: [(&str, &str); 2] = [
    ("schools.csv", read_support::SCHOOLS),
    ("pupils.csv", read_support::PUPILS),
];

/// A data directory `NAME_csv` of the shared schools and pupils and the
/// marks `rows` (pupil, school, date, session, code; `None` for an empty
/// field) as `marks.csv`.
fn marks_csv_dir<'r>(name: &str, rows: impl Iterator<Item = [Option<&'r str>; 5]>) -> PathBuf {
    let csv: String = rows
        .map(|row| row.map(|field| field.unwrap_or_default()).join(",") + "\n")
        .collect();
    let marks = read_support::MARKS_HEADER.to_owned() + &csv;
    data_dir(
        &format!("{name}_csv"),
        &[SHARED[0], SHARED[1], ("marks.csv", &marks)],
    )
}

/// The same marks `rows` (pupil, school, date, session, code; `None` for a
/// null) with the shared schools and pupils, in two data directories
/// `NAME_csv` and `NAME_parquet`: as `marks.csv`, and as a `marks.parquet`
/// of text columns in row groups of `rows_per_group` rows if given.
fn marks_both_ways(
    name: &str,
    rows: &[[Option<&str>; 5]],
    rows_per_group: Option<usize>,
) -> (PathBuf, PathBuf) {
    let csv_dir = marks_csv_dir(name, rows.iter().copied());
    let parquet_dir = data_dir(&format!("{name}_parquet"), &SHARED);
    let column = |index: usize| texts(&rows.iter().map(|row| row[index]).collect::<Vec<_>>());
    write_marks_parquet(
        &parquet_dir,
        Table::MARKS
            .columns
            .iter()
            .enumerate()
            .map(|(index, &name)| (name, column(index)))
            .collect(),
        rows_per_group,
    );
    (csv_dir, parquet_dir)
}

#[test]
fn bad_parquet_marks_get_the_csv_readers_messages_on_their_row_numbers() {
    // The same rows as CSV and as Parquet with text dates and nulls; the
    // Parquet reader takes its typed path here (text and dictionary
    // columns), the CSV one its text path.
    let rows: [[Option<&str>; 5]; 8] = [
        [
            Some("p1"),
            Some("school-a"),
            Some("2024-09-02"),
            Some("AM"),
            Some("/"),
        ],
        [
            Some("p1"),
            Some("school-a"),
            Some("2024-09-02"),
            Some("PM"),
            Some("QQ"),
        ],
        [
            Some("p1"),
            Some("school-z"),
            Some("2024-09-03"),
            Some("AM"),
            Some("/"),
        ],
        [Some("p1"), None, Some("2024-09-03"), Some("PM"), Some("/")],
        [
            Some("p2"),
            Some("school-b"),
            Some("2024-13-01"),
            Some("AM"),
            Some("/"),
        ],
        [Some("p2"), Some("school-b"), None, Some("AM"), Some("/")],
        [
            Some("p2"),
            Some("school-b"),
            Some("2024-09-04"),
            Some("XM"),
            Some("O"),
        ],
        [
            Some("p9"),
            Some("school-b"),
            Some("2024-09-04"),
            Some("AM"),
            Some("O"),
        ],
    ];
    let (csv_dir, parquet_dir) = marks_both_ways("bad_marks", &rows, None);
    let from_csv = read_data_dir(&csv_dir, OnBadRow::Skip).expect("reads");
    let from_parquet = read_data_dir(&parquet_dir, OnBadRow::Skip).expect("reads");
    assert_eq!(from_parquet.data, from_csv.data);
    assert_eq!(from_csv.data.marks.len(), 1);
    let messages = |loaded: &rollcall_data::read::Loaded, line_offset: u64| -> Vec<String> {
        loaded
            .rejected
            .iter()
            .map(|row| format!("{}: {}", row.line + line_offset, row.message))
            .collect()
    };
    // A CSV row's line is its Parquet row number plus the header row.
    assert_eq!(messages(&from_parquet, 1), messages(&from_csv, 0));
    assert_eq!(
        messages(&from_csv, 0),
        [
            "3: unknown register code `QQ` (the codes are / \\ L B J D K P Q V W C C1 C2 E H I J1 M R S T G N O U X Y Y1 Y2 Y3 Y4 Y5 Y6 Y7 Z #)",
            "4: unknown school `school-z` (not in schools.csv)",
            "5: missing school",
            "6: `2024-13-01` is not a date (expected YYYY-MM-DD)",
            "7: missing date (expected YYYY-MM-DD)",
            "8: `XM` is not a session (expected AM or PM)",
            "9: unknown pupil `p9` (not in pupils.csv)",
        ]
    );
}

#[test]
fn a_register_spanning_august_2024_reads_each_code_in_its_own_set() {
    // The earlier codes (`J`, `H`) before 19 August 2024 and the 2024 ones
    // (`K`) from it are read; a code dated outside its set is a bad row,
    // the same from CSV and from Parquet (p2's row after p1's makes the
    // Parquet reader try its fast path for p1 first).
    let mark = |date, session, code| {
        [
            Some("p1"),
            Some("school-a"),
            Some(date),
            Some(session),
            Some(code),
        ]
    };
    let rows = [
        mark("2024-07-15", "AM", "J"),
        mark("2024-07-15", "PM", "H"),
        mark("2024-08-16", "AM", "K"),
        mark("2024-09-02", "AM", "K"),
        mark("2024-09-02", "PM", "H"),
        [
            Some("p2"),
            Some("school-b"),
            Some("2024-09-02"),
            Some("AM"),
            Some("/"),
        ],
    ];
    let (csv_dir, parquet_dir) = marks_both_ways("codes_spanning_2024", &rows, None);
    let from_csv = read_data_dir(&csv_dir, OnBadRow::Skip).expect("reads");
    let from_parquet = read_data_dir(&parquet_dir, OnBadRow::Skip).expect("reads");
    assert_eq!(from_parquet.data, from_csv.data);
    let codes: Vec<String> = from_csv
        .data
        .marks
        .iter()
        .map(|mark| mark.code.to_string())
        .collect();
    assert_eq!(codes, ["J", "H", "K", "/"]);
    let rejected = |loaded: &rollcall_data::read::Loaded| -> Vec<(u64, String)> {
        loaded
            .rejected
            .iter()
            .map(|row| (row.line, row.message.clone()))
            .collect()
    };
    assert_eq!(
        rejected(&from_csv),
        [
            (
                4,
                "code `K` is a 2024 code, in use from 2024-08-19 (this mark is dated 2024-08-16); \
                 before then the earlier codes apply"
                    .to_owned()
            ),
            (
                6,
                "code `H` went out of use on 2024-08-19 (this mark is dated 2024-09-02); the 2024 \
                 codes apply from then"
                    .to_owned()
            ),
        ]
    );
    let rows_of = |rejected: Vec<(u64, String)>| -> Vec<(u64, String)> {
        rejected
            .into_iter()
            .map(|(line, message)| (line + 1, message))
            .collect()
    };
    assert_eq!(rows_of(rejected(&from_parquet)), rejected(&from_csv));
}

#[test]
fn parquet_columns_of_other_types_are_read_as_text() {
    // Schools as integers and dates as Parquet dates: the date column is
    // typed, the integer one is not text, so the whole file is read through
    // the text path, with the same result as the CSV.
    let csv_dir = data_dir(
        "integer_schools_csv",
        &[
            ("schools.csv", "school,name,authority\n7,Seven,la\n"),
            (
                "pupils.csv",
                "pupil,date_of_birth,parents\np,2016-01-01,m\n",
            ),
            (
                "marks.csv",
                "pupil,school,date,session,code\np,7,2024-09-02,AM,/\np,7,2024-09-02,PM,O\n",
            ),
        ],
    );
    let parquet_dir = data_dir(
        "integer_schools_parquet",
        &[
            ("schools.csv", "school,name,authority\n7,Seven,la\n"),
            (
                "pupils.csv",
                "pupil,date_of_birth,parents\np,2016-01-01,m\n",
            ),
        ],
    );
    let day = chrono::NaiveDate::from_ymd_opt(2024, 9, 2).expect("a date");
    let days = arrow_array::types::Date32Type::from_naive_date(day);
    write_marks_parquet(
        &parquet_dir,
        vec![
            ("pupil", texts(&[Some("p"), Some("p")])),
            (
                "school",
                std::sync::Arc::new(arrow_array::Int64Array::from(vec![7, 7])),
            ),
            (
                "date",
                std::sync::Arc::new(arrow_array::Date32Array::from(vec![days, days])),
            ),
            ("session", texts(&[Some("AM"), Some("PM")])),
            ("code", texts(&[Some("/"), Some("O")])),
        ],
        None,
    );
    let from_csv = read_data_dir(&csv_dir, OnBadRow::Stop).expect("reads");
    let from_parquet = read_data_dir(&parquet_dir, OnBadRow::Stop).expect("reads");
    assert_eq!(from_parquet.data.marks.len(), 2);
    assert_eq!(from_parquet, from_csv);
}

#[test]
fn parquet_row_groups_out_of_order_are_sorted() {
    // One row group a row, each group in order but the groups in
    // descending pupil order: the check (row groups in parallel, then their
    // boundaries) must find it unsorted, and the reader sort it.
    let row = |pupil, session, code| [pupil, "school-a", "2024-09-02", session, code].map(Some);
    let rows = [
        row("p2", "AM", "O"),
        row("p2", "PM", "O"),
        row("p1", "AM", "/"),
        row("p1", "PM", "/"),
    ];
    let (csv_dir, parquet_dir) = marks_both_ways("row_groups", &rows, Some(1));
    let from_csv = read_data_dir(&csv_dir, OnBadRow::Stop).expect("reads");
    let from_parquet = read_data_dir(&parquet_dir, OnBadRow::Stop).expect("reads");
    assert_eq!(from_parquet, from_csv);
    assert_eq!(from_parquet.data.marks.len(), 4);
}

#[test]
fn clean_parquet_rows_out_of_order_or_repeated_are_settled_as_in_csv() {
    // Every value good, so the typed reader's batch is clean; but p1's rows
    // come out of date order, with one session given twice alike and one
    // given two codes, so p1 must still be settled row by row. p2's rows,
    // in order, are taken straight; p3's run ends the batch.
    let row = |pupil, date, session, code| [pupil, "school-a", date, session, code].map(Some);
    let rows = [
        row("p1", "2024-09-03", "AM", "/"),
        row("p1", "2024-09-02", "PM", "O"),
        row("p1", "2024-09-02", "AM", "/"),
        row("p1", "2024-09-03", "AM", "/"),
        row("p1", "2024-09-04", "AM", "O"),
        row("p1", "2024-09-04", "AM", "I"),
        row("p2", "2024-09-02", "AM", "/"),
        row("p2", "2024-09-02", "PM", "U"),
        row("p2", "2024-09-03", "AM", "#"),
        row("p3", "2024-09-02", "AM", "/"),
    ];
    let (csv_dir, parquet_dir) = marks_both_ways("clean_unsettled", &rows, None);
    let from_csv = read_data_dir(&csv_dir, OnBadRow::Skip).expect("reads");
    let from_parquet = read_data_dir(&parquet_dir, OnBadRow::Skip).expect("reads");
    assert_eq!(from_parquet.data, from_csv.data);
    // p1: 2 Sep AM and PM, 3 Sep AM once; p2: three; p3: one.
    assert_eq!(from_parquet.data.marks.len(), 7);
    let lines: Vec<u64> = from_parquet.rejected.iter().map(|row| row.line).collect();
    assert_eq!(lines, [5, 6], "both rows giving 4 Sep AM two codes");
    let csv_lines: Vec<u64> = from_csv.rejected.iter().map(|row| row.line - 1).collect();
    assert_eq!(lines, csv_lines);
}

#[test]
fn a_null_in_one_column_of_a_batch_is_a_rejected_row_even_mid_pupil() {
    // Every value good but one null, in one column: the batch is not clean
    // (a batch without nulls need not be searched for them), so p1's rows,
    // a run in the middle of the batch, are read row by row.
    for (column, name) in Table::MARKS.columns.iter().enumerate().skip(1) {
        let row = |pupil, date, session| [pupil, "school-a", date, session, "/"].map(Some);
        let mut rows = [
            row("p1", "2024-09-02", "AM"),
            row("p1", "2024-09-02", "PM"),
            row("p1", "2024-09-03", "AM"),
            row("p2", "2024-09-02", "AM"),
            row("p2", "2024-09-02", "PM"),
        ];
        rows[1][column] = None;
        let (csv_dir, parquet_dir) = marks_both_ways(&format!("null_{name}"), &rows, None);
        let from_csv = read_data_dir(&csv_dir, OnBadRow::Skip).expect("reads");
        let from_parquet = read_data_dir(&parquet_dir, OnBadRow::Skip).expect("reads");
        assert_eq!(from_parquet.data, from_csv.data, "{name}");
        assert_eq!(from_parquet.data.marks.len(), 4, "{name}");
        let lines: Vec<u64> = from_parquet.rejected.iter().map(|row| row.line).collect();
        assert_eq!(lines, [2], "{name}");
        if *name != "date" {
            continue;
        }
        // With Parquet dates (day numbers read as keys), the first null: a
        // mark on no date taken for clean would sort first, unnoticed.
        let september_2 = 19_968;
        let days = [None, Some(september_2), Some(september_2 + 1)];
        let days: arrow_array::ArrayRef = std::sync::Arc::new(arrow_array::Date32Array::from(
            [days[0], days[1], days[2], days[1], days[1]].to_vec(),
        ));
        let column = |index: usize| texts(&rows.iter().map(|row| row[index]).collect::<Vec<_>>());
        let typed_dir = data_dir("null_day_parquet", &SHARED);
        let columns = vec![
            ("pupil", column(0)),
            ("school", column(1)),
            ("date", days),
            ("session", column(3)),
            ("code", column(4)),
        ];
        write_marks_parquet(&typed_dir, columns, None);
        let typed = read_data_dir(&typed_dir, OnBadRow::Skip).expect("reads");
        let lines: Vec<u64> = typed.rejected.iter().map(|row| row.line).collect();
        assert_eq!(lines, [1], "Parquet dates");
        let p1: Vec<String> = typed.data.marks[..2]
            .iter()
            .map(|mark| format!("{} {}", mark.date, mark.session))
            .collect();
        assert_eq!(p1, ["2024-09-02 PM", "2024-09-03 AM"], "Parquet dates");
    }
}

#[test]
fn parquet_day_numbers_past_the_year_9999_are_rejected_rows_not_a_panic() {
    // Parquet dates are day numbers: the first an i32 holds is no date,
    // and the first day of the year 10000 is no date a CSV file can write;
    // the good rows between them are still read, and both readers say the
    // same of the bad ones: the typed one (a file in pupil order) and the
    // one that hands out text (a file to be sorted).
    let september_2 = 19_968; // 2024-09-02
    let year_10000 = 2_932_897; // the day after 9999-12-31
    let read = |name: &str, pupils: [&str; 4]| {
        let parquet_dir = data_dir(
            name,
            &[
                ("schools.csv", read_support::SCHOOLS),
                ("pupils.csv", read_support::PUPILS),
            ],
        );
        let dates: arrow_array::ArrayRef =
            std::sync::Arc::new(arrow_array::Date32Array::from(vec![
                i32::MIN,
                september_2,
                september_2,
                year_10000,
            ]));
        let columns = vec![
            ("pupil", texts(&pupils.map(Some))),
            ("school", texts(&[Some("school-a"); 4])),
            ("date", dates),
            (
                "session",
                texts(&[Some("AM"), Some("AM"), Some("PM"), Some("PM")]),
            ),
            ("code", texts(&[Some("/"); 4])),
        ];
        write_marks_parquet(&parquet_dir, columns, None);
        let options = ReadOptions {
            on_bad_row: OnBadRow::Skip,
            ..ReadOptions::default()
        };
        let mut stream = open_data_dir(&parquet_dir, &options).expect("opens");
        let (mut record, mut marks) = (PupilRecord::default(), 0);
        while stream.pupils.next_into(&mut record).expect("reads") {
            marks += record.marks.len();
        }
        assert_eq!(marks, 2, "{name}");
        // Every row of the Parquet file is accounted for, as every line of
        // a CSV file is.
        let account = stream
            .pupils
            .accounts()
            .into_iter()
            .find(|account| account.file.ends_with("marks.parquet"))
            .expect("marks.parquet accounted for");
        assert_eq!(
            (account.lines, account.read(), account.rejected),
            (4, 2, vec![1, 4]),
            "{name}"
        );
        let rejected: Vec<(u64, String, Option<String>)> = stream
            .pupils
            .rejected()
            .into_iter()
            .map(|row| (row.line, row.message, row.column))
            .collect();
        rejected
    };
    let typed = read("extreme_days_parquet", ["p1"; 4]);
    let sorted = read("extreme_days_unsorted_parquet", ["p2", "p1", "p1", "p2"]);
    let out_of_range =
        |days: i32| format!("date: day {days} after 1970-01-01 is out of the range of dates");
    assert_eq!(
        typed
            .iter()
            .map(|(line, message, _)| (*line, message.clone()))
            .collect::<Vec<_>>(),
        [(1, out_of_range(i32::MIN)), (4, out_of_range(year_10000))]
    );
    assert_eq!(
        sorted,
        [
            (1, out_of_range(i32::MIN), Some("date".to_owned())),
            (4, out_of_range(year_10000), Some("date".to_owned())),
        ]
    );
}

/// Whether every row group of the Parquet file at `path` says it is sorted
/// by its first column.
fn says_sorted_by_pupil(path: &Path) -> bool {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let reader = SerializedFileReader::new(fs::File::open(path).expect("open")).expect("Parquet");
    let groups = reader.metadata().row_groups();
    !groups.is_empty()
        && groups.iter().all(|group| {
            group
                .sorting_columns()
                .is_some_and(|columns| columns.first().is_some_and(|c| c.column_idx == 0))
        })
}

#[test]
fn converted_parquet_says_it_is_in_pupil_order() {
    let sorted = convert_dir(&examples_dir(), "says_sorted", FileFormat::Parquet);
    for table in ["pupils", "marks", "events"] {
        assert!(
            says_sorted_by_pupil(&sorted.join(format!("{table}.parquet"))),
            "{table}"
        );
    }
    assert!(!says_sorted_by_pupil(&sorted.join("schools.parquet")));
    // (`unsorted_parquet_is_sorted_too` converts files out of order.)
    let read = read_data_dir(&sorted, OnBadRow::Stop).expect("reads");
    assert_eq!(read.data, examples());
}

#[test]
fn a_parquet_file_wrongly_saying_it_is_in_pupil_order_is_an_error_naming_the_row() {
    // The order is trusted, so the file is not checked before it is read;
    // the rows are, as they are read, across row groups and batches.
    let dir = data_dir(
        "wrongly_sorted_parquet",
        &[
            ("schools.csv", read_support::SCHOOLS),
            ("pupils.csv", read_support::PUPILS),
        ],
    );
    let column = |values: [&str; 4]| texts(&values.map(Some));
    let columns = || {
        vec![
            ("pupil", column(["p1", "p2", "p2", "p1"])),
            ("school", column(["school-a"; 4])),
            ("date", column(["2024-09-02"; 4])),
            ("session", column(["AM", "AM", "PM", "PM"])),
            ("code", column(["/"; 4])),
        ]
    };
    write_marks_parquet_sorted_by(&dir, columns(), Some(2), Some(0));
    let error = read_data_dir(&dir, OnBadRow::Skip).expect_err("out of the order it claims");
    let message = error.to_string();
    assert!(
        message.contains("marks.parquet")
            && message.contains("row 4: pupil `p1` comes after `p2`")
            && message.contains("sorting_columns"),
        "{message}"
    );
    // Without the claim, the same rows are checked first, found unsorted
    // and sorted.
    write_marks_parquet(&dir, columns(), Some(2));
    let read = read_data_dir(&dir, OnBadRow::Stop).expect("reads");
    assert_eq!(read.data.marks.len(), 4);
}

#[test]
fn a_pupils_file_wrongly_saying_it_is_in_pupil_order_is_an_error_naming_the_row() {
    // As with marks: the claim is trusted, so the file is not read through
    // before it is read, and its rows are checked as they are.
    let dir = data_dir(
        "wrongly_sorted_pupils",
        &[
            ("schools.csv", read_support::SCHOOLS),
            ("marks.csv", read_support::MARKS_HEADER),
        ],
    );
    let write = |claim: bool| {
        let column = |values: [&str; 3]| texts(&values.map(Some));
        let columns = vec![
            ("pupil", column(["p2", "p1", "p3"])),
            (
                "date_of_birth",
                column(["2016-05-06", "2015-03-04", "2017-01-01"]),
            ),
            ("parents", column(["p2-mum;p2-dad", "p1-dad", ""])),
        ];
        write_parquet(
            &dir.join("pupils.parquet"),
            columns,
            None,
            claim.then_some(0),
        );
    };
    write(true);
    let error = read_data_dir(&dir, OnBadRow::Skip).expect_err("out of the order it claims");
    let message = error.to_string();
    assert!(
        message.contains("pupils.parquet")
            && message.contains("row 2: pupil `p1` comes after `p2`")
            && message.contains("sorting_columns"),
        "{message}"
    );
    // Without the claim, the same rows are checked first, found unsorted
    // and sorted.
    write(false);
    let read = read_data_dir(&dir, OnBadRow::Stop).expect("reads");
    let ids: Vec<&str> = read
        .data
        .pupils
        .iter()
        .map(|pupil| pupil.id.as_str())
        .collect();
    assert_eq!(ids, ["p1", "p2", "p3"]);
}

#[test]
fn a_parquet_writer_in_pupil_order_refuses_a_row_out_of_it() {
    let dir = data_dir("writer_in_order", &[]);
    let path = dir.join("marks.parquet");
    let mut writer = ParquetTableWriter::create(&path, Table::MARKS, true).expect("creates");
    let row = |pupil: &'static str| -> [&'static [u8]; 5] {
        [pupil.as_bytes(), b"school-a", b"2024-09-02", b"AM", b"/"]
    };
    for pupil in ["p1", "p1", "p2", "p10"] {
        writer
            .push(row(pupil))
            .expect("writes")
            .expect("a good row");
    }
    // Rows are checked as they are written out, a batch at a time.
    let error = writer.finish().expect_err("p10 sorts before p2");
    assert!(
        error
            .to_string()
            .contains("row 4: pupil `p10` comes after `p2`"),
        "{error}"
    );
}

#[test]
fn pupils_that_are_not_utf8_convert_without_an_order_claim() {
    // In byte order, but not once each invalid byte is written to Parquet
    // as a replacement character: the claim would be false, so it is not
    // made (and the rows still convert).
    let dir = data_dir("not_utf8_source", &[]);
    let mut marks = read_support::MARKS_HEADER.as_bytes().to_vec();
    marks.extend_from_slice(b"p\xfe2,school-a,2024-09-02,AM,/\n");
    marks.extend_from_slice(b"p\xff1,school-a,2024-09-02,AM,/\n");
    fs::write(dir.join("marks.csv"), marks).expect("write");
    let out = data_dir("not_utf8_parquet", &[]).join("marks.parquet");
    let (written, rejected) = convert_table(
        &dir,
        Table::MARKS,
        &out,
        FileFormat::Parquet,
        OnBadRow::Stop,
    )
    .expect("converts");
    assert_eq!((written, rejected.len()), (2, 0));
    assert!(!says_sorted_by_pupil(&out));
}

/// The same marks (three pupils over a term, with bad and missing values)
/// as CSV and as Parquet files of every shape the page reader meets: row
/// groups and data pages of a few dozen rows, version 1 and 2 data pages,
/// pages of nulls alone, typed dates with nulls, and without dictionaries
/// (read through Arrow).
#[test]
fn parquet_pages_of_every_shape_read_as_the_csv_does() {
    let codes = ["/", "\\", "O", "I", "#", "G", "L", "U"];
    let mut rows: Vec<[Option<String>; 5]> = Vec::new();
    for pupil in ["p1", "p2", "p3"] {
        let mut date = chrono::NaiveDate::from_ymd_opt(2024, 9, 2).expect("a date");
        for day in 0..70 {
            for session in ["AM", "PM"] {
                let n = rows.len();
                rows.push([
                    Some(pupil.to_string()),
                    (n % 97 != 5).then(|| ["school-a", "school-b"][day / 40].to_string()),
                    (n % 89 != 7).then(|| date.to_string()),
                    Some(session.to_string()),
                    // p3's codes missing for five weeks: whole pages of nulls.
                    (n % 83 != 3 && !(pupil == "p3" && (20..45).contains(&day)))
                        .then(|| codes[(n * 7 + day) % codes.len()].to_string()),
                ]);
            }
            date = date.succ_opt().expect("a date");
            if date.format("%a").to_string() == "Sat" {
                date = date + chrono::Days::new(2);
            }
        }
    }
    let csv_dir = marks_csv_dir(
        "page_shapes",
        rows.iter().map(|row| row.each_ref().map(Option::as_deref)),
    );
    let from_csv = read_data_dir(&csv_dir, OnBadRow::Skip).expect("reads");
    assert!(
        from_csv.data.marks.len() > 250,
        "{}",
        from_csv.data.marks.len()
    );
    assert!(from_csv.rejected.len() > 10, "{}", from_csv.rejected.len());
    let text = |index: usize| -> arrow_array::ArrayRef {
        std::sync::Arc::new(arrow_array::StringArray::from(
            rows.iter()
                .map(|row| row[index].clone())
                .collect::<Vec<_>>(),
        ))
    };
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");
    let days: arrow_array::ArrayRef = std::sync::Arc::new(arrow_array::Date32Array::from(
        rows.iter()
            .map(|row| {
                let date = row[2].as_deref()?.parse::<chrono::NaiveDate>().ok()?;
                Some((date - epoch).num_days() as i32)
            })
            .collect::<Vec<_>>(),
    ));
    use parquet::file::properties::{WriterProperties, WriterVersion};
    let shapes = [
        ("v1", WriterVersion::PARQUET_1_0, true),
        ("v2", WriterVersion::PARQUET_2_0, true),
        ("plain", WriterVersion::PARQUET_1_0, false),
    ];
    for (shape, version, dictionary) in shapes {
        let dir = data_dir(&format!("page_shapes_{shape}"), &SHARED);
        let batch = arrow_array::RecordBatch::try_from_iter([
            ("pupil", text(0)),
            ("school", text(1)),
            ("date", days.clone()),
            ("session", text(3)),
            ("code", text(4)),
        ])
        .expect("a batch");
        let properties = WriterProperties::builder()
            .set_writer_version(version)
            .set_dictionary_enabled(dictionary)
            .set_max_row_group_row_count(Some(97))
            .set_data_page_row_count_limit(20)
            .set_write_batch_size(20)
            .build();
        let file = fs::File::create(dir.join("marks.parquet")).expect("create");
        let mut writer =
            parquet::arrow::ArrowWriter::try_new(file, batch.schema(), Some(properties))
                .expect("a writer");
        writer.write(&batch).expect("write");
        writer.close().expect("close");
        let from_parquet = read_data_dir(&dir, OnBadRow::Skip).expect("reads");
        assert_eq!(from_parquet.data, from_csv.data, "{shape}");
        let lines = |loaded: &rollcall_data::read::Loaded, offset: u64| -> Vec<(u64, String)> {
            loaded
                .rejected
                .iter()
                .map(|row| (row.line + offset, row.message.clone()))
                .collect()
        };
        assert_eq!(lines(&from_parquet, 1), lines(&from_csv, 0), "{shape}");
    }
}

/// A Parquet file compressed with gzip (`fixtures/gzip-marks.parquet`,
/// written by DuckDB's `COPY … (FORMAT parquet, COMPRESSION gzip)`), which
/// rollcall is built without, is an error naming the file and saying what
/// to do, not the parquet crate's words.
#[test]
fn a_parquet_file_compressed_with_gzip_is_refused_in_words() {
    let dir = data_dir("gzip_marks", &SHARED);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gzip-marks.parquet");
    fs::copy(fixture, dir.join("marks.parquet")).expect("copy the fixture");
    let error = read_data_dir(&dir, OnBadRow::Skip)
        .expect_err("gzip is not read")
        .to_string();
    assert!(error.contains("marks.parquet: compressed with gzip, which rollcall does not read: write it again with snappy or zstd compression, or none"), "{error}");
}

/// `events.csv` rows (after the header) with a PM exclusion, an addressed
/// sweep and closed cases, in the seven-column form.
const EVENTS_WITH_SESSIONS: &str = "p1,,exclusion,2024-10-07,2024-10-09,suspension,PM\n\
    p2,p2-mum,exclusion,2024-10-07,2024-10-07,,AM\n\
    p2,p2-dad,truancy_sweep,2024-11-12,,,\n\
    p2,p2-mum,case_closed,2025-01-10,,convicted,\n\
    p2,,case_closed,2025-02-14,,,\n";

#[test]
fn start_sessions_and_closed_cases_convert_both_ways_byte_for_byte() {
    let events = format!(
        "{}{EVENTS_WITH_SESSIONS}",
        read_support::EVENTS_HEADER_WITH_SESSION
    );
    let csv = read_support::with_events("sessions_csv", "", Some(events.clone()));
    let parquet = convert_dir(&csv, "sessions_parquet", FileFormat::Parquet);
    let from_csv = read_data_dir(&csv, OnBadRow::Stop).expect("reads CSV").data;
    let from_parquet = read_data_dir(&parquet, OnBadRow::Stop)
        .expect("reads Parquet")
        .data;
    assert_eq!(from_parquet, from_csv);
    assert_eq!(
        from_csv.events[0].start_session,
        Some(rollcall_data::model::Session::Pm)
    );
    let back = convert_dir(&parquet, "sessions_back", FileFormat::Csv);
    assert_eq!(
        fs::read_to_string(back.join("events.csv")).expect("written"),
        events
    );
}

#[test]
fn events_without_the_start_session_column_convert_to_the_seven_column_form() {
    let rows = "p1,,exclusion,2024-10-07,2024-10-09,suspension\n\
                p2,p2-mum,penalty_notice,2024-09-20,,la-1\n";
    let six = read_support::with_rows("six_columns", "", Some(rows));
    for format in [FileFormat::Csv, FileFormat::Parquet] {
        let name = format!("six_columns_to_{}", format.extension());
        let converted = convert_dir(&six, &name, format);
        assert_eq!(
            read_data_dir(&converted, OnBadRow::Stop)
                .expect("reads")
                .data,
            read_data_dir(&six, OnBadRow::Stop).expect("reads").data
        );
        if format == FileFormat::Csv {
            assert_eq!(
                fs::read_to_string(converted.join("events.csv")).expect("written"),
                "pupil,parent,kind,start,end,detail,start_session\n\
                 p1,,exclusion,2024-10-07,2024-10-09,suspension,\n\
                 p2,p2-mum,penalty_notice,2024-09-20,,la-1,\n"
            );
        }
    }
}

#[test]
fn a_parquet_events_file_may_lack_start_session_but_not_a_required_column() {
    let dir = read_support::with_events("parquet_events", "", None);
    let column = |values: [&str; 2]| texts(&values.map(Some));
    let mut columns = vec![
        ("pupil", column(["p1", "p2"])),
        ("parent", column(["", "p2-dad"])),
        ("kind", column(["exclusion", "truancy_sweep"])),
        ("start", column(["2024-10-07", "2024-11-12"])),
        ("end", column(["2024-10-09", ""])),
        ("detail", column(["", ""])),
    ];
    let path = dir.join("events.parquet");
    write_parquet(&path, columns.clone(), None, None);
    let events = read_data_dir(&dir, OnBadRow::Stop)
        .expect("no start_session column")
        .data
        .events;
    assert_eq!(events.len(), 2);
    assert!(events.iter().all(|event| event.start_session.is_none()));

    columns.push(("start_session", column(["PM", ""])));
    write_parquet(&path, columns.clone(), None, None);
    let events = read_data_dir(&dir, OnBadRow::Stop)
        .expect("a start_session column")
        .data
        .events;
    assert_eq!(
        events[0].start_session,
        Some(rollcall_data::model::Session::Pm)
    );

    columns[6] = ("start_session", column(["PM", "PM"]));
    write_parquet(&path, columns.clone(), None, None);
    let error = read_data_dir(&dir, OnBadRow::Stop).expect_err("a session on a sweep");
    assert!(
        error.to_string().ends_with(
            "events.parquet:2: `start_session` is only for exclusions: leave it empty on \
             `truancy_sweep` events"
        ),
        "{error}"
    );

    columns.remove(5);
    write_parquet(&path, columns, None, None);
    let error = read_data_dir(&dir, OnBadRow::Stop).expect_err("no detail column");
    assert!(
        error.to_string().contains(
            "missing column `detail` (a events file has the columns \
             pupil,parent,kind,start,end,detail)"
        ),
        "{error}"
    );
}

/// The rows of `examples/data/TABLE.csv` in reverse order, written as a
/// Parquet file (every column text) that says its rows are sorted by pupil;
/// the 1-based row at which that claim first breaks.
fn write_reversed_claiming_order(table: &str, to: &Path) -> u64 {
    let mut reader = csv::Reader::from_path(examples_dir().join(format!("{table}.csv")))
        .expect("the example reads");
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    let mut rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    rows.reverse();
    let broken = rows
        .windows(2)
        .position(|pair| pair[1][0] < pair[0][0])
        .expect("reversed rows break pupil order") as u64
        + 2;
    let columns = header
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let values: Vec<Option<&str>> = rows.iter().map(|row| Some(&row[index])).collect();
            (name.as_str(), texts(&values))
        })
        .collect();
    write_parquet(&to.join(format!("{table}.parquet")), columns, None, Some(0));
    broken
}

#[test]
fn a_parquet_file_out_of_the_order_it_claims_is_named_itself_never_another_file() {
    for table in ["pupils", "marks", "events"] {
        let dir = convert_dir(
            &examples_dir(),
            &format!("reversed_{table}"),
            FileFormat::Parquet,
        );
        let row = write_reversed_claiming_order(table, &dir);
        for on_bad_row in [OnBadRow::Stop, OnBadRow::Skip] {
            let error = read_data_dir(&dir, on_bad_row).expect_err("out of the order it claims");
            let message = error.to_string();
            assert!(
                message.contains(&format!("{table}.parquet"))
                    && message.contains(&format!("row {row}: pupil"))
                    && message.contains("sorting_columns")
                    && !message.contains(".csv"),
                "{table}: {message}"
            );
        }
    }
}

#[test]
fn a_mark_of_a_pupil_missing_from_a_parquet_pupils_file_names_that_file() {
    let dir = data_dir(
        "unknown_pupil_parquet",
        &[
            ("schools.csv", read_support::SCHOOLS),
            (
                "marks.csv",
                &format!(
                    "{}p0,school-a,2024-09-02,AM,/\n",
                    read_support::MARKS_HEADER
                ),
            ),
        ],
    );
    let column = |values: [&str; 1]| texts(&values.map(Some));
    write_parquet(
        &dir.join("pupils.parquet"),
        vec![
            ("pupil", column(["p1"])),
            ("date_of_birth", column(["2015-03-04"])),
            ("parents", column(["p1-dad"])),
        ],
        None,
        Some(0),
    );
    let error = read_data_dir(&dir, OnBadRow::Stop).expect_err("an unknown pupil");
    let message = error.to_string();
    assert!(
        message.contains("unknown pupil `p0` (not in pupils.parquet)"),
        "{message}"
    );
}

/// Reads `rows` of `marks.csv` (after its header) in the order `order`
/// gives, at one school and pupils `p01`, `p02` and `pNNNN` up to
/// `pupils`, skipping bad rows within `memory` bytes: the data, and each
/// rejection as its row and message (line numbers in the message taken
/// back to rows too), sorted.
fn read_marks_in_order(
    name: &str,
    rows: &[String],
    order: &[usize],
    pupils: usize,
    memory: usize,
) -> (DataSet, Vec<(String, String)>) {
    let marks: String = std::iter::once("pupil,school,date,session,code")
        .chain(order.iter().map(|&index| rows[index].as_str()))
        .map(|row| format!("{row}\n"))
        .collect();
    let schools = "school,name,authority\nkendal-primary,Kendal Primary,westmorland-and-furness\n";
    let mut pupils_csv =
        "pupil,date_of_birth,parents\np01,2016-03-14,p01-mum\np02,2015-07-02,\n".to_owned();
    for pupil in 0..pupils {
        pupils_csv.push_str(&format!("p{pupil:04},2016-01-01,\n"));
    }
    let dir = data_dir(
        name,
        &[
            ("schools.csv", schools),
            ("pupils.csv", &pupils_csv),
            ("marks.csv", &marks),
        ],
    );
    let options = ReadOptions {
        on_bad_row: OnBadRow::Skip,
        memory,
        ..ReadOptions::default()
    };
    let loaded = read_data_dir_with(&dir, &options).expect("reads, skipping");
    let at = |line: u64| rows[order[line as usize - 2]].as_str();
    let mut rejected: Vec<(String, String)> = loaded
        .rejected
        .iter()
        .map(|row| {
            let mut message = row.message.clone();
            for line in (2..order.len() as u64 + 2).rev() {
                let named = format!("line {line} ");
                if message.contains(&named) {
                    message = message.replace(&named, &format!("`{}` ", at(line)));
                }
            }
            (at(row.line).to_owned(), message)
        })
        .collect();
    rejected.sort();
    (loaded.data, rejected)
}

/// A bad row of each kind the marks reader finds: a bad date, session
/// and code, an unknown school and pupil, and a session marked twice with
/// different codes (the two rows in this order).
const BAD_MARKS: [&str; 7] = [
    "p01,kendal-primary,2024-09-31,AM,/",
    "p01,kendal-primary,2024-09-03,XX,/",
    "p01,kendal-primary,2024-09-03,PM,Ö",
    "p01,nowhere,2024-09-04,AM,/",
    "p01,kendal-primary,2024-09-05,AM,/",
    "p01,kendal-primary,2024-09-05,AM,G",
    "p99,kendal-primary,2024-09-02,AM,/",
];

#[test]
fn bad_rows_of_an_unsorted_file_are_rejected_as_in_the_sorted_one() {
    let good = [
        "p01,kendal-primary,2024-09-02,AM,/",
        "p01,kendal-primary,2024-09-02,PM,O",
        "p02,kendal-primary,2024-09-02,AM,/",
        "p02,kendal-primary,2024-09-02,PM,/",
    ];
    // In pupil order: p01's good rows and bad ones, p02's, p99's.
    let rows: Vec<String> = good[..2]
        .iter()
        .chain(&BAD_MARKS[..6])
        .chain(&good[2..])
        .chain(&BAD_MARKS[6..])
        .map(|row| row.to_string())
        .collect();
    let in_order: Vec<usize> = (0..rows.len()).collect();
    let (data, rejected) =
        read_marks_in_order("sorted_with_bad_rows", &rows, &in_order, 0, 512 << 20);
    assert_eq!(rejected.len(), 7, "{rejected:#?}");
    assert_eq!(data.pupils.len(), 2);
    // The two rows of the conflict keep their order: the message names
    // them in line order.
    let scrambled = [10, 3, 9, 6, 0, 5, 2, 8, 7, 1, 4];
    assert!(
        scrambled.iter().position(|&row| row == 6) < scrambled.iter().position(|&row| row == 7)
    );
    for (name, memory) in [
        ("unsorted_with_bad_rows", 512 << 20),
        ("unsorted_spilled_with_bad_rows", 64),
    ] {
        let read = read_marks_in_order(name, &rows, &scrambled, 0, memory);
        assert_eq!(read, (data.clone(), rejected.clone()), "{name}");
    }
}

#[test]
fn a_large_unsorted_file_read_in_parts_reads_as_the_sorted_one() {
    // 1,500 pupils' 64 marks (3 MB, enough to be split in parts and read
    // on threads of their own), and the bad rows.
    const PUPILS: usize = 1_500;
    let codes = ["/", "\\", "O", "G", "L", "U"];
    let mut rows: Vec<String> = BAD_MARKS.iter().map(|row| row.to_string()).collect();
    for pupil in 0..PUPILS {
        for day in 0..32 {
            for session in ["AM", "PM"] {
                let date = chrono::NaiveDate::from_ymd_opt(2024, 9, 2).expect("a date")
                    + chrono::Days::new(day);
                let code = codes[(pupil * 7 + day as usize * 3) % codes.len()];
                rows.push(format!(
                    "p{pupil:04},kendal-primary,{date},{session},{code}"
                ));
            }
        }
    }
    rows.sort();
    let in_order: Vec<usize> = (0..rows.len()).collect();
    // A fixed shuffle in which the two conflicting rows keep their order.
    let mut shuffled = in_order.clone();
    let mut state: u64 = 2024;
    for index in (1..shuffled.len()).rev() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        shuffled.swap(index, (state >> 33) as usize % (index + 1));
    }
    let place = |row: &str| {
        shuffled
            .iter()
            .position(|&index| rows[index] == row)
            .expect("there")
    };
    let (first, second) = (place(BAD_MARKS[4]), place(BAD_MARKS[5]));
    if first > second {
        shuffled.swap(first, second);
    }
    let (data, rejected) = read_marks_in_order("large_sorted", &rows, &in_order, PUPILS, 512 << 20);
    assert_eq!(data.pupils.len(), PUPILS + 2);
    assert_eq!(rejected.len(), 7, "{rejected:#?}");
    for (name, memory) in [
        ("large_unsorted", 512 << 20),
        ("large_unsorted_spilled", 256 << 10),
    ] {
        let read = read_marks_in_order(name, &rows, &shuffled, PUPILS, memory);
        assert!(
            read == (data.clone(), rejected.clone()),
            "{name}: {:#?}",
            read.1
        );
    }
}
