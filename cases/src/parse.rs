//! Reading a case file: one statement per line (`policy`, `pupil`,
//! `school`, `event`, `expect`, or a week of marks), `#` comment lines and
//! blank lines. Every problem is reported with its line; parsing goes on
//! after an error so that one run shows them all.

mod events;
mod expect;
mod weeks;

use super::model::{Case, CaseError, CaseEvent, CasePupil, Expectation, Expected, SchoolLine};
use super::tokens::{date, identifier, split, Word, Words};
use rollcall_grammar::suggest::edit_distance;

/// The words that start a statement.
const STATEMENTS: &[&str] = &["policy", "pupil", "school", "event", "expect"];

/// ` (did you mean `X`?)` for the closest of `known` within 2 edits.
pub(crate) fn did_you_mean(word: &str, known: &[&str]) -> String {
    known
        .iter()
        .map(|candidate| (edit_distance(word, candidate), *candidate))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map_or(String::new(), |(_, candidate)| {
            format!(" (did you mean `{candidate}`?)")
        })
}

/// Parses the case file `path` whose text is `text`.
pub(super) fn parse(path: &str, text: &str) -> Result<Case, Vec<CaseError>> {
    let mut parser = Parser {
        schools: vec![SchoolLine {
            id: None,
            authority: None,
            line: 0,
        }],
        ..Parser::default()
    };
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        parser.last_line = number;
        if let Err(message) = parser.line(number, line) {
            parser.errors.push((number, message));
        }
    }
    parser.finish(path)
}

/// What has been read so far.
#[derive(Default)]
struct Parser {
    policy: Option<(String, usize)>,
    pupil: Option<(CasePupil, usize)>,
    schools: Vec<SchoolLine>,
    weeks: weeks::Weeks,
    events: Vec<CaseEvent>,
    nothing: Option<usize>,
    expectations: Vec<Expectation>,
    errors: Vec<(usize, String)>,
    /// The number of the file's last line.
    last_line: usize,
}

