//! Academic years (1 September – 31 August), written `2024/25`.

use crate::calendar::academic_year_start;
use chrono::Datelike;
use chrono::NaiveDate;
use std::fmt;
use std::str::FromStr;

/// An academic year, named by the calendar year it starts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AcademicYear {
    /// The year of its 1 September.
    pub start_year: i32,
}

/// Why a text is not an academic year.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an academic year (expected two consecutive years, like 2024/25)")]
pub struct AcademicYearError(pub String);

impl AcademicYear {
    /// The academic year containing `date`.
    pub fn of(date: NaiveDate) -> AcademicYear {
        AcademicYear {
            start_year: academic_year_start(date).year(),
        }
    }
}

impl fmt::Display for AcademicYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let end = (self.start_year + 1).rem_euclid(100);
        write!(f, "{}/{end:02}", self.start_year)
    }
}

impl FromStr for AcademicYear {
    type Err = AcademicYearError;

    /// Parses `2024/25` (the second year must follow the first).
    fn from_str(text: &str) -> Result<AcademicYear, AcademicYearError> {
        let error = || AcademicYearError(text.to_string());
        let (start, end) = text.split_once('/').ok_or_else(error)?;
        let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if start.len() != 4 || end.len() != 2 || !all_digits(start) || !all_digits(end) {
            return Err(error());
        }
        let start_year: i32 = start.parse().map_err(|_| error())?;
        let end_year: i32 = end.parse().map_err(|_| error())?;
        if (start_year + 1) % 100 != end_year {
            return Err(error());
        }
        Ok(AcademicYear { start_year })
    }
}
