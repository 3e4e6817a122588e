//! Both policies evaluated on the same data set, each as the only policy
//! (see [`super::lead`]), and their decisions compared pupil by pupil.

use super::lead::{in_force_everywhere, under_one_authority};
use super::tally::{BehaviourDiff, Tallier};
use rollcall_runtime::decision::Decision;
use rollcall_runtime::engine::{evaluate, EvalOptions, PolicySet, PolicySetError};
use rollcall_runtime::graph::RuleGraph;
use rollcall_runtime::read::DataSet;

/// The decisions of `old` and of `new` on `data`, compared. Each policy is
/// evaluated as the policy of every school at every date.
pub fn compare_behaviour(
    old: &RuleGraph,
    new: &RuleGraph,
    data: &mut DataSet,
) -> Result<BehaviourDiff, PolicySetError> {
    let old_decisions = decide_alone(old, data)?;
    let new_decisions = decide_alone(new, data)?;
    let (mut old_rest, mut new_rest) = (old_decisions.as_slice(), new_decisions.as_slice());
    let mut tallier = Tallier::new();
    for pupil in &data.pupils {
        let old_pupil = take_pupil(&mut old_rest, &pupil.id);
        let new_pupil = take_pupil(&mut new_rest, &pupil.id);
        tallier.add_pupil(&pupil.id, old_pupil, new_pupil);
    }
    Ok(tallier.finish())
}

/// The decisions of `graph` as the only policy, for every school and date.
/// The schools' authorities are rewritten for the run and put back.
fn decide_alone(graph: &RuleGraph, data: &mut DataSet) -> Result<Vec<Decision>, PolicySetError> {
    let graph = in_force_everywhere(graph);
    let policies = PolicySet::new(vec![graph.clone()])?;
    let schools = under_one_authority(&data.schools, &graph.policy.id);
    let original = std::mem::replace(&mut data.schools, schools);
    let decisions = evaluate(&policies, data, &EvalOptions::default());
    data.schools = original;
    Ok(decisions)
}

/// Splits the decisions of `pupil` off the front of `decisions` (sorted by
/// pupil), skipping any of earlier pupils.
fn take_pupil<'d>(decisions: &mut &'d [Decision], pupil: &str) -> &'d [Decision] {
    let start = decisions.partition_point(|d| d.pupil.as_str() < pupil);
    let end = start + decisions[start..].partition_point(|d| d.pupil == pupil);
    let taken = &decisions[start..end];
    *decisions = &decisions[end..];
    taken
}
