//! Lowering a [`RuleGraph`] into a [`Plan`]: every edge checked for range
//! and node kind, comparisons checked for units, predicates checked for
//! cycles; versions checked for order. (Aggregates: `lower_aggregate`.)

use super::{
    AggregateKind, EpisodePlan, EscalationPlan, OperandPlan, Plan, PredicatePlan, RulePlan, Unit,
    VersionPlan,
};
use rollcall_ir::codes::CodeSet;
use rollcall_ir::graph::{
    Action, Escalation, Input, Node, NodeId, Operand, Predicate, RuleGraph, FORMAT,
};
use std::collections::HashMap;

/// Predicates nest at most this deep (a guard against malformed graphs).
const MAX_DEPTH: usize = 256;

/// Lowers `graph`, or says what is wrong with it.
pub(crate) fn lower(graph: &RuleGraph) -> Result<Plan, String> {
    if graph.format != FORMAT {
        return Err(format!(
            "rule graph format {} (this runtime reads format {FORMAT})",
            graph.format
        ));
    }
    let mut lowerer = Lowerer {
        graph,
        plan: Plan {
            id: graph.policy.id.clone(),
            kind: graph.policy.kind,
            succeeds: graph.policy.succeeds.clone(),
            selection: graph.policy.selection,
            aggregates: Vec::new(),
            predicates: Vec::new(),
            actions: Vec::new(),
            rules: Vec::new(),
            slots: Vec::new(),
            versions: Vec::new(),
            quiet_unless: None,
        },
        lowered: HashMap::new(),
    };
    for version in &graph.versions {
        let rules = version
            .rules
            .iter()
            .map(|&rule| lowerer.rule(rule))
            .collect::<Result<Vec<_>, _>>()?;
        let escalation = lowerer.escalation(version.escalation)?;
        let label = match version.from {
            Some(from) => format!("{}@{from}", graph.policy.id),
            None => format!("{}@always", graph.policy.id),
        };
        lowerer.plan.versions.push(VersionPlan {
            from: version.from,
            until: version.until,
            label,
            rules,
            escalation,
        });
    }
    check_version_order(&lowerer.plan.versions)?;
    let mut plan = lowerer.plan;
    plan.quiet_unless = plan
        .aggregates
        .iter()
        .try_fold(CodeSet::EMPTY, |all, aggregate| {
            Some(all.union(aggregate.kind.quiet_unless()?))
        });
    Ok(plan)
}

/// Versions must be in date order and must not overlap.
fn check_version_order(versions: &[VersionPlan]) -> Result<(), String> {
    for pair in versions.windows(2) {
        let in_order = match (pair[0].until, pair[1].from) {
            (Some(until), Some(from)) => until < from,
            _ => false,
        };
        if !in_order {
            return Err(format!(
                "versions {} and {} overlap or are out of date order",
                pair[0].label, pair[1].label
            ));
        }
    }
    Ok(())
}

/// What a node has already been lowered to.
#[derive(Clone, Copy)]
pub(super) enum Lowered {
    Aggregate(usize),
    Predicate(usize),
    Action(usize),
    Rule(usize),
    /// A predicate whose lowering has begun and not finished (cycle guard).
    InProgress,
}

/// Lowers one graph's nodes, each once.
pub(super) struct Lowerer<'g> {
    pub(super) graph: &'g RuleGraph,
    pub(super) plan: Plan,
    pub(super) lowered: HashMap<NodeId, Lowered>,
}

