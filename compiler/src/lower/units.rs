//! Unit typing of operands and amounts: comparisons need like units, bare
//! numbers get the other side's unit in the error, literals are range-checked.

use super::SegmentLowerer;
use crate::diagnostic::{Diagnostic, FileText};
use crate::diagnostic_kind::DiagnosticKind;
use rollcall_grammar::ast::{self, Amount, Spanned, Unit};
use rollcall_ir::graph;

/// A lowered operand and the unit it is measured in (`None` for a bare number).
pub(super) struct TypedOperand {
    pub unit: Option<OperandUnit>,
    pub operand: graph::Operand,
}

/// The unit a comparison operand is measured in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum OperandUnit {
    Sessions,
    SchoolDays,
    SchoolWeeks,
    Percent,
    /// Separate episodes of absence.
    Episodes,
    /// A unit conditions never compare (money, days, weeks, years, notices).
    Other(&'static str),
}

impl OperandUnit {
    /// The unit in words, as messages name it.
    pub(super) fn words(self) -> &'static str {
        match self {
            OperandUnit::Other(words) => words,
            OperandUnit::Sessions => "sessions",
            OperandUnit::SchoolDays => "school days",
            OperandUnit::SchoolWeeks => "school weeks",
            OperandUnit::Percent => "a percentage",
            OperandUnit::Episodes => "episodes",
        }
    }

    /// An amount in this unit, for help lines.
    pub(super) fn example(self) -> &'static str {
        match self {
            OperandUnit::Sessions => "10 sessions",
            OperandUnit::SchoolDays => "15 school days",
            OperandUnit::SchoolWeeks => "6 school weeks",
            OperandUnit::Percent => "92%",
            OperandUnit::Episodes => "3 episodes",
            OperandUnit::Other(_) => "10 sessions",
        }
    }
}

pub(super) fn unit_words(unit: Option<Unit>) -> &'static str {
    match unit {
        None => "a bare number",
        Some(Unit::Sessions) => "sessions",
        Some(Unit::SchoolDays) => "school days",
        Some(Unit::SchoolWeeks) => "school weeks",
        Some(Unit::Days) => "days",
        Some(Unit::Weeks) => "weeks",
        Some(Unit::Months) => "months",
        Some(Unit::Years) => "years",
        Some(Unit::Percent) => "a percentage",
        Some(Unit::Money) => "money",
        Some(Unit::Notices) => "notices",
        Some(Unit::Episodes) => "episodes",
    }
}

impl<'a> SegmentLowerer<'a, '_> {
    /// A bare number takes the unit of the other side, with an error that says so.
    pub(super) fn infer_bare(
        &mut self,
        policy: usize,
        left: &ast::Operand,
        left_kind: Option<OperandUnit>,
        right: &ast::Operand,
        right_kind: Option<OperandUnit>,
    ) -> Option<(OperandUnit, OperandUnit)> {
        match (left_kind, right_kind) {
            (Some(l), Some(r)) => Some((l, r)),
            (Some(known), None) | (None, Some(known)) => {
                let bare = if left_kind.is_none() { left } else { right };
                self.diagnostics.push(
                    Diagnostic::new(
                        DiagnosticKind::MissingUnit,
                        self.file(policy),
                        bare.span(),
                        "this number has no unit".to_string(),
                    )
                    .label(format!("{} of what?", literal_text(bare)))
                    .help(format!(
                        "the other side is measured in {}: write `{}`",
                        known.words(),
                        with_unit(bare, known)
                    )),
                );
                None
            }
            (None, None) => {
                self.diagnostics.push(
                    Diagnostic::new(
                        DiagnosticKind::MissingUnit,
                        self.file(policy),
                        left.span().join(right.span()),
                        "neither side of this comparison has a unit".to_string(),
                    )
                    .label("bare numbers")
                    .help("compare a quantity such as `count unauthorised within 10 school weeks` with a number and its unit"),
                );
                None
            }
        }
    }

    pub(super) fn literal(
        &mut self,
        policy: usize,
        amount: &Spanned<Amount>,
    ) -> Option<TypedOperand> {
        let value = amount.value.value;
        let (kind, constant) = match amount.value.unit {
            None => (None, graph::Quantity::Sessions(0)),
            Some(Unit::Sessions) => (Some(OperandUnit::Sessions), graph::Quantity::Sessions(0)),
            Some(Unit::SchoolDays) => (
                Some(OperandUnit::SchoolDays),
                graph::Quantity::SchoolDays(0),
            ),
            Some(Unit::SchoolWeeks) => (
                Some(OperandUnit::SchoolWeeks),
                graph::Quantity::SchoolWeeks(0),
            ),
            Some(Unit::Percent) => (Some(OperandUnit::Percent), graph::Quantity::BasisPoints(0)),
            Some(Unit::Episodes) => (Some(OperandUnit::Episodes), graph::Quantity::Episodes(0)),
            Some(other) => (
                Some(OperandUnit::Other(unit_words(Some(other)))),
                graph::Quantity::Sessions(0),
            ),
        };
        if value < 0 || (kind == Some(OperandUnit::Percent) && value > 10_000) {
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::OutOfRange,
                    self.file(policy),
                    amount.span,
                    format!(
                        "`{}` is out of range",
                        literal_text(&ast::Operand::Literal(amount.clone()))
                    ),
                )
                .label("counts are never negative; percentages run from 0% to 100%")
                .help("write a count of zero or more, or a percentage from 0% to 100%"),
            );
            return None;
        }
        let value = value as u32;
        let constant = match constant {
            graph::Quantity::Sessions(_) => graph::Quantity::Sessions(value),
            graph::Quantity::SchoolDays(_) => graph::Quantity::SchoolDays(value),
            graph::Quantity::SchoolWeeks(_) => graph::Quantity::SchoolWeeks(value),
            graph::Quantity::BasisPoints(_) => graph::Quantity::BasisPoints(value),
            graph::Quantity::Episodes(_) => graph::Quantity::Episodes(value),
        };
        Some(TypedOperand {
            unit: kind,
            operand: graph::Operand::Constant(constant),
        })
    }

    /// Checks a positive whole amount in a unit `place` allows; returns it
    /// and the unit it was written in.
    pub(super) fn positive(
        &mut self,
        policy: usize,
        amount: &Spanned<Amount>,
        place: &Place,
    ) -> Option<(u32, Unit)> {
        let file = self.file(policy);
        check_positive(file, amount, place, self.diagnostics)
    }
}

