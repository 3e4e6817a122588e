//! One pupil's evaluation: a single pass over their days in date order.
//!
//! Each day with marks: every window moves to the day; the events dated up
//! to it are reached (moving anchored windows); the day's sessions feed
//! every aggregate of every policy the pupil comes under at some point (so
//! windows span school moves); then, on a school day, the rules of the
//! policy version chosen for the day's school are evaluated.
//!
//! Sessions dated before the pupil's compulsory school age began are fed
//! to no aggregate: they are never counted, never in a run or a share, and
//! never evidence (windows still move over their days, so school weeks and
//! school days are numbered as before).
//!
//! Most days change nothing and are passed over; so is a whole week whose
//! every day would be, without grouping its marks into days (a day or week
//! before compulsory school age moves no aggregate whatever its codes).

use super::aggregate::{AggregateState, Value};
use super::days::{Day, DayBuffers, DayStream, WeekAhead};
use super::episodes::{Absorber, Pending};
use super::escalation::Issued;
use super::events::PupilEvents;
use super::gates::GateChanges;
use super::limits::LimitState;
use super::plan::Anchor;
use super::policy_set::{Choice, PolicySet};
use super::predicate::EvidenceRefs;
use super::rules::RuleState;
use super::trace::Tracer;
use super::window::AnchorPoint;
use crate::calendar::{compulsory_school_age, week_start};
use crate::decision::Decision;
use chrono::NaiveDate;
use rollcall_data::model::{Event, Mark, Pupil, School};
use rollcall_data::read::PupilHistory;
use rollcall_data::scan;
use rollcall_ir::codes::CodeSet;

/// Buffers reused from one pupil to the next.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    days: DayBuffers,
    consumed: Vec<bool>,
    evidence: EvidenceRefs,
}

/// A pupil's state under one policy.
#[derive(Debug)]
pub(super) struct Instance {
    /// Which policy.
    pub plan: usize,
    /// Its aggregates' states, by aggregate index.
    pub aggregates: Vec<AggregateState>,
    /// Its rules' firing states, by slot.
    pub rules: Vec<RuleState>,
    /// Its shared limits' counts, by slot.
    pub limits: Vec<LimitState>,
    /// Its aggregates' values when its rules were last evaluated.
    pub values: Vec<Value>,
}

/// Everything one pupil's evaluation reads and writes.
pub(super) struct PupilRun<'r> {
    /// The policies of the run.
    pub policies: &'r PolicySet,
    /// Every school, sorted by id.
    pub schools: &'r [School],
    /// The pupil.
    pub pupil: &'r Pupil,
    /// Their marks (up to the `as_of` day), in date and session order.
    pub marks: &'r [Mark],
    /// Their events, as reached.
    pub events: PupilEvents<'r>,
    /// Their state under each policy they come under.
    pub instances: Vec<Instance>,
    /// Whether each mark has been consumed by a notice or prosecution.
    pub consumed: &'r mut Vec<bool>,
    /// The evidence of the rule firing being decided.
    pub evidence: &'r mut EvidenceRefs,
    /// The penalty notices decided so far.
    pub issued: Vec<Issued>,
    /// The decisions so far.
    pub decisions: Vec<Decision>,
    /// The choice whose rules were last evaluated, if nothing fired then.
    pub settled: Option<Choice>,
    /// The school weeks of the day before.
    pub last_school_weeks: Option<u32>,
    /// The first day of the pupil's compulsory school age: no aggregate
    /// takes in a session dated before it.
    pub age_from: NaiveDate,
    /// The codes whose sessions move some aggregate of the pupil's
    /// policies; `None` when some aggregate must see every day.
    pub quiet_unless: Option<CodeSet>,
    /// Whether any aggregate may have moved since the rules were last
    /// evaluated.
    pub stirred: bool,
    /// Rules waiting for their episode to end (see `episodes`).
    pub pending: Vec<Pending>,
    /// While a waiting rule decides as of its episode's last school day:
    /// its policy instance, and that instance's aggregates as they were at
    /// the end of that day.
    pub as_of: Option<(usize, Vec<AggregateState>)>,
    /// Decisions taking their running episode's sessions as they come.
    pub absorbing: Vec<Absorber>,
    /// The days a rule's precondition may open or close (see `gates`).
    pub gate_changes: GateChanges,
    /// The explain trace (or nothing).
    pub tracer: &'r mut Tracer,
}

