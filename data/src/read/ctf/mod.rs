//! Reading the attendance of Common Transfer Files (CTF), the DfE's XML
//! format in which a school's management information system sends a
//! pupil's record to their next school.
//!
//! The format is the DfE's *Common transfer file (CTF) specification*
//! (CTF 20 to CTF 25, Department for Education, in the "Common transfer
//! file (CTF) and co-ordinated admissions data" collection,
//! <https://www.gov.uk/government/collections/common-transfer-file>). A
//! file is read streaming (quick-xml events, no document tree): from the
//! header, the source school (`Header/SourceSchool/{LEA, Estab,
//! SchoolName}`); from each `CTFpupilData/Pupil`, its `UPN`, date of birth
//! (`BirthDate`, or `DOB` as the specifications name it), the contacts with
//! parental responsibility, and each `Attendance/YearData`'s
//! `AttendSessions/{AttendanceStartDate, AttendanceMarks}`, decoded as
//! [`marks`] says and cross-checked against the year's totals
//! ([`totals`]).
//!
//! A pupil with an error (a bad date, an unknown mark, a code out of its
//! era, a missing element) is reported and left out; the file's other
//! pupils are read on. Malformed XML ends the file's reading where it is:
//! the pupils before it are kept. Every problem names the file and its
//! line and column.

mod file;
pub mod marks;
mod position;
pub mod totals;

pub use file::read_ctf;
pub use marks::{decode_marks, DecodedMark};
pub use position::Position;

use chrono::NaiveDate;
use std::fmt;
use std::path::PathBuf;

/// The school a CTF comes from, per its header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CtfSchool {
    /// The local authority's number (`LEA`, three digits).
    pub lea: String,
    /// The establishment number within the authority (`Estab`, four digits).
    pub estab: String,
    /// The school's name (`SchoolName`; empty if the header has none).
    pub name: String,
}

impl CtfSchool {
    /// The school's id: its LEA and Estab numbers together (`LLLEEEE`, the
    /// DfE number).
    pub fn id(&self) -> String {
        format!("{}{}", self.lea, self.estab)
    }
}

/// One pupil of a CTF, with every mark of their `AttendanceMarks`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CtfPupil {
    /// The unique pupil number (`UPN`).
    pub upn: String,
    /// The date of birth.
    pub date_of_birth: NaiveDate,
    /// The contacts with parental responsibility, as parent ids
    /// `UPN-contactORDER` (the contact's `Order`), in the file's order.
    pub parents: Vec<String>,
    /// The decoded marks of all the pupil's years, in the file's order.
    pub marks: Vec<DecodedMark>,
    /// Where the pupil's record starts.
    pub position: Position,
}

/// A file's school and the pupils read from it, and what was wrong.
#[derive(Clone, Debug)]
pub struct CtfFile {
    /// The source school.
    pub school: CtfSchool,
    /// The pupils read whole, in the file's order.
    pub pupils: Vec<CtfPupil>,
    /// The problems found, in the file's order.
    pub problems: Vec<Problem>,
}

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Something was not read (a pupil, or the rest of the file).
    Error,
    /// A year's totals disagree with its marks; the marks are read.
    Mismatch,
}

/// A problem of a CTF, where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file.
    pub file: PathBuf,
    /// Where in the file.
    pub position: Position,
    /// What is wrong.
    pub message: String,
    /// Whether anything was left out for it.
    pub severity: Severity,
}

impl fmt::Display for Problem {
    /// `file:line:col: error: message` (or `warning:` for a mismatch).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Mismatch => "warning",
        };
        write!(
            f,
            "{}:{}: {kind}: {}",
            self.file.display(),
            self.position,
            self.message
        )
    }
}
