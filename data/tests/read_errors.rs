//! Bad data: every bad row is reported as `file:line: message`, stopping at
//! the first or skipping each and listing it.

mod read_support;

use read_support::{
    data_dir, with_events, with_rows, EVENTS_HEADER_WITH_SESSION, MARKS_HEADER, PUPILS, SCHOOLS,
};
use rollcall_data::read::{read_data_dir, OnBadRow, ReadError, RejectedRow};
use std::path::Path;

/// The row `read_data_dir` stops at, as (file name, line, message).
fn stop_at(dir: &Path) -> (String, u64, String) {
    match read_data_dir(dir, OnBadRow::Stop) {
        Err(ReadError::BadRow(row)) => short(&row),
        other => panic!("expected a bad row, got {other:?}"),
    }
}

fn short(row: &RejectedRow) -> (String, u64, String) {
    let file = row.file.file_name().unwrap_or_default();
    (
        file.to_string_lossy().into_owned(),
        row.line,
        row.message.clone(),
    )
}

/// The bad marks row in a marks.csv of a good row then `row`.
fn bad_mark(name: &str, row: &str) -> (String, u64, String) {
    let marks = format!("p1,school-a,2024-10-07,AM,G\n{row}\n");
    stop_at(&with_rows(name, &marks, None))
}

/// The bad events row in an events.csv of a good row then `row`.
fn bad_event(name: &str, row: &str) -> (String, u64, String) {
    let events = format!("p1,,truancy_sweep,2024-10-01,,\n{row}\n");
    stop_at(&with_rows(name, "", Some(&events)))
}

/// As [`bad_event`], in an events.csv with the `start_session` column.
fn bad_event_with_session(name: &str, row: &str) -> (String, u64, String) {
    let events = format!("{EVENTS_HEADER_WITH_SESSION}p1,,truancy_sweep,2024-10-01,,,\n{row}\n");
    stop_at(&with_events(name, "", Some(events)))
}

fn expected(file: &str, line: u64, message: &str) -> (String, u64, String) {
    (file.to_owned(), line, message.to_owned())
}

#[test]
fn wrong_column_count() {
    assert_eq!(
        bad_mark("columns", "p1,school-a,2024-10-07,G"),
        expected(
            "marks.csv",
            3,
            "expected 5 columns (pupil,school,date,session,code), found 4"
        )
    );
}

#[test]
fn bad_dates() {
    for (name, date) in [
        ("month_13", "2024-13-01"),
        ("day_30_february", "2023-02-29"),
        ("short", "2024-1-01"),
        ("british", "07/10/2024"),
    ] {
        assert_eq!(
            bad_mark(name, &format!("p1,school-a,{date},PM,G")),
            expected(
                "marks.csv",
                3,
                &format!("`{date}` is not a date (expected YYYY-MM-DD)")
            )
        );
    }
    assert_eq!(
        bad_mark("no_date", "p1,school-a,,PM,G"),
        expected("marks.csv", 3, "missing date (expected YYYY-MM-DD)")
    );
}

#[test]
fn unknown_codes() {
    assert_eq!(
        bad_mark("lower_case_code", "p1,school-a,2024-10-07,PM,g"),
        expected(
            "marks.csv",
            3,
            "unknown register code `g` (did you mean `G`?)"
        )
    );
    assert_eq!(
        bad_mark("withdrawn_code", "p1,school-a,2024-10-07,PM,H"),
        expected(
            "marks.csv",
            3,
            "code `H` went out of use on 2024-08-19 (this mark is dated 2024-10-07); the 2024 \
             codes apply from then"
        )
    );
    assert_eq!(
        bad_mark("unknown_code", "p1,school-a,2024-10-07,PM,F"),
        expected(
            "marks.csv",
            3,
            "unknown register code `F` (the codes are / \\ L B J D K P Q V W C C1 C2 E H I J1 M \
             R S T G N O U X Y Y1 Y2 Y3 Y4 Y5 Y6 Y7 Z #)"
        )
    );
}

#[test]
fn bad_session() {
    assert_eq!(
        bad_mark("session", "p1,school-a,2024-10-07,am,G"),
        expected("marks.csv", 3, "`am` is not a session (expected AM or PM)")
    );
}

