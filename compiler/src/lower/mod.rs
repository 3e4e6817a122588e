//! Type-checks a merged scope and lowers it into rule-graph nodes, one
//! concern per module: the node arena, unit typing, rules and conditions,
//! aggregates and windows, measures, code sets, Notice to Improve settings
//! and the escalation.

mod arena;
mod code_sets;
mod episodes;
mod escalation;
mod events;
mod limits;
mod measures;
mod precedence;
mod rules;
mod settings;
mod units;
mod windows;

pub(crate) use arena::Arena;

use crate::diagnostic::{Diagnostic, FileText};
use crate::diagnostic_kind::DiagnosticKind;
use crate::library::{PolicyLibrary, Range};
use crate::scope::{DeclarationKey, Scope};
use chrono::NaiveDate;
use rollcall_grammar::ast::{Span, Spanned};
use rollcall_ir::graph::Location;
use std::collections::BTreeSet;

/// Lowers one segment's scope; returns the rules and escalation node ids.
pub(crate) struct SegmentLowerer<'a, 'd> {
    pub library: &'a PolicyLibrary,
    pub scope: &'a Scope<'a>,
    pub arena: &'d mut Arena,
    pub diagnostics: &'d mut Vec<Diagnostic>,
    /// Sessions before this date are ignored (absence-date selection).
    pub counts_from: Option<NaiveDate>,
    /// The days the segment is in force: a code named must be in use on
    /// one of them.
    pub range: Range,
    /// Declarations used, for unused warnings.
    pub used: &'d mut BTreeSet<DeclarationKey>,
    /// The measures being lowered, innermost last, to detect cycles.
    measure_stack: Vec<String>,
    /// What `episode length` measures where the lowerer is.
    episode_scope: EpisodeScope,
}

/// What `episode length` refers to where it is written.
#[derive(Clone, Debug)]
pub(super) enum EpisodeScope {
    /// Outside any rule.
    Nowhere,
    /// Inside the definition of this measure.
    Measure(String),
    /// In this rule, which has no episode clause.
    NoClause(String),
    /// In a rule whose episode clause is wrong (already reported).
    Broken,
    /// In a rule whose episode is this `Aggregate::Episode` node.
    Episode(rollcall_ir::graph::NodeId),
}

impl<'a, 'd> SegmentLowerer<'a, 'd> {
    /// A lowerer for one segment.
    pub fn new(
        library: &'a PolicyLibrary,
        scope: &'a Scope<'a>,
        arena: &'d mut Arena,
        diagnostics: &'d mut Vec<Diagnostic>,
        counts_from: Option<NaiveDate>,
        range: Range,
        used: &'d mut BTreeSet<DeclarationKey>,
    ) -> Self {
        SegmentLowerer {
            library,
            scope,
            arena,
            diagnostics,
            counts_from,
            range,
            used,
            measure_stack: Vec::new(),
            episode_scope: EpisodeScope::Nowhere,
        }
    }

    /// The file of a policy, for its diagnostics.
    fn file(&self, policy: usize) -> &'a FileText {
        &self.library.policies[policy].file
    }

    /// Where a declaration is written, as the graph records it.
    fn location(&self, policy: usize, span: Span) -> Location {
        let file = self.file(policy);
        Location {
            policy: self.library.id(policy).to_string(),
            file: file.path.clone(),
            line: file.line_of(span.start),
        }
    }

    /// Reports a name no declaration has.
    fn unknown_name(&mut self, policy: usize, name: &Spanned<String>, what: &str, help: String) {
        self.diagnostics.push(
            Diagnostic::new(
                DiagnosticKind::UnknownName,
                self.file(policy),
                name.span,
                format!("there is no {what} `{}`", name.value),
            )
            .label(format!("unknown {what}"))
            .help(help),
        );
    }
}
