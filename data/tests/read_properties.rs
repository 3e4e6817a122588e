//! Properties of reading over generated files: no input panics, and with
//! `OnBadRow::Skip` every row is either kept, merged with an identical
//! one, or reported.

mod read_support;

use proptest::prelude::*;
use read_support::{data_dir, with_rows, PUPILS, SCHOOLS};
use rollcall_data::read::{read_data_dir, OnBadRow, ReadError};
use std::collections::HashMap;

/// A session: (pupil, date, session).
type SessionKey = (&'static str, &'static str, &'static str);

/// A mark of a session: (school, code).
type SessionMark = (&'static str, &'static str);

/// A marks row from a few good and bad values per column.
fn mark_row() -> impl Strategy<Value = [&'static str; 5]> {
    (
        prop::sample::select(vec!["p1", "p2", "p9", ""]),
        prop::sample::select(vec!["school-a", "school-b", "school-z"]),
        prop::sample::select(vec!["2024-10-07", "2024-10-08", "2024-13-01", "x"]),
        prop::sample::select(vec!["AM", "PM", "am"]),
        prop::sample::select(vec!["G", "/", "C1", "g", "Q1"]),
    )
        .prop_map(|(pupil, school, date, session, code)| [pupil, school, date, session, code])
}

/// Whether the reader should accept the row on its own.
fn good(row: &[&str; 5]) -> bool {
    let [pupil, school, date, session, code] = row;
    ["p1", "p2"].contains(pupil)
        && ["school-a", "school-b"].contains(school)
        && ["2024-10-07", "2024-10-08"].contains(date)
        && ["AM", "PM"].contains(session)
        && ["G", "/", "C1"].contains(code)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_row_is_kept_merged_or_reported(rows in prop::collection::vec(mark_row(), 0..40)) {
        let text: String = rows.iter().map(|row| format!("{}\n", row.join(","))).collect();
        let dir = with_rows("property_rows", &text, None);
        // The reference: bad rows are rejected; good rows of one session
        // are kept once if identical, all rejected if not.
        let mut sessions: HashMap<SessionKey, Vec<SessionMark>> = HashMap::new();
        let mut bad = 0;
        for row in &rows {
            if good(row) {
                sessions.entry((row[0], row[2], row[3])).or_default().push((row[1], row[4]));
            } else {
                bad += 1;
            }
        }
        let (mut kept, mut conflicting) = (0, 0);
        for marks in sessions.values() {
            if marks.iter().all(|mark| *mark == marks[0]) {
                kept += 1;
            } else {
                conflicting += marks.len();
            }
        }
        let loaded = read_data_dir(&dir, OnBadRow::Skip).expect("only row errors");
        prop_assert_eq!(loaded.data.marks.len(), kept);
        prop_assert_eq!(loaded.rejected.len(), bad + conflicting);
        let lines: Vec<u64> = loaded.rejected.iter().map(|row| row.line).collect();
        prop_assert!(lines.windows(2).all(|pair| pair[0] < pair[1]));
        prop_assert!(lines.iter().all(|&line| line >= 2 && line <= rows.len() as u64 + 1));
        let stopped = read_data_dir(&dir, OnBadRow::Stop);
        match stopped {
            Ok(_) => prop_assert!(loaded.rejected.is_empty()),
            Err(ReadError::BadRow(row)) => prop_assert!(loaded.rejected.contains(&row)),
            Err(other) => prop_assert!(false, "unexpected {other}"),
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let dir = data_dir(
            "property_bytes",
            &[("schools.csv", SCHOOLS), ("pupils.csv", PUPILS)],
        );
        let mut marks = b"pupil,school,date,session,code\n".to_vec();
        marks.extend_from_slice(&bytes);
        std::fs::write(dir.join("marks.csv"), &marks).expect("write marks.csv");
        std::fs::write(dir.join("events.csv"), &bytes).expect("write events.csv");
        for on_bad_row in [OnBadRow::Stop, OnBadRow::Skip] {
            let _ = read_data_dir(&dir, on_bad_row);
        }
    }
}
