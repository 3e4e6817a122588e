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
//! non-matching possible sessions; for a penalty, except those already
//! consumed), a sighting's two events.

use super::aggregate::{AggregateState, Citing, Value};
use super::days::Day;
use super::events::PupilEvents;
use super::plan::{OperandPlan, Plan, PredicatePlan};
use rollcall_ir::graph::{CompareOp, Quantity};
use rollcall_ir::words;
use std::fmt;

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
            Quantity::Sessions(n)
            | Quantity::SchoolDays(n)
            | Quantity::SchoolWeeks(n)
            | Quantity::Episodes(n),
        ) => return Side::Number(Some(u64::from(n))),
    };
    match value {
        Value::Sessions(n)
        | Value::SchoolDays(n)
        | Value::Episodes(n)
        | Value::Episode { length: n, .. } => Side::Number(Some(u64::from(n))),
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
pub(crate) fn evidence(scope: &Scope, index: usize, citing: Citing, out: &mut EvidenceRefs) {
    match &scope.plan.predicates[index] {
        PredicatePlan::Compare { left, op, right } => {
            let left_low = matches!(op, CompareOp::Less | CompareOp::LessOrEqual);
            let right_low = matches!(op, CompareOp::Greater | CompareOp::GreaterOrEqual);
            for (operand, low) in [(left, left_low), (right, right_low)] {
                if let OperandPlan::Aggregate(aggregate) = operand {
                    scope.aggregates[*aggregate].evidence(low, citing, &mut out.sessions);
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
                evidence(scope, child, citing, out);
            }
        }
        PredicatePlan::Any(of) => {
            for &child in of.iter().filter(|&&child| holds(scope, child)) {
                evidence(scope, child, citing, out);
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
                    if let Value::Sessions(n)
                    | Value::SchoolDays(n)
                    | Value::Episode { length: n, .. } = scope.aggregates[*aggregate].value()
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
/// Written straight into whatever formats it, with no `String` of its own.
pub(crate) fn render<'s>(scope: &'s Scope<'s>, index: usize) -> Rendered<'s> {
    Rendered { scope, index }
}

/// A predicate in words: see [`render`].
pub(crate) struct Rendered<'s> {
    scope: &'s Scope<'s>,
    index: usize,
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scope = self.scope;
        match &scope.plan.predicates[self.index] {
            PredicatePlan::Compare { left, op, right } => {
                let op = words::compare_op(*op);
                write_operand(f, scope, *left)?;
                match right {
                    OperandPlan::Constant(constant) => {
                        write!(f, " (needs {op} {})", words::QuantityText(*constant))
                    }
                    _ => {
                        write!(f, " {op} ")?;
                        write_operand(f, scope, *right)
                    }
                }
            }
            PredicatePlan::ExclusionSighting { first_school_days } => {
                write!(
                    f,
                    "public_place in first {first_school_days} school days of exclusion: "
                )?;
                match scope.events.sighting(scope.day, *first_school_days) {
                    Some(sighting) => {
                        let start = scope.events.all()[sighting.exclusion].start;
                        write!(
                            f,
                            "seen on school day {} of the exclusion from {start}",
                            sighting.school_day
                        )
                    }
                    None if scope.events.seen_today() => {
                        f.write_str("seen today, but not in the first school days of an exclusion")
                    }
                    None => f.write_str("no public_place sighting today"),
                }
            }
            PredicatePlan::All(of) => joined(f, scope, of, " and "),
            PredicatePlan::Any(of) => joined(f, scope, of, " or "),
            PredicatePlan::Not(of) => write!(f, "not ({})", render(scope, *of)),
        }
    }
}

/// Predicates `of` in words, between `separator`s; a nested `and` or `or`
/// in brackets.
fn joined(f: &mut fmt::Formatter<'_>, scope: &Scope, of: &[usize], separator: &str) -> fmt::Result {
    for (position, &child) in of.iter().enumerate() {
        if position > 0 {
            f.write_str(separator)?;
        }
        match &scope.plan.predicates[child] {
            PredicatePlan::All(_) | PredicatePlan::Any(_) => {
                write!(f, "({})", render(scope, child))?
            }
            _ => write!(f, "{}", render(scope, child))?,
        }
    }
    Ok(())
}

/// An operand in words: a constant as written, an aggregate as its
/// description and today's value.
fn write_operand(f: &mut fmt::Formatter<'_>, scope: &Scope, operand: OperandPlan) -> fmt::Result {
    let index = match operand {
        OperandPlan::Constant(constant) => return write!(f, "{}", words::QuantityText(constant)),
        OperandPlan::Aggregate(index) => index,
    };
    let definition = &scope.plan.aggregates[index].definition;
    write!(f, "{} = ", words::AggregateText(definition))?;
    match scope.aggregates[index].value() {
        Value::Sessions(n) | Value::SchoolDays(n) | Value::Episodes(n) => write!(f, "{n}"),
        Value::SchoolWeeks(Some(n)) => write!(f, "{n}"),
        Value::Episode { length, open } if open || length == 0 => write!(f, "{length}"),
        Value::Episode { length, .. } => write!(f, "{length} (ended)"),
        Value::SchoolWeeks(None) => f.write_str("none yet"),
        Value::Share { possible: 0, .. } => f.write_str("unknown (no possible sessions)"),
        Value::Share { matching, possible } => write!(
            f,
            "{} ({matching} of {possible} sessions)",
            words::Percent(u64::from(matching) * 10_000 / u64::from(possible))
        ),
    }
}
