//! Conditions as owned trees: what a rule's predicate node means.

use super::{GraphError, Reader};
use chrono::NaiveDate;
use rollcall_data::model::EventKind;
use rollcall_ir::codes::CodeSet;
use rollcall_ir::graph::{
    self, Aggregate, CompareOp, Input, Node, NodeId, Period, Predicate, Quantity, RunUnit,
};

/// A condition. `and` and `or` compare their operands as a multiset: the
/// order they were written in does not change what they mean.
#[derive(Clone, Debug, Eq)]
pub enum Condition {
    /// `left op right`.
    Compare {
        /// Left side.
        left: Operand,
        /// The operator.
        op: CompareOp,
        /// Right side.
        right: Operand,
    },
    /// `public_place in first N school days of exclusion`.
    ExclusionSighting {
        /// N.
        first_school_days: u32,
    },
    /// Every operand holds.
    All(Vec<Condition>),
    /// At least one operand holds.
    Any(Vec<Condition>),
    /// The operand does not hold.
    Not(Box<Condition>),
}

impl PartialEq for Condition {
    fn eq(&self, other: &Self) -> bool {
        use Condition::*;
        match (self, other) {
            (
                Compare { left, op, right },
                Compare {
                    left: other_left,
                    op: other_op,
                    right: other_right,
                },
            ) => left == other_left && op == other_op && right == other_right,
            (
                ExclusionSighting { first_school_days },
                ExclusionSighting {
                    first_school_days: n,
                },
            ) => first_school_days == n,
            (All(a), All(b)) | (Any(a), Any(b)) => same_multiset(a, b),
            (Not(a), Not(b)) => a == b,
            _ => false,
        }
    }
}

/// Whether `a` and `b` hold the same conditions, in any order.
fn same_multiset(a: &[Condition], b: &[Condition]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut unused: Vec<&Condition> = b.iter().collect();
    a.iter().all(
        |item| match unused.iter().position(|other| *other == item) {
            Some(index) => {
                unused.swap_remove(index);
                true
            }
            None => false,
        },
    )
}

/// A side of a comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operand {
    /// A running quantity.
    Measure(Measure),
    /// A constant with its unit.
    Constant(Quantity),
}

/// A running quantity (an aggregate node).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Measure {
    /// `count SET WINDOW`.
    Count {
        /// The codes counted.
        codes: Codes,
        /// Over which window.
        window: Window,
        /// Sessions before this date are ignored.
        counts_from: Option<NaiveDate>,
    },
    /// `consecutive SET school days|sessions`.
    Run {
        /// The codes a run is made of.
        codes: Codes,
        /// School days or sessions.
        unit: RunUnit,
        /// Sessions before this date are ignored.
        counts_from: Option<NaiveDate>,
    },
    /// `share SET WINDOW` (`attendance WINDOW` is the share of `attending`).
    Share {
        /// The codes whose share is taken.
        codes: Codes,
        /// Over which window.
        window: Window,
        /// Sessions before this date are ignored.
        counts_from: Option<NaiveDate>,
    },
    /// `episode length`: the school days of the current episode of SET.
    Episode {
        /// The codes an episode is made of.
        codes: Codes,
        /// Sessions before this date are ignored.
        counts_from: Option<NaiveDate>,
    },
    /// `school weeks since ANCHOR`.
    SchoolWeeksSince {
        /// The event or rule.
        anchor: Anchor,
    },
}

/// A set of codes with the name it was written under. Only the codes take
/// part in comparisons: renaming a set does not change what it means.
#[derive(Clone, Debug, Eq)]
pub struct Codes {
    /// The codes.
    pub codes: CodeSet,
    /// The set's name, if it had one.
    pub name: Option<String>,
}

impl PartialEq for Codes {
    fn eq(&self, other: &Self) -> bool {
        self.codes == other.codes
    }
}

/// The window of a count or share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Window {
    /// `within N school weeks`.
    SchoolWeeks(u32),
    /// `within N school days`.
    SchoolDays(u32),
    /// `within N school weeks after EVENT|RULE`.
    AfterAnchor {
        /// The event or rule.
        anchor: Anchor,
        /// N.
        school_weeks: u32,
    },
    /// `during notice_to_improve`, with the period's settings.
    NoticeToImprove {
        /// The period without extension, in calendar days.
        lasts_days: u32,
        /// The longest period with extensions, in calendar days.
        at_most_days: u32,
    },
    /// `this term|half_term|academic_year`.
    Period(Period),
    /// `since EVENT|RULE`.
    Since(Anchor),
}

