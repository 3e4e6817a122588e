//! One pupil, day by day: on every school day, every rule of the version in
//! force, in order, evaluated from scratch; a firing's decisions, one per
//! parent for notices and prosecutions; consumed evidence; rules that
//! decide once per episode of absence.

use crate::calendar::{
    academic_year_of, compulsory_end, compulsory_start, same_period, school_days, school_weeks,
};
use crate::cases::consumes;
use crate::episodes::Episode;
use crate::fire::{evidence, fire, FireContext};
use crate::limits::{count, limited, Counted};
use crate::measure::{latest, Today};
use crate::notices::Issued;
use crate::preconditions;
use crate::Unsupported;
use chrono::NaiveDate;
use rollcall_data::model::{Event, Mark, School};
use rollcall_data::read::PupilHistory;
use rollcall_ir::codes::CodeSet;
use rollcall_ir::graph::{Action, Repeat, UnknownPrevious, VersionSelection};
use rollcall_ir::view::{Aggregate, PolicyView, PreconditionView, RuleView, VersionView};
use rollcall_runtime::decision::Decision;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// The decisions for one pupil under `policy`, in date order.
pub fn evaluate_pupil(
    policy: &PolicyView,
    schools: &[School],
    history: &PupilHistory,
) -> Result<Vec<Decision>, Unsupported> {
    let marks = history.marks;
    let days = school_days(marks);
    let pupil = Pupil {
        marks,
        weeks: school_weeks(marks),
        days: &days,
        compulsory_from: compulsory_start(history.pupil.date_of_birth),
        events: history.events,
        parents: &history.pupil.parents,
    };
    let mut run = Run {
        policy,
        schools,
        history,
        pupil: &pupil,
        consumed: BTreeSet::new(),
        issued: Vec::new(),
        decisions: Vec::new(),
        held: BTreeMap::new(),
        fired: BTreeMap::new(),
        decided: Vec::new(),
        counted: Counted::new(),
        done: BTreeMap::new(),
        pending: Vec::new(),
        absorbing: Vec::new(),
    };
    for &date in &days {
        run.day(date)?;
    }
    Ok(run.decisions)
}

/// What a day's measures read of one pupil: all but the day and the
/// evidence consumed so far.
struct Pupil<'a> {
    marks: &'a [Mark],
    days: &'a [NaiveDate],
    weeks: Vec<NaiveDate>,
    compulsory_from: NaiveDate,
    events: &'a [Event],
    parents: &'a [String],
}

/// A rule that decides at the end of each episode, waiting for its
/// episode to end.
struct Pending {
    /// The rule's name.
    rule: String,
    /// The episode's first school day.
    first: NaiveDate,
    /// Its last school day so far: the day the rule will decide on.
    last: NaiveDate,
}

/// Decisions taken while their episode runs: they take its later
/// sessions as they come.
struct Absorber {
    /// The episode clause of the decisions' rule.
    clause: Clause,
    /// The episode's first school day.
    first: NaiveDate,
    /// The decisions (indices into the pupil's decisions).
    decisions: Range<usize>,
    /// Whether they consume their evidence.
    consumes: bool,
}

/// A rule's episode clause: the episode's codes and `counts_from`, and
/// whether the rule decides at its end.
#[derive(Clone, Copy)]
struct Clause {
    codes: CodeSet,
    counts_from: Option<NaiveDate>,
    at_end: bool,
}

impl Clause {
    /// The episode clause of `rule`, if it has one.
    fn of(rule: &RuleView) -> Result<Option<Clause>, Unsupported> {
        let Some(clause) = &rule.meaning.episode else {
            return Ok(None);
        };
        if matches!(rule.meaning.repeat, Repeat::OncePerEvent(_)) {
            return Err(Unsupported("an episode rule once per event".into()));
        }
        let Aggregate::Episode { codes, counts_from } = &*clause.aggregate else {
            return Err(Unsupported(format!("the episode {:?}", clause.aggregate)));
        };
        Ok(Some(Clause {
            codes: codes.codes,
            counts_from: *counts_from,
            at_end: clause.at_end,
        }))
    }
}

