//! Measures: named operands, with cycle detection.

use super::units::TypedOperand;
use super::{EpisodeScope, SegmentLowerer};
use crate::diagnostic::{closest, Diagnostic};
use crate::diagnostic_kind::DiagnosticKind;
use rollcall_grammar::ast::Spanned;

impl<'a> SegmentLowerer<'a, '_> {
    pub(super) fn measure(
        &mut self,
        policy: usize,
        name: &Spanned<String>,
    ) -> Option<TypedOperand> {
        let Some(declared) = self.scope.measures.get(&name.value) else {
            let candidates = self.scope.measures.keys().map(String::as_str);
            let help = match closest(&name.value, candidates) {
                Some(near) => format!("did you mean `{near}`?"),
                None => {
                    "declare it with `measure NAME = ...`, or write the quantity here".to_string()
                }
            };
            self.unknown_name(policy, name, "measure", help);
            return None;
        };
        self.used.insert(declared.key(&declared.decl.name));
        if self.measure_stack.contains(&name.value) {
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::MeasureCycle,
                    self.file(policy),
                    name.span,
                    format!("measure `{}` is defined in terms of itself", name.value),
                )
                .label("refers back to itself")
                .help("define the measure from a count or a share, or from measures that do not use it"),
            );
            return None;
        }
        self.measure_stack.push(name.value.clone());
        let outside = std::mem::replace(
            &mut self.episode_scope,
            EpisodeScope::Measure(name.value.clone()),
        );
        let typed = self.operand(declared.policy, &declared.decl.quantity);
        self.episode_scope = outside;
        self.measure_stack.pop();
        typed
    }
}
