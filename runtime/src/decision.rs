//! Decisions: what the evaluation of a policy concludes for a pupil, with
//! the evidence that supports it. The output contract in README.md.

use chrono::NaiveDate;
use rollcall_data::model::{EventKind, Session};
use rollcall_ir::codes::Code;
use rollcall_ir::graph::Payment;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// One decision about one pupil (and, for enforcement, one parent).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Pupil identifier.
    pub pupil: String,
    /// Parent identifier; `None` for pupil-level actions (letters…).
    pub parent: Option<String>,
    /// The school day the rule was met.
    pub date: NaiveDate,
    /// `penalty_notice`, `exclusion_notice`, `prosecution`, `letter`,
    /// `meeting`, `referral`, `contract`, `manual_review`.
    pub action: String,
    /// The letter label, referral target or review reason, where any.
    pub label: Option<String>,
    /// The rule's name.
    pub rule: String,
    /// The leading authority's identifier.
    pub authority: String,
    /// Which policy decided: `id@from` of the effective version (e.g.
    /// `westmorland-and-furness@2024-08-19`).
    pub policy: String,
    /// The notice number (attendance penalty notices only).
    pub notice_number: Option<u32>,
    /// Payment options (penalty and exclusion notices); empty otherwise.
    pub payments: Vec<Payment>,
    /// Why, in one line (e.g. "third notice within 3 years: prosecution instead").
    pub reason: String,
    /// The sessions and events that met the rule.
    pub evidence: Vec<Evidence>,
}

/// One piece of evidence: a session mark or an event.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Evidence {
    /// A register session.
    Session {
        /// The day.
        date: NaiveDate,
        /// AM or PM.
        session: Session,
        /// The code.
        code: Code,
        /// The school that recorded it (its id, shared with the school's).
        school: Arc<str>,
    },
    /// An event from `events.csv`.
    Event {
        /// The day it happened (or began).
        date: NaiveDate,
        /// Its kind.
        event: EventKind,
        /// Its end, where it has one.
        end: Option<NaiveDate>,
    },
}
