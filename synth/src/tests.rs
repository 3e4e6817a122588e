//! Unit tests of the synthetic cohort's calendar and random streams.

use super::calendar::YearCalendar;
use super::rng::{Rng, Stream};
use super::terms::{easter_sunday, is_bank_holiday, school_days, ymd, TermVariation};
use chrono::{Datelike, Weekday};

const PLAIN: TermVariation = TermVariation {
    autumn_start_delay: 0,
    autumn_end_early: 0,
    spring_start_delay: 0,
    easter_shift: 0,
    summer_end_late: 0,
};

#[test]
fn easter_sunday_matches_published_dates() {
    let published = [
        (2000, 4, 23),
        (2008, 3, 23),
        (2011, 4, 24),
        (2019, 4, 21),
        (2023, 4, 9),
        (2024, 3, 31),
        (2025, 4, 20),
        (2026, 4, 5),
        (2038, 4, 25),
    ];
    for (year, month, day) in published {
        assert_eq!(easter_sunday(year), ymd(year, month, day), "Easter {year}");
    }
}

#[test]
fn bank_holidays_include_the_moved_and_one_off_ones() {
    for (year, month, day) in [
        (2024, 5, 6),
        (2024, 5, 27),
        (2024, 4, 1),
        (2024, 3, 29),
        (2020, 5, 8),
        (2022, 9, 19),
        (2023, 5, 8),
        (2023, 1, 2),
    ] {
        assert!(
            is_bank_holiday(ymd(year, month, day)),
            "{year}-{month}-{day}"
        );
    }
    for (year, month, day) in [(2020, 5, 4), (2022, 5, 30), (2024, 5, 7), (2023, 1, 3)] {
        assert!(
            !is_bank_holiday(ymd(year, month, day)),
            "{year}-{month}-{day}"
        );
    }
}

#[test]
fn the_2023_24_year_has_english_terms_half_terms_and_easter() {
    let days = school_days(2023, PLAIN);
    let first = days.first().copied();
    let last = days.last().copied();
    assert_eq!(first, Some(ymd(2023, 9, 4)));
    assert_eq!(last, Some(ymd(2024, 7, 19)));
    assert!(
        (190..=200).contains(&days.len()),
        "{} school days",
        days.len()
    );
    assert!(days
        .iter()
        .all(|day| !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)));
    for holiday in [
        ymd(2023, 10, 23),
        ymd(2023, 12, 25),
        ymd(2024, 2, 12),
        ymd(2024, 3, 29),
        ymd(2024, 4, 1),
        ymd(2024, 5, 6),
        ymd(2024, 5, 27),
    ] {
        assert!(!days.contains(&holiday), "{holiday} is a holiday");
    }
    for school_day in [
        ymd(2023, 10, 20),
        ymd(2023, 12, 22),
        ymd(2024, 1, 4),
        ymd(2024, 2, 19),
        ymd(2024, 5, 7),
    ] {
        assert!(days.contains(&school_day), "{school_day} is a school day");
    }
    let calendar = YearCalendar::new(&days);
    assert_eq!(
        calendar.breaks.len(),
        5,
        "October, Christmas, February, Easter and May holidays"
    );
}

#[test]
fn every_variation_keeps_easter_in_the_holidays_and_about_195_days() {
    let mut rng = Rng::new(7, Stream::Authority, 0);
    for year in 2000..2100 {
        let variation = TermVariation::draw(&mut rng, year);
        let days = school_days(year, variation);
        let easter = easter_sunday(year + 1);
        assert!(
            !days.contains(&(easter - chrono::Days::new(2))),
            "Good Friday {year}"
        );
        assert!(
            !days.contains(&(easter + chrono::Days::new(1))),
            "Easter Monday {year}"
        );
        assert!(
            (186..=200).contains(&days.len()),
            "{year}: {} days with {variation:?}",
            days.len()
        );
        assert_eq!(
            YearCalendar::new(&days).breaks.len(),
            5,
            "{year}: {variation:?}"
        );
    }
}

#[test]
fn inset_days_are_five_distinct_school_days_starting_the_year() {
    let calendar = YearCalendar::new(&school_days(2024, PLAIN));
    for school in 0..50 {
        let inset = calendar.pick_inset(&mut Rng::new(3, Stream::School, school));
        assert_eq!(inset[0], 0);
        assert!(inset.windows(2).all(|pair| pair[0] < pair[1]), "{inset:?}");
        assert!(usize::from(inset[4]) < calendar.days.len());
    }
}

#[test]
fn streams_are_reproducible_and_distinct() {
    let draw = |seed, stream, index| {
        let mut rng = Rng::new(seed, stream, index);
        [rng.next_u64(), rng.next_u64()]
    };
    assert_eq!(draw(1, Stream::Pupil, 5), draw(1, Stream::Pupil, 5));
    assert_ne!(draw(1, Stream::Pupil, 5), draw(1, Stream::Pupil, 6));
    assert_ne!(draw(1, Stream::Pupil, 5), draw(2, Stream::Pupil, 5));
    assert_ne!(draw(1, Stream::Pupil, 5), draw(1, Stream::Family, 5));
    let mut rng = Rng::new(9, Stream::Batch, 0);
    let mean = (0..100_000).map(|_| rng.unit()).sum::<f64>() / 100_000.0;
    assert!((0.49..0.51).contains(&mean), "{mean}");
}
