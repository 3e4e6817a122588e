//! Shared limits (`limit NAME = at most N times per PERIOD per
//! pupil|parent`): the decisions of the rules naming one, counted in the
//! period of the decision day.

use crate::calendar::same_period;
use crate::cases::CASE_EVIDENCE;
use chrono::NaiveDate;
use rollcall_ir::graph::LimitWhom;
use rollcall_ir::view::{Limit, Shared};
use rollcall_runtime::decision::Decision;
use std::collections::{BTreeMap, BTreeSet};

/// Per shared limit, the decisions counted: for the pupil (`None`) or a
/// parent, and on which day.
pub type Counted = BTreeMap<String, Vec<(Option<String>, NaiveDate)>>;

/// Whether a rule naming `limits` may decide on `date`: `None` if a
/// limit stops it (the pupil's count reached, or every parent's), else the
/// parents a per-parent limit bars. Decisions are counted in the period
/// of `date` in the pupil's calendar (`weeks`: their school weeks).
pub fn limited(
    limits: &[Shared<Limit>],
    counted: &Counted,
    date: NaiveDate,
    parents: &[String],
    weeks: &[NaiveDate],
) -> Option<Vec<String>> {
    let mut barred = Vec::new();
    for limit in limits {
        let count = |whom: Option<&str>| {
            counted.get(&limit.name).map_or(0, |decisions| {
                decisions
                    .iter()
                    .filter(|(counted, day)| {
                        counted.as_deref() == whom && same_period(weeks, *day, date, limit.per)
                    })
                    .count()
            })
        };
        let reached = |whom: Option<&str>| count(whom) >= limit.at_most as usize;
        match limit.whom {
            LimitWhom::Pupil if reached(None) => return None,
            LimitWhom::Pupil => {}
            LimitWhom::Parent => {
                let at_limit: Vec<String> = parents
                    .iter()
                    .filter(|parent| reached(Some(parent)))
                    .cloned()
                    .collect();
                if !parents.is_empty() && at_limit.len() == parents.len() {
                    return None;
                }
                barred.extend(at_limit);
            }
        }
    }
    Some(barred)
}

/// Counts the decisions `found` of one firing on `date` against `limits`:
/// once for the pupil if there are any, once for each parent with one; a
/// decision reported against an open case is not counted.
pub fn count(limits: &[Shared<Limit>], counted: &mut Counted, date: NaiveDate, found: &[Decision]) {
    let found: Vec<&Decision> = found
        .iter()
        .filter(|decision| decision.action != CASE_EVIDENCE)
        .collect();
    for limit in limits {
        let decisions = counted.entry(limit.name.clone()).or_default();
        match limit.whom {
            LimitWhom::Pupil if !found.is_empty() => decisions.push((None, date)),
            LimitWhom::Pupil => {}
            LimitWhom::Parent => {
                let parents: BTreeSet<&String> =
                    found.iter().filter_map(|d| d.parent.as_ref()).collect();
                decisions.extend(parents.into_iter().map(|p| (Some(p.clone()), date)));
            }
        }
    }
}
