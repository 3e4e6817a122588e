//! Lowering a rule graph into a [`Plan`]: the graph is checked once, by
//! [`rollcall_ir::view::view`]; here each aggregate, predicate, action and
//! rule of the view gets one index (a node used by two rules or two
//! versions is lowered once) and each rule name one firing-state slot.

use super::{
    AggregateKind, AggregatePlan, Anchor, EpisodePlan, EscalationPlan, LimitPlan, OperandPlan,
    Plan, PredicatePlan, RulePlan, VersionPlan, WindowPlan,
};
use rollcall_ir::codes::CodeSet;
use rollcall_ir::graph::{Action, NodeId, RuleGraph};
use rollcall_ir::view::{
    self, Aggregate, Condition, EscalationView, Operand, RuleView, Shared, ViewError,
};
use std::collections::HashMap;

/// Lowers `graph`, or says what is wrong with it.
pub(crate) fn lower(graph: &RuleGraph) -> Result<Plan, ViewError> {
    let policy = view::view(graph)?;
    let mut lowerer = Lowerer {
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
            limits: Vec::new(),
            versions: Vec::new(),
            quiet_unless: None,
            preconditions: Vec::new(),
        },
        lowered: HashMap::new(),
    };
    for version in &policy.versions {
        let rules = version
            .rules
            .iter()
            .map(|rule| lowerer.rule(rule))
            .collect();
        let escalation = lowerer.escalation(&version.escalation);
        lowerer.plan.versions.push(VersionPlan {
            from: version.version.from,
            until: version.version.until,
            label: version.label(&graph.policy.id),
            rules,
            escalation,
        });
    }
    let mut plan = lowerer.plan;
    plan.quiet_unless = plan
        .aggregates
        .iter()
        .try_fold(CodeSet::EMPTY, |all, aggregate| {
            Some(all.union(aggregate.kind.quiet_unless()?))
        });
    Ok(plan)
}

/// Lowers one view's nodes, each once.
struct Lowerer {
    plan: Plan,
    /// The index each node already lowered has in its list of the plan.
    lowered: HashMap<NodeId, usize>,
}

impl Lowerer {
    /// The firing-state slot of the rule called `name`.
    fn slot(&mut self, name: &str) -> usize {
        match self.plan.slots.iter().position(|slot| slot == name) {
            Some(slot) => slot,
            None => {
                self.plan.slots.push(name.to_string());
                self.plan.slots.len() - 1
            }
        }
    }

    fn anchor(&mut self, anchor: &view::Anchor) -> Anchor {
        match anchor {
            view::Anchor::Event(kind) => Anchor::Event(*kind),
            view::Anchor::Firing(rule) => Anchor::Firing(self.slot(rule)),
        }
    }

    fn window(&mut self, window: &view::Window) -> WindowPlan {
        window.map_anchor(|anchor| self.anchor(anchor))
    }

    fn aggregate(&mut self, aggregate: &Shared<Aggregate>) -> usize {
        if let Some(&index) = self.lowered.get(&aggregate.id()) {
            return index;
        }
        let kind = match &**aggregate {
            Aggregate::Count {
                codes,
                window,
                counts_from,
            } => AggregateKind::Count {
                codes: codes.codes,
                window: self.window(window),
                counts_from: *counts_from,
            },
            Aggregate::Run {
                codes,
                unit,
                counts_from,
            } => AggregateKind::Run {
                codes: codes.codes,
                unit: *unit,
                counts_from: *counts_from,
            },
            Aggregate::Share {
                codes,
                window,
                counts_from,
            } => AggregateKind::Share {
                codes: codes.codes,
                window: self.window(window),
                counts_from: *counts_from,
            },
            Aggregate::Episode { codes, counts_from } => AggregateKind::Episode {
                codes: codes.codes,
                counts_from: *counts_from,
            },
            Aggregate::SchoolWeeksSince { anchor } => AggregateKind::SchoolWeeksSince {
                anchor: self.anchor(anchor),
            },
            Aggregate::Episodes {
                codes,
                window,
                counts_from,
            } => AggregateKind::Episodes {
                codes: codes.codes,
                window: self.window(window),
                counts_from: *counts_from,
            },
        };
        self.plan.aggregates.push(AggregatePlan {
            kind,
            definition: aggregate.clone(),
        });
        self.remember(aggregate.id(), self.plan.aggregates.len())
    }

    /// Records that node `id` became the last of `len` entries of its list.
    fn remember(&mut self, id: NodeId, len: usize) -> usize {
        self.lowered.insert(id, len - 1);
        len - 1
    }

