//! Measures on one school day, each counted by scanning every mark of the
//! pupil: which sessions a window holds, and the conditions over them.

use crate::calendar::{period_start, previous_period_start, week_of};
use crate::Unsupported;
use chrono::{Duration, Months, NaiveDate};
use rollcall_data::model::{Event, EventKind, Mark};
use rollcall_ir::graph::{CompareOp, Quantity, RunUnit};
use rollcall_ir::view::{Aggregate, Anchor, Condition, ImprovementUnit, Operand, Window};
use std::collections::{BTreeMap, BTreeSet};

/// The latest of `events` of `kind` reached by `date`, if any.
pub fn latest(events: &[Event], kind: EventKind, date: NaiveDate) -> Option<&Event> {
    events
        .iter()
        .rfind(|event| event.kind == kind && event.start <= date)
}

/// What a day's measures see: the pupil's marks and calendar, and which
/// sessions are no longer counted.
pub struct Today<'a> {
    /// The school day.
    pub date: NaiveDate,
    /// Every mark of the pupil.
    pub marks: &'a [Mark],
    /// The pupil's school days, in order.
    pub days: &'a [NaiveDate],
    /// The pupil's school weeks (Mondays), in order.
    pub weeks: &'a [NaiveDate],
    /// Marks (by index) taken as evidence by an earlier notice or prosecution.
    pub consumed: &'a BTreeSet<usize>,
    /// The first day of compulsory school age.
    pub compulsory_from: NaiveDate,
    /// The pupil's events, in history order.
    pub events: &'a [Event],
    /// Per rule name, the school days it fired on so far (today's
    /// firings included once they happen).
    pub fired: &'a BTreeMap<String, Vec<NaiveDate>>,
}

