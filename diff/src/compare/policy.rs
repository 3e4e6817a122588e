//! Policy-wide settings: kind, predecessor and version selection (semantic)
//! and the title, doc and source lines (documentation).

use super::{text_change, Changes};
use crate::report::{Aspect, Change};
use rollcall_ir::graph::{PolicyInfo, PolicyKind, VersionSelection};

/// The changes of the policy-wide settings.
pub fn policy_changes(old: &PolicyInfo, new: &PolicyInfo) -> Changes {
    let mut changes = Changes::default();
    let settings = [
        (
            "policy kind",
            Aspect::PolicyKind,
            kind(old.kind),
            kind(new.kind),
        ),
        (
            "predecessor",
            Aspect::Succeeds,
            succeeds(&old.succeeds),
            succeeds(&new.succeeds),
        ),
        (
            "versions chosen by",
            Aspect::VersionSelection,
            selection(old.selection),
            selection(new.selection),
        ),
    ];
    for (subject, aspect, old_words, new_words) in settings {
        if old_words != new_words {
            changes.semantic.push(Change::changed(
                subject.to_string(),
                vec![aspect],
                old_words,
                new_words,
            ));
        }
    }
    let texts = [
        (
            "policy title",
            Some(old.title.clone()),
            Some(new.title.clone()),
        ),
        ("policy doc", old.doc.clone(), new.doc.clone()),
        ("policy source", old.source.clone(), new.source.clone()),
    ];
    for (subject, old_text, new_text) in texts {
        if old_text != new_text {
            changes
                .documentation
                .push(text_change(subject.to_string(), &old_text, &new_text));
        }
    }
    changes
}

/// The kind as written in a header.
fn kind(kind: PolicyKind) -> String {
    match kind {
        PolicyKind::National => "national",
        PolicyKind::Authority => "authority",
        PolicyKind::School => "school",
    }
    .to_string()
}

/// `succeeds ID`, or `none`.
fn succeeds(predecessor: &Option<String>) -> String {
    match predecessor {
        Some(id) => format!("succeeds {id}"),
        None => "none".to_string(),
    }
}

/// The selection as written after `versions chosen by`.
fn selection(selection: VersionSelection) -> String {
    match selection {
        VersionSelection::DecisionDate => "decision date",
        VersionSelection::AbsenceDate => "absence date",
        VersionSelection::AcademicYear => "academic year",
    }
    .to_string()
}
