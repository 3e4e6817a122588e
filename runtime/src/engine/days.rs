//! A pupil's own calendar: their marks grouped into days, each day placed
//! among the pupil's school weeks, school days, half-terms and terms.
//!
//! A school week is a Monday–Sunday week with at least one mark other than
//! `#`; a school day is a day with at least one such mark. A half-term ends
//! at any week without a school session between two school weeks; a term
//! ends at a break of two or more such weeks.

use super::policy_set::Choice;
use crate::calendar::week_start;
use crate::codes::{Code, CodeSet};
use crate::model::Mark;
use chrono::{Days, NaiveDate};
use std::ops::Range;

/// One day with marks, placed in the pupil's calendar.
#[derive(Clone, Debug)]
pub(crate) struct Day {
    /// The date.
    pub date: NaiveDate,
    /// The day's marks, as indices into the pupil's marks.
    pub marks: Range<usize>,
    /// The codes of the day's marks.
    pub codes: CodeSet,
    /// Whether the day has a mark other than `#`.
    pub school_day: bool,
    /// Whether the day's week has a mark other than `#`.
    pub school_week: bool,
    /// Monday of the day's week.
    pub week_start: NaiveDate,
    /// School weeks that start on or before this day's week.
    pub school_weeks: u32,
    /// School days on or before this day.
    pub school_days: u32,
    /// Ordinal of the half-term the day's week belongs to.
    pub half_term: u32,
    /// Ordinal of the term the day's week belongs to.
    pub term: u32,
    /// The school whose mark is the day's last (index into the data set's schools).
    pub school: Option<usize>,
    /// The policy version that decides on this day (school days only).
    pub choice: Option<Choice>,
}

impl Day {
    /// School weeks that start on or before the week starting `monday`, a
    /// week no later than this day's and with no marks between it and this
    /// day's week: how events dated before a day are placed.
    pub fn school_weeks_through(&self, monday: NaiveDate) -> u32 {
        if monday == self.week_start {
            self.school_weeks
        } else {
            self.school_weeks - u32::from(self.school_week)
        }
    }

    /// School days strictly before this day.
    pub fn school_days_before(&self) -> u32 {
        self.school_days - u32::from(self.school_day)
    }
}

/// The set of `#` alone: a day of only these is no school day.
const CLOSED: CodeSet = CodeSet::EMPTY.with(Code::Closed);

/// Groups `marks` (sorted by date and session) into `days`, replacing its
/// contents. `school` and `choice` are left empty for the caller.
pub(crate) fn build_days(marks: &[Mark], days: &mut Vec<Day>) {
    days.clear();
    // The current Monday–Sunday week, worked out once per week.
    let (mut monday, mut sunday) = (NaiveDate::MAX, NaiveDate::MIN);
    let mut start = 0;
    while start < marks.len() {
        let date = marks[start].date;
        let mut end = start;
        let mut codes = CodeSet::EMPTY;
        while end < marks.len() && marks[end].date == date {
            codes = codes.with(marks[end].code);
            end += 1;
        }
        if !(monday..=sunday).contains(&date) {
            monday = week_start(date);
            sunday = monday
                .checked_add_days(Days::new(6))
                .unwrap_or(NaiveDate::MAX);
        }
        days.push(Day {
            date,
            marks: start..end,
            codes,
            school_day: !codes.difference(CLOSED).is_empty(),
            school_week: false,
            week_start: monday,
            school_weeks: 0,
            school_days: 0,
            half_term: 0,
            term: 0,
            school: None,
            choice: None,
        });
        start = end;
    }
    place_days(days);
}

/// Fills in the weeks, school-day counts and periods of grouped days.
fn place_days(days: &mut [Day]) {
    let (mut school_weeks, mut school_days, mut half_term, mut term) = (0, 0, 0, 0);
    let mut last_school_week: Option<NaiveDate> = None;
    let mut week_first = 0;
    while week_first < days.len() {
        let monday = days[week_first].week_start;
        let mut week_end = week_first;
        let mut school_week = false;
        while week_end < days.len() && days[week_end].week_start == monday {
            school_week |= days[week_end].school_day;
            week_end += 1;
        }
        if school_week {
            if let Some(last) = last_school_week {
                let skipped = (monday - last).num_days() / 7 - 1;
                half_term += u32::from(skipped >= 1);
                term += u32::from(skipped >= 2);
            }
            last_school_week = Some(monday);
            school_weeks += 1;
        }
        for day in &mut days[week_first..week_end] {
            school_days += u32::from(day.school_day);
            day.school_week = school_week;
            day.school_weeks = school_weeks;
            day.school_days = school_days;
            day.half_term = half_term;
            day.term = term;
        }
        week_first = week_end;
    }
}
