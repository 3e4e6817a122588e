//! Attendance measures of the generated cohort, counted while generating:
//! persistent absence (10% or more of possible sessions missed) and severe
//! absence (50% or more), per pupil per academic year, and unauthorised
//! absence by reason as the DfE's absence statistics give it (holiday `G`,
//! late after the register closed `U`, and other: `O` and `N`). Sessions
//! are counted and the thresholds applied as
//! [`rollcall_runtime::measures`] does.

use rollcall_ir::codes::{Category, Code};
use rollcall_runtime::measures::Sessions;
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
    /// Of those, holiday (`G`) sessions.
    pub holiday: u64,
    /// Of those, sessions of arriving after the register closed (`U`).
    pub late: u64,
}

/// One pupil's sessions in one academic year.
#[derive(Clone, Copy, Debug, Default)]
pub struct PupilYear {
    sessions: Sessions,
    unauthorised: u64,
    holiday: u64,
    late: u64,
}

impl PupilYear {
    /// Counts one session.
    #[inline]
    pub fn count(&mut self, code: Code) {
        self.sessions.count(code);
        self.unauthorised += u64::from(code.category() == Category::Unauthorised);
        self.holiday += u64::from(code == Code::G);
        self.late += u64::from(code == Code::U);
    }

    /// Unauthorised sessions so far.
    pub fn unauthorised(&self) -> u64 {
        self.unauthorised
    }
}

impl Measures {
    /// Adds one pupil's academic year.
    pub fn add(&mut self, year: PupilYear) {
        let sessions = year.sessions;
        if sessions.possible == 0 {
            return;
        }
        self.pupil_years += 1;
        self.persistent += u64::from(sessions.is_persistently_absent());
        self.severe += u64::from(sessions.is_severely_absent());
        self.possible += u64::from(sessions.possible);
        self.absent += u64::from(sessions.absences());
        self.unauthorised += year.unauthorised;
        self.holiday += year.holiday;
        self.late += year.late;
    }

    /// Adds another set of counts.
    pub fn merge(&mut self, other: &Measures) {
        self.pupil_years += other.pupil_years;
        self.persistent += other.persistent;
        self.severe += other.severe;
        self.possible += other.possible;
        self.absent += other.absent;
        self.unauthorised += other.unauthorised;
        self.holiday += other.holiday;
        self.late += other.late;
    }
}

impl fmt::Display for Measures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let percent = |part: u64, whole: u64| 100.0 * part as f64 / whole.max(1) as f64;
        write!(
            f,
            "persistent absence {} of {} pupil-years ({:.1}%), severe absence {} ({:.1}%); \
             overall absence {:.1}% of possible sessions, unauthorised {:.1}% \
             (holiday {:.1}%, late after the register closed {:.1}%, other {:.1}%)",
            self.persistent,
            self.pupil_years,
            percent(self.persistent, self.pupil_years),
            self.severe,
            percent(self.severe, self.pupil_years),
            percent(self.absent, self.possible),
            percent(self.unauthorised, self.possible),
            percent(self.holiday, self.possible),
            percent(self.late, self.possible),
            percent(self.unauthorised - self.holiday - self.late, self.possible),
        )
    }
}
