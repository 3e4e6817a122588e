//! Exclusion sightings (`public_place in first N school days of
//! exclusion`): a `public_place` event on one of the first school days of
//! an exclusion, both events the evidence.

use crate::measure::Today;
use crate::Unsupported;
use rollcall_data::model::{Event, EventKind, Session};
use rollcall_ir::view::Condition;

impl Today<'_> {
    /// Today's sighting: the first `public_place` event dated today on
    /// one of the first `n` school days of an exclusion running today (the
    /// latest such), with that exclusion. The exclusion's start day is day
    /// 1, or, begun in the afternoon of a school day, the next school day.
    pub fn sighting(&self, n: u32) -> Option<(&Event, &Event)> {
        let public_place = self
            .events
            .iter()
            .find(|event| event.kind == EventKind::PublicPlace && event.start == self.date)?;
        let exclusion = self.events.iter().rev().find(|exclusion| {
            let running = exclusion.kind == EventKind::Exclusion
                && exclusion.start <= self.date
                && exclusion.end.is_none_or(|end| end >= self.date);
            let began_pm = exclusion.start_session == Some(Session::Pm)
                && self.days.contains(&exclusion.start);
            let from = self
                .days
                .iter()
                .filter(|day| exclusion.start <= **day && **day <= self.date)
                .count() as u32;
            let school_day = from.saturating_sub(u32::from(began_pm));
            running && (1..=n).contains(&school_day)
        })?;
        Some((exclusion, public_place))
    }

    /// The events `condition` rests on today (it holds): those of its
    /// sightings that are part of why it holds.
    pub fn sighted(&self, condition: &Condition) -> Result<Vec<Event>, Unsupported> {
        Ok(match condition {
            Condition::ExclusionSighting { first_school_days } => self
                .sighting(*first_school_days)
                .map_or(Vec::new(), |(exclusion, public_place)| {
                    vec![exclusion.clone(), public_place.clone()]
                }),
            Condition::All(of) => {
                let mut events = Vec::new();
                for part in of {
                    events.extend(self.sighted(part)?);
                }
                events
            }
            Condition::Any(of) => {
                let mut events = Vec::new();
                for part in of {
                    if self.holds(part)?.0 {
                        events.extend(self.sighted(part)?);
                    }
                }
                events
            }
            Condition::Compare { .. } | Condition::Not(_) => Vec::new(),
        })
    }
}
