//! The cross-check of a CTF year's decoded marks against the totals the
//! file gives for it (`SessionsPossible`, `SessionsAttended`,
//! `SessionsAuthorised`, `SessionsUnauthorised`), counted with the code
//! table's own categories ([`Code::is_possible`], [`Code::is_attending`],
//! [`Category`]).

use super::marks::DecodedMark;
use rollcall_ir::codes::{Category, Code};

/// A year's session totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Possible sessions: codes outside the not-possible category.
    pub possible: u32,
    /// Sessions attended: present or approved educational activity.
    pub attended: u32,
    /// Authorised absences.
    pub authorised: u32,
    /// Unauthorised absences.
    pub unauthorised: u32,
}

/// The CTF elements of the totals, in the order [`Totals::differences`]
/// compares them.
pub const ELEMENTS: [&str; 4] = [
    "SessionsPossible",
    "SessionsAttended",
    "SessionsAuthorised",
    "SessionsUnauthorised",
];

impl Totals {
    /// The totals of `marks`.
    pub fn of(marks: &[DecodedMark]) -> Totals {
        let mut totals = Totals::default();
        for mark in marks {
            totals.count(mark.code);
        }
        totals
    }

    /// Counts one session's code.
    fn count(&mut self, code: Code) {
        if !code.is_possible() {
            return;
        }
        self.possible += 1;
        if code.is_attending() {
            self.attended += 1;
        }
        match code.category() {
            Category::Authorised => self.authorised += 1,
            Category::Unauthorised => self.unauthorised += 1,
            _ => {}
        }
    }

    /// The totals as [`ELEMENTS`] lists them.
    fn figures(&self) -> [u32; 4] {
        [
            self.possible,
            self.attended,
            self.authorised,
            self.unauthorised,
        ]
    }

    /// Each total of `given` (by element, `None` where the file gives
    /// none) that differs from these decoded ones: `SessionsPossible 10
    /// given, 8 decoded`.
    pub fn differences(&self, given: &[Option<u32>; 4]) -> Vec<String> {
        ELEMENTS
            .iter()
            .zip(given)
            .zip(self.figures())
            .filter_map(|((element, given), decoded)| match given {
                Some(given) if *given != decoded => {
                    Some(format!("{element} {given} given, {decoded} decoded"))
                }
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::marks::decode_marks;
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn totals_follow_the_code_categories() {
        let start = NaiveDate::from_ymd_opt(2024, 9, 9).unwrap();
        // present, late, educational visit, illness, unauthorised, late after
        // close, dual registered (not possible), closure (not possible).
        let marks = decode_marks(start, "/LVINUD#").unwrap();
        let totals = Totals::of(&marks);
        assert_eq!(
            totals,
            Totals {
                possible: 6,
                attended: 3,
                authorised: 1,
                unauthorised: 2
            }
        );
        assert!(totals
            .differences(&[Some(6), Some(3), Some(1), None])
            .is_empty());
        assert_eq!(
            totals.differences(&[Some(8), Some(3), Some(2), Some(2)]),
            [
                "SessionsPossible 8 given, 6 decoded",
                "SessionsAuthorised 2 given, 1 decoded"
            ]
        );
    }
}
