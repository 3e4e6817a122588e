//! A pupil's events as the evaluation reaches them: which have happened by
//! the current day, which exclusions are running, and today's public place
//! sightings.

use super::days::Day;
use chrono::NaiveDate;
use rollcall_data::model::{Event, EventKind, Session};
use std::ops::Range;

/// A public place sighting on one of the first school days of an exclusion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Sighting {
    /// The `exclusion` event (index into the pupil's events).
    pub exclusion: usize,
    /// The `public_place` event.
    pub public_place: usize,
    /// Which school day of the exclusion it is (its start day is day 1, or
    /// the next school day for an exclusion begun in the afternoon).
    pub school_day: u32,
}

/// The pupil's events up to the current day.
#[derive(Clone, Debug)]
pub(crate) struct PupilEvents<'a> {
    events: &'a [Event],
    /// Events before this index have been reached.
    next: usize,
    /// Running exclusions: (event index, school days before its start).
    exclusions: Vec<(usize, u32)>,
    /// `public_place` events dated today.
    sightings: Vec<usize>,
}

impl<'a> PupilEvents<'a> {
    /// The events of one pupil, sorted by start date; none reached yet.
    pub fn new(events: &'a [Event]) -> PupilEvents<'a> {
        PupilEvents {
            events,
            next: 0,
            exclusions: Vec::new(),
            sightings: Vec::new(),
        }
    }

    /// All the pupil's events.
    pub fn all(&self) -> &'a [Event] {
        self.events
    }

    /// The events dated on or before the current day.
    pub fn reached(&self) -> &'a [Event] {
        &self.events[..self.next]
    }

    /// The events reached and dated on or before `date` (an episode is
    /// decided as of its last day, which may be before the current one).
    pub fn reached_through(&self, date: NaiveDate) -> &'a [Event] {
        let reached = self.reached();
        &reached[..reached.partition_point(|event| event.start <= date)]
    }

    /// Moves to `day`: reaches the events dated on or before it and returns
    /// their indices.
    #[inline]
    pub fn begin_day(&mut self, day: &Day) -> Range<usize> {
        let first = self.next;
        if first == self.events.len() && self.exclusions.is_empty() && self.sightings.is_empty() {
            // Nothing left to reach or to end.
            return first..first;
        }
        self.next += self.events[first..].partition_point(|event| event.start <= day.date);
        self.sightings.clear();
        self.exclusions
            .retain(|&(index, _)| self.events[index].end.is_none_or(|end| end >= day.date));
        for index in first..self.next {
            let event = &self.events[index];
            match event.kind {
                EventKind::Exclusion if event.end.is_none_or(|end| end >= day.date) => {
                    // Excluded once the afternoon session had begun: day 1
                    // is the next school day. (A start on a day without
                    // marks is reached on a later day, which is day 1.)
                    let began_pm = event.start == day.date
                        && event.start_session == Some(Session::Pm)
                        && day.school_day;
                    let before = day.school_days_before() + u32::from(began_pm);
                    self.exclusions.push((index, before));
                }
                EventKind::PublicPlace if event.start == day.date => self.sightings.push(index),
                _ => {}
            }
        }
        first..self.next
    }

    /// Whether moving to `day` would reach no event and end no sighting.
    #[inline]
    pub fn idle_on(&self, day: &Day) -> bool {
        self.idle_through(day.date)
    }

    /// Whether moving to any day up to `date` would reach no event and end
    /// no sighting.
    #[inline]
    pub fn idle_through(&self, date: NaiveDate) -> bool {
        self.sightings.is_empty()
            && self
                .events
                .get(self.next)
                .is_none_or(|event| event.start > date)
    }

    /// The latest event of `kind` reached so far (its index in the pupil's
    /// events): the event an `at most once per KIND` rule decides on, as
    /// the windows and sightings it reads follow the latest one.
    pub fn latest(&self, kind: EventKind) -> Option<usize> {
        self.reached().iter().rposition(|event| event.kind == kind)
    }

    /// Whether there is a `public_place` event today at all.
    pub fn seen_today(&self) -> bool {
        !self.sightings.is_empty()
    }

    /// Today's sighting on one of the first `first_school_days` school days
    /// of a running exclusion (the latest such exclusion), if any; `day`
    /// must be today and a school day.
    pub fn sighting(&self, day: &Day, first_school_days: u32) -> Option<Sighting> {
        let public_place = *self.sightings.first()?;
        self.exclusions
            .iter()
            .rev()
            .find_map(|&(exclusion, before_start)| {
                let school_day = day.school_days.checked_sub(before_start)?;
                (1..=first_school_days)
                    .contains(&school_day)
                    .then_some(Sighting {
                        exclusion,
                        public_place,
                        school_day,
                    })
            })
    }
}