#[test]
fn unknown_school_and_pupil() {
    assert_eq!(
        bad_mark("unknown_school", "p1,school-z,2024-10-07,PM,G"),
        expected(
            "marks.csv",
            3,
            "unknown school `school-z` (not in schools.csv)"
        )
    );
    assert_eq!(
        bad_mark("unknown_pupil", "p9,school-a,2024-10-07,PM,G"),
        expected("marks.csv", 3, "unknown pupil `p9` (not in pupils.csv)")
    );
    assert_eq!(
        bad_mark("missing_pupil", ",school-a,2024-10-07,PM,G"),
        expected("marks.csv", 3, "missing pupil")
    );
    assert_eq!(
        bad_event("event_pupil", "p9,,truancy_sweep,2024-10-01,,"),
        expected("events.csv", 3, "unknown pupil `p9` (not in pupils.csv)")
    );
}

#[test]
fn conflicting_duplicate_session_names_both_lines() {
    let dir = with_rows(
        "conflict",
        "p1,school-a,2024-10-07,AM,G\n\
         p1,school-a,2024-10-07,PM,G\n\
         p1,school-a,2024-10-07,AM,U\n",
        None,
    );
    assert_eq!(
        stop_at(&dir),
        expected(
            "marks.csv",
            4,
            "conflicting marks for pupil `p1` on 2024-10-07 AM: line 2 has G at `school-a`, \
             line 4 has U at `school-a`"
        )
    );
    let other_school = with_rows(
        "conflict_school",
        "p1,school-a,2024-10-07,AM,G\n\
         p1,school-b,2024-10-07,AM,G\n",
        None,
    );
    assert_eq!(
        stop_at(&other_school),
        expected(
            "marks.csv",
            3,
            "conflicting marks for pupil `p1` on 2024-10-07 AM: line 2 has G at `school-a`, \
             line 3 has G at `school-b`"
        )
    );
}

#[test]
fn event_kinds() {
    assert_eq!(
        bad_event("kind_spaced", "p1,,public place,2024-10-01,,"),
        expected(
            "events.csv",
            3,
            "unknown event kind `public place` (did you mean `public_place`?)"
        )
    );
    assert_eq!(
        bad_event("kind_unknown", "p1,,holiday,2024-10-01,,"),
        expected(
            "events.csv",
            3,
            "unknown event kind `holiday` (expected one of exclusion, public_place, \
             truancy_sweep, penalty_notice, notice_to_improve, previous_authority_unknown, \
             case_closed; no policy in use declares other kinds)"
        )
    );
}

#[test]
fn event_dates() {
    assert_eq!(
        bad_event("end_before_start", "p1,,exclusion,2024-10-07,2024-10-04,"),
        expected("events.csv", 3, "end 2024-10-04 is before start 2024-10-07")
    );
    assert_eq!(
        bad_event("exclusion_no_end", "p1,,exclusion,2024-10-07,,"),
        expected(
            "events.csv",
            3,
            "an exclusion needs an end date (its last day; the start date for one day)"
        )
    );
    assert_eq!(
        bad_event("sighting_end", "p1,,public_place,2024-10-07,2024-10-08,"),
        expected(
            "events.csv",
            3,
            "`public_place` events happen on one day: leave end empty (found 2024-10-08)"
        )
    );
    assert_eq!(
        bad_event("bad_start", "p1,,truancy_sweep,2024-02-30,,"),
        expected(
            "events.csv",
            3,
            "start: `2024-02-30` is not a date (expected YYYY-MM-DD)"
        )
    );
    assert_eq!(
        bad_event("bad_end", "p2,p2-mum,penalty_notice,2024-10-01,soon,"),
        expected(
            "events.csv",
            3,
            "end: `soon` is not a date (expected YYYY-MM-DD)"
        )
    );
}

