//! Building a [`PolicyView`]: every node checked once, in arena order, and
//! each typed once (a node used twice is one [`Shared`] value).

use super::{
    Aggregate, Alternative, Anchor, CodeSetView, Condition, CountingPeriod, EpisodeView,
    EscalationView, ImprovementUnit, Limit, NodeView, Operand, PolicyView, PreconditionView,
    RuleMeaning, RuleView, Shared, VersionView, ViewError, Window,
};
use crate::events::EventKind;
use crate::graph::{self, Action, Input, Node, NodeId, Predicate, RuleGraph, FORMAT};
use chrono::NaiveDate;

/// Predicates nest at most this deep (a guard against malformed graphs).
const MAX_DEPTH: usize = 256;

/// Checks `graph` and returns its typed view, or says what is wrong with it.
pub fn view(graph: &RuleGraph) -> Result<PolicyView<'_>, ViewError> {
    if graph.format != FORMAT {
        return Err(ViewError::Format(graph.format));
    }
    let mut checker = Checker {
        graph,
        typed: vec![Typed::Not; graph.nodes.len()],
    };
    let nodes = (0..graph.nodes.len())
        .map(|index| checker.node(NodeId(index as u32)))
        .collect::<Result<Vec<_>, _>>()?;
    let versions = graph
        .versions
        .iter()
        .map(|version| {
            Ok(VersionView {
                version,
                rules: version
                    .rules
                    .iter()
                    .map(|&rule| checker.rule(rule))
                    .collect::<Result<_, ViewError>>()?,
                escalation: checker.escalation(version.escalation)?,
            })
        })
        .collect::<Result<Vec<_>, ViewError>>()?;
    for pair in graph.versions.windows(2) {
        let in_order = match (pair[0].until, pair[1].from) {
            (Some(until), Some(from)) => until < from,
            _ => false,
        };
        if !in_order {
            return Err(ViewError::VersionOrder(
                version_label(&graph.policy.id, pair[0].from),
                version_label(&graph.policy.id, pair[1].from),
            ));
        }
    }
    Ok(PolicyView {
        graph,
        nodes,
        versions,
    })
}

/// A version's label, `id@from` or `id@always`: the decision's `policy`
/// field.
pub(super) fn version_label(policy: &str, from: Option<NaiveDate>) -> String {
    match from {
        Some(from) => format!("{policy}@{from}"),
        None => format!("{policy}@always"),
    }
}

/// How far a node has been typed.
#[derive(Clone)]
enum Typed<'g> {
    /// Not yet.
    Not,
    /// Begun and not finished (a predicate's cycle guard).
    InProgress,
    /// Done.
    Done(NodeView<'g>),
}

/// Types one graph's nodes, each once.
struct Checker<'g> {
    graph: &'g RuleGraph,
    typed: Vec<Typed<'g>>,
}

