//! Where a pupil is during an academic year: the school they start at,
//! now and then a move to another school (in the same authority or
//! another), and Cumbria's schools passing to their successors.

use super::events::move_between_authorities;
use super::geography::{succession_date, Geography};
use super::history::History;
use super::terms::ymd;
use chrono::NaiveDate;

/// Chance, per pupil per year, of moving school during the year.
const MOVE_CHANCE: f64 = 0.03;
/// Chance that a mover stays in the same authority.
const MOVE_WITHIN_AUTHORITY: f64 = 0.5;

impl History<'_> {
    /// The schools the pupil is at in year `year`, each from a date: the
    /// school at the start, now and then a move to another school of the
    /// same phase (in the same authority or another), and Cumbria's schools
    /// passing to their successors on 1 April 2023.
    pub(super) fn segments(
        &mut self,
        year: usize,
        school: usize,
        until: NaiveDate,
    ) -> Vec<(NaiveDate, usize)> {
        let geography = self.cohort.geography;
        let year_start = ymd(self.cohort.start_year + year as i32, 9, 1);
        let mut segments = with_successors(geography, vec![(year_start, school)]);
        let days = &geography.calendar(school, year).days;
        if days.len() <= 40 || !self.rng.chance(MOVE_CHANCE) {
            return segments;
        }
        let date = days[self.rng.between(15, days.len() as u64 - 15) as usize].date;
        let current = segments
            .iter()
            .rev()
            .find(|&&(from, _)| from <= date)
            .map_or(school, |&(_, school)| school);
        let old_authority = geography.schools[current].authority;
        let within = self
            .rng
            .chance(MOVE_WITHIN_AUTHORITY)
            .then_some(old_authority);
        let phase = geography.schools[current].phase;
        let Some(new) = geography.pick(&mut self.rng, Some(phase), within, date, Some(current))
        else {
            return segments;
        };
        if date > until {
            return segments;
        }
        segments.retain(|&(from, _)| from < date);
        segments.push((date, new));
        if geography.schools[new].authority != old_authority {
            let old_authority = &geography.authorities[old_authority].id;
            move_between_authorities(
                &mut self.rng,
                &self.plan.parents,
                date,
                old_authority,
                &mut self.events,
            );
        }
        with_successors(geography, segments)
    }
}

/// `segments` (each a date and the school from that date), with a segment
/// added wherever a school passes to its successor.
fn with_successors(
    geography: &Geography,
    segments: Vec<(NaiveDate, usize)>,
) -> Vec<(NaiveDate, usize)> {
    let succession = succession_date();
    let mut resolved = Vec::with_capacity(segments.len() + 1);
    for (position, &(from, school)) in segments.iter().enumerate() {
        let before = segments
            .get(position + 1)
            .map_or(NaiveDate::MAX, |&(next, _)| next);
        resolved.push((from, school));
        if let Some(successor) = geography.schools[school].successor {
            if from < succession && succession < before {
                resolved.push((succession, successor));
            }
        }
    }
    resolved
}
