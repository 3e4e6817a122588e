//! Rolling windows over a pupil's sessions: which sessions a count or share
//! sees on the day being evaluated, kept as a queue that only ever drops
//! from the front (so each session enters and leaves once).
//!
//! Window definitions (D is the day being evaluated):
//! - school weeks: sessions in D's school week and the `n − 1` school weeks before;
//! - school days: sessions on D and the `n − 1` school days before;
//! - after an anchor dated A: sessions dated on or after A, in the weeks
//!   numbered 1 to `n`, where A's own Monday–Sunday week is week 1 (school
//!   week or not) and each later school week adds one; empty before the
//!   first anchor and once D is past week `n`; or, counted in school days,
//!   sessions dated after A on the `n` school days after A's date;
//! - sessions: the last `n` possible sessions up to the end of D, and the
//!   sessions that are not possible among them;
//! - notice to improve: sessions inside the latest notice's period, while D
//!   is inside it (empty before and after); the period is counted in
//!   calendar days, or in school weeks or school days as after an anchor,
//!   and ends at the
//!   notice's own end date (an extension) when it has one, never past its
//!   longest;
//! - period: sessions since the current term, half-term or academic year
//!   began, or with the previous one, since that began (when the pupil's
//!   calendar went straight from it to the current one; otherwise since
//!   the current one began);
//! - months: sessions dated after the same day `n` calendar months before D
//!   (the month's last day when it is shorter);
//! - between dates: sessions dated from the first to the last, whatever D;
//! - since an anchor dated A: sessions dated after A (empty before the first).

use super::days::Day;
use super::plan::WindowPlan;
use crate::calendar::academic_year_start;
use chrono::{Datelike, Days, Months, NaiveDate};
use rollcall_ir::graph::Period;
use rollcall_ir::view::ImprovementUnit;
use std::collections::VecDeque;

/// A session placed in the pupil's calendar.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Placed {
    /// Index into the pupil's marks.
    pub index: u32,
    /// Its date.
    pub date: NaiveDate,
    /// School weeks up to and including its week.
    pub school_weeks: u32,
    /// School days up to and including its day.
    pub school_days: u32,
    /// Whether its day is a school day.
    pub school_day: bool,
    /// The pupil's possible sessions up to and including it.
    pub possible: u32,
}

impl Placed {
    /// Where its day falls.
    fn moment(&self) -> Moment {
        Moment {
            date: self.date,
            school_weeks: self.school_weeks,
            school_days_before: self.school_days - u32::from(self.school_day),
        }
    }
}

/// Where a day falls in the pupil's calendar, as anchored windows measure it.
#[derive(Clone, Copy, Debug)]
struct Moment {
    date: NaiveDate,
    /// School weeks up to and including its week.
    school_weeks: u32,
    /// School days strictly before it.
    school_days_before: u32,
}

impl Moment {
    /// Whether it is inside the `school_days` school days after `anchor`'s
    /// date: after that date, with fewer than `school_days` school days
    /// between the two.
    fn within_school_days(self, anchor: &AnchorPoint, school_days: u32) -> bool {
        self.date > anchor.date
            && self.school_days_before.saturating_sub(anchor.school_days) < school_days
    }
}

/// Where an anchor (event or firing) falls.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AnchorPoint {
    /// Its date.
    pub date: NaiveDate,
    /// The end date it carries (a Notice to Improve's extended end).
    pub end: Option<NaiveDate>,
    /// School weeks starting on or before its week.
    pub school_weeks: u32,
    /// School days on or before its date.
    pub school_days: u32,
}

/// Something a window holds: a placed session, perhaps with more.
pub(crate) trait Entry {
    /// The session.
    fn placed(&self) -> &Placed;
}

impl Entry for Placed {
    fn placed(&self) -> &Placed {
        self
    }
}

/// The moving parts of a window.
#[derive(Clone, Debug)]
enum State {
    SchoolWeeks(u32),
    SchoolDays(u32),
    AfterAnchor {
        weeks: u32,
        anchor: Option<AnchorPoint>,
    },
    SchoolDaysAfter {
        days: u32,
        anchor: Option<AnchorPoint>,
    },
    Sessions {
        n: u32,
        /// The last possible session (counted as in [`Placed::possible`])
        /// the window no longer holds today.
        oldest_out: u32,
    },
    NoticeToImprove {
        lasts: u32,
        at_most: u32,
        unit: ImprovementUnit,
        notice: Option<AnchorPoint>,
    },
    Period {
        period: Period,
        /// Whether the previous period is inside the window too.
        and_previous: bool,
        /// The current period's number and the first day seen in it.
        current: Option<(i64, NaiveDate)>,
    },
    Months(u32),
    Between {
        from: NaiveDate,
        to: NaiveDate,
    },
    Since {
        after: Option<NaiveDate>,
    },
}

