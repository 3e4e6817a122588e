//! Effective versions paired for comparison, and each pair compared.
//!
//! Versions are paired by their dates: every old version with every new
//! version in force on a common day. Versions left over on both sides (two
//! regimes in force at different times, such as the 2013 and 2024
//! frameworks) are then paired in date order; any still left over have no
//! counterpart and are listed whole.

use super::escalation::escalation_changes;
use super::rules::rule_changes;
use super::Changes;
use crate::report::{Aspect, Change, Scope, VersionRef};
use crate::words::date_range;
use chrono::NaiveDate;
use rollcall_ir::graph::EffectiveVersion;
use rollcall_ir::view::{RuleView, Shared, VersionView};

/// Indexes of the versions to compare with each other; `None` is no counterpart.
pub type VersionPair = (Option<usize>, Option<usize>);

/// The pairs of old and new versions to compare, in date order.
pub fn pair_versions(old: &[EffectiveVersion], new: &[EffectiveVersion]) -> Vec<VersionPair> {
    let mut pairs: Vec<VersionPair> = Vec::new();
    for (i, a) in old.iter().enumerate() {
        for (j, b) in new.iter().enumerate() {
            if overlap(a, b) {
                pairs.push((Some(i), Some(j)));
            }
        }
    }
    let lone_old: Vec<usize> = (0..old.len())
        .filter(|i| !pairs.iter().any(|pair| pair.0 == Some(*i)))
        .collect();
    let lone_new: Vec<usize> = (0..new.len())
        .filter(|j| !pairs.iter().any(|pair| pair.1 == Some(*j)))
        .collect();
    let zipped = lone_old.len().min(lone_new.len());
    pairs.extend(
        lone_old
            .iter()
            .zip(&lone_new)
            .map(|(i, j)| (Some(*i), Some(*j))),
    );
    pairs.extend(lone_old[zipped..].iter().map(|i| (Some(*i), None)));
    pairs.extend(lone_new[zipped..].iter().map(|j| (None, Some(*j))));
    pairs.sort_by_key(|(i, j)| {
        let first = [i.map(|i| old[i].from), j.map(|j| new[j].from)]
            .into_iter()
            .flatten()
            .min()
            .flatten();
        (first, *i, *j)
    });
    pairs
}

/// Whether two versions are both in force on some day.
fn overlap(a: &EffectiveVersion, b: &EffectiveVersion) -> bool {
    starts_by_end(a.from, b.until) && starts_by_end(b.from, a.until)
}

/// Whether a span starting on `from` starts no later than one ending on `until`.
fn starts_by_end(from: Option<NaiveDate>, until: Option<NaiveDate>) -> bool {
    match (from, until) {
        (Some(from), Some(until)) => from <= until,
        _ => true,
    }
}

/// One side of a version pair: the version compared, if it has one here.
pub type VersionSide<'v, 'g> = Option<&'v VersionView<'g>>;

/// The changes from the `old` version to the `new`; the change of dates
/// is reported only if `with_dates`.
pub fn version_changes(
    old: VersionSide<'_, '_>,
    new: VersionSide<'_, '_>,
    with_dates: bool,
) -> Changes {
    let mut changes = Changes::default();
    match (old.map(|v| v.version), new.map(|v| v.version)) {
        (Some(a), Some(b)) if with_dates && (a.from, a.until) != (b.from, b.until) => {
            changes.semantic.push(Change::changed(
                "effective dates".to_string(),
                vec![Aspect::EffectiveDates],
                date_range(a.from, a.until),
                date_range(b.from, b.until),
            ))
        }
        (Some(a), None) => changes.semantic.push(Change::removed(
            "version".to_string(),
            Aspect::EffectiveDates,
            format!("{} (no counterpart)", date_range(a.from, a.until)),
        )),
        (None, Some(b)) => changes.semantic.push(Change::added(
            "version".to_string(),
            Aspect::EffectiveDates,
            format!("{} (no counterpart)", date_range(b.from, b.until)),
        )),
        _ => {}
    }
    changes.extend(rule_changes(rules(old), rules(new)));
    changes.semantic.extend(escalation_changes(
        old.map(|v| &*v.escalation),
        new.map(|v| &*v.escalation),
    ));
    let scope = Scope::Versions {
        old: old.map(|v| VersionRef::of(v.version)),
        new: new.map(|v| VersionRef::of(v.version)),
    };
    for change in changes
        .semantic
        .iter_mut()
        .chain(&mut changes.documentation)
    {
        change.scope = scope.clone();
    }
    changes
}

/// The rules of a side's version (none without a version).
fn rules<'v, 'g>(side: VersionSide<'v, 'g>) -> &'v [Shared<RuleView<'g>>] {
    side.map_or(&[], |version| version.rules.as_slice())
}
