//! Several actions per rule, and limits shared across rules: `then A and
//! B` (at most one penalty in a list), `limit NAME = at most N times per
//! PERIOD per pupil|parent` and a rule's `limited by NAME`.

use super::rules::lower_period;
use super::SegmentLowerer;
use crate::diagnostic::{closest, Diagnostic};
use crate::diagnostic_kind::DiagnosticKind;
use crate::scope::Declared;
use rollcall_grammar::ast::{self, LimitDecl, Spanned};
use rollcall_ir::graph::{self, LimitWhom, Node, NodeId};

impl<'a> SegmentLowerer<'a, '_> {
    /// Lowers one list of actions (`then A and B`, or an alternative's),
    /// reporting a second penalty in it; returns the first action's node
    /// and the others'.
    pub(super) fn actions(
        &mut self,
        policy: usize,
        first: &Spanned<ast::Action>,
        also: &[Spanned<ast::Action>],
    ) -> (NodeId, Vec<NodeId>) {
        let mut penalties = std::iter::once(first)
            .chain(also)
            .filter(|action| is_penalty(&action.value));
        if let (Some(earlier), Some(second)) = (penalties.next(), penalties.next()) {
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::SeveralPenalties,
                    self.file(policy),
                    second.span,
                    "one clause takes two penalties at once".to_string(),
                )
                .label("a second penalty")
                .also(earlier.span, "the first penalty")
                .help("keep one penalty in the clause; take the other with `instead ... when ...`, or in another rule"),
            );
        }
        let then = self.action(&first.value);
        let also = also
            .iter()
            .map(|action| self.action(&action.value))
            .collect();
        (then, also)
    }

    /// Checks every limit in force, used or not (their mistakes are
    /// reported once, however many rules name them).
    pub(super) fn check_limits(&mut self) {
        for declared in self.scope.limits.values() {
            self.limit(declared);
        }
    }

    /// Lowers the `limited by` names of `decl`, whose actions (its own and
    /// its alternatives') are `actions`; `None` if one is wrong (reported).
    pub(super) fn limited_by(
        &mut self,
        policy: usize,
        decl: &ast::RuleDecl,
        actions: &[&Spanned<ast::Action>],
    ) -> Option<Vec<NodeId>> {
        let mut ids = Some(Vec::with_capacity(decl.limited_by.len()));
        for name in &decl.limited_by {
            let id = self.limit_named(policy, name, actions);
            match (&mut ids, id) {
                (Some(ids), Some(id)) => ids.push(id),
                _ => ids = None,
            }
        }
        ids
    }

    /// The node of the limit `name`, checked against the rule's actions.
    fn limit_named(
        &mut self,
        policy: usize,
        name: &Spanned<String>,
        actions: &[&Spanned<ast::Action>],
    ) -> Option<NodeId> {
        let scope = self.scope;
        let Some(declared) = scope.limits.get(&name.value) else {
            let candidates = scope.limits.keys().map(String::as_str);
            let help = match closest(&name.value, candidates) {
                Some(near) => format!("did you mean `{near}`?"),
                None => {
                    "declare it with `limit NAME = at most N times per academic_year per pupil`"
                        .to_string()
                }
            };
            self.unknown_name(policy, name, "limit", help);
            return None;
        };
        self.used.insert(declared.key(&declared.decl.name));
        let limit = self.limit(declared)?;
        if limit.whom == LimitWhom::Parent {
            if let Some(about_pupil) = actions.iter().find(|action| !is_penalty(&action.value)) {
                self.diagnostics.push(
                    Diagnostic::new(
                        DiagnosticKind::ParentLimitOnPupilAction,
                        self.file(policy),
                        name.span,
                        format!(
                            "limit `{}` is counted for each parent, but this rule also takes an action about the pupil",
                            name.value
                        ),
                    )
                    .label("counted per parent")
                    .also(about_pupil.span, "taken about the pupil, not for a parent")
                    .help(format!(
                        "declare `{}` `per pupil`, or name it only from rules whose actions are penalty notices, exclusion notices or prosecutions",
                        name.value
                    )),
                );
                return None;
            }
        }
        Some(self.arena.intern(Node::Limit(limit)))
    }

    /// The checked form of a limit declaration, or `None` (reported).
    fn limit(&mut self, declared: &Declared<'a, LimitDecl>) -> Option<graph::SharedLimit> {
        let (policy, decl) = (declared.policy, declared.decl);
        let at_most = match decl.at_most.value.parse::<u32>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                self.invalid_limit(
                    policy,
                    &decl.at_most,
                    format!("a limit must allow at least one decision, not `{}`", decl.at_most.value),
                    "not a whole number of at least 1",
                    "write how many decisions the limit allows, e.g. `at most once` or `at most 2 times`",
                );
                None
            }
        };
        let per = match decl.period.value.as_str() {
            "academic_year" => Some(ast::Period::AcademicYear),
            "term" => Some(ast::Period::Term),
            "half_term" => Some(ast::Period::HalfTerm),
            other => {
                let near = closest(other, ["academic_year", "term", "half_term"]);
                self.invalid_limit(
                    policy,
                    &decl.period,
                    format!("a limit cannot be per `{other}`"),
                    "not a period of the school calendar",
                    &match near {
                        Some(near) => format!("did you mean `{near}`? A limit is per `academic_year`, `term` or `half_term`"),
                        None => "a limit is per `academic_year`, `term` or `half_term`".to_string(),
                    },
                );
                None
            }
        };
        let whom = match decl.whom.value.as_str() {
            "pupil" => Some(LimitWhom::Pupil),
            "parent" => Some(LimitWhom::Parent),
            other => {
                self.invalid_limit(
                    policy,
                    &decl.whom,
                    format!("a limit cannot be counted per `{other}`"),
                    "not `pupil` or `parent`",
                    "a limit counts decisions `per pupil` or `per parent`",
                );
                None
            }
        };
        Some(graph::SharedLimit {
            name: decl.name.value.clone(),
            at_most: at_most?,
            per: lower_period(per?),
            whom: whom?,
            doc: decl.docs.doc.as_ref().map(|d| d.value.clone()),
            source: decl.docs.source.as_ref().map(|s| s.value.clone()),
            location: self.location(policy, decl.name.span),
        })
    }

    fn invalid_limit(
        &mut self,
        policy: usize,
        at: &Spanned<String>,
        message: String,
        label: &str,
        help: &str,
    ) {
        self.diagnostics.push(
            Diagnostic::new(
                DiagnosticKind::InvalidLimit,
                self.file(policy),
                at.span,
                message,
            )
            .label(label)
            .help(help),
        );
    }
}

/// Whether an action as written is a penalty (see
/// [`graph::Action::is_penalty`]).
fn is_penalty(action: &ast::Action) -> bool {
    matches!(
        action,
        ast::Action::PenaltyNotice | ast::Action::ExclusionNotice | ast::Action::Prosecution
    )
}
