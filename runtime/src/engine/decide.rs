//! Writing decisions: evidence as the output contract spells it.

use super::predicate::EvidenceRefs;
use crate::decision::{Decision, Evidence};
use chrono::NaiveDate;
use rollcall_data::model::{Event, Mark, School};
use rollcall_ir::graph::{Action, Payment};

/// Whether the action is taken once per parent (and only for a pupil of
/// compulsory school age) rather than once for the pupil.
pub(crate) fn is_for_each_parent(action: &Action) -> bool {
    matches!(
        action,
        Action::PenaltyNotice | Action::ExclusionNotice | Action::Prosecution
    )
}

/// Whether a decision consumes its session evidence: penalty notices and
/// prosecutions do.
pub(crate) fn consumes(decision: &Decision) -> bool {
    decision.action == super::firing::CASE_EVIDENCE
        || [Action::PenaltyNotice, Action::Prosecution]
            .iter()
            .any(|action| decision.action == action.name())
}

/// The evidence behind `refs`, sorted and without repeats; `refs` is left
/// sorted and deduplicated too.
pub(crate) fn evidence_list(
    refs: &mut EvidenceRefs,
    marks: &[Mark],
    events: &[Event],
    schools: &[School],
) -> Vec<Evidence> {
    refs.sessions.sort_unstable();
    refs.sessions.dedup();
    refs.events.sort_unstable();
    refs.events.dedup();
    let sessions = refs.sessions.iter().map(|&index| {
        let mark = &marks[index as usize];
        Evidence::Session {
            date: mark.date,
            session: mark.session,
            code: mark.code,
            school: schools[mark.school as usize].id.clone(),
        }
    });
    let events = refs.events.iter().map(|&index| {
        let event = &events[index];
        Evidence::Event {
            date: event.start,
            event: event.kind,
            end: event.end,
        }
    });
    let mut evidence: Vec<Evidence> = sessions.chain(events).collect();
    // Marks in date and session order (as read) come out sorted already.
    if !evidence.is_sorted() {
        evidence.sort();
    }
    evidence.dedup();
    evidence
}

/// What every decision of one rule firing shares.
pub(crate) struct Firing<'a> {
    /// Pupil identifier.
    pub pupil: &'a str,
    /// The decision day.
    pub date: NaiveDate,
    /// The rule's name.
    pub rule: &'a str,
    /// The leading authority.
    pub authority: &'a str,
    /// `id@from` of the version in force.
    pub policy: &'a str,
    /// The condition in words, with today's values.
    pub condition: &'a str,
}

impl Firing<'_> {
    /// One decision: `action` for `parent` (or the pupil), with `outcome`
    /// (why this action, if more than the condition) appended to the
    /// reason; its evidence is left for the caller to give.
    pub fn decision(
        &self,
        parent: Option<&str>,
        action: &Action,
        notice_number: Option<u32>,
        payments: Vec<Payment>,
        outcome: Option<&str>,
    ) -> Decision {
        let mut reason = String::with_capacity(
            self.condition.len() + outcome.map_or(0, |outcome| outcome.len() + 2),
        );
        reason.push_str(self.condition);
        if let Some(outcome) = outcome {
            reason.push_str("; ");
            reason.push_str(outcome);
        }
        Decision {
            pupil: self.pupil.to_string(),
            parent: parent.map(str::to_string),
            date: self.date,
            action: action.name().to_string(),
            label: action.label().map(str::to_string),
            rule: self.rule.to_string(),
            authority: self.authority.to_string(),
            policy: self.policy.to_string(),
            notice_number,
            payments,
            reason,
            evidence: Vec::new(),
        }
    }
}
