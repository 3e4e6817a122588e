//! Writing a diff as text, JSON or Markdown.

mod json;
mod markdown;
mod text;

pub use json::json;
pub use markdown::markdown;
pub use text::text;

use super::report::{Change, ChangeKind, Scope, SemanticDiff, Side};
use super::words::location_words;

/// `national-2024 (policies/national-2024.policy)`, with the date if any.
fn side_words(side: &Side) -> String {
    format!("{} ({})", side_label(side), side.file)
}

/// `national-2024`, or `westmorland-and-furness on 2024-08-19` with `--at`.
fn side_label(side: &Side) -> String {
    match side.at {
        Some(date) => format!("{} on {date}", side.policy),
        None => side.policy.clone(),
    }
}

/// The heading of a scope: `policy`, or the two versions compared.
fn scope_words(scope: &Scope) -> String {
    match scope {
        Scope::Policy => "policy".to_string(),
        Scope::Versions { old, new } => {
            let side = |version: &Option<super::report::VersionRef>| {
                version
                    .as_ref()
                    .map_or("no version".to_string(), |version| version.words())
            };
            format!("{} → {}", side(old), side(new))
        }
    }
}

/// The changes grouped by scope, keeping their order.
fn by_scope(changes: &[Change]) -> Vec<(&Scope, Vec<&Change>)> {
    let mut groups: Vec<(&Scope, Vec<&Change>)> = Vec::new();
    for change in changes {
        match groups.last_mut() {
            Some((scope, group)) if **scope == change.scope => group.push(change),
            _ => groups.push((&change.scope, vec![change])),
        }
    }
    groups
}

/// `+`, `-` or `~`.
fn marker(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => "+",
        ChangeKind::Removed => "-",
        ChangeKind::Changed | ChangeKind::Renamed => "~",
    }
}

/// A change's subject with its changed aspects: ``rule `x` (threshold, window)``.
fn headline(change: &Change) -> String {
    let shown: Vec<&str> = change
        .aspects
        .iter()
        .filter(|aspect| aspect.is_rule_part())
        .map(|aspect| aspect.words())
        .collect();
    match change.kind {
        ChangeKind::Renamed => "rule renamed".to_string(),
        ChangeKind::Changed if !shown.is_empty() => {
            format!("{} ({})", change.subject, shown.join(", "))
        }
        _ => change.subject.clone(),
    }
}

/// `old.policy:3 → new.policy:5`, `new.policy:5`, or empty.
fn where_words(change: &Change) -> String {
    match (&change.old_location, &change.new_location) {
        (Some(old), Some(new)) => format!("{} → {}", location_words(old), location_words(new)),
        (Some(one), None) | (None, Some(one)) => location_words(one),
        (None, None) => String::new(),
    }
}

/// `1 semantic change.` / `No semantic change.`
fn summary(diff: &SemanticDiff) -> String {
    match diff.changes.len() {
        0 => "No semantic change.".to_string(),
        1 => "1 semantic change.".to_string(),
        n => format!("{n} semantic changes."),
    }
}
