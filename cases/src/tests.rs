//! Unit tests of case files: parsing and its errors, data sets, matching,
//! rendering and JUnit escaping.

use super::compare::compare;
use super::data::data_set;
use super::junit::escape;
use super::library::Library;
use super::model::{CaseError, Expectation, Expected};
use super::parse::parse;
use super::render::decision_line;
use super::tokens::money;
use chrono::NaiveDate;
use rollcall_compiler::{compile, load_sources};
use rollcall_data::model::{EventKind, Session};
use rollcall_ir::codes::Code;
use rollcall_ir::graph::Payment;
use rollcall_runtime::decision::{Decision, Evidence};
use std::path::PathBuf;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a test date")
}

/// The errors of parsing `text`, as `line: message`.
fn errors(text: &str) -> Vec<String> {
    match parse("t.case", text) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .iter()
            .map(|error| format!("{}: {}", error.line, error.message))
            .collect(),
    }
}

/// A valid case with `body` inserted after the pupil line.
fn with_body(body: &str) -> String {
    format!("policy national-2024\npupil born 2015-01-01 parents mum dad\n{body}\nexpect nothing\n")
}

const WEEK: &str = "2024-09-02 / \\ / \\ / \\ / \\ / \\";

#[test]
fn a_case_is_read_with_its_weeks_moves_events_and_expectations() {
    let text = r#"# a comment
policy north-northamptonshire
school luton-primary in luton
pupil p06 born 2014-10-10 parents p06-mum, p06-dad

event penalty_notice 2024-09-13 to p06-mum by luton withdrawn 2024-10-01
event exclusion 2024-12-09..2024-12-10
2024-12-09  E E E E C1 Y1 . . / \  x 2
school corby-primary in north-northamptonshire
2025-01-06  O O O O O O / \ / \

expect 2025-01-08 penalty_notice to p06-mum notice 2 pays £160 within 28 days rule national_threshold policy north-northamptonshire@2024-08-19 authority north-northamptonshire evidence 10
expect 2025-01-09 letter "Late Letter"
"#;
    let case = parse("t.case", text).expect("a valid case");
    assert_eq!(
        (case.policy.as_str(), case.policy_line),
        ("north-northamptonshire", 2)
    );
    assert_eq!(case.pupil.id, "p06");
    assert_eq!(case.pupil.parents, ["p06-mum", "p06-dad"]);
    assert_eq!(case.schools.len(), 2);
    assert_eq!(case.schools[0].id.as_deref(), Some("luton-primary"));
    assert_eq!(
        case.schools[1].authority.as_deref(),
        Some("north-northamptonshire")
    );
    // 8 marks a week for two weeks (two `.`), then 10 in the new school.
    assert_eq!(case.marks.len(), 26);
    let repeated = &case.marks[8];
    assert_eq!(
        (repeated.date, repeated.session, repeated.code),
        (date("2024-12-16"), Session::Am, Code::E)
    );
    let two_characters = &case.marks[4];
    assert_eq!(
        (
            two_characters.date,
            two_characters.session,
            two_characters.code
        ),
        (date("2024-12-11"), Session::Am, Code::C1)
    );
    assert_eq!(case.marks[5].code, Code::Y1);
    assert!(case.marks[..16].iter().all(|mark| mark.school == 0));
    assert!(case.marks[16..].iter().all(|mark| mark.school == 1));
    let notice = &case.events[0];
    assert_eq!(notice.kind, EventKind::PenaltyNotice);
    assert_eq!(
        (notice.end, notice.by.as_deref()),
        (Some(date("2024-10-01")), Some("luton"))
    );
    assert_eq!(case.events[1].end, Some(date("2024-12-10")));
    let Expected::Decisions(expected) = &case.expected else {
        panic!("decisions are expected")
    };
    assert_eq!(
        expected[0],
        Expectation {
            line: 12,
            date: date("2025-01-08"),
            action: "penalty_notice".into(),
            label: None,
            parent: Some("p06-mum".into()),
            notice_number: Some(2),
            payments: Some(vec![Payment {
                within_days: 28,
                amount_pence: 16000
            }]),
            rule: Some("national_threshold".into()),
            policy: Some("north-northamptonshire@2024-08-19".into()),
            authority: Some("north-northamptonshire".into()),
            evidence: Some(10),
        }
    );
    assert_eq!(expected[1].label.as_deref(), Some("Late Letter"));
}

