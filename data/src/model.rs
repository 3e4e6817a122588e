//! The data model: schools, pupils, session marks and events, as read from a
//! data directory (see the data contract in README.md).

use chrono::NaiveDate;
use rollcall_ir::codes::Code;
pub use rollcall_ir::events::EventKind;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// A register session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Session {
    /// Morning.
    #[serde(rename = "AM")]
    Am,
    /// Afternoon.
    #[serde(rename = "PM")]
    Pm,
}

impl Session {
    /// `"AM"` or `"PM"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Session::Am => "AM",
            Session::Pm => "PM",
        }
    }

    /// Parses `AM` or `PM`.
    pub fn parse(text: &str) -> Option<Session> {
        match text {
            "AM" => Some(Session::Am),
            "PM" => Some(Session::Pm),
            _ => None,
        }
    }
}

impl fmt::Display for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A row of `schools.csv`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct School {
    /// School identifier (also a school policy's id, if it has one);
    /// shared, as every piece of evidence from the school names it.
    pub id: Arc<str>,
    /// Name.
    pub name: String,
    /// The identifier of its local authority's policy.
    pub authority: String,
}

/// A row of `pupils.csv`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pupil {
    /// Pupil identifier.
    pub id: String,
    /// Date of birth (for compulsory school age).
    pub date_of_birth: NaiveDate,
    /// Parent identifiers; each parent receives their own notices.
    pub parents: Vec<String>,
}

/// A row of `marks.csv`: one session of a pupil, held compactly (12
/// bytes): the school as an index, the code as a small enum. Whose mark it
/// is, is where it is kept (a pupil's own list, as in
/// [`PupilHistory`](crate::read::PupilHistory)), not a field: the engine
/// reads hundreds of millions of marks, and a quarter less to read counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Mark {
    /// The school: an index into the run's schools, sorted by id.
    pub school: u32,
    /// The school day.
    pub date: NaiveDate,
    /// AM or PM.
    pub session: Session,
    /// The register code.
    pub code: Code,
}

/// A row of `events.csv`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Pupil identifier.
    pub pupil: String,
    /// The parent concerned, where the event names one.
    pub parent: Option<String>,
    /// What happened.
    pub kind: EventKind,
    /// When it happened (or began).
    pub start: NaiveDate,
    /// When it ended (exclusions), or was withdrawn (penalty notices), or
    /// the extended end of an improvement period (Notices to Improve).
    pub end: Option<NaiveDate>,
    /// Free detail: the issuing authority of an earlier penalty notice.
    pub detail: Option<String>,
    /// The session an exclusion began in (`events.csv`'s optional
    /// `start_session`): `PM` when the pupil was excluded once the
    /// afternoon session had begun, so that its first day is the next
    /// school day; `None` (or `AM`) when the start date is its first day.
    pub start_session: Option<Session>,
}
