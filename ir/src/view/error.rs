//! What can be wrong with a rule graph.

use crate::events::EventKind;
use crate::graph::{NodeId, FORMAT};
use crate::view::Unit;
use std::fmt;

/// Why a rule graph cannot be viewed: an edge to a missing node or to a
/// node of the wrong kind, a window of no length, a comparison of
/// different units, a predicate containing itself, or versions out of
/// order. Its text names the node (`node 999 does not exist`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViewError {
    /// The graph was written in another format version.
    Format(u32),
    /// An edge to a node that does not exist.
    Missing(NodeId),
    /// An edge to a node of the wrong kind.
    WrongKind {
        /// The node.
        id: NodeId,
        /// What it should be (`a predicate`).
        expected: &'static str,
    },
    /// A classifier that does not read the marks input.
    NotMarks(NodeId),
    /// An edge that should lead to the events input of one kind.
    NotEvents {
        /// The node.
        id: NodeId,
        /// The kind of events expected.
        kind: EventKind,
    },
    /// A precondition on an event kind the graph does not declare.
    Undeclared(EventKind),
    /// A `notice_to_improve` window anchored on another input.
    NoticeToImproveAnchor(NodeId),
    /// A window of no length, in these units.
    EmptyWindow(&'static str),
    /// An exclusion sighting within 0 school days.
    EmptySighting,
    /// A comparison of two different units.
    Units {
        /// The predicate.
        id: NodeId,
        /// The left side's unit.
        left: Unit,
        /// The right side's unit.
        right: Unit,
    },
    /// A predicate that contains itself.
    Cycle(NodeId),
    /// Predicates nested deeper than any policy writes them.
    TooDeep,
    /// A shared limit of no decisions.
    EmptyLimit(NodeId),
    /// A list of actions (a rule's own, or an alternative's) with more than
    /// one penalty (penalty notice, exclusion notice, prosecution).
    SeveralPenalties(NodeId),
    /// Two versions that overlap or are out of date order, by label
    /// (`national@2024-08-19`).
    VersionOrder(String, String),
}

impl fmt::Display for ViewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ViewError::Format(found) => write!(
                f,
                "rule graph format {found} (this runtime reads format {FORMAT})"
            ),
            ViewError::Missing(id) => write!(f, "node {} does not exist", id.0),
            ViewError::WrongKind { id, expected } => write!(f, "node {} is not {expected}", id.0),
            ViewError::NotMarks(id) => write!(f, "classifier {} does not read marks", id.0),
            ViewError::NotEvents { id, kind } => {
                write!(f, "node {} is not the {kind} events input", id.0)
            }
            ViewError::Undeclared(kind) => {
                write!(
                    f,
                    "a precondition on `{kind}`, an event kind it does not declare"
                )
            }
            ViewError::NoticeToImproveAnchor(id) => write!(
                f,
                "a notice_to_improve window anchored on another input (node {})",
                id.0
            ),
            ViewError::EmptyWindow(unit) => write!(f, "a window of 0 {unit}"),
            ViewError::EmptySighting => f.write_str("an exclusion sighting within 0 school days"),
            ViewError::Units { id, left, right } => {
                write!(f, "predicate {} compares {left} with {right}", id.0)
            }
            ViewError::Cycle(id) => write!(f, "predicate {} contains itself", id.0),
            ViewError::EmptyLimit(id) => write!(f, "limit {} allows no decision", id.0),
            ViewError::SeveralPenalties(id) => {
                write!(f, "rule {} takes more than one penalty at once", id.0)
            }
            ViewError::TooDeep => f.write_str("predicates nested too deeply"),
            ViewError::VersionOrder(first, second) => write!(
                f,
                "versions {first} and {second} overlap or are out of date order"
            ),
        }
    }
}

impl std::error::Error for ViewError {}
