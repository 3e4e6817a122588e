//! Rules that decide once per episode of absence (see
//! `aggregate::Episode` for what an episode is).
//!
//! On a day inside a running episode (the last day with a possible session
//! extended it), a rule with an episode clause does not fire on the edge of
//! its condition:
//! - once it has decided on this episode, it does nothing more;
//! - `at_end: false`: it decides as soon as its condition starts to hold
//!   (within its `at most once` limit);
//! - `at_end: true`: it waits. On a day that extends the episode, if its
//!   condition holds (or held on an earlier day of it) it is *pending*, and
//!   the day is remembered as the episode's last so far. When one of its
//!   `instead` alternatives holds on such a day it decides at once (e.g.
//!   `episode length > 15 school days`: prosecution on day 16). Otherwise
//!   it decides when the episode ends: first thing on the first later day
//!   with a possible session outside the set, before anything moves, dated
//!   the episode's last school day under that day's version and school,
//!   with the aggregates as they were then. An episode still running at the
//!   end of the data is not decided.
//!
//! On other days (no episode running) the rule fires on its condition's
//! edge, as any rule.
//!
//! The evidence of an episode decision is its condition's plus the
//! episode's unconsumed sessions. A decision taken while the episode runs
//! then *absorbs* its later days: each day that extends the episode, its
//! sessions are appended to the decision's evidence and, if the decision
//! consumes, consumed before any rule is evaluated (so another count does
//! not re-reach its threshold within the same absence).

use super::aggregate::{day_in, AggregateState, Citing, Episode};
use super::days::Day;
use super::decide::{consumes, evidence_list};
use super::plan::{EpisodePlan, RulePlan};
use super::policy_set::Choice;
use super::predicate::{self, Scope};
use super::pupil::{aggregates_read, PupilRun};
use super::rules::Periods;
use rollcall_ir::codes::CodeSet;
use std::ops::Range;

/// An `at_end` rule waiting for its episode to end.
#[derive(Clone, Debug)]
pub(crate) struct Pending {
    /// The policy instance.
    instance: usize,
    /// The rule (index into its plan's rules) and its firing-state slot.
    rule_index: usize,
    slot: usize,
    /// The episode's number.
    episode: u32,
    /// Its codes.
    codes: CodeSet,
    /// The episode's last school day so far, as placed then.
    day: Day,
    /// The version and school of that day.
    choice: Choice,
    school: usize,
    /// Its policy instance's aggregates at the end of that day, kept once
    /// a later day without a possible session moves them.
    as_of: Option<Vec<AggregateState>>,
}

/// A decision taken while its episode runs, taking the episode's later
/// sessions as they come.
#[derive(Clone, Debug)]
pub(crate) struct Absorber {
    /// The policy instance and its Episode aggregate.
    instance: usize,
    aggregate: usize,
    /// The episode's number.
    episode: u32,
    /// The decisions of the firing (indices into the pupil's decisions).
    decisions: Range<usize>,
    /// Whether they consume their evidence.
    consumes: bool,
}

/// The running episode a rule decides on: its number, whether today
/// extended it, and its length.
#[derive(Clone, Copy, Debug)]
pub(super) struct Running {
    plan: EpisodePlan,
    number: u32,
    extended_today: bool,
    length: u32,
}

