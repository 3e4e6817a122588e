//! Totals of enrolments per school, per authority and overall, by
//! academic year.

use super::enrolment::{pupil_enrolments, Sessions};
use super::ratio::Ratio;
use super::year::AcademicYear;
use rollcall_data::model::School;
use rollcall_data::read::{DataSet, PupilHistory};
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

/// The measures of a data set, by academic year, added up one pupil at a
/// time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Measures {
    /// Totals per (year, school id).
    pub by_school: BTreeMap<(AcademicYear, String), Totals>,
    /// Totals per (year, authority id), the authority of each school in
    /// `schools.csv` (`?` for a school not in it).
    pub by_authority: BTreeMap<(AcademicYear, String), Totals>,
    /// Totals per year over every enrolment.
    pub overall: BTreeMap<AcademicYear, Totals>,
}

impl Measures {
    /// Adds one pupil's enrolments; `schools` (sorted by id) are those the
    /// marks' indices refer to.
    pub fn add_pupil(&mut self, schools: &[School], history: PupilHistory<'_>) {
        for enrolment in pupil_enrolments(schools, history) {
            let authority = schools
                .binary_search_by(|school| (*school.id).cmp(&enrolment.school))
                .map_or("?", |index| schools[index].authority.as_str());
            let (year, sessions) = (enrolment.year, enrolment.sessions);
            self.by_school
                .entry((year, enrolment.school))
                .or_default()
                .add(sessions);
            self.by_authority
                .entry((year, authority.to_string()))
                .or_default()
                .add(sessions);
            self.overall.entry(year).or_default().add(sessions);
        }
    }
}

/// Measures every enrolment of `data` and totals them.
pub fn measure(data: &DataSet) -> Measures {
    let mut measures = Measures::default();
    for history in data.histories() {
        measures.add_pupil(&data.schools, history);
    }
    measures
}