/// Evaluates one pupil, ignoring marks and events after `as_of`; returns
/// their decisions sorted by date, parent and rule.
pub(crate) fn evaluate_pupil(
    policies: &PolicySet,
    schools: &[School],
    history: PupilHistory<'_>,
    as_of: Option<NaiveDate>,
    scratch: &mut Scratch,
    tracer: &mut Tracer,
) -> Vec<Decision> {
    let (marks, events) = match as_of {
        Some(as_of) => (
            &history.marks[..history.marks.partition_point(|mark| mark.date <= as_of)],
            &history.events[..history.events.partition_point(|event| event.start <= as_of)],
        ),
        None => (history.marks, history.events),
    };
    let Scratch {
        days,
        consumed,
        evidence,
    } = scratch;
    consumed.clear();
    consumed.resize(marks.len(), false);
    let instances = instances(policies, schools, marks);
    let quiet_unless = instances.iter().try_fold(CodeSet::EMPTY, |all, instance| {
        Some(all.union(policies.plan(instance.plan).quiet_unless?))
    });
    let gate_changes = GateChanges::new(
        instances
            .iter()
            .flat_map(|instance| &policies.plan(instance.plan).preconditions),
        events,
    );
    let mut run = PupilRun {
        policies,
        schools,
        pupil: history.pupil,
        marks,
        events: PupilEvents::new(events),
        instances,
        consumed,
        evidence,
        issued: Vec::new(),
        decisions: Vec::new(),
        settled: None,
        last_school_weeks: None,
        age_from: compulsory_school_age(history.pupil.date_of_birth).0,
        quiet_unless,
        stirred: false,
        pending: Vec::new(),
        as_of: None,
        absorbing: Vec::new(),
        gate_changes,
        tracer,
    };
    let mut last_choice = None;
    let mut days = DayStream::new(marks, days);
    let mut chooser = Chooser::default();
    loop {
        // Most weeks: nothing to move, nothing to evaluate on any day.
        if let Some(week) = days
            .week_ahead()
            .filter(|week| run.passes_over(week, &chooser))
        {
            run.last_school_weeks = Some(week.school_weeks);
            days.pass_week(week);
            continue;
        }
        let Some(day) = days.next_day() else {
            break;
        };
        chooser.place(policies, schools, marks, day);
        let day = &*day;
        let same_week = run.last_school_weeks.replace(day.school_weeks) == Some(day.school_weeks);
        let quiet = run.quiet(day) && (same_week || run.at_rest(day.school_weeks));
        // Most days: nothing to move, nothing to evaluate.
        if quiet && run.events.idle_on(day) && run.rules_settled_on(day) {
            continue;
        }
        run.day(day, quiet, &mut last_choice);
    }
    let mut decisions = run.decisions;
    decisions.sort_by(|a, b| (a.date, &a.parent, &a.rule).cmp(&(b.date, &b.parent, &b.rule)));
    decisions
}

/// Places days' schools and policy versions, a day at a time in date
/// order, choosing again only when the school changes or the last choice
/// may no longer hold.
#[derive(Default)]
struct Chooser {
    /// The school of the last day placed.
    school: Option<usize>,
    /// The last choice at that school, and the last date it surely holds.
    chosen: Option<(Option<Choice>, NaiveDate)>,
}

impl Chooser {
    /// Sets `day`'s school and, on a school day, the policy version chosen
    /// for it (the school of the day's last mark decides).
    #[inline]
    fn place(&mut self, policies: &PolicySet, schools: &[School], marks: &[Mark], day: &mut Day) {
        let index = marks[day.marks.end - 1].school as usize;
        if self.school != Some(index) {
            self.school = Some(index);
            self.chosen = None;
        }
        day.school = Some(index).filter(|&index| index < schools.len());
        let Some(index) = day.school.filter(|_| day.school_day) else {
            return;
        };
        if self.chosen.is_none_or(|(_, until)| day.date > until) {
            let school = &schools[index];
            self.chosen = Some(policies.choose(&school.id, &school.authority, day.date));
        }
        day.choice = self.chosen.and_then(|(choice, _)| choice);
    }

    /// The choice every school day at school `school` up to `date` would
    /// get, if that is sure without choosing again.
    fn holds_through(&self, school: u32, date: NaiveDate) -> Option<Option<Choice>> {
        if self.school != Some(school as usize) {
            return None;
        }
        let (choice, until) = self.chosen?;
        (date <= until).then_some(choice)
    }
}

