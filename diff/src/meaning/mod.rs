//! The meaning of a compiled policy's parts as owned values: node ids are
//! followed and the code-set names are kept only for display, so two graphs
//! numbered differently (or written with different helper names) compare
//! equal when they decide the same.

mod condition;
mod escalation;

pub use condition::{Anchor, Codes, Condition, Measure, Operand, Window};
pub use escalation::EscalationMeaning;

use rollcall_ir::graph::{Action, Node, NodeId, Repeat, Rule, RuleGraph};
use std::fmt;

/// A compiled graph that cannot be read: an edge to a missing node, or to a
/// node of the wrong kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphError {
    /// The policy whose graph it is.
    pub policy: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the rule graph of `{}` is malformed: {}",
            self.policy, self.message
        )
    }
}

impl std::error::Error for GraphError {}

/// What a rule decides: everything about it except its name, documentation
/// and location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleMeaning {
    /// When it fires.
    pub condition: Condition,
    /// What it does.
    pub action: Action,
    /// Alternatives, first match wins.
    pub instead: Vec<(Condition, Action)>,
    /// How often it may fire.
    pub repeat: Repeat,
    /// The episode it decides on, once per episode (`at_end`: when it ends).
    pub episode: Option<EpisodeMeaning>,
}

/// A rule's episode clause: the episode's measure and when it decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EpisodeMeaning {
    /// The `Episode` measure (its codes and counting date).
    pub measure: Measure,
    /// Whether it decides when the episode ends.
    pub at_end: bool,
}

/// A rule of a graph together with its meaning.
#[derive(Clone, Debug)]
pub struct RuleView<'g> {
    /// The rule as compiled (name, doc, source, location).
    pub rule: &'g Rule,
    /// What it decides.
    pub meaning: RuleMeaning,
}

/// Reads meanings out of one graph.
#[derive(Clone, Copy)]
pub struct Reader<'g> {
    graph: &'g RuleGraph,
}

impl<'g> Reader<'g> {
    /// A reader of `graph`.
    pub fn new(graph: &'g RuleGraph) -> Self {
        Reader { graph }
    }

    /// The rule node `id` with its meaning.
    pub fn rule(&self, id: NodeId) -> Result<RuleView<'g>, GraphError> {
        let Node::Rule(rule) = self.node(id)? else {
            return Err(self.wrong_kind(id, "a rule"));
        };
        let instead = rule
            .instead
            .iter()
            .map(|alternative| {
                Ok((
                    self.condition(alternative.when)?,
                    self.action(alternative.then)?,
                ))
            })
            .collect::<Result<_, GraphError>>()?;
        Ok(RuleView {
            rule,
            meaning: RuleMeaning {
                condition: self.condition(rule.when)?,
                action: self.action(rule.then)?,
                instead,
                repeat: rule.repeat,
                episode: match &rule.episode {
                    Some(episode) => Some(EpisodeMeaning {
                        measure: self.measure(episode.aggregate)?,
                        at_end: episode.at_end,
                    }),
                    None => None,
                },
            },
        })
    }

    /// The action node `id`.
    pub fn action(&self, id: NodeId) -> Result<Action, GraphError> {
        match self.node(id)? {
            Node::Action(action) => Ok(action.clone()),
            _ => Err(self.wrong_kind(id, "an action")),
        }
    }

    /// The node `id`, or an error naming it.
    fn node(&self, id: NodeId) -> Result<&'g Node, GraphError> {
        self.graph.nodes.get(id.index()).ok_or_else(|| GraphError {
            policy: self.graph.policy.id.clone(),
            message: format!("node {} does not exist", id.0),
        })
    }

    /// The error for an edge to a node of the wrong kind.
    fn wrong_kind(&self, id: NodeId, expected: &str) -> GraphError {
        GraphError {
            policy: self.graph.policy.id.clone(),
            message: format!("node {} is not {expected}", id.0),
        }
    }
}