#[test]
fn every_mistake_is_reported_with_its_line() {
    let text = "polcy national-2024\npupil born 2015-01-01 parents mum\n\
                2024-09-03 / \\ / \\ / \\ / \\ / \\\n\
                2024-09-09 / \\ / \\ / \\ / \\ /\n\
                2024-09-16 / \\ / \\ GG \\ / \\ / \\\n\
                2024-09-23 / \\ / J / \\ / \\ / \\\n\
                expect 2024-09-20 penalty_notice to gran\n";
    assert_eq!(
        errors(text),
        [
            "1: unknown statement `polcy` (did you mean `policy`?): expected `policy`, `pupil`, `school`, `event`, `expect`, or a week (a Monday's date and ten session codes)",
            "3: 2024-09-03 is a Tue: a week line starts with its Monday",
            "4: a week has 10 sessions (Monday AM to Friday PM; `.` for no mark), found 9",
            "5: unknown register code `GG` (Wednesday AM); codes are the national codes (`/`, `\\`, `L`, `B`, `C`, `C1`…`Z`, `#`; `H`, `J`, `Y` before 19 August 2024), or `.` for no mark",
            "6: code `J` went out of use on 2024-08-19 (this mark is dated 2024-09-24); the 2024 codes apply from then",
            "7: `gran` is not one of the pupil's parents",
        ]
    );
}

#[test]
fn weeks_are_checked_for_order_and_sessions_marked_twice() {
    let twice = with_body(&format!("{WEEK}\n2024-09-02 . . . . . . . . G G"));
    assert_eq!(
        errors(&twice),
        ["4: 2024-09-06 AM is already marked on line 3"]
    );
    let out_of_order = with_body(&format!("2024-09-09 / \\ / \\ / \\ / \\ / \\\n{WEEK}"));
    assert_eq!(
        errors(&out_of_order),
        ["4: week 2024-09-02 comes after week 2024-09-09: write weeks in date order"]
    );
    let moved_mid_week = with_body(
        "2024-09-02 / \\ / \\ . . . . . .\nschool other\n2024-09-02 . . . . / \\ / \\ / \\",
    );
    assert_eq!(errors(&moved_mid_week), Vec::<String>::new());
    let repeated = with_body(&format!("{WEEK} x 0"));
    assert_eq!(
        errors(&repeated),
        ["3: `x 0`: repeat a week 1 to 520 times"]
    );
    let trailing = with_body(&format!("{WEEK} x 2 extra"));
    assert_eq!(
        errors(&trailing),
        ["3: unexpected `extra` at the end of the line"]
    );
}

#[test]
fn the_whole_file_must_name_a_policy_a_pupil_a_week_and_expectations() {
    assert_eq!(
        errors("# nothing here\n"),
        [
            "1: no `policy` line: a case names the policy it tests",
            "1: no `pupil` line: a case needs `pupil born DATE parents ...`",
            "1: no week of marks: a case needs at least one week line",
            "1: no `expect` line: write `expect nothing` if no decision is due",
        ]
    );
    let no_weeks = "policy x\npupil born 2015-01-01\nexpect nothing\n";
    assert_eq!(
        errors(no_weeks),
        ["3: no week of marks: a case needs at least one week line"]
    );
    let no_expect = format!("policy x\npupil born 2015-01-01\n{WEEK}\n");
    assert_eq!(
        errors(&no_expect),
        ["3: no `expect` line: write `expect nothing` if no decision is due"]
    );
    let both = format!("policy x\npupil born 2015-01-01 parents mum\n{WEEK}\nexpect nothing\nexpect 2024-09-02 letter");
    assert_eq!(
        errors(&both),
        ["4: `expect nothing` cannot be combined with expected decisions"]
    );
    let twice = "policy x\npolicy y\npupil born 2015-01-01\npupil born 2015-01-01\n";
    let found = errors(&format!("{twice}{WEEK}\nexpect nothing"));
    assert_eq!(
        found,
        [
            "2: the policy is already given on line 1",
            "4: the pupil is already given on line 3"
        ]
    );
}

