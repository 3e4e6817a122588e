//! A rule firing: its evidence, the action it takes (an `instead`
//! alternative if one holds), and the decisions for the pupil or for each
//! parent.
//!
//! Parent-level actions (penalty, exclusion notices, prosecution) are taken
//! only for a pupil of compulsory school age on the day, once per parent;
//! attendance penalty notices go through the escalation (numbering, the
//! limit, unknown previous authority). A penalty notice or prosecution
//! consumes the sessions of its evidence. A firing that yields no decision
//! (no parents, or outside compulsory school age) still counts as the
//! rule's firing for its limits and anchors; it consumes nothing.

use super::aggregate::Citing;
use super::days::Day;
use super::decide::{self, consumes, is_for_each_parent, Firing};
use super::escalation::{Issued, NoticeRequest, Outcome};
use super::gates;
use super::plan::{Plan, RulePlan, VersionPlan};
use super::policy_set::Choice;
use super::predicate::{self, Scope};
use super::pupil::{aggregates_read, PupilRun};
use crate::calendar::academic_year_start;
use crate::calendar::{compulsory_school_age, is_compulsory_school_age};
use crate::decision::Decision;
use rollcall_data::model::EventKind;
use rollcall_ir::graph::{Action, CaseLength, Repeat};
use rollcall_ir::view::PreconditionView;

use std::fmt::Write;

/// The action of a decision reported against a parent's open case.
pub(crate) const CASE_EVIDENCE: &str = "case_evidence";

/// The parents a firing's parent-level decisions go to: every parent, or
/// the one its event names; never one a shared limit bars, nor one who
/// does not pass its preconditions.
#[derive(Clone, Copy)]
struct ParentsAddressed<'a> {
    addressed: Option<&'a str>,
    barred: &'a [&'a str],
    preconditions: &'a [PreconditionView],
}

/// The names of `actions` joined by `and`: `letter and meeting`.
fn names(plan: &Plan, actions: &[usize]) -> String {
    actions
        .iter()
        .map(|&action| plan.actions[action].name())
        .collect::<Vec<_>>()
        .join(" and ")
}

