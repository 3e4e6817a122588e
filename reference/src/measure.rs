//! Measures on one school day, each counted by scanning every mark of the
//! pupil: which sessions a window holds, and the conditions over them.

use crate::calendar::{academic_year_of, week_of};
use crate::Unsupported;
use chrono::NaiveDate;
use rollcall_data::model::Mark;
use rollcall_ir::graph::{CompareOp, Period, Quantity};
use rollcall_ir::view::{Aggregate, Condition, Operand, Window};
use std::collections::BTreeSet;

/// What a day's measures see: the pupil's marks and calendar, and which
/// sessions are no longer counted.
pub struct Today<'a> {
    /// The school day.
    pub date: NaiveDate,
    /// Every mark of the pupil.
    pub marks: &'a [Mark],
    /// The pupil's school days, in order.
    pub days: &'a [NaiveDate],
    /// The pupil's school weeks (Mondays), in order.
    pub weeks: &'a [NaiveDate],
    /// Marks (by index) taken as evidence by an earlier notice or prosecution.
    pub consumed: &'a BTreeSet<usize>,
    /// The first day of compulsory school age.
    pub compulsory_from: NaiveDate,
}

impl Today<'_> {
    /// The first date of `window` on this day.
    fn window_start(&self, window: &Window) -> Result<NaiveDate, Unsupported> {
        Ok(match window {
            Window::SchoolWeeks(n) => {
                let this = week_of(self.date);
                let upto: Vec<_> = self.weeks.iter().filter(|week| **week <= this).collect();
                *upto[upto.len().saturating_sub(*n as usize)]
            }
            Window::SchoolDays(n) => {
                let upto: Vec<_> = self.days.iter().filter(|day| **day <= self.date).collect();
                *upto[upto.len().saturating_sub(*n as usize)]
            }
            Window::Period(Period::AcademicYear) => academic_year_of(self.date),
            other => return Err(Unsupported(format!("the window {other:?}"))),
        })
    }

    /// The marks (by index) a `count` of `codes` over `window` counts today.
    pub fn counted(&self, aggregate: &Aggregate) -> Result<Vec<usize>, Unsupported> {
        let Aggregate::Count {
            codes,
            window,
            counts_from,
        } = aggregate
        else {
            return Err(Unsupported(format!("the measure {aggregate:?}")));
        };
        let start = self.window_start(window)?;
        Ok((0..self.marks.len())
            .filter(|&index| {
                let mark = &self.marks[index];
                codes.codes.contains(mark.code)
                    && start <= mark.date
                    && mark.date <= self.date
                    && mark.date >= self.compulsory_from
                    && counts_from.is_none_or(|from| mark.date >= from)
                    && !self.consumed.contains(&index)
            })
            .collect())
    }

    /// Whether `condition` holds today, and the marks it rests on (those of
    /// every comparison that holds and is part of why the whole holds).
    pub fn holds(&self, condition: &Condition) -> Result<(bool, Vec<usize>), Unsupported> {
        match condition {
            Condition::Compare { left, op, right } => {
                let (Operand::Aggregate(aggregate), Operand::Constant(Quantity::Sessions(n))) =
                    (left, right)
                else {
                    return Err(Unsupported(format!("the comparison {condition:?}")));
                };
                let counted = self.counted(aggregate)?;
                let value = counted.len() as u32;
                let holds = match op {
                    CompareOp::Less => value < *n,
                    CompareOp::LessOrEqual => value <= *n,
                    CompareOp::Greater => value > *n,
                    CompareOp::GreaterOrEqual => value >= *n,
                    CompareOp::Equal => value == *n,
                    CompareOp::NotEqual => value != *n,
                };
                Ok((holds, if holds { counted } else { Vec::new() }))
            }
            Condition::All(of) => {
                let mut evidence = Vec::new();
                for part in of {
                    let (holds, marks) = self.holds(part)?;
                    if !holds {
                        return Ok((false, Vec::new()));
                    }
                    evidence.extend(marks);
                }
                Ok((true, evidence))
            }
            Condition::Any(of) => {
                let mut any = false;
                let mut evidence = Vec::new();
                for part in of {
                    let (holds, marks) = self.holds(part)?;
                    any |= holds;
                    evidence.extend(marks);
                }
                Ok((any, evidence))
            }
            other => Err(Unsupported(format!("the condition {other:?}"))),
        }
    }
}
