//! Episodes of a code set (docs/language.md, "Episodes"): a run of school
//! days each of whose possible sessions has a code in the set. Days with
//! no possible session neither extend nor end one, nor do days before
//! compulsory school age or before the aggregate's `counts_from`;
//! consumption does not shorten one.

use crate::measure::Today;
use chrono::NaiveDate;
use rollcall_ir::codes::CodeSet;

/// The current or just-ended episode on a day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Episode {
    /// Its school days, oldest first (empty before the first episode).
    pub days: Vec<NaiveDate>,
    /// Whether it is running: the last day on or before today that
    /// extended or ended an episode extended it.
    pub running: bool,
}

impl Episode {
    /// Its first school day: what tells one episode from another.
    pub fn first(&self) -> Option<NaiveDate> {
        self.days.first().copied()
    }

    /// Whether `date` extended it.
    pub fn extended_on(&self, date: NaiveDate) -> bool {
        self.running && self.days.last() == Some(&date)
    }
}

impl Today<'_> {
    /// Whether `day` extends an episode of `codes` (`Some(true)`), ends one
    /// (`Some(false)`), or neither (`None`: no possible session, or before
    /// compulsory school age or `counts_from`).
    pub fn day_in(
        &self,
        day: NaiveDate,
        codes: CodeSet,
        counts_from: Option<NaiveDate>,
    ) -> Option<bool> {
        if day < self.compulsory_from || counts_from.is_some_and(|from| day < from) {
            return None;
        }
        let possible: Vec<_> = self.marks[self.marks_on(day)]
            .iter()
            .filter(|mark| mark.code.is_possible())
            .collect();
        if possible.is_empty() {
            return None;
        }
        Some(possible.iter().all(|mark| codes.contains(mark.code)))
    }

    /// The episode of `codes` current today, or just ended.
    pub fn episode(&self, codes: CodeSet, counts_from: Option<NaiveDate>) -> Episode {
        let mut running = None;
        let mut days = Vec::new();
        for &day in self.days.iter().rev().filter(|day| **day <= self.date) {
            match self.day_in(day, codes, counts_from) {
                None => {}
                Some(true) => {
                    running.get_or_insert(true);
                    days.push(day);
                }
                // A day outside the set before today's episode: it ended.
                Some(false) if days.is_empty() => {
                    running.get_or_insert(false);
                }
                Some(false) => break,
            }
        }
        days.reverse();
        Episode {
            days,
            running: running.unwrap_or(false),
        }
    }

    /// The possible sessions (mark indices) of `days` not yet consumed.
    pub fn sessions_of(&self, days: &[NaiveDate]) -> Vec<usize> {
        days.iter()
            .flat_map(|day| self.marks_on(*day))
            .filter(|&index| {
                self.marks[index].code.is_possible() && !self.consumed.contains(&index)
            })
            .collect()
    }

    /// The marks (by index) dated `day`: the pupil's marks are in date
    /// order.
    fn marks_on(&self, day: NaiveDate) -> std::ops::Range<usize> {
        let start = self.marks.partition_point(|mark| mark.date < day);
        let end = self.marks.partition_point(|mark| mark.date <= day);
        start..end
    }
}
