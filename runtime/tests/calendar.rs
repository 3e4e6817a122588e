//! The school calendar: hand-checked dates and properties over all dates.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use proptest::prelude::*;
use rollcall_runtime::calendar::{
    academic_year_start, compulsory_school_age, is_compulsory_school_age, week_start,
};

fn date(text: &str) -> NaiveDate {
    text.parse().expect("a test date")
}

#[test]
fn week_starts_on_monday() {
    assert_eq!(week_start(date("2024-10-07")), date("2024-10-07")); // Monday
    assert_eq!(week_start(date("2024-10-11")), date("2024-10-07")); // Friday
    assert_eq!(week_start(date("2024-10-13")), date("2024-10-07")); // Sunday
    assert_eq!(week_start(date("2025-01-01")), date("2024-12-30")); // across a year
}

#[test]
fn academic_year_starts_on_1_september() {
    assert_eq!(academic_year_start(date("2024-09-01")), date("2024-09-01"));
    assert_eq!(academic_year_start(date("2024-12-25")), date("2024-09-01"));
    assert_eq!(academic_year_start(date("2025-08-31")), date("2024-09-01"));
    assert_eq!(academic_year_start(date("2024-08-31")), date("2023-09-01"));
}

#[test]
fn compulsory_school_age_starts_on_the_prescribed_day_after_the_fifth_birthday() {
    for (born, starts) in [
        ("2019-01-15", "2024-03-31"),
        ("2019-03-31", "2024-03-31"), // a prescribed day is its own start
        ("2019-04-01", "2024-08-31"),
        ("2019-08-31", "2024-08-31"),
        ("2019-09-01", "2024-12-31"),
        ("2019-12-31", "2024-12-31"),
        ("2020-02-29", "2025-03-31"), // 5th birthday on 1 March 2025
    ] {
        assert_eq!(
            compulsory_school_age(date(born)).0,
            date(starts),
            "born {born}"
        );
    }
}

#[test]
fn compulsory_school_age_ends_on_the_last_friday_of_june_of_the_year_they_turn_16() {
    for (born, ends) in [
        ("2008-10-01", "2025-06-27"), // 16 on 2024-10-01, in 2024/25
        ("2009-08-31", "2025-06-27"), // 16 on 2025-08-31, still 2024/25
        ("2008-09-01", "2025-06-27"), // 16 on 2024-09-01, first day of 2024/25
        ("2008-08-31", "2024-06-28"), // 16 on 2024-08-31, last day of 2023/24
        ("2004-02-29", "2020-06-26"), // 16 on 2020-02-29 (a leap year)
        ("2005-02-28", "2021-06-25"),
    ] {
        assert_eq!(
            compulsory_school_age(date(born)).1,
            date(ends),
            "born {born}"
        );
    }
}

#[test]
fn of_compulsory_school_age_includes_both_ends() {
    let born = date("2019-12-31");
    assert!(!is_compulsory_school_age(born, date("2024-12-30")));
    assert!(is_compulsory_school_age(born, date("2024-12-31")));
    let born = date("2008-10-01");
    assert!(is_compulsory_school_age(born, date("2025-06-27")));
    assert!(!is_compulsory_school_age(born, date("2025-06-28")));
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..100 * 366).prop_map(|days| date("1950-01-01") + Days::new(days))
}

proptest! {
    #[test]
    fn week_start_is_the_monday_at_most_6_days_before(day in any_date()) {
        let monday = week_start(day);
        prop_assert_eq!(monday.weekday(), Weekday::Mon);
        prop_assert!(monday <= day);
        prop_assert!((day - monday).num_days() <= 6);
    }

    #[test]
    fn academic_year_start_is_the_latest_1_september_on_or_before(day in any_date()) {
        let start = academic_year_start(day);
        prop_assert_eq!((start.month(), start.day()), (9, 1));
        prop_assert!(start <= day);
        prop_assert!((day - start).num_days() < 366);
    }

    #[test]
    fn compulsory_school_age_is_a_prescribed_day_then_a_june_friday(born in any_date()) {
        let (start, end) = compulsory_school_age(born);
        // The first prescribed day (31 March, 31 August, 31 December) on or
        // after the 5th birthday: at most 152 days later (1 April to 31 August).
        prop_assert!(matches!((start.month(), start.day()), (3, 31) | (8, 31) | (12, 31)));
        let fifth = birthday(born, 5);
        prop_assert!(fifth <= start);
        prop_assert!((start - fifth).num_days() <= 152);
        // The last Friday of June of the academic year of the 16th birthday.
        prop_assert_eq!(end.weekday(), Weekday::Fri);
        prop_assert_eq!(end.month(), 6);
        prop_assert!(end.day() > 30 - 7);
        let sixteenth = birthday(born, 16);
        prop_assert_eq!(academic_year_start(sixteenth), ymd(end.year() - 1, 9, 1));
    }
}

/// The `years`-th birthday, 29 February falling on 1 March.
fn birthday(born: NaiveDate, years: i32) -> NaiveDate {
    let year = born.year() + years;
    NaiveDate::from_ymd_opt(year, born.month(), born.day()).unwrap_or_else(|| ymd(year, 3, 1))
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a test date")
}
