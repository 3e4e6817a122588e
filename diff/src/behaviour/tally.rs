//! Decisions under the old and the new policy, compared pupil by pupil and
//! tallied as they stream past: counts by action, notices, amounts, and the
//! pupils whose outcomes differ (counted; the first [`LISTED`] kept for the
//! report, so memory does not grow with the cohort).
//!
//! An outcome is what a decision does to a family: its day, parent,
//! action, label, notice number and payments. The rule's name, the policy
//! version and the evidence are shown but not compared, so renaming a rule
//! or a new version that decides the same is no difference.

use chrono::NaiveDate;
use rollcall_ir::graph::Payment;
use rollcall_runtime::decision::Decision;
use rollcall_runtime::measures::Ratio;
use serde::Serialize;
use std::collections::BTreeMap;

/// Differing pupils listed in a report; the rest are counted.
pub const LISTED: usize = 50;

/// The behavioural difference between two policies on one data set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BehaviourDiff {
    /// Pupils evaluated.
    pub pupils: usize,
    /// What the old policy decided.
    pub old: Tally,
    /// What the new policy decided.
    pub new: Tally,
    /// How many pupils' outcomes differ.
    pub differing_pupils: usize,
    /// The first [`LISTED`] of them, by pupil id.
    pub differences: Vec<PupilDifference>,
}

/// Totals of one side's decisions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Decisions by action.
    pub by_action: BTreeMap<String, usize>,
    /// Penalty and exclusion notices.
    pub notices: usize,
    /// Notices per 100 pupils, to two decimal places (the DfE's rate per
    /// 100 enrolments).
    pub notices_per_100: String,
    /// The sum of every notice's first payment option, in pence.
    pub first_option_pence: u64,
}

/// A pupil whose decisions differ between the two policies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PupilDifference {
    /// The pupil.
    pub pupil: String,
    /// The parents whose outcomes differ (pupil-level decisions have none).
    pub parents: Vec<String>,
    /// The first old outcome that differs (`None`: the old policy decided nothing more).
    pub old: Option<Outcome>,
    /// The first new outcome that differs.
    pub new: Option<Outcome>,
    /// How many decisions the old policy made for the pupil.
    pub old_decisions: usize,
    /// How many the new one made.
    pub new_decisions: usize,
}

/// One decision, as compared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The school day the rule was met.
    pub date: NaiveDate,
    /// The parent, for enforcement actions.
    pub parent: Option<String>,
    /// The action.
    pub action: String,
    /// The letter label or review reason.
    pub label: Option<String>,
    /// The notice number.
    pub notice_number: Option<u32>,
    /// Payment options.
    pub payments: Vec<Payment>,
    /// The rule that decided (shown, not compared).
    pub rule: String,
    /// The effective version that decided (shown, not compared).
    pub policy: String,
}

impl Outcome {
    /// The outcome of `decision`.
    fn of(decision: &Decision) -> Outcome {
        Outcome {
            date: decision.date,
            parent: decision.parent.clone(),
            action: decision.action.clone(),
            label: decision.label.clone(),
            notice_number: decision.notice_number,
            payments: decision.payments.clone(),
            rule: decision.rule.clone(),
            policy: decision.policy.clone(),
        }
    }

    /// Whether two outcomes do the same to the same family on the same day.
    fn same(&self, other: &Outcome) -> bool {
        self.key() == other.key()
    }

    /// The compared fields, in sort order.
    fn key(&self) -> OutcomeKey<'_> {
        let payments = self
            .payments
            .iter()
            .map(|p| (p.within_days, p.amount_pence))
            .collect();
        (
            self.date,
            &self.parent,
            &self.action,
            &self.label,
            self.notice_number,
            payments,
        )
    }
}

/// An outcome's compared fields: date, parent, action, label, notice
/// number, payments as (days, pence).
type OutcomeKey<'o> = (
    NaiveDate,
    &'o Option<String>,
    &'o str,
    &'o Option<String>,
    Option<u32>,
    Vec<(u32, u64)>,
);

