//! Reading the rows of `marks.csv`: `pupil,school,date,session,code`, the
//! bulk of the data.
//!
//! A pupil's rows are parsed into compact [`MarkRow`]s (the school as an
//! index, no allocation per field), then settled: put in date order, with
//! identical duplicates kept once and conflicting ones rejected.

use super::error::{ReadError, Rejections};
use super::fields::{code, date, session, shown};
use super::id_index::IdIndex;
use super::rows::field;
use crate::model::{Mark, School, Session};
use chrono::NaiveDate;
use csv::ByteRecord;
use rollcall_ir::codes::Code;
use std::path::Path;

/// One mark of the pupil being read, with the line it came from.
#[derive(Clone, Copy, Debug)]
pub(crate) struct MarkRow {
    /// The school, as an index into the schools sorted by id.
    pub school: u32,
    /// The day.
    pub date: NaiveDate,
    /// AM or PM.
    pub session: Session,
    /// The register code.
    pub code: Code,
    /// The line (or Parquet row) it came from.
    pub line: u64,
}

/// Parses the row on `line` (its pupil already matched) against the known
/// schools.
pub(crate) fn parse_mark(
    record: &ByteRecord,
    line: u64,
    schools: &mut SchoolIds,
) -> Result<MarkRow, String> {
    let row = MarkRow {
        school: schools.find(field(record, 1))?,
        date: date(field(record, 2))?,
        session: session(field(record, 3))?,
        code: code(field(record, 4))?,
        line,
    };
    row.in_use()
}

impl MarkRow {
    /// The row, if its code was in use on its date (see
    /// [`Code::in_use_on`]), or why not.
    pub(crate) fn in_use(self) -> Result<MarkRow, String> {
        match self.code.not_in_use_on(self.date) {
            None => Ok(self),
            Some(why) => Err(why),
        }
    }
}

/// Appends the `rows` of pupil `pupil` to `marks` in date and session
/// order: identical duplicates are kept once; rows giving one session
/// different codes (or schools) are all rejected, the second line first.
/// Empties `rows`.
pub(crate) fn settle_marks(
    rows: &mut Vec<MarkRow>,
    pupil: &str,
    path: &Path,
    schools: &[School],
    rejections: &mut Rejections,
    marks: &mut Vec<Mark>,
) -> Result<(), ReadError> {
    marks.reserve(rows.len());
    if in_session_order(rows, |row| (row.date, row.session)) {
        // In order, one row a session: nothing to settle.
        marks.extend(rows.drain(..).map(|row| Mark {
            school: row.school,
            date: row.date,
            session: row.session,
            code: row.code,
        }));
        return Ok(());
    }
    rows.sort_unstable_by_key(|row| (row.date, row.session, row.line));
    let mut conflicts = Vec::new();
    for group in rows.chunk_by(|a, b| (a.date, a.session) == (b.date, b.session)) {
        let first = group[0];
        if group
            .iter()
            .all(|row| (row.school, row.code) == (first.school, first.code))
        {
            marks.push(Mark {
                school: first.school,
                date: first.date,
                session: first.session,
                code: first.code,
            });
        } else {
            conflicts.push(group);
        }
    }
    conflicts.sort_by_key(|group| group[1].line);
    for group in conflicts {
        let first = group[0];
        let described: Vec<String> = group
            .iter()
            .map(|row| {
                let school = &schools[row.school as usize].id;
                format!(
                    "line {} has {} at {}",
                    row.line,
                    row.code,
                    shown(school.as_bytes())
                )
            })
            .collect();
        let message = format!(
            "conflicting marks for pupil {} on {} {}: {}",
            shown(pupil.as_bytes()),
            first.date,
            first.session,
            described.join(", ")
        );
        for row in group[1..].iter().chain(&group[..1]) {
            rejections.reject(path, row.line, message.clone())?;
        }
    }
    rows.clear();
    Ok(())
}

/// Whether `items`, placed by `place` (date and session), are in strict
/// date and session order: one a session, nothing to settle.
pub(crate) fn in_session_order<T>(items: &[T], place: impl Fn(&T) -> (NaiveDate, Session)) -> bool {
    items
        .windows(2)
        .all(|pair| place(&pair[0]) < place(&pair[1]))
}

/// Finds schools' indices by id, remembering the last one found (a
/// pupil's marks are usually all at one school).
#[derive(Clone)]
pub(crate) struct SchoolIds {
    ids: Vec<Box<[u8]>>,
    /// Each id's index in `ids`: one look-up a row when a file's rows
    /// change school from one to the next (a file not in pupil order).
    index: IdIndex,
    last: Option<u32>,
}

impl SchoolIds {
    /// The ids of `schools`, sorted by id.
    pub(crate) fn new(schools: &[School]) -> SchoolIds {
        let ids: Vec<Box<[u8]>> = schools
            .iter()
            .map(|school| school.id.as_bytes().into())
            .collect();
        let mut index = IdIndex::default();
        for (value, id) in ids.iter().enumerate() {
            index.insert(id, value as u32);
        }
        SchoolIds {
            ids,
            index,
            last: None,
        }
    }

    /// The index of school `id`, or why there is none.
    pub(crate) fn find(&mut self, id: &[u8]) -> Result<u32, String> {
        if let Some(last) = self.last {
            if *self.ids[last as usize] == *id {
                return Ok(last);
            }
        }
        match self.index.get(id) {
            Some(index) => {
                self.last = Some(index);
                Ok(index)
            }
            None if id.is_empty() => Err("missing school".to_owned()),
            None => Err(format!("unknown school {} (not in schools.csv)", shown(id))),
        }
    }
}