impl<'g> Checker<'g> {
    /// The node `id` as compiled, if it exists.
    fn raw(&self, id: NodeId) -> Result<&'g Node, ViewError> {
        self.graph
            .nodes
            .get(id.index())
            .ok_or(ViewError::Missing(id))
    }

    /// The node `id` typed, whatever its kind.
    fn node(&mut self, id: NodeId) -> Result<NodeView<'g>, ViewError> {
        Ok(match self.raw(id)? {
            Node::Input(input) => NodeView::Input(input),
            Node::Classify { .. } => NodeView::CodeSet(self.code_set(id)?),
            Node::Aggregate(_) => NodeView::Aggregate(self.aggregate(id)?),
            Node::Predicate(_) => NodeView::Condition(self.condition(id, 0)?),
            Node::Action(_) => NodeView::Action(self.action(id)?),
            Node::Escalation(_) => NodeView::Escalation(self.escalation(id)?),
            Node::Rule(_) => NodeView::Rule(self.rule(id)?),
            Node::Limit(_) => NodeView::Limit(self.limit(id)?),
        })
    }

    /// The view of `id` typed earlier, if `pick` finds it of the kind wanted.
    fn done<T>(&self, id: NodeId, pick: fn(&NodeView<'g>) -> Option<T>) -> Option<T> {
        match &self.typed[id.index()] {
            Typed::Done(view) => pick(view),
            _ => None,
        }
    }

    /// Remembers `view` as the typed node `id`.
    fn remember<T: Clone>(&mut self, id: NodeId, value: T, wrap: fn(T) -> NodeView<'g>) -> T {
        self.typed[id.index()] = Typed::Done(wrap(value.clone()));
        value
    }

    /// A classifier node: its name and codes.
    fn code_set(&self, id: NodeId) -> Result<CodeSetView, ViewError> {
        let Node::Classify { name, codes, input } = self.raw(id)? else {
            return Err(wrong_kind(id, "a code-set classifier"));
        };
        match self.raw(*input)? {
            Node::Input(Input::Marks) => Ok(CodeSetView {
                name: name.clone(),
                codes: *codes,
            }),
            _ => Err(ViewError::NotMarks(id)),
        }
    }

    /// An events or firings input node, as an anchor.
    fn anchor(&self, id: NodeId) -> Result<Anchor, ViewError> {
        match self.raw(id)? {
            Node::Input(Input::Events { kind }) => Ok(Anchor::Event(*kind)),
            Node::Input(Input::Firings { rule }) => Ok(Anchor::Firing(rule.clone())),
            _ => Err(wrong_kind(id, "an event or firing input")),
        }
    }

    /// A precondition: its edge leads to the events of a kind that is
    /// built in or declared by the graph, and an age is not zero.
    fn precondition(
        &self,
        precondition: &graph::Precondition,
    ) -> Result<PreconditionView, ViewError> {
        let kind = match self.raw(precondition.events)? {
            Node::Input(Input::Events { kind }) => *kind,
            _ => return Err(wrong_kind(precondition.events, "an events input")),
        };
        if !kind.is_built_in() && !self.graph.events.iter().any(|d| d.kind == kind) {
            return Err(ViewError::Undeclared(kind));
        }
        if let Some(age) = precondition.within {
            let (length, unit) = match age {
                graph::EventAge::Days(n) => (n, "days"),
                graph::EventAge::Weeks(n) => (n, "weeks"),
                graph::EventAge::Months(n) => (n, "months"),
            };
            positive(length, unit)?;
        }
        Ok(PreconditionView {
            gate: precondition.gate,
            kind,
            within: precondition.within,
        })
    }

    /// `id` must be the events input of `kind`.
    fn expect_events(&self, id: NodeId, kind: EventKind) -> Result<(), ViewError> {
        match self.raw(id)? {
            Node::Input(Input::Events { kind: found }) if *found == kind => Ok(()),
            _ => Err(ViewError::NotEvents { id, kind }),
        }
    }

    /// A Notice to Improve window: its anchor the notices, its lengths
    /// positive.
    fn improvement(
        &self,
        anchor: NodeId,
        lasts: u32,
        at_most: u32,
        unit: ImprovementUnit,
    ) -> Result<Window, ViewError> {
        if self.anchor(anchor)? != Anchor::Event(EventKind::NoticeToImprove) {
            return Err(ViewError::NoticeToImproveAnchor(anchor));
        }
        let words = match unit {
            ImprovementUnit::Days => "days",
            ImprovementUnit::SchoolWeeks => "school weeks",
            ImprovementUnit::SchoolDays => "school days",
        };
        Ok(Window::NoticeToImprove {
            lasts: positive(lasts, words)?,
            at_most: positive(at_most, words)?,
            unit,
        })
    }

    /// A window with its anchors resolved and its lengths checked.
    fn window(&self, window: &graph::Window) -> Result<Window, ViewError> {
        Ok(match window {
            graph::Window::SchoolWeeks { school_weeks } => {
                Window::SchoolWeeks(positive(*school_weeks, "school weeks")?)
            }
            graph::Window::SchoolDays { school_days } => {
                Window::SchoolDays(positive(*school_days, "school days")?)
            }
            graph::Window::AfterAnchor {
                anchor,
                school_weeks,
            } => {
                let school_weeks = positive(*school_weeks, "school weeks")?;
                Window::AfterAnchor {
                    anchor: self.anchor(*anchor)?,
                    school_weeks,
                }
            }
            graph::Window::NoticeToImprove {
                anchor,
                lasts_days,
                at_most_days,
            } => self.improvement(*anchor, *lasts_days, *at_most_days, ImprovementUnit::Days)?,
            graph::Window::NoticeToImproveSchoolWeeks {
                anchor,
                lasts_school_weeks,
                at_most_school_weeks,
            } => self.improvement(
                *anchor,
                *lasts_school_weeks,
                *at_most_school_weeks,
                ImprovementUnit::SchoolWeeks,
            )?,
            graph::Window::NoticeToImproveSchoolDays {
                anchor,
                lasts_school_days,
                at_most_school_days,
            } => self.improvement(
                *anchor,
                *lasts_school_days,
                *at_most_school_days,
                ImprovementUnit::SchoolDays,
            )?,
            graph::Window::SchoolDaysAfter {
                anchor,
                school_days,
            } => {
                let school_days = positive(*school_days, "school days")?;
                Window::SchoolDaysAfter {
                    anchor: self.anchor(*anchor)?,
                    school_days,
                }
            }
            graph::Window::Sessions { sessions } => {
                Window::Sessions(positive(*sessions, "sessions")?)
            }
            graph::Window::Period { period } => Window::Period(*period),
            graph::Window::ThisAndPrevious { period } => Window::ThisAndPrevious(*period),
            graph::Window::Months { months } => Window::Months(positive(*months, "months")?),
            graph::Window::Between { from, to } => {
                if to < from {
                    return Err(ViewError::EmptyWindow("days (it ends before it starts)"));
                }
                Window::Between {
                    from: *from,
                    to: *to,
                }
            }
            graph::Window::Since { anchor } => Window::Since(self.anchor(*anchor)?),
        })
    }

    /// The aggregate node `id`.
    fn aggregate(&mut self, id: NodeId) -> Result<Shared<Aggregate>, ViewError> {
        let Node::Aggregate(aggregate) = self.raw(id)? else {
            return Err(wrong_kind(id, "an aggregate"));
        };
        if let Some(done) = self.done(id, |view| match view {
            NodeView::Aggregate(done) => Some(done.clone()),
            _ => None,
        }) {
            return Ok(done);
        }
        let typed = match aggregate {
            graph::Aggregate::Count {
                codes,
                window,
                counts_from,
            } => Aggregate::Count {
                codes: self.code_set(*codes)?,
                window: self.window(window)?,
                counts_from: *counts_from,
            },
            graph::Aggregate::Run {
                codes,
                unit,
                counts_from,
            } => Aggregate::Run {
                codes: self.code_set(*codes)?,
                unit: *unit,
                counts_from: *counts_from,
            },
            graph::Aggregate::Share {
                codes,
                window,
                counts_from,
            } => Aggregate::Share {
                codes: self.code_set(*codes)?,
                window: self.window(window)?,
                counts_from: *counts_from,
            },
            graph::Aggregate::Episode { codes, counts_from } => Aggregate::Episode {
                codes: self.code_set(*codes)?,
                counts_from: *counts_from,
            },
            graph::Aggregate::SchoolWeeksSince { anchor } => Aggregate::SchoolWeeksSince {
                anchor: self.anchor(*anchor)?,
            },
            graph::Aggregate::Episodes {
                codes,
                window,
                counts_from,
            } => Aggregate::Episodes {
                codes: self.code_set(*codes)?,
                window: self.window(window)?,
                counts_from: *counts_from,
            },
        };
        Ok(self.remember(id, Shared::new(id, typed), NodeView::Aggregate))
    }

    /// A comparison side.
    fn operand(&mut self, operand: &graph::Operand) -> Result<Operand, ViewError> {
        Ok(match operand {
            graph::Operand::Node(id) => Operand::Aggregate(self.aggregate(*id)?),
            graph::Operand::Constant(quantity) => Operand::Constant(*quantity),
        })
    }

    /// The predicate node `id`, `depth` predicates down from a rule.
    fn condition(&mut self, id: NodeId, depth: usize) -> Result<Shared<Condition>, ViewError> {
        let Node::Predicate(predicate) = self.raw(id)? else {
            return Err(wrong_kind(id, "a predicate"));
        };
        match &self.typed[id.index()] {
            Typed::Done(NodeView::Condition(done)) => return Ok(done.clone()),
            Typed::InProgress => return Err(ViewError::Cycle(id)),
            _ if depth > MAX_DEPTH => return Err(ViewError::TooDeep),
            _ => {}
        }
        self.typed[id.index()] = Typed::InProgress;
        let children = |checker: &mut Self, of: &[NodeId]| {
            of.iter()
                .map(|&child| checker.condition(child, depth + 1))
                .collect::<Result<Vec<_>, _>>()
        };
        let typed = match predicate {
            Predicate::Compare { left, op, right } => {
                let (left, right) = (self.operand(left)?, self.operand(right)?);
                if left.unit() != right.unit() {
                    return Err(ViewError::Units {
                        id,
                        left: left.unit(),
                        right: right.unit(),
                    });
                }
                Condition::Compare {
                    left,
                    op: *op,
                    right,
                }
            }
            Predicate::ExclusionSighting {
                exclusions,
                sightings,
                first_school_days,
            } => {
                self.expect_events(*exclusions, EventKind::Exclusion)?;
                self.expect_events(*sightings, EventKind::PublicPlace)?;
                if *first_school_days == 0 {
                    return Err(ViewError::EmptySighting);
                }
                Condition::ExclusionSighting {
                    first_school_days: *first_school_days,
                }
            }
            Predicate::All { of } => Condition::All(children(self, of)?),
            Predicate::Any { of } => Condition::Any(children(self, of)?),
            Predicate::Not { of } => Condition::Not(self.condition(*of, depth + 1)?),
        };
        Ok(self.remember(id, Shared::new(id, typed), NodeView::Condition))
    }

    /// The action node `id`.
    fn action(&mut self, id: NodeId) -> Result<Shared<Action>, ViewError> {
        let Node::Action(action) = self.raw(id)? else {
            return Err(wrong_kind(id, "an action"));
        };
        if let Some(done) = self.done(id, |view| match view {
            NodeView::Action(done) => Some(done.clone()),
            _ => None,
        }) {
            return Ok(done);
        }
        Ok(self.remember(id, Shared::new(id, action.clone()), NodeView::Action))
    }

    /// The rule node `id`.
    fn rule(&mut self, id: NodeId) -> Result<Shared<RuleView<'g>>, ViewError> {
        let Node::Rule(rule) = self.raw(id)? else {
            return Err(wrong_kind(id, "a rule"));
        };
        if let Some(done) = self.done(id, |view| match view {
            NodeView::Rule(done) => Some(done.clone()),
            _ => None,
        }) {
            return Ok(done);
        }
        let condition = self.condition(rule.when, 0)?;
        let action = self.action(rule.then)?;
        let also = self.actions(id, &action, &rule.also)?;
        let instead = rule
            .instead
            .iter()
            .map(|alternative| {
                let then = self.action(alternative.then)?;
                Ok(Alternative {
                    when: self.condition(alternative.when, 0)?,
                    also: self.actions(id, &then, &alternative.also)?,
                    then,
                })
            })
            .collect::<Result<_, ViewError>>()?;
        let limits = rule
            .limited_by
            .iter()
            .map(|&limit| self.limit(limit))
            .collect::<Result<_, ViewError>>()?;
        let episode = match rule.episode {
            Some(episode) => {
                let aggregate = self.aggregate(episode.aggregate)?;
                if !matches!(*aggregate, Aggregate::Episode { .. }) {
                    return Err(wrong_kind(episode.aggregate, "an episode aggregate"));
                }
                Some(EpisodeView {
                    aggregate,
                    at_end: episode.at_end,
                })
            }
            None => None,
        };
        let preconditions = rule
            .preconditions
            .iter()
            .map(|precondition| self.precondition(precondition))
            .collect::<Result<_, ViewError>>()?;
        let typed = RuleView {
            rule,
            meaning: RuleMeaning {
                condition,
                action,
                also,
                instead,
                repeat: rule.repeat,
                limits,
                episode,
                precedence: rule.precedence.clone(),
                preconditions,
            },
        };
        Ok(self.remember(id, Shared::new(id, typed), NodeView::Rule))
    }

    /// The further actions `ids` of rule `rule`, taken with `first`: at
    /// most one of them all may be a penalty.
    fn actions(
        &mut self,
        rule: NodeId,
        first: &Action,
        ids: &[NodeId],
    ) -> Result<Vec<Shared<Action>>, ViewError> {
        let also = ids
            .iter()
            .map(|&id| self.action(id))
            .collect::<Result<Vec<_>, ViewError>>()?;
        let penalties = std::iter::once(first)
            .chain(also.iter().map(|action| &**action))
            .filter(|action| action.is_penalty())
            .count();
        if penalties > 1 {
            return Err(ViewError::SeveralPenalties(rule));
        }
        Ok(also)
    }

    /// The limit node `id`.
    fn limit(&mut self, id: NodeId) -> Result<Shared<Limit>, ViewError> {
        let Node::Limit(limit) = self.raw(id)? else {
            return Err(wrong_kind(id, "a limit"));
        };
        if let Some(done) = self.done(id, |view| match view {
            NodeView::Limit(done) => Some(done.clone()),
            _ => None,
        }) {
            return Ok(done);
        }
        if limit.at_most == 0 {
            return Err(ViewError::EmptyLimit(id));
        }
        let typed = Limit {
            name: limit.name.clone(),
            at_most: limit.at_most,
            per: limit.per,
            whom: limit.whom,
        };
        Ok(self.remember(id, Shared::new(id, typed), NodeView::Limit))
    }

    /// The escalation node `id`.
    fn escalation(&mut self, id: NodeId) -> Result<Shared<EscalationView<'g>>, ViewError> {
        let Node::Escalation(escalation) = self.raw(id)? else {
            return Err(wrong_kind(id, "an escalation"));
        };
        if let Some(done) = self.done(id, |view| match view {
            NodeView::Escalation(done) => Some(done.clone()),
            _ => None,
        }) {
            return Ok(done);
        }
        let limit = match &escalation.limit {
            Some(limit) => Some((limit.notices, self.action(limit.then)?)),
            None => None,
        };
        let typed = EscalationView {
            schedules: &escalation.schedules,
            limit,
            counting: match (escalation.counting_years, escalation.counting_months) {
                (_, Some(months)) => Some(CountingPeriod::Months(months)),
                (Some(years), None) => Some(CountingPeriod::Years(years)),
                (None, None) => None,
            },
            counting_from: escalation.counting_from,
            exclusion_payments: &escalation.exclusion_payments,
            other_authorities_count: escalation.other_authorities_count,
            unknown_previous: escalation.unknown_previous,
            sources: &escalation.sources,
            case_open: escalation.case_open,
            notice_open: escalation.notice_open,
        };
        Ok(self.remember(id, Shared::new(id, typed), NodeView::Escalation))
    }
}

/// The error for an edge to a node of the wrong kind.
fn wrong_kind(id: NodeId, expected: &'static str) -> ViewError {
    ViewError::WrongKind { id, expected }
}

/// `n`, unless it is 0: a window of no length.
fn positive(n: u32, unit: &'static str) -> Result<u32, ViewError> {
    match n {
        0 => Err(ViewError::EmptyWindow(unit)),
        n => Ok(n),
    }
}
