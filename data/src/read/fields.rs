//! Parsing single fields of data rows from bytes, with the messages users
//! see when a field is wrong.

use crate::model::{EventKind, Session};
use chrono::{Datelike, NaiveDate};
use rollcall_ir::codes::Code;
use rollcall_ir::words::grouped;

/// Bytes of a value shown whole in a message; a longer one is cut.
const SHOWN_BYTES: usize = 60;

/// A value as a message shows it, in backticks (invalid UTF-8 with
/// replacements): whole if short, else its first characters and its
/// length, `` `XXXX…` (50,000,001 bytes) ``.
pub(crate) fn shown(bytes: &[u8]) -> String {
    if bytes.len() <= SHOWN_BYTES {
        return format!("`{}`", String::from_utf8_lossy(bytes));
    }
    let text = String::from_utf8_lossy(&bytes[..SHOWN_BYTES]);
    // A character cut in two shows as a replacement: drop it.
    let text = text.trim_end_matches(char::REPLACEMENT_CHARACTER);
    format!("`{text}…` ({} bytes)", grouped(bytes.len() as u64))
}

/// A field that must be text: an identifier, name or detail.
pub(crate) fn text<'a>(bytes: &'a [u8], column: &str) -> Result<&'a str, String> {
    std::str::from_utf8(bytes).map_err(|_| format!("{column} {} is not valid UTF-8", shown(bytes)))
}

/// A required identifier (pupil, school, parent, authority).
pub(crate) fn identifier<'a>(bytes: &'a [u8], column: &str) -> Result<&'a str, String> {
    if bytes.is_empty() {
        return Err(format!("missing {column}"));
    }
    text(bytes, column)
}

/// Day `days` since 1970-01-01, a Parquet date, if it is a date a CSV
/// file could give (years 0 to 9999): both Parquet readers read dates
/// through this, so they accept the same days.
pub(crate) fn parquet_date(days: i32) -> Option<NaiveDate> {
    /// Days from 1 January of the year 1 to 1 January 1970.
    const UNIX_EPOCH_FROM_CE: i32 = 719_163;
    let date = NaiveDate::from_num_days_from_ce_opt(days.checked_add(UNIX_EPOCH_FROM_CE)?)?;
    (0..=9999).contains(&date.year()).then_some(date)
}

/// Why day `days` since 1970-01-01, a Parquet date in `column`, is no
/// date (see [`parquet_date`]).
pub(crate) fn day_out_of_range(column: &str, days: i32) -> String {
    format!("{column}: day {days} after 1970-01-01 is out of the range of dates")
}

/// A date written `YYYY-MM-DD`.
pub(crate) fn date(bytes: &[u8]) -> Result<NaiveDate, String> {
    parse_iso_date(bytes).ok_or_else(|| {
        if bytes.is_empty() {
            "missing date (expected YYYY-MM-DD)".to_owned()
        } else {
            format!("{} is not a date (expected YYYY-MM-DD)", shown(bytes))
        }
    })
}

fn parse_iso_date(bytes: &[u8]) -> Option<NaiveDate> {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *bytes else {
        return None;
    };
    let digit = |byte: u8| byte.is_ascii_digit().then(|| u32::from(byte - b'0'));
    let number = |digits: &[u8]| {
        digits
            .iter()
            .try_fold(0, |total, &byte| Some(total * 10 + digit(byte)?))
    };
    let year = number(&[y0, y1, y2, y3])?;
    let month = number(&[m0, m1])?;
    let day = number(&[d0, d1])?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// An optional date: `None` when the field is empty.
pub(crate) fn optional_date(bytes: &[u8]) -> Result<Option<NaiveDate>, String> {
    if bytes.is_empty() {
        Ok(None)
    } else {
        date(bytes).map(Some)
    }
}

/// `AM` or `PM`.
pub(crate) fn session(bytes: &[u8]) -> Result<Session, String> {
    match bytes {
        b"AM" => Ok(Session::Am),
        b"PM" => Ok(Session::Pm),
        _ => Err(format!(
            "{} is not a session (expected AM or PM)",
            shown(bytes)
        )),
    }
}

/// A 2024 national register code.
pub(crate) fn code(bytes: &[u8]) -> Result<Code, String> {
    if let Some(code) = std::str::from_utf8(bytes).ok().and_then(Code::parse) {
        return Ok(code);
    }
    let written = shown(bytes);
    let upper = String::from_utf8_lossy(bytes).to_uppercase();
    if let Some(code) = Code::parse(&upper) {
        return Err(format!(
            "unknown register code {written} (did you mean `{code}`?)"
        ));
    }
    let valid: Vec<_> = Code::ALL.iter().map(|code| code.as_str()).collect();
    Err(format!(
        "unknown register code {written} (the codes are {})",
        valid.join(" ")
    ))
}

/// An event kind as written in `events.csv`: built in, or one of
/// `declared` (the kinds the policies in use declare).
pub(crate) fn event_kind(bytes: &[u8], declared: &[EventKind]) -> Result<EventKind, String> {
    let parse = |text: &str| EventKind::parse_known(text, declared);
    if let Some(kind) = std::str::from_utf8(bytes).ok().and_then(parse) {
        return Ok(kind);
    }
    let written = shown(bytes);
    let normalised = String::from_utf8_lossy(bytes)
        .to_lowercase()
        .replace([' ', '-'], "_");
    if let Some(kind) = parse(&normalised) {
        return Err(format!(
            "unknown event kind {written} (did you mean `{kind}`?)"
        ));
    }
    let valid: Vec<_> = EventKind::ALL
        .iter()
        .chain(declared)
        .map(|kind| kind.as_str())
        .collect();
    let declared_note = if declared.is_empty() {
        "; no policy in use declares other kinds"
    } else {
        ""
    };
    Err(format!(
        "unknown event kind {written} (expected one of {}{declared_note})",
        valid.join(", ")
    ))
}
