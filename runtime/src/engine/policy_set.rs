//! The set of compiled policies of a run, and which of them applies to a
//! school on a day.

use super::plan::{lower, Plan};
use chrono::NaiveDate;
use rollcall_ir::graph::{PolicyKind, RuleGraph};
use rollcall_ir::EventKind;
use std::collections::BTreeMap;

/// Every compiled policy of a run, checked and ready to evaluate; answers
/// which policy (and version) applies to a school on a day.
///
/// For a school on day D the policy is, in order: the school's own policy
/// (id = the school's id); else its authority's (id = the school's
/// authority); else, on days before that authority policy's first version,
/// the policy it `succeeds` (and so on up the chain); else the national
/// policy in force on D. At each step a policy applies only if one of its
/// versions is in force on D under its own version selection.
#[derive(Clone, Debug)]
pub struct PolicySet {
    plans: Vec<Plan>,
    /// The event kinds the policies declare, sorted, once each.
    declared_events: Vec<EventKind>,
    by_id: BTreeMap<String, usize>,
    nationals: Vec<usize>,
}

/// Why a set of rule graphs cannot be evaluated together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicySetError {
    /// Two graphs have the same policy id.
    #[error("policy `{0}` is given twice")]
    DuplicatePolicy(String),
    /// Two national policies are in force on the same day.
    #[error("national policies `{first}` and `{second}` are both in force on {date}")]
    NationalOverlap {
        /// One national policy.
        first: String,
        /// The other.
        second: String,
        /// The first day both are in force.
        date: NaiveDate,
    },
    /// A policy `succeeds` a policy that is not in the set.
    #[error("policy `{policy}` succeeds `{predecessor}`, which is not among the policies")]
    UnknownPredecessor {
        /// The successor.
        policy: String,
        /// The missing predecessor.
        predecessor: String,
    },
    /// A rule graph is malformed (bad node reference, unit mismatch…).
    #[error("policy `{policy}`: malformed rule graph: {message}")]
    Malformed {
        /// The policy id.
        policy: String,
        /// What is wrong.
        message: String,
    },
}

/// The policy version chosen for a school on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Choice {
    /// Index of the plan.
    pub plan: usize,
    /// Index of the version in the plan.
    pub version: usize,
}

impl PolicySet {
    /// Checks and prepares `graphs` for evaluation.
    pub fn new(graphs: Vec<RuleGraph>) -> Result<PolicySet, PolicySetError> {
        let mut plans = Vec::with_capacity(graphs.len());
        let mut by_id = BTreeMap::new();
        let mut declared_events: Vec<EventKind> = graphs
            .iter()
            .flat_map(|graph| graph.events.iter().map(|declaration| declaration.kind))
            .collect();
        declared_events.sort_unstable();
        declared_events.dedup();
        for graph in &graphs {
            let plan = lower(graph).map_err(|error| PolicySetError::Malformed {
                policy: graph.policy.id.clone(),
                message: error.to_string(),
            })?;
            if by_id.insert(plan.id.clone(), plans.len()).is_some() {
                return Err(PolicySetError::DuplicatePolicy(plan.id));
            }
            plans.push(plan);
        }
        for plan in &plans {
            if let Some(predecessor) = &plan.succeeds {
                if !by_id.contains_key(predecessor) {
                    return Err(PolicySetError::UnknownPredecessor {
                        policy: plan.id.clone(),
                        predecessor: predecessor.clone(),
                    });
                }
            }
        }
        let nationals: Vec<usize> = (0..plans.len())
            .filter(|&index| plans[index].kind == PolicyKind::National)
            .collect();
        check_nationals(&plans, &nationals)?;
        Ok(PolicySet {
            plans,
            declared_events,
            by_id,
            nationals,
        })
    }

    /// The academic year in which the earliest version of any policy comes
    /// into force, as its 1 September; `None` when some policy has a
    /// version in force since always. No policy decides on marks before it.
    pub fn earliest_academic_year(&self) -> Option<NaiveDate> {
        let firsts = self.plans.iter().map(|plan| plan.versions.first()?.from);
        firsts
            .collect::<Option<Vec<NaiveDate>>>()?
            .into_iter()
            .min()
            .map(crate::calendar::academic_year_start)
    }

    /// The event kinds the policies declare: the kinds the data may hold
    /// besides the built-in ones.
    pub fn declared_events(&self) -> &[EventKind] {
        &self.declared_events
    }

    /// The plan at `index`.
    pub(crate) fn plan(&self, index: usize) -> &Plan {
        &self.plans[index]
    }

    /// How many policies there are.
    pub(crate) fn len(&self) -> usize {
        self.plans.len()
    }

    /// The policy version for a school (and its authority) on `date`, and
    /// the last date up to which the same answer is sure to hold.
    pub(crate) fn choose(
        &self,
        school: &str,
        authority: &str,
        date: NaiveDate,
    ) -> (Option<Choice>, NaiveDate) {
        let mut stable_until = NaiveDate::MAX;
        let try_plan = |plan: usize, stable_until: &mut NaiveDate| {
            let (version, until) = self.plans[plan].version_on(date);
            *stable_until = (*stable_until).min(until);
            version.map(|version| Choice { plan, version })
        };
        if let Some(&plan) = self.by_id.get(school) {
            if self.plans[plan].kind == PolicyKind::School {
                if let Some(choice) = try_plan(plan, &mut stable_until) {
                    return (Some(choice), stable_until);
                }
            }
        }
        let mut current = self
            .by_id
            .get(authority)
            .copied()
            .filter(|&plan| self.plans[plan].kind != PolicyKind::School);
        let mut steps = 0;
        while let Some(plan) = current {
            if let Some(choice) = try_plan(plan, &mut stable_until) {
                return (Some(choice), stable_until);
            }
            let first_day = self.plans[plan].first_day();
            steps += 1;
            current = None;
            if date < first_day && steps <= self.plans.len() {
                stable_until = stable_until.min(first_day.pred_opt().unwrap_or(NaiveDate::MIN));
                current = self.plans[plan]
                    .succeeds
                    .as_ref()
                    .and_then(|predecessor| self.by_id.get(predecessor).copied());
            }
        }
        for &plan in &self.nationals {
            if let Some(choice) = try_plan(plan, &mut stable_until) {
                return (Some(choice), stable_until);
            }
        }
        (None, stable_until)
    }
}

/// No two national policies may have versions in force on the same day.
fn check_nationals(plans: &[Plan], nationals: &[usize]) -> Result<(), PolicySetError> {
    let spans: Vec<(usize, NaiveDate, NaiveDate)> = nationals
        .iter()
        .flat_map(|&plan| {
            plans[plan].versions.iter().map(move |version| {
                (
                    plan,
                    version.from.unwrap_or(NaiveDate::MIN),
                    version.until.unwrap_or(NaiveDate::MAX),
                )
            })
        })
        .collect();
    for (i, &(first, first_from, first_until)) in spans.iter().enumerate() {
        for &(second, second_from, second_until) in &spans[i + 1..] {
            if first != second && first_from <= second_until && second_from <= first_until {
                return Err(PolicySetError::NationalOverlap {
                    first: plans[first].id.clone(),
                    second: plans[second].id.clone(),
                    date: first_from.max(second_from),
                });
            }
        }
    }
    Ok(())
}