/// A fresh state for each policy that may be chosen on a day of `marks`:
/// for each run of marks at one school, each policy in force there on some
/// date of the run. A day's choice is made at the school of its last mark
/// on its date, so it is among these; a policy in force only on days
/// without a school session also gets a state, which no rule reads.
fn instances(policies: &PolicySet, schools: &[School], marks: &[Mark]) -> Vec<Instance> {
    let mut used = vec![false; policies.len()];
    let mut instances = Vec::new();
    let mut start = 0;
    while start < marks.len() {
        let index = marks[start].school;
        let end = scan::first_from(marks, start, |mark| mark.school != index);
        if let Some(school) = schools.get(index as usize) {
            let mut from = start;
            while from < end {
                let (choice, until) =
                    policies.choose(&school.id, &school.authority, marks[from].date);
                if let Some(choice) = choice {
                    if !std::mem::replace(&mut used[choice.plan], true) {
                        instances.push(Instance::new(policies, choice.plan));
                    }
                }
                // (At least one mark on: the choice holds on its own date.)
                from += marks[from..end]
                    .partition_point(|mark| mark.date <= until)
                    .max(1);
            }
        }
        start = end;
    }
    instances
}

impl Instance {
    /// A fresh state under policy `plan`.
    fn new(policies: &PolicySet, plan: usize) -> Instance {
        let policy = policies.plan(plan);
        Instance {
            plan,
            aggregates: policy
                .aggregates
                .iter()
                .map(|aggregate| AggregateState::new(&aggregate.kind))
                .collect(),
            rules: vec![RuleState::default(); policy.slots.len()],
            limits: vec![LimitState::default(); policy.limits.len()],
            values: Vec::new(),
        }
    }
}

