//! A pupil's own calendar: their marks grouped into days, each day placed
//! among the pupil's school weeks, school days, half-terms and terms.
//!
//! A school day is a day with at least one possible session (a mark other
//! than `#`, `X`, `Y1`–`Y7` and `Z`); a school week is a Monday–Sunday week
//! with at least one school session (a mark other than `#`: the school met,
//! whether or not the pupil could attend), as docs/language.md, "Quantities
//! and their units", defines both. A half-term ends
//! at any week without a school session between two school weeks; a term
//! ends at a break of two or more such weeks.

use super::policy_set::Choice;
use crate::calendar::week_start;
use chrono::{Datelike, Days, NaiveDate};
use rollcall_data::model::Mark;
use rollcall_ir::codes::{Code, CodeSet};
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
    /// Whether the day has a possible session.
    pub school_day: bool,
    /// Whether the day's week has a school session (a mark other than `#`).
    pub school_week: bool,
    /// Monday of the day's week.
    pub week_start: NaiveDate,
    /// School weeks that start on or before this day's week.
    pub school_weeks: u32,
    /// School days on or before this day.
    pub school_days: u32,
    /// The pupil's possible sessions before this day (`start`) and up to
    /// its end (`end`).
    pub possible: Range<u32>,
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

/// Whether a day or week whose marks have `codes` holds a school session:
/// a mark other than `#`.
fn has_school_session(codes: CodeSet) -> bool {
    !codes
        .difference(CodeSet::EMPTY.with(Code::Closed))
        .is_empty()
}

/// The buffers a [`DayStream`] reuses from one pupil to the next.
#[derive(Debug, Default)]
pub(crate) struct DayBuffers {
    /// The current week's days.
    week: Vec<Day>,
    /// The weeks of dates worked out so far.
    weeks: WeekCache,
}

/// A pupil's marks as days in date order, placed in the pupil's calendar a
/// week at a time: a week's days are grouped (into a reused buffer of at
/// most seven) once the days before them have been taken, so no day is
/// kept longer than its week, and a week can be passed over whole (see
/// [`DayStream::week_ahead`]). `school` and `choice` are left empty for
/// the caller.
pub(crate) struct DayStream<'a> {
    marks: &'a [Mark],
    /// The first mark not yet in a day.
    next_mark: usize,
    /// The current week's days.
    week: &'a mut Vec<Day>,
    weeks: &'a mut WeekCache,
    /// The next day of `week` to take.
    next_day: usize,
    /// School weeks, school days and possible sessions so far.
    school_weeks: u32,
    school_days: u32,
    possible: u32,
    /// Ordinals of the current half-term and term.
    half_term: u32,
    term: u32,
    /// The number of the last school week.
    last_school_week: Option<i32>,
}

