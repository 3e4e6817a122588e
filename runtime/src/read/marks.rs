//! Reading `marks.csv`: `pupil,school,date,session,code`, the bulk of the
//! data.
//!
//! Rows are first read into compact [`MarkRow`]s (pupil and school as
//! indices, no allocation per field), sorted, checked for duplicate
//! sessions, and only then turned into [`Mark`]s.

use super::csv_file::{field, CsvFile};
use super::error::{ReadError, Rejections};
use super::fields::{code, date, session, shown};
use crate::codes::Code;
use crate::model::{Mark, Pupil, School, Session};
use chrono::NaiveDate;
use csv::ByteRecord;
use std::collections::HashMap;
use std::path::Path;

/// One mark with its pupil and school as indices into the sorted pupil and
/// school lists.
#[derive(Clone, Copy)]
struct MarkRow {
    pupil: u32,
    school: u32,
    date: NaiveDate,
    session: Session,
    code: Code,
    line: u64,
}

/// Reads `dir/marks.csv` against the known `schools` and `pupils` (both
/// sorted by id); the good marks sorted by pupil, date and session.
///
/// Identical duplicate rows are kept once; rows giving one session of one
/// pupil different codes (or schools) are all rejected.
pub(crate) fn read_marks(
    dir: &Path,
    schools: &[School],
    pupils: &[Pupil],
    rejections: &mut Rejections,
) -> Result<Vec<Mark>, ReadError> {
    let mut file = CsvFile::open(
        dir,
        "marks.csv",
        &["pupil", "school", "date", "session", "code"],
    )?;
    let first_rejection = rejections.len();
    let mut pupil_ids = Lookup::new(pupils.iter().map(|pupil| pupil.id.as_str()));
    let mut school_ids = Lookup::new(schools.iter().map(|school| school.id.as_str()));
    let mut rows = Vec::new();
    let mut record = ByteRecord::new();
    while let Some(line) = file.next_row(&mut record, rejections)? {
        match parse_mark(&record, line, &mut pupil_ids, &mut school_ids) {
            Ok(row) => rows.push(row),
            Err(message) => rejections.reject(file.path(), line, message)?,
        }
    }
    rows.sort_unstable_by_key(|row| (row.pupil, row.date, row.session, row.line));
    let rows = remove_duplicates(rows, file.path(), schools, pupils, rejections)?;
    rejections.sort_lines_from(first_rejection);
    Ok(rows
        .iter()
        .map(|row| Mark {
            pupil: pupils[row.pupil as usize].id.clone(),
            school: schools[row.school as usize].id.clone(),
            date: row.date,
            session: row.session,
            code: row.code,
        })
        .collect())
}

fn parse_mark(
    record: &ByteRecord,
    line: u64,
    pupil_ids: &mut Lookup<'_>,
    school_ids: &mut Lookup<'_>,
) -> Result<MarkRow, String> {
    Ok(MarkRow {
        pupil: pupil_ids.find(field(record, 0), "pupil", "pupils.csv")?,
        school: school_ids.find(field(record, 1), "school", "schools.csv")?,
        date: date(field(record, 2))?,
        session: session(field(record, 3))?,
        code: code(field(record, 4))?,
        line,
    })
}

/// Keeps one row per (pupil, date, session) from rows sorted that way:
/// identical duplicates collapse into their first line, conflicting ones
/// are rejected (with [`OnBadRow::Stop`](super::OnBadRow::Stop), the
/// conflict whose second line comes first).
fn remove_duplicates(
    rows: Vec<MarkRow>,
    path: &Path,
    schools: &[School],
    pupils: &[Pupil],
    rejections: &mut Rejections,
) -> Result<Vec<MarkRow>, ReadError> {
    let mut kept = Vec::with_capacity(rows.len());
    let mut conflicts = Vec::new();
    for group in rows.chunk_by(|a, b| (a.pupil, a.date, a.session) == (b.pupil, b.date, b.session))
    {
        let first = group[0];
        if group
            .iter()
            .all(|row| (row.school, row.code) == (first.school, first.code))
        {
            kept.push(first);
        } else {
            conflicts.push(group);
        }
    }
    conflicts.sort_by_key(|group| group[1].line);
    for group in conflicts {
        let first = group[0];
        let marks: Vec<String> = group
            .iter()
            .map(|row| {
                let school = &schools[row.school as usize].id;
                format!("line {} has {} at `{school}`", row.line, row.code)
            })
            .collect();
        let message = format!(
            "conflicting marks for pupil `{}` on {} {}: {}",
            pupils[first.pupil as usize].id,
            first.date,
            first.session,
            marks.join(", ")
        );
        // The second line is where the conflict shows: report it first.
        for row in group[1..].iter().chain(&group[..1]) {
            rejections.reject(path, row.line, message.clone())?;
        }
    }
    Ok(kept)
}

/// Finds identifiers' indices, remembering the last one found (marks files
/// usually list one pupil's, or one school's, rows together).
struct Lookup<'a> {
    indices: HashMap<&'a [u8], u32>,
    last: Option<(&'a [u8], u32)>,
}

impl<'a> Lookup<'a> {
    fn new(ids: impl Iterator<Item = &'a str>) -> Lookup<'a> {
        let indices = ids
            .zip(0..)
            .map(|(id, index)| (id.as_bytes(), index))
            .collect();
        Lookup {
            indices,
            last: None,
        }
    }

    /// The index of `id`, or a message naming the `column` and the `file`
    /// that should have listed it.
    fn find(&mut self, id: &[u8], column: &str, file: &str) -> Result<u32, String> {
        if let Some((last_id, index)) = self.last {
            if last_id == id {
                return Ok(index);
            }
        }
        match self.indices.get_key_value(id) {
            Some((&found, &index)) => {
                self.last = Some((found, index));
                Ok(index)
            }
            None if id.is_empty() => Err(format!("missing {column}")),
            None => Err(format!("unknown {column} `{}` (not in {file})", shown(id))),
        }
    }
}