#[test]
fn events_take_only_the_clauses_of_their_kind() {
    let cases = [
        ("event exclusion 2024-09-02", "an exclusion needs its days: `event exclusion START..END`"),
        ("event public_place 2024-09-02..2024-09-03", "`public_place` happens on one day: give one date, not a range"),
        ("event penalty_notice 2024-09-02 by luton", "an earlier penalty notice needs `to PARENT`"),
        ("event public_place 2024-09-02 to mum", "`public_place` is about the pupil: it takes no `to PARENT`"),
        ("event previous_authority_unknown 2024-09-02 to dad", "`previous_authority_unknown` is about the pupil: it takes no `to PARENT`"),
        ("event case_closed 2024-09-02..2024-09-03 to mum", "`case_closed` happens on one day: give one date, not a range"),
        ("event truancy_sweep 2024-09-02 began PM", "`began AM|PM` is only for exclusions"),
        ("event exclusion 2024-09-02..2024-09-03 began pm", "`began` takes `AM` or `PM`, not `pm`"),
        ("event exclusion 2024-09-02..2024-09-03 began PM began AM", "`began` is given twice"),
        ("event exclusion 2024-09-02..2024-09-03 begun PM", "unexpected `begun` (did you mean `began`?) (expected `to`, `by`, `withdrawn` or `began`)"),
        ("event notice_to_improve 2024-09-02 withdrawn 2024-09-03", "`by` and `withdrawn` are only for earlier penalty notices"),
        ("event penalty_notice 2024-09-02 to mum withdrawn 2024-09-01", "withdrawn (2024-09-01) before it was issued (2024-09-02)"),
        ("event exclusion 2024-09-05..2024-09-02", "the range ends (2024-09-02) before it starts (2024-09-05)"),
        ("event Exclusion 2024-09-02..2024-09-03", "unknown event `Exclusion` (did you mean `exclusion`?) (expected one of exclusion, public_place, truancy_sweep, penalty_notice, notice_to_improve, previous_authority_unknown, case_closed)"),
        ("event warning_letter 2024-09-02..2024-09-03", "`warning_letter` happens on one day: give one date, not a range"),
        ("event penalty_notice 2024-09-02 to mum to dad", "`to` is given twice"),
        ("event penalty_notice 2024-02-30 to mum", "`2024-02-30` is not a date in the calendar"),
    ];
    for (line, message) in cases {
        assert_eq!(
            errors(&with_body(line)),
            [format!("3: {message}")],
            "{line}"
        );
    }
    let fine = with_body("event notice_to_improve 2024-09-02..2024-10-01 to dad");
    assert_eq!(
        errors(&fine),
        ["4: no week of marks: a case needs at least one week line"]
    );
}