impl Today<'_> {
    /// The date of the latest `anchor` on or before today: the latest
    /// event of its kind, or the school day the rule last fired.
    fn anchor(&self, anchor: &Anchor) -> Option<NaiveDate> {
        match anchor {
            Anchor::Event(kind) => latest(self.events, *kind, self.date).map(|event| event.start),
            Anchor::Firing(rule) => self
                .fired
                .get(rule)
                .and_then(|days| days.iter().copied().filter(|day| *day <= self.date).max()),
        }
    }

    /// The pupil's school weeks after the week of `from`, up to today's.
    fn school_weeks_after(&self, from: NaiveDate) -> u32 {
        let (first, last) = (week_of(from), week_of(self.date));
        self.weeks
            .iter()
            .filter(|week| first < **week && **week <= last)
            .count() as u32
    }

    /// School weeks from the latest `anchor` to today (0 in the same
    /// week); unknown before there is one.
    fn weeks_since(&self, anchor: &Anchor) -> Option<u32> {
        self.anchor(anchor)
            .map(|from| self.school_weeks_after(from))
    }

    /// The first and last dates of `window` on this day; `None` when the
    /// window does not exist today (no Notice to Improve, or its period is
    /// over).
    pub(crate) fn window_range(
        &self,
        window: &Window,
    ) -> Result<Option<(NaiveDate, NaiveDate)>, Unsupported> {
        let start = match window {
            Window::SchoolWeeks(n) => {
                let this = week_of(self.date);
                let upto: Vec<_> = self.weeks.iter().filter(|week| **week <= this).collect();
                *upto[upto.len().saturating_sub(*n as usize)]
            }
            Window::SchoolDays(n) => {
                let upto: Vec<_> = self.days.iter().filter(|day| **day <= self.date).collect();
                *upto[upto.len().saturating_sub(*n as usize)]
            }
            Window::Period(period) => period_start(self.weeks, self.date, *period),
            Window::ThisAndPrevious(period) => {
                previous_period_start(self.days, self.weeks, self.date, *period)
            }
            // After the school day of the latest anchor; no window before
            // there is one.
            Window::Since(anchor) => match self.anchor(anchor) {
                Some(from) => from + Duration::days(1),
                None => return Ok(None),
            },
            // From the latest anchor, while today is in its week or the
            // `n - 1` school weeks after it.
            Window::AfterAnchor {
                anchor,
                school_weeks,
            } => match self.anchor(anchor) {
                Some(from) if self.school_weeks_after(from) < *school_weeks => from,
                _ => return Ok(None),
            },
            // After the anchor's date, while today is one of the first `n`
            // school days after it.
            Window::SchoolDaysAfter {
                anchor,
                school_days,
            } => {
                let Some(from) = self.anchor(anchor) else {
                    return Ok(None);
                };
                let nth = self
                    .days
                    .iter()
                    .filter(|day| **day > from)
                    .nth((*school_days as usize).saturating_sub(1));
                if self.date <= from || nth.is_some_and(|last| self.date > *last) {
                    return Ok(None);
                }
                from + Duration::days(1)
            }
            // After the same day `n` months before (chrono takes a shorter
            // month's last day), to today.
            Window::Months(n) => self
                .date
                .checked_sub_months(Months::new(*n))
                .map_or(NaiveDate::MIN, |before| before + Duration::days(1)),
            Window::Between { from, to } => return Ok(Some((*from, (*to).min(self.date)))),
            Window::NoticeToImprove {
                lasts: lasts_days,
                at_most: at_most_days,
                unit: ImprovementUnit::Days,
            } => {
                // The improvement period: from the notice's date for
                // `lasts` days, or to its end date, but never beyond
                // `at most`.
                let Some(notice) = latest(self.events, EventKind::NoticeToImprove, self.date)
                else {
                    return Ok(None);
                };
                let last = |days: &u32| notice.start + Duration::days(i64::from(*days) - 1);
                let end = notice
                    .end
                    .unwrap_or(last(lasts_days))
                    .min(last(at_most_days));
                if self.date > end {
                    return Ok(None);
                }
                return Ok(Some((notice.start, end)));
            }
            Window::NoticeToImprove {
                lasts,
                at_most,
                unit: ImprovementUnit::SchoolDays,
            } => {
                // After the notice's date to its `lasts`th school day after
                // it, or to its end date, but never beyond its `at most`th
                // (open while fewer school days follow).
                let Some(notice) = latest(self.events, EventKind::NoticeToImprove, self.date)
                else {
                    return Ok(None);
                };
                let nth = |n: &u32| {
                    self.days
                        .iter()
                        .filter(|day| **day > notice.start)
                        .nth((*n as usize).saturating_sub(1))
                        .copied()
                        .unwrap_or(NaiveDate::MAX)
                };
                let end = notice.end.unwrap_or(nth(lasts)).min(nth(at_most));
                if self.date > end {
                    return Ok(None);
                }
                return Ok(Some((notice.start + Duration::days(1), end)));
            }
            Window::NoticeToImprove {
                lasts,
                at_most,
                unit: ImprovementUnit::SchoolWeeks,
            } => {
                // From the notice's date: its own week is the first, and
                // each later school week adds one; to the end of the
                // `lasts`th, or to its end date, but never beyond the
                // `at most`th.
                let Some(notice) = latest(self.events, EventKind::NoticeToImprove, self.date)
                else {
                    return Ok(None);
                };
                let week = self.school_weeks_after(notice.start) + 1;
                let open =
                    week <= *at_most && notice.end.map_or(week <= *lasts, |end| self.date <= end);
                if !open {
                    return Ok(None);
                }
                notice.start
            }
            // Every session up to today; `first_of_last` picks the last n.
            Window::Sessions(_) => NaiveDate::MIN,
        };
        Ok(Some((start, self.date)))
    }

    /// The first mark (by index) a window of the last `n` possible
    /// sessions holds today: the `n`th possible session back from today's
    /// end (the first mark while there are fewer).
    pub(crate) fn first_of_last(&self, n: u32) -> usize {
        (0..self.marks.len())
            .filter(|&index| {
                self.marks[index].date <= self.date && self.marks[index].code.is_possible()
            })
            .rev()
            .nth((n as usize).saturating_sub(1))
            .unwrap_or(0)
    }

    /// Whether mark `index` can be seen by a count or a run at all: on or
    /// before today, of compulsory school age, from `counts_from`, not
    /// consumed.
    fn visible(&self, index: usize, counts_from: Option<NaiveDate>) -> bool {
        let mark = &self.marks[index];
        mark.date <= self.date
            && mark.date >= self.compulsory_from
            && counts_from.is_none_or(|from| mark.date >= from)
            && !self.consumed.contains(&index)
    }

    /// The value of `aggregate` today and the marks (by index) it rests on.
    pub fn measure(&self, aggregate: &Aggregate) -> Result<(u32, Vec<usize>), Unsupported> {
        let marks = match aggregate {
            Aggregate::Count {
                codes,
                window,
                counts_from,
            } => {
                let Some((start, end)) = self.window_range(window)? else {
                    return Ok((0, Vec::new()));
                };
                let first = match window {
                    Window::Sessions(n) => self.first_of_last(*n),
                    _ => 0,
                };
                (first..self.marks.len())
                    .filter(|&index| {
                        codes.codes.contains(self.marks[index].code)
                            && (start..=end).contains(&self.marks[index].date)
                            && self.visible(index, *counts_from)
                    })
                    .collect()
            }
            Aggregate::Run {
                codes,
                unit: RunUnit::Sessions,
                counts_from,
            } => {
                // Back from today's last possible session, while each is in
                // the set and visible; consumed sessions are passed over.
                let mut run = Vec::new();
                for index in (0..self.marks.len()).rev() {
                    let mark = &self.marks[index];
                    if mark.date > self.date || !mark.code.is_possible() {
                        continue;
                    }
                    if self.consumed.contains(&index) && codes.codes.contains(mark.code) {
                        // Consumed: not seen, so neither counted nor an end.
                        continue;
                    }
                    if !codes.codes.contains(mark.code) || !self.visible(index, *counts_from) {
                        break;
                    }
                    run.push(index);
                }
                run
            }
            Aggregate::Run {
                codes,
                unit: RunUnit::SchoolDays,
                counts_from,
            } => {
                // Back from today, while every possible session of the day
                // is in the set and visible.
                let mut run = Vec::new();
                let mut days = 0;
                for day in self.days.iter().rev().filter(|day| **day <= self.date) {
                    let sessions: Vec<usize> = (0..self.marks.len())
                        .filter(|&index| {
                            self.marks[index].date == *day && self.marks[index].code.is_possible()
                        })
                        .collect();
                    // A day counts while all its sessions are unconsumed; a
                    // day with a consumed one neither extends nor ends it.
                    if !sessions
                        .iter()
                        .all(|&index| codes.codes.contains(self.marks[index].code))
                    {
                        break;
                    }
                    if sessions.iter().any(|index| self.consumed.contains(index)) {
                        continue;
                    }
                    if !sessions
                        .iter()
                        .all(|&index| self.visible(index, *counts_from))
                    {
                        break;
                    }
                    days += 1;
                    run.extend(sessions);
                }
                return Ok((days, run));
            }
            // The current or just-ended episode: its school days, and its
            // sessions not yet consumed.
            Aggregate::Episode { codes, counts_from } => {
                let episode = self.episode(codes.codes, *counts_from);
                return Ok((episode.days.len() as u32, self.sessions_of(&episode.days)));
            }
            Aggregate::Episodes {
                codes,
                window,
                counts_from,
            } => return self.episodes_in(codes.codes, window, *counts_from),
            other => return Err(Unsupported(format!("the measure {other:?}"))),
        };
        Ok((marks.len() as u32, marks))
    }

    /// The marks `condition` cites today whether or not it holds: those
    /// its counts and runs see, and those of the branches of an `or` that
    /// hold. A rule waiting for the end of an episode decides on them,
    /// once, though its condition may no longer hold by then.
    pub fn cited(&self, condition: &Condition) -> Result<Vec<usize>, Unsupported> {
        match condition {
            Condition::Compare {
                left: Operand::Aggregate(aggregate),
                op,
                right: Operand::Constant(Quantity::BasisPoints(bp)),
            } => Ok(self.percentage(aggregate, *op, *bp)?.1),
            Condition::Compare {
                left: Operand::Aggregate(aggregate),
                right: Operand::Constant(_),
                ..
            } if !matches!(&**aggregate, Aggregate::SchoolWeeksSince { .. }) => {
                Ok(self.measure(aggregate)?.1)
            }
            Condition::All(of) => {
                let mut cited = Vec::new();
                for part in of {
                    cited.extend(self.cited(part)?);
                }
                Ok(cited)
            }
            _ => Ok(self.holds(condition)?.1),
        }
    }

    /// Whether `condition` holds today, and the marks it rests on (those of
    /// every comparison that holds and is part of why the whole holds).
    pub fn holds(&self, condition: &Condition) -> Result<(bool, Vec<usize>), Unsupported> {
        match condition {
            Condition::Compare {
                left: Operand::Aggregate(aggregate),
                op,
                right: Operand::Constant(Quantity::BasisPoints(bp)),
            } => {
                let (holds, evidence) = self.percentage(aggregate, *op, *bp)?;
                Ok((holds, if holds { evidence } else { Vec::new() }))
            }
            Condition::Compare {
                left: Operand::Aggregate(aggregate),
                op,
                right: Operand::Constant(Quantity::SchoolWeeks(n)),
            } => {
                let Aggregate::SchoolWeeksSince { anchor } = &**aggregate else {
                    return Err(Unsupported(format!("the comparison {condition:?}")));
                };
                // Unknown before the anchor: the comparison is false.
                let holds = self
                    .weeks_since(anchor)
                    .is_some_and(|weeks| compare(weeks, *op, *n));
                Ok((holds, Vec::new()))
            }
            Condition::Compare { left, op, right } => {
                let (
                    Operand::Aggregate(aggregate),
                    Operand::Constant(
                        Quantity::Sessions(n) | Quantity::SchoolDays(n) | Quantity::Episodes(n),
                    ),
                ) = (left, right)
                else {
                    return Err(Unsupported(format!("the comparison {condition:?}")));
                };
                let (value, counted) = self.measure(aggregate)?;
                let holds = compare(value, *op, *n);
                Ok((holds, if holds { counted } else { Vec::new() }))
            }
            Condition::All(of) => {
                let mut evidence = Vec::new();
                for part in of {
                    let (holds, marks) = self.holds(part)?;
                    if !holds {
                        return Ok((false, Vec::new()));
                    }
                    evidence.extend(marks);
                }
                Ok((true, evidence))
            }
            Condition::Any(of) => {
                let mut any = false;
                let mut evidence = Vec::new();
                for part in of {
                    let (holds, marks) = self.holds(part)?;
                    any |= holds;
                    evidence.extend(marks);
                }
                Ok((any, evidence))
            }
            Condition::ExclusionSighting { first_school_days } => {
                Ok((self.sighting(*first_school_days).is_some(), Vec::new()))
            }
            Condition::Not(of) => Ok((!self.holds(of)?.0, Vec::new())),
        }
    }
}

/// `value OP n`.
pub(crate) fn compare<T: PartialOrd>(value: T, op: CompareOp, n: T) -> bool {
    match op {
        CompareOp::Less => value < n,
        CompareOp::LessOrEqual => value <= n,
        CompareOp::Greater => value > n,
        CompareOp::GreaterOrEqual => value >= n,
        CompareOp::Equal => value == n,
        CompareOp::NotEqual => value != n,
    }
}
