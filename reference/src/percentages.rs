//! Percentages (`attendance WINDOW`, `share SET WINDOW`): possible
//! sessions with a code in a set as a share of the possible sessions of a
//! window, compared with a percentage.

use crate::measure::{compare, Today};
use crate::Unsupported;
use rollcall_ir::graph::CompareOp;
use rollcall_ir::view::{Aggregate, Window};

impl Today<'_> {
    /// Whether `aggregate` (a percentage) `op` `bp` basis points holds
    /// today, and the sessions behind it: the possible sessions with a code
    /// in the set, or, for `<` and `<=`, those without (the absences behind
    /// a low attendance). A percentage over no possible session is unknown
    /// and the comparison false. Consumption does not change a percentage,
    /// and its evidence keeps consumed sessions (a penalty drops them).
    pub(crate) fn percentage(
        &self,
        aggregate: &Aggregate,
        op: CompareOp,
        bp: u32,
    ) -> Result<(bool, Vec<usize>), Unsupported> {
        let Aggregate::Share {
            codes,
            window,
            counts_from,
        } = aggregate
        else {
            return Err(Unsupported(format!("the percentage {aggregate:?}")));
        };
        let Some((start, end)) = self.window_range(window)? else {
            return Ok((false, Vec::new()));
        };
        let first = match window {
            Window::Sessions(n) => self.first_of_last(*n),
            _ => 0,
        };
        let possible: Vec<usize> = (first..self.marks.len())
            .filter(|&index| {
                let mark = &self.marks[index];
                mark.code.is_possible()
                    && (start..=end).contains(&mark.date)
                    && mark.date <= self.date
                    && mark.date >= self.compulsory_from
                    && counts_from.is_none_or(|from| mark.date >= from)
            })
            .collect();
        let (matching, other): (Vec<usize>, Vec<usize>) = possible
            .iter()
            .partition(|&&index| codes.codes.contains(self.marks[index].code));
        if possible.is_empty() {
            return Ok((false, Vec::new()));
        }
        let share = u64::from(matching.len() as u32) * 10_000;
        let of = u64::from(bp) * possible.len() as u64;
        let holds = compare(share, op, of);
        let low = matches!(op, CompareOp::Less | CompareOp::LessOrEqual);
        Ok((holds, if low { other } else { matching }))
    }
}