impl Lowerer<'_> {
    /// The node `id`, if it exists.
    pub(super) fn node(&self, id: NodeId) -> Result<&Node, String> {
        self.graph
            .nodes
            .get(id.index())
            .ok_or_else(|| format!("node {} does not exist", id.0))
    }

    /// The firing-state slot of the rule called `name`.
    pub(super) fn slot(&mut self, name: &str) -> usize {
        match self.plan.slots.iter().position(|slot| slot == name) {
            Some(slot) => slot,
            None => {
                self.plan.slots.push(name.to_string());
                self.plan.slots.len() - 1
            }
        }
    }

    fn operand(&mut self, operand: &Operand) -> Result<(OperandPlan, Unit), String> {
        match operand {
            Operand::Node(id) => {
                let index = self.aggregate(*id)?;
                let unit = Unit::of_aggregate(&self.plan.aggregates[index].kind);
                Ok((OperandPlan::Aggregate(index), unit))
            }
            Operand::Constant(quantity) => Ok((
                OperandPlan::Constant(*quantity),
                Unit::of_quantity(*quantity),
            )),
        }
    }

    fn predicate(&mut self, id: NodeId, depth: usize) -> Result<usize, String> {
        match self.lowered.get(&id) {
            Some(Lowered::Predicate(index)) => return Ok(*index),
            Some(Lowered::InProgress) => return Err(format!("predicate {} contains itself", id.0)),
            _ if depth > MAX_DEPTH => return Err("predicates nested too deeply".into()),
            _ => {}
        }
        let Node::Predicate(predicate) = self.node(id)? else {
            return Err(format!("node {} is not a predicate", id.0));
        };
        let predicate = predicate.clone();
        self.lowered.insert(id, Lowered::InProgress);
        let children = |lowerer: &mut Self, of: &[NodeId]| {
            of.iter()
                .map(|&child| lowerer.predicate(child, depth + 1))
                .collect::<Result<Vec<_>, _>>()
        };
        let plan = match &predicate {
            Predicate::Compare { left, op, right } => {
                let (left_plan, left_unit) = self.operand(left)?;
                let (right_plan, right_unit) = self.operand(right)?;
                if left_unit != right_unit {
                    return Err(format!(
                        "predicate {} compares {left_unit} with {right_unit}",
                        id.0
                    ));
                }
                PredicatePlan::Compare {
                    left: left_plan,
                    op: *op,
                    right: right_plan,
                }
            }
            Predicate::ExclusionSighting {
                exclusions,
                sightings,
                first_school_days,
            } => {
                self.expect_events(*exclusions, rollcall_data::model::EventKind::Exclusion)?;
                self.expect_events(*sightings, rollcall_data::model::EventKind::PublicPlace)?;
                if *first_school_days == 0 {
                    return Err("an exclusion sighting within 0 school days".into());
                }
                PredicatePlan::ExclusionSighting {
                    first_school_days: *first_school_days,
                }
            }
            Predicate::All { of } => PredicatePlan::All(children(self, of)?),
            Predicate::Any { of } => PredicatePlan::Any(children(self, of)?),
            Predicate::Not { of } => PredicatePlan::Not(self.predicate(*of, depth + 1)?),
        };
        self.plan.predicates.push(plan);
        let index = self.plan.predicates.len() - 1;
        self.lowered.insert(id, Lowered::Predicate(index));
        Ok(index)
    }

    fn expect_events(
        &self,
        id: NodeId,
        kind: rollcall_data::model::EventKind,
    ) -> Result<(), String> {
        match self.node(id)? {
            Node::Input(Input::Events { kind: found }) if *found == kind => Ok(()),
            _ => Err(format!("node {} is not the {kind} events input", id.0)),
        }
    }

    fn action(&mut self, id: NodeId) -> Result<usize, String> {
        if let Some(Lowered::Action(index)) = self.lowered.get(&id) {
            return Ok(*index);
        }
        let Node::Action(action) = self.node(id)? else {
            return Err(format!("node {} is not an action", id.0));
        };
        let action: Action = action.clone();
        self.plan.actions.push(action);
        let index = self.plan.actions.len() - 1;
        self.lowered.insert(id, Lowered::Action(index));
        Ok(index)
    }

    fn rule(&mut self, id: NodeId) -> Result<usize, String> {
        if let Some(Lowered::Rule(index)) = self.lowered.get(&id) {
            return Ok(*index);
        }
        let Node::Rule(rule) = self.node(id)? else {
            return Err(format!("node {} is not a rule", id.0));
        };
        let rule = rule.clone();
        let when = self.predicate(rule.when, 0)?;
        let then = self.action(rule.then)?;
        let instead = rule
            .instead
            .iter()
            .map(|alternative| {
                Ok((
                    self.predicate(alternative.when, 0)?,
                    self.action(alternative.then)?,
                ))
            })
            .collect::<Result<Vec<_>, String>>()?;
        let episode = match rule.episode {
            Some(episode) => {
                let aggregate = self.aggregate(episode.aggregate)?;
                let AggregateKind::Episode { codes, .. } = self.plan.aggregates[aggregate].kind
                else {
                    return Err(format!(
                        "rule {} decides per episode of node {}, which is not an episode",
                        rule.name, episode.aggregate.0
                    ));
                };
                Some(EpisodePlan {
                    aggregate,
                    codes,
                    at_end: episode.at_end,
                })
            }
            None => None,
        };
        let slot = self.slot(&rule.name);
        self.plan.rules.push(RulePlan {
            name: rule.name,
            slot,
            when,
            then,
            instead,
            repeat: rule.repeat,
            episode,
        });
        let index = self.plan.rules.len() - 1;
        self.lowered.insert(id, Lowered::Rule(index));
        Ok(index)
    }

    fn escalation(&mut self, id: NodeId) -> Result<EscalationPlan, String> {
        let Node::Escalation(escalation) = self.node(id)? else {
            return Err(format!("node {} is not an escalation", id.0));
        };
        let escalation = escalation.clone();
        let limit = match &escalation.limit {
            Some(limit) => Some((limit.notices, self.action(limit.then)?)),
            None => None,
        };
        let counted_as = counted_as(&escalation);
        let mut schedules = escalation.schedules;
        schedules.sort_by_key(|schedule| schedule.number);
        Ok(EscalationPlan {
            schedules,
            limit,
            counted_as,
            counting_years: escalation.counting_years,
            counting_from: escalation.counting_from,
            exclusion_payments: escalation.exclusion_payments,
            other_authorities_count: escalation.other_authorities_count,
            unknown_previous: escalation.unknown_previous,
        })
    }
}

/// What makes earlier notices count, as a notice's reason says it:
/// ` (issued from 2024-08-19, within 3 years)`, or nothing.
fn counted_as(escalation: &Escalation) -> String {
    let mut parts = Vec::new();
    if let Some(from) = escalation.counting_from {
        parts.push(format!("issued from {from}"));
    }
    if let Some(years) = escalation.counting_years {
        parts.push(format!("within {years} years"));
    }
    if !escalation.other_authorities_count {
        parts.push("by this authority".to_string());
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}
