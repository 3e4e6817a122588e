//! `share SET WINDOW` and `attendance WINDOW`: possible sessions with a code
//! in a set, as a share of possible sessions. Consumption does not touch it.

use super::Citing;
use crate::engine::days::Day;
use crate::engine::window::{AnchorPoint, Entry, Placed, Windowed};
use chrono::NaiveDate;
use rollcall_data::model::Mark;
use rollcall_ir::codes::CodeSet;

/// A possible session, and whether its code is in the set.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Possible {
    placed: Placed,
    matches: bool,
}

impl Entry for Possible {
    fn placed(&self) -> &Placed {
        &self.placed
    }
}

/// The running share of one pupil.
#[derive(Clone, Debug)]
pub(crate) struct Share {
    codes: CodeSet,
    counts_from: Option<NaiveDate>,
    window: Windowed<Possible>,
    matching: u32,
    possible: u32,
}

/// Removes a session from the running totals.
fn forget(matching: &mut u32, possible: &mut u32, entry: &Possible) {
    *possible -= 1;
    *matching -= u32::from(entry.matches);
}

impl Share {
    /// An empty share.
    pub fn new(
        codes: CodeSet,
        window: Windowed<Possible>,
        counts_from: Option<NaiveDate>,
    ) -> Share {
        Share {
            codes,
            counts_from,
            window,
            matching: 0,
            possible: 0,
        }
    }

    /// Moves the window to `day`.
    pub fn begin_day(&mut self, day: &Day) {
        let (matching, possible) = (&mut self.matching, &mut self.possible);
        self.window
            .begin_day(day, |entry| forget(matching, possible, entry));
    }

    /// Restarts the window at an anchor.
    pub fn anchor(&mut self, point: AnchorPoint) {
        let (matching, possible) = (&mut self.matching, &mut self.possible);
        self.window
            .anchor(point, |entry| forget(matching, possible, entry));
    }

    /// Takes in the marks of `day` (a day of a school week).
    pub fn push_day(&mut self, day: &Day, marks: &[Mark], placed: impl Fn(usize) -> Placed) {
        if self.counts_from.is_some_and(|from| day.date < from) {
            return;
        }
        for index in day.marks.clone() {
            let code = marks[index].code;
            if !code.is_possible() {
                continue;
            }
            let matches = self.codes.contains(code);
            let entry = Possible {
                placed: placed(index),
                matches,
            };
            if self.window.admit(entry) {
                self.possible += 1;
                self.matching += u32::from(matches);
            }
        }
    }

    /// (matching, possible) sessions in the window today.
    pub fn value(&self) -> (u32, u32) {
        if self.window.live() {
            (self.matching, self.possible)
        } else {
            (0, 0)
        }
    }

    /// Adds the sessions that make the share what it is to `out`: the
    /// matching ones, or with `low` the possible sessions that do not match
    /// (the absences behind a low attendance). Sessions already consumed
    /// still count in the share, but are not the evidence of a second
    /// penalty.
    pub fn evidence(&self, low: bool, citing: Citing, out: &mut Vec<u32>) {
        out.extend(
            self.window
                .entries()
                .filter(|entry| entry.matches != low)
                .map(|entry| entry.placed.index)
                .filter(|&index| !(citing.penalty && citing.consumed[index as usize])),
        );
    }
}
