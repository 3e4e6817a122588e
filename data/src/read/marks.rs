//! Reading the rows of `marks.csv`: `pupil,school,date,session,code`, the
//! bulk of the data.
//!
//! A pupil's rows are parsed into compact [`MarkRow`]s (the school as an
//! index, no allocation per field), then settled: put in date order, with
//! identical duplicates kept once and conflicting ones rejected.

use super::counting_sort::counting_sort;
use super::error::{ReadError, Rejections};
use super::fields::{code, date, session, shown};
use super::id_index::IdIndex;
use super::rows::field;
use crate::model::{Mark, School, Session};
use chrono::{Datelike, NaiveDate};
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
    order: &mut SessionOrder,
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
    order.sort(rows);
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

/// Room for putting a pupil's rows in date and session order, kept from
/// one pupil to the next.
#[derive(Default)]
pub(crate) struct SessionOrder {
    /// Each row's [`day_key`], then its session counted from the first
    /// day's.
    slots: Vec<i32>,
    /// Each session's count, for sorting.
    starts: Vec<usize>,
    sorted: Vec<MarkRow>,
}

/// Rows spanning more sessions than this many a row (and
/// [`SPARE_SESSIONS`] more) are put in order by comparing them instead:
/// counting would touch mostly empty sessions.
const SESSIONS_PER_ROW: usize = 4;
const SPARE_SESSIONS: usize = 1024;

impl SessionOrder {
    /// Puts `rows` in date, session and line order. A pupil's rows span a
    /// year or two of sessions, so they are counted into place by session
    /// (two passes, no comparisons) rather than sorted.
    pub(crate) fn sort(&mut self, rows: &mut Vec<MarkRow>) {
        self.slots.clear();
        self.slots.extend(rows.iter().map(|row| day_key(row.date)));
        let (Some(&first), Some(&last)) = (self.slots.iter().min(), self.slots.iter().max()) else {
            return;
        };
        let sessions =
            usize::try_from((i64::from(last) - i64::from(first) + 1) * 2).unwrap_or(usize::MAX);
        if sessions > SESSIONS_PER_ROW * rows.len() + SPARE_SESSIONS {
            rows.sort_unstable_by_key(|row| (row.date, row.session, row.line));
            return;
        }
        for (slot, row) in self.slots.iter_mut().zip(rows.iter()) {
            // Below `sessions`, which fits the check above.
            *slot = (*slot - first) * 2 + i32::from(row.session == Session::Pm);
        }
        let slots = &self.slots;
        counting_sort(
            rows,
            &mut self.sorted,
            &mut self.starts,
            sessions,
            |place, _| slots[place] as usize,
        );
        // Rows of one session (rare) in line order, whatever order they
        // came in.
        for group in rows.chunk_by_mut(|a, b| (a.date, a.session) == (b.date, b.session)) {
            if group.len() > 1 {
                group.sort_unstable_by_key(|row| row.line);
            }
        }
    }
}

/// A number for `date` that orders days as they come: the year's 366
/// places then the day's in its year (cheaper than a count of days, which
/// divides; a year that is not leap leaves one place unused).
fn day_key(date: NaiveDate) -> i32 {
    date.year() * 366 + date.ordinal0() as i32
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A row on `day` days after 2024-09-02, in session `pm`, from `line`.
    fn row(day: i64, pm: bool, line: u64) -> MarkRow {
        let start = NaiveDate::from_ymd_opt(2024, 9, 2).unwrap_or_default();
        MarkRow {
            school: 0,
            date: start + chrono::Duration::days(day),
            session: if pm { Session::Pm } else { Session::Am },
            code: Code::ALL[0],
            line,
        }
    }

    fn places(rows: &[MarkRow]) -> Vec<(NaiveDate, Session, u64)> {
        rows.iter()
            .map(|row| (row.date, row.session, row.line))
            .collect()
    }

    /// Counted or compared, rows come out in date, session and line order,
    /// rows of one session in line order whatever order they came in.
    #[test]
    fn rows_are_put_in_date_session_and_line_order() {
        let mut order = SessionOrder::default();
        let mut seed = 7u64;
        let mut next = move |below: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % below
        };
        // Spans of a term, a year, and (compared, not counted) 40 years.
        for span in [60, 365, 40 * 365] {
            for _ in 0..50 {
                let count = 1 + next(400);
                let mut rows: Vec<MarkRow> = (0..count)
                    .map(|_| row(next(span) as i64, next(2) == 1, next(1_000_000)))
                    .collect();
                // A session given twice, its later line first.
                let twice = row(next(span) as i64, true, 2_000_000);
                rows.push(twice);
                rows.insert(
                    0,
                    MarkRow {
                        line: 2_000_001,
                        ..twice
                    },
                );
                let mut expected = places(&rows);
                expected.sort_unstable();
                order.sort(&mut rows);
                assert_eq!(places(&rows), expected, "span {span}");
            }
        }
        let mut none = Vec::new();
        order.sort(&mut none);
        assert!(none.is_empty());
    }
}
