//! Predicates on the day being evaluated: whether they hold, the evidence
//! behind them, and how to say so in words.
//!
//! Comparisons of shares are done in integers: `matching × 10000 op
//! basis_points × possible`; a share over no possible sessions (and a
//! `school weeks since` before its first anchor) makes every comparison
//! false. The evidence of a holding predicate is the evidence of its
//! holding parts: all operands of `and`, the holding operands of `or`,
//! nothing of `not`; a count's unconsumed sessions, a run's sessions, a
//! share's matching sessions (or, when it is compared as low, its
//! non-matching possible sessions) except those already consumed, a
//! sighting's two events.

use super::aggregate::{AggregateState, Value};
use super::days::Day;
use super::events::PupilEvents;
use super::plan::{OperandPlan, Plan, PredicatePlan};
use crate::graph::{CompareOp, Quantity};
use crate::words;

/// What a predicate is evaluated against.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'s> {
    /// The policy.
    pub plan: &'s Plan,
    /// The pupil's aggregates under it.
    pub aggregates: &'s [AggregateState],
    /// The pupil's events.
    pub events: &'s PupilEvents<'s>,
    /// Today, a school day.
    pub day: &'s Day,
}

/// Sessions (mark indices) and events (event indices) behind a decision.
#[derive(Clone, Debug, Default)]
pub(crate) struct EvidenceRefs {
    /// Mark indices.
    pub sessions: Vec<u32>,
    /// Event indices.
    pub events: Vec<usize>,
}

impl EvidenceRefs {
    /// Empties both lists.
    pub fn clear(&mut self) {
        self.sessions.clear();
        self.events.clear();
    }
}

/// A side of a comparison, as a number or a ratio.
#[derive(Clone, Copy)]
enum Side {
    Number(Option<u64>),
    Ratio(u64, u64),
}

fn side(scope: &Scope, operand: OperandPlan) -> Side {
    let value = match operand {
        OperandPlan::Aggregate(index) => scope.aggregates[index].value(),
        OperandPlan::Constant(Quantity::BasisPoints(bp)) => {
            return Side::Ratio(u64::from(bp), 10_000)
        }
        OperandPlan::Constant(
            Quantity::Sessions(n) | Quantity::SchoolDays(n) | Quantity::SchoolWeeks(n),
        ) => return Side::Number(Some(u64::from(n))),
    };
    match value {
        Value::Sessions(n) | Value::SchoolDays(n) => Side::Number(Some(u64::from(n))),
        Value::SchoolWeeks(n) => Side::Number(n.map(u64::from)),
        Value::Share { matching, possible } => {
            Side::Ratio(u64::from(matching), u64::from(possible))
        }
    }
}

fn compare(left: Side, op: CompareOp, right: Side) -> bool {
    let (a, b) = match (left, right) {
        (Side::Number(Some(a)), Side::Number(Some(b))) => (a, b),
        (Side::Ratio(a, p), Side::Ratio(b, q)) if p > 0 && q > 0 => (a * q, b * p),
        _ => return false,
    };
    match op {
        CompareOp::Less => a < b,
        CompareOp::LessOrEqual => a <= b,
        CompareOp::Greater => a > b,
        CompareOp::GreaterOrEqual => a >= b,
        CompareOp::Equal => a == b,
        CompareOp::NotEqual => a != b,
    }
}

/// Whether predicate `index` holds today.
pub(crate) fn holds(scope: &Scope, index: usize) -> bool {
    match &scope.plan.predicates[index] {
        PredicatePlan::Compare { left, op, right } => {
            compare(side(scope, *left), *op, side(scope, *right))
        }
        PredicatePlan::ExclusionSighting { first_school_days } => scope
            .events
            .sighting(scope.day, *first_school_days)
            .is_some(),
        PredicatePlan::All(of) => of.iter().all(|&child| holds(scope, child)),
        PredicatePlan::Any(of) => of.iter().any(|&child| holds(scope, child)),
        PredicatePlan::Not(of) => !holds(scope, *of),
    }
}

