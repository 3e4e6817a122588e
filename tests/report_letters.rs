//! `rollcall report --letters DIR`: each letter decision written as a letter
//! from the authority's own template, values escaped, and a template's
//! mistakes named by file and line.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use support::{report_on, scratch, stderr, text};

/// A pupil of Godmanchester Bridge Academy (a school whose name needs
/// escaping here) present for four weeks from 2 September 2024, then
/// ill every Monday: attendance since the autumn term began falls below
/// 92% on Monday 14 October, the school's Absence Letter 1.
fn letter_data(dir: &Path) {
    let mut marks = String::from("pupil,school,date,session,code\n");
    let start = chrono::NaiveDate::from_ymd_opt(2024, 9, 2).expect("a date");
    for week in 0..7 {
        for day in 0..5 {
            let date = start + chrono::Days::new(week * 7 + day);
            let (am, pm) = if week >= 4 && day == 0 {
                ("I", "I")
            } else {
                ("/", "\\")
            };
            marks.push_str(&format!("p1,godmanchester-bridge,{date},AM,{am}\n"));
            marks.push_str(&format!("p1,godmanchester-bridge,{date},PM,{pm}\n"));
        }
    }
    let files = [
        (
            "schools.csv",
            "school,name,authority\ngodmanchester-bridge,Bridge <Academy> & Sixth Form,cambridgeshire\n",
        ),
        ("pupils.csv", "pupil,date_of_birth,parents\np1,2015-09-09,mum\n"),
        ("marks.csv", marks.as_str()),
    ];
    for (name, contents) in files {
        fs::write(dir.join(name), contents).expect("write a data file");
    }
}

fn report_with_letters(name: &str, templates: &str) -> (PathBuf, std::process::Output) {
    let data = scratch(&format!("report_letters/{name}/data"));
    letter_data(&data);
    let out = scratch(&format!("report_letters/{name}/out"));
    let output = report_on(&data, &out, &["--letters", templates]);
    (out, output)
}

#[test]
fn each_letter_decision_is_a_letter_from_the_template_with_its_values_escaped() {
    let (out, output) = report_with_letters("example", "examples/letters");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("1 evidence packs and 1 letters"),
        "{}",
        stderr(&output)
    );
    let letters: Vec<_> = fs::read_dir(out.join("letters"))
        .expect("a letters directory")
        .map(|entry| entry.expect("an entry").path())
        .collect();
    assert_eq!(letters.len(), 1, "{letters:?}");
    let letter = fs::read_to_string(&letters[0]).expect("the letter");
    assert!(letter.contains("<h1>Absence Letter 1</h1>"), "{letter}");
    assert!(
        letter.contains("Bridge &lt;Academy&gt; &amp; Sixth Form"),
        "{letter}"
    );
    assert!(letter.contains("2024-10-14"), "{letter}");
    // Its evidence: the two Mondays of illness, both sessions of each.
    for day in ["2024-09-30", "2024-10-07"] {
        assert_eq!(
            letter.matches(&format!("<td>{day}</td>")).count(),
            2,
            "{day}: {letter}"
        );
    }
    // The letter has the same name as its evidence pack.
    let name = letters[0].file_name().expect("a name");
    assert!(out.join("packs").join(name).exists());
}

#[test]
fn a_template_naming_what_a_letter_does_not_have_is_an_error_at_its_line() {
    let templates = scratch("report_letters/typo_templates");
    fs::write(
        templates.join("letter.html"),
        "<p>{{ decision.pupil }}</p>\n<p>{{ decision.pupli }}</p>\n",
    )
    .expect("write a template");
    let (_, output) = report_with_letters("typo", text(&templates));
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("letter.html:2"), "{message}");

    let empty = scratch("report_letters/no_templates");
    let (_, output) = report_with_letters("none", text(&empty));
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no letter templates (*.html)"),
        "{}",
        stderr(&output)
    );

    fs::write(empty.join("letter.html"), "{% if %}").expect("write a template");
    let (_, output) = report_with_letters("broken", text(&empty));
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("letter.html:1"),
        "{}",
        stderr(&output)
    );
}