#[test]
fn event_parents() {
    assert_eq!(
        bad_event("notice_no_parent", "p2,,penalty_notice,2024-10-01,,la-1"),
        expected(
            "events.csv",
            3,
            "`penalty_notice` events need the parent the notice was issued to"
        )
    );
    assert_eq!(
        bad_event("not_a_parent", "p2,p1-dad,penalty_notice,2024-10-01,,la-1"),
        expected(
            "events.csv",
            3,
            "`p1-dad` is not a parent of pupil `p2` in pupils.csv (2 parents on record)"
        )
    );
    assert_eq!(
        bad_event("no_parents", "p3,p3-mum,notice_to_improve,2024-10-01,,"),
        expected(
            "events.csv",
            3,
            "`p3-mum` is not a parent of pupil `p3` in pupils.csv (0 parents on record)"
        )
    );
    assert_eq!(
        bad_event("pupil_event_parent", "p2,p2-mum,public_place,2024-10-01,,"),
        expected(
            "events.csv",
            3,
            "`public_place` events are about the pupil: leave parent empty (found `p2-mum`)"
        )
    );
    assert_eq!(
        bad_event(
            "unknown_authority_parent",
            "p2,p2-dad,previous_authority_unknown,2024-10-01,,"
        ),
        expected(
            "events.csv",
            3,
            "`previous_authority_unknown` events are about the pupil: leave parent empty \
             (found `p2-dad`)"
        )
    );
    // Exclusions, sweeps and closed cases may name a parent, but only one
    // of the pupil's.
    for (name, row) in [
        (
            "exclusion_parent",
            "p2,p1-dad,exclusion,2024-10-01,2024-10-02,",
        ),
        ("sweep_parent", "p2,p1-dad,truancy_sweep,2024-10-01,,"),
        ("case_closed_parent", "p2,p1-dad,case_closed,2024-10-01,,"),
    ] {
        assert_eq!(
            bad_event(name, row),
            expected(
                "events.csv",
                3,
                "`p1-dad` is not a parent of pupil `p2` in pupils.csv (2 parents on record)"
            )
        );
    }
}

#[test]
fn case_closed_happens_on_one_day() {
    assert_eq!(
        bad_event(
            "case_closed_end",
            "p2,p2-mum,case_closed,2024-10-01,2024-10-08,convicted"
        ),
        expected(
            "events.csv",
            3,
            "`case_closed` events happen on one day: leave end empty (found 2024-10-08)"
        )
    );
}

#[test]
fn start_session_is_am_or_pm_and_only_for_exclusions() {
    assert_eq!(
        bad_event_with_session(
            "start_session_lower_case",
            "p1,,exclusion,2024-10-07,2024-10-08,,pm"
        ),
        expected(
            "events.csv",
            3,
            "start_session: `pm` is not a session (expected AM or PM)"
        )
    );
    for (name, row, kind) in [
        (
            "start_session_on_sweep",
            "p1,,truancy_sweep,2024-10-07,,,PM",
            "truancy_sweep",
        ),
        (
            "start_session_on_notice",
            "p1,p1-dad,penalty_notice,2024-10-07,,la-1,AM",
            "penalty_notice",
        ),
    ] {
        assert_eq!(
            bad_event_with_session(name, row),
            expected(
                "events.csv",
                3,
                &format!(
                    "`start_session` is only for exclusions: leave it empty on `{kind}` events"
                )
            )
        );
    }
}

#[test]
fn events_rows_have_as_many_columns_as_the_header() {
    assert_eq!(
        bad_event_with_session("six_of_seven", "p1,,truancy_sweep,2024-10-07,,"),
        expected(
            "events.csv",
            3,
            "expected 7 columns (pupil,parent,kind,start,end,detail,start_session), found 6"
        )
    );
    assert_eq!(
        bad_event("seven_of_six", "p1,,exclusion,2024-10-07,2024-10-07,,PM"),
        expected(
            "events.csv",
            3,
            "expected 6 columns (pupil,parent,kind,start,end,detail), found 7"
        )
    );
}

