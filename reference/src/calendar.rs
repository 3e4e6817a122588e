//! The pupil's calendar: school days, school weeks, academic years and
//! compulsory school age, each computed directly from its definition.

use chrono::{Datelike, Duration, NaiveDate};
use rollcall_data::model::Mark;
use rollcall_ir::graph::Period;

/// The Monday of `date`'s week.
pub fn week_of(date: NaiveDate) -> NaiveDate {
    date - Duration::days(date.weekday().num_days_from_monday() as i64)
}

/// 1 September of the academic year containing `date`.
pub fn academic_year_of(date: NaiveDate) -> NaiveDate {
    let year = if date.month() >= 9 {
        date.year()
    } else {
        date.year() - 1
    };
    NaiveDate::from_ymd_opt(year, 9, 1).expect("1 September exists")
}

/// The pupil's school days: dates with at least one possible session, in order.
pub fn school_days(marks: &[Mark]) -> Vec<NaiveDate> {
    let mut days: Vec<NaiveDate> = marks
        .iter()
        .filter(|mark| mark.code.is_possible())
        .map(|mark| mark.date)
        .collect();
    days.sort();
    days.dedup();
    days
}

/// The pupil's school weeks (their Mondays): weeks with a school session,
/// a mark other than `#` (the school met, whether or not the pupil could
/// attend: a week of `Y1` is a school week without a school day).
pub fn school_weeks(marks: &[Mark]) -> Vec<NaiveDate> {
    let mut weeks: Vec<NaiveDate> = marks
        .iter()
        .filter(|mark| mark.code.is_school_session())
        .map(|mark| week_of(mark.date))
        .collect();
    weeks.sort();
    weeks.dedup();
    weeks
}

/// The first day of compulsory school age: the first of 31 March,
/// 31 August and 31 December on or after the fifth birthday.
pub fn compulsory_start(date_of_birth: NaiveDate) -> NaiveDate {
    let fifth = birthday(date_of_birth, 5);
    [(3, 31), (8, 31), (12, 31), (15, 31)]
        .into_iter()
        .map(|(month, day)| {
            if month == 15 {
                NaiveDate::from_ymd_opt(fifth.year() + 1, 3, 31)
            } else {
                NaiveDate::from_ymd_opt(fifth.year(), month, day)
            }
            .expect("prescribed days exist")
        })
        .find(|day| *day >= fifth)
        .expect("31 March of the next year is later")
}

/// The last day of compulsory school age: the last Friday of June of the
/// academic year in which the pupil turns 16.
pub fn compulsory_end(date_of_birth: NaiveDate) -> NaiveDate {
    let year = academic_year_of(birthday(date_of_birth, 16)).year() + 1;
    let mut day = NaiveDate::from_ymd_opt(year, 6, 30).expect("30 June exists");
    while day.weekday() != chrono::Weekday::Fri {
        day -= Duration::days(1);
    }
    day
}

fn birthday(date_of_birth: NaiveDate, age: i32) -> NaiveDate {
    let year = date_of_birth.year() + age;
    NaiveDate::from_ymd_opt(year, date_of_birth.month(), date_of_birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .expect("1 March exists")
}

/// The first school week (its Monday) of the term or half-term holding
/// school week `week` among the pupil's `weeks`: back from `week` while
/// the school week before is the week before (a half-term) or at most
/// one week without school sessions before (a term).
fn first_week(weeks: &[NaiveDate], week: NaiveDate, period: Period) -> NaiveDate {
    let gap = match period {
        Period::HalfTerm => Duration::days(7),
        _ => Duration::days(14),
    };
    let mut first = week;
    for earlier in weeks.iter().rev().filter(|earlier| **earlier < week) {
        if first - *earlier > gap {
            break;
        }
        first = *earlier;
    }
    first
}

/// The first day of the term, half-term or academic year holding school
/// day `date` in the pupil's calendar (`weeks`: their school weeks).
pub fn period_start(weeks: &[NaiveDate], date: NaiveDate, period: Period) -> NaiveDate {
    match period {
        Period::AcademicYear => academic_year_of(date),
        Period::Term | Period::HalfTerm => first_week(weeks, week_of(date), period),
    }
}

/// The first day of the period before the one holding school day `date`:
/// that of the pupil's last school day before this period, if it is in
/// the period just before this one; else this period's first day (the
/// pupil's calendar has no sessions in the period before).
pub fn previous_period_start(
    days: &[NaiveDate],
    weeks: &[NaiveDate],
    date: NaiveDate,
    period: Period,
) -> NaiveDate {
    let this = period_start(weeks, date, period);
    let Some(before) = days.iter().rev().find(|day| **day < this) else {
        return this;
    };
    let previous = period_start(weeks, *before, period);
    match period {
        // Academic years are on the calendar: the year before must be
        // the one just before.
        Period::AcademicYear if academic_year_of(this - Duration::days(1)) != previous => this,
        _ => previous,
    }
}

/// Whether school days `a` and `b` are in the same term, half-term or
/// academic year of the pupil's calendar.
pub fn same_period(weeks: &[NaiveDate], a: NaiveDate, b: NaiveDate, period: Period) -> bool {
    period_start(weeks, a, period) == period_start(weeks, b, period)
}
