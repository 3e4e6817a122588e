//! Code-set algebra: literals, names, unions and differences of register codes.

use super::SegmentLowerer;
use crate::diagnostic::{closest, Diagnostic, FileText};
use crate::diagnostic_kind::DiagnosticKind;
use rollcall_grammar::ast::{SetExpr, Spanned};
use rollcall_ir::codes::{builtin_set, Code, CodeSet, BUILTIN_SETS};
use rollcall_ir::graph::{Input, Node, NodeId};

impl<'a> SegmentLowerer<'a, '_> {
    pub(super) fn classify(&mut self, policy: usize, set: &SetExpr) -> Option<NodeId> {
        let name = match set {
            SetExpr::Name(name) => Some(name.value.clone()),
            _ => None,
        };
        let codes = self.code_set(policy, set, &mut Vec::new())?;
        Some(self.classify_codes(name, codes))
    }

    pub(super) fn classify_codes(&mut self, name: Option<String>, codes: CodeSet) -> NodeId {
        let input = self.arena.intern(Node::Input(Input::Marks));
        self.arena.intern(Node::Classify { name, codes, input })
    }

    pub(super) fn code_set(
        &mut self,
        policy: usize,
        set: &SetExpr,
        stack: &mut Vec<String>,
    ) -> Option<CodeSet> {
        match set {
            SetExpr::Literal(codes, _) => {
                let mut result = Some(CodeSet::EMPTY);
                for code in codes {
                    match Code::parse(&code.value) {
                        Some(parsed) => result = result.map(|s| s.with(parsed)),
                        None => {
                            self.diagnostics.push(unknown_code(self.file(policy), code));
                            result = None;
                        }
                    }
                }
                result
            }
            SetExpr::Name(name) => {
                if let Some(codes) = builtin_set(&name.value) {
                    return Some(codes);
                }
                let Some(declared) = self.scope.codes.get(&name.value) else {
                    let mut candidates: Vec<&str> = BUILTIN_SETS.to_vec();
                    candidates.extend(self.scope.codes.keys().map(String::as_str));
                    let help = match closest(&name.value, candidates.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!(
                            "the built-in sets are {}",
                            BUILTIN_SETS
                                .iter()
                                .map(|s| format!("`{s}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    self.unknown_name(policy, name, "code set", help);
                    return None;
                };
                self.used.insert(declared.key(&declared.decl.name));
                if stack.contains(&name.value) {
                    self.diagnostics.push(
                        Diagnostic::new(
                            DiagnosticKind::CodesCycle,
                            self.file(policy),
                            name.span,
                            format!("code set `{}` is defined in terms of itself", name.value),
                        )
                        .label("refers back to itself")
                        .help(
                            "define the set from register codes, or from sets that do not use it",
                        ),
                    );
                    return None;
                }
                stack.push(name.value.clone());
                let codes = self.code_set(declared.policy, &declared.decl.set, stack);
                stack.pop();
                codes
            }
            SetExpr::Union(a, b) => {
                let (a, b) = (
                    self.code_set(policy, a, stack),
                    self.code_set(policy, b, stack),
                );
                Some(a?.union(b?))
            }
            SetExpr::Difference(a, b) => {
                let (a, b) = (
                    self.code_set(policy, a, stack),
                    self.code_set(policy, b, stack),
                );
                Some(a?.difference(b?))
            }
        }
    }
}

pub(super) fn unknown_code(file: &FileText, code: &Spanned<String>) -> Diagnostic {
    let written = code.value.as_str();
    let removed = match written {
        "H" => Some("`H` (agreed family holiday) was removed from the register codes in 2024; leave agreed by the school is now `C`"),
        "J" => Some("`J` (interview) was replaced by `J1` in 2024"),
        "Y" => Some("plain `Y` was split into `Y1` to `Y7` in 2024"),
        "F" => Some("`F` (extended family holiday) is no longer a register code; unagreed holiday is `G`"),
        _ => None,
    };
    let codes = Code::ALL.iter().map(|c| c.as_str());
    let help = match (removed, closest(written, codes)) {
        (Some(why), _) => why.to_string(),
        (None, Some(near)) => format!("did you mean `{near}`?"),
        (None, None) => format!(
            "the 2024 register codes are {}",
            Code::ALL
                .iter()
                .map(|c| format!("`{}`", c.as_str()))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    };
    Diagnostic::new(
        DiagnosticKind::UnknownCode,
        file,
        code.span,
        format!("`{written}` is not a register code"),
    )
    .label("unknown code")
    .help(help)
}