impl PupilRun<'_> {
    /// The episode `rule` decides on, if it has an episode clause and an
    /// episode is running under policy instance `instance`.
    #[inline]
    pub(super) fn running_episode(&self, instance: usize, rule: &RulePlan) -> Option<Running> {
        let plan = rule.episode?;
        let episode: &Episode = self.instances[instance].aggregates[plan.aggregate].episode()?;
        episode.open().then(|| Running {
            plan,
            number: episode.number(),
            extended_today: episode.extended_today(),
            length: episode.length(),
        })
    }

    /// Evaluates rule `rule_index` of `choice` on `day`, inside its running
    /// episode, its condition `holds` or not; returns whether it fired.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn episode_rule(
        &mut self,
        day: &Day,
        choice: Choice,
        instance: usize,
        rule_index: usize,
        school: usize,
        holds: bool,
        running: Running,
    ) -> bool {
        let policies = self.policies;
        let plan = policies.plan(choice.plan);
        let rule = &plan.rules[rule_index];
        let state = self.instances[instance].rules[rule.slot];
        let number = running.number;
        if state.episode_done == Some(number) {
            self.tracer.detail(|| {
                format!(
                    "{} has decided on this episode ({} school days): its sessions go to that decision",
                    rule.name, running.length
                )
            });
            return false;
        }
        if !running.plan.at_end {
            if !holds || state.held {
                return false;
            }
            let blocked = state
                .blocked(rule.repeat, day)
                .or_else(|| self.limit_blocks(instance, plan, rule, day));
            if let Some(why) = blocked {
                self.tracer
                    .note(|| format!("{} does not fire: {why}", rule.name));
                return false;
            }
            return self.decide_episode(day, choice, instance, rule_index, school, number, true);
        }
        if !running.extended_today {
            return false;
        }
        let waiting = self
            .pending
            .iter()
            .position(|p| p.instance == instance && p.slot == rule.slot && p.episode == number);
        if !holds && waiting.is_none() {
            return false;
        }
        if waiting.is_none() {
            let blocked = state
                .blocked(rule.repeat, day)
                .or_else(|| self.limit_blocks(instance, plan, rule, day));
            if let Some(why) = blocked {
                self.tracer
                    .note(|| format!("{} does not fire: {why}", rule.name));
                return false;
            }
        }
        let entry = Pending {
            instance,
            rule_index,
            slot: rule.slot,
            episode: number,
            codes: running.plan.codes,
            day: day.clone(),
            choice,
            school,
            as_of: None,
        };
        let at = match waiting {
            Some(at) => {
                self.pending[at] = entry;
                at
            }
            None => {
                self.pending.push(entry);
                self.pending.len() - 1
            }
        };
        let scope = Scope {
            plan,
            aggregates: &self.instances[instance].aggregates,
            events: &self.events,
            day,
        };
        let instead = rule
            .instead
            .iter()
            .any(|(when, _)| predicate::holds(&scope, *when));
        if instead {
            self.pending.remove(at);
            return self.decide_episode(day, choice, instance, rule_index, school, number, true);
        }
        self.tracer.note(|| {
            format!(
                "{}: pending: the episode is still running ({} school days so far); \
                 it decides when the episode ends",
                rule.name, running.length
            )
        });
        false
    }

    /// Decides for rule `rule_index` on episode `number`, dated `day`;
    /// `running`: the episode goes on, so the decisions absorb its later
    /// sessions. A rule that waited decides nothing if other decisions have
    /// taken every session of its condition and of the episode meanwhile.
    /// Returns whether it fired.
    #[allow(clippy::too_many_arguments)]
    fn decide_episode(
        &mut self,
        day: &Day,
        choice: Choice,
        instance: usize,
        rule_index: usize,
        school: usize,
        number: u32,
        running: bool,
    ) -> bool {
        let plan = self.policies.plan(choice.plan);
        let rule = &plan.rules[rule_index];
        // A shared limit reached while the rule waited: it does not decide
        // on this episode.
        if let Some(why) = self.limit_blocks(instance, plan, rule, day) {
            self.tracer
                .note(|| format!("{} does not decide on this episode: {why}", rule.name));
            self.instances[instance].rules[rule.slot].episode_done = Some(number);
            return false;
        }
        if rule.episode.is_some_and(|episode| episode.at_end) {
            let scope = Scope {
                plan,
                aggregates: aggregates_read(&self.as_of, &self.instances, instance),
                events: &self.events,
                day,
            };
            self.evidence.clear();
            let citing = Citing {
                consumed: self.consumed,
                penalty: RulePlan::consumes(&rule.then, plan),
            };
            predicate::evidence(&scope, rule.when, citing, self.evidence);
            if let Some(episode) = rule.episode {
                scope.aggregates[episode.aggregate].evidence(
                    false,
                    citing,
                    &mut self.evidence.sessions,
                );
            }
            if self.evidence.sessions.is_empty() && self.evidence.events.is_empty() {
                self.tracer.note(|| {
                    format!(
                        "{} decides nothing on this episode: other decisions have taken all its sessions",
                        rule.name
                    )
                });
                self.instances[instance].rules[rule.slot].episode_done = Some(number);
                return false;
            }
        }
        let before = self.decisions.len();
        self.fire(day, choice, instance, rule_index, school);
        let rule = &self.policies.plan(choice.plan).rules[rule_index];
        let state = &mut self.instances[instance].rules[rule.slot];
        state.last_fired = Some(Periods::of(day));
        state.episode_done = Some(number);
        let decisions = before..self.decisions.len();
        if running && !decisions.is_empty() {
            let aggregate = rule.episode.map_or(0, |episode| episode.aggregate);
            self.absorbing.push(Absorber {
                instance,
                aggregate,
                episode: number,
                consumes: self.decisions[decisions.clone()].iter().any(consumes),
                decisions,
            });
        }
        true
    }

    /// First thing on `day`, before anything moves: decides the pending
    /// rules whose episode `day` ends, each dated the episode's last
    /// school day.
    pub(super) fn close_episodes(&mut self, day: &Day) {
        let marks = self.marks;
        let mut at = 0;
        while at < self.pending.len() {
            if day_in(self.pending[at].codes, day, marks) != Some(false) {
                at += 1;
                continue;
            }
            let mut pending = self.pending.remove(at);
            self.as_of = pending
                .as_of
                .take()
                .map(|states| (pending.instance, states));
            let last = &pending.day;
            self.tracer.note(|| {
                let rule = &self.policies.plan(pending.choice.plan).rules[pending.rule_index];
                format!(
                    "the episode of {} school days ended on {}: {} decides as of that day",
                    self.instances[pending.instance].aggregates
                        [rule.episode.map_or(0, |episode| episode.aggregate)]
                    .episode()
                    .map_or(0, Episode::length),
                    last.date,
                    rule.name
                )
            });
            self.decide_episode(
                last,
                pending.choice,
                pending.instance,
                pending.rule_index,
                pending.school,
                pending.episode,
                false,
            );
            self.as_of = None;
            self.settled = None;
            self.stirred = true;
        }
    }

    /// Keeps, for each waiting rule that has not kept them yet, its policy
    /// instance's aggregates as they are: as at the end of its episode's
    /// last school day, before a day without a possible session moves them.
    pub(super) fn keep_episode_states(&mut self) {
        for pending in &mut self.pending {
            if pending.as_of.is_none() {
                pending.as_of = Some(self.instances[pending.instance].aggregates.clone());
            }
        }
    }

    /// After a day's sessions are taken in: the decisions whose episode
    /// the day extends take its sessions.
    pub(super) fn absorb(&mut self) {
        let mut at = 0;
        while at < self.absorbing.len() {
            let absorber = &self.absorbing[at];
            let episode = self.instances[absorber.instance].aggregates[absorber.aggregate]
                .episode()
                .filter(|episode| episode.number() == absorber.episode && episode.open());
            let Some(episode) = episode else {
                self.absorbing.remove(at);
                continue;
            };
            self.evidence.clear();
            self.evidence.sessions.extend(
                episode
                    .today()
                    .iter()
                    .filter(|&&index| !self.consumed[index as usize]),
            );
            let absorber = absorber.clone();
            at += 1;
            if self.evidence.sessions.is_empty() {
                continue;
            }
            let sessions =
                evidence_list(self.evidence, self.marks, self.events.all(), self.schools);
            self.tracer.note(|| {
                format!(
                    "{} sessions of the episode go to its decision of {}",
                    sessions.len(),
                    self.decisions[absorber.decisions.start].date
                )
            });
            if absorber.consumes {
                self.consume_evidence();
            }
            for decision in &mut self.decisions[absorber.decisions] {
                decision.evidence.extend(sessions.iter().cloned());
                decision.evidence.sort();
                decision.evidence.dedup();
            }
        }
    }
}
