//! English school term dates: the three terms of an academic year with
//! their half-terms, the Easter holiday placed around Easter Sunday, and the
//! bank holidays that can fall in term time, within small per-authority
//! variations.

use super::rng::Rng;
use chrono::{Datelike, Days, NaiveDate, Weekday};

/// How one authority's term dates differ, in one year, from the common
/// pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TermVariation {
    /// Weekdays after the first Monday of September that the autumn term starts.
    pub autumn_start_delay: u8,
    /// Weekdays before the Friday before Christmas that the autumn term ends.
    pub autumn_end_early: u8,
    /// Weekdays after the first weekday from 4 January that the spring term starts.
    pub spring_start_delay: u8,
    /// Weeks the two-week Easter holiday is moved from Holy Week and Easter week.
    pub easter_shift: i8,
    /// Weekdays after the Friday in 17–23 July that the summer term ends.
    pub summer_end_late: u8,
}

impl TermVariation {
    /// A variation for the academic year starting in September of
    /// `academic_year`: the Easter holiday stays near Easter, earlier when
    /// Easter is late and later when it is early.
    pub fn draw(rng: &mut Rng, academic_year: i32) -> TermVariation {
        let easter = easter_sunday(academic_year + 1);
        let shifts: &[i8] = if easter < ymd(academic_year + 1, 4, 5) {
            &[0, 0, 1]
        } else if easter >= ymd(academic_year + 1, 4, 15) {
            &[-1, -1, 0]
        } else {
            &[-1, 0, 0, 1]
        };
        TermVariation {
            autumn_start_delay: rng.weighted(&[6, 3, 1]) as u8,
            autumn_end_early: rng.weighted(&[7, 1, 2]) as u8,
            spring_start_delay: rng.weighted(&[4, 1]) as u8,
            easter_shift: shifts[rng.below(shifts.len() as u64) as usize],
            summer_end_late: rng.weighted(&[6, 1, 3]) as u8,
        }
    }
}

/// The school days of one academic year: weekdays in term, outside
/// half-terms and bank holidays, in date order.
pub fn school_days(academic_year: i32, variation: TermVariation) -> Vec<NaiveDate> {
    let (year, next) = (academic_year, academic_year + 1);
    let autumn_start = add_weekdays(
        first_monday_on_or_after(ymd(year, 9, 1)),
        variation.autumn_start_delay,
    );
    let christmas_friday = friday_on_or_before(ymd(year, 12, 22));
    let autumn_end = sub_weekdays(christmas_friday, variation.autumn_end_early);
    let spring_start = add_weekdays(
        weekday_on_or_after(ymd(next, 1, 4)),
        variation.spring_start_delay,
    );
    let easter_holiday = easter_sunday(next) - Days::new(6);
    let easter_holiday = match variation.easter_shift {
        shift if shift < 0 => easter_holiday - Days::new(7 * u64::from(shift.unsigned_abs())),
        shift => easter_holiday + Days::new(7 * shift as u64),
    };
    let summer_end = add_weekdays(
        friday_on_or_before(ymd(next, 7, 23)),
        variation.summer_end_late,
    );
    let terms = [
        (
            autumn_start,
            autumn_end,
            first_monday_on_or_after(ymd(year, 10, 22)),
        ),
        (
            spring_start,
            easter_holiday - Days::new(3),
            first_monday_on_or_after(ymd(next, 2, 12)),
        ),
        (
            easter_holiday + Days::new(14),
            summer_end,
            last_monday_of_may(next),
        ),
    ];
    let mut days = Vec::with_capacity(200);
    for (start, end, half_term) in terms {
        let half_term_end = half_term + Days::new(4);
        days.extend(
            start
                .iter_days()
                .take_while(|&date| date <= end)
                .filter(|&date| {
                    is_weekday(date)
                        && !(half_term <= date && date <= half_term_end)
                        && !is_bank_holiday(date)
                }),
        );
    }
    days
}

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous
/// Gregorian algorithm, also known as Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(year, month as u32, day as u32)
}

/// Whether `date` is an English bank holiday that can fall in term time:
/// New Year's Day (or its substitute), Good Friday, Easter Monday, the
/// early May and spring bank holidays, and the one-off ones since 2000.
pub fn is_bank_holiday(date: NaiveDate) -> bool {
    const ONE_OFF: &[(i32, u32, u32)] = &[
        (2002, 6, 3),
        (2011, 4, 29),
        (2012, 6, 5),
        (2022, 6, 3),
        (2022, 9, 19),
        (2023, 5, 8),
    ];
    let year = date.year();
    let easter = easter_sunday(year);
    let early_may = if year == 2020 {
        ymd(2020, 5, 8)
    } else {
        first_monday_on_or_after(ymd(year, 5, 1))
    };
    let spring = match year {
        2002 | 2012 => ymd(year, 6, 4),
        2022 => ymd(2022, 6, 2),
        _ => last_monday_of_may(year),
    };
    date == weekday_on_or_after(ymd(year, 1, 1))
        || date == easter - Days::new(2)
        || date == easter + Days::new(1)
        || date == early_may
        || date == spring
        || ONE_OFF.contains(&(year, date.month(), date.day()))
}

/// The last Friday of June of `year`: the school leaving date.
pub fn last_friday_of_june(year: i32) -> NaiveDate {
    friday_on_or_before(ymd(year, 6, 30))
}

/// A date from parts known to be valid.
pub fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

fn is_weekday(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn first_monday_on_or_after(date: NaiveDate) -> NaiveDate {
    let days = (7 - date.weekday().num_days_from_monday()) % 7;
    date + Days::new(u64::from(days))
}

fn last_monday_of_may(year: i32) -> NaiveDate {
    first_monday_on_or_after(ymd(year, 5, 25))
}

fn friday_on_or_before(date: NaiveDate) -> NaiveDate {
    let days =
        (date.weekday().num_days_from_monday() + 7 - Weekday::Fri.num_days_from_monday()) % 7;
    date - Days::new(u64::from(days))
}

fn weekday_on_or_after(date: NaiveDate) -> NaiveDate {
    date.iter_days()
        .find(|&day| is_weekday(day))
        .unwrap_or(date)
}

fn add_weekdays(date: NaiveDate, count: u8) -> NaiveDate {
    date.iter_days()
        .filter(|&day| is_weekday(day))
        .nth(usize::from(count))
        .unwrap_or(date)
}

fn sub_weekdays(date: NaiveDate, count: u8) -> NaiveDate {
    let mut day = date;
    for _ in 0..count {
        day = day.pred_opt().unwrap_or(day);
        while !is_weekday(day) {
            day = day.pred_opt().unwrap_or(day);
        }
    }
    day
}
