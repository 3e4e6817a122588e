//! Evaluation of compiled policies against pupil histories: which decisions
//! (penalty notices, prosecutions, letters…) are due, on which day, for whom,
//! and on which evidence.
//!
//! Build a [`PolicySet`] from the compiled [`RuleGraph`](rollcall_ir::graph::RuleGraph)s,
//! then [`evaluate`] a [`DataSet`] (every pupil, in parallel) or [`explain`]
//! one pupil. Each pupil's marks are streamed once in date order; every
//! window is kept incrementally. The semantics of each part are documented
//! on the module that implements it: the pupil's calendar (`days`), windows
//! (`window`), aggregates, predicates, rule firing (`rules`, `firing`),
//! notice escalation (`escalation`) and policy choice ([`PolicySet`]).

mod aggregate;
mod days;
mod decide;
mod episodes;
mod escalation;
mod events;
mod firing;
mod gates;
mod limits;
mod parallel;
mod plan;
mod policy_set;
mod predicate;
mod pupil;
mod rules;
mod trace;
mod window;

pub use parallel::{
    evaluate, evaluate_stream, evaluate_stream_each, EmitEach, Evaluation, StreamError,
    StreamTotals,
};
pub use policy_set::{PolicySet, PolicySetError};
pub use trace::{Timeline, TimelineDay};

use crate::calendar::compulsory_school_age;
use chrono::NaiveDate;
use pupil::{evaluate_pupil, Scratch};
use rollcall_data::read::DataSet;
use trace::Tracer;

/// How to evaluate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EvalOptions {
    /// Ignore marks and events dated after this day.
    pub as_of: Option<NaiveDate>,
    /// Evaluate on this many threads (default: rayon's global pool).
    pub threads: Option<usize>,
}

/// Why a pupil's timeline cannot be given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExplainError {
    /// No such pupil in the data.
    #[error("pupil `{0}` is not in the pupils file of the data")]
    UnknownPupil(String),
}

/// The timeline of one pupil: the days that mattered, each rule's running
/// values on them, and why each decision was or was not taken.
pub fn explain(
    policies: &PolicySet,
    data: &DataSet,
    pupil: &str,
) -> Result<Timeline, ExplainError> {
    let history = data
        .history(pupil)
        .ok_or_else(|| ExplainError::UnknownPupil(pupil.into()))?;
    let (start, end) = compulsory_school_age(history.pupil.date_of_birth);
    let parents = if history.pupil.parents.is_empty() {
        "none recorded".to_string()
    } else {
        history.pupil.parents.join(", ")
    };
    let header = vec![
        format!(
            "born {}; of compulsory school age from {start} to {end} \
             (sessions before {start} are never counted or evidence)",
            history.pupil.date_of_birth
        ),
        format!("parents: {parents}"),
        format!(
            "{} marks, {} events",
            history.marks.len(),
            history.events.len()
        ),
    ];
    let mut tracer = Tracer::on();
    let mut scratch = Scratch::default();
    let decisions = evaluate_pupil(
        policies,
        &data.schools,
        history,
        None,
        &mut scratch,
        &mut tracer,
    );
    Ok(Timeline {
        pupil: pupil.to_string(),
        header,
        days: tracer.finish(),
        decisions,
    })
}
