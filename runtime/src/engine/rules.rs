//! Rules on a school day: each fires when its condition starts to hold,
//! within its `at most once` limit.
//!
//! Rules are evaluated in the version's order, each against the state left
//! by the rules before it (so a notice's consumed sessions are gone for the
//! rules after it). What a rule "held at its previous evaluation" is its
//! value when it was evaluated, except that when anything fired today, a
//! rule that held is evaluated again at the end of the day: if consumption
//! (or a new anchor) has made it stop holding, it may fire again as soon as
//! it holds again. A rule that starts holding only because of a later
//! rule's firing fires at its next evaluation.

use super::days::Day;
use super::policy_set::Choice;
use super::predicate::{self, Scope};
use super::pupil::PupilRun;
use crate::calendar::academic_year_start;
use chrono::NaiveDate;
use rollcall_ir::graph::{Period, Repeat};

/// The firing state of one rule (by name) for one pupil under one policy.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RuleState {
    /// Whether it held at its previous evaluation.
    pub(super) held: bool,
    /// The periods of the day it last fired.
    pub(super) last_fired: Option<Periods>,
    /// The number of the last episode it decided on (see `episodes`).
    pub(super) episode_done: Option<u32>,
    /// The event an `at most once per EVENT` rule last decided on (its
    /// index in the pupil's events).
    pub(super) fired_for: Option<usize>,
}

/// The academic year, term and half-term a day belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Periods {
    academic_year: NaiveDate,
    term: u32,
    half_term: u32,
}

impl Periods {
    pub(super) fn of(day: &Day) -> Periods {
        Periods {
            academic_year: academic_year_start(day.date),
            term: day.term,
            half_term: day.half_term,
        }
    }

    pub(super) fn same(self, other: Periods, period: Period) -> bool {
        match period {
            Period::AcademicYear => self.academic_year == other.academic_year,
            Period::Term => self.term == other.term,
            Period::HalfTerm => self.half_term == other.half_term,
        }
    }
}

impl RuleState {
    /// Why the rule may not fire today, if its limit stops it.
    pub(super) fn blocked(&self, repeat: Repeat, day: &Day) -> Option<String> {
        let last = self.last_fired?;
        match repeat {
            Repeat::Unlimited => None,
            Repeat::Once => Some("it has fired before (at most once)".to_string()),
            Repeat::OncePer(period) => last.same(Periods::of(day), period).then(|| {
                let period = rollcall_ir::words::period(period);
                format!("it has fired this {period} (at most once per {period})")
            }),
            // Not yet told apart from `Once` (the trigger is not tracked).
            // Decided by the event it fires for, not by when it last fired.
            Repeat::OncePerEvent(_) => None,
        }
    }
}