impl State {
    /// Whether a day is inside the improvement period of the latest Notice
    /// to Improve; false for other windows.
    fn improving(&self, day: Moment) -> bool {
        let State::NoticeToImprove {
            lasts,
            at_most,
            unit,
            notice: Some(notice),
        } = self
        else {
            return false;
        };
        let date = day.date;
        if date < notice.date {
            return false;
        }
        match unit {
            ImprovementUnit::Days => {
                let last = |days: u32| {
                    notice
                        .date
                        .checked_add_days(Days::new(u64::from(days) - 1))
                        .unwrap_or(NaiveDate::MAX)
                };
                date <= notice.end.unwrap_or(last(*lasts)).min(last(*at_most))
            }
            ImprovementUnit::SchoolWeeks => {
                let week = day.school_weeks.saturating_sub(notice.school_weeks);
                week < *at_most && notice.end.map_or(week < *lasts, |end| date <= end)
            }
            ImprovementUnit::SchoolDays => {
                day.within_school_days(notice, *at_most)
                    && notice
                        .end
                        .map_or(day.within_school_days(notice, *lasts), |end| date <= end)
            }
        }
    }
}

/// The entries inside one window, oldest first.
#[derive(Clone, Debug)]
pub(crate) struct Windowed<E> {
    state: State,
    entries: VecDeque<E>,
    today: Option<Moment>,
}

impl<E: Entry> Windowed<E> {
    /// An empty window of the given definition.
    pub fn new(plan: WindowPlan) -> Windowed<E> {
        let state = match plan {
            WindowPlan::SchoolWeeks(n) => State::SchoolWeeks(n),
            WindowPlan::SchoolDays(n) => State::SchoolDays(n),
            WindowPlan::AfterAnchor { school_weeks, .. } => State::AfterAnchor {
                weeks: school_weeks,
                anchor: None,
            },
            WindowPlan::SchoolDaysAfter { school_days, .. } => State::SchoolDaysAfter {
                days: school_days,
                anchor: None,
            },
            WindowPlan::Sessions(n) => State::Sessions { n, oldest_out: 0 },
            WindowPlan::NoticeToImprove {
                lasts,
                at_most,
                unit,
            } => State::NoticeToImprove {
                lasts,
                at_most,
                unit,
                notice: None,
            },
            WindowPlan::Period(period) => State::Period {
                period,
                and_previous: false,
                current: None,
            },
            WindowPlan::ThisAndPrevious(period) => State::Period {
                period,
                and_previous: true,
                current: None,
            },
            WindowPlan::Months(months) => State::Months(months),
            WindowPlan::Between { from, to } => State::Between { from, to },
            WindowPlan::Since(_) => State::Since { after: None },
        };
        Windowed {
            state,
            entries: VecDeque::new(),
            today: None,
        }
    }

    /// Moves the window to `day`, dropping what falls out of it.
    pub fn begin_day(&mut self, day: &Day, mut evict: impl FnMut(&E)) {
        self.today = Some(Moment {
            date: day.date,
            school_weeks: day.school_weeks,
            school_days_before: day.school_days_before(),
        });
        match &mut self.state {
            State::SchoolWeeks(n) => {
                let oldest_out = last_school_week_out(day.school_weeks, *n);
                self.drop_front_while(|p| p.school_weeks <= oldest_out, &mut evict);
            }
            State::SchoolDays(n) => {
                let oldest_out = day.school_days.saturating_sub(*n);
                self.drop_front_while(|p| p.school_days <= oldest_out, &mut evict);
            }
            State::Sessions { n, oldest_out } => {
                // Today's own sessions count towards the n.
                *oldest_out = day.possible.end.saturating_sub(*n);
                let oldest_out = *oldest_out;
                self.drop_front_while(|p| p.possible <= oldest_out, &mut evict);
            }
            State::Period {
                period,
                and_previous,
                current,
            } => {
                let today = match period {
                    Period::AcademicYear => i64::from(academic_year_start(day.date).year()),
                    Period::Term => i64::from(day.term),
                    Period::HalfTerm => i64::from(day.half_term),
                };
                match *current {
                    Some((number, _)) if number == today => {}
                    Some((number, first)) if *and_previous && number + 1 == today => {
                        *current = Some((today, day.date));
                        self.drop_front_while(|p| p.date < first, &mut evict);
                    }
                    _ => {
                        *current = Some((today, day.date));
                        self.drop_front_while(|_| true, &mut evict);
                    }
                }
            }
            State::Months(months) => {
                if let Some(before) = day.date.checked_sub_months(Months::new(*months)) {
                    self.drop_front_while(|p| p.date <= before, &mut evict);
                }
            }
            State::AfterAnchor { .. }
            | State::SchoolDaysAfter { .. }
            | State::NoticeToImprove { .. }
            | State::Between { .. }
            | State::Since { .. } => {}
        }
        if !self.live() {
            self.drop_front_while(|_| true, &mut evict);
        }
    }

