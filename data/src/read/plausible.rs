//! Dates no register can hold: marks dated before the earliest day the
//! caller knows of (the policies' first academic year), marks and events
//! dated after the latest (the day of the run, or the day it is run as
//! of). They are read
//! as they are (a date is not wrong in itself); they are counted, file by
//! file, with the first few named, for the caller to warn or refuse.

use crate::model::Mark;
use chrono::NaiveDate;
use std::fmt;
use std::path::{Path, PathBuf};

/// How many of a file's implausible dates are named.
const NAMED: usize = 5;

/// The span of dates a register can plausibly hold; either end may be open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DateBounds {
    /// Dates before this day are implausible.
    pub earliest: Option<NaiveDate>,
    /// Dates after this day are implausible.
    pub latest: Option<NaiveDate>,
}

impl DateBounds {
    /// Which side of the bounds `date` falls on, if outside them.
    fn outside(&self, date: NaiveDate) -> Option<Side> {
        if self.earliest.is_some_and(|earliest| date < earliest) {
            Some(Side::Before)
        } else if self.latest.is_some_and(|latest| date > latest) {
            Some(Side::After)
        } else {
            None
        }
    }
}

/// Which bound a date is past.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// Before [`DateBounds::earliest`].
    Before,
    /// After [`DateBounds::latest`].
    After,
}

/// One implausible date, as found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sighting {
    /// The line (or Parquet row) of its row, when the reader still knows it.
    pub line: Option<u64>,
    /// Whose row it is.
    pub pupil: String,
    /// The date.
    pub date: NaiveDate,
}

impl fmt::Display for Sighting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line} ({})", self.date),
            None => write!(f, "pupil {} on {}", self.pupil, self.date),
        }
    }
}

/// The implausible dates of one file on one side of the bounds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImplausibleDates {
    /// The file.
    pub file: PathBuf,
    /// Before the earliest day or after the latest.
    pub side: Side,
    /// How many rows have such a date.
    pub rows: u64,
    /// The first few of them, in reading order.
    pub first: Vec<Sighting>,
}

impl ImplausibleDates {
    /// The rows not named in [`first`](ImplausibleDates::first).
    pub fn unnamed(&self) -> u64 {
        self.rows.saturating_sub(self.first.len() as u64)
    }
}

/// Counts the implausible dates of a read, per file and side.
#[derive(Debug, Default)]
pub(crate) struct Plausibility {
    bounds: DateBounds,
    found: Vec<ImplausibleDates>,
}

impl Plausibility {
    /// A count against `bounds`.
    pub(crate) fn new(bounds: DateBounds) -> Plausibility {
        Plausibility {
            bounds,
            found: Vec::new(),
        }
    }

    /// Whether there are bounds to check at all.
    pub(crate) fn checks(&self) -> bool {
        self.bounds != DateBounds::default()
    }

    /// Checks the date of a mark of `file` (on `line`, if known) of
    /// `pupil` against both bounds.
    pub(crate) fn check_mark(
        &mut self,
        file: &Path,
        line: Option<u64>,
        pupil: &str,
        date: NaiveDate,
    ) {
        if let Some(side) = self.bounds.outside(date) {
            self.count(side, file, line, pupil, date);
        }
    }

    /// Checks the marks of `pupil` read from `file` without their rows'
    /// numbers, `marks` being in date order: only those before the first
    /// plausible day and after the last are looked at, not every mark.
    pub(crate) fn check_settled(&mut self, file: &Path, pupil: &str, marks: &[Mark]) {
        let DateBounds { earliest, latest } = self.bounds;
        let before = earliest.map_or(0, |day| marks.partition_point(|mark| mark.date < day));
        let after = latest.map_or(marks.len(), |day| {
            marks.partition_point(|mark| mark.date <= day)
        });
        for mark in marks[..before].iter().chain(&marks[after.max(before)..]) {
            self.check_mark(file, None, pupil, mark.date);
        }
    }

    /// Checks the date of an event of `file` on `line` of `pupil` against
    /// the latest day only (earlier notices and cases may predate every
    /// policy in use); whether it is implausible (and counted).
    pub(crate) fn check_event(
        &mut self,
        file: &Path,
        line: u64,
        pupil: &str,
        date: NaiveDate,
    ) -> bool {
        let after = self.bounds.outside(date) == Some(Side::After);
        if after {
            self.count(Side::After, file, Some(line), pupil, date);
        }
        after
    }

