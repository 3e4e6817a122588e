//! Totals of enrolments per school, per authority and overall, by
//! academic year.

use super::enrolment::{enrolments, Enrolment, Sessions};
use super::ratio::Ratio;
use super::year::AcademicYear;
use crate::read::DataSet;
use std::collections::BTreeMap;

/// Sums over a group of enrolments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Enrolments counted.
    pub enrolments: u64,
    /// Of which persistently absent.
    pub persistent: u64,
    /// Of which severely absent.
    pub severe: u64,
    /// Possible sessions, summed.
    pub possible: u64,
    /// Attended sessions, summed.
    pub attended: u64,
}

impl Totals {
    /// Adds one enrolment's sessions.
    pub fn add(&mut self, sessions: Sessions) {
        self.enrolments += 1;
        self.persistent += u64::from(sessions.is_persistently_absent());
        self.severe += u64::from(sessions.is_severely_absent());
        self.possible += u64::from(sessions.possible);
        self.attended += u64::from(sessions.attended);
    }

    /// Overall attendance: attended ÷ possible sessions.
    pub fn attendance(&self) -> Ratio {
        Ratio::new(self.attended, self.possible)
    }

    /// The persistent absence rate: persistently absent ÷ enrolments.
    pub fn persistent_rate(&self) -> Ratio {
        Ratio::new(self.persistent, self.enrolments)
    }

    /// The severe absence rate: severely absent ÷ enrolments.
    pub fn severe_rate(&self) -> Ratio {
        Ratio::new(self.severe, self.enrolments)
    }
}

/// The measures of a data set, by academic year.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Measures {
    /// Every enrolment, sorted by year, school and pupil.
    pub enrolments: Vec<Enrolment>,
    /// Totals per (year, school id).
    pub by_school: BTreeMap<(AcademicYear, String), Totals>,
    /// Totals per (year, authority id), the authority of each school in
    /// `schools.csv` (`?` for a school not in it).
    pub by_authority: BTreeMap<(AcademicYear, String), Totals>,
    /// Totals per year over every enrolment.
    pub overall: BTreeMap<AcademicYear, Totals>,
}

/// Measures every enrolment of `data` and totals them.
pub fn measure(data: &DataSet) -> Measures {
    let enrolments = enrolments(data);
    let mut measures = Measures::default();
    for enrolment in &enrolments {
        let authority = data
            .school(&enrolment.school)
            .map_or("?", |school| school.authority.as_str());
        let year = enrolment.year;
        let sessions = enrolment.sessions;
        measures
            .by_school
            .entry((year, enrolment.school.clone()))
            .or_default()
            .add(sessions);
        measures
            .by_authority
            .entry((year, authority.to_string()))
            .or_default()
            .add(sessions);
        measures.overall.entry(year).or_default().add(sessions);
    }
    measures.enrolments = enrolments;
    measures
}
