//! A rule's episode clause, `episode length`, and `at most once per EVENT`:
//! the parts of a rule that say which absence or which event it decides on.

use super::units::{OperandUnit, TypedOperand};
use super::{EpisodeScope, SegmentLowerer};
use crate::diagnostic::{closest, Diagnostic};
use crate::diagnostic_kind::DiagnosticKind;
use rollcall_grammar::ast::{self, EpisodeOf, RepeatLimit, Span, Spanned, Unit};
use rollcall_ir::graph::{self, Aggregate, Input, Node, NodeId, Predicate};
use rollcall_ir::EventKind;
use std::collections::BTreeSet;

/// The events a rule may be limited to once per.
const ONCE_PER_EVENTS: [EventKind; 4] = [
    EventKind::NoticeToImprove,
    EventKind::TruancySweep,
    EventKind::Exclusion,
    EventKind::PublicPlace,
];

impl SegmentLowerer<'_, '_> {
    /// The rule's episode clause, lowered, and what `episode length` means
    /// in its conditions.
    pub(super) fn episode_clause(
        &mut self,
        policy: usize,
        decl: &ast::RuleDecl,
    ) -> (Option<graph::EpisodeRule>, EpisodeScope) {
        let at_once = match decl.limit.as_ref() {
            Some(Spanned {
                value: RepeatLimit::OncePerEpisode(episode),
                span,
            }) => Some((episode, *span)),
            _ => None,
        };
        let at_end = decl.episode_end.as_ref().map(|e| (&e.value, e.span));
        let (episode, at_end) = match (at_once, at_end) {
            (None, None) => return (None, EpisodeScope::NoClause(decl.name.value.clone())),
            (Some((_, once_span)), Some((_, end_span))) => {
                self.diagnostics.push(
                    Diagnostic::new(
                        DiagnosticKind::TwoEpisodeClauses,
                        self.file(policy),
                        end_span,
                        format!("rule `{}` has two episode clauses", decl.name.value),
                    )
                    .label("decides when the episode ends")
                    .also(once_span, "decides at once, once per episode")
                    .help("keep one: `decides at the end of each episode` waits for the episode to end, `at most once per episode` decides as soon as the condition holds"),
                );
                return (None, EpisodeScope::Broken);
            }
            (Some((episode, _)), None) => (episode, false),
            (None, Some((episode, _))) => (episode, true),
        };
        match self.episode_aggregate(policy, episode) {
            Some(aggregate) => (
                Some(graph::EpisodeRule { aggregate, at_end }),
                EpisodeScope::Episode(aggregate),
            ),
            None => (None, EpisodeScope::Broken),
        }
    }