impl PupilRun<'_> {
    /// Fires rule `rule_index` of `choice` on `day` at school `school`.
    pub(super) fn fire(
        &mut self,
        day: &Day,
        choice: Choice,
        instance: usize,
        rule_index: usize,
        school: usize,
    ) {
        let (policies, pupil, schools) = (self.policies, self.pupil, self.schools);
        let plan = policies.plan(choice.plan);
        let version = &plan.versions[choice.version];
        let rule = &plan.rules[rule_index];
        self.evidence.clear();
        let scope = Scope {
            plan,
            aggregates: aggregates_read(&self.as_of, &self.instances, instance),
            events: &self.events,
            day,
        };
        // The actions first: whether one is a penalty decides which
        // sessions the evidence may cite.
        let instead = rule
            .instead
            .iter()
            .find(|(when, _)| predicate::holds(&scope, *when));
        let actions = instead.map_or(&rule.then, |(_, then)| then);
        let citing = Citing {
            consumed: self.consumed,
            penalty: RulePlan::consumes(actions, plan),
        };
        predicate::evidence(&scope, rule.when, citing, self.evidence);
        // A once-per-event rule decides on an event: it is evidence, and it
        // addresses the parent it names (or, naming none, every parent).
        let trigger = match rule.repeat {
            Repeat::OncePerEvent(kind) => self.events.latest(kind),
            _ => None,
        };
        self.evidence.events.extend(trigger);
        let addressed = trigger.and_then(|index| self.events.all()[index].parent.as_deref());
        // A decision on a running episode is a decision on all of it.
        if let Some(episode) = rule.episode {
            let aggregate = &scope.aggregates[episode.aggregate];
            if aggregate.episode().is_some_and(|episode| episode.open()) {
                aggregate.evidence(false, citing, &mut self.evidence.sessions);
            }
        }
        let mut condition = predicate::render(&scope, rule.when).to_string();
        if let Some((when, then)) = instead {
            predicate::evidence(&scope, *when, citing, self.evidence);
            let _ = write!(
                condition,
                "; {} instead because {}",
                names(plan, then),
                predicate::render(&scope, *when)
            );
        }
        let evidence = decide::evidence_list(self.evidence, self.marks, self.events.all(), schools);
        let authority = schools[school].authority.as_str();
        let firing = Firing {
            pupil: &pupil.id,
            date: day.date,
            rule: &rule.name,
            authority,
            policy: &version.label,
            condition: &condition,
        };
        self.tracer.note(|| {
            format!(
                "{} fires: {} ({} sessions/events of evidence)",
                rule.name,
                names(plan, actions),
                evidence.len()
            )
        });
        // Parents a shared limit bars from this rule's decisions.
        let barred: Vec<(&str, String)> = pupil
            .parents
            .iter()
            .filter_map(|parent| {
                let why = self.parent_limited(instance, plan, rule, parent, day)?;
                Some((parent.as_str(), why))
            })
            .collect();
        for (parent, why) in &barred {
            self.tracer.note(|| format!("nothing to {parent}: {why}"));
        }
        let barred: Vec<&str> = barred.iter().map(|(parent, _)| *parent).collect();
        // Each action its own decisions, in the order written.
        let mut decisions = Vec::new();
        for &action_index in actions {
            let action = &plan.actions[action_index];
            if is_for_each_parent(action) {
                let to = ParentsAddressed {
                    addressed,
                    barred: &barred,
                    preconditions: &rule.preconditions,
                };
                decisions.extend(self.parent_decisions(day, plan, version, action, &firing, to));
            } else {
                decisions.push(firing.decision(None, action, None, Vec::new(), None));
            }
        }
        if !rule.preconditions.is_empty() {
            let events = self.events.reached();
            for decision in &mut decisions {
                let parent = decision.parent.as_deref();
                let gates = gates::reason(&rule.preconditions, events, day.date, parent);
                decision.reason.push_str("; ");
                decision.reason.push_str(&gates);
            }
        }
        // Each decision has the firing's evidence: a copy, the last the list.
        if let Some((last, others)) = decisions.split_last_mut() {
            for decision in others {
                decision.evidence = evidence.clone();
            }
            last.evidence = evidence;
        }
        // Evidence is consumed once, whatever number of decisions took it.
        if decisions.iter().any(consumes) {
            self.consume_evidence();
        }
        self.count_limits(instance, rule, day, &decisions);
        self.decisions.extend(decisions);
        self.anchor_firing(day, instance, rule.slot);
    }

    /// The decisions of a parent-level action, one per parent.
    fn parent_decisions(
        &mut self,
        day: &Day,
        plan: &Plan,
        version: &VersionPlan,
        action: &Action,
        firing: &Firing,
        to: ParentsAddressed,
    ) -> Vec<Decision> {
        let ParentsAddressed {
            addressed,
            barred,
            preconditions,
        } = to;
        let pupil = self.pupil;
        let name = action.name();
        if !is_compulsory_school_age(pupil.date_of_birth, day.date) {
            let (start, end) = compulsory_school_age(pupil.date_of_birth);
            self.tracer.note(|| {
                format!(
                    "no {name}: not of compulsory school age on {} (from {start} to {end}); \
                     the evidence is not consumed",
                    day.date
                )
            });
            return Vec::new();
        }
        if pupil.parents.is_empty() {
            self.tracer
                .note(|| format!("no {name}: the pupil has no parents recorded"));
            return Vec::new();
        }
        let mut decisions = Vec::with_capacity(pupil.parents.len());
        if let Some(addressed) = addressed {
            self.tracer
                .note(|| format!("to {addressed} only: the event it decides on names them"));
        }
        let reached = self.events.reached();
        let parents: Vec<&String> = pupil
            .parents
            .iter()
            .filter(|parent| addressed.is_none_or(|addressed| addressed == parent.as_str()))
            .filter(|parent| !barred.contains(&parent.as_str()))
            .filter(|parent| {
                let passes = gates::passes(preconditions, reached, day.date, Some(parent));
                if !passes {
                    self.tracer.note(|| {
                        format!("no {name} to {parent}: a precondition is not met for them")
                    });
                }
                passes
            })
            .collect();
        for parent in parents {
            let case = match action {
                Action::Prosecution => self.open_case(day, version, parent),
                Action::PenaltyNotice => self
                    .open_case(day, version, parent)
                    .or_else(|| self.open_notice(day, version, parent)),
                _ => None,
            };
            let decision = match (case, action) {
                (Some(case), _) => {
                    let outcome = format!("reported against the open case ({case})");
                    let mut decision =
                        firing.decision(Some(parent), action, None, Vec::new(), Some(&outcome));
                    decision.action = CASE_EVIDENCE.to_string();
                    decision.label = Some(case);
                    decision
                }
                (None, _) => match action {
                    Action::PenaltyNotice => {
                        self.attendance_notice(day, plan, version, parent, firing)
                    }
                    Action::ExclusionNotice => {
                        let payments = version.escalation.exclusion_payments.clone();
                        firing.decision(Some(parent), action, None, payments, None)
                    }
                    _ => firing.decision(Some(parent), action, None, Vec::new(), None),
                },
            };
            self.tracer
                .note(|| format!("{} to {parent}: {}", decision.action, decision.reason));
            decisions.push(decision);
        }
        decisions
    }

    /// The open prosecution case of `parent`, in words (`prosecution of
    /// 2025-01-17`), if the version keeps one open on `day`: this run
    /// referred the parent for prosecution for this pupil, within the
    /// setting's period and with no `case_closed` event for the parent (or
    /// for every parent) since.
    fn open_case(&self, day: &Day, version: &VersionPlan, parent: &str) -> Option<String> {
        let setting = version.escalation.case_open?;
        let referred = self
            .decisions
            .iter()
            .rev()
            .find(|d| d.action == "prosecution" && d.parent.as_deref() == Some(parent))?
            .date;
        let until = setting.lasts.map(|lasts| match lasts {
            CaseLength::Days(days) => referred + chrono::Days::new(u64::from(days)),
            CaseLength::Years(years) => referred + chrono::Months::new(12 * years),
            CaseLength::AcademicYears(years) => {
                academic_year_start(referred) + chrono::Months::new(12 * years)
            }
        });
        let expired = until.is_some_and(|until| day.date >= until);
        let closed = setting.until_case_closed && self.case_closed_since(referred, parent);
        (!expired && !closed).then(|| format!("prosecution of {referred}"))
    }

    /// The attendance notice of `parent` still open on `day`, in words
    /// (`penalty notice of 2025-01-17`), if the version keeps notices open:
    /// the latest notice to the parent for this pupil (decided by this run,
    /// or a `penalty_notice` event not withdrawn by then) whose payment
    /// period (the longest the version's schedules give) has not passed,
    /// with no `case_closed` event for the parent (or every parent) since,
    /// when the setting lets one close it.
    fn open_notice(&self, day: &Day, version: &VersionPlan, parent: &str) -> Option<String> {
        let setting = version.escalation.notice_open?;
        let period = version
            .escalation
            .schedules
            .iter()
            .flat_map(|schedule| &schedule.payments)
            .map(|payment| payment.within_days)
            .max()?;
        let decided = self
            .issued
            .iter()
            .filter(|notice| notice.parent == parent)
            .map(|notice| notice.date);
        let recorded = self
            .events
            .reached()
            .iter()
            .filter(|event| {
                event.kind == EventKind::PenaltyNotice
                    && event.parent.as_deref() == Some(parent)
                    && event.end.is_none_or(|withdrawn| withdrawn > day.date)
            })
            .map(|event| event.start);
        let issued = decided
            .chain(recorded)
            .filter(|&date| date <= day.date)
            .max()?;
        let expired = day.date > issued + chrono::Days::new(u64::from(period));
        let closed = setting.until_case_closed && self.case_closed_since(issued, parent);
        (!expired && !closed).then(|| format!("penalty notice of {issued}"))
    }

    /// Whether a `case_closed` event for `parent` (or naming no parent)
    /// has been reached, dated after `since`.
    fn case_closed_since(&self, since: chrono::NaiveDate, parent: &str) -> bool {
        self.events.reached().iter().any(|event| {
            event.kind == EventKind::CaseClosed
                && since < event.start
                && event.parent.as_deref().is_none_or(|named| named == parent)
        })
    }

    /// The attendance penalty notice (or what replaces it) for one parent.
    fn attendance_notice(
        &mut self,
        day: &Day,
        plan: &Plan,
        version: &VersionPlan,
        parent: &str,
        firing: &Firing,
    ) -> Decision {
        let request = NoticeRequest {
            escalation: &version.escalation,
            date: day.date,
            authority: firing.authority,
            events: self.events.reached_through(day.date),
            issued: &self.issued,
            actions: &plan.actions,
        };
        let mut notes = self.tracer.is_on().then(Vec::new);
        let outcome = request.decide(parent, notes.as_mut());
        for note in notes.into_iter().flatten() {
            self.tracer.note(|| note);
        }
        match outcome {
            Outcome::Notice {
                number,
                payments,
                reason,
            } => {
                self.issued.push(Issued {
                    parent: parent.to_string(),
                    date: day.date,
                    authority: firing.authority.to_string(),
                });
                let action = &Action::PenaltyNotice;
                firing.decision(Some(parent), action, Some(number), payments, Some(&reason))
            }
            Outcome::Instead { action, reason } => {
                let action = &plan.actions[action];
                let payments = match action {
                    Action::ExclusionNotice => version.escalation.exclusion_payments.clone(),
                    _ => Vec::new(),
                };
                firing.decision(Some(parent), action, None, payments, Some(&reason))
            }
            Outcome::ManualReview { reason } => {
                let action = &Action::ManualReview {
                    reason: reason.clone(),
                };
                firing.decision(Some(parent), action, None, Vec::new(), Some(&reason))
            }
        }
    }
}
