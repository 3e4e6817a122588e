//! Week lines: a Monday's date, then ten session codes (Monday AM, Monday
//! PM, … Friday PM) separated by spaces, `.` for no mark, and an optional
//! `x N` to repeat the week for N consecutive weeks.

use super::super::model::CaseMark;
use super::super::tokens::{date, number, Word, Words};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use rollcall_data::model::Session;
use rollcall_ir::codes::Code;
use std::collections::HashMap;

/// Sessions in a school week line.
const SESSIONS: usize = 10;

/// The most weeks one line may repeat (about ten school years).
const MOST_REPEATS: u32 = 520;

/// The week lines read so far.
#[derive(Default)]
pub(super) struct Weeks {
    marks: Vec<CaseMark>,
    /// Where each session was first given.
    seen: HashMap<(NaiveDate, Session), usize>,
    /// The Monday of the last week line.
    last_monday: Option<NaiveDate>,
}

impl Weeks {
    /// Whether no week line has been read.
    pub fn is_empty(&self) -> bool {
        self.last_monday.is_none()
    }

    /// The marks, in file order.
    pub fn into_marks(self) -> Vec<CaseMark> {
        self.marks
    }

    /// Reads week line `line`, whose first word is `first`, at school
    /// `school` (an index into the case's schools).
    pub fn line(
        &mut self,
        line: usize,
        first: &str,
        words: &mut Words,
        school: usize,
    ) -> Result<(), String> {
        let monday = date(first)?;
        if monday.weekday() != Weekday::Mon {
            return Err(format!(
                "{monday} is a {}: a week line starts with its Monday",
                monday.weekday()
            ));
        }
        if let Some(last) = self.last_monday.filter(|&last| monday < last) {
            return Err(format!(
                "week {monday} comes after week {last}: write weeks in date order"
            ));
        }
        let (codes, repeat) = codes_and_repeat(words)?;
        let mut marks = Vec::new();
        for week in 0..repeat {
            let week_monday = monday
                .checked_add_days(Days::new(7 * u64::from(week)))
                .ok_or("the repeated weeks run past the calendar")?;
            for (index, code) in codes.iter().enumerate() {
                let Some(code) = *code else { continue };
                let session = if index.is_multiple_of(2) {
                    Session::Am
                } else {
                    Session::Pm
                };
                let date = week_monday + Days::new(index as u64 / 2);
                if let Some(why) = code.not_in_use_on(date) {
                    return Err(why);
                }
                if let Some(earlier) = self.seen.get(&(date, session)) {
                    return Err(format!(
                        "{date} {session} is already marked on line {earlier}"
                    ));
                }
                marks.push(CaseMark {
                    date,
                    session,
                    code,
                    school,
                });
            }
            self.last_monday = Some(week_monday);
        }
        for mark in &marks {
            self.seen.insert((mark.date, mark.session), line);
        }
        self.marks.extend(marks);
        Ok(())
    }
}

/// The ten codes (`None` for `.`) and the number of weeks.
fn codes_and_repeat(words: &mut Words) -> Result<(Vec<Option<Code>>, u32), String> {
    let mut codes = Vec::with_capacity(SESSIONS);
    let mut repeat = 1;
    while let Some(word) = words.take() {
        let text = match word {
            Word::Plain(text) => text,
            other => return Err(format!("{} is not a register code", other.shown())),
        };
        if text == "x" {
            let count = number(
                words.plain("the number of weeks after `x`")?,
                "a number of weeks",
            )?;
            if !(1..=MOST_REPEATS).contains(&count) {
                return Err(format!(
                    "`x {count}`: repeat a week 1 to {MOST_REPEATS} times"
                ));
            }
            words.finish()?;
            repeat = count;
            break;
        }
        codes.push(code(text, codes.len())?);
    }
    if codes.len() != SESSIONS {
        return Err(format!(
            "a week has {SESSIONS} sessions (Monday AM to Friday PM; `.` for no mark), found {}",
            codes.len()
        ));
    }
    Ok((codes, repeat))
}

/// One session's code; `.` is no mark.
fn code(text: &str, index: usize) -> Result<Option<Code>, String> {
    if text == "." {
        return Ok(None);
    }
    Code::parse(text).map(Some).ok_or_else(|| {
        let day = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
            .get(index / 2)
            .copied()
            .unwrap_or("after Friday");
        let session = if index.is_multiple_of(2) { "AM" } else { "PM" };
        format!(
            "unknown register code `{text}` ({day} {session}); codes are the national codes \
             (`/`, `\\`, `L`, `B`, `C`, `C1`…`Z`, `#`; `H`, `J`, `Y` before 19 August 2024), or \
             `.` for no mark"
        )
    })
}
