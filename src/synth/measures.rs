//! Attendance measures of the generated cohort, counted while generating:
//! persistent absence (10% or more of possible sessions missed) and severe
//! absence (50% or more), per pupil per academic year.

use rollcall_runtime::codes::{Category, Code};
use std::fmt;

/// Counts of sessions and pupil-years.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Measures {
    /// Pupil-years with at least one possible session.
    pub pupil_years: u64,
    /// Pupil-years missing 10% or more of their possible sessions.
    pub persistent: u64,
    /// Pupil-years missing 50% or more of their possible sessions.
    pub severe: u64,
    /// Possible sessions.
    pub possible: u64,
    /// Sessions of absence (authorised or unauthorised).
    pub absent: u64,
    /// Sessions of unauthorised absence.
    pub unauthorised: u64,
}

/// One pupil's sessions in one academic year.
#[derive(Clone, Copy, Debug, Default)]
pub struct PupilYear {
    possible: u64,
    absent: u64,
    unauthorised: u64,
}

impl PupilYear {
    /// Counts one session.
    #[inline]
    pub fn count(&mut self, code: Code) {
        match code.category() {
            Category::Authorised => self.absent += 1,
            Category::Unauthorised => {
                self.absent += 1;
                self.unauthorised += 1;
            }
            Category::NotPossible => return,
            Category::Present | Category::ApprovedActivity => {}
        }
        self.possible += 1;
    }

    /// Unauthorised sessions so far.
    pub fn unauthorised(&self) -> u64 {
        self.unauthorised
    }
}

impl Measures {
    /// Adds one pupil's academic year.
    pub fn add(&mut self, year: PupilYear) {
        if year.possible == 0 {
            return;
        }
        self.pupil_years += 1;
        self.persistent += u64::from(year.absent * 10 >= year.possible);
        self.severe += u64::from(year.absent * 2 >= year.possible);
        self.possible += year.possible;
        self.absent += year.absent;
        self.unauthorised += year.unauthorised;
    }

    /// Adds another set of counts.
    pub fn merge(&mut self, other: &Measures) {
        self.pupil_years += other.pupil_years;
        self.persistent += other.persistent;
        self.severe += other.severe;
        self.possible += other.possible;
        self.absent += other.absent;
        self.unauthorised += other.unauthorised;
    }
}

impl fmt::Display for Measures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let percent = |part: u64, whole: u64| 100.0 * part as f64 / whole.max(1) as f64;
        write!(
            f,
            "persistent absence {} of {} pupil-years ({:.1}%), severe absence {} ({:.1}%); \
             overall absence {:.1}% of possible sessions, unauthorised {:.1}%",
            self.persistent,
            self.pupil_years,
            percent(self.persistent, self.pupil_years),
            self.severe,
            percent(self.severe, self.pupil_years),
            percent(self.absent, self.possible),
            percent(self.unauthorised, self.possible),
        )
    }
}
