//! Running quantities of one pupil under one policy, each updated once per
//! session (O(1) amortised) and holding no more than its window.

mod count;
mod episode;
mod episodes;
mod run;
mod share;

use super::days::Day;
use super::plan::{AggregateKind, Anchor};
use super::window::{AnchorPoint, Placed, Windowed};
use count::Count;
pub(crate) use episode::{day_in, Episode};
use episodes::Episodes;
use rollcall_data::model::Mark;
use rollcall_ir::graph::RunUnit;
use run::Run;
use share::Share;

/// Which sessions a decision's evidence may cite.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Citing<'c> {
    /// Whether each mark has been consumed by a notice or prosecution.
    pub consumed: &'c [bool],
    /// Whether the decision consumes its evidence (a notice or
    /// prosecution): it cites no session an earlier one consumed, even
    /// behind a percentage, where consumed sessions still count. Any other
    /// decision cites every session behind a percentage.
    pub penalty: bool,
}

/// The value of an aggregate on the day being evaluated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Value {
    /// A number of sessions.
    Sessions(u32),
    /// A number of school days.
    SchoolDays(u32),
    /// A number of school weeks; `None` before the first anchor.
    SchoolWeeks(Option<u32>),
    /// `matching` of `possible` sessions.
    Share {
        /// Sessions in the set.
        matching: u32,
        /// Possible sessions.
        possible: u32,
    },
    /// An episode's length in school days, and whether it is running.
    Episode {
        /// School days of the current (or just ended) episode.
        length: u32,
        /// Whether it is running.
        open: bool,
    },
    /// A number of separate episodes.
    Episodes(u32),
}

/// The state of one aggregate for one pupil.
#[derive(Clone, Debug)]
pub(crate) struct AggregateState {
    anchor: Option<Anchor>,
    state: State,
}

#[derive(Clone, Debug)]
enum State {
    Count(Count),
    Run(Run, RunUnit),
    Share(Share),
    SchoolWeeksSince {
        anchor_weeks: Option<u32>,
        today_weeks: u32,
    },
    Episode(Episode),
    Episodes(Episodes),
}

impl AggregateState {
    /// A fresh state for an aggregate of this kind.
    pub fn new(kind: &AggregateKind) -> AggregateState {
        let state = match *kind {
            AggregateKind::Count {
                codes,
                window,
                counts_from,
            } => State::Count(Count::new(codes, Windowed::new(window), counts_from)),
            AggregateKind::Run {
                codes,
                unit,
                counts_from,
            } => State::Run(Run::new(codes, unit, counts_from), unit),
            AggregateKind::Share {
                codes,
                window,
                counts_from,
            } => State::Share(Share::new(codes, Windowed::new(window), counts_from)),
            AggregateKind::SchoolWeeksSince { .. } => State::SchoolWeeksSince {
                anchor_weeks: None,
                today_weeks: 0,
            },
            AggregateKind::Episode { codes, counts_from } => {
                State::Episode(Episode::new(codes, counts_from))
            }
            AggregateKind::Episodes {
                codes,
                window,
                counts_from,
            } => State::Episodes(Episodes::new(codes, Windowed::new(window), counts_from)),
        };
        AggregateState {
            anchor: kind.anchor(),
            state,
        }
    }

    /// Moves to `day` (every day with marks, before its sessions).
    pub fn begin_day(&mut self, day: &Day, consumed: &[bool]) {
        match &mut self.state {
            State::Count(count) => count.begin_day(day, consumed),
            State::Share(share) => share.begin_day(day),
            State::SchoolWeeksSince { today_weeks, .. } => *today_weeks = day.school_weeks,
            State::Episode(episode) => episode.begin_day(),
            State::Episodes(episodes) => episodes.begin_day(day),
            State::Run(..) => {}
        }
    }

    /// Whether moving to a day of a new school week, the pupil's
    /// `school_weeks`th, would leave this aggregate as it is, for an
    /// aggregate with
    /// [`quiet_unless`](super::plan::AggregateKind::quiet_unless) codes: a
    /// count whose window would drop nothing, or school weeks since an
    /// anchor not yet met.
    pub fn at_rest(&self, school_weeks: u32) -> bool {
        match &self.state {
            State::Count(count) => count.at_rest(school_weeks),
            State::SchoolWeeksSince { anchor_weeks, .. } => anchor_weeks.is_none(),
            State::Run(..) | State::Share(_) | State::Episode(_) | State::Episodes(_) => false,
        }
    }