impl PupilRun<'_> {
    /// Evaluates one day with marks; `quiet` if it moves no aggregate: its
    /// sessions are in none of their code sets and it is in the same school
    /// week as the day before, or a new week would move none of them.
    fn day(&mut self, day: &Day, quiet: bool, last_choice: &mut Option<Choice>) {
        // A gate that opens or closes by today makes the rules worth
        // evaluating, though no aggregate moves.
        if self.gate_changes.pass(day.date) {
            self.settled = None;
        }
        // An episode this day ends is decided as of its last day, before
        // anything moves.
        if !self.pending.is_empty() {
            self.close_episodes(day);
        }
        // A day with marks but no possible session neither extends nor
        // ends an episode, but it moves the windows: a waiting rule will
        // decide on them as they were at the end of its episode's last day.
        if !day.school_day && !self.pending.is_empty() {
            self.keep_episode_states();
        }
        let reached = self.events.begin_day(day);
        // A quiet day moves nothing: no aggregate to visit.
        if !(reached.is_empty() && quiet) {
            self.stirred = true;
            for instance in &mut self.instances {
                for aggregate in &mut instance.aggregates {
                    aggregate.begin_day(day, self.consumed);
                }
            }
            let events = self.events.all();
            for index in reached {
                self.reach_event(day, &events[index]);
            }
            if day.school_week && day.date >= self.age_from {
                for instance in &mut self.instances {
                    for aggregate in &mut instance.aggregates {
                        aggregate.push_day(day, self.marks);
                    }
                }
                if !self.absorbing.is_empty() {
                    self.absorb();
                }
            }
        }
        if day.school_day {
            match (day.choice, day.school) {
                (Some(choice), Some(school)) => {
                    if *last_choice != Some(choice) {
                        let school = &self.schools[school];
                        let label = &self.policies.plan(choice.plan).versions[choice.version].label;
                        self.tracer.note(|| {
                            format!(
                                "policy {label} (school {}, authority {})",
                                school.id, school.authority
                            )
                        });
                        *last_choice = Some(choice);
                    }
                    self.run_rules(day, choice, school);
                }
                (None, Some(_)) => self.tracer.detail(|| "no policy in force".to_string()),
                (_, None) => self
                    .tracer
                    .note(|| "the school is not in the data set: no rules".to_string()),
            }
        }
        self.tracer.end_day(day.date);
    }

    /// Whether every day of `week` would be passed over: no session of it
    /// can change any aggregate (the first in a new school week finding
    /// them all at rest), no event is reached, and every school day's rules
    /// are those that last settled, with nothing moved since. Never when
    /// tracing.
    fn passes_over(&self, week: &WeekAhead, chooser: &Chooser) -> bool {
        if self.tracer.is_on() || self.stirred || self.waits_on_episodes() {
            return false;
        }
        let Some(quiet_unless) = self.quiet_unless else {
            return false;
        };
        let same_week = self.last_school_weeks == Some(week.school_weeks);
        (week.last_date < self.age_from || !week.codes.meets(quiet_unless))
            && self.events.idle_through(week.last_date)
            && !self.gate_changes.due_by(week.last_date)
            && (same_week || self.at_rest(week.school_weeks))
            && (!week.school_week
                || week
                    .school
                    .and_then(|school| chooser.holds_through(school, week.last_date))
                    .is_some_and(|choice| choice.is_none() || self.settled == choice))
    }

    /// Whether none of `day`'s sessions can change any aggregate (were it
    /// in the same school week as the day before, or every aggregate at
    /// rest, without events): none is in a code set that moves one, or the
    /// day is before compulsory school age (its sessions are taken in by
    /// none, and every aggregate is still empty of sessions).
    #[inline]
    fn quiet(&self, day: &Day) -> bool {
        (day.date < self.age_from
            || self
                .quiet_unless
                .is_some_and(|codes| !day.codes.meets(codes)))
            && !self.waits_on_episodes()
    }

    /// Whether a rule waits for an episode to end or a decision takes an
    /// episode's sessions: every day must then be seen. (Never so while
    /// episodes have no `quiet_unless` codes; kept for safety.)
    #[inline]
    fn waits_on_episodes(&self) -> bool {
        !(self.pending.is_empty() && self.absorbing.is_empty())
    }

    /// Whether moving to a day of a new school week, the pupil's
    /// `school_weeks`th, would move no aggregate of the pupil's policies
    /// (see [`AggregateState::at_rest`]); only asked when every aggregate
    /// has `quiet_unless` codes.
    fn at_rest(&self, school_weeks: u32) -> bool {
        self.instances.iter().all(|instance| {
            instance
                .aggregates
                .iter()
                .all(|aggregate| aggregate.at_rest(school_weeks))
        })
    }

    /// Whether `day`'s rules, if any, would be evaluated to no effect: they
    /// are those that last settled, and no aggregate has moved since (see
    /// `unchanged_since_settled`). Never when tracing.
    #[inline]
    fn rules_settled_on(&self, day: &Day) -> bool {
        if self.tracer.is_on() {
            return false;
        }
        // A choice is placed only on a school day at a known school.
        day.choice
            .is_none_or(|choice| !self.stirred && self.settled == Some(choice))
            && !self.gate_changes.due_by(day.date)
    }

    /// Takes in an event dated on or before `day`: anchors windows on it.
    fn reach_event(&mut self, day: &Day, event: &Event) {
        self.tracer.note(|| describe_event(event));
        let point = AnchorPoint {
            date: event.start,
            end: event.end,
            school_weeks: day.school_weeks_through(week_start(event.start)),
            // No day with marks lies between the event and `day`.
            school_days: if event.start == day.date {
                day.school_days
            } else {
                day.school_days_before()
            },
        };
        for instance in &mut self.instances {
            for aggregate in &mut instance.aggregates {
                aggregate.anchor(Anchor::Event(event.kind), point, self.consumed);
            }
        }
    }

    /// Consumes the sessions of the current evidence: takes them out of
    /// every count and run of every policy.
    pub(super) fn consume_evidence(&mut self) {
        self.stirred = true;
        for &index in &self.evidence.sessions {
            if self.consumed[index as usize] {
                continue;
            }
            for instance in &mut self.instances {
                for aggregate in &mut instance.aggregates {
                    aggregate.consume(index, self.consumed);
                }
            }
            self.consumed[index as usize] = true;
        }
    }

    /// Anchors the windows of policy instance `instance` that follow the
    /// rule in `slot` on its firing today.
    pub(super) fn anchor_firing(&mut self, day: &Day, instance: usize, slot: usize) {
        let point = AnchorPoint {
            date: day.date,
            end: None,
            school_weeks: day.school_weeks,
            school_days: day.school_days,
        };
        self.stirred = true;
        for aggregate in &mut self.instances[instance].aggregates {
            aggregate.anchor(Anchor::Firing(slot), point, self.consumed);
        }
    }

    /// The index of the instance of policy `plan` (every chosen policy has one).
    pub(super) fn instance_of(&self, plan: usize) -> Option<usize> {
        self.instances
            .iter()
            .position(|instance| instance.plan == plan)
    }
}

/// An event as the timeline shows it.
fn describe_event(event: &Event) -> String {
    let mut text = format!("event {} on {}", event.kind, event.start);
    if let Some(parent) = &event.parent {
        text.push_str(&format!(" for {parent}"));
    }
    if let Some(end) = event.end {
        text.push_str(&format!(", end {end}"));
    }
    if let Some(detail) = &event.detail {
        text.push_str(&format!(" ({detail})"));
    }
    text
}

/// The aggregates of policy instance `instance` that a decision reads: as
/// they were at the end of an episode's last school day while a waiting
/// rule decides as of that day (`as_of`), otherwise as they are.
pub(super) fn aggregates_read<'a>(
    as_of: &'a Option<(usize, Vec<AggregateState>)>,
    instances: &'a [Instance],
    instance: usize,
) -> &'a [AggregateState] {
    match as_of {
        Some((kept, states)) if *kept == instance => states,
        _ => &instances[instance].aggregates,
    }
}
