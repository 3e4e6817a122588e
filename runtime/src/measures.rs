//! Attendance measures: per pupil, school and academic year, the possible
//! and attended sessions, attendance, persistent absence (missing 10% or
//! more of possible sessions) and severe absence (50% or more), and their
//! totals per school and per authority.

use crate::calendar::academic_year_start;
use crate::read::DataSet;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// One pupil's sessions at one school in one academic year (an enrolment,
/// as the DfE counts it: a pupil who moves school counts at each).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Enrolment {
    /// Possible sessions (codes other than X, Y1–Y7, Z, #).
    pub possible: u32,
    /// Sessions attended (present or approved educational activity).
    pub attended: u32,
}

impl Enrolment {
    /// Possible sessions missed.
    pub fn absent(&self) -> u32 {
        self.possible - self.attended
    }

    /// Missed 10% or more of possible sessions.
    pub fn persistently_absent(&self) -> bool {
        self.possible > 0 && u64::from(self.absent()) * 10 >= u64::from(self.possible)
    }

    /// Missed 50% or more of possible sessions.
    pub fn severely_absent(&self) -> bool {
        self.possible > 0 && u64::from(self.absent()) * 2 >= u64::from(self.possible)
    }
}

/// Totals over a group of enrolments (a school, an authority, everyone).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Enrolments with at least one possible session.
    pub pupils: u32,
    /// Of which persistently absent.
    pub persistent: u32,
    /// Of which severely absent.
    pub severe: u32,
    /// Possible sessions, summed.
    pub possible: u64,
    /// Attended sessions, summed.
    pub attended: u64,
}

impl Totals {
    fn add(&mut self, enrolment: &Enrolment) {
        if enrolment.possible == 0 {
            return;
        }
        self.pupils += 1;
        self.persistent += u32::from(enrolment.persistently_absent());
        self.severe += u32::from(enrolment.severely_absent());
        self.possible += u64::from(enrolment.possible);
        self.attended += u64::from(enrolment.attended);
    }
}

/// The academic year containing a date, written `2024/25`.
pub fn academic_year(date: NaiveDate) -> String {
    let start = academic_year_start(date).year();
    format!("{start}/{:02}", (start + 1) % 100)
}

/// Every enrolment of the data set, keyed by (academic year, school, pupil).
pub fn enrolments(data: &DataSet) -> BTreeMap<(String, String, String), Enrolment> {
    let mut enrolments: BTreeMap<(String, String, String), Enrolment> = BTreeMap::new();
    for mark in &data.marks {
        if !mark.code.is_possible() {
            continue;
        }
        let key = (
            academic_year(mark.date),
            mark.school.clone(),
            mark.pupil.clone(),
        );
        let enrolment = enrolments.entry(key).or_default();
        enrolment.possible += 1;
        enrolment.attended += u32::from(mark.code.is_attending());
    }
    enrolments
}

/// Totals per academic year and group, where `group` maps a school to the
/// name it is counted under (the school itself, its authority, or "England").
pub fn totals_by<F>(
    enrolments: &BTreeMap<(String, String, String), Enrolment>,
    group: F,
) -> BTreeMap<(String, String), Totals>
where
    F: Fn(&str) -> String,
{
    let mut totals: BTreeMap<(String, String), Totals> = BTreeMap::new();
    for ((year, school, _), enrolment) in enrolments {
        totals
            .entry((year.clone(), group(school)))
            .or_default()
            .add(enrolment);
    }
    totals
}
