//! Decision writers: a snapshot of each format for hand-made decisions, and
//! the properties every format shares.

use chrono::NaiveDate;
use rollcall_data::model::{EventKind, Session};
use rollcall_ir::codes::Code;
use rollcall_ir::graph::Payment;
use rollcall_ir::words::pounds;
use rollcall_runtime::decision::{Decision, Evidence};
use rollcall_runtime::output::{write_decisions, DecisionWriter, Format};

fn date(text: &str) -> NaiveDate {
    text.parse().expect("a test date")
}

fn session(day: &str, session: Session, code: Code, school: &str) -> Evidence {
    Evidence::Session {
        date: date(day),
        session,
        code,
        school: school.into(),
    }
}

fn payment(within_days: u32, amount_pence: u64) -> Payment {
    Payment {
        within_days,
        amount_pence,
    }
}

/// A first notice, an exclusion notice, a letter and a prosecution.
fn decisions() -> Vec<Decision> {
    let first_notice = Decision {
        pupil: "p01".to_owned(),
        parent: Some("p01-mum".to_owned()),
        date: date("2024-10-08"),
        action: "penalty_notice".to_owned(),
        label: None,
        rule: "national_threshold".to_owned(),
        authority: "westmorland-and-furness".to_owned(),
        policy: "westmorland-and-furness@2024-08-19".to_owned(),
        notice_number: Some(1),
        payments: vec![payment(21, 8000), payment(28, 16000)],
        reason: "first notice to this parent for this pupil".to_owned(),
        evidence: vec![
            session("2024-10-07", Session::Am, Code::G, "kendal-primary"),
            session("2024-10-07", Session::Pm, Code::G, "kendal-primary"),
            session("2024-10-08", Session::Am, Code::U, "kendal-primary"),
        ],
    };
    let exclusion_notice = Decision {
        pupil: "p02".to_owned(),
        parent: Some("p02-dad".to_owned()),
        date: date("2024-11-13"),
        action: "exclusion_notice".to_owned(),
        rule: "exclusion_sighting".to_owned(),
        authority: "cambridgeshire".to_owned(),
        policy: "cambridgeshire@2024-08-19".to_owned(),
        notice_number: None,
        payments: vec![payment(21, 6050), payment(28, 12000)],
        reason: "seen in a public place on school day 3 of an exclusion".to_owned(),
        evidence: vec![
            Evidence::Event {
                date: date("2024-11-11"),
                event: EventKind::Exclusion,
                end: Some(date("2024-11-15")),
            },
            Evidence::Event {
                date: date("2024-11-13"),
                event: EventKind::PublicPlace,
                end: None,
            },
        ],
        label: None,
    };
    let letter = Decision {
        pupil: "p02".to_owned(),
        parent: None,
        date: date("2024-11-20"),
        action: "letter".to_owned(),
        label: Some("Letter 1".to_owned()),
        rule: "letter_1".to_owned(),
        authority: "cambridgeshire".to_owned(),
        policy: "godmanchester-bridge".to_owned(),
        notice_number: None,
        payments: vec![],
        reason: "attendance this academic year 91.3% < 92%".to_owned(),
        evidence: vec![],
    };
    let prosecution = Decision {
        pupil: "p03".to_owned(),
        parent: Some("p03-carer".to_owned()),
        date: date("2025-03-04"),
        action: "prosecution".to_owned(),
        label: None,
        rule: "national_threshold".to_owned(),
        authority: "luton".to_owned(),
        policy: "national-2024@2024-08-19".to_owned(),
        notice_number: None,
        payments: vec![],
        reason: "third notice within 3 years: prosecution instead, \"limit 2\"".to_owned(),
        evidence: vec![session("2025-03-03", Session::Pm, Code::O, "luton-primary")],
    };
    vec![first_notice, exclusion_notice, letter, prosecution]
}

fn written(format: Format, decisions: &[Decision]) -> String {
    let bytes = write_decisions(format, decisions, Vec::new()).expect("writing to memory");
    String::from_utf8(bytes).expect("UTF-8 output")
}

#[test]
fn jsonl_snapshot() {
    insta::assert_snapshot!(written(Format::Jsonl, &decisions()));
}

#[test]
fn csv_snapshot() {
    insta::assert_snapshot!(written(Format::Csv, &decisions()));
}

#[test]
fn table_snapshot() {
    insta::assert_snapshot!(written(Format::Table, &decisions()));
}

#[test]
fn no_decisions() {
    assert_eq!(written(Format::Jsonl, &[]), "");
    assert_eq!(
        written(Format::Csv, &[]),
        "pupil,parent,date,action,label,rule,authority,policy,notice_number,payments,reason,evidence\n"
    );
    assert!(written(Format::Table, &[]).ends_with("\n(no decisions)\n"));
}

#[test]
fn jsonl_lines_read_back_as_the_decisions_in_contract_field_order() {
    let decisions = decisions();
    let text = written(Format::Jsonl, &decisions);
    let read: Vec<Decision> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON decision"))
        .collect();
    assert_eq!(read, decisions);
    let first_line = text.lines().next().unwrap_or_default();
    let fields = [
        "pupil",
        "parent",
        "date",
        "action",
        "label",
        "rule",
        "authority",
        "policy",
        "notice_number",
        "payments",
        "reason",
        "evidence",
    ];
    let positions: Vec<usize> = fields
        .iter()
        .map(|field| {
            first_line
                .find(&format!("\"{field}\":"))
                .expect("field present")
        })
        .collect();
    assert!(positions.windows(2).all(|pair| pair[0] < pair[1]));
}

#[test]
fn streaming_one_at_a_time_equals_writing_all_and_is_deterministic() {
    let decisions = decisions();
    for &format in Format::ALL {
        let mut writer = DecisionWriter::new(format, Vec::new()).expect("writer");
        for decision in &decisions {
            writer.write(decision).expect("write");
        }
        let streamed = writer.finish().expect("finish");
        assert_eq!(
            String::from_utf8(streamed).expect("UTF-8"),
            written(format, &decisions),
            "{format}"
        );
        assert_eq!(written(format, &decisions), written(format, &decisions));
    }
}

#[test]
fn format_names_round_trip() {
    for &format in Format::ALL {
        assert_eq!(Format::parse(format.as_str()), Some(format));
    }
    assert_eq!(Format::parse("json"), None);
}

#[test]
fn pounds_show_pence_only_when_there_are_some() {
    assert_eq!(pounds(8000), "£80");
    assert_eq!(pounds(6050), "£60.50");
    assert_eq!(pounds(5), "£0.05");
    assert_eq!(pounds(0), "£0");
}