impl PupilRun<'_> {
    /// Evaluates the rules of `choice` on school day `day` at `school`.
    pub(super) fn run_rules(&mut self, day: &Day, choice: Choice, school: usize) {
        let Some(instance) = self.instance_of(choice.plan) else {
            return;
        };
        let unchanged = self.unchanged_since_settled(choice, instance);
        self.stirred = false;
        if unchanged {
            return;
        }
        let policies = self.policies;
        let plan = policies.plan(choice.plan);
        let version = &plan.versions[choice.version];
        let mut fired_today = false;
        for &rule_index in &version.rules {
            let rule = &plan.rules[rule_index];
            let scope = Scope {
                plan,
                aggregates: &self.instances[instance].aggregates,
                events: &self.events,
                day,
            };
            let met = predicate::holds(&scope, rule.when);
            let holds = met && self.gates_open(&rule.preconditions, day.date);
            let state = self.instances[instance].rules[rule.slot];
            if met && !holds {
                self.tracer.note(|| {
                    let gates: Vec<String> = rule
                        .preconditions
                        .iter()
                        .map(rollcall_ir::words::precondition)
                        .collect();
                    format!(
                        "{} does not hold: no parent meets `{}`",
                        rule.name,
                        gates.join("`, `")
                    )
                });
            }
            if self.tracer.is_on() {
                let mut counts = Vec::new();
                predicate::counts(&scope, rule.when, &mut counts);
                let text = predicate::render(&scope, rule.when);
                let status = match (state.held, holds) {
                    (false, true) => "now holds",
                    (true, true) => "holds",
                    (true, false) => "no longer holds",
                    (false, false) => "does not hold",
                };
                self.tracer.counts(choice.plan, rule.slot, &counts);
                self.tracer
                    .detail(|| format!("{}: {text}: {status}", rule.name));
                if state.held != holds {
                    self.tracer.matters();
                }
            }
            if let Some(running) = self.running_episode(instance, rule) {
                fired_today |=
                    self.episode_rule(day, choice, instance, rule_index, school, holds, running);
            } else if let Repeat::OncePerEvent(kind) = rule.repeat {
                // Fires when it holds for an event it has not decided on,
                // whether or not it held yesterday: once per event.
                let trigger = self.events.latest(kind);
                if holds && trigger.is_some() && trigger != state.fired_for {
                    match self.limit_blocks(instance, plan, rule, day) {
                        Some(why) => {
                            self.tracer
                                .note(|| format!("{} does not fire: {why}", rule.name));
                        }
                        None => {
                            self.fire(day, choice, instance, rule_index, school);
                            self.instances[instance].rules[rule.slot].last_fired =
                                Some(Periods::of(day));
                            fired_today = true;
                        }
                    }
                    // Decided on, or not decided because of a shared limit.
                    self.instances[instance].rules[rule.slot].fired_for = trigger;
                } else if holds && trigger.is_some() {
                    self.tracer.note(|| {
                        let event = rollcall_ir::words::event(kind);
                        format!(
                            "{} does not fire: it has decided on this {event}",
                            rule.name
                        )
                    });
                }
            } else if holds && !state.held {
                let blocked = state
                    .blocked(rule.repeat, day)
                    .or_else(|| self.limit_blocks(instance, plan, rule, day));
                match blocked {
                    Some(why) => self
                        .tracer
                        .note(|| format!("{} does not fire: {why}", rule.name)),
                    None => {
                        self.fire(day, choice, instance, rule_index, school);
                        self.instances[instance].rules[rule.slot].last_fired =
                            Some(Periods::of(day));
                        fired_today = true;
                    }
                }
            }
            self.instances[instance].rules[rule.slot].held = holds;
        }
        if fired_today {
            self.recheck_held(day, choice, instance);
        }
        // A sighting today makes conditions hold that will not tomorrow.
        self.settled = (!fired_today && !self.events.seen_today()).then_some(choice);
    }

    /// Whether evaluating the rules of `choice` today would change nothing
    /// (so they need not be): they were last evaluated under the same
    /// choice, with nothing fired (so every rule's `held` is what its
    /// condition gave on that day's values) and no sighting that day or
    /// today, and every aggregate has the value it had then. A condition is
    /// a function of those alone, so every rule holds as it held and none
    /// fires, unless a once-per-event rule that holds has reached a new
    /// event (it decides on that event today). Never when tracing, which
    /// shows every evaluation. Otherwise remembers today's values for the
    /// next day.
    fn unchanged_since_settled(&mut self, choice: Choice, instance: usize) -> bool {
        let unchanged = self.settled == Some(choice)
            && !self.tracer.is_on()
            && !self.events.seen_today()
            && {
                let state = &self.instances[instance];
                state.aggregates.len() == state.values.len()
                    && state
                        .aggregates
                        .iter()
                        .zip(&state.values)
                        .all(|(aggregate, value)| aggregate.value() == *value)
            }
            && !self.reaches_new_event(choice, instance);
        let state = &mut self.instances[instance];
        if !unchanged {
            state.values.clear();
            state
                .values
                .extend(state.aggregates.iter().map(|aggregate| aggregate.value()));
        }
        unchanged
    }

    /// Whether a once-per-event rule of `choice` that holds has an event
    /// newer than the one it last fired for.
    fn reaches_new_event(&self, choice: Choice, instance: usize) -> bool {
        let plan = self.policies.plan(choice.plan);
        plan.versions[choice.version]
            .rules
            .iter()
            .any(|&rule_index| {
                let rule = &plan.rules[rule_index];
                let state = self.instances[instance].rules[rule.slot];
                matches!(rule.repeat, Repeat::OncePerEvent(kind)
                if state.held && self.events.latest(kind) != state.fired_for)
            })
    }

    /// After firings: a rule that held and no longer does may fire again.
    fn recheck_held(&mut self, day: &Day, choice: Choice, instance: usize) {
        let policies = self.policies;
        let plan = policies.plan(choice.plan);
        for &rule_index in &plan.versions[choice.version].rules {
            let rule = &plan.rules[rule_index];
            if !self.instances[instance].rules[rule.slot].held {
                continue;
            }
            let scope = Scope {
                plan,
                aggregates: &self.instances[instance].aggregates,
                events: &self.events,
                day,
            };
            let holds = predicate::holds(&scope, rule.when)
                && self.gates_open(&rule.preconditions, day.date);
            let now = (!holds && self.tracer.is_on())
                .then(|| predicate::render(&scope, rule.when).to_string());
            self.instances[instance].rules[rule.slot].held = holds;
            if let Some(now) = now {
                self.tracer.note(|| {
                    format!(
                        "{} no longer holds after today's decisions: {now}",
                        rule.name
                    )
                });
            }
        }
    }
}