/// One pupil's evaluation so far.
struct Run<'a, 'p> {
    policy: &'a PolicyView<'a>,
    schools: &'a [School],
    history: &'a PupilHistory<'a>,
    pupil: &'p Pupil<'a>,
    /// Marks (by index) taken as evidence by a notice or prosecution.
    consumed: BTreeSet<usize>,
    /// The notices decided so far.
    issued: Vec<Issued>,
    decisions: Vec<Decision>,
    /// Per rule name: whether it held on the last school day, both when it
    /// was evaluated and at the end of the day (after every firing of that
    /// day).
    held: BTreeMap<String, bool>,
    /// Per rule name, the days it fired.
    fired: BTreeMap<String, Vec<NaiveDate>>,
    /// Per once-per-event rule, the events it has decided on.
    decided: Vec<(String, &'a Event)>,
    /// Per shared limit, the decisions counted.
    counted: Counted,
    /// Per rule with an episode clause, the first day of the last episode
    /// it has decided on (or was stopped from deciding on).
    done: BTreeMap<String, NaiveDate>,
    pending: Vec<Pending>,
    absorbing: Vec<Absorber>,
}

impl<'a> Run<'a, '_> {
    /// The measures on `date`, with the evidence consumed so far.
    fn on(&self, date: NaiveDate) -> Today<'_> {
        Today {
            date,
            marks: self.pupil.marks,
            days: self.pupil.days,
            weeks: &self.pupil.weeks,
            consumed: &self.consumed,
            compulsory_from: self.pupil.compulsory_from,
            events: self.pupil.events,
            fired: &self.fired,
        }
    }

    /// The policy version deciding on `date`: the one in force that day,
    /// or, for a policy whose versions are chosen by academic year, on 1
    /// September of its academic year.
    fn version_on(&self, date: NaiveDate) -> Option<&'a VersionView<'a>> {
        let key = match self.policy.policy().selection {
            VersionSelection::AcademicYear => academic_year_of(date),
            VersionSelection::DecisionDate | VersionSelection::AbsenceDate => date,
        };
        self.policy.versions.iter().find(|version| {
            version.version.from.is_none_or(|from| from <= key)
                && version.version.until.is_none_or(|until| key <= until)
        })
    }

    /// The school of school day `date`: that of its last mark, where the
    /// pupil is at the end of the day (a pupil who moves at lunch is at
    /// the new school).
    fn school_on(&self, date: NaiveDate) -> &'a School {
        let mark = self
            .pupil
            .marks
            .iter()
            .rfind(|mark| mark.date == date)
            .expect("a school day has marks");
        &self.schools[mark.school as usize]
    }

    /// Whether a rule with `preconditions` may hold on `date`.
    fn gates_open(&self, preconditions: &[PreconditionView], date: NaiveDate) -> bool {
        preconditions::open(preconditions, self.pupil.events, date, self.pupil.parents)
    }

    /// Whether `rule`'s condition holds on `date` and some parent meets its
    /// preconditions, and the marks it rests on.
    fn holds(&self, rule: &RuleView, date: NaiveDate) -> Result<(bool, Vec<usize>), Unsupported> {
        let (holds, evidence) = self.on(date).holds(&rule.meaning.condition)?;
        Ok((
            holds && self.gates_open(&rule.meaning.preconditions, date),
            evidence,
        ))
    }

    /// Whether `rule`'s own limit (`at most once`, `once per PERIOD`) lets
    /// it fire on `date`, whatever its condition did before.
    fn repeat_allows(&self, rule: &RuleView, date: NaiveDate) -> bool {
        let earlier = self
            .fired
            .get(&rule.rule.name)
            .map_or(&[][..], Vec::as_slice);
        match rule.meaning.repeat {
            Repeat::Unlimited | Repeat::OncePerEvent(_) => true,
            Repeat::Once => earlier.is_empty(),
            Repeat::OncePer(period) => earlier
                .iter()
                .all(|day| !same_period(&self.pupil.weeks, *day, date, period)),
        }
    }

    /// The parents a shared limit bars from `rule`'s decisions on `date`,
    /// or `None` when a limit stops it.
    fn barred(&self, rule: &RuleView, date: NaiveDate) -> Option<Vec<String>> {
        limited(
            &rule.meaning.limits,
            &self.counted,
            date,
            self.pupil.parents,
            &self.pupil.weeks,
        )
    }

    /// School day `date`: pending episodes it ends decide, decisions on a
    /// running episode take its sessions, then the rules in force.
    fn day(&mut self, date: NaiveDate) -> Result<(), Unsupported> {
        self.close_episodes(date)?;
        self.absorb(date);
        let Some(version) = self.version_on(date) else {
            return Ok(());
        };
        let escalation = &version.escalation;
        if escalation.unknown_previous != UnknownPrevious::AssumeNone {
            return Err(Unsupported(
                "a previous authority that cannot say (other than assume none)".into(),
            ));
        }
        for rule in &version.rules {
            self.rule(rule, date)?;
        }
        // A rule that held stops holding if it no longer does at the end
        // of the day, once every rule has consumed its evidence (one that
        // did not hold when evaluated has not held, whatever a later
        // firing made of its condition).
        for rule in &version.rules {
            if !self.held.get(&rule.rule.name).copied().unwrap_or(false) {
                continue;
            }
            let after = self.holds(rule, date)?.0;
            self.held.insert(rule.rule.name.clone(), after);
        }
        Ok(())
    }

    /// Evaluates `rule` on `date`.
    fn rule(&mut self, rule: &'a RuleView<'a>, date: NaiveDate) -> Result<(), Unsupported> {
        let meaning = &rule.meaning;
        let (holds, evidence) = self.holds(rule, date)?;
        let name = rule.rule.name.clone();
        let before = self.held.get(&name).copied().unwrap_or(false);
        self.held.insert(name.clone(), holds);
        if let Some((episode, at_end)) = self.running_episode(rule, date)? {
            return self.episode_rule(rule, date, holds, before, episode, at_end);
        }
        // A once-per-event rule decides on the latest event of its kind,
        // once for each, whether or not it held the day before.
        let trigger = match meaning.repeat {
            Repeat::OncePerEvent(kind) => latest(self.history.events, kind, date),
            _ => None,
        };
        let allowed = match meaning.repeat {
            Repeat::OncePerEvent(_) => {
                holds && trigger.is_some_and(|event| !self.decided.contains(&(name.clone(), event)))
            }
            _ => holds && !before && self.repeat_allows(rule, date),
        };
        if !allowed {
            return Ok(());
        }
        // A once-per-event rule has decided on its event, even when a
        // shared limit stops it.
        if let Some(event) = trigger {
            self.decided.push((name, event));
        }
        if let Some(barred) = self.barred(rule, date) {
            self.decide(rule, date, evidence, trigger, &barred)?;
        }
        Ok(())
    }

    /// The episode of `rule`'s episode clause running on `date`, and
    /// whether the rule decides at its end; `None` for a rule without one,
    /// or when no episode is running.
    fn running_episode(
        &self,
        rule: &RuleView,
        date: NaiveDate,
    ) -> Result<Option<(Episode, bool)>, Unsupported> {
        let Some(clause) = Clause::of(rule)? else {
            return Ok(None);
        };
        let episode = self.on(date).episode(clause.codes, clause.counts_from);
        Ok(episode.running.then_some((episode, clause.at_end)))
    }

    /// `rule` on `date`, inside its running `episode`: it decides once on
    /// it, at once (`at most once per episode`: as its condition starts to
    /// hold) or at its end (`decides at the end of each episode`: waiting
    /// from the first day it holds, unless an `instead` alternative holds
    /// first).
    fn episode_rule(
        &mut self,
        rule: &'a RuleView<'a>,
        date: NaiveDate,
        holds: bool,
        before: bool,
        episode: Episode,
        at_end: bool,
    ) -> Result<(), Unsupported> {
        let name = &rule.rule.name;
        let first = episode.first().expect("a running episode has days");
        if self.done.get(name) == Some(&first) {
            return Ok(());
        }
        let ready = || self.repeat_allows(rule, date) && self.barred(rule, date).is_some();
        if !at_end {
            if holds && !before && ready() {
                self.decide_episode(rule, date, first, true)?;
            }
            return Ok(());
        }
        if !episode.extended_on(date) {
            return Ok(());
        }
        let waiting = self
            .pending
            .iter()
            .position(|pending| pending.rule == *name && pending.first == first);
        let at = match waiting {
            Some(at) => at,
            None if holds && ready() => {
                self.pending.push(Pending {
                    rule: name.clone(),
                    first,
                    last: date,
                });
                self.pending.len() - 1
            }
            None => return Ok(()),
        };
        self.pending[at].last = date;
        let mut instead = false;
        for alternative in &rule.meaning.instead {
            instead |= self.on(date).holds(&alternative.when)?.0;
        }
        if instead {
            self.pending.remove(at);
            self.decide_episode(rule, date, first, true)?;
        }
        Ok(())
    }

    /// `rule` decides on the episode that began on `first`, dated `date`;
    /// while the episode runs on (`running`), its decisions take its later
    /// sessions. It decides nothing, and is done with the episode, if a
    /// shared limit has been reached meanwhile or (waiting for the end)
    /// other decisions have taken every session it would cite.
    fn decide_episode(
        &mut self,
        rule: &'a RuleView<'a>,
        date: NaiveDate,
        first: NaiveDate,
        running: bool,
    ) -> Result<(), Unsupported> {
        self.done.insert(rule.rule.name.clone(), first);
        let Some(barred) = self.barred(rule, date) else {
            return Ok(());
        };
        let evidence = self.on(date).cited(&rule.meaning.condition)?;
        let clause = Clause::of(rule)?.expect("an episode rule");
        if clause.at_end && self.nothing_left(rule, date, &evidence)? {
            return Ok(());
        }
        let decisions = self.decide(rule, date, evidence, None, &barred)?;
        if running && !decisions.is_empty() {
            let consumes = self.decisions[decisions.clone()].iter().any(consumes);
            self.absorbing.push(Absorber {
                clause,
                first,
                decisions,
                consumes,
            });
        }
        Ok(())
    }

    /// Whether a rule that waited for the end of its episode has nothing
    /// left to cite on `date`: other decisions have taken every session of
    /// its condition (`evidence`) and of the episode, for a rule whose
    /// `then` consumes; its condition rests on no sighting. An `instead`
    /// alternative's own sessions do not count: they are not the absence
    /// the rule waited on.
    fn nothing_left(
        &self,
        rule: &RuleView,
        date: NaiveDate,
        evidence: &[usize],
    ) -> Result<bool, Unsupported> {
        let mut cited = evidence.to_vec();
        if let Some((episode, _)) = self.running_episode(rule, date)? {
            cited.extend(self.on(date).sessions_of(&episode.days));
        }
        if rule
            .meaning
            .actions()
            .any(|action| cites_as_penalty(action))
        {
            cited.retain(|index| !self.consumed.contains(index));
        }
        Ok(cited.is_empty() && self.on(date).sighted(&rule.meaning.condition)?.is_empty())
    }

    /// First thing on `date`: the rules waiting for an episode that `date`
    /// ends (a possible session outside the set) decide, dated its last
    /// school day, under that day's version and school.
    fn close_episodes(&mut self, date: NaiveDate) -> Result<(), Unsupported> {
        let mut at = 0;
        while at < self.pending.len() {
            let pending = &self.pending[at];
            let last = pending.last;
            let Some(rule) = self.version_on(last).and_then(|version| {
                version
                    .rules
                    .iter()
                    .find(|rule| rule.rule.name == pending.rule)
            }) else {
                return Err(Unsupported("a waiting rule not in force".into()));
            };
            let clause = Clause::of(rule)?.expect("an episode rule");
            if self.on(date).day_in(date, clause.codes, clause.counts_from) != Some(false) {
                at += 1;
                continue;
            }
            let pending = self.pending.remove(at);
            self.decide_episode(rule, last, pending.first, false)?;
        }
        Ok(())
    }

    /// Each day that extends the episode of a decision taken while it ran:
    /// the day's sessions not yet consumed join the decision's evidence,
    /// and are consumed if it consumes.
    fn absorb(&mut self, date: NaiveDate) {
        let mut at = 0;
        while at < self.absorbing.len() {
            let absorber = &self.absorbing[at];
            let clause = absorber.clause;
            let episode = self.on(date).episode(clause.codes, clause.counts_from);
            if !episode.running || episode.first() != Some(absorber.first) {
                self.absorbing.remove(at);
                continue;
            }
            at += 1;
            if !episode.extended_on(date) {
                continue;
            }
            let sessions = self.on(date).sessions_of(&[date]);
            let (range, consumes) = (absorber.decisions.clone(), absorber.consumes);
            let evidence = evidence(self.pupil.marks, self.schools, &sessions, &[]);
            for decision in &mut self.decisions[range] {
                decision.evidence.extend(evidence.iter().cloned());
                decision.evidence.sort();
                decision.evidence.dedup();
            }
            if consumes {
                self.consumed.extend(sessions);
            }
        }
    }

    /// `rule` fires on `date` on `evidence` (its condition's), for the
    /// parents not `barred`: the first `instead` alternative that also
    /// holds decides instead, its evidence added; a decision on a running
    /// episode cites all of it. Returns the decisions' indices.
    fn decide(
        &mut self,
        rule: &RuleView,
        date: NaiveDate,
        mut evidence: Vec<usize>,
        trigger: Option<&'a Event>,
        barred: &[String],
    ) -> Result<Range<usize>, Unsupported> {
        let meaning = &rule.meaning;
        let version = self.version_on(date).expect("a version is in force");
        let mut actions: Vec<&Action> = meaning.actions().map(|a| &**a).collect();
        // The sightings it rests on are evidence too.
        let mut sighted = self.on(date).sighted(&meaning.condition)?;
        for alternative in &meaning.instead {
            let (also, more) = self.on(date).holds(&alternative.when)?;
            if also {
                evidence.extend(more);
                sighted.extend(self.on(date).sighted(&alternative.when)?);
                actions = alternative.actions().map(|a| &**a).collect();
                break;
            }
        }
        let events: Vec<&Event> = trigger.into_iter().chain(&sighted).collect();
        if let Some((episode, _)) = self.running_episode(rule, date)? {
            evidence.extend(self.on(date).sessions_of(&episode.days));
        }
        // A notice or prosecution cites no session an earlier one consumed
        // (only a percentage's evidence can hold one).
        if actions.iter().any(|action| cites_as_penalty(action)) {
            evidence.retain(|index| !self.consumed.contains(index));
        }
        evidence.sort();
        evidence.dedup();
        let label = version.label(&self.policy.policy().id);
        let school = self.school_on(date);
        // Each action its own decisions, in the order written.
        let mut found = Vec::new();
        for action in actions {
            found.extend(fire(FireContext {
                rule: &rule.rule.name,
                date,
                action,
                label: &label,
                school,
                history: self.history,
                schools: self.schools,
                evidence: &evidence,
                trigger,
                events: &events,
                escalation: &version.escalation,
                issued: &mut self.issued,
                compulsory: date >= self.pupil.compulsory_from
                    && date <= compulsory_end(self.history.pupil.date_of_birth),
                barred,
                preconditions: &meaning.preconditions,
                decided: &self.decisions,
            }));
        }
        self.fired
            .entry(rule.rule.name.clone())
            .or_default()
            .push(date);
        count(&meaning.limits, &mut self.counted, date, &found);
        if found.iter().any(consumes) {
            self.consumed.extend(evidence.iter().copied());
        }
        let start = self.decisions.len();
        self.decisions.extend(found);
        Ok(start..self.decisions.len())
    }
}

/// Whether `action` cites sessions as a penalty does: no session an
/// earlier penalty consumed.
fn cites_as_penalty(action: &Action) -> bool {
    matches!(action, Action::PenaltyNotice | Action::Prosecution)
}