impl Parser {
    /// Reads line `number`.
    fn line(&mut self, number: usize, line: &str) -> Result<(), String> {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return Ok(());
        }
        let mut words = Words::new(split(trimmed)?);
        let first = words.plain("a statement")?;
        match first {
            "policy" => self.policy_line(number, &mut words),
            "pupil" => self.pupil_line(number, &mut words),
            "school" => self.school_line(number, &mut words),
            "event" => self.event_line(number, &mut words),
            "expect" => self.expect_line(number, &mut words),
            _ if first.starts_with(|c: char| c.is_ascii_digit()) => {
                let school = self.schools.len() - 1;
                self.weeks.line(number, first, &mut words, school)
            }
            _ => Err(format!(
                "unknown statement `{first}`{}: expected `policy`, `pupil`, `school`, `event`, \
                 `expect`, or a week (a Monday's date and ten session codes)",
                did_you_mean(first, STATEMENTS)
            )),
        }
    }

    /// `policy ID`
    fn policy_line(&mut self, number: usize, words: &mut Words) -> Result<(), String> {
        let id = identifier(words.plain("the id of the policy under test")?, "policy id")?;
        words.finish()?;
        if let Some((_, line)) = &self.policy {
            return Err(format!("the policy is already given on line {line}"));
        }
        self.policy = Some((id, number));
        Ok(())
    }

    /// `pupil [ID] born DATE [parents ID...]`
    fn pupil_line(&mut self, number: usize, words: &mut Words) -> Result<(), String> {
        let id = if words.keyword("born") {
            "pupil".to_string()
        } else {
            let id = identifier(words.plain("the pupil's id or `born`")?, "pupil id")?;
            if !words.keyword("born") {
                return Err("expected `born` and the pupil's date of birth".to_string());
            }
            id
        };
        let date_of_birth = date(words.plain("the date of birth")?)?;
        let mut parents = Vec::new();
        if words.keyword("parents") || words.keyword("parent") {
            while let Some(word) = words.take() {
                match word {
                    Word::Comma => {}
                    Word::Plain(text) => parents.push(identifier(text, "parent id")?),
                    Word::Quoted(_) => {
                        return Err(format!("expected a parent id, found {}", word.shown()))
                    }
                }
            }
            if parents.is_empty() {
                return Err("`parents` needs at least one parent id".to_string());
            }
        }
        words.finish()?;
        if let Some(repeated) = parents
            .iter()
            .enumerate()
            .find_map(|(i, p)| parents[..i].contains(p).then_some(p))
        {
            return Err(format!("parent `{repeated}` is listed twice"));
        }
        if let Some((_, line)) = &self.pupil {
            return Err(format!("the pupil is already given on line {line}"));
        }
        let pupil = CasePupil {
            id,
            date_of_birth,
            parents,
        };
        self.pupil = Some((pupil, number));
        Ok(())
    }

    /// `school ID [in AUTHORITY]`: where the pupil starts (before the first
    /// week) or moves to (after it).
    fn school_line(&mut self, number: usize, words: &mut Words) -> Result<(), String> {
        let id = identifier(words.plain("the school's id")?, "school id")?;
        let authority = if words.keyword("in") {
            Some(identifier(
                words.plain("the school's authority")?,
                "authority id",
            )?)
        } else {
            None
        };
        words.finish()?;
        let school = SchoolLine {
            id: Some(id),
            authority,
            line: number,
        };
        if self.weeks.is_empty() {
            let first = &mut self.schools[0];
            if first.id.is_some() {
                return Err(format!(
                    "the pupil's first school is already given on line {}; a `school` line \
                     after a week is a move",
                    first.line
                ));
            }
            *first = school;
        } else {
            self.schools.push(school);
        }
        Ok(())
    }

    /// `event KIND DATE[..END] [to PARENT] [by AUTHORITY] [withdrawn DATE]`
    fn event_line(&mut self, number: usize, words: &mut Words) -> Result<(), String> {
        self.events.push(events::event(number, words)?);
        Ok(())
    }

    /// `expect nothing` or `expect DATE ACTION ...`
    fn expect_line(&mut self, number: usize, words: &mut Words) -> Result<(), String> {
        if words.keyword("nothing") {
            words.finish()?;
            if let Some(line) = self.nothing {
                return Err(format!("`expect nothing` is already given on line {line}"));
            }
            self.nothing = Some(number);
            return Ok(());
        }
        self.expectations.push(expect::expectation(number, words)?);
        Ok(())
    }

    /// The case, or every problem found.
    fn finish(mut self, path: &str) -> Result<Case, Vec<CaseError>> {
        self.check_whole();
        let Parser {
            policy,
            pupil,
            schools,
            weeks,
            events,
            nothing,
            expectations,
            mut errors,
            last_line: _,
        } = self;
        let (Some((policy, policy_line)), Some((pupil, _))) = (policy, pupil) else {
            errors.sort_by_key(|(line, _)| *line);
            return Err(into_errors(path, errors));
        };
        if !errors.is_empty() {
            errors.sort_by_key(|(line, _)| *line);
            return Err(into_errors(path, errors));
        }
        let expected = match nothing {
            Some(_) => Expected::Nothing,
            None => Expected::Decisions(expectations),
        };
        Ok(Case {
            path: path.to_string(),
            policy,
            policy_line,
            pupil,
            schools,
            marks: weeks.into_marks(),
            events,
            expected,
        })
    }

    /// The checks that need the whole file. What is missing is only
    /// reported when every line could be read (a misspelt line would
    /// otherwise be reported twice).
    fn check_whole(&mut self) {
        let clean = self.errors.is_empty();
        let last = self.last_line;
        let mut missing = Vec::new();
        if self.policy.is_none() {
            missing.push((1, "no `policy` line: a case names the policy it tests"));
        }
        if self.pupil.is_none() {
            missing.push((
                1,
                "no `pupil` line: a case needs `pupil born DATE parents ...`",
            ));
        }
        if self.weeks.is_empty() {
            missing.push((
                last,
                "no week of marks: a case needs at least one week line",
            ));
        }
        if self.nothing.is_none() && self.expectations.is_empty() {
            missing.push((
                last,
                "no `expect` line: write `expect nothing` if no decision is due",
            ));
        }
        if clean {
            let missing = missing
                .into_iter()
                .map(|(line, message)| (line, message.to_string()));
            self.errors.extend(missing);
        }
        if let (Some(line), Some(_)) = (self.nothing, self.expectations.first()) {
            self.errors.push((
                line,
                "`expect nothing` cannot be combined with expected decisions".to_string(),
            ));
        }
        let Some((pupil, _)) = &self.pupil else {
            return;
        };
        let known = |parent: &String| pupil.parents.contains(parent);
        let unknown =
            self.events
                .iter()
                .filter_map(|event| Some((event.line, event.parent.as_ref()?)))
                .chain(self.expectations.iter().filter_map(|expectation| {
                    Some((expectation.line, expectation.parent.as_ref()?))
                }))
                .filter(|(_, parent)| !known(parent))
                .map(|(line, parent)| {
                    (
                        line,
                        format!("`{parent}` is not one of the pupil's parents"),
                    )
                })
                .collect::<Vec<_>>();
        self.errors.extend(unknown);
    }
}

fn into_errors(path: &str, errors: Vec<(usize, String)>) -> Vec<CaseError> {
    errors
        .into_iter()
        .map(|(line, message)| CaseError {
            path: path.to_string(),
            line,
            message: bounded(message),
        })
        .collect()
}

/// The longest message kept whole, in bytes; a longer one (it echoes a
/// long word of the file) is cut.
const MESSAGE_BYTES: usize = 240;

/// `message`, cut after [`MESSAGE_BYTES`] with its full length, so that a
/// line of any length gives a short report.
fn bounded(message: String) -> String {
    if message.len() <= MESSAGE_BYTES {
        return message;
    }
    let mut cut = MESSAGE_BYTES;
    while !message.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}… ({} bytes in all)", &message[..cut], message.len())
}
