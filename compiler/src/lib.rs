//! rollcall's compiler: checks policy files (names, inheritance, units,
//! time versions) and lowers each to a rule graph, reporting every problem
//! as a [`Diagnostic`].

#![forbid(unsafe_code)]

mod diagnostic;
mod diagnostic_kind;
mod excerpt;
mod library;
mod lower;
mod pipeline;
pub mod render;
mod scope;
mod sources;

pub use diagnostic::{Diagnostic, Label};
pub use diagnostic_kind::DiagnosticKind;
pub use pipeline::compile;
pub use sources::{find_files, load_sources, SourceError, SourceFile};

use rollcall_ir::graph::RuleGraph;

/// The result of compiling a set of policy files.
#[derive(Debug, Default)]
pub struct Compilation {
    /// One graph per file whose whole chain compiled without errors, by policy id.
    pub graphs: Vec<RuleGraph>,
    /// Every error and warning, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Compilation {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The graph of one policy, by id.
    pub fn graph(&self, id: &str) -> Option<&RuleGraph> {
        self.graphs.iter().find(|g| g.policy.id == id)
    }
}
