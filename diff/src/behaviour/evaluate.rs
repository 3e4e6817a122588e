//! Both policies evaluated on the same data, each as the only policy (see
//! [`super::lead`]), in one streamed pass, and their decisions compared
//! pupil by pupil: memory holds a few batches of pupils, never the cohort.

use super::differences::DifferencesFile;
use super::lead::{in_force_everywhere, under_one_authority};
use super::tally::{BehaviourDiff, Tallier};
use rollcall_data::model::School;
use rollcall_data::read::{DataStream, PupilHistory};
use rollcall_ir::graph::RuleGraph;
use rollcall_runtime::decision::Decision;
use rollcall_runtime::engine::{
    evaluate_stream_each, EvalOptions, Evaluation, PolicySet, PolicySetError, StreamError,
};

/// Sees each pupil as they stream past: their history, then their
/// decisions under the old policy and under the new (for charts of both).
pub type PupilObserver<'o> = dyn FnMut(PupilHistory<'_>, &[Decision], &[Decision]) + Send + 'o;

/// Why two policies' behaviour could not be compared.
#[derive(Debug, thiserror::Error)]
pub enum BehaviourError {
    /// A policy cannot be evaluated.
    #[error(transparent)]
    Policy(#[from] PolicySetError),
    /// The data could not be read.
    #[error(transparent)]
    Stream(#[from] StreamError),
}

/// The decisions of `old` and of `new` on the pupils of `data`, compared.
/// Each policy is evaluated as the policy of every school at every date.
/// Every differing pupil is written to `differences`, if given, as they
/// stream past, and every pupil is shown to `observe`, if given.
pub fn compare_behaviour(
    old: &RuleGraph,
    new: &RuleGraph,
    data: &mut DataStream,
    mut differences: Option<&mut DifferencesFile>,
    mut observe: Option<&mut PupilObserver<'_>>,
) -> Result<BehaviourDiff, BehaviourError> {
    let (old_policies, old_schools) = alone(old, &data.schools)?;
    let (new_policies, new_schools) = alone(new, &data.schools)?;
    let evaluations = [
        Evaluation {
            policies: &old_policies,
            schools: Some(&old_schools),
        },
        Evaluation {
            policies: &new_policies,
            schools: Some(&new_schools),
        },
    ];
    let mut tallier = Tallier::new();
    evaluate_stream_each(
        &evaluations,
        data,
        &EvalOptions::default(),
        &mut |record, decisions| {
            let (old, new) = (&decisions[0], &decisions[1]);
            if let Some(observe) = observe.as_deref_mut() {
                observe(record.history(), old, new);
            }
            let difference = tallier.add_pupil(&record.pupil.id, old, new);
            match (difference, differences.as_deref_mut()) {
                (Some(difference), Some(file)) => file.write(&difference),
                _ => Ok(()),
            }
        },
        &mut |_| {},
    )?;
    Ok(tallier.finish())
}

/// `graph` as the only policy, for every school and date: the policy set
/// and the schools, all under its authority.
fn alone(
    graph: &RuleGraph,
    schools: &[School],
) -> Result<(PolicySet, Vec<School>), PolicySetError> {
    let graph = in_force_everywhere(graph);
    let schools = under_one_authority(schools, &graph.policy.id);
    Ok((PolicySet::new(vec![graph])?, schools))
}
