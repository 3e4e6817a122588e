//! Making one compiled policy decide for every pupil: it becomes the
//! authority policy of every school, in force at every date.
//!
//! Its first version is stretched back to the start of time and its last
//! forward without end, so that two regimes in force at different times
//! (the 2013 and 2024 frameworks) are compared on the same histories: the
//! question is "what if this code had applied to these pupils". Clipping of
//! absence-date versions stays where the policy put it (it is lowered into
//! the counts).

use rollcall_data::model::School;
use rollcall_ir::graph::{EffectiveVersion, PolicyKind, RuleGraph};

/// `graph` as an authority policy in force at every date, with no predecessor.
pub fn in_force_everywhere(graph: &RuleGraph) -> RuleGraph {
    let mut graph = graph.clone();
    graph.policy.kind = PolicyKind::Authority;
    graph.policy.succeeds = None;
    if let Some(first) = graph.versions.first_mut() {
        first.from = None;
    }
    if let Some(last) = graph.versions.last_mut() {
        last.until = None;
    }
    graph
}

/// `graph` with `version` (one of its own, in force on an `--at` date) as
/// its only version, so that version alone can be applied everywhere.
pub fn only_version(graph: &RuleGraph, version: &EffectiveVersion) -> RuleGraph {
    RuleGraph {
        versions: vec![version.clone()],
        ..graph.clone()
    }
}

/// `schools` with every school's authority set to `policy`.
pub fn under_one_authority(schools: &[School], policy: &str) -> Vec<School> {
    schools
        .iter()
        .map(|school| School {
            authority: policy.to_string(),
            ..school.clone()
        })
        .collect()
}
