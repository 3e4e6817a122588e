//! Generating one pupil's history: their row of `pupils.csv`, then year
//! by year (moving up a year group, to secondary school, leaving after
//! year 11 or the sixth form) their marks and events, written in order.

use super::events::{earlier_notices, event_details};
use super::families::PupilPlan;
use super::geography::{Geography, Phase};
use super::measures::Measures;
use super::profile::{Profile, Spell};
use super::rng::{Rng, Stream};
use super::rows::{push_event, push_pupil, EventRow};
use super::terms::{last_friday_of_june, ymd};

/// Chance that a year 11 pupil stays on into the sixth form.
const SIXTH_FORM_CHANCE: f64 = 0.4;

/// What the generation of every pupil shares.
#[derive(Clone, Copy, Debug)]
pub struct Cohort<'a> {
    /// The cohort seed.
    pub seed: u64,
    /// Authorities and schools.
    pub geography: &'a Geography,
    /// The year of the first September.
    pub start_year: i32,
    /// Academic years.
    pub years: u16,
    /// Digits in a pupil identifier.
    pub pupil_id_width: usize,
}

/// The rows generated for a batch of pupils, and their counts.
#[derive(Debug, Default)]
pub struct Output {
    /// `pupils.csv` rows.
    pub pupils: Vec<u8>,
    /// `marks.csv` rows.
    pub marks: Vec<u8>,
    /// `events.csv` rows.
    pub events: Vec<u8>,
    /// Pupils written.
    pub pupil_count: u64,
    /// Marks written.
    pub mark_count: u64,
    /// Events written.
    pub event_count: u64,
    /// Attendance measures of the pupils written.
    pub measures: Measures,
}

impl Output {
    /// Empties the output, keeping its buffers.
    pub fn clear(&mut self) {
        self.pupils.clear();
        self.marks.clear();
        self.events.clear();
        self.pupil_count = 0;
        self.mark_count = 0;
        self.event_count = 0;
        self.measures = Measures::default();
    }
}

/// Generates the pupil of `plan` and appends their rows to `out`.
pub fn write_pupil(cohort: &Cohort<'_>, plan: &PupilPlan, out: &mut Output) {
    let pupil = format!("p{:0width$}", plan.index + 1, width = cohort.pupil_id_width);
    push_pupil(&mut out.pupils, &pupil, plan.date_of_birth, &plan.parents);
    out.pupil_count += 1;
    let geography = cohort.geography;
    let first_day = ymd(cohort.start_year, 9, 1);
    let mut rng = Rng::new(cohort.seed, Stream::Pupil, plan.index);
    let profile = Profile::draw(&mut rng);
    let mut history = History {
        cohort,
        pupil: &pupil,
        plan,
        profile,
        rng,
        spell: Spell::default(),
        events: Vec::new(),
        out,
    };
    if history.profile.is_chronic() {
        let authorities = &geography.authorities;
        let home = &authorities[geography.schools[plan.school].authority].id;
        let other = &authorities[history.rng.below(authorities.len() as u64) as usize].id;
        earlier_notices(
            &mut history.rng,
            &plan.parents,
            first_day,
            [home, other],
            &mut history.events,
        );
    }
    let (mut school, mut year_group) = (plan.school, plan.year_group);
    for year in 0..usize::from(cohort.years) {
        let academic_year = cohort.start_year + year as i32;
        if year > 0 {
            year_group += 1;
            if year_group == 7 {
                let authority = geography.schools[school].authority;
                let start = ymd(academic_year, 9, 1);
                school = geography
                    .pick(
                        &mut history.rng,
                        Some(Phase::Secondary),
                        Some(authority),
                        start,
                        None,
                    )
                    .unwrap_or(school);
            }
        }
        let leaves = match year_group {
            11 => !history.rng.chance(SIXTH_FORM_CHANCE),
            13 => true,
            _ => false,
        };
        let until = if year_group == 11 && leaves {
            last_friday_of_june(academic_year + 1)
        } else {
            ymd(academic_year + 1, 8, 31)
        };
        school = history.year(year, school, until);
        if leaves {
            break;
        }
    }
    let History {
        mut events, out, ..
    } = history;
    let mut details = Rng::new(cohort.seed, Stream::PupilEvents, plan.index);
    event_details(&mut details, first_day, &mut events);
    events.sort_unstable();
    for event in &events {
        push_event(&mut out.events, &pupil, event);
    }
    out.event_count += events.len() as u64;
}

/// One pupil's generation in progress.
pub(super) struct History<'a> {
    pub(super) cohort: &'a Cohort<'a>,
    pub(super) pupil: &'a str,
    pub(super) plan: &'a PupilPlan,
    pub(super) profile: Profile,
    pub(super) rng: Rng,
    pub(super) spell: Spell,
    pub(super) events: Vec<EventRow<'a>>,
    pub(super) out: &'a mut Output,
}
