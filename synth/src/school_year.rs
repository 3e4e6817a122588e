//! One pupil's academic year, day by day: a mark for every session on roll
//! (INSET days `#`, suspensions `E`, family holidays `G`, visits `V`, and
//! otherwise the pupil's absence profile), the events of the year, and the
//! year's absence measures.

use super::events::{notice_to_improve, truancy_sweep, Suspension};
use super::history::History;
use super::measures::PupilYear;
use super::rng::{Rng, Stream};
use super::rows::push_mark;
use chrono::NaiveDate;
use rollcall_data::model::Session;
use rollcall_ir::codes::Code;

/// Chance, per family per year, of a term-time holiday (`G`).
const HOLIDAY_CHANCE: f64 = 0.17;
/// Chance, per pupil per year, of an educational visit day (`V`).
const TRIP_CHANCE: f64 = 0.25;
/// Chance that a whole day of unauthorised absence meets a truancy sweep
/// (North Northamptonshire runs more of them).
const SWEEP_CHANCE: [f64; 2] = [0.004, 0.015];
/// Unauthorised sessions in a year after which North Northamptonshire may
/// issue a Notice to Improve.
const IMPROVEMENT_SESSIONS: u64 = 8;
/// Chance that it does.
const IMPROVEMENT_CHANCE: f64 = 0.25;
/// Chance that an unauthorised absence in the last five school days is
/// still `N` (reason not yet established).
const UNRESOLVED_CHANCE: f64 = 0.6;

/// What is planned for a pupil's academic year, beyond ordinary days.
struct YearPlan {
    holiday: Option<(NaiveDate, NaiveDate)>,
    trip_day: Option<u32>,
    suspension: Option<Suspension>,
}

impl History<'_> {
    /// Generates academic year `year` (0-based) at `school`, on roll until
    /// `until`; returns the school the pupil ends the year at.
    pub(super) fn year(&mut self, year: usize, school: usize, until: NaiveDate) -> usize {
        let geography = self.cohort.geography;
        let segments = self.segments(year, school, until);
        let phase = geography.schools[school].phase;
        let mut plan = YearPlan {
            holiday: self.family_holiday(year, school),
            trip_day: self
                .rng
                .chance(TRIP_CHANCE)
                .then(|| self.rng.between(10, 180) as u32),
            suspension: Suspension::draw(&mut self.rng, phase, self.profile.is_chronic()),
        };
        let mut counts = PupilYear::default();
        let (mut day_number, mut marks) = (0, 0);
        let mut improvement_considered = false;
        for (position, &(from, school)) in segments.iter().enumerate() {
            let before = segments
                .get(position + 1)
                .map_or(NaiveDate::MAX, |&(next, _)| next);
            let school_record = &geography.schools[school];
            let authority = &geography.authorities[school_record.authority].id;
            let north_northamptonshire = authority == "north-northamptonshire";
            let prefix = format!("{},{},", self.pupil, school_record.id).into_bytes();
            let calendar = geography.calendar(school, year);
            let inset = &school_record.inset[year];
            let start = calendar.index_on_or_after(from);
            for (index, day) in calendar.days.iter().enumerate().skip(start) {
                if day.date >= before || day.date > until {
                    break;
                }
                let (morning, afternoon) = if inset.contains(&(index as u16)) {
                    (Code::Closed, Code::Closed)
                } else {
                    day_number += 1;
                    self.ordinary_day(
                        &mut plan,
                        day_number - 1,
                        day.date,
                        school_record.recent_from,
                    )
                };
                push_mark(
                    &mut self.out.marks,
                    &prefix,
                    &day.text,
                    Session::Am,
                    morning,
                );
                push_mark(
                    &mut self.out.marks,
                    &prefix,
                    &day.text,
                    Session::Pm,
                    afternoon,
                );
                marks += 2;
                counts.count(morning);
                counts.count(afternoon);
                if morning == Code::O
                    && afternoon == Code::O
                    && self
                        .rng
                        .chance(SWEEP_CHANCE[usize::from(north_northamptonshire)])
                {
                    self.events.push(truancy_sweep(day.date));
                }
                if north_northamptonshire
                    && !improvement_considered
                    && counts.unauthorised() >= IMPROVEMENT_SESSIONS
                {
                    improvement_considered = true;
                    if self.rng.chance(IMPROVEMENT_CHANCE) {
                        let notice = notice_to_improve(&mut self.rng, &self.plan.parents, day.date);
                        self.events.push(notice);
                    }
                }
            }
            if let Some(suspension) = &mut plan.suspension {
                suspension.finish(&mut self.events);
            }
        }
        self.out.mark_count += marks;
        self.out.measures.add(counts);
        segments.last().map_or(school, |&(_, school)| school)
    }

    /// The codes of an ordinary (non-INSET) school day, the
    /// `day_number`-th of the pupil's year.
    fn ordinary_day(
        &mut self,
        plan: &mut YearPlan,
        day_number: u32,
        date: NaiveDate,
        recent_from: NaiveDate,
    ) -> (Code, Code) {
        if let Some(suspension) = &mut plan.suspension {
            if suspension.covers(day_number, date, &mut self.events) {
                return (Code::E, Code::E);
            }
        }
        if plan
            .holiday
            .is_some_and(|(first, last)| first <= date && date <= last)
        {
            return (Code::G, Code::G);
        }
        if plan.trip_day == Some(day_number) {
            return (Code::V, Code::V);
        }
        let (morning, afternoon) = self.profile.day(&mut self.rng, &mut self.spell);
        if date >= recent_from
            && (morning == Code::O || afternoon == Code::O)
            && self.rng.chance(UNRESOLVED_CHANCE)
        {
            let unresolved = |code| if code == Code::O { Code::N } else { code };
            return (unresolved(morning), unresolved(afternoon));
        }
        (morning, afternoon)
    }

    /// The term-time holiday (`G`) the pupil's family takes in year `year`,
    /// if any: a few school days next to a holiday of `school`'s calendar,
    /// the same for siblings at the same school.
    fn family_holiday(&self, year: usize, school: usize) -> Option<(NaiveDate, NaiveDate)> {
        let stream = self.plan.family * 64 + year as u64;
        let mut rng = Rng::new(self.cohort.seed, Stream::Family, stream);
        if !rng.chance(HOLIDAY_CHANCE) {
            return None;
        }
        let calendar = self.cohort.geography.calendar(school, year);
        let last = calendar.days.len().checked_sub(1)?;
        let length = [3, 4, 5, 7, 10][rng.weighted(&[15, 10, 50, 10, 15])];
        let anchor = rng.below(calendar.breaks.len() as u64 + 1) as usize;
        let (first, final_day) = match calendar.breaks.get(anchor) {
            Some(&end) if rng.chance(0.5) => ((end + 1).saturating_sub(length), end),
            Some(&end) => (end + 1, end + length),
            None => ((last + 1).saturating_sub(length), last),
        };
        Some((
            calendar.days[first.min(last)].date,
            calendar.days[final_day.min(last)].date,
        ))
    }
}