/// A place an amount is written in: what it is, as messages name it, and
/// the units it may be written in.
pub(super) struct Place<'p> {
    /// What the amount is (`a rolling window`).
    pub what: &'p str,
    /// Each unit allowed, with an amount in it for help lines (`10 school
    /// weeks`), in the order messages list them.
    pub units: &'p [(Unit, &'p str)],
    /// A further hint for a wrong or missing unit, if any.
    pub hint: Option<&'p str>,
}

impl Place<'_> {
    /// The allowed units in words: `school weeks, school days or months`.
    fn unit_list(&self) -> String {
        either(
            self.units
                .iter()
                .map(|(unit, _)| unit_words(Some(*unit)).to_string()),
        )
    }

    /// The examples in backticks: `` `3 years` or `12 months` ``.
    fn examples(&self) -> String {
        either(self.units.iter().map(|(_, example)| format!("`{example}`")))
    }
}

/// Items joined as `a`, `a or b`, `a, b or c`.
fn either(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// Checks a positive whole amount in a unit `place` allows, reporting a
/// missing or wrong unit (naming every unit allowed there) and a zero or
/// negative amount; returns the amount and the unit it was written in.
pub(super) fn check_positive(
    file: &FileText,
    amount: &Spanned<Amount>,
    place: &Place,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(u32, Unit)> {
    let Amount {
        value,
        unit: written,
    } = amount.value;
    let what = place.what;
    let Some((unit, example)) = place.units.iter().find(|(unit, _)| written == Some(*unit)) else {
        let (kind, message, label) = match written {
            None => (
                DiagnosticKind::MissingUnit,
                format!("{what} needs a unit"),
                "no unit",
            ),
            Some(_) => (
                DiagnosticKind::WrongUnit,
                format!(
                    "{what} is measured in {}, not {}",
                    place.unit_list(),
                    unit_words(written)
                ),
                "amounts in the wrong unit",
            ),
        };
        let mut help = format!("write it like {}", place.examples());
        if let Some(hint) = place.hint {
            help = format!("{help}; {hint}");
        }
        diagnostics.push(
            Diagnostic::new(kind, file, amount.span, message)
                .label(label)
                .help(help),
        );
        return None;
    };
    if value <= 0 {
        diagnostics.push(
            Diagnostic::new(
                DiagnosticKind::NonPositive,
                file,
                amount.span,
                format!("{what} must be greater than zero"),
            )
            .label("zero or negative")
            .help(format!("write a positive amount, like `{example}`")),
        );
        return None;
    }
    Some((u32::try_from(value).ok()?, *unit))
}

pub(super) fn literal_text(quantity: &ast::Operand) -> String {
    match quantity {
        ast::Operand::Literal(amount) => match amount.value.unit {
            Some(Unit::Money) => format!(
                "£{}.{:02}",
                amount.value.value / 100,
                amount.value.value % 100
            ),
            Some(Unit::Percent) => format!("{}%", amount.value.value as f64 / 100.0),
            _ => amount.value.value.to_string(),
        },
        _ => "this".to_string(),
    }
}

pub(super) fn with_unit(quantity: &ast::Operand, kind: OperandUnit) -> String {
    let number = literal_text(quantity);
    match kind {
        OperandUnit::Percent => format!("{number}%"),
        other => format!("{number} {}", other.words()),
    }
}
