//! Evaluating every pupil, in parallel: pupils are independent, so each is
//! evaluated on its own and the results are put back in pupil order.

use super::pupil::{evaluate_pupil, Scratch};
use super::trace::Tracer;
use super::{EvalOptions, PolicySet};
use crate::decision::Decision;
use crate::read::DataSet;
use chrono::NaiveDate;
use rayon::prelude::*;

/// Evaluates `policies` against every pupil of `data`: their decisions,
/// sorted by pupil, date, parent and rule. Pupils are evaluated in parallel
/// (on `options.threads` threads if given, else rayon's global pool); the
/// result does not depend on the number of threads.
pub fn evaluate(policies: &PolicySet, data: &DataSet, options: &EvalOptions) -> Vec<Decision> {
    let run = || evaluate_all(policies, data, options.as_of);
    match options.threads {
        Some(threads) => match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
            Ok(pool) => pool.install(run),
            Err(_) => run(),
        },
        None => run(),
    }
}

fn evaluate_all(policies: &PolicySet, data: &DataSet, as_of: Option<NaiveDate>) -> Vec<Decision> {
    let histories = data.histories();
    let per_pupil: Vec<Vec<Decision>> = histories
        .par_iter()
        .map_init(Scratch::default, |scratch, history| {
            let mut tracer = Tracer::off();
            evaluate_pupil(
                policies,
                &data.schools,
                *history,
                as_of,
                scratch,
                &mut tracer,
            )
        })
        .collect();
    per_pupil.into_iter().flatten().collect()
}
