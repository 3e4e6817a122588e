//! Rules' preconditions (`requires KIND [within N days|weeks|months]`,
//! `unless KIND [within ...]`), as docs/language.md says them: per parent,
//! an event naming no parent counting for every parent; never evidence,
//! never consumed.

use chrono::{Duration, Months, NaiveDate};
use rollcall_data::model::Event;
use rollcall_ir::graph::{EventAge, Gate};
use rollcall_ir::view::PreconditionView;

/// The last day an event dated `start` counts for a precondition with
/// `age`: the N calendar days (weeks, months) from its date, so `within
/// 12 months` of 10 January 2025 counts up to 9 January 2026 (from 31
/// January, a month reaches the day before 28 February).
fn last_day(age: EventAge, start: NaiveDate) -> NaiveDate {
    let after = match age {
        EventAge::Days(n) => start.checked_add_signed(Duration::days(i64::from(n))),
        EventAge::Weeks(n) => start.checked_add_signed(Duration::days(7 * i64::from(n))),
        EventAge::Months(n) => start.checked_add_months(Months::new(n)),
    };
    after.map_or(NaiveDate::MAX, |after| after - Duration::days(1))
}

/// Whether `event` counts for `precondition` on `date` for `parent`
/// (`None`: a pupil with no parents recorded, for whom any event counts).
fn counts(
    precondition: &PreconditionView,
    event: &Event,
    date: NaiveDate,
    parent: Option<&str>,
) -> bool {
    let for_parent = match (parent, event.parent.as_deref()) {
        (Some(parent), Some(named)) => parent == named,
        _ => true,
    };
    event.kind == precondition.kind
        && event.start <= date
        && precondition
            .within
            .is_none_or(|age| date <= last_day(age, event.start))
        && for_parent
}

/// Whether `parent` meets every one of `preconditions` on `date`.
pub fn meets(
    preconditions: &[PreconditionView],
    events: &[Event],
    date: NaiveDate,
    parent: Option<&str>,
) -> bool {
    preconditions.iter().all(|precondition| {
        let found = events
            .iter()
            .any(|event| counts(precondition, event, date, parent));
        match precondition.gate {
            Gate::Requires => found,
            Gate::Unless => !found,
        }
    })
}

/// Whether a rule with `preconditions` may hold on `date`: some parent
/// meets them, or, for a pupil with no parents recorded, the pupil's
/// events do.
pub fn open(
    preconditions: &[PreconditionView],
    events: &[Event],
    date: NaiveDate,
    parents: &[String],
) -> bool {
    if parents.is_empty() {
        return meets(preconditions, events, date, None);
    }
    parents
        .iter()
        .any(|parent| meets(preconditions, events, date, Some(parent)))
}
