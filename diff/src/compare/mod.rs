//! The semantic comparison of two compiled policies: policy settings, then
//! each pair of effective versions (rules and escalation).

mod condition;
mod escalation;
mod policy;
mod rules;
mod versions;

use super::report::{Aspect, Change, ChangeKind, SemanticDiff, Side};
use super::words::date_range;
use chrono::NaiveDate;
use rollcall_ir::graph::{EffectiveVersion, RuleGraph, VersionSelection};
use rollcall_ir::view::{view, PolicyView, ViewError};
use rollcall_runtime::calendar::academic_year_start;
use std::fmt;
use versions::{pair_versions, version_changes};

/// Changes of meaning and of documentation, collected together.
#[derive(Debug, Default)]
pub struct Changes {
    /// Changes of meaning.
    pub semantic: Vec<Change>,
    /// Doc, source and title changes.
    pub documentation: Vec<Change>,
}

impl Changes {
    /// Appends `other`'s changes.
    fn extend(&mut self, other: Changes) {
        self.semantic.extend(other.semantic);
        self.documentation.extend(other.documentation);
    }
}

/// Why two policies could not be compared.
#[derive(Debug)]
pub enum DiffError {
    /// A graph could not be read.
    Graph {
        /// The policy whose graph it is.
        policy: String,
        /// What is wrong with it.
        error: ViewError,
    },
    /// `--at` named a date on which the policy has no version in force.
    NotInForce {
        /// The policy.
        policy: String,
        /// The date asked for.
        date: NaiveDate,
        /// Its versions, in words.
        versions: String,
    },
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiffError::Graph { policy, error } => {
                write!(f, "the rule graph of `{policy}` is malformed: {error}")
            }
            DiffError::NotInForce {
                policy,
                date,
                versions,
            } => write!(
                f,
                "`{policy}` has no version in force on {date} (its versions: {versions})"
            ),
        }
    }
}

impl std::error::Error for DiffError {}

/// The checked view of `graph`, or the error naming its policy.
fn checked(graph: &RuleGraph) -> Result<PolicyView<'_>, DiffError> {
    view(graph).map_err(|error| DiffError::Graph {
        policy: graph.policy.id.clone(),
        error,
    })
}

/// Every change from `old` to `new`, version by version.
pub fn compare_policies(old: &RuleGraph, new: &RuleGraph) -> Result<SemanticDiff, DiffError> {
    let (old_view, new_view) = (checked(old)?, checked(new)?);
    let mut changes = policy::policy_changes(&old.policy, &new.policy);
    for (i, j) in pair_versions(&old.versions, &new.versions) {
        changes.extend(version_changes(
            i.map(|i| &old_view.versions[i]),
            j.map(|j| &new_view.versions[j]),
            true,
        ));
    }
    Ok(report(Side::of(old, None), Side::of(new, None), changes))
}

/// The changes from the version of `old` in force on `old_date` to the
/// version of `new` in force on `new_date` (the same graph, for one policy
/// over time).
pub fn compare_at(
    old: &RuleGraph,
    old_date: NaiveDate,
    new: &RuleGraph,
    new_date: NaiveDate,
) -> Result<SemanticDiff, DiffError> {
    let (old_view, new_view) = (checked(old)?, checked(new)?);
    let mut changes = policy::policy_changes(&old.policy, &new.policy);
    changes.extend(version_changes(
        Some(&old_view.versions[in_force_index(old, old_date)?]),
        Some(&new_view.versions[in_force_index(new, new_date)?]),
        false,
    ));
    Ok(report(
        Side::of(old, Some(old_date)),
        Side::of(new, Some(new_date)),
        changes,
    ))
}

/// The version of `graph` in force on `date`: the one whose dates hold
/// `date` or, for a policy whose versions are chosen by academic year, 1
/// September of `date`'s academic year.
pub fn in_force(graph: &RuleGraph, date: NaiveDate) -> Result<&EffectiveVersion, DiffError> {
    Ok(&graph.versions[in_force_index(graph, date)?])
}

/// The index of [`in_force`]'s version among `graph`'s versions.
fn in_force_index(graph: &RuleGraph, date: NaiveDate) -> Result<usize, DiffError> {
    let key = match graph.policy.selection {
        VersionSelection::AcademicYear => academic_year_start(date),
        VersionSelection::DecisionDate | VersionSelection::AbsenceDate => date,
    };
    graph
        .versions
        .iter()
        .position(|v| {
            v.from.is_none_or(|from| from <= key) && v.until.is_none_or(|until| key <= until)
        })
        .ok_or_else(|| DiffError::NotInForce {
            policy: graph.policy.id.clone(),
            date,
            versions: graph
                .versions
                .iter()
                .map(|v| date_range(v.from, v.until))
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// The report of `changes` between the two sides.
fn report(old: Side, new: Side, changes: Changes) -> SemanticDiff {
    SemanticDiff {
        old,
        new,
        changes: changes.semantic,
        documentation: changes.documentation,
    }
}

/// A change of doc, source or title text.
fn text_change(subject: String, old: &Option<String>, new: &Option<String>) -> Change {
    let kind = match (old, new) {
        (None, Some(_)) => ChangeKind::Added,
        (Some(_), None) => ChangeKind::Removed,
        _ => ChangeKind::Changed,
    };
    let quoted = |text: &Option<String>| text.as_ref().map(|text| format!("\"{text}\""));
    Change::new(
        subject,
        kind,
        vec![Aspect::Documentation],
        quoted(old),
        quoted(new),
    )
}