    /// Moves to a new anchor, if `anchor` is this aggregate's.
    pub fn anchor(&mut self, anchor: Anchor, point: AnchorPoint, consumed: &[bool]) {
        if self.anchor != Some(anchor) {
            return;
        }
        match &mut self.state {
            State::Count(count) => count.anchor(point, consumed),
            State::Share(share) => share.anchor(point),
            State::Episodes(episodes) => episodes.anchor(point),
            State::SchoolWeeksSince {
                anchor_weeks,
                today_weeks,
            } => {
                *anchor_weeks = Some(point.school_weeks);
                // Today is no earlier than the anchor (at rest, new weeks
                // may have been passed over before it).
                *today_weeks = (*today_weeks).max(point.school_weeks);
            }
            State::Run(..) | State::Episode(_) => {}
        }
    }

    /// Takes in the sessions of `day`, a day of a school week.
    pub fn push_day(&mut self, day: &Day, marks: &[Mark]) {
        let placed = |index: usize| Placed {
            index: index as u32,
            date: day.date,
            school_weeks: day.school_weeks,
            school_days: day.school_days,
            school_day: day.school_day,
            possible: day.possible.start
                + marks[day.marks.start..=index]
                    .iter()
                    .filter(|mark| mark.code.is_possible())
                    .count() as u32,
        };
        match &mut self.state {
            State::Count(count) => count.push_day(day, marks, placed),
            State::Share(share) => share.push_day(day, marks, placed),
            State::Run(run, _) => run.push_day(day, marks),
            State::Episode(episode) => episode.push_day(day, marks),
            State::Episodes(episodes) => episodes.push_day(day, marks, placed),
            State::SchoolWeeksSince { .. } => {}
        }
    }

    /// Takes mark `index` out of counts and runs; it is being consumed
    /// (episodes keep it: consumption does not shorten them).
    pub fn consume(&mut self, index: u32, consumed: &[bool]) {
        match &mut self.state {
            State::Count(count) => count.consume(index),
            State::Run(run, _) => run.consume(index, consumed),
            State::Share(_)
            | State::SchoolWeeksSince { .. }
            | State::Episode(_)
            | State::Episodes(_) => {}
        }
    }

    /// Today's value.
    pub fn value(&self) -> Value {
        match &self.state {
            State::Count(count) => Value::Sessions(count.value()),
            State::Run(run, RunUnit::Sessions) => Value::Sessions(run.value()),
            State::Run(run, RunUnit::SchoolDays) => Value::SchoolDays(run.value()),
            State::Share(share) => {
                let (matching, possible) = share.value();
                Value::Share { matching, possible }
            }
            State::SchoolWeeksSince {
                anchor_weeks,
                today_weeks,
            } => Value::SchoolWeeks(anchor_weeks.map(|anchor| today_weeks.saturating_sub(anchor))),
            State::Episode(episode) => Value::Episode {
                length: episode.length(),
                open: episode.open(),
            },
            State::Episodes(episodes) => Value::Episodes(episodes.value()),
        }
    }

    /// Adds the sessions behind today's value to `out` (for a share, `low`
    /// asks for the non-matching possible sessions).
    pub fn evidence(&self, low: bool, citing: Citing, out: &mut Vec<u32>) {
        match &self.state {
            State::Count(count) => count.evidence(citing.consumed, out),
            State::Run(run, _) => run.evidence(citing.consumed, out),
            State::Share(share) => share.evidence(low, citing, out),
            State::Episode(episode) => episode.evidence(citing.consumed, out),
            State::Episodes(episodes) => episodes.evidence(citing, out),
            State::SchoolWeeksSince { .. } => {}
        }
    }

    /// The episode state, if this is an episode.
    pub fn episode(&self) -> Option<&Episode> {
        match &self.state {
            State::Episode(episode) => Some(episode),
            _ => None,
        }
    }
}
