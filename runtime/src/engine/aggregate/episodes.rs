//! `episodes of SET WINDOW`: separate episodes of a set (runs of whole
//! school days in it, as [`Episode`](super::Episode) defines one) with a
//! school day in the window.
//!
//! Each possible session of a day that extends an episode enters the
//! window tagged with its episode's number. Numbers only grow, so the
//! window holds the episodes numbered from its oldest entry's to its
//! newest's: their difference plus one is the count, whatever the window
//! drops. Consumption does not touch it: an episode is about continuity.

use super::episode::day_in;
use super::Citing;
use crate::engine::days::Day;
use crate::engine::window::{AnchorPoint, Entry, Placed, Windowed};
use chrono::NaiveDate;
use rollcall_data::model::Mark;
use rollcall_ir::codes::CodeSet;

/// A session of an episode day, with the episode's number.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EpisodeSession {
    placed: Placed,
    number: u32,
}

impl Entry for EpisodeSession {
    fn placed(&self) -> &Placed {
        &self.placed
    }
}

/// The running count of episodes of one pupil.
#[derive(Clone, Debug)]
pub(crate) struct Episodes {
    codes: CodeSet,
    counts_from: Option<NaiveDate>,
    window: Windowed<EpisodeSession>,
    /// Episodes begun so far.
    number: u32,
    /// Whether the last day with a possible session extended one.
    open: bool,
}

impl Episodes {
    /// No episode yet.
    pub fn new(
        codes: CodeSet,
        window: Windowed<EpisodeSession>,
        counts_from: Option<NaiveDate>,
    ) -> Episodes {
        Episodes {
            codes,
            counts_from,
            window,
            number: 0,
            open: false,
        }
    }

    /// Moves the window to `day`.
    pub fn begin_day(&mut self, day: &Day) {
        self.window.begin_day(day, |_| {});
    }

    /// Restarts the window at an anchor.
    pub fn anchor(&mut self, point: AnchorPoint) {
        self.window.anchor(point, |_| {});
    }

    /// Takes in the marks of `day` (a day of a school week).
    pub fn push_day(&mut self, day: &Day, marks: &[Mark], placed: impl Fn(usize) -> Placed) {
        if self.counts_from.is_some_and(|from| day.date < from) {
            return;
        }
        match day_in(self.codes, day, marks) {
            None => {}
            Some(false) => self.open = false,
            Some(true) => {
                if !self.open {
                    self.number += 1;
                    self.open = true;
                }
                for index in day.marks.clone() {
                    if marks[index].code.is_possible() {
                        self.window.admit(EpisodeSession {
                            placed: placed(index),
                            number: self.number,
                        });
                    }
                }
            }
        }
    }

    /// The number of episodes with a session in the window today.
    pub fn value(&self) -> u32 {
        self.window
            .ends()
            .map_or(0, |(oldest, newest)| newest.number - oldest.number + 1)
    }

    /// Adds the sessions of the episodes' days in the window to `out`
    /// (for a penalty, those no earlier one consumed).
    pub fn evidence(&self, citing: Citing, out: &mut Vec<u32>) {
        out.extend(
            self.window
                .entries()
                .map(|entry| entry.placed.index)
                .filter(|&index| !(citing.penalty && citing.consumed[index as usize])),
        );
    }
}
