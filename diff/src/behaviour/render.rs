//! The behavioural difference in words: text and Markdown sections.

use super::tally::{BehaviourDiff, Outcome, PupilDifference};
use crate::words::payments_words;
use rollcall_ir::words::{plural, pounds};
use std::collections::BTreeSet;
use std::fmt::Write;

/// One row of the totals table: label, old value, new value.
type Row = (String, String, String);

/// The totals, row by row: decisions by action, notices, amounts.
fn rows(diff: &BehaviourDiff) -> Vec<Row> {
    let actions: BTreeSet<&String> = diff
        .old
        .by_action
        .keys()
        .chain(diff.new.by_action.keys())
        .collect();
    let mut rows: Vec<Row> = actions
        .into_iter()
        .map(|action| {
            let of = |tally: &super::tally::Tally| {
                tally
                    .by_action
                    .get(action)
                    .copied()
                    .unwrap_or(0)
                    .to_string()
            };
            (action.clone(), of(&diff.old), of(&diff.new))
        })
        .collect();
    rows.push((
        "notices (penalty and exclusion) per 100 pupils".to_string(),
        diff.old.notices_per_100.clone(),
        diff.new.notices_per_100.clone(),
    ));
    rows.push((
        "total of first payment options".to_string(),
        pounds(diff.old.first_option_pence),
        pounds(diff.new.first_option_pence),
    ));
    rows
}

/// An outcome in one line: `2024-10-11 penalty_notice 1 to p01-mum, £80
/// within 21 days, £160 within 28 days (rule national_threshold, policy@date)`;
/// a missing outcome is `no decision` if the side decided nothing at all.
pub(super) fn outcome_words(outcome: Option<&Outcome>, decisions: usize) -> String {
    let Some(outcome) = outcome else {
        return match decisions {
            0 => "no decision".to_string(),
            _ => "no further decision".to_string(),
        };
    };
    let mut words = format!("{} {}", outcome.date, outcome.action);
    if let Some(label) = &outcome.label {
        let _ = write!(words, " \"{label}\"");
    }
    if let Some(number) = outcome.notice_number {
        let _ = write!(words, " {number}");
    }
    if let Some(parent) = &outcome.parent {
        let _ = write!(words, " to {parent}");
    }
    if !outcome.payments.is_empty() {
        let _ = write!(words, ", {}", payments_words(&outcome.payments));
    }
    let _ = write!(words, " (rule {}, {})", outcome.rule, outcome.policy);
    words
}

/// Who a difference concerns: `p01 (p01-mum)`.
fn who(difference: &PupilDifference) -> String {
    match difference.parents.is_empty() {
        true => difference.pupil.clone(),
        false => format!("{} ({})", difference.pupil, difference.parents.join(", ")),
    }
}

/// What was evaluated, in one line.
fn evaluated(diff: &BehaviourDiff) -> String {
    format!(
        "each policy applied to every school at every date, on {}",
        plural(diff.pupils, "pupil", "pupils")
    )
}

/// The behavioural section as text, the totals in aligned columns.
pub fn behaviour_text(diff: &BehaviourDiff, old: &str, new: &str) -> String {
    let mut out = format!("\ndecisions: {}\n", evaluated(diff));
    let mut table = vec![(String::new(), old.to_string(), new.to_string())];
    table.extend(rows(diff));
    let widths = [
        table.iter().map(|r| r.0.chars().count()).max().unwrap_or(0),
        table.iter().map(|r| r.1.chars().count()).max().unwrap_or(0),
        table.iter().map(|r| r.2.chars().count()).max().unwrap_or(0),
    ];
    for (label, a, b) in &table {
        let line = format!(
            "  {label:<w0$}  {a:>w1$}  {b:>w2$}",
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let _ = writeln!(
        out,
        "\n{} whose decisions differ",
        pupils_words(diff.differing_pupils)
    );
    for difference in &diff.differences {
        let _ = writeln!(
            out,
            "  {}: decisions {} → {}\n    old: {}\n    new: {}",
            who(difference),
            difference.old_decisions,
            difference.new_decisions,
            outcome_words(difference.old.as_ref(), difference.old_decisions),
            outcome_words(difference.new.as_ref(), difference.new_decisions)
        );
    }
    if let Some(more) = more_words(diff) {
        let _ = writeln!(out, "  {more}");
    }
    out
}

/// The behavioural section as Markdown tables.
pub fn behaviour_markdown(diff: &BehaviourDiff, old: &str, new: &str) -> String {
    let mut out = format!(
        "\n## Decisions\n\nWith {}.\n\n| | {old} | {new} |\n|---|---:|---:|\n",
        evaluated(diff)
    );
    for (label, a, b) in rows(diff) {
        let _ = writeln!(out, "| {label} | {a} | {b} |");
    }
    let _ = writeln!(
        out,
        "\n### {} whose decisions differ\n",
        pupils_words(diff.differing_pupils)
    );
    if diff.differences.is_empty() {
        return out;
    }
    out.push_str("| Pupil (parents) | Decisions | First differing decision, old | New |\n");
    out.push_str("|---|---|---|---|\n");
    for difference in &diff.differences {
        let _ = writeln!(
            out,
            "| {} | {} → {} | {} | {} |",
            who(difference),
            difference.old_decisions,
            difference.new_decisions,
            outcome_words(difference.old.as_ref(), difference.old_decisions).replace('|', "\\|"),
            outcome_words(difference.new.as_ref(), difference.new_decisions).replace('|', "\\|")
        );
    }
    if let Some(more) = more_words(diff) {
        let _ = writeln!(out, "\n{more}");
    }
    out
}

/// `… and 12 more …` when not every differing pupil is listed.
fn more_words(diff: &BehaviourDiff) -> Option<String> {
    let more = diff.differing_pupils.checked_sub(diff.differences.len())?;
    (more > 0).then(|| {
        let pupils = if more == 1 { "pupil" } else { "pupils" };
        format!(
            "… and {more} more {pupils} (the first {} are listed; `--differences FILE` writes \
             every one)",
            diff.differences.len()
        )
    })
}

/// `1 pupil`, `3 pupils`, `No pupils`.
fn pupils_words(n: usize) -> String {
    match n {
        0 => "No pupils".to_string(),
        1 => "1 pupil".to_string(),
        n => format!("{n} pupils"),
    }
}
