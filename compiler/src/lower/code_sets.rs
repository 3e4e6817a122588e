//! Code-set algebra: literals, names, unions and differences of register codes.

use super::SegmentLowerer;
use crate::diagnostic::{closest, Diagnostic, FileText};
use crate::diagnostic_kind::DiagnosticKind;
use crate::library::Range;
use chrono::NaiveDate;
use rollcall_grammar::ast::{SetExpr, Spanned};
use rollcall_ir::codes::{builtin_set, Code, CodeSet, BUILTIN_SETS, CODES_OF_2024};
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
                        Some(parsed) if !self.in_use(parsed) => {
                            let file = self.file(policy);
                            self.diagnostics.push(code_not_in_use(file, code, parsed));
                            result = None;
                        }
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

impl SegmentLowerer<'_, '_> {
    /// Whether `code` is in use on some day of the segment: a code of only
    /// the earlier set before 19 August 2024, one of only the 2024 set from
    /// then. A code comes into use or goes out of it once, so it is in use
    /// on a day of the segment if it is on its first or last day.
    fn in_use(&self, code: Code) -> bool {
        let Range { from, until } = self.range;
        code.in_use_on(from.unwrap_or(NaiveDate::MIN))
            || code.in_use_on(until.unwrap_or(NaiveDate::MAX))
    }
}

/// `code` (parsed as `parsed`) is in use on no day of the version naming it.
fn code_not_in_use(file: &FileText, code: &Spanned<String>, parsed: Code) -> Diagnostic {
    let (message, help) = if parsed.in_use_on(CODES_OF_2024) {
        let before = match parsed {
            Code::J1 => "an interview was `J`, an approved activity",
            Code::Y1 | Code::Y2 | Code::Y3 | Code::Y4 | Code::Y5 | Code::Y6 | Code::Y7 => {
                "a pupil unable to attend was `Y`"
            }
            _ => "the earlier codes have none like it",
        };
        (
            format!("`{parsed}` is a 2024 code, not in use before {CODES_OF_2024}"),
            format!("this version ends before the 2024 codes came in: {before}"),
        )
    } else {
        let now = match parsed {
            Code::H => "leave the school agreed is now `C`, a holiday it did not agree `G`",
            Code::J => "an interview is now `J1`, an authorised absence",
            _ => "plain `Y` was split into `Y1` to `Y7`",
        };
        (
            format!("`{parsed}` went out of use on {CODES_OF_2024}"),
            format!("this version is in force only from then: {now}"),
        )
    };
    Diagnostic::new(DiagnosticKind::CodeNotInUse, file, code.span, message)
        .label("not in use in this version")
        .help(help)
}

pub(super) fn unknown_code(file: &FileText, code: &Spanned<String>) -> Diagnostic {
    let written = code.value.as_str();
    let removed = match written {
        "F" => Some("`F` (extended family holiday) went out of use long before 2024; a holiday the school did not agree is `G`"),
        _ => None,
    };
    let codes = Code::ALL.iter().map(|c| c.as_str());
    let help = match (removed, closest(written, codes)) {
        (Some(why), _) => why.to_string(),
        (None, Some(near)) => format!("did you mean `{near}`?"),
        (None, None) => format!(
            "the register codes are {}",
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
