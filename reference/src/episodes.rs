//! Episodes of a code set (docs/language.md, "Episodes"): a run of school
//! days each of whose possible sessions has a code in the set. Days with
//! no possible session neither extend nor end one, nor do days before
//! compulsory school age or before the aggregate's `counts_from`;
//! consumption does not shorten one.

use crate::measure::Today;
use crate::Unsupported;
use chrono::NaiveDate;
use rollcall_ir::codes::CodeSet;
use rollcall_ir::view::Window;
use std::collections::BTreeSet;

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

    /// `episodes of SET WINDOW` today: the episodes of `codes` with a
    /// possible session in the window, numbered by walking every school day
    /// up to today, and the possible sessions of their days in the window
    /// (consumed or not: consumption does not touch episodes).
    pub fn episodes_in(
        &self,
        codes: CodeSet,
        window: &Window,
        counts_from: Option<NaiveDate>,
    ) -> Result<(u32, Vec<usize>), Unsupported> {
        let Some((start, end)) = self.window_range(window)? else {
            return Ok((0, Vec::new()));
        };
        let first = match window {
            Window::Sessions(n) => self.first_of_last(*n),
            _ => 0,
        };
        let mut number = 0;
        let mut running = false;
        let mut counted = BTreeSet::new();
        let mut sessions = Vec::new();
        for &day in self.days.iter().filter(|day| **day <= self.date) {
            match self.day_in(day, codes, counts_from) {
                None => {}
                Some(false) => running = false,
                Some(true) => {
                    if !running {
                        number += 1;
                        running = true;
                    }
                    let inside: Vec<usize> = self
                        .marks_on(day)
                        .filter(|&index| {
                            index >= first
                                && self.marks[index].code.is_possible()
                                && (start..=end).contains(&day)
                        })
                        .collect();
                    if !inside.is_empty() {
                        counted.insert(number);
                        sessions.extend(inside);
                    }
                }
            }
        }
        Ok((counted.len() as u32, sessions))
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
