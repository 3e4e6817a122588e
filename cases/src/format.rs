//! `rollcall fmt` for case files: one statement per line without
//! indentation, words one space apart (`a, b` for commas), a week line's
//! date and its `x N` repeat two spaces from the codes, comments kept as
//! written (trailing spaces dropped), at most one blank line in a row and
//! none at either end. Checked as the policy formatter is: the new text
//! must read as the same case (line numbers aside) with the same comments.

use super::model::{Case, CaseError, Expected};
use super::parse::parse;
use super::tokens::{split, Word};

/// Why a case file was not formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseFormatError {
    /// The file is not a valid case: the errors `rollcall test` reports.
    Invalid(Vec<CaseError>),
    /// The formatted text would not read as the same case: a bug in the
    /// formatter, caught before anything is written.
    Unsound(String),
}

impl std::fmt::Display for CaseFormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            CaseFormatError::Invalid(errors) => {
                let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
                f.write_str(&lines.join("\n"))
            }
            CaseFormatError::Unsound(why) => write!(
                f,
                "internal error: formatting would change the case ({why}); the file is left as it is"
            ),
        }
    }
}

impl std::error::Error for CaseFormatError {}

/// The canonical layout of the case file `path` (named in errors) whose
/// text is `text`, checked to read as the same case with the same comments.
pub fn format_case(path: &str, text: &str) -> Result<String, CaseFormatError> {
    let before = parse(path, text).map_err(CaseFormatError::Invalid)?;
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        if trimmed.starts_with('#') {
            out.push_str(trimmed);
        } else {
            let words = split(trimmed).map_err(|message| {
                CaseFormatError::Unsound(format!("a line that parsed does not split: {message}"))
            })?;
            write_words(&words, &mut out);
        }
        out.push('\n');
    }
    let after = parse(path, &out).map_err(|errors| {
        let first = errors.first().map_or(String::new(), ToString::to_string);
        CaseFormatError::Unsound(format!("the formatted text is not a valid case: {first}"))
    })?;
    if without_lines(before) != without_lines(after) {
        return Err(CaseFormatError::Unsound(
            "the formatted text reads as a different case".to_string(),
        ));
    }
    if comments(text) != comments(&out) {
        return Err(CaseFormatError::Unsound(
            "the formatted text would lose or change comments".to_string(),
        ));
    }
    Ok(out)
}

/// One statement's words: one space apart, none before a comma; a week
/// line's codes two spaces from its date and from its `x N`.
fn write_words(words: &[Word], out: &mut String) {
    let week = matches!(words.first(), Some(Word::Plain(first)) if first.starts_with(|c: char| c.is_ascii_digit()));
    for (index, word) in words.iter().enumerate() {
        if index > 0 && *word != Word::Comma {
            let wide = week && (index == 1 || *word == Word::Plain("x"));
            out.push_str(if wide { "  " } else { " " });
        }
        match word {
            Word::Plain(text) => out.push_str(text),
            Word::Quoted(text) => {
                out.push('"');
                out.push_str(text);
                out.push('"');
            }
            Word::Comma => out.push(','),
        }
    }
}

/// A case with its line numbers set to 0, to compare two layouts.
fn without_lines(mut case: Case) -> Case {
    case.policy_line = 0;
    for school in &mut case.schools {
        school.line = 0;
    }
    for event in &mut case.events {
        event.line = 0;
    }
    if let Expected::Decisions(expectations) = &mut case.expected {
        for expectation in expectations {
            expectation.line = 0;
        }
    }
    case
}

/// The comment lines, trimmed.
fn comments(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|line| line.starts_with('#'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIDY: &str = "# Near miss.\npolicy national-2024\nschool luton-primary in luton\npupil born 2015-03-03 parents mum, dad\n\n2025-01-06  I I I I I I I I I I\n2025-01-13  / \\ / \\ / \\ / \\ / \\  x 3\n\nexpect 2025-01-31 letter \"Stage 1\" rule r\n";

    #[test]
    fn a_tidy_case_is_left_as_it_is() {
        assert_eq!(format_case("t.case", TIDY).as_deref(), Ok(TIDY));
    }

    #[test]
    fn spacing_indentation_and_blank_lines_are_normalised() {
        let messy = "\n\n   # Near miss.   \npolicy   national-2024\n\tschool luton-primary in luton\npupil born 2015-03-03 parents mum ,dad\n\n\n\n2025-01-06 I I I I I I I I I I \n2025-01-13 /  \\ / \\ / \\ / \\ / \\ x 3\n\n\nexpect 2025-01-31   letter  \"Stage 1\"rule r\n\n";
        assert_eq!(format_case("t.case", messy).as_deref(), Ok(TIDY));
    }

    #[test]
    fn an_invalid_case_gives_the_errors_with_their_lines() {
        let Err(CaseFormatError::Invalid(errors)) = format_case(
            "t.case",
            "policy national-2024\npupil born 2015-03-03\nexpct nothing\n",
        ) else {
            panic!("an unknown statement is an error");
        };
        assert_eq!(errors[0].line, 3);
        assert!(errors[0]
            .to_string()
            .starts_with("t.case:3: unknown statement `expct`"));
    }

    fn shipped_cases() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies");
        let mut found = crate::discover(&[root]).expect("the shipped cases");
        found.sort();
        assert!(found.len() >= 100, "expected the shipped cases");
        found
            .into_iter()
            .map(|path| {
                let text = std::fs::read_to_string(&path).expect("a readable case");
                (path.display().to_string(), text)
            })
            .collect()
    }

    /// Each line indented anew, spaces doubled outside quotes, trailing
    /// blanks added, blank lines doubled, and two at the start.
    fn messed_up(text: &str) -> String {
        let mut out = String::from("\n\n");
        for (index, line) in text.lines().enumerate() {
            out.push_str(["", "  ", "\t", " "][index % 4]);
            if line.contains('"') || line.trim_start().starts_with('#') {
                out.push_str(line);
            } else {
                out.push_str(&line.replace(' ', "  ").replace(',', " , "));
            }
            out.push_str(["", " ", "\t"][index % 3]);
            // Blank lines are kept (at most one): only doubled here.
            out.push_str(if line.is_empty() { "\n\n\n" } else { "\n" });
        }
        out
    }

    #[test]
    fn every_shipped_case_formats_idempotently_and_ignores_layout() {
        for (path, text) in shipped_cases() {
            let once = format_case(&path, &text).unwrap_or_else(|error| panic!("{path}: {error}"));
            assert_eq!(
                format_case(&path, &once).as_deref(),
                Ok(once.as_str()),
                "{path}"
            );
            let variant = messed_up(&text);
            assert_ne!(variant, text);
            assert_eq!(
                format_case(&path, &variant).as_deref(),
                Ok(once.as_str()),
                "{path}"
            );
        }
    }
}