/// Collects the comparison pupil by pupil.
#[derive(Debug, Default)]
pub struct Tallier {
    pupils: usize,
    old: Tally,
    new: Tally,
    differing_pupils: usize,
    differences: Vec<PupilDifference>,
}

impl Tallier {
    /// A tallier with nothing seen.
    pub fn new() -> Tallier {
        Tallier::default()
    }

    /// Adds one pupil's decisions under each policy; how they differ, if
    /// they do.
    pub fn add_pupil(
        &mut self,
        pupil: &str,
        old: &[Decision],
        new: &[Decision],
    ) -> Option<PupilDifference> {
        self.pupils += 1;
        count(&mut self.old, old);
        count(&mut self.new, new);
        let old_outcomes = sorted_outcomes(old);
        let new_outcomes = sorted_outcomes(new);
        let first = (0..old_outcomes.len().max(new_outcomes.len())).find(|i| {
            match (old_outcomes.get(*i), new_outcomes.get(*i)) {
                (Some(a), Some(b)) => !a.same(b),
                _ => true,
            }
        })?;
        let difference = PupilDifference {
            pupil: pupil.to_string(),
            parents: differing_parents(&old_outcomes, &new_outcomes),
            old: old_outcomes.get(first).cloned(),
            new: new_outcomes.get(first).cloned(),
            old_decisions: old.len(),
            new_decisions: new.len(),
        };
        self.differing_pupils += 1;
        if self.differences.len() < LISTED {
            self.differences.push(difference.clone());
        }
        Some(difference)
    }

    /// The finished comparison.
    pub fn finish(mut self) -> BehaviourDiff {
        for tally in [&mut self.old, &mut self.new] {
            tally.notices_per_100 = Ratio::new(tally.notices as u64, self.pupils as u64)
                .per_hundred()
                .unwrap_or_else(|| "0.00".to_string());
        }
        self.differences.sort_by(|a, b| a.pupil.cmp(&b.pupil));
        BehaviourDiff {
            pupils: self.pupils,
            old: self.old,
            new: self.new,
            differing_pupils: self.differing_pupils,
            differences: self.differences,
        }
    }
}

/// Adds `decisions` to `tally`.
fn count(tally: &mut Tally, decisions: &[Decision]) {
    for decision in decisions {
        *tally.by_action.entry(decision.action.clone()).or_default() += 1;
        if matches!(
            decision.action.as_str(),
            "penalty_notice" | "exclusion_notice"
        ) {
            tally.notices += 1;
            tally.first_option_pence += decision.payments.first().map_or(0, |p| p.amount_pence);
        }
    }
}

/// The outcomes of `decisions`, sorted by their compared fields.
fn sorted_outcomes(decisions: &[Decision]) -> Vec<Outcome> {
    let mut outcomes: Vec<Outcome> = decisions.iter().map(Outcome::of).collect();
    outcomes.sort_by(|a, b| a.key().cmp(&b.key()).then_with(|| a.rule.cmp(&b.rule)));
    outcomes
}

/// The parents whose own outcomes differ, sorted.
fn differing_parents(old: &[Outcome], new: &[Outcome]) -> Vec<String> {
    let mut parents: Vec<String> = old
        .iter()
        .chain(new)
        .filter_map(|outcome| outcome.parent.clone())
        .collect();
    parents.sort();
    parents.dedup();
    parents.retain(|parent| {
        let of = |outcomes: &[Outcome]| -> Vec<Outcome> {
            outcomes
                .iter()
                .filter(|o| o.parent.as_ref() == Some(parent))
                .cloned()
                .collect()
        };
        let (a, b) = (of(old), of(new));
        a.len() != b.len() || a.iter().zip(&b).any(|(x, y)| !x.same(y))
    });
    parents
}