#[test]
fn events_name_parents_start_sessions_and_closed_cases() {
    let text = with_body(
        "event exclusion 2025-03-10..2025-03-17 began PM to dad\n\
         event exclusion 2025-03-24..2025-03-24 began AM\n\
         event truancy_sweep 2025-01-15 to mum\n\
         event case_closed 2025-05-02 to mum\n\
         event case_closed 2025-06-02\n\
         2025-03-03 / \\ / \\ / \\ / \\ / \\",
    );
    let case = parse("t.case", &text).expect("a valid case");
    let events: Vec<_> = case
        .events
        .iter()
        .map(|event| {
            (
                event.kind,
                event.start,
                event.end,
                event.parent.as_deref(),
                event.start_session,
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            (
                EventKind::Exclusion,
                date("2025-03-10"),
                Some(date("2025-03-17")),
                Some("dad"),
                Some(Session::Pm)
            ),
            (
                EventKind::Exclusion,
                date("2025-03-24"),
                Some(date("2025-03-24")),
                None,
                Some(Session::Am)
            ),
            (
                EventKind::TruancySweep,
                date("2025-01-15"),
                None,
                Some("mum"),
                None
            ),
            (
                EventKind::CaseClosed,
                date("2025-05-02"),
                None,
                Some("mum"),
                None
            ),
            (EventKind::CaseClosed, date("2025-06-02"), None, None, None),
        ]
    );
    let stranger = with_body(&format!("event case_closed 2025-01-10 to gran\n{WEEK}"));
    assert_eq!(
        errors(&stranger),
        ["3: `gran` is not one of the pupil's parents"]
    );
}

#[test]
fn case_evidence_is_expected_for_a_parent_with_the_case_as_its_label() {
    let expected = expectations(&[
        "expect 2025-03-14 case_evidence \"prosecution of 2025-01-17\" to mum evidence 2",
    ]);
    let Expected::Decisions(expected) = &expected else {
        panic!("decisions are expected")
    };
    assert_eq!(
        (
            expected[0].action.as_str(),
            expected[0].label.as_deref(),
            expected[0].parent.as_deref(),
        ),
        (
            "case_evidence",
            Some("prosecution of 2025-01-17"),
            Some("mum")
        )
    );
    let evidence = Decision {
        action: "case_evidence".into(),
        label: Some("prosecution of 2025-01-17".into()),
        date: date("2025-03-14"),
        notice_number: None,
        payments: Vec::new(),
        evidence: vec![
            Evidence::Event {
                date: date("2025-01-17"),
                event: EventKind::PenaltyNotice,
                end: None,
            };
            2
        ],
        ..decision("2025-03-14", "mum", 1)
    };
    let comparison = compare(
        &Expected::Decisions(expected.clone()),
        std::slice::from_ref(&evidence),
    );
    assert!(comparison.is_exact(), "{comparison:?}");
    // Its line as a case would state it reads back as the same expectation.
    let line = format!("expect {}", decision_line(&evidence));
    assert!(
        line.starts_with(
            "expect 2025-03-14 case_evidence \"prosecution of 2025-01-17\" to mum rule"
        ),
        "{line}"
    );
    let Expected::Decisions(read_back) = expectations(&[&line]) else {
        panic!("decisions are expected")
    };
    assert!(compare(&Expected::Decisions(read_back), &[evidence]).is_exact());
}

#[test]
fn a_manual_review_in_place_of_a_parents_notice_reads_back_with_its_parent() {
    let review = Decision {
        action: "manual_review".into(),
        label: Some("third threshold within 3 years".into()),
        notice_number: None,
        payments: Vec::new(),
        ..decision("2025-03-14", "mum", 3)
    };
    // The line `test --show-decisions` prints for it is a valid expectation.
    let line = format!("expect {}", decision_line(&review));
    assert!(
        line.starts_with(
            "expect 2025-03-14 manual_review \"third threshold within 3 years\" to mum"
        ),
        "{line}"
    );
    let Expected::Decisions(read_back) = expectations(&[&line]) else {
        panic!("decisions are expected")
    };
    assert_eq!(read_back[0].parent.as_deref(), Some("mum"));
    assert!(compare(&Expected::Decisions(read_back), &[review]).is_exact());
}

#[test]
fn expectations_are_checked_clause_by_clause() {
    let cases = [
        ("expect 2024-09-02 penalty_notice pays 80 within 21 days", "`80` is not an amount (expected £80 or £80.50)"),
        ("expect 2024-09-02 penalty_notice pays £80 in 21 days", "expected `within N days` after the amount"),
        ("expect 2024-09-02 penalty_notice notice 1 notice 2", "`notice` is given twice"),
        ("expect 2024-09-02 penalty_notice \"Letter\"", "a `penalty_notice` has no label"),
        ("expect 2024-09-02 letter \"Letter 1\" to mum", "a `letter` is about the pupil: it takes no `to PARENT`"),
        ("expect 2024-09-02 penalty_notise", "unknown action `penalty_notise` (did you mean `penalty_notice`?) (expected one of penalty_notice, exclusion_notice, prosecution, case_evidence, letter, meeting, referral, contract, manual_review)"),
        ("expect 2024-09-02 penalty_notice rul x", "unexpected `rul` (did you mean `rule`?) (expected one of to, notice, pays, rule, policy, authority, evidence)"),
        ("expect 2024-09-02 penalty_notice policy national-2024", "`national-2024` is not a policy version (expected id@YYYY-MM-DD)"),
        ("expect 2024-09-02 letter \"unfinished", "a quoted text has no closing `\"`"),
        ("expect 2024-09-02 penalty_notice evidence ten", "expected a count (a whole number), found `ten`"),
    ];
    for (line, message) in cases {
        let text = format!("policy x\npupil born 2015-01-01 parents mum\n{WEEK}\n{line}\n");
        assert_eq!(errors(&text), [format!("4: {message}")], "{line}");
    }
}

#[test]
fn amounts_are_pounds_with_optional_pence() {
    assert_eq!(money("£80"), Ok(8000));
    assert_eq!(money("£80.50"), Ok(8050));
    for bad in ["80", "£80.5", "£", "£8o", "£80.500", "£-5", "£1234567890"] {
        assert!(money(bad).is_err(), "{bad}");
    }
}

/// A decision with every field set, for matching.
fn decision(date_text: &str, parent: &str, notice: u32) -> Decision {
    Decision {
        pupil: "pupil".into(),
        parent: Some(parent.into()),
        date: date(date_text),
        action: "penalty_notice".into(),
        label: None,
        rule: "national_threshold".into(),
        authority: "luton".into(),
        policy: "national-2024@2024-08-19".into(),
        notice_number: Some(notice),
        payments: vec![Payment {
            within_days: 28,
            amount_pence: 16000,
        }],
        reason: String::new(),
        evidence: Vec::new(),
    }
}

/// The expectations of a case whose `expect` lines are `lines`.
fn expectations(lines: &[&str]) -> Expected {
    let text = format!(
        "policy x\npupil born 2015-01-01 parents mum dad\n{WEEK}\n{}\n",
        lines.join("\n")
    );
    parse("t.case", &text).expect("a valid case").expected
}

#[test]
fn a_case_passes_only_with_exactly_its_decisions() {
    let decided = [
        decision("2025-01-10", "mum", 1),
        decision("2025-01-10", "dad", 2),
    ];
    let both = expectations(&[
        "expect 2025-01-10 penalty_notice to mum",
        "expect 2025-01-10 penalty_notice notice 2",
    ]);
    assert!(compare(&both, &decided).is_exact());
    let one = expectations(&["expect 2025-01-10 penalty_notice to dad"]);
    let comparison = compare(&one, &decided);
    assert!(!comparison.is_exact(), "a decision nobody expected fails");
    assert_eq!(comparison.unexpected, [0]);
    let wrong = expectations(&[
        "expect 2025-01-10 penalty_notice to mum notice 2",
        "expect 2025-01-10 penalty_notice to dad",
    ]);
    let comparison = compare(&wrong, &decided);
    assert_eq!(
        comparison.missing().map(|e| e.line).collect::<Vec<_>>(),
        [4]
    );
    assert!(!compare(&Expected::Nothing, &decided).is_exact());
    assert!(compare(&Expected::Nothing, &[]).is_exact());
}

#[test]
fn the_pairing_does_not_depend_on_the_order_of_the_expect_lines() {
    // The loose first line could take either decision; the specific second
    // line needs the mother's, so the loose one must take the father's.
    let decided = [
        decision("2025-01-10", "mum", 1),
        decision("2025-01-10", "dad", 1),
    ];
    let expected = expectations(&[
        "expect 2025-01-10 penalty_notice",
        "expect 2025-01-10 penalty_notice to mum",
    ]);
    assert!(compare(&expected, &decided).is_exact());
}

#[test]
fn a_decision_written_as_an_expectation_matches_only_itself() {
    let decided = decision("2025-01-10", "mum", 2);
    let line = format!("expect {}", decision_line(&decided));
    assert_eq!(
        line,
        "expect 2025-01-10 penalty_notice to mum notice 2 pays £160 within 28 days rule national_threshold policy national-2024@2024-08-19 authority luton evidence 0"
    );
    let expected = expectations(&[&line]);
    assert!(compare(&expected, std::slice::from_ref(&decided)).is_exact());
    let other = decision("2025-01-10", "mum", 1);
    assert!(!compare(&expected, &[other]).is_exact());
}

#[test]
fn junit_text_is_escaped() {
    assert_eq!(
        escape("a < b & \"c\" > 'd'"),
        "a &lt; b &amp; &quot;c&quot; &gt; &apos;d&apos;"
    );
    assert_eq!(escape("line\nnext\u{1}\t£"), "line\nnext\u{FFFD}\t£");
}

#[test]
fn errors_name_the_file_and_line() {
    let error = CaseError {
        path: "a.case".into(),
        line: 3,
        message: "bad".into(),
    };
    assert_eq!(error.to_string(), "a.case:3: bad");
    let whole = CaseError { line: 0, ..error };
    assert_eq!(whole.to_string(), "a.case: bad");
}

/// The shipped policy library.
fn library() -> Library {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../policies");
    let sources = load_sources(&[dir]).expect("the shipped policies");
    let compilation = compile(&sources);
    assert!(!compilation.has_errors(), "the shipped policies compile");
    Library::new(compilation.graphs).expect("a valid library")
}

/// The (school, authority) of each school of the case with `header`.
fn schools(library: &Library, header: &str) -> Result<Vec<(String, String)>, String> {
    let text = format!("{header}\npupil born 2015-01-01 parents mum\n{WEEK}\nexpect nothing\n");
    let case = parse("t.case", &text).map_err(|errors| errors[0].to_string())?;
    let data = data_set(&case, library).map_err(|error| error.to_string())?;
    Ok(data
        .schools
        .into_iter()
        .map(|school| (school.id.to_string(), school.authority))
        .collect())
}

#[test]
fn a_case_is_placed_at_its_policy_s_default_school() {
    let library = library();
    let pair = |school: &str, authority: &str| vec![(school.to_string(), authority.to_string())];
    assert_eq!(
        schools(&library, "policy godmanchester-bridge"),
        Ok(pair("godmanchester-bridge", "cambridgeshire"))
    );
    assert_eq!(
        schools(&library, "policy south-cumbria-prs"),
        Ok(pair("south-cumbria-prs", "westmorland-and-furness"))
    );
    assert_eq!(
        schools(&library, "policy cumbria"),
        Ok(pair("cumbria-school", "cumbria"))
    );
    assert_eq!(
        schools(&library, "policy national-2024"),
        Ok(pair("no-local-code-school", "no-local-code"))
    );
    assert_eq!(
        schools(&library, "policy cumbria\nschool kendal"),
        Ok(pair("kendal", "cumbria"))
    );
    assert_eq!(
        schools(
            &library,
            "policy cumbria\nschool kendal in westmorland-and-furness"
        ),
        Ok(pair("kendal", "westmorland-and-furness"))
    );
}

#[test]
fn a_school_cannot_be_in_two_authorities() {
    let library = library();
    let text = format!(
        "policy cumbria\nschool kendal in cumbria\npupil born 2015-01-01\n{WEEK}\n\
         school kendal in westmorland-and-furness\n2024-09-09 / \\ / \\ / \\ / \\ / \\\nexpect nothing\n"
    );
    let case = parse("t.case", &text).expect("a valid case");
    let error = data_set(&case, &library).expect_err("two authorities");
    assert_eq!(
        error.to_string(),
        "t.case:5: school `kendal` is in `cumbria` (line 2), not `westmorland-and-furness`"
    );
}

#[test]
fn an_event_kind_must_be_built_in_or_declared_by_a_policy_of_the_library() {
    let library = library();
    let case = |line: &str| {
        let text = format!(
            "policy hertfordshire\npupil born 2012-09-30 parents mum dad\n{line}\n\
             2023-09-04 / \\ / \\ / \\ / \\ / \\\nexpect nothing\n"
        );
        let case = parse("t.case", &text).expect("a valid case");
        data_set(&case, &library).map(|data| data.events.len())
    };
    // Hertfordshire declares `warning_letter`.
    assert_eq!(case("event warning_letter 2023-09-04 to mum"), Ok(1));
    let error = case("event exclusoin 2023-09-04").expect_err("an unknown kind");
    assert_eq!(error.line, 3);
    assert!(
        error
            .message
            .starts_with("unknown event `exclusoin` (did you mean `exclusion`?) (expected one of exclusion, public_place,"),
        "{}",
        error.message
    );
    assert!(
        error.message.contains("warning_letter"),
        "{}",
        error.message
    );
}

#[test]
fn a_long_word_gives_a_short_message_with_its_length() {
    let word = "x".repeat(100_000);
    let text = format!("policy national-2024\npupil born 2015-01-01 parents mum\n{word}\n");
    let errors = parse("long.case", &text).expect_err("an unknown statement");
    assert_eq!(errors[0].line, 3);
    assert!(errors[0].message.len() < 300, "{}", errors[0].message.len());
    assert!(
        errors[0].message.starts_with("unknown statement `xxx")
            && errors[0].message.ends_with("… (100128 bytes in all)"),
        "{}",
        errors[0].message
    );
}
