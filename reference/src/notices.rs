//! Attendance penalty notices: the number of the next notice to a parent,
//! its payments, and the limit after which another action is taken.

use chrono::{Months, NaiveDate};
use rollcall_data::model::{Event, EventKind};
use rollcall_ir::graph::{Action, Payment};
use rollcall_ir::view::EscalationView;

/// A notice decided in this run.
pub struct Issued {
    /// To whom.
    pub parent: String,
    /// When.
    pub date: NaiveDate,
    /// The authority that issued it (that of the pupil's school that day).
    pub authority: String,
}

/// What a penalty notice for `parent` on `date` becomes.
pub enum Notice {
    /// The notice with this number and these payments.
    Numbered(u32, Vec<Payment>),
    /// The limit is reached: this action instead.
    Instead(Action),
}

/// The notice `escalation` gives `parent` on `date`, counting the earlier
/// notices in `events` (`penalty_notice` dated on or before `date`, not
/// withdrawn) and `issued` in this run: those of another authority than
/// `authority` only where the policy counts them, and, from the data, not
/// once a `previous_authority_unknown` event has been reached (assume
/// none).
pub fn next_notice(
    escalation: &EscalationView,
    date: NaiveDate,
    parent: &str,
    authority: &str,
    events: &[Event],
    issued: &[Issued],
) -> Notice {
    let counts = |when: NaiveDate| {
        escalation.counting_from.is_none_or(|from| when >= from)
            && escalation.counting.is_none_or(|period| {
                date.checked_sub_months(Months::new(period.months()))
                    .is_none_or(|cutoff| when > cutoff)
            })
    };
    let previous_unknown = events
        .iter()
        .any(|event| event.kind == EventKind::PreviousAuthorityUnknown && event.start <= date);
    let from_events = events
        .iter()
        .filter(|event| {
            event.kind == EventKind::PenaltyNotice
                && event.start <= date
                && event.parent.as_deref() == Some(parent)
                && event.end.is_none()
                && (event.detail.as_deref() == Some(authority)
                    || (escalation.other_authorities_count && !previous_unknown))
                && counts(event.start)
        })
        .count();
    let from_run = issued
        .iter()
        .filter(|notice| {
            notice.parent == parent
                && (notice.authority == authority || escalation.other_authorities_count)
                && counts(notice.date)
        })
        .count();
    let counted = (from_events + from_run) as u32;
    if let Some((limit, action)) = &escalation.limit {
        if counted >= *limit {
            return Notice::Instead((**action).clone());
        }
    }
    let number = counted + 1;
    let payments = escalation
        .schedules
        .iter()
        .rfind(|schedule| schedule.number <= number)
        .map(|schedule| schedule.payments.clone())
        .unwrap_or_default();
    Notice::Numbered(number, payments)
}