#[test]
fn schools_and_pupils() {
    let duplicate_school = data_dir(
        "duplicate_school",
        &[
            (
                "schools.csv",
                "school,name,authority\ns1,A,la\ns2,B,la\ns1,C,la\n",
            ),
            ("pupils.csv", PUPILS),
            ("marks.csv", MARKS_HEADER),
        ],
    );
    assert_eq!(
        stop_at(&duplicate_school),
        expected("schools.csv", 4, "school `s1` is already listed on line 2")
    );
    let no_authority = data_dir(
        "no_authority",
        &[
            ("schools.csv", "school,name,authority\ns1,A,\n"),
            ("pupils.csv", PUPILS),
            ("marks.csv", MARKS_HEADER),
        ],
    );
    assert_eq!(
        stop_at(&no_authority),
        expected("schools.csv", 2, "missing authority")
    );
    for (name, row, message) in [
        (
            "duplicate_pupil",
            "p1,2015-01-01,a\np1,2015-01-01,b",
            "pupil `p1` is already listed on line 2",
        ),
        (
            "empty_parent",
            "p1,2015-01-01,a\np2,2015-01-01,a;;b",
            "empty parent id in the parents column (parents are separated by `;`)",
        ),
        (
            "parent_twice",
            "p1,2015-01-01,a\np2,2015-01-01,a; b ;a",
            "parent `a` is listed twice",
        ),
        (
            "birth_date",
            "p1,2015-01-01,a\np2,15/01/2015,a",
            "date_of_birth is missing or not a date in the form YYYY-MM-DD (not shown: personal data)",
        ),
    ] {
        let dir = data_dir(
            name,
            &[
                ("schools.csv", SCHOOLS),
                (
                    "pupils.csv",
                    &format!("pupil,date_of_birth,parents\n{row}\n"),
                ),
                ("marks.csv", MARKS_HEADER),
            ],
        );
        assert_eq!(stop_at(&dir), expected("pupils.csv", 3, message), "{name}");
    }
}

#[test]
fn invalid_utf8_is_reported_not_replaced() {
    let dir = data_dir(
        "utf8",
        &[("pupils.csv", PUPILS), ("marks.csv", MARKS_HEADER)],
    );
    std::fs::write(
        dir.join("schools.csv"),
        b"school,name,authority\ns1,Caf\xe9,la\n",
    )
    .expect("write schools.csv");
    assert_eq!(
        stop_at(&dir),
        expected("schools.csv", 2, "name `Caf\u{fffd}` is not valid UTF-8")
    );
}

#[test]
fn header_row_is_checked_even_when_skipping() {
    let wrong = data_dir(
        "wrong_header",
        &[
            ("schools.csv", SCHOOLS),
            ("pupils.csv", PUPILS),
            (
                "marks.csv",
                "pupil,school,date,code\np1,school-a,2024-10-07,G\n",
            ),
        ],
    );
    let empty = data_dir(
        "empty_file",
        &[
            ("schools.csv", SCHOOLS),
            ("pupils.csv", ""),
            ("marks.csv", MARKS_HEADER),
        ],
    );
    for on_bad_row in [OnBadRow::Stop, OnBadRow::Skip] {
        let error = read_data_dir(&wrong, on_bad_row).expect_err("wrong header");
        assert_eq!(
            error.to_string(),
            format!(
                "{}:1: expected the header row `pupil,school,date,session,code`, \
                 found `pupil,school,date,code`",
                wrong.join("marks.csv").display()
            )
        );
        let error = read_data_dir(&empty, on_bad_row).expect_err("no header");
        assert_eq!(
            error.to_string(),
            format!(
                "{}:1: empty file: expected the header row `pupil,date_of_birth,parents`",
                empty.join("pupils.csv").display()
            )
        );
    }
}

#[test]
fn an_events_header_names_both_accepted_forms() {
    let dir = with_events(
        "events_wrong_header",
        "",
        Some("pupil,parent,kind,start,end,detail,session\n".to_owned()),
    );
    let error = read_data_dir(&dir, OnBadRow::Skip).expect_err("wrong header");
    assert_eq!(
        error.to_string(),
        format!(
            "{}:1: expected the header row `pupil,parent,kind,start,end,detail` or \
             `pupil,parent,kind,start,end,detail,start_session`, \
             found `pupil,parent,kind,start,end,detail,session`",
            dir.join("events.csv").display()
        )
    );
}

