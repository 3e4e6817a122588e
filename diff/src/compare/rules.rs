//! The rules of two effective versions, matched by name. A rule only in the
//! old version and one only in the new that mean the same are a rename.

use super::condition::{condition_changes, ConditionChange};
use super::Changes;
use crate::report::{Aspect, Change, ChangeKind};
use crate::words::{
    actions_words, alternatives_words, episode_words, limits_words, precedence_words,
    preconditions_words, repeat_words, rule_words,
};
use rollcall_ir::graph::{Action, Rule};
use rollcall_ir::view::{RuleMeaning, RuleView, Shared};
use rollcall_ir::words;

/// The changes from the `old` rules to the `new` ones.
pub fn rule_changes(old: &[Shared<RuleView<'_>>], new: &[Shared<RuleView<'_>>]) -> Changes {
    let mut changes = Changes::default();
    let named = |rules: &[Shared<RuleView<'_>>], name: &str| -> Option<usize> {
        rules.iter().position(|view| view.rule.name == name)
    };
    let removed: Vec<&Shared<RuleView<'_>>> = old
        .iter()
        .filter(|view| named(new, &view.rule.name).is_none())
        .collect();
    let mut added: Vec<&Shared<RuleView<'_>>> = new
        .iter()
        .filter(|view| named(old, &view.rule.name).is_none())
        .collect();
    for old_view in old {
        if let Some(index) = named(new, &old_view.rule.name) {
            compare_rule(old_view, &new[index], &mut changes);
        }
    }
    for old_view in removed {
        match added
            .iter()
            .position(|view| view.meaning == old_view.meaning)
        {
            Some(index) => {
                let new_view = added.remove(index);
                changes.semantic.push(renamed(old_view.rule, new_view.rule));
                documentation(old_view.rule, new_view.rule, &mut changes);
            }
            None => changes.semantic.push(
                Change::removed(
                    subject(old_view.rule),
                    Aspect::Rule,
                    rule_words(&old_view.meaning),
                )
                .at(Some(&old_view.rule.location), None),
            ),
        }
    }
    if let Some(change) = order_change(old, new) {
        changes.semantic.push(change);
    }
    for new_view in added {
        changes.semantic.push(
            Change::added(
                subject(new_view.rule),
                Aspect::Rule,
                rule_words(&new_view.meaning),
            )
            .at(None, Some(&new_view.rule.location)),
        );
    }
    changes
}

