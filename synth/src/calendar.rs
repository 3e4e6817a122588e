//! A school's calendar for one academic year: its school days with their
//! dates written out once, where its holidays fall, and its INSET days.

use super::rng::Rng;
use chrono::NaiveDate;
use rollcall_data::dates::iso_date;

/// The number of INSET (staff training) days a school has each year.
pub const INSET_DAYS: usize = 5;

/// One school day.
#[derive(Clone, Copy, Debug)]
pub struct Day {
    /// The date.
    pub date: NaiveDate,
    /// The date as written in the data files (`YYYY-MM-DD`).
    pub text: [u8; 10],
}

/// The school days of one academic year under one authority's term dates.
#[derive(Clone, Debug)]
pub struct YearCalendar {
    /// The school days in date order.
    pub days: Vec<Day>,
    /// For each holiday inside the year (half-terms, Christmas, Easter), the
    /// index of the last school day before it.
    pub breaks: Vec<usize>,
}

impl YearCalendar {
    /// The calendar of these school days (in date order).
    pub fn new(dates: &[NaiveDate]) -> YearCalendar {
        let days = dates
            .iter()
            .map(|&date| Day {
                date,
                text: iso_date(date),
            })
            .collect();
        let breaks = dates
            .windows(2)
            .enumerate()
            .filter(|(_, pair)| (pair[1] - pair[0]).num_days() >= 7)
            .map(|(index, _)| index)
            .collect();
        YearCalendar { days, breaks }
    }

    /// The index of the first school day on or after `date`.
    pub fn index_on_or_after(&self, date: NaiveDate) -> usize {
        self.days.partition_point(|day| day.date < date)
    }

    /// Five INSET days for one school, as indices into `days`, in order:
    /// the first day of the year, and four of the days next to a holiday
    /// (the second day of the year, the first and last day of each term or
    /// half-term, the last day of the year).
    pub fn pick_inset(&self, rng: &mut Rng) -> [u16; INSET_DAYS] {
        let last = self.days.len().saturating_sub(1);
        let mut candidates = vec![1, last];
        for &index in &self.breaks {
            candidates.extend([index, index + 1]);
        }
        candidates.retain(|&index| index != 0 && index <= last);
        candidates.sort_unstable();
        candidates.dedup();
        let mut inset = [0u16; INSET_DAYS];
        for slot in inset.iter_mut().skip(1) {
            if candidates.is_empty() {
                break;
            }
            let chosen = rng.below(candidates.len() as u64) as usize;
            *slot = candidates.swap_remove(chosen) as u16;
        }
        inset.sort_unstable();
        inset
    }

    /// The date of the school day `count` days before the end of the year,
    /// not counting `inset` days (the first of the year's last `count` days).
    pub fn last_days_from(&self, inset: &[u16; INSET_DAYS], count: usize) -> Option<NaiveDate> {
        (0..self.days.len())
            .rev()
            .filter(|&index| !inset.contains(&(index as u16)))
            .nth(count.checked_sub(1)?)
            .map(|index| self.days[index].date)
    }
}