impl<'a> DayStream<'a> {
    /// The days of `marks` (sorted by date and session).
    pub fn new(marks: &'a [Mark], buffers: &'a mut DayBuffers) -> DayStream<'a> {
        buffers.week.clear();
        DayStream {
            marks,
            next_mark: 0,
            week: &mut buffers.week,
            weeks: &mut buffers.weeks,
            next_day: 0,
            school_weeks: 0,
            school_days: 0,
            possible: 0,
            half_term: 0,
            term: 0,
            last_school_week: None,
        }
    }

    /// The next day with marks, if any.
    #[inline]
    pub fn next_day(&mut self) -> Option<&mut Day> {
        if self.next_day == self.week.len() && !self.next_week() {
            return None;
        }
        self.next_day += 1;
        Some(&mut self.week[self.next_day - 1])
    }

    /// The next week, summed up without grouping its marks into days, when
    /// every day before it has been taken and a mark is left.
    pub fn week_ahead(&mut self) -> Option<WeekAhead> {
        if self.next_day < self.week.len() {
            return None;
        }
        let marks = self.marks;
        let first = marks.get(self.next_mark)?;
        let week = self.weeks.week_of(first.date);
        // One pass over the week's marks (a handful), without a branch but
        // the loop's own.
        let mut end = self.next_mark;
        let mut codes = CodeSet::EMPTY;
        let mut one_school = true;
        let (mut school_days, mut last_school_day) = (0, NaiveDate::MIN);
        let mut possible = 0;
        while let Some(mark) = marks.get(end).filter(|mark| mark.date <= week.sunday) {
            codes = codes.with(mark.code);
            possible += u32::from(mark.code.is_possible());
            one_school &= mark.school == first.school;
            let new_school_day = mark.code.is_possible() & (mark.date != last_school_day);
            school_days += u32::from(new_school_day);
            last_school_day = if new_school_day {
                mark.date
            } else {
                last_school_day
            };
            end += 1;
        }
        let school_week = has_school_session(codes);
        Some(WeekAhead {
            school_week,
            school_weeks: self.school_weeks + u32::from(school_week),
            codes,
            school: one_school.then_some(first.school),
            last_date: marks[end - 1].date,
            end,
            week: week.number,
            school_days,
            possible,
        })
    }

    /// Passes over the week summed up in `week` (the next one) without
    /// grouping its days.
    pub fn pass_week(&mut self, week: WeekAhead) {
        self.next_mark = week.end;
        self.enter_week(week.week, week.school_week);
        self.school_days += week.school_days;
        self.possible += week.possible;
    }

    /// Moves the school-week count and periods on to week number `week`,
    /// the next: a half-term ends at any week without a school session
    /// between two school weeks, a term at two or more.
    fn enter_week(&mut self, week: i32, school_week: bool) {
        if !school_week {
            return;
        }
        if let Some(last) = self.last_school_week {
            let skipped = week - last - 1;
            self.half_term += u32::from(skipped >= 1);
            self.term += u32::from(skipped >= 2);
        }
        self.last_school_week = Some(week);
        self.school_weeks += 1;
    }

    /// Groups the next week's marks into days and places them; false when
    /// every mark is taken.
    #[inline(never)]
    fn next_week(&mut self) -> bool {
        self.week.clear();
        self.next_day = 0;
        let marks = self.marks;
        let Some(first) = marks.get(self.next_mark) else {
            return false;
        };
        let week = self.weeks.week_of(first.date);
        let mut start = self.next_mark;
        let mut school_week = false;
        while start < marks.len() && marks[start].date <= week.sunday {
            let date = marks[start].date;
            let mut end = start;
            let mut codes = CodeSet::EMPTY;
            let possible_before = self.possible;
            while end < marks.len() && marks[end].date == date {
                codes = codes.with(marks[end].code);
                self.possible += u32::from(marks[end].code.is_possible());
                end += 1;
            }
            let school_day = self.possible > possible_before;
            school_week |= has_school_session(codes);
            self.week.push(Day {
                date,
                marks: start..end,
                codes,
                school_day,
                school_week: false,
                week_start: week.monday,
                school_weeks: 0,
                school_days: 0,
                possible: possible_before..self.possible,
                half_term: 0,
                term: 0,
                school: None,
                choice: None,
            });
            start = end;
        }
        self.next_mark = start;
        self.enter_week(week.number, school_week);
        for day in self.week.iter_mut() {
            self.school_days += u32::from(day.school_day);
            day.school_week = school_week;
            day.school_weeks = self.school_weeks;
            day.school_days = self.school_days;
            day.half_term = self.half_term;
            day.term = self.term;
        }
        true
    }
}

/// A pupil's next week summed up: enough to tell whether every day of it
/// can be passed over.
pub(crate) struct WeekAhead {
    /// Whether it is a school week.
    pub school_week: bool,
    /// The pupil's school weeks up to and including it.
    pub school_weeks: u32,
    /// The codes of every mark of the week.
    pub codes: CodeSet,
    /// The school of every mark of the week, when they share one.
    pub school: Option<u32>,
    /// The date of the week's last mark.
    pub last_date: NaiveDate,
    /// The end of the week's marks.
    end: usize,
    /// The week's number.
    week: i32,
    /// The week's school days.
    school_days: u32,
    /// The week's possible sessions.
    possible: u32,
}

/// A Monday–Sunday week.
#[derive(Clone, Copy, Debug)]
struct Week {
    monday: NaiveDate,
    sunday: NaiveDate,
    /// Weeks since the week of 1 January of year 1 (consecutive weeks have
    /// consecutive numbers).
    number: i32,
}

/// Slots of the [`WeekCache`]: a date's slot is its day of the year in one
/// of eight years.
const WEEK_SLOTS: usize = 8 * 366;

/// The weeks of dates, worked out once each: a cohort's dates span a few
/// years, and every pupil's weeks start on the same few hundred dates.
#[derive(Debug, Default)]
struct WeekCache {
    slots: Vec<Option<(NaiveDate, Week)>>,
}

impl WeekCache {
    /// The week of `date`.
    #[inline]
    fn week_of(&mut self, date: NaiveDate) -> Week {
        if self.slots.is_empty() {
            self.slots = vec![None; WEEK_SLOTS];
        }
        let slot = (date.year().rem_euclid(8) as usize) * 366 + date.ordinal0() as usize;
        match self.slots[slot] {
            Some((known, week)) if known == date => week,
            _ => {
                let monday = week_start(date);
                let week = Week {
                    monday,
                    sunday: monday
                        .checked_add_days(Days::new(6))
                        .unwrap_or(NaiveDate::MAX),
                    number: monday.num_days_from_ce().div_euclid(7),
                };
                self.slots[slot] = Some((date, week));
                week
            }
        }
    }
}