/// What a window or a `school weeks since` starts from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// The latest event of a kind.
    Event(EventKind),
    /// The latest firing of a rule.
    Rule(String),
}

impl Reader<'_> {
    /// The predicate node `id` as a condition.
    pub fn condition(&self, id: NodeId) -> Result<Condition, GraphError> {
        let Node::Predicate(predicate) = self.node(id)? else {
            return Err(self.wrong_kind(id, "a predicate"));
        };
        Ok(match predicate {
            Predicate::Compare { left, op, right } => Condition::Compare {
                left: self.operand(left)?,
                op: *op,
                right: self.operand(right)?,
            },
            Predicate::ExclusionSighting {
                first_school_days, ..
            } => Condition::ExclusionSighting {
                first_school_days: *first_school_days,
            },
            Predicate::All { of } => Condition::All(self.conditions(of)?),
            Predicate::Any { of } => Condition::Any(self.conditions(of)?),
            Predicate::Not { of } => Condition::Not(Box::new(self.condition(*of)?)),
        })
    }

    /// Each predicate node of `ids`.
    fn conditions(&self, ids: &[NodeId]) -> Result<Vec<Condition>, GraphError> {
        ids.iter().map(|id| self.condition(*id)).collect()
    }

    /// A comparison side.
    fn operand(&self, operand: &graph::Operand) -> Result<Operand, GraphError> {
        Ok(match operand {
            graph::Operand::Node(id) => Operand::Measure(self.measure(*id)?),
            graph::Operand::Constant(quantity) => Operand::Constant(*quantity),
        })
    }

    /// The aggregate node `id`.
    pub(super) fn measure(&self, id: NodeId) -> Result<Measure, GraphError> {
        let Node::Aggregate(aggregate) = self.node(id)? else {
            return Err(self.wrong_kind(id, "an aggregate"));
        };
        Ok(match aggregate {
            Aggregate::Count {
                codes,
                window,
                counts_from,
            } => Measure::Count {
                codes: self.codes(*codes)?,
                window: self.window(window)?,
                counts_from: *counts_from,
            },
            Aggregate::Run {
                codes,
                unit,
                counts_from,
            } => Measure::Run {
                codes: self.codes(*codes)?,
                unit: *unit,
                counts_from: *counts_from,
            },
            Aggregate::Share {
                codes,
                window,
                counts_from,
            } => Measure::Share {
                codes: self.codes(*codes)?,
                window: self.window(window)?,
                counts_from: *counts_from,
            },
            Aggregate::Episode { codes, counts_from } => Measure::Episode {
                codes: self.codes(*codes)?,
                counts_from: *counts_from,
            },
            Aggregate::SchoolWeeksSince { anchor } => Measure::SchoolWeeksSince {
                anchor: self.anchor(*anchor)?,
            },
        })
    }

    /// The classifier node `id`.
    fn codes(&self, id: NodeId) -> Result<Codes, GraphError> {
        match self.node(id)? {
            Node::Classify { name, codes, .. } => Ok(Codes {
                codes: *codes,
                name: name.clone(),
            }),
            _ => Err(self.wrong_kind(id, "a code-set classifier")),
        }
    }

    /// A window, its anchors followed.
    fn window(&self, window: &graph::Window) -> Result<Window, GraphError> {
        Ok(match window {
            graph::Window::SchoolWeeks { school_weeks } => Window::SchoolWeeks(*school_weeks),
            graph::Window::SchoolDays { school_days } => Window::SchoolDays(*school_days),
            graph::Window::AfterAnchor {
                anchor,
                school_weeks,
            } => Window::AfterAnchor {
                anchor: self.anchor(*anchor)?,
                school_weeks: *school_weeks,
            },
            graph::Window::NoticeToImprove {
                lasts_days,
                at_most_days,
                ..
            } => Window::NoticeToImprove {
                lasts_days: *lasts_days,
                at_most_days: *at_most_days,
            },
            graph::Window::Period { period } => Window::Period(*period),
            graph::Window::Since { anchor } => Window::Since(self.anchor(*anchor)?),
        })
    }

    /// The events or firings input node `id`.
    fn anchor(&self, id: NodeId) -> Result<Anchor, GraphError> {
        match self.node(id)? {
            Node::Input(Input::Events { kind }) => Ok(Anchor::Event(*kind)),
            Node::Input(Input::Firings { rule }) => Ok(Anchor::Rule(rule.clone())),
            _ => Err(self.wrong_kind(id, "an events or firings input")),
        }
    }
}
