//! The executable specification of the rollcall policy language: a plain,
//! slow evaluator that the engine (`rollcall-runtime`) is tested against.
//!
//! It walks every school day of a pupil, evaluates every rule in force from
//! scratch by scanning the whole history (no incremental windows, no
//! skipping, no batching) and returns the engine's [`Decision`] values, so
//! the two can be compared exactly. It covers the part of the language
//! documented in docs/reference.md; a policy using anything else is
//! rejected with [`Unsupported`] rather than evaluated wrongly.

#![forbid(unsafe_code)]

mod calendar;
mod cases;
mod episodes;
mod fire;
mod limits;
mod measure;
mod notices;
mod percentages;
mod preconditions;
mod pupil;
mod sightings;

pub use pupil::evaluate_pupil;

use rollcall_data::read::DataSet;
use rollcall_ir::graph::RuleGraph;
use rollcall_runtime::decision::Decision;

/// A construct of the language the reference does not evaluate yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported(pub String);

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the reference does not evaluate {}", self.0)
    }
}

/// Every decision for every pupil of `data` under the single policy
/// `graph`, pupil by pupil in id order.
pub fn evaluate(graph: &RuleGraph, data: &DataSet) -> Result<Vec<Decision>, Unsupported> {
    let view = rollcall_ir::view::view(graph).map_err(|error| Unsupported(error.to_string()))?;
    let mut decisions = Vec::new();
    for history in data.histories() {
        decisions.extend(evaluate_pupil(&view, &data.schools, &history)?);
    }
    Ok(decisions)
}
