//! Differences inside a condition: the two trees are walked together, and
//! each smallest comparison that differs is reported whole, with the parts
//! of it that changed (threshold, window, codes…). When the shapes differ
//! the whole condition is reported.

use crate::report::Aspect;
use crate::words::{code_list, Written};
use rollcall_ir::view::{Aggregate, CodeSetView, Condition, Operand, Shared};
use std::mem::discriminant;

/// One difference inside a condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionChange {
    /// What changed.
    pub aspects: Vec<Aspect>,
    /// The old comparison (or condition), in words.
    pub old: String,
    /// The new one.
    pub new: String,
    /// Codes added and removed.
    pub notes: Vec<String>,
}

/// The differences between two conditions (none if they mean the same).
pub fn condition_changes(old: &Condition, new: &Condition) -> Vec<ConditionChange> {
    let mut changes = Vec::new();
    walk(old, new, &mut changes);
    changes
}

/// Compares `old` with `new`, appending differences to `out`.
fn walk(old: &Condition, new: &Condition, out: &mut Vec<ConditionChange>) {
    if old == new {
        return;
    }
    match (old, new) {
        (
            Condition::Compare { left, op, right },
            Condition::Compare {
                left: new_left,
                op: new_op,
                right: new_right,
            },
        ) => {
            let mut parts = Parts::default();
            let same_shape = parts.operands(left, new_left) && parts.operands(right, new_right);
            if op != new_op {
                parts.aspects.push(Aspect::Comparison);
            }
            if same_shape {
                out.push(parts.change(old, new));
            } else {
                out.push(whole(old, new));
            }
        }
        (Condition::ExclusionSighting { .. }, Condition::ExclusionSighting { .. }) => {
            let mut parts = Parts::default();
            parts.aspects.push(Aspect::ExclusionDays);
            out.push(parts.change(old, new));
        }
        (Condition::All(a), Condition::All(b)) | (Condition::Any(a), Condition::Any(b))
            if a.len() == b.len() =>
        {
            let (a, b) = (unmatched(a, b), unmatched(b, a));
            for (old, new) in a.into_iter().zip(b) {
                walk(old, new, out);
            }
        }
        (Condition::Not(a), Condition::Not(b)) => walk(a, b, out),
        _ => out.push(whole(old, new)),
    }
}

/// The whole condition changed shape.
fn whole(old: &Condition, new: &Condition) -> ConditionChange {
    ConditionChange {
        aspects: vec![Aspect::Condition],
        old: Written(old).to_string(),
        new: Written(new).to_string(),
        notes: Vec::new(),
    }
}

/// The items of `of` with no equal in `other`, counting duplicates, in order.
fn unmatched<'c>(
    of: &'c [Shared<Condition>],
    other: &'c [Shared<Condition>],
) -> Vec<&'c Condition> {
    let mut available: Vec<&Shared<Condition>> = other.iter().collect();
    of.iter()
        .filter(|item| match available.iter().position(|o| *o == *item) {
            Some(index) => {
                available.remove(index);
                false
            }
            None => true,
        })
        .map(|item| &**item)
        .collect()
}

/// The changed parts of one comparison, collected side by side.
#[derive(Default)]
struct Parts {
    aspects: Vec<Aspect>,
    notes: Vec<String>,
}

impl Parts {
    /// The change with the collected parts.
    fn change(mut self, old: &Condition, new: &Condition) -> ConditionChange {
        self.aspects.sort();
        self.aspects.dedup();
        ConditionChange {
            aspects: self.aspects,
            old: Written(old).to_string(),
            new: Written(new).to_string(),
            notes: self.notes,
        }
    }

    /// Collects the differences of two comparison sides; false if they are
    /// of different kinds (a count against a share, a constant of another unit).
    fn operands(&mut self, old: &Operand, new: &Operand) -> bool {
        match (old, new) {
            (Operand::Constant(a), Operand::Constant(b)) => {
                if a != b {
                    self.aspects.push(Aspect::Threshold);
                }
                discriminant(a) == discriminant(b)
            }
            (Operand::Aggregate(a), Operand::Aggregate(b)) => self.aggregates(a, b),
            _ => false,
        }
    }

    /// Collects the differences of two running quantities; false if they
    /// are of different kinds.
    fn aggregates(&mut self, old: &Aggregate, new: &Aggregate) -> bool {
        match (old, new) {
            (
                Aggregate::Count {
                    codes,
                    window,
                    counts_from,
                },
                Aggregate::Count {
                    codes: new_codes,
                    window: new_window,
                    counts_from: new_counts_from,
                },
            )
            | (
                Aggregate::Share {
                    codes,
                    window,
                    counts_from,
                },
                Aggregate::Share {
                    codes: new_codes,
                    window: new_window,
                    counts_from: new_counts_from,
                },
            )
            | (
                Aggregate::Episodes {
                    codes,
                    window,
                    counts_from,
                },
                Aggregate::Episodes {
                    codes: new_codes,
                    window: new_window,
                    counts_from: new_counts_from,
                },
            ) => {
                self.codes(codes, new_codes);
                self.mark(window != new_window, Aspect::Window);
                self.mark(counts_from != new_counts_from, Aspect::CountsFrom);
                true
            }
            (
                Aggregate::Run {
                    codes,
                    unit,
                    counts_from,
                },
                Aggregate::Run {
                    codes: new_codes,
                    unit: new_unit,
                    counts_from: new_counts_from,
                },
            ) => {
                self.codes(codes, new_codes);
                self.mark(unit != new_unit, Aspect::Unit);
                self.mark(counts_from != new_counts_from, Aspect::CountsFrom);
                true
            }
            (
                Aggregate::SchoolWeeksSince { anchor },
                Aggregate::SchoolWeeksSince { anchor: new_anchor },
            ) => {
                self.mark(anchor != new_anchor, Aspect::Anchor);
                true
            }
            _ => false,
        }
    }

    /// Records `aspect` if `changed`.
    fn mark(&mut self, changed: bool, aspect: Aspect) {
        if changed {
            self.aspects.push(aspect);
        }
    }

    /// Records a change of code set, naming the codes added and removed.
    fn codes(&mut self, old: &CodeSetView, new: &CodeSetView) {
        if old == new {
            return;
        }
        self.aspects.push(Aspect::Codes);
        let added = new.codes.difference(old.codes);
        let removed = old.codes.difference(new.codes);
        let mut parts = Vec::new();
        if !added.is_empty() {
            parts.push(format!("added {}", code_list(added.iter())));
        }
        if !removed.is_empty() {
            parts.push(format!("removed {}", code_list(removed.iter())));
        }
        self.notes.push(format!(
            "codes {} → {}: {}",
            Written(old),
            Written(new),
            parts.join(", ")
        ));
    }
}