/// The change of evaluation order of the rules both versions have that
/// consume their evidence, if any: when two such rules hold on the same
/// day on the same sessions, the earlier decides, so their order is part
/// of the meaning. (A letter consumes nothing: its place changes no
/// decision.)
fn order_change(old: &[Shared<RuleView<'_>>], new: &[Shared<RuleView<'_>>]) -> Option<Change> {
    let find = |rules: &[Shared<RuleView<'_>>], name: &str| {
        rules
            .iter()
            .find(|view| view.rule.name == name)
            .map(|view| consumes(&view.meaning))
    };
    // Rules in both versions that consume their evidence in either.
    let compared = |name: &str| match (find(old, name), find(new, name)) {
        (Some(in_old), Some(in_new)) => in_old || in_new,
        _ => false,
    };
    let order = |rules: &[Shared<RuleView<'_>>]| -> Vec<String> {
        rules
            .iter()
            .map(|view| view.rule.name.clone())
            .filter(|name| compared(name))
            .collect()
    };
    let (old_order, new_order) = (order(old), order(new));
    (old_order != new_order).then(|| {
        let written = |names: &[String]| {
            names
                .iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        Change::changed(
            "rule order".to_string(),
            vec![Aspect::RuleOrder],
            written(&old_order),
            written(&new_order),
        )
        .with_notes(vec![
            "when two rules hold on the same day on the same sessions, the earlier decides"
                .to_string(),
        ])
    })
}

/// Whether a rule's action, or one of its alternatives, consumes its
/// evidence (a penalty notice or a prosecution).
fn consumes(meaning: &RuleMeaning) -> bool {
    let consuming =
        |action: &Shared<Action>| matches!(**action, Action::PenaltyNotice | Action::Prosecution);
    meaning.actions().any(consuming)
        || meaning
            .instead
            .iter()
            .any(|alternative| alternative.actions().any(consuming))
}

/// ``rule `name` ``.
fn subject(rule: &Rule) -> String {
    format!("rule `{}`", rule.name)
}

/// The change for a rule that kept its meaning under another name.
fn renamed(old: &Rule, new: &Rule) -> Change {
    Change::new(
        subject(old),
        ChangeKind::Renamed,
        vec![Aspect::Name],
        Some(old.name.clone()),
        Some(new.name.clone()),
    )
    .at(Some(&old.location), Some(&new.location))
}

/// Compares two rules of the same name.
fn compare_rule(old: &RuleView<'_>, new: &RuleView<'_>, changes: &mut Changes) {
    let (old_meaning, new_meaning): (&RuleMeaning, &RuleMeaning) = (&old.meaning, &new.meaning);
    let name = subject(old.rule);
    let mut found = Vec::new();
    for change in condition_changes(&old_meaning.condition, &new_meaning.condition) {
        found.push(from_condition(name.clone(), change));
    }
    if old_meaning.actions().ne(new_meaning.actions()) {
        found.push(Change::changed(
            name.clone(),
            vec![Aspect::Action],
            actions_words(old_meaning.actions()),
            actions_words(new_meaning.actions()),
        ));
    }
    alternative_changes(&name, old_meaning, new_meaning, &mut found);
    if old_meaning.episode != new_meaning.episode {
        found.push(Change::changed(
            name.clone(),
            vec![Aspect::Episode],
            episode_words(old_meaning.episode.as_ref()),
            episode_words(new_meaning.episode.as_ref()),
        ));
    }
    if old.rule.precedence != new.rule.precedence {
        found.push(Change::changed(
            name.clone(),
            vec![Aspect::Precedence],
            precedence_words(&old.rule.precedence),
            precedence_words(&new.rule.precedence),
        ));
    }
    found.extend(precondition_change(&name, old_meaning, new_meaning));
    if old_meaning.repeat != new_meaning.repeat {
        found.push(Change::changed(
            name.clone(),
            vec![Aspect::Repeat],
            repeat_words(old_meaning.repeat),
            repeat_words(new_meaning.repeat),
        ));
    }
    if old_meaning.limits != new_meaning.limits {
        found.push(Change::changed(
            name,
            vec![Aspect::Limits],
            limits_words(&old_meaning.limits),
            limits_words(&new_meaning.limits),
        ));
    }
    let (old_location, new_location) = (&old.rule.location, &new.rule.location);
    changes.semantic.extend(
        found
            .into_iter()
            .map(|change| change.at(Some(old_location), Some(new_location))),
    );
    documentation(old.rule, new.rule, changes);
}

/// The changes of a rule's `instead` clauses: clause by clause when the
/// clauses take the same actions in the same order, else as a whole.
fn alternative_changes(name: &str, old: &RuleMeaning, new: &RuleMeaning, found: &mut Vec<Change>) {
    if old.instead == new.instead {
        return;
    }
    let same_actions = old.instead.len() == new.instead.len()
        && old
            .instead
            .iter()
            .zip(&new.instead)
            .all(|(a, b)| a.actions().eq(b.actions()));
    if !same_actions {
        found.push(Change::changed(
            name.to_string(),
            vec![Aspect::Alternatives],
            alternatives_words(&old.instead),
            alternatives_words(&new.instead),
        ));
        return;
    }
    for (old_clause, new_clause) in old.instead.iter().zip(&new.instead) {
        let clause = format!("{name}, instead {}", actions_words(old_clause.actions()));
        for change in condition_changes(&old_clause.when, &new_clause.when) {
            found.push(from_condition(clause.clone(), change));
        }
    }
}

/// The change of a rule's preconditions, if any, with a note in plain
/// words for each one added or removed (their order does not matter).
fn precondition_change(name: &str, old: &RuleMeaning, new: &RuleMeaning) -> Option<Change> {
    let (old_gates, new_gates) = (&old.preconditions, &new.preconditions);
    let removed = old_gates.iter().filter(|gate| !new_gates.contains(gate));
    let added = new_gates.iter().filter(|gate| !old_gates.contains(gate));
    let notes: Vec<String> = removed
        .map(|gate| format!("removed: {}", words::precondition_meaning(gate)))
        .chain(added.map(|gate| format!("added: {}", words::precondition_meaning(gate))))
        .collect();
    (!notes.is_empty()).then(|| {
        Change::changed(
            name.to_string(),
            vec![Aspect::Preconditions],
            preconditions_words(old_gates),
            preconditions_words(new_gates),
        )
        .with_notes(notes)
    })
}

/// A rule change from a condition change.
fn from_condition(subject: String, change: ConditionChange) -> Change {
    Change::changed(subject, change.aspects, change.old, change.new).with_notes(change.notes)
}

/// Doc and source changes of a rule (not semantic).
fn documentation(old: &Rule, new: &Rule, changes: &mut Changes) {
    let texts = [
        ("doc", &old.doc, &new.doc),
        ("source", &old.source, &new.source),
    ];
    for (what, old_text, new_text) in texts {
        if old_text != new_text {
            changes.documentation.push(
                super::text_change(format!("{} {what}", subject(new)), old_text, new_text)
                    .at(Some(&old.location), Some(&new.location)),
            );
        }
    }
}
