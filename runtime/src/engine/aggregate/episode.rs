//! `episode length` of `SET` school days: the current (or just ended)
//! episode, a maximal run of school days each of whose possible sessions
//! has a code in the set.
//!
//! A day with a possible session, all of whose possible sessions are in the
//! set, extends the episode (starting a new one if none is running); a day
//! with a possible session outside the set ends it. Days without a possible
//! session (weekends, holidays, `#`, X, Y, Z…) neither extend nor end it.
//! Consumption does not shorten it: an episode is about continuity, not
//! about which decision used its sessions. Its length is kept after it ends,
//! until the next episode starts.

use crate::engine::days::Day;
use chrono::NaiveDate;
use rollcall_data::model::Mark;
use rollcall_ir::codes::CodeSet;

/// The episode state of one pupil.
#[derive(Clone, Debug)]
pub(crate) struct Episode {
    codes: CodeSet,
    counts_from: Option<NaiveDate>,
    /// Episodes begun so far: the current one's identity.
    number: u32,
    /// School days of the current (or just ended) episode.
    length: u32,
    /// Whether the last day with a possible session extended it.
    open: bool,
    /// Whether today extended it.
    extended_today: bool,
    /// The current episode's sessions (mark indices), in order; today's
    /// are those from `today`.
    sessions: Vec<u32>,
    today: usize,
}

impl Episode {
    /// No episode yet.
    pub fn new(codes: CodeSet, counts_from: Option<NaiveDate>) -> Episode {
        Episode {
            codes,
            counts_from,
            number: 0,
            length: 0,
            open: false,
            extended_today: false,
            sessions: Vec::new(),
            today: 0,
        }
    }

    /// Moves to `day`.
    pub fn begin_day(&mut self) {
        self.extended_today = false;
    }

    /// Takes in the marks of `day` (a day of a school week).
    pub fn push_day(&mut self, day: &Day, marks: &[Mark]) {
        if self.counts_from.is_some_and(|from| day.date < from) {
            return;
        }
        match day_in(self.codes, day, marks) {
            None => {}
            Some(true) => {
                if !self.open {
                    self.number += 1;
                    self.length = 0;
                    self.sessions.clear();
                    self.open = true;
                }
                self.length += 1;
                self.today = self.sessions.len();
                self.sessions.extend(
                    day.marks
                        .clone()
                        .filter(|&index| marks[index].code.is_possible())
                        .map(|index| index as u32),
                );
                self.extended_today = true;
            }
            Some(false) => self.open = false,
        }
    }

    /// School days of the current (or just ended) episode.
    pub fn length(&self) -> u32 {
        self.length
    }

    /// Whether an episode is running: the last day with a possible session
    /// extended it.
    pub fn open(&self) -> bool {
        self.open
    }

    /// The current (or last) episode's number (0 before the first).
    pub fn number(&self) -> u32 {
        self.number
    }

    /// Whether today extended the running episode.
    pub fn extended_today(&self) -> bool {
        self.extended_today
    }

    /// The episode's sessions not yet consumed.
    pub fn evidence(&self, consumed: &[bool], out: &mut Vec<u32>) {
        out.extend(
            self.sessions
                .iter()
                .filter(|&&index| !consumed[index as usize]),
        );
    }

    /// Today's sessions of the episode, if today extended it.
    pub fn today(&self) -> &[u32] {
        if self.extended_today {
            &self.sessions[self.today..]
        } else {
            &[]
        }
    }
}

/// Whether `day` extends an episode of `codes` (`Some(true)`), ends one
/// (`Some(false)`), or neither (`None`: no possible session).
pub(crate) fn day_in(codes: CodeSet, day: &Day, marks: &[Mark]) -> Option<bool> {
    let mut possible = marks[day.marks.clone()]
        .iter()
        .filter(|mark| mark.code.is_possible())
        .peekable();
    possible.peek()?;
    Some(possible.all(|mark| codes.contains(mark.code)))
}
