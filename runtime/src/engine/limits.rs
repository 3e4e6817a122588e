//! Limits shared across rules (`limit NAME = at most N times per PERIOD
//! per pupil|parent`, named by rules with `limited by NAME`).
//!
//! The rules naming a limit count their decisions together, under one
//! policy, in the calendar period of the decision day:
//! - per pupil: each firing that decides something (other than a report
//!   against an open case) counts once, whatever number of parents it
//!   addresses or actions it takes;
//! - per parent: each parent with such a decision counts once.
//!
//! A rule whose decision would go beyond a limit does not decide: per
//! pupil, it does not fire; per parent, it decides only for the parents
//! below the limit, and does not fire when none is. A rule that does not
//! fire because of a limit is treated as though it had decided for its
//! `at most once` state: an edge rule still held (it fires again only once
//! its condition has stopped holding), a once-per-event rule has decided on
//! the event. So the limit's state changes only when a rule fires, which
//! already unsettles the day (see `rules`), and a new period alone never
//! makes a rule decide: the engine's settled, quiet and passed-over days
//! stay sound without looking at the counts.

use super::days::Day;
use super::firing::CASE_EVIDENCE;
use super::plan::{LimitPlan, Plan, RulePlan};
use super::pupil::PupilRun;
use super::rules::Periods;
use crate::decision::Decision;
use rollcall_ir::graph::LimitWhom;

/// The decisions counted against one shared limit, for one pupil under
/// one policy: for the pupil (`None`) or a parent, the periods of the last
/// day counted and the decisions counted in them. At most one entry per
/// parent, plus one: memory bounded by the pupil's parents.
#[derive(Clone, Debug, Default)]
pub(crate) struct LimitState {
    counts: Vec<(Option<String>, Periods, u32)>,
}

impl LimitState {
    /// The decisions counted for `whom` in `today`'s period of `limit`.
    fn count(&self, whom: Option<&str>, limit: LimitPlan, today: Periods) -> u32 {
        self.counts
            .iter()
            .find(|(counted, ..)| counted.as_deref() == whom)
            .filter(|(_, periods, _)| periods.same(today, limit.per))
            .map_or(0, |&(.., count)| count)
    }

    /// Counts one decision for `whom` on a day of `today`'s periods.
    fn add(&mut self, whom: Option<&str>, limit: LimitPlan, today: Periods) {
        match self
            .counts
            .iter_mut()
            .find(|(counted, ..)| counted.as_deref() == whom)
        {
            Some((_, periods, count)) if periods.same(today, limit.per) => {
                *periods = today;
                *count += 1;
            }
            Some((_, periods, count)) => {
                *periods = today;
                *count = 1;
            }
            None => self.counts.push((whom.map(str::to_string), today, 1)),
        }
    }
}

impl PupilRun<'_> {
    /// Why `rule` may not fire on `day` under policy instance `instance`
    /// because of a shared limit, if one stops it: a per-pupil limit
    /// reached, or a per-parent limit every parent has reached.
    pub(super) fn limit_blocks(
        &self,
        instance: usize,
        plan: &Plan,
        rule: &RulePlan,
        day: &Day,
    ) -> Option<String> {
        let today = Periods::of(day);
        let state = &self.instances[instance].limits;
        rule.limits.iter().find_map(|&limit| {
            let counts = &state[limit.slot];
            let reached =
                match limit.whom {
                    LimitWhom::Pupil => counts.count(None, limit, today) >= limit.at_most,
                    LimitWhom::Parent => {
                        !self.pupil.parents.is_empty()
                            && self.pupil.parents.iter().all(|parent| {
                                counts.count(Some(parent), limit, today) >= limit.at_most
                            })
                    }
                };
            reached.then(|| reached_words(plan, limit, "the pupil", "every parent"))
        })
    }

    /// Why `rule` decides nothing for `parent` on `day`, if a per-parent
    /// limit the parent has reached stops it.
    pub(super) fn parent_limited(
        &self,
        instance: usize,
        plan: &Plan,
        rule: &RulePlan,
        parent: &str,
        day: &Day,
    ) -> Option<String> {
        let today = Periods::of(day);
        let state = &self.instances[instance].limits;
        rule.limits.iter().find_map(|&limit| {
            (limit.whom == LimitWhom::Parent
                && state[limit.slot].count(Some(parent), limit, today) >= limit.at_most)
                .then(|| reached_words(plan, limit, parent, parent))
        })
    }

    /// Counts the decisions of one firing of `rule` on `day` against its
    /// shared limits.
    pub(super) fn count_limits(
        &mut self,
        instance: usize,
        rule: &RulePlan,
        day: &Day,
        decisions: &[Decision],
    ) {
        let today = Periods::of(day);
        let decided = || {
            decisions
                .iter()
                .filter(|decision| decision.action != CASE_EVIDENCE)
        };
        for &limit in &rule.limits {
            let counts = &mut self.instances[instance].limits[limit.slot];
            match limit.whom {
                LimitWhom::Pupil => {
                    if decided().next().is_some() {
                        counts.add(None, limit, today);
                    }
                }
                LimitWhom::Parent => {
                    let mut parents: Vec<&str> =
                        decided().filter_map(|d| d.parent.as_deref()).collect();
                    parents.sort_unstable();
                    parents.dedup();
                    for parent in parents {
                        counts.add(Some(parent), limit, today);
                    }
                }
            }
        }
    }
}

/// `limit `NAME` is reached: at most 2 decisions per academic year for the
/// pupil`, for the pupil (`pupil`) or a parent (`parent`) as the limit
/// counts.
fn reached_words(plan: &Plan, limit: LimitPlan, pupil: &str, parent: &str) -> String {
    let whom = match limit.whom {
        LimitWhom::Pupil => pupil,
        LimitWhom::Parent => parent,
    };
    let period = rollcall_ir::words::period(limit.per);
    format!(
        "limit `{}` is reached for {whom} (at most {} this {period})",
        plan.limits[limit.slot],
        rollcall_ir::words::plural(limit.at_most, "decision", "decisions"),
    )
}
