//! The school calendar: Monday–Sunday weeks, academic years, and
//! compulsory school age. Pure functions of dates.
//!
//! Out-of-range dates (beyond what [`NaiveDate`] can hold) saturate to
//! [`NaiveDate::MIN`] or [`NaiveDate::MAX`] rather than panic.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// The Monday of `date`'s Monday–Sunday week.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    let since_monday = u64::from(date.weekday().num_days_from_monday());
    date.checked_sub_days(Days::new(since_monday))
        .unwrap_or(NaiveDate::MIN)
}

/// 1 September of `date`'s academic year (1 September to 31 August): the
/// 1 September on or before `date`.
pub fn academic_year_start(date: NaiveDate) -> NaiveDate {
    let year = if date.month() >= 9 {
        date.year()
    } else {
        date.year() - 1
    };
    ymd(year, 9, 1)
}

/// The first and last day of compulsory school age of a child born on
/// `date_of_birth`.
///
/// It starts on the first of 31 December, 31 March and 31 August on or after
/// the 5th birthday (the "prescribed days", so the term after the child
/// turns 5), and ends on the last Friday of June of the academic year in
/// which the child turns 16. A 29 February birthday falls on 1 March in
/// years without one.
pub fn compulsory_school_age(date_of_birth: NaiveDate) -> (NaiveDate, NaiveDate) {
    let fifth_birthday = birthday(date_of_birth, 5);
    let start = [(3, 31), (8, 31), (12, 31)]
        .into_iter()
        .map(|(month, day)| ymd(fifth_birthday.year(), month, day))
        .find(|&prescribed_day| prescribed_day >= fifth_birthday)
        .unwrap_or(NaiveDate::MAX);
    let sixteenth_birthday = birthday(date_of_birth, 16);
    let end = last_friday_of_june(academic_year_start(sixteenth_birthday).year() + 1);
    (start, end)
}

/// Whether a child born on `date_of_birth` is of compulsory school age on
/// `date` (its first and last day included).
pub fn is_compulsory_school_age(date_of_birth: NaiveDate, date: NaiveDate) -> bool {
    let (start, end) = compulsory_school_age(date_of_birth);
    start <= date && date <= end
}

/// The `years`-th birthday of a child born on `date_of_birth` (29 February
/// becomes 1 March in a year without it).
fn birthday(date_of_birth: NaiveDate, years: i32) -> NaiveDate {
    let year = date_of_birth.year() + years;
    NaiveDate::from_ymd_opt(year, date_of_birth.month(), date_of_birth.day())
        .unwrap_or_else(|| ymd(year, 3, 1))
}

fn last_friday_of_june(year: i32) -> NaiveDate {
    let june_30 = ymd(year, 6, 30);
    let days_after_friday =
        (june_30.weekday().num_days_from_monday() + 7 - Weekday::Fri.num_days_from_monday()) % 7;
    june_30
        .checked_sub_days(Days::new(u64::from(days_after_friday)))
        .unwrap_or(NaiveDate::MIN)
}

/// A date from parts that are valid except possibly for the year's range.
fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(if year < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}