    fn operand(&mut self, operand: &Operand) -> OperandPlan {
        match operand {
            Operand::Aggregate(aggregate) => OperandPlan::Aggregate(self.aggregate(aggregate)),
            Operand::Constant(quantity) => OperandPlan::Constant(*quantity),
        }
    }

    fn predicate(&mut self, condition: &Shared<Condition>) -> usize {
        if let Some(&index) = self.lowered.get(&condition.id()) {
            return index;
        }
        let plan = match &**condition {
            Condition::Compare { left, op, right } => PredicatePlan::Compare {
                left: self.operand(left),
                op: *op,
                right: self.operand(right),
            },
            Condition::ExclusionSighting { first_school_days } => {
                PredicatePlan::ExclusionSighting {
                    first_school_days: *first_school_days,
                }
            }
            Condition::All(of) => {
                PredicatePlan::All(of.iter().map(|c| self.predicate(c)).collect())
            }
            Condition::Any(of) => {
                PredicatePlan::Any(of.iter().map(|c| self.predicate(c)).collect())
            }
            Condition::Not(of) => PredicatePlan::Not(self.predicate(of)),
        };
        self.plan.predicates.push(plan);
        self.remember(condition.id(), self.plan.predicates.len())
    }

    fn action(&mut self, action: &Shared<Action>) -> usize {
        if let Some(&index) = self.lowered.get(&action.id()) {
            return index;
        }
        self.plan.actions.push((**action).clone());
        self.remember(action.id(), self.plan.actions.len())
    }

    fn rule(&mut self, rule: &Shared<RuleView<'_>>) -> usize {
        if let Some(&index) = self.lowered.get(&rule.id()) {
            return index;
        }
        let meaning = &rule.meaning;
        let when = self.predicate(&meaning.condition);
        let then = meaning
            .actions()
            .map(|action| self.action(action))
            .collect();
        let instead = meaning
            .instead
            .iter()
            .map(|alternative| {
                (
                    self.predicate(&alternative.when),
                    alternative
                        .actions()
                        .map(|action| self.action(action))
                        .collect(),
                )
            })
            .collect();
        let limits = meaning
            .limits
            .iter()
            .map(|limit| self.limit(limit))
            .collect();
        let episode = meaning.episode.as_ref().map(|episode| {
            let aggregate = self.aggregate(&episode.aggregate);
            let codes = match &*episode.aggregate {
                Aggregate::Episode { codes, .. } => codes.codes,
                // The view admits only an episode aggregate here.
                _ => CodeSet::EMPTY,
            };
            EpisodePlan {
                aggregate,
                codes,
                at_end: episode.at_end,
            }
        });
        let slot = self.slot(&rule.rule.name);
        self.plan.rules.push(RulePlan {
            name: rule.rule.name.clone(),
            slot,
            when,
            then,
            instead,
            repeat: meaning.repeat,
            limits,
            episode,
            preconditions: meaning.preconditions.clone(),
        });
        for precondition in &meaning.preconditions {
            if !self.plan.preconditions.contains(precondition) {
                self.plan.preconditions.push(*precondition);
            }
        }
        self.remember(rule.id(), self.plan.rules.len())
    }

    /// A shared limit as a rule names it, with the count-state slot of
    /// its name (an overriding definition in a later version keeps the
    /// count the earlier one's rules have made).
    fn limit(&mut self, limit: &view::Limit) -> LimitPlan {
        let slot = match self.plan.limits.iter().position(|name| *name == limit.name) {
            Some(slot) => slot,
            None => {
                self.plan.limits.push(limit.name.clone());
                self.plan.limits.len() - 1
            }
        };
        LimitPlan {
            slot,
            at_most: limit.at_most,
            per: limit.per,
            whom: limit.whom,
        }
    }

    fn escalation(&mut self, escalation: &EscalationView<'_>) -> EscalationPlan {
        let limit = escalation
            .limit
            .as_ref()
            .map(|(notices, then)| (*notices, self.action(then)));
        let mut schedules = escalation.schedules.to_vec();
        schedules.sort_by_key(|schedule| schedule.number);
        EscalationPlan {
            schedules,
            limit,
            counting: escalation.counting,
            counting_from: escalation.counting_from,
            exclusion_payments: escalation.exclusion_payments.to_vec(),
            other_authorities_count: escalation.other_authorities_count,
            unknown_previous: escalation.unknown_previous,
            case_open: escalation.case_open,
            notice_open: escalation.notice_open,
        }
    }
}