    fn count(&mut self, side: Side, file: &Path, line: Option<u64>, pupil: &str, date: NaiveDate) {
        let index = match self
            .found
            .iter()
            .position(|found| found.side == side && found.file == file)
        {
            Some(index) => index,
            None => {
                self.found.push(ImplausibleDates {
                    file: file.to_path_buf(),
                    side,
                    rows: 0,
                    first: Vec::new(),
                });
                self.found.len() - 1
            }
        };
        let found = &mut self.found[index];
        found.rows += 1;
        if found.first.len() < NAMED {
            found.first.push(Sighting {
                line,
                pupil: pupil.to_string(),
                date,
            });
        }
    }

    /// What was found, in the order first found.
    pub(crate) fn found(&self) -> &[ImplausibleDates] {
        &self.found
    }
}

#[cfg(test)]
mod tests {
    use super::{DateBounds, Plausibility, Side};
    use chrono::NaiveDate;
    use std::path::Path;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
    }

    #[test]
    fn counts_each_side_of_each_file_and_names_the_first_five() {
        let mut plausibility = Plausibility::new(DateBounds {
            earliest: Some(day(2013, 9, 1)),
            latest: Some(day(2026, 12, 4)),
        });
        let marks = Path::new("marks.csv");
        for line in 2..10 {
            plausibility.check_mark(marks, Some(line), "p1", day(9999, 12, 31));
        }
        plausibility.check_mark(marks, Some(11), "p1", day(2020, 1, 6));
        plausibility.check_mark(marks, Some(12), "p1", day(2013, 9, 1));
        plausibility.check_mark(marks, Some(13), "p2", day(2026, 12, 4));
        plausibility.check_mark(marks, None, "p3", day(1900, 1, 1));
        let events = Path::new("events.csv");
        assert!(!plausibility.check_event(events, 2, "p3", day(1900, 1, 1)));
        assert!(plausibility.check_event(events, 3, "p3", day(2027, 1, 1)));
        let found = plausibility.found();
        assert_eq!(found.len(), 3);
        assert_eq!((found[0].side, found[0].rows), (Side::After, 8));
        assert_eq!(found[0].first.len(), 5);
        assert_eq!(found[0].unnamed(), 3);
        assert_eq!(found[0].first[0].to_string(), "line 2 (9999-12-31)");
        assert_eq!((found[1].side, found[1].rows), (Side::Before, 1));
        assert_eq!(found[1].first[0].to_string(), "pupil p3 on 1900-01-01");
        assert_eq!((found[2].side, found[2].rows), (Side::After, 1));
        assert_eq!(found[2].first[0].to_string(), "line 3 (2027-01-01)");
    }

    #[test]
    fn settled_marks_are_checked_at_their_ends_only() {
        use crate::model::{Mark, Session};
        use rollcall_ir::codes::Code;
        let mark = |date| Mark {
            school: 0,
            date,
            session: Session::Am,
            code: Code::O,
        };
        let marks: Vec<Mark> = [
            day(1900, 1, 1),
            day(2012, 8, 31),
            day(2013, 9, 1),
            day(2020, 1, 6),
            day(2026, 12, 4),
            day(2027, 1, 1),
            day(9999, 12, 31),
        ]
        .into_iter()
        .map(mark)
        .collect();
        let mut plausibility = Plausibility::new(DateBounds {
            earliest: Some(day(2013, 9, 1)),
            latest: Some(day(2026, 12, 4)),
        });
        plausibility.check_settled(Path::new("marks.parquet"), "p1", &marks);
        let found = plausibility.found();
        let counts: Vec<(Side, u64)> = found.iter().map(|f| (f.side, f.rows)).collect();
        assert_eq!(counts, [(Side::Before, 2), (Side::After, 2)]);
        assert_eq!(found[1].first[0].to_string(), "pupil p1 on 2027-01-01");
    }

    #[test]
    fn no_bounds_check_nothing() {
        let mut plausibility = Plausibility::new(DateBounds::default());
        assert!(!plausibility.checks());
        plausibility.check_mark(Path::new("marks.csv"), Some(2), "p1", day(9999, 12, 31));
        assert!(plausibility.found().is_empty());
    }
}