    /// The `Aggregate::Episode` of `episode of SET school days`.
    fn episode_aggregate(&mut self, policy: usize, episode: &EpisodeOf) -> Option<NodeId> {
        let codes = self.classify(policy, &episode.set);
        if episode.unit.value != Unit::SchoolDays {
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::EpisodeInSessions,
                    self.file(policy),
                    episode.unit.span,
                    "an episode is counted in school days, not sessions".to_string(),
                )
                .label("sessions")
                .help("an episode is a run of whole school days: write `episode of SET school days`, and `consecutive SET sessions` for a run of sessions in a condition"),
            );
            return None;
        }
        Some(self.arena.intern(Node::Aggregate(Aggregate::Episode {
            codes: codes?,
            counts_from: self.counts_from,
        })))
    }

    /// `episode length`: the episode of the rule being lowered.
    pub(super) fn episode_length(&mut self, policy: usize, span: Span) -> Option<TypedOperand> {
        let (message, label, help) = match &self.episode_scope {
            EpisodeScope::Episode(aggregate) => {
                return Some(TypedOperand {
                    unit: Some(OperandUnit::SchoolDays),
                    operand: graph::Operand::Node(*aggregate),
                })
            }
            EpisodeScope::Broken => return None,
            EpisodeScope::Measure(name) => (
                format!("measure `{name}` uses `episode length`, which only a rule's episode gives"),
                "no episode here".to_string(),
                "write `episode length` in the `when` or `instead` of a rule with `decides at the end of each episode of SET school days` or `at most once per episode of SET school days`".to_string(),
            ),
            EpisodeScope::NoClause(rule) => (
                format!("rule `{rule}` uses `episode length` but has no episode clause"),
                "which episode?".to_string(),
                format!("add `decides at the end of each episode of SET school days` or `at most once per episode of SET school days` to rule `{rule}`"),
            ),
            EpisodeScope::Nowhere => (
                "`episode length` is only measured in a rule".to_string(),
                "no episode here".to_string(),
                "write it in a rule with an episode clause".to_string(),
            ),
        };
        self.diagnostics.push(
            Diagnostic::new(
                DiagnosticKind::EpisodeWithoutClause,
                self.file(policy),
                span,
                message,
            )
            .label(label)
            .help(help),
        );
        None
    }

    /// How often a rule may fire, from its limit and its lowered condition.
    pub(super) fn repeat(
        &mut self,
        policy: usize,
        decl: &ast::RuleDecl,
        when: NodeId,
    ) -> Option<graph::Repeat> {
        let read = self.events_read(when);
        Some(match decl.limit.as_ref().map(|l| &l.value) {
            None if decl.episode_end.is_none() && read.contains(&(EventKind::Exclusion, true)) => {
                graph::Repeat::OncePerEvent(EventKind::Exclusion)
            }
            None | Some(RepeatLimit::OncePerEpisode(_)) => graph::Repeat::Unlimited,
            Some(RepeatLimit::Once) => graph::Repeat::Once,
            Some(RepeatLimit::OncePer(period)) => {
                graph::Repeat::OncePer(super::rules::lower_period(*period))
            }
            Some(RepeatLimit::OncePerEvent(name)) => {
                let kind = self.once_per_event(policy, name)?;
                if !read.iter().any(|(read, _)| *read == kind) {
                    self.diagnostics.push(
                        Diagnostic::new(
                            DiagnosticKind::OncePerUnrelatedEvent,
                            self.file(policy),
                            name.span,
                            format!(
                                "rule `{}` never looks at a {kind}, so `once per {kind}` cannot apply",
                                decl.name.value
                            ),
                        )
                        .label(format!("its `when` reads no {kind}"))
                        .help(match kind {
                            EventKind::NoticeToImprove => "read the notice in the condition, e.g. `when count unauthorised during notice_to_improve >= 1 session`, or limit the rule per a period".to_string(),
                            EventKind::Exclusion | EventKind::PublicPlace => "read the exclusion in the condition, e.g. `when public_place in first 5 school days of exclusion`, or limit the rule per a period".to_string(),
                            _ => format!("read the {kind} in the condition, e.g. `when count unauthorised within 2 school weeks after {kind} >= 1 session`, or limit the rule per a period"),
                        }),
                    );
                    return None;
                }
                graph::Repeat::OncePerEvent(kind)
            }
        })
    }

    /// The event of `at most once per NAME`: one of the built-in kinds a
    /// rule can be limited by, or a declared kind.
    fn once_per_event(&mut self, policy: usize, name: &Spanned<String>) -> Option<EventKind> {
        if let Some(kind) = ONCE_PER_EVENTS
            .into_iter()
            .find(|k| k.as_str() == name.value)
            .or_else(|| self.event_kind(&name.value).filter(|k| !k.is_built_in()))
        {
            return Some(kind);
        }
        let mut candidates: Vec<&str> = ONCE_PER_EVENTS.iter().map(|k| k.as_str()).collect();
        candidates.extend(self.scope.events.keys().map(String::as_str));
        candidates.extend(["academic_year", "term", "half_term"]);
        let periods = "periods are `academic_year`, `term` and `half_term`";
        let help = match closest(&name.value, candidates) {
            Some(near) => format!("did you mean `{near}`? ({periods})"),
            None => format!(
                "a rule is limited once per `notice_to_improve`, `truancy_sweep`, `exclusion` or `public_place`, or per a period: {periods}"
            ),
        };
        self.diagnostics.push(
            Diagnostic::new(
                DiagnosticKind::UnknownName,
                self.file(policy),
                name.span,
                format!("`{}` is not an event a rule can be limited by", name.value),
            )
            .label("unknown event")
            .help(help),
        );
        None
    }

    /// The events a lowered condition reads, each with whether it is read
    /// through a sighting (`public_place in first N school days of exclusion`).
    pub(super) fn events_read(&self, condition: NodeId) -> BTreeSet<(EventKind, bool)> {
        let mut read = BTreeSet::new();
        let mut stack = vec![condition];
        let nodes = &self.arena.nodes;
        let event = |id: NodeId| match &nodes[id.index()] {
            Node::Input(Input::Events { kind }) => Some(*kind),
            _ => None,
        };
        while let Some(id) = stack.pop() {
            match &nodes[id.index()] {
                Node::Predicate(Predicate::Compare { left, right, .. }) => {
                    for operand in [left, right] {
                        if let graph::Operand::Node(node) = operand {
                            stack.push(*node);
                        }
                    }
                }
                Node::Predicate(Predicate::ExclusionSighting { .. }) => {
                    read.insert((EventKind::Exclusion, true));
                    read.insert((EventKind::PublicPlace, true));
                }
                Node::Predicate(Predicate::All { of } | Predicate::Any { of }) => {
                    stack.extend(of.iter().copied())
                }
                Node::Predicate(Predicate::Not { of }) => stack.push(*of),
                Node::Aggregate(
                    aggregate @ (Aggregate::Count { .. }
                    | Aggregate::Share { .. }
                    | Aggregate::Episodes { .. }),
                ) => {
                    if let Some(kind) = aggregate.window().and_then(|w| w.anchor()).and_then(event)
                    {
                        read.insert((kind, false));
                    }
                }
                Node::Aggregate(Aggregate::SchoolWeeksSince { anchor }) => {
                    if let Some(kind) = event(*anchor) {
                        read.insert((kind, false));
                    }
                }
                _ => {}
            }
        }
        read
    }
}