#[test]
fn missing_directory_and_files_are_named() {
    let nowhere = Path::new(env!("CARGO_TARGET_TMPDIR")).join("read/does-not-exist");
    let error = read_data_dir(&nowhere, OnBadRow::Stop).expect_err("no directory");
    assert_eq!(
        error.to_string(),
        format!("{}: no such data directory", nowhere.display())
    );
    let no_marks = data_dir(
        "no_marks",
        &[("schools.csv", SCHOOLS), ("pupils.csv", PUPILS)],
    );
    let error = read_data_dir(&no_marks, OnBadRow::Skip).expect_err("no marks.csv");
    assert_eq!(
        error.to_string(),
        format!(
            "{}: missing (a data directory needs schools, pupils and marks, each as .csv or .parquet)",
            no_marks.join("marks.csv").display()
        )
    );
}

#[test]
fn lines_are_physical_lines_despite_crlf_blank_lines_and_open_quotes() {
    let dir = with_rows(
        "physical_lines",
        "p1,school-a,2024-10-07,AM,G\r\n\
         \r\n\
         \"p1\",\"school-\n-a\",2024-10-07,PM,G\r\n\
         \n\
         p1,school-a,2024-10-08,AM,Q1",
        None,
    );
    assert_eq!(
        stop_at(&dir),
        expected(
            "marks.csv",
            4,
            "the quote opening column `school` is not closed on its line: `\"p1\",\"school-`"
        )
    );
    // The quote ends with its line: the rest of the row is a line of its own.
    let loaded = read_data_dir(&dir, OnBadRow::Skip).expect("skipping");
    let lines: Vec<u64> = loaded.rejected.iter().map(|row| row.line).collect();
    assert_eq!(lines, [4, 5, 7]);
}

#[test]
fn skipping_reports_every_bad_row_in_file_and_line_order_and_keeps_the_rest() {
    let dir = data_dir(
        "skip_all",
        &[
            ("schools.csv", SCHOOLS),
            (
                "pupils.csv",
                "pupil,date_of_birth,parents\np1,2015-01-01,m\np2,2015-13-01,m\n",
            ),
            (
                "marks.csv",
                "pupil,school,date,session,code\n\
                 p1,school-a,2024-10-07,AM,G\n\
                 p2,school-a,2024-10-07,AM,G\n\
                 p1,school-a,2024-10-07,AM,U\n\
                 p1,school-a,2024-10-08,AM,X9\n\
                 p1,school-a,2024-10-08,PM,N\n",
            ),
            (
                "events.csv",
                "pupil,parent,kind,start,end,detail\n\
                 p1,m,penalty_notice,2024-09-01,2024-08-01,la-1\n\
                 p1,m,penalty_notice,2024-09-01,,la-1\n",
            ),
        ],
    );
    let loaded = read_data_dir(&dir, OnBadRow::Skip).expect("skipping");
    let rejected: Vec<String> = loaded
        .rejected
        .iter()
        .map(|row| {
            let (file, line, message) = short(row);
            format!("{file}:{line}: {message}")
        })
        .collect();
    let conflict = "conflicting marks for pupil `p1` on 2024-10-07 AM: line 2 has G at \
                    `school-a`, line 4 has U at `school-a`";
    assert_eq!(
        rejected,
        [
            "pupils.csv:3: date_of_birth is missing or not a date in the form YYYY-MM-DD (not shown: personal data)".to_owned(),
            format!("marks.csv:2: {conflict}"),
            "marks.csv:3: unknown pupil `p2` (not in pupils.csv)".to_owned(),
            format!("marks.csv:4: {conflict}"),
            "marks.csv:5: unknown register code `X9` (the codes are / \\ L B J D K P Q V W C C1 \
             C2 E H I J1 M R S T G N O U X Y Y1 Y2 Y3 Y4 Y5 Y6 Y7 Z #)"
                .to_owned(),
            "events.csv:2: end 2024-08-01 is before start 2024-09-01".to_owned(),
        ]
    );
    let data = loaded.data;
    assert_eq!(data.pupils.len(), 1);
    assert_eq!(data.marks.len(), 1);
    assert_eq!(data.marks[0].code.as_str(), "N");
    assert_eq!(data.events.len(), 1);
    assert_eq!(
        loaded.rejected[0].to_string(),
        format!(
            "{}:3: date_of_birth is missing or not a date in the form YYYY-MM-DD (not shown: personal data)",
            dir.join("pupils.csv").display()
        )
    );
}
