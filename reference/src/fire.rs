//! One firing's decisions: one for the pupil, or one per parent for
//! notices and prosecutions (only for a pupil of compulsory school age,
//! only to the parents an event names, a shared limit leaves and the
//! preconditions admit), with notice numbers and payments.

use crate::cases::{Cases, CASE_EVIDENCE};
use crate::notices::{next_notice, Issued, Notice};
use crate::preconditions;
use chrono::NaiveDate;
use rollcall_data::model::{Event, Mark, School};
use rollcall_data::read::PupilHistory;
use rollcall_ir::graph::Action;
use rollcall_ir::view::PreconditionView;
use rollcall_runtime::decision::{Decision, Evidence};

/// Everything a firing needs.
pub struct FireContext<'a> {
    /// The rule's name.
    pub rule: &'a str,
    /// The decision day.
    pub date: NaiveDate,
    /// The action taken.
    pub action: &'a Action,
    /// The policy version's label.
    pub label: &'a str,
    /// The school of the day.
    pub school: &'a School,
    /// The pupil's history.
    pub history: &'a PupilHistory<'a>,
    /// Every school of the data set.
    pub schools: &'a [School],
    /// The sessions (mark indices) of the evidence.
    pub evidence: &'a [usize],
    /// The event a once-per-event rule decides on: it addresses the
    /// parent it names.
    pub trigger: Option<&'a Event>,
    /// The events of the evidence (the trigger, sightings).
    pub events: &'a [&'a Event],
    /// The version's notice settings.
    pub escalation: &'a rollcall_ir::view::EscalationView<'a>,
    /// The notices decided so far in this run.
    pub issued: &'a mut Vec<Issued>,
    /// Whether the pupil is of compulsory school age on the day.
    pub compulsory: bool,
    /// Parents a shared limit bars from the rule's decisions.
    pub barred: &'a [String],
    /// The rule's preconditions: a parent who does not meet them is
    /// decided nothing for.
    pub preconditions: &'a [PreconditionView],
    /// The pupil's decisions before this firing (for open cases).
    pub decided: &'a [Decision],
}

/// The evidence entries of `sessions` (indices into `marks`) and
/// `events`, in order, without repeats.
pub fn evidence(
    marks: &[Mark],
    schools: &[School],
    sessions: &[usize],
    events: &[&Event],
) -> Vec<Evidence> {
    let mut evidence: Vec<Evidence> = sessions
        .iter()
        .map(|&index| {
            let mark = &marks[index];
            Evidence::Session {
                date: mark.date,
                session: mark.session,
                code: mark.code,
                school: schools[mark.school as usize].id.clone(),
            }
        })
        .collect();
    evidence.extend(events.iter().map(|event| Evidence::Event {
        date: event.start,
        event: event.kind,
        end: event.end,
    }));
    evidence.sort();
    evidence.dedup();
    evidence
}

/// The decisions of one firing.
pub fn fire(context: FireContext) -> Vec<Decision> {
    let evidence = evidence(
        context.history.marks,
        context.schools,
        context.evidence,
        context.events,
    );
    let decision = |parent: Option<&str>, action: &Action, number, payments| Decision {
        pupil: context.history.pupil.id.clone(),
        parent: parent.map(str::to_string),
        date: context.date,
        action: action.name().to_string(),
        label: action.label().map(str::to_string),
        rule: context.rule.to_string(),
        authority: context.school.authority.clone(),
        policy: context.label.to_string(),
        notice_number: number,
        payments,
        reason: String::new(),
        evidence: evidence.clone(),
    };
    let per_parent = matches!(
        context.action,
        Action::PenaltyNotice | Action::ExclusionNotice | Action::Prosecution
    );
    if !per_parent {
        return vec![decision(None, context.action, None, Vec::new())];
    }
    if !context.compulsory {
        return Vec::new();
    }
    let mut decisions = Vec::new();
    // An event that names a parent is decided on for that parent only.
    let addressed = context.trigger.and_then(|event| event.parent.as_deref());
    for parent in context
        .history
        .pupil
        .parents
        .iter()
        .filter(|parent| addressed.is_none_or(|addressed| addressed == parent.as_str()))
        .filter(|parent| !context.barred.contains(parent))
        .filter(|parent| {
            preconditions::meets(
                context.preconditions,
                context.history.events,
                context.date,
                Some(parent),
            )
        })
    {
        let cases = Cases {
            escalation: context.escalation,
            decisions: context.decided,
            issued: context.issued,
            events: context.history.events,
            date: context.date,
        };
        if let Some(case) = cases.open(context.action, parent) {
            let mut evidence = decision(Some(parent), context.action, None, Vec::new());
            evidence.action = CASE_EVIDENCE.to_string();
            evidence.label = Some(case);
            decisions.push(evidence);
            continue;
        }
        decisions.push(match context.action {
            Action::PenaltyNotice => match next_notice(
                context.escalation,
                context.date,
                parent,
                &context.school.authority,
                context.history.events,
                context.issued,
            ) {
                Notice::Numbered(number, payments) => {
                    context.issued.push(Issued {
                        parent: parent.clone(),
                        date: context.date,
                        authority: context.school.authority.clone(),
                    });
                    decision(Some(parent), &Action::PenaltyNotice, Some(number), payments)
                }
                Notice::Instead(action) => decision(Some(parent), &action, None, Vec::new()),
            },
            Action::ExclusionNotice => decision(
                Some(parent),
                context.action,
                None,
                context.escalation.exclusion_payments.to_vec(),
            ),
            other => decision(Some(parent), other, None, Vec::new()),
        });
    }
    decisions
}
