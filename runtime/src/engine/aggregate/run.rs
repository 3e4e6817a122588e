//! `consecutive SET sessions` and `consecutive SET school days`: the
//! current run of unconsumed matching possible sessions or whole school days.
//!
//! A possible session (or school day) not in the set breaks the run;
//! sessions that are not possible, and days without a possible session,
//! neither extend nor break it. Consuming a session takes it out of the run
//! without breaking it (a day counts while all its sessions are unconsumed).

use crate::engine::days::Day;
use chrono::NaiveDate;
use rollcall_data::model::Mark;
use rollcall_ir::codes::CodeSet;
use rollcall_ir::graph::RunUnit;
use std::collections::VecDeque;

/// No second session in a [`Link`].
const NONE: u32 = u32::MAX;

/// One link of a run: a session, or a school day's one or two possible sessions.
#[derive(Clone, Copy, Debug)]
struct Link {
    first: u32,
    second: u32,
}

impl Link {
    fn sessions(self) -> impl Iterator<Item = u32> {
        [self.first, self.second]
            .into_iter()
            .filter(|&index| index != NONE)
    }

    fn unconsumed(self, consumed: &[bool]) -> bool {
        self.sessions().all(|index| !consumed[index as usize])
    }
}

/// The running run of one pupil.
#[derive(Clone, Debug)]
pub(crate) struct Run {
    codes: CodeSet,
    unit: RunUnit,
    counts_from: Option<NaiveDate>,
    links: VecDeque<Link>,
    value: u32,
}

impl Run {
    /// An empty run.
    pub fn new(codes: CodeSet, unit: RunUnit, counts_from: Option<NaiveDate>) -> Run {
        Run {
            codes,
            unit,
            counts_from,
            links: VecDeque::new(),
            value: 0,
        }
    }

    /// Takes in the marks of `day`.
    pub fn push_day(&mut self, day: &Day, marks: &[Mark]) {
        if self.counts_from.is_some_and(|from| day.date < from) {
            return;
        }
        let possible = day
            .marks
            .clone()
            .filter(|&index| marks[index].code.is_possible());
        match self.unit {
            RunUnit::Sessions => {
                for index in possible {
                    if self.codes.contains(marks[index].code) {
                        self.extend(index as u32, NONE);
                    } else {
                        self.break_run();
                    }
                }
            }
            RunUnit::SchoolDays => {
                let mut sessions = possible.map(|index| index as u32);
                let Some(first) = sessions.next() else {
                    return;
                };
                let second = sessions.next().unwrap_or(NONE);
                let link = Link { first, second };
                if link
                    .sessions()
                    .all(|index| self.codes.contains(marks[index as usize].code))
                {
                    self.extend(first, second);
                } else {
                    self.break_run();
                }
            }
        }
    }

    fn extend(&mut self, first: u32, second: u32) {
        self.links.push_back(Link { first, second });
        self.value += 1;
    }

    fn break_run(&mut self) {
        self.links.clear();
        self.value = 0;
    }

    /// Takes mark `index` out of the run; it is being consumed (and was not before).
    pub fn consume(&mut self, index: u32, consumed: &[bool]) {
        let position = self.links.partition_point(|link| link.first < index);
        let candidates = [position.checked_sub(1), Some(position)];
        for position in candidates.into_iter().flatten() {
            if let Some(link) = self.links.get(position) {
                if link.sessions().any(|session| session == index) && link.unconsumed(consumed) {
                    self.value -= 1;
                }
            }
        }
    }

    /// The length of the run today (sessions or school days).
    pub fn value(&self) -> u32 {
        self.value
    }

    /// Adds the sessions of the run's unconsumed links to `out`.
    pub fn evidence(&self, consumed: &[bool], out: &mut Vec<u32>) {
        for link in &self.links {
            if link.unconsumed(consumed) {
                out.extend(link.sessions());
            }
        }
    }
}