    /// Restarts the window at a new anchor.
    pub fn anchor(&mut self, point: AnchorPoint, mut evict: impl FnMut(&E)) {
        match &mut self.state {
            State::AfterAnchor { anchor, .. } => {
                *anchor = Some(point);
                self.drop_front_while(|p| p.date < point.date, &mut evict);
            }
            State::SchoolDaysAfter { anchor, .. } => {
                *anchor = Some(point);
                self.drop_front_while(|p| p.date <= point.date, &mut evict);
            }
            State::NoticeToImprove { notice, .. } => {
                *notice = Some(point);
                self.drop_front_while(|p| p.date < point.date, &mut evict);
            }
            State::Since { after } => {
                *after = Some(point.date);
                self.drop_front_while(|p| p.date <= point.date, &mut evict);
            }
            State::SchoolWeeks(_)
            | State::SchoolDays(_)
            | State::Sessions { .. }
            | State::Period { .. }
            | State::Months(_)
            | State::Between { .. } => {}
        }
        if !self.live() {
            self.drop_front_while(|_| true, &mut evict);
        }
    }

    /// Offers a session of today; returns whether the window took it.
    pub fn admit(&mut self, entry: E) -> bool {
        let placed = *entry.placed();
        let admitted = match &self.state {
            State::SchoolDays(_) => placed.school_day,
            State::NoticeToImprove { .. } => self.state.improving(placed.moment()),
            State::Since { after } => after.is_some_and(|after| placed.date > after),
            State::Between { from, to } => *from <= placed.date && placed.date <= *to,
            State::Sessions { oldest_out, .. } => placed.possible > *oldest_out,
            State::SchoolDaysAfter { anchor, .. } => {
                anchor.is_some_and(|anchor| placed.date > anchor.date)
            }
            State::SchoolWeeks(_)
            | State::AfterAnchor { .. }
            | State::Period { .. }
            | State::Months(_) => true,
        };
        if admitted {
            self.entries.push_back(entry);
        }
        admitted
    }

    /// Whether the window exists today (anchored windows may not).
    ///
    /// An after-anchor window holds today's sessions even when it is not
    /// live, in case a rule firing today anchors it.
    pub fn live(&self) -> bool {
        match &self.state {
            State::AfterAnchor { weeks, anchor } => match (anchor, self.today) {
                (Some(anchor), Some(today)) => {
                    today.school_weeks.saturating_sub(anchor.school_weeks) < *weeks
                }
                _ => false,
            },
            State::SchoolDaysAfter { days, anchor } => match (anchor, self.today) {
                (Some(anchor), Some(today)) => today.within_school_days(anchor, *days),
                _ => false,
            },
            State::NoticeToImprove { .. } => {
                self.today.is_some_and(|today| self.state.improving(today))
            }
            State::Since { after } => after.is_some(),
            State::SchoolWeeks(_)
            | State::SchoolDays(_)
            | State::Sessions { .. }
            | State::Period { .. }
            | State::Months(_)
            | State::Between { .. } => true,
        }
    }

    /// The entries, oldest first (empty while the window is not live).
    pub fn entries(&self) -> impl Iterator<Item = &E> {
        let live = self.live();
        self.entries.iter().filter(move |_| live)
    }

    /// The oldest and newest entries (`None` while the window is empty or
    /// not live).
    pub fn ends(&self) -> Option<(&E, &E)> {
        if !self.live() {
            return None;
        }
        self.entries.front().zip(self.entries.back())
    }

    /// Whether moving to a day of the pupil's school week `school_weeks`
    /// (counted as in [`Placed::school_weeks`]) would leave the window as
    /// it is, for a window over school weeks (it drops nothing: its oldest
    /// session is still inside) or since an anchor (it never drops as it
    /// moves); false for the other kinds.
    pub fn keeps_all_at(&self, school_weeks: u32) -> bool {
        match &self.state {
            State::SchoolWeeks(n) => {
                let oldest_out = last_school_week_out(school_weeks, *n);
                self.entries
                    .front()
                    .is_none_or(|front| front.placed().school_weeks > oldest_out)
            }
            State::Since { .. } => self.entries.is_empty() || self.live(),
            State::SchoolDays(_)
            | State::AfterAnchor { .. }
            | State::SchoolDaysAfter { .. }
            | State::Sessions { .. }
            | State::NoticeToImprove { .. }
            | State::Period { .. }
            | State::Months(_)
            | State::Between { .. } => false,
        }
    }

    /// The entry for mark `index`, if the window holds it.
    pub fn find(&self, index: u32) -> Option<&E> {
        self.entries
            .binary_search_by_key(&index, |entry| entry.placed().index)
            .ok()
            .map(|position| &self.entries[position])
    }

    fn drop_front_while(&mut self, out: impl Fn(&Placed) -> bool, evict: &mut impl FnMut(&E)) {
        while let Some(front) = self.entries.front() {
            if !out(front.placed()) {
                break;
            }
            evict(front);
            self.entries.pop_front();
        }
    }
}

/// The latest school week (counted as in [`Placed::school_weeks`]) that a
/// window of `n` school weeks no longer holds in school week
/// `school_weeks`.
fn last_school_week_out(school_weeks: u32, n: u32) -> u32 {
    school_weeks.saturating_sub(n)
}
