//! `count SET WINDOW`: unconsumed sessions with a code in a set, over a window.

use crate::engine::days::Day;
use crate::engine::window::{AnchorPoint, Placed, Windowed};
use chrono::NaiveDate;
use rollcall_data::model::Mark;
use rollcall_ir::codes::CodeSet;

/// The running count of one pupil.
#[derive(Clone, Debug)]
pub(crate) struct Count {
    codes: CodeSet,
    counts_from: Option<NaiveDate>,
    window: Windowed<Placed>,
    unconsumed: u32,
}

impl Count {
    /// An empty count.
    pub fn new(codes: CodeSet, window: Windowed<Placed>, counts_from: Option<NaiveDate>) -> Count {
        Count {
            codes,
            counts_from,
            window,
            unconsumed: 0,
        }
    }

    /// Moves the window to `day`.
    pub fn begin_day(&mut self, day: &Day, consumed: &[bool]) {
        let unconsumed = &mut self.unconsumed;
        self.window
            .begin_day(day, |placed| forget(unconsumed, placed, consumed));
    }

    /// Restarts the window at an anchor.
    pub fn anchor(&mut self, point: AnchorPoint, consumed: &[bool]) {
        let unconsumed = &mut self.unconsumed;
        self.window
            .anchor(point, |placed| forget(unconsumed, placed, consumed));
    }

    /// Takes in the marks of `day` (a day of a school week).
    pub fn push_day(&mut self, day: &Day, marks: &[Mark], placed: impl Fn(usize) -> Placed) {
        if self.counts_from.is_some_and(|from| day.date < from) {
            return;
        }
        for index in day.marks.clone() {
            if self.codes.contains(marks[index].code) && self.window.admit(placed(index)) {
                self.unconsumed += 1;
            }
        }
    }

    /// Forgets mark `index`, which is being consumed (and was not before).
    pub fn consume(&mut self, index: u32) {
        if self.window.find(index).is_some() {
            self.unconsumed -= 1;
        }
    }

    /// Whether moving the window to a day of school week `school_weeks`
    /// would change nothing.
    pub fn at_rest(&self, school_weeks: u32) -> bool {
        self.window.keeps_all_at(school_weeks)
    }

    /// The number of unconsumed sessions in the window today.
    pub fn value(&self) -> u32 {
        if self.window.live() {
            self.unconsumed
        } else {
            0
        }
    }

    /// Adds the unconsumed sessions in the window to `out`.
    pub fn evidence(&self, consumed: &[bool], out: &mut Vec<u32>) {
        out.extend(
            self.window
                .entries()
                .map(|placed| placed.index)
                .filter(|&index| !consumed[index as usize]),
        );
    }
}

fn forget(unconsumed: &mut u32, placed: &Placed, consumed: &[bool]) {
    if !consumed[placed.index as usize] {
        *unconsumed -= 1;
    }
}