/// Adds the evidence of predicate `index` (which holds) to `out`.
pub(crate) fn evidence(scope: &Scope, index: usize, consumed: &[bool], out: &mut EvidenceRefs) {
    match &scope.plan.predicates[index] {
        PredicatePlan::Compare { left, op, right } => {
            let left_low = matches!(op, CompareOp::Less | CompareOp::LessOrEqual);
            let right_low = matches!(op, CompareOp::Greater | CompareOp::GreaterOrEqual);
            for (operand, low) in [(left, left_low), (right, right_low)] {
                if let OperandPlan::Aggregate(aggregate) = operand {
                    scope.aggregates[*aggregate].evidence(low, consumed, &mut out.sessions);
                }
            }
        }
        PredicatePlan::ExclusionSighting { first_school_days } => {
            if let Some(sighting) = scope.events.sighting(scope.day, *first_school_days) {
                out.events
                    .extend([sighting.exclusion, sighting.public_place]);
            }
        }
        PredicatePlan::All(of) => {
            for &child in of {
                evidence(scope, child, consumed, out);
            }
        }
        PredicatePlan::Any(of) => {
            for &child in of.iter().filter(|&&child| holds(scope, child)) {
                evidence(scope, child, consumed, out);
            }
        }
        PredicatePlan::Not(_) => {}
    }
}

/// Adds today's counts and runs in predicate `index` to `out`: what makes
/// a day worth showing in a timeline when it changes.
pub(crate) fn counts(scope: &Scope, index: usize, out: &mut Vec<u32>) {
    match &scope.plan.predicates[index] {
        PredicatePlan::Compare { left, right, .. } => {
            for operand in [left, right] {
                if let OperandPlan::Aggregate(aggregate) = operand {
                    if let Value::Sessions(n) | Value::SchoolDays(n) =
                        scope.aggregates[*aggregate].value()
                    {
                        out.push(n);
                    }
                }
            }
        }
        PredicatePlan::ExclusionSighting { .. } => {}
        PredicatePlan::All(of) | PredicatePlan::Any(of) => {
            for &child in of {
                counts(scope, child, out);
            }
        }
        PredicatePlan::Not(of) => counts(scope, *of, out),
    }
}

/// Predicate `index` in words, with today's values:
/// `count unauthorised within 10 school weeks = 7 (needs >= 10 sessions)`.
pub(crate) fn render(scope: &Scope, index: usize) -> String {
    match &scope.plan.predicates[index] {
        PredicatePlan::Compare { left, op, right } => {
            let op = words::compare_op(*op);
            match (left, right) {
                (_, OperandPlan::Constant(constant)) => format!(
                    "{} (needs {op} {})",
                    operand_text(scope, *left),
                    words::quantity(*constant)
                ),
                _ => format!(
                    "{} {op} {}",
                    operand_text(scope, *left),
                    operand_text(scope, *right)
                ),
            }
        }
        PredicatePlan::ExclusionSighting { first_school_days } => {
            let status = match scope.events.sighting(scope.day, *first_school_days) {
                Some(sighting) => {
                    let start = scope.events.all()[sighting.exclusion].start;
                    format!(
                        "seen on school day {} of the exclusion from {start}",
                        sighting.school_day
                    )
                }
                None if scope.events.seen_today() => {
                    "seen today, but not in the first school days of an exclusion".to_string()
                }
                None => "no public_place sighting today".to_string(),
            };
            format!("public_place in first {first_school_days} school days of exclusion: {status}")
        }
        PredicatePlan::All(of) => joined(scope, of, " and "),
        PredicatePlan::Any(of) => joined(scope, of, " or "),
        PredicatePlan::Not(of) => format!("not ({})", render(scope, *of)),
    }
}

fn joined(scope: &Scope, of: &[usize], separator: &str) -> String {
    let parts: Vec<String> = of
        .iter()
        .map(|&child| match &scope.plan.predicates[child] {
            PredicatePlan::All(_) | PredicatePlan::Any(_) => format!("({})", render(scope, child)),
            _ => render(scope, child),
        })
        .collect();
    parts.join(separator)
}

fn operand_text(scope: &Scope, operand: OperandPlan) -> String {
    match operand {
        OperandPlan::Constant(constant) => words::quantity(constant),
        OperandPlan::Aggregate(index) => {
            let description = &scope.plan.aggregates[index].description;
            let value = match scope.aggregates[index].value() {
                Value::Sessions(n) | Value::SchoolDays(n) => n.to_string(),
                Value::SchoolWeeks(Some(n)) => n.to_string(),
                Value::SchoolWeeks(None) => "none yet".to_string(),
                Value::Share { possible: 0, .. } => "unknown (no possible sessions)".to_string(),
                Value::Share { matching, possible } => format!(
                    "{} ({matching} of {possible} sessions)",
                    words::percent(u64::from(matching) * 10_000 / u64::from(possible))
                ),
            };
            format!("{description} = {value}")
        }
    }
}
