//! Enrolments: one pupil's possible and attended sessions at one school in
//! one academic year, and the persistent and severe absence thresholds.

use super::year::AcademicYear;
use rollcall_data::model::School;
use rollcall_data::read::{DataSet, PupilHistory};
use rollcall_ir::codes::Code;
use std::collections::BTreeMap;

/// Possible and attended sessions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sessions {
    /// Possible sessions (codes outside the `not_possible` category).
    pub possible: u32,
    /// Possible sessions attended (present or approved educational activity).
    pub attended: u32,
}

impl Sessions {
    /// Counts one session's code.
    #[inline]
    pub fn count(&mut self, code: Code) {
        if code.is_possible() {
            self.possible += 1;
            self.attended += u32::from(code.is_attending());
        }
    }

    /// Possible sessions missed (authorised or unauthorised absence).
    pub fn absences(&self) -> u32 {
        self.possible - self.attended
    }

    /// 10% or more of possible sessions missed: absences × 10 ≥ possible.
    pub fn is_persistently_absent(&self) -> bool {
        self.possible > 0 && u64::from(self.absences()) * 10 >= u64::from(self.possible)
    }

    /// 50% or more of possible sessions missed: absences × 2 ≥ possible.
    pub fn is_severely_absent(&self) -> bool {
        self.possible > 0 && u64::from(self.absences()) * 2 >= u64::from(self.possible)
    }
}

/// One pupil at one school in one academic year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enrolment {
    /// The academic year.
    pub year: AcademicYear,
    /// The school's id.
    pub school: String,
    /// The pupil's id.
    pub pupil: String,
    /// The sessions recorded for the pupil at that school that year.
    pub sessions: Sessions,
}

/// Every enrolment of `data` with at least one possible session, sorted by
/// year, school and pupil.
pub fn enrolments(data: &DataSet) -> Vec<Enrolment> {
    let mut all: Vec<Enrolment> = data
        .histories()
        .into_iter()
        .flat_map(|history| pupil_enrolments(&data.schools, history))
        .collect();
    all.sort_by(|a, b| (a.year, &a.school, &a.pupil).cmp(&(b.year, &b.school, &b.pupil)));
    all
}

/// One pupil's enrolments with at least one possible session, sorted by
/// year and school; `schools` are those the marks' indices refer to.
pub fn pupil_enrolments(schools: &[School], history: PupilHistory<'_>) -> Vec<Enrolment> {
    let mut counted: BTreeMap<(AcademicYear, &str), Sessions> = BTreeMap::new();
    for mark in history.marks {
        let school = schools
            .get(mark.school as usize)
            .map_or("?", |school| &*school.id);
        let key = (AcademicYear::of(mark.date), school);
        counted.entry(key).or_default().count(mark.code);
    }
    counted
        .into_iter()
        .filter(|(_, sessions)| sessions.possible > 0)
        .map(|((year, school), sessions)| Enrolment {
            year,
            school: school.to_string(),
            pupil: history.pupil.id.clone(),
            sessions,
        })
        .collect()
}
