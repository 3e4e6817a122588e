//! Attendance penalty notices to one parent: which earlier notices count,
//! and whether the next is a numbered notice, the limit's alternative
//! (usually prosecution) or a manual review.
//!
//! An earlier notice is a `penalty_notice` event naming the parent (its
//! `detail` the issuing authority; any `end` means withdrawn, and a
//! withdrawn notice never counts) or a penalty notice this run has already
//! decided for the parent. It counts if issued on or after the policy's
//! `count notices issued from` date, after the decision day minus the
//! limit's years (a notice exactly that old no longer counts), and either
//! by the leading authority or, when the policy lets other authorities'
//! notices count, by another authority, unless the pupil has a
//! `previous_authority_unknown` event and the policy assumes none (which
//! applies to notices from the data only: a notice this run decided under
//! another authority is known and counts).

use super::plan::EscalationPlan;
use chrono::{Months, NaiveDate};
use rollcall_data::model::{Event, EventKind};
use rollcall_ir::graph::{Action, Payment, UnknownPrevious};
use rollcall_ir::words::{self, ordinal};

/// A penalty notice this run has decided.
#[derive(Clone, Debug)]
pub(crate) struct Issued {
    /// To whom.
    pub parent: String,
    /// The decision day.
    pub date: NaiveDate,
    /// The leading authority that decided it.
    pub authority: String,
}

/// The next attendance notice for a parent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// A numbered notice.
    Notice {
        /// 1 for the first counted notice, and so on.
        number: u32,
        /// Its payment options.
        payments: Vec<Payment>,
        /// Why this number.
        reason: String,
    },
    /// The limit is reached: this action (index into the plan's actions) instead.
    Instead {
        /// The action taken instead.
        action: usize,
        /// Why.
        reason: String,
    },
    /// The previous authority is unknown and the policy asks for a review.
    ManualReview {
        /// Why.
        reason: String,
    },
}

/// What deciding a parent's next notice looks at.
#[derive(Clone, Copy)]
pub(crate) struct NoticeRequest<'a> {
    /// The settings in force.
    pub escalation: &'a EscalationPlan,
    /// The decision day.
    pub date: NaiveDate,
    /// The leading authority.
    pub authority: &'a str,
    /// The pupil's events dated on or before the decision day.
    pub events: &'a [Event],
    /// The notices this run has decided for the pupil.
    pub issued: &'a [Issued],
    /// The policy's actions (what a limit's alternative refers to).
    pub actions: &'a [Action],
}

/// One earlier notice, wherever it came from.
struct Earlier<'a> {
    date: NaiveDate,
    authority: Option<&'a str>,
    withdrawn: Option<NaiveDate>,
    /// Decided by this run (so known, whatever the previous authority).
    from_run: bool,
}

impl NoticeRequest<'_> {
    /// Decides the next attendance notice for `parent`; with `notes`, says
    /// for each earlier notice whether and why it counts.
    pub fn decide(&self, parent: &str, mut notes: Option<&mut Vec<String>>) -> Outcome {
        let escalation = self.escalation;
        let previous_unknown = self
            .events
            .iter()
            .any(|event| event.kind == EventKind::PreviousAuthorityUnknown);
        if previous_unknown && escalation.unknown_previous == UnknownPrevious::ManualReview {
            return Outcome::ManualReview {
                reason: "previous authority unknown: earlier notices cannot be established, \
                         so a manual review instead of a penalty notice"
                    .to_string(),
            };
        }
        let mut counted = 0;
        for earlier in self.earlier(parent) {
            let verdict = self.verdict(&earlier, previous_unknown);
            counted += u32::from(verdict.is_none());
            if let Some(notes) = notes.as_deref_mut() {
                let by = earlier.authority.unwrap_or("an unnamed authority");
                notes.push(format!(
                    "earlier notice to {parent} on {} by {by}: {}",
                    earlier.date,
                    verdict.as_deref().unwrap_or("counts")
                ));
            }
        }
        let next = counted + 1;
        if let Some((limit, action)) = escalation.limit {
            if counted >= limit {
                let within = match escalation.counting {
                    Some(period) => format!(" within {period}"),
                    None => String::new(),
                };
                let name = self.actions[action].name();
                return Outcome::Instead {
                    action,
                    reason: format!("{} notice{within}: {name} instead", ordinal(next)),
                };
            }
        }
        let payments = escalation
            .schedules
            .iter()
            .rev()
            .find(|schedule| schedule.number <= next)
            .map(|schedule| schedule.payments.clone())
            .unwrap_or_default();
        let counted_as = words::counted_as(
            escalation.counting_from,
            escalation.counting,
            escalation.other_authorities_count,
        );
        let reason = match counted {
            0 => format!("notice {next}: no earlier notice counts"),
            1 => format!("notice {next}: 1 earlier notice counts{counted_as}"),
            n => format!("notice {next}: {n} earlier notices count{counted_as}"),
        };
        Outcome::Notice {
            number: next,
            payments,
            reason,
        }
    }

    /// Every earlier attendance notice to `parent`.
    fn earlier<'p>(&'p self, parent: &'p str) -> impl Iterator<Item = Earlier<'p>> + 'p {
        let from_events = self
            .events
            .iter()
            .filter(move |event| {
                event.kind == EventKind::PenaltyNotice && event.parent.as_deref() == Some(parent)
            })
            .map(|event| Earlier {
                date: event.start,
                authority: event.detail.as_deref(),
                withdrawn: event.end,
                from_run: false,
            });
        let from_run = self
            .issued
            .iter()
            .filter(move |issued| issued.parent == parent)
            .map(|issued| Earlier {
                date: issued.date,
                authority: Some(issued.authority.as_str()),
                withdrawn: None,
                from_run: true,
            });
        from_events.chain(from_run)
    }

    /// `None` if the notice counts, else why not.
    fn verdict(&self, earlier: &Earlier, previous_unknown: bool) -> Option<String> {
        let escalation = self.escalation;
        if let Some(withdrawn) = earlier.withdrawn {
            return Some(format!("withdrawn on {withdrawn}, does not count"));
        }
        if let Some(from) = escalation.counting_from {
            if earlier.date < from {
                return Some(format!("issued before {from}, does not count"));
            }
        }
        if let Some(period) = escalation.counting {
            let cutoff = self.date.checked_sub_months(Months::new(period.months()));
            if cutoff.is_some_and(|cutoff| earlier.date <= cutoff) {
                return Some(format!("{period} or more before, does not count"));
            }
        }
        if earlier.authority != Some(self.authority) {
            if !escalation.other_authorities_count {
                return Some("another authority's notice, which this policy does not count".into());
            }
            // The assumption is about notices in the data: those this run
            // decided itself are known, whichever authority decided them.
            if previous_unknown && !earlier.from_run {
                return Some(
                    "another authority's notice; the previous authority is unknown, so none is assumed"
                        .into(),
                );
            }
        }
        None
    }
}
