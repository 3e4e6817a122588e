//! A parsed case file: the policy under test, the pupil, their schools,
//! marks and events, and the expected decisions, each with its line.

use chrono::NaiveDate;
use rollcall_data::model::{EventKind, Session};
use rollcall_ir::codes::Code;
use rollcall_ir::graph::Payment;

/// One case file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// The file, as given.
    pub path: String,
    /// The id of the policy under test.
    pub policy: String,
    /// The line of the `policy` line.
    pub policy_line: usize,
    /// The pupil.
    pub pupil: CasePupil,
    /// The schools, in order of appearance; the first is where the pupil
    /// starts (the policy's default school unless a `school` line comes
    /// before the first week).
    pub schools: Vec<SchoolLine>,
    /// Every session mark, in file order.
    pub marks: Vec<CaseMark>,
    /// Every event, in file order.
    pub events: Vec<CaseEvent>,
    /// What should be decided.
    pub expected: Expected,
}

/// The `pupil` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CasePupil {
    /// Identifier (`pupil` unless given).
    pub id: String,
    /// Date of birth.
    pub date_of_birth: NaiveDate,
    /// Parent identifiers.
    pub parents: Vec<String>,
}

/// A `school` line (or the default school the pupil starts at).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchoolLine {
    /// The school's id; `None` for the policy's default school.
    pub id: Option<String>,
    /// Its authority, if the line gives one (`in AUTHORITY`).
    pub authority: Option<String>,
    /// The line (0 for the default school).
    pub line: usize,
}

/// One session of a week line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseMark {
    /// The day.
    pub date: NaiveDate,
    /// AM or PM.
    pub session: Session,
    /// The code.
    pub code: Code,
    /// Index into [`Case::schools`].
    pub school: usize,
}

/// An `event` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseEvent {
    /// What happened.
    pub kind: EventKind,
    /// When (or when it began).
    pub start: NaiveDate,
    /// Its end (exclusions; the extended end of a Notice to Improve), or
    /// the day a penalty notice was withdrawn.
    pub end: Option<NaiveDate>,
    /// The parent concerned.
    pub parent: Option<String>,
    /// The authority that issued an earlier penalty notice.
    pub by: Option<String>,
    /// The session an exclusion began in (`began PM`).
    pub start_session: Option<Session>,
    /// The line.
    pub line: usize,
}

/// The expected decisions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expected {
    /// `expect nothing`: no decision at all.
    Nothing,
    /// These decisions, and no others.
    Decisions(Vec<Expectation>),
}

/// One `expect` line: the fields it states; a field it leaves out is not
/// compared.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expectation {
    /// The line.
    pub line: usize,
    /// The decision day.
    pub date: NaiveDate,
    /// The action (`penalty_notice`, `letter`…).
    pub action: String,
    /// The letter's label, referral target or review reason, or the open
    /// case a `case_evidence` is reported against.
    pub label: Option<String>,
    /// The parent.
    pub parent: Option<String>,
    /// The notice number.
    pub notice_number: Option<u32>,
    /// The payment options (`pays nothing` is an empty list).
    pub payments: Option<Vec<Payment>>,
    /// The rule's name.
    pub rule: Option<String>,
    /// The deciding policy version, `id@from`.
    pub policy: Option<String>,
    /// The leading authority.
    pub authority: Option<String>,
    /// How many sessions and events of evidence.
    pub evidence: Option<usize>,
}

/// A problem with a case file, at a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseError {
    /// The file, as given.
    pub path: String,
    /// The 1-based line; 0 for the file as a whole (it cannot be read).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for CaseError {
    /// `file:line: message` (`file: message` for line 0).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            0 => write!(f, "{}: {}", self.path, self.message),
            line => write!(f, "{}:{line}: {}", self.path, self.message),
        }
    }
}
