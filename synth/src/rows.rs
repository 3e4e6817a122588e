//! Writing rows of the data contract's CSV files as bytes, without
//! per-field formatting machinery: the generator's hot path.

use chrono::NaiveDate;
use rollcall_data::dates::iso_date;
use rollcall_data::model::{EventKind, Session};
use rollcall_ir::codes::Code;

/// Appends a `marks.csv` row; `prefix` is `pupil,school,`.
#[inline]
pub fn push_mark(
    buffer: &mut Vec<u8>,
    prefix: &[u8],
    date: &[u8; 10],
    session: Session,
    code: Code,
) {
    buffer.extend_from_slice(prefix);
    buffer.extend_from_slice(date);
    buffer.extend_from_slice(match session {
        Session::Am => b",AM,",
        Session::Pm => b",PM,",
    });
    buffer.extend_from_slice(code.as_str().as_bytes());
    buffer.push(b'\n');
}

/// Appends a `pupils.csv` row.
pub fn push_pupil(buffer: &mut Vec<u8>, pupil: &str, date_of_birth: NaiveDate, parents: &[String]) {
    buffer.extend_from_slice(pupil.as_bytes());
    buffer.push(b',');
    buffer.extend_from_slice(&iso_date(date_of_birth));
    buffer.push(b',');
    buffer.extend_from_slice(parents.join(";").as_bytes());
    buffer.push(b'\n');
}

/// Appends a `schools.csv` row.
pub fn push_school(buffer: &mut Vec<u8>, school: &str, name: &str, authority: &str) {
    for (index, field) in [school, name, authority].into_iter().enumerate() {
        if index > 0 {
            buffer.push(b',');
        }
        buffer.extend_from_slice(field.as_bytes());
    }
    buffer.push(b'\n');
}

/// One row of `events.csv`, borrowing its text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct EventRow<'a> {
    /// When it happened or began (first, so rows sort by date).
    pub start: NaiveDate,
    /// What happened.
    pub kind: EventKind,
    /// The parent concerned, or empty.
    pub parent: &'a str,
    /// The end or withdrawal date, if any.
    pub end: Option<NaiveDate>,
    /// Free detail (no commas, quotes or line breaks), or empty.
    pub detail: &'a str,
    /// The session an exclusion began in, if given.
    pub start_session: Option<Session>,
}

/// Appends an `events.csv` row for `pupil`.
pub fn push_event(buffer: &mut Vec<u8>, pupil: &str, event: &EventRow<'_>) {
    buffer.extend_from_slice(pupil.as_bytes());
    buffer.push(b',');
    buffer.extend_from_slice(event.parent.as_bytes());
    buffer.push(b',');
    buffer.extend_from_slice(event.kind.as_str().as_bytes());
    buffer.push(b',');
    buffer.extend_from_slice(&iso_date(event.start));
    buffer.push(b',');
    if let Some(end) = event.end {
        buffer.extend_from_slice(&iso_date(end));
    }
    buffer.push(b',');
    buffer.extend_from_slice(event.detail.as_bytes());
    buffer.push(b',');
    if let Some(session) = event.start_session {
        buffer.extend_from_slice(session.as_str().as_bytes());
    }
    buffer.push(b'\n');
}
