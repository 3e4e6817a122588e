//! Rules' preconditions (`requires warning_letter within 12 months`,
//! `unless attendance_contract`): gates on events that are not evidence.
//!
//! An event counts for a precondition on day D when it is of the kind, is
//! dated on or before D and, with an age, D is before the day it lapses
//! ([`EventAge::lapses`](rollcall_ir::graph::EventAge::lapses)). It counts
//! for the parent it names, or for every parent when it names none. A
//! parent *passes* when, for each `requires`, an event counts for them and,
//! for each `unless`, none does. A rule holds only when its condition holds
//! and some parent passes (for a pupil with no parents recorded, when the
//! preconditions pass on the pupil's events); a parent-level action is
//! taken only for the parents who pass. Neither the event nor anything it
//! anchors is evidence, and nothing is consumed; the reason names it.
//!
//! Whether a rule passes its gates changes only on the days an event of a
//! gating kind is dated or lapses: those days are [`GateChanges`], which
//! the engine's fast paths must not skip past without evaluating the rules.

use super::pupil::PupilRun;
use chrono::NaiveDate;
use rollcall_data::model::Event;
use rollcall_ir::graph::Gate;
use rollcall_ir::view::PreconditionView;
use rollcall_ir::words;
use std::fmt::Write;

/// Whether `event` counts for `precondition` on `date`, for `parent`
/// (`None`: for a pupil without parents, any event counts).
fn counts(
    precondition: &PreconditionView,
    event: &Event,
    date: NaiveDate,
    parent: Option<&str>,
) -> bool {
    event.kind == precondition.kind
        && event.start <= date
        && precondition
            .within
            .is_none_or(|age| date < age.lapses(event.start))
        && match (parent, event.parent.as_deref()) {
            (Some(parent), Some(named)) => parent == named,
            _ => true,
        }
}

/// Whether `parent` passes every precondition on `date`, given the events
/// reached by then.
pub(crate) fn passes(
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

/// The preconditions in words for a decision's reason, naming the event
/// each `requires` rests on for `parent` (the latest that counts): `after
/// the warning letter of 2025-01-10 (requires warning_letter within 12
/// months)`.
pub(crate) fn reason(
    preconditions: &[PreconditionView],
    events: &[Event],
    date: NaiveDate,
    parent: Option<&str>,
) -> String {
    let mut text = String::new();
    for precondition in preconditions {
        let written = words::precondition(precondition);
        let event = words::event(precondition.kind);
        let separator = if text.is_empty() { "" } else { "; " };
        let _ = match precondition.gate {
            Gate::Requires => {
                let latest = events
                    .iter()
                    .rev()
                    .find(|e| counts(precondition, e, date, parent));
                match latest {
                    Some(latest) => write!(
                        text,
                        "{separator}after the {event} of {} ({written})",
                        latest.start
                    ),
                    None => write!(text, "{separator}{written}"),
                }
            }
            Gate::Unless => write!(text, "{separator}no {event} ({written})"),
        };
    }
    text
}

/// The days on which some gate of a pupil's policies may open or close,
/// in date order, and how many have been passed.
#[derive(Clone, Debug, Default)]
pub(crate) struct GateChanges {
    dates: Vec<NaiveDate>,
    next: usize,
}

impl GateChanges {
    /// The days on which `events` (the pupil's) start or lapse for one of
    /// `preconditions` (those of the pupil's policies).
    pub fn new<'p>(
        preconditions: impl IntoIterator<Item = &'p PreconditionView>,
        events: &[Event],
    ) -> GateChanges {
        let mut dates = Vec::new();
        for precondition in preconditions {
            for event in events.iter().filter(|e| e.kind == precondition.kind) {
                dates.push(event.start);
                dates.extend(precondition.within.map(|age| age.lapses(event.start)));
            }
        }
        dates.sort_unstable();
        dates.dedup();
        GateChanges { dates, next: 0 }
    }

    /// Whether a gate may change on a day up to `date` not yet passed.
    #[inline]
    pub fn due_by(&self, date: NaiveDate) -> bool {
        self.dates.get(self.next).is_some_and(|&due| due <= date)
    }

    /// Passes the days up to `date`; whether any was a change.
    pub fn pass(&mut self, date: NaiveDate) -> bool {
        let first = self.next;
        self.next += self.dates[first..].partition_point(|&due| due <= date);
        self.next > first
    }
}

impl PupilRun<'_> {
    /// Whether some parent of the pupil passes `preconditions` on `date`
    /// (always, without preconditions).
    pub(super) fn gates_open(&self, preconditions: &[PreconditionView], date: NaiveDate) -> bool {
        if preconditions.is_empty() {
            return true;
        }
        let events = self.events.reached();
        let parents = &self.pupil.parents;
        if parents.is_empty() {
            return passes(preconditions, events, date, None);
        }
        parents
            .iter()
            .any(|parent| passes(preconditions, events, date, Some(parent)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rollcall_ir::graph::EventAge;
    use rollcall_ir::EventKind;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn letter(start: &str, parent: Option<&str>) -> Event {
        Event {
            pupil: "P1".to_string(),
            parent: parent.map(str::to_string),
            kind: EventKind::declared("warning_letter").unwrap(),
            start: date(start),
            end: None,
            detail: None,
            start_session: None,
        }
    }

    fn requires(within: Option<EventAge>) -> PreconditionView {
        PreconditionView {
            gate: Gate::Requires,
            kind: EventKind::declared("warning_letter").unwrap(),
            within,
        }
    }

    #[test]
    fn a_letter_counts_for_its_parent_from_its_date_until_it_lapses() {
        let gate = [requires(Some(EventAge::Months(1)))];
        let events = [letter("2025-01-31", Some("A"))];
        let on = |day: &str, parent| passes(&gate, &events, date(day), parent);
        assert!(!on("2025-01-30", Some("A")));
        assert!(on("2025-01-31", Some("A")));
        // 31 January plus a month is 28 February: the letter has lapsed.
        assert!(on("2025-02-27", Some("A")));
        assert!(!on("2025-02-28", Some("A")));
        assert!(!on("2025-02-01", Some("B")));
    }

    #[test]
    fn unless_stops_only_the_parent_the_event_names() {
        let mut gate = requires(None);
        gate.gate = Gate::Unless;
        let events = [letter("2025-01-10", Some("A"))];
        assert!(!passes(&[gate], &events, date("2025-02-01"), Some("A")));
        assert!(passes(&[gate], &events, date("2025-02-01"), Some("B")));
        let to_all = [letter("2025-01-10", None)];
        assert!(!passes(&[gate], &to_all, date("2025-02-01"), Some("B")));
    }

    #[test]
    fn changes_fall_on_the_dates_events_start_and_lapse() {
        let gate = [requires(Some(EventAge::Days(10)))];
        let mut changes = GateChanges::new(&gate, &[letter("2025-01-10", None)]);
        assert!(!changes.due_by(date("2025-01-09")));
        assert!(changes.due_by(date("2025-01-10")));
        assert!(changes.pass(date("2025-01-12")));
        assert!(!changes.due_by(date("2025-01-19")));
        assert!(changes.due_by(date("2025-01-20")));
        assert!(changes.pass(date("2025-01-31")));
        assert!(!changes.pass(date("2025-02-28")));
    }
}
