//! A pupil's absence profile: how often they miss school, for how long at
//! a time, why, and how often they are late. The rates have a heavy tail
//! of chronic absentees, calibrated so that about 20% of pupils are
//! persistently absent and about 2% severely absent, as in England.

use super::rng::Rng;
use rollcall_ir::codes::Code;

/// The share of ordinary school days a pupil misses, by quantile of the
/// cohort: points (quantile, rate) joined by straight lines.
const ABSENCE_RATE_QUANTILES: [(f64, f64); 12] = [
    (0.0, 0.0),
    (0.20, 0.008),
    (0.40, 0.021),
    (0.60, 0.035),
    (0.74, 0.058),
    (0.782, 0.090),
    (0.90, 0.140),
    (0.95, 0.220),
    (0.970, 0.400),
    (0.980, 0.550),
    (0.995, 0.750),
    (1.0, 0.900),
];
/// Absence rate from which a pupil is a chronic absentee.
const CHRONIC_RATE: f64 = 0.10;
/// Share of late mornings on which the register had already closed (`U`).
const LATE_AFTER_CLOSE: f64 = 0.25;
/// Chance of a medical or dental appointment (`M`) on a present day.
const MEDICAL: f64 = 0.004;
/// Chance that an unauthorised day is only a missed afternoon.
const AFTERNOON_ONLY: f64 = 0.15;

/// One pupil's absence profile.
#[derive(Clone, Debug)]
pub struct Profile {
    /// The share of ordinary school days the pupil tends to miss.
    pub rate: f64,
    /// Chance that an absence starts on a day after a present day.
    start: f64,
    /// Chance that an absence carries on to the next day.
    carry_on: f64,
    /// Share of absences that are unauthorised.
    unauthorised: f64,
    /// Chance of arriving late in the morning.
    late: f64,
}

/// A pupil's running state from day to day: whether they are in an
/// absence, and for what reason.
#[derive(Clone, Copy, Debug)]
pub struct Spell {
    absent: bool,
    reason: Code,
}

impl Default for Spell {
    fn default() -> Spell {
        Spell {
            absent: false,
            reason: Code::I,
        }
    }
}

impl Profile {
    /// A random profile.
    pub fn draw(rng: &mut Rng) -> Profile {
        let rate = interpolate(&ABSENCE_RATE_QUANTILES, rng.unit());
        let mean_spell_days = 1.5 + 8.0 * rate;
        let carry_on = 1.0 - 1.0 / mean_spell_days;
        let start = (rate / (mean_spell_days * (1.0 - rate))).min(1.0);
        let unauthorised = if rate >= CHRONIC_RATE {
            0.18 + 0.32 * rng.unit()
        } else {
            0.07 + 0.18 * rng.unit()
        };
        let late = [0.005, 0.03, 0.12][rng.weighted(&[70, 25, 5])];
        Profile {
            rate,
            start,
            carry_on,
            unauthorised,
            late,
        }
    }

    /// Whether the pupil is a chronic absentee.
    pub fn is_chronic(&self) -> bool {
        self.rate >= CHRONIC_RATE
    }

    /// The morning and afternoon codes of an ordinary school day, moving
    /// the pupil's `spell` on by a day.
    pub fn day(&self, rng: &mut Rng, spell: &mut Spell) -> (Code, Code) {
        let absent = if spell.absent {
            rng.chance(self.carry_on)
        } else {
            rng.chance(self.start)
        };
        if absent && !spell.absent {
            spell.reason = self.reason(rng);
        }
        spell.absent = absent;
        if absent {
            return match spell.reason {
                Code::O if rng.chance(AFTERNOON_ONLY) => (self.morning(rng), Code::O),
                reason => (reason, reason),
            };
        }
        let morning = self.morning(rng);
        if !rng.chance(MEDICAL) {
            (morning, Code::PresentPm)
        } else if rng.chance(0.5) {
            (Code::M, Code::PresentPm)
        } else {
            (morning, Code::M)
        }
    }

    /// Why an absence happens: unauthorised (`O`), or illness (`I`), and
    /// now and then exceptional leave (`C`) or religious observance (`R`).
    fn reason(&self, rng: &mut Rng) -> Code {
        if rng.chance(self.unauthorised) {
            Code::O
        } else {
            [Code::I, Code::C, Code::R][rng.weighted(&[960, 25, 15])]
        }
    }

    /// A morning the pupil attends: on time, late (`L`), or after the
    /// register closed (`U`).
    fn morning(&self, rng: &mut Rng) -> Code {
        if !rng.chance(self.late) {
            Code::PresentAm
        } else if rng.chance(LATE_AFTER_CLOSE) {
            Code::U
        } else {
            Code::L
        }
    }
}

/// The piecewise-linear function through `points` (sorted by x), at `x`.
fn interpolate(points: &[(f64, f64)], x: f64) -> f64 {
    for pair in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        if x <= x1 {
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
        }
    }
    points.last().map_or(0.0, |&(_, y)| y)
}
