//! Rules, their conditions and their actions.

use super::units::{OperandUnit, Place};
use super::{EpisodeScope, SegmentLowerer};
use crate::diagnostic::Diagnostic;
use crate::diagnostic_kind::DiagnosticKind;
use crate::scope::Declared;
use rollcall_grammar::ast::{self, Condition, Unit};
use rollcall_ir::graph::{self, Node, NodeId, Predicate};
use rollcall_ir::EventKind;

/// `in the first N school days of an exclusion`.
const EXCLUSION_DAYS: Place = Place {
    what: "the first school days of an exclusion",
    units: &[(Unit::SchoolDays, "5 school days")],
    hint: None,
};

impl<'a> SegmentLowerer<'a, '_> {
    /// Lowers every rule in force; returns their node ids in order.
    /// Rules are lowered in merge order (so node numbers do not depend on
    /// the evaluation order) and listed in evaluation order.
    pub fn rules(&mut self) -> Vec<NodeId> {
        let scope = self.scope;
        self.check_limits();
        let order = self.evaluation_order();
        let lowered: Vec<Option<NodeId>> = scope.rules.iter().map(|r| self.rule(r)).collect();
        order
            .into_iter()
            .filter_map(|index| lowered[index])
            .collect()
    }

    pub(super) fn rule(&mut self, rule: &Declared<'a, ast::RuleDecl>) -> Option<NodeId> {
        let (policy, decl) = (rule.policy, rule.decl);
        let file = self.file(policy);
        if decl.docs.doc.is_none() || decl.docs.source.is_none() {
            let missing = match (&decl.docs.doc, &decl.docs.source) {
                (None, None) => "`doc` or `source` line",
                (None, _) => "`doc` line",
                _ => "`source` line",
            };
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::MissingDoc,
                    file,
                    decl.name.span,
                    format!("rule `{}` has no {missing}", decl.name.value),
                )
                .label("undocumented rule")
                .help("say what the rule is for with `doc \"...\"` and the public document it comes from with `source \"...\"` (publisher, title, date, section)"),
            );
        }
        let (episode, episode_scope) = self.episode_clause(policy, decl);
        self.episode_scope = episode_scope;
        let when = self.condition(policy, decl.when.as_ref()?);
        let first = decl.then.as_ref()?;
        let (then, also) = self.actions(policy, first, &decl.also);
        let mut instead = Vec::new();
        for alternative in &decl.instead {
            let when = self.condition(policy, &alternative.when);
            let (then, also) = self.actions(policy, &alternative.action, &alternative.also);
            if let Some(when) = when {
                instead.push(graph::Alternative { when, then, also });
            }
        }
        self.episode_scope = EpisodeScope::Nowhere;
        let actions: Vec<_> = std::iter::once(first)
            .chain(&decl.also)
            .chain(decl.instead.iter().flat_map(|alternative| {
                std::iter::once(&alternative.action).chain(&alternative.also)
            }))
            .collect();
        let limited_by = self.limited_by(policy, decl, &actions);
        let preconditions = self.preconditions(policy, &decl.preconditions);
        let when = when?;
        let limited_by = limited_by?;
        let repeat = self.repeat(policy, decl, when)?;
        let preconditions = preconditions?;
        let precedence = decl
            .precedence
            .iter()
            .map(|clause| match &clause.value {
                ast::Precedence::Over(name) => graph::Precedence::Over(name.value.clone()),
                ast::Precedence::GivesWayTo(name) => {
                    graph::Precedence::GivesWayTo(name.value.clone())
                }
            })
            .collect();
        Some(self.arena.intern(Node::Rule(graph::Rule {
            episode,
            precedence,
            name: decl.name.value.clone(),
            doc: decl.docs.doc.as_ref().map(|d| d.value.clone()),
            source: decl.docs.source.as_ref().map(|s| s.value.clone()),
            location: self.location(policy, decl.name.span),
            when,
            then,
            also,
            instead,
            repeat,
            limited_by,
            preconditions,
        })))
    }

    /// Lowers an action to its node.
    pub(super) fn action(&mut self, action: &ast::Action) -> NodeId {
        let lowered = match action {
            ast::Action::PenaltyNotice => graph::Action::PenaltyNotice,
            ast::Action::ExclusionNotice => graph::Action::ExclusionNotice,
            ast::Action::Prosecution => graph::Action::Prosecution,
            ast::Action::Letter(label) => graph::Action::Letter {
                label: label.clone(),
            },
            ast::Action::Meeting(label) => graph::Action::Meeting {
                label: label.clone(),
            },
            ast::Action::Referral(label) => graph::Action::Referral {
                label: label.clone(),
            },
            ast::Action::Contract(label) => graph::Action::Contract {
                label: label.clone(),
            },
            ast::Action::ManualReview(reason) => graph::Action::ManualReview {
                reason: reason.clone(),
            },
        };
        self.arena.intern(Node::Action(lowered))
    }

    pub(super) fn condition(&mut self, policy: usize, condition: &Condition) -> Option<NodeId> {
        let predicate = match condition {
            Condition::Compare { left, op, right } => {
                let left_typed = self.operand(policy, left);
                let right_typed = self.operand(policy, right);
                let (left_typed, right_typed) = (left_typed?, right_typed?);
                let (left_kind, right_kind) = (left_typed.unit, right_typed.unit);
                let (left_op, right_op) = (left_typed.operand, right_typed.operand);
                let (left_kind, right_kind) =
                    self.infer_bare(policy, left, left_kind, right, right_kind)?;
                if let (OperandUnit::Other(words), OperandUnit::Other(_)) = (left_kind, right_kind)
                {
                    self.diagnostics.push(
                        Diagnostic::new(DiagnosticKind::WrongUnit, self.file(policy), op.span, format!("a condition cannot compare {words}"))
                            .label("amounts in the wrong unit")
                            .help("conditions compare sessions, school days, school weeks or percentages, e.g. `>= 10 sessions` or `< 92%`"),
                    );
                    return None;
                }
                if left_kind != right_kind {
                    self.diagnostics.push(
                        Diagnostic::new(
                            DiagnosticKind::UnitMismatch,
                            self.file(policy),
                            op.span,
                            format!(
                                "cannot compare {} with {}",
                                left_kind.words(),
                                right_kind.words()
                            ),
                        )
                        .label("these sides have different units")
                        .also(left.span(), left_kind.words())
                        .also(right.span(), right_kind.words())
                        .help(format!(
                            "compare like with like, e.g. `... >= {}`",
                            left_kind.example()
                        )),
                    );
                    return None;
                }
                Predicate::Compare {
                    left: left_op,
                    op: lower_op(op.value),
                    right: right_op,
                }
            }
            Condition::ExclusionSighting { first, .. } => {
                let (days, _) = self.positive(policy, first, &EXCLUSION_DAYS)?;
                let exclusions = self.events(EventKind::Exclusion);
                let sightings = self.events(EventKind::PublicPlace);
                Predicate::ExclusionSighting {
                    exclusions,
                    sightings,
                    first_school_days: days,
                }
            }
            Condition::And(a, b) => {
                let (a, b) = (self.condition(policy, a), self.condition(policy, b));
                Predicate::All { of: vec![a?, b?] }
            }
            Condition::Or(a, b) => {
                let (a, b) = (self.condition(policy, a), self.condition(policy, b));
                Predicate::Any { of: vec![a?, b?] }
            }
            Condition::Not(operand, _) => Predicate::Not {
                of: self.condition(policy, operand)?,
            },
        };
        Some(self.arena.intern(Node::Predicate(predicate)))
    }
}

pub(super) fn lower_op(op: ast::CompareOp) -> graph::CompareOp {
    match op {
        ast::CompareOp::Less => graph::CompareOp::Less,
        ast::CompareOp::LessOrEqual => graph::CompareOp::LessOrEqual,
        ast::CompareOp::Greater => graph::CompareOp::Greater,
        ast::CompareOp::GreaterOrEqual => graph::CompareOp::GreaterOrEqual,
        ast::CompareOp::Equal => graph::CompareOp::Equal,
        ast::CompareOp::NotEqual => graph::CompareOp::NotEqual,
    }
}

pub(super) fn lower_period(period: ast::Period) -> graph::Period {
    match period {
        ast::Period::Term => graph::Period::Term,
        ast::Period::HalfTerm => graph::Period::HalfTerm,
        ast::Period::AcademicYear => graph::Period::AcademicYear,
    }
}
