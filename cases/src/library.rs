//! The compiled policy library the cases run against.

use rollcall_ir::graph::{PolicyKind, RuleGraph};
use rollcall_runtime::engine::{PolicySet, PolicySetError};

/// The compiled policy library the cases run against.
pub struct Library {
    /// Every policy, ready to evaluate.
    policies: PolicySet,
    /// Their rule graphs, sorted by policy id.
    graphs: Vec<RuleGraph>,
}

impl Library {
    /// The library of these compiled policies.
    pub fn new(mut graphs: Vec<RuleGraph>) -> Result<Library, PolicySetError> {
        graphs.sort_by(|a, b| a.policy.id.cmp(&b.policy.id));
        let policies = PolicySet::new(graphs.clone())?;
        Ok(Library { policies, graphs })
    }

    /// Every rule graph, sorted by policy id.
    pub fn graphs(&self) -> &[RuleGraph] {
        &self.graphs
    }

    /// Every policy, ready to evaluate.
    pub(super) fn policies(&self) -> &PolicySet {
        &self.policies
    }

    /// The graph of policy `id`.
    pub(super) fn graph(&self, id: &str) -> Option<&RuleGraph> {
        self.graphs.iter().find(|graph| graph.policy.id == id)
    }

    /// The kind of policy `id`, if the library has it.
    pub(super) fn kind(&self, id: &str) -> Option<PolicyKind> {
        self.graph(id).map(|graph| graph.policy.kind)
    }

    /// The authority a school policy belongs to: its nearest ancestor that
    /// is an authority policy.
    pub(super) fn authority_of_school(&self, id: &str) -> Option<&str> {
        let version = self.graph(id)?.versions.first()?;
        version
            .origins
            .iter()
            .map(|origin| origin.policy.as_str())
            .find(|ancestor| self.kind(ancestor) == Some(PolicyKind::Authority))
    }
}
