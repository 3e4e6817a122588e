//! Reading good data directories: what comes out, and in which order.

mod read_support;

use chrono::NaiveDate;
use read_support::{
    data_dir, with_events, with_rows, EVENTS_HEADER, EVENTS_HEADER_WITH_SESSION, PUPILS, SCHOOLS,
};
use rollcall_data::model::{Event, EventKind, Mark, Pupil, School, Session};
use rollcall_data::read::{read_data_dir, DataSet, OnBadRow};
use rollcall_ir::codes::Code;

/// Pupils and schools in id order, as `read_data_dir` indexes them.
const P1: u32 = 0;
const P2: u32 = 1;
const SCHOOL_A: u32 = 0;
const SCHOOL_B: u32 = 1;

fn date(text: &str) -> NaiveDate {
    text.parse().expect("a test date")
}

/// A mark of the pupil and school at these indices (positions in id order
/// when read; positions as given to `DataSet::new`).
fn mark(pupil: u32, school: u32, day: &str, session: Session, code: Code) -> (u32, Mark) {
    let mark = Mark {
        school,
        date: date(day),
        session,
        code,
    };
    (pupil, mark)
}

/// Every mark of `data`, with the position of its pupil, in history order.
fn marks_by_pupil(data: &DataSet) -> Vec<(u32, Mark)> {
    let histories = data.histories().into_iter().zip(0..);
    histories
        .flat_map(|(history, pupil)| history.marks.iter().map(move |&mark| (pupil, mark)))
        .collect()
}

#[test]
fn reads_every_file_into_history_order() {
    let dir = with_rows(
        "history_order",
        "p2,school-b,2024-10-08,PM,G\n\
         p1,school-a,2024-10-08,AM,/\n\
         p2,school-b,2024-10-07,PM,\\\n\
         p2,school-a,2024-10-07,AM,C1\n\
         p1,school-a,2024-10-07,AM,U\n",
        Some(
            "p2,p2-mum,penalty_notice,2024-09-20,,la-9\n\
             p2,,exclusion,2024-09-02,2024-09-06,\n\
             p1,,truancy_sweep,2024-10-01,,\n",
        ),
    );
    let loaded = read_data_dir(&dir, OnBadRow::Stop).expect("good data");
    assert!(loaded.rejected.is_empty());
    let data = loaded.data;
    let school_ids: Vec<_> = data.schools.iter().map(|s| &*s.id).collect();
    assert_eq!(school_ids, ["school-a", "school-b"]);
    assert_eq!(data.schools[0].name, "Ay School, Upper");
    assert_eq!(data.schools[0].authority, "la-1");
    let pupil_ids: Vec<_> = data.pupils.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(pupil_ids, ["p1", "p2", "p3"]);
    assert_eq!(data.pupils[1].parents, ["p2-mum", "p2-dad"]);
    assert!(data.pupils[2].parents.is_empty());
    assert_eq!(
        marks_by_pupil(&data),
        [
            mark(P1, SCHOOL_A, "2024-10-07", Session::Am, Code::U),
            mark(P1, SCHOOL_A, "2024-10-08", Session::Am, Code::PresentAm),
            mark(P2, SCHOOL_A, "2024-10-07", Session::Am, Code::C1),
            mark(P2, SCHOOL_B, "2024-10-07", Session::Pm, Code::PresentPm),
            mark(P2, SCHOOL_B, "2024-10-08", Session::Pm, Code::G),
        ]
    );
    let events: Vec<_> = data
        .events
        .iter()
        .map(|e| {
            (
                e.pupil.as_str(),
                e.kind,
                e.start,
                e.end,
                e.parent.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            (
                "p1",
                EventKind::TruancySweep,
                date("2024-10-01"),
                None,
                None
            ),
            (
                "p2",
                EventKind::Exclusion,
                date("2024-09-02"),
                Some(date("2024-09-06")),
                None
            ),
            (
                "p2",
                EventKind::PenaltyNotice,
                date("2024-09-20"),
                None,
                Some("p2-mum")
            ),
        ]
    );
    assert_eq!(data.events[2].detail.as_deref(), Some("la-9"));
    assert_eq!(data.events[1].detail, None);
}

#[test]
fn histories_group_each_pupil_in_date_order() {
    let dir = with_rows(
        "histories",
        "p2,school-b,2024-10-08,PM,G\n\
         p1,school-a,2024-10-08,PM,/\n\
         p2,school-b,2024-10-08,AM,N\n\
         p1,school-a,2024-10-07,PM,U\n",
        Some("p2,,truancy_sweep,2024-10-01,,\n"),
    );
    let data = read_data_dir(&dir, OnBadRow::Stop).expect("good data").data;
    let histories = data.histories();
    let summary: Vec<_> = histories
        .iter()
        .map(|history| {
            let marks: Vec<_> = history
                .marks
                .iter()
                .map(|m| format!("{} {} {}", m.date, m.session, m.code))
                .collect();
            (history.pupil.id.as_str(), marks, history.events.len())
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "p1",
                vec!["2024-10-07 PM U".to_owned(), "2024-10-08 PM /".to_owned()],
                0
            ),
            (
                "p2",
                vec!["2024-10-08 AM N".to_owned(), "2024-10-08 PM G".to_owned()],
                1
            ),
            ("p3", vec![], 0),
        ]
    );
}

