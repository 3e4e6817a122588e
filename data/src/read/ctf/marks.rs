//! Decoding a CTF `AttendanceMarks` string into session marks.
//!
//! The reading rollcall takes (see the README, "Importing Common Transfer
//! Files"; the text of the specification's attendance section was not found,
//! so this is to be checked against it): the string holds one character per session, two per calendar
//! day (the morning's, then the afternoon's), from the morning of
//! `AttendanceStartDate`, weekends and holidays included. A character is
//! a one-character national register code (`/`, `\`, `N`, `#`…), or
//! [`NO_SESSION`] where there is no session to mark (a weekend, a
//! holiday, a day the pupil was not on roll), or one of the
//! [`SUBSTITUTES`] standing for a two-character 2024 code. Each decoded
//! code must be in use on its date ([`Code::in_use_on`]).

use crate::model::Session;
use chrono::{Days, NaiveDate};
use rollcall_ir::codes::Code;

/// The character of a session that is not to be marked: no mark is
/// imported for it.
pub const NO_SESSION: char = '-';

/// The characters that stand for the two-character 2024 codes in the
/// one-character-a-session string.
pub const SUBSTITUTES: [(char, Code); 10] = [
    ('1', Code::Y1),
    ('2', Code::Y2),
    ('3', Code::Y3),
    ('4', Code::Y4),
    ('5', Code::Y5),
    ('6', Code::Y6),
    ('7', Code::Y7),
    ('c', Code::C1),
    ('t', Code::C2),
    ('j', Code::J1),
];

/// One decoded session mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DecodedMark {
    /// The day.
    pub date: NaiveDate,
    /// AM or PM.
    pub session: Session,
    /// The register code.
    pub code: Code,
}

/// The code a marks character stands for, `None` for [`NO_SESSION`], or
/// why it stands for none.
fn code_of(character: char) -> Result<Option<Code>, String> {
    if character == NO_SESSION {
        return Ok(None);
    }
    if let Some((_, code)) = SUBSTITUTES.iter().find(|(known, _)| *known == character) {
        return Ok(Some(*code));
    }
    let mut text = [0; 4];
    match Code::parse(character.encode_utf8(&mut text)) {
        Some(code) if code.as_str().len() == 1 => Ok(Some(code)),
        _ => Err(format!(
            "unknown attendance mark `{character}` (expected a one-character register code, \
             `{NO_SESSION}` for no session, or one of {} for a two-character 2024 code)",
            SUBSTITUTES
                .iter()
                .map(|(character, code)| format!("`{character}` ({code})"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Decodes `marks`, starting with the morning of `start`, into the marks
/// of its sessions in date and session order, or the first reason it
/// cannot be.
pub fn decode_marks(start: NaiveDate, marks: &str) -> Result<Vec<DecodedMark>, String> {
    let mut decoded = Vec::new();
    for (index, character) in marks.chars().enumerate() {
        let day = (index / 2) as u64;
        let session = if index % 2 == 0 {
            Session::Am
        } else {
            Session::Pm
        };
        let date = start
            .checked_add_days(Days::new(day))
            .ok_or_else(|| format!("session {} runs past the last date", index + 1))?;
        let place = |why: String| format!("session {} ({date} {session}): {why}", index + 1);
        let Some(code) = code_of(character).map_err(&place)? else {
            continue;
        };
        if let Some(why) = code.not_in_use_on(date) {
            return Err(place(why));
        }
        decoded.push(DecodedMark {
            date,
            session,
            code,
        });
    }
    Ok(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn shown(marks: &[DecodedMark]) -> Vec<String> {
        marks
            .iter()
            .map(|mark| format!("{} {} {}", mark.date, mark.session, mark.code))
            .collect()
    }

    #[test]
    fn two_characters_a_day_weekends_left_unmarked() {
        // Friday 2024-09-06, the weekend, Monday 2024-09-09.
        let marks = decode_marks(day("2024-09-06"), "/\\----N#").unwrap();
        assert_eq!(
            shown(&marks),
            [
                "2024-09-06 AM /",
                "2024-09-06 PM \\",
                "2024-09-09 AM N",
                "2024-09-09 PM #"
            ]
        );
    }

    #[test]
    fn substitutes_stand_for_the_two_character_codes() {
        let marks = decode_marks(day("2024-09-09"), "1734ctj-").unwrap();
        assert_eq!(
            shown(&marks),
            [
                "2024-09-09 AM Y1",
                "2024-09-09 PM Y7",
                "2024-09-10 AM Y3",
                "2024-09-10 PM Y4",
                "2024-09-11 AM C1",
                "2024-09-11 PM C2",
                "2024-09-12 AM J1"
            ]
        );
    }

    #[test]
    fn codes_out_of_their_era_are_refused() {
        // `/` on the Friday is fine; `1` (Y1) before 19 August 2024 is not.
        let error = decode_marks(day("2024-08-16"), "/1").unwrap_err();
        assert!(
            error.contains("session 2 (2024-08-16 PM): code `Y1` is a 2024 code"),
            "{error}"
        );
        let error = decode_marks(day("2024-09-02"), "H").unwrap_err();
        assert!(error.contains("code `H` went out of use"), "{error}");
        assert!(decode_marks(day("2023-09-04"), "HJY-").is_ok());
    }

    #[test]
    fn unknown_characters_are_named() {
        let error = decode_marks(day("2024-09-09"), "/?").unwrap_err();
        assert!(
            error.starts_with("session 2 (2024-09-09 PM): unknown attendance mark `?`"),
            "{error}"
        );
        // A letter that only begins a two-character code is not one.
        assert!(decode_marks(day("2024-09-09"), "Y").is_err());
    }

    #[test]
    fn an_empty_string_has_no_marks() {
        assert!(decode_marks(day("2024-09-09"), "").unwrap().is_empty());
    }
}