#[test]
fn events_read_with_or_without_the_start_session_column() {
    let rows = [
        (
            "p2",
            "p2-mum",
            "exclusion",
            "2024-09-02",
            "2024-09-06",
            "",
            "PM",
        ),
        ("p2", "", "exclusion", "2024-10-07", "2024-10-07", "", "AM"),
        ("p2", "", "exclusion", "2024-11-04", "2024-11-05", "", ""),
        ("p2", "p2-dad", "truancy_sweep", "2024-11-12", "", "", ""),
        (
            "p2",
            "p2-mum",
            "case_closed",
            "2025-01-10",
            "",
            "convicted",
            "",
        ),
        ("p2", "", "case_closed", "2025-02-14", "", "", ""),
    ];
    let text = |with_session: bool| -> String {
        let mut text = String::from(if with_session {
            EVENTS_HEADER_WITH_SESSION
        } else {
            EVENTS_HEADER
        });
        for (pupil, parent, kind, start, end, detail, session) in rows {
            let session = if with_session {
                format!(",{session}")
            } else {
                String::new()
            };
            text.push_str(&format!(
                "{pupil},{parent},{kind},{start},{end},{detail}{session}\n"
            ));
        }
        text
    };
    let with = with_events("events_seven_columns", "", Some(text(true)));
    let events = read_data_dir(&with, OnBadRow::Stop)
        .expect("seven columns")
        .data
        .events;
    let read: Vec<_> = events
        .iter()
        .map(|e| {
            (
                e.kind,
                e.parent.as_deref(),
                e.start_session,
                e.detail.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            (
                EventKind::Exclusion,
                Some("p2-mum"),
                Some(Session::Pm),
                None
            ),
            (EventKind::Exclusion, None, Some(Session::Am), None),
            (EventKind::Exclusion, None, None, None),
            (EventKind::TruancySweep, Some("p2-dad"), None, None),
            (
                EventKind::CaseClosed,
                Some("p2-mum"),
                None,
                Some("convicted")
            ),
            (EventKind::CaseClosed, None, None, None),
        ]
    );
    assert_eq!(events[4].start, date("2025-01-10"));
    assert_eq!(events[4].end, None);
    // Without the column (and so without the sessions), the same events
    // with no start session.
    let without = with_events("events_six_columns", "", Some(text(false)));
    let six = read_data_dir(&without, OnBadRow::Stop)
        .expect("six columns")
        .data
        .events;
    let no_sessions: Vec<_> = events
        .into_iter()
        .map(|event| Event {
            start_session: None,
            ..event
        })
        .collect();
    assert_eq!(six, no_sessions);
}

#[test]
fn events_file_is_optional() {
    let dir = with_rows("no_events", "p1,school-a,2024-10-07,AM,/\n", None);
    let loaded = read_data_dir(&dir, OnBadRow::Stop).expect("good data");
    assert!(loaded.data.events.is_empty());
    assert_eq!(loaded.data.marks.len(), 1);
}

#[test]
fn identical_duplicate_rows_are_kept_once() {
    let dir = with_rows(
        "identical_duplicates",
        "p1,school-a,2024-10-07,AM,G\n\
         p1,school-a,2024-10-07,PM,G\n\
         p1,school-a,2024-10-07,AM,G\n",
        Some(
            "p1,,truancy_sweep,2024-10-01,,\n\
             p1,,truancy_sweep,2024-10-01,,\n",
        ),
    );
    let loaded = read_data_dir(&dir, OnBadRow::Skip).expect("good data");
    assert!(loaded.rejected.is_empty());
    assert_eq!(loaded.data.marks.len(), 2);
    assert_eq!(loaded.data.events.len(), 1);
}

#[test]
fn tolerates_whitespace_quotes_byte_order_mark_crlf_and_blank_lines() {
    let dir = data_dir(
        "tolerant",
        &[
            ("schools.csv", SCHOOLS),
            ("pupils.csv", PUPILS),
            (
                "marks.csv",
                "\u{feff}pupil, school ,date,session,code\n\
                 \n\
                 \"p1\" , school-a ,  2024-10-07 ,AM,\"G\"\r\n\
                 \r\n\
                 p1\t,school-a,2024-10-07,PM,U",
            ),
        ],
    );
    let data = read_data_dir(&dir, OnBadRow::Stop).expect("good data").data;
    assert_eq!(
        marks_by_pupil(&data),
        [
            mark(P1, SCHOOL_A, "2024-10-07", Session::Am, Code::G),
            mark(P1, SCHOOL_A, "2024-10-07", Session::Pm, Code::U),
        ]
    );
}

#[test]
fn every_register_code_reads_back() {
    let rows: String = rollcall_ir::codes::Code::ALL
        .iter()
        .enumerate()
        .map(|(day, code)| {
            // In 2023 for codes of only the earlier set, in 2025 for the rest.
            let year = if code.in_use_on(date("2023-01-01")) {
                "2023"
            } else {
                "2025"
            };
            let date = date(&format!("{year}-01-01")) + chrono::Days::new(day as u64);
            format!("p1,school-a,{date},AM,\"{code}\"\n")
        })
        .collect();
    let dir = with_rows("every_code", &rows, None);
    let data = read_data_dir(&dir, OnBadRow::Stop).expect("good data").data;
    let mut codes: Vec<Code> = data.marks.iter().map(|m| m.code).collect();
    codes.sort();
    assert_eq!(codes, Code::ALL);
}

#[test]
fn new_sorts_and_dedups_hand_made_rows() {
    let pupil = |id: &str| Pupil {
        id: id.to_owned(),
        date_of_birth: date("2015-01-01"),
        parents: vec![],
    };
    let school = School {
        id: "s".into(),
        name: "S".to_owned(),
        authority: "la".to_owned(),
    };
    let sweep = |pupil: &str| Event {
        pupil: pupil.to_owned(),
        parent: None,
        kind: EventKind::TruancySweep,
        start: date("2024-10-01"),
        end: None,
        detail: None,
        start_session: None,
    };
    // As given: pupil b is 0 and a is 1; DataSet::new puts a first.
    let late = mark(0, 0, "2024-10-08", Session::Am, Code::U);
    let data = DataSet::new(
        vec![school],
        vec![pupil("b"), pupil("a")],
        vec![
            late,
            mark(1, 0, "2024-10-07", Session::Pm, Code::G),
            late,
            mark(0, 0, "2024-10-07", Session::Am, Code::G),
        ],
        vec![sweep("b"), sweep("a"), sweep("b")],
    );
    let histories = data.histories();
    assert_eq!(histories.len(), 2);
    assert_eq!(histories[0].pupil.id, "a");
    assert_eq!(histories[0].marks.len(), 1);
    assert_eq!(histories[1].pupil.id, "b");
    assert_eq!(histories[1].marks.last(), Some(&late.1));
    assert_eq!(histories[1].marks.len(), 2);
    assert_eq!(
        marks_by_pupil(&data),
        [
            mark(0, 0, "2024-10-07", Session::Pm, Code::G),
            mark(1, 0, "2024-10-07", Session::Am, Code::G),
            mark(1, 0, "2024-10-08", Session::Am, Code::U),
        ]
    );
    assert_eq!(histories[1].events.len(), 1);
    assert_eq!(data.school("s").map(|s| s.authority.as_str()), Some("la"));
    assert_eq!(data.school("t"), None);
}

#[test]
fn pupils_pushed_in_turn_keep_their_own_marks() {
    let pupil = |id: &str| Pupil {
        id: id.to_owned(),
        date_of_birth: date("2015-01-01"),
        parents: vec![],
    };
    let (_, a1) = mark(0, 0, "2024-10-07", Session::Am, Code::G);
    let (_, a2) = mark(0, 0, "2024-10-07", Session::Pm, Code::U);
    let (_, c1) = mark(0, 0, "2024-10-08", Session::Am, Code::O);
    let mut data = DataSet::default();
    data.push_pupil(pupil("a"), &[a1, a2], &mut Vec::new());
    // A pupil pushed by hand, not through push_pupil: no marks of their own.
    data.pupils.push(pupil("b"));
    data.push_pupil(pupil("c"), &[c1], &mut Vec::new());
    data.pupils.push(pupil("d"));
    let marks: Vec<(&str, Vec<Mark>)> = data
        .histories()
        .iter()
        .map(|history| (history.pupil.id.as_str(), history.marks.to_vec()))
        .collect();
    assert_eq!(
        marks,
        [
            ("a", vec![a1, a2]),
            ("b", vec![]),
            ("c", vec![c1]),
            ("d", vec![])
        ]
    );
    assert_eq!(
        data.history("c").map(|history| history.marks),
        Some(&[c1][..])
    );
    assert_eq!(
        data.history("d").map(|history| history.marks.len()),
        Some(0)
    );
}
