//! `expect` lines: a decision's day and action (with its label, for the
//! actions that have one), then any of `to PARENT`,
//! `notice N`, `pays AMOUNTS`, `rule NAME`, `policy ID@FROM`,
//! `authority ID` and `evidence N`, in any order.

use super::super::model::Expectation;
use super::super::tokens::{date, identifier, money, number, Word, Words};
use rollcall_ir::graph::Payment;

/// Actions taken once per parent; they have no label.
const PARENT_ACTIONS: &[&str] = &["penalty_notice", "exclusion_notice", "prosecution"];

/// Actions for a parent with a label: evidence reported against an open
/// case, the label naming the case (`"prosecution of 2025-01-17"`).
const LABELLED_PARENT_ACTIONS: &[&str] = &["case_evidence"];

/// Actions about the pupil, each with a label.
const PUPIL_ACTIONS: &[&str] = &["letter", "meeting", "referral", "contract"];

/// Actions with a label about the pupil, or about one parent when the
/// action replaces that parent's notice (a notice limit or an unknown
/// previous authority sends the case to review): `to PARENT` is optional.
const PUPIL_OR_PARENT_ACTIONS: &[&str] = &["manual_review"];

/// The words that start a clause.
const CLAUSES: &[&str] = &[
    "to",
    "notice",
    "pays",
    "rule",
    "policy",
    "authority",
    "evidence",
];

/// Reads the rest of an `expect DATE ACTION ...` line.
pub(super) fn expectation(line: usize, words: &mut Words) -> Result<Expectation, String> {
    let date = date(words.plain("the decision's date or `nothing`")?)?;
    let action = words.plain("the action")?;
    let actions = || {
        PARENT_ACTIONS
            .iter()
            .chain(LABELLED_PARENT_ACTIONS)
            .chain(PUPIL_ACTIONS)
            .chain(PUPIL_OR_PARENT_ACTIONS)
    };
    if !actions().any(|known| *known == action) {
        let known: Vec<&str> = actions().copied().collect();
        return Err(format!(
            "unknown action `{action}`{} (expected one of {})",
            super::did_you_mean(action, &known),
            known.join(", ")
        ));
    }
    let mut expectation = Expectation {
        line,
        date,
        action: action.to_string(),
        ..Expectation::default()
    };
    if let Some(Word::Quoted(label)) = words.peek().cloned() {
        if PARENT_ACTIONS.contains(&action) {
            return Err(format!("a `{action}` has no label"));
        }
        words.take();
        expectation.label = Some(label.to_string());
    }
    let mut given: Vec<&str> = Vec::new();
    while !words.at_end() {
        let clause = words.plain("a clause")?;
        if !CLAUSES.contains(&clause) {
            return Err(format!(
                "unexpected `{clause}`{} (expected one of {})",
                super::did_you_mean(clause, CLAUSES),
                CLAUSES.join(", ")
            ));
        }
        if given.contains(&clause) {
            return Err(format!("`{clause}` is given twice"));
        }
        given.push(clause);
        clause_value(&mut expectation, clause, words)?;
    }
    if expectation.parent.is_some() && PUPIL_ACTIONS.contains(&action) {
        return Err(format!(
            "a `{action}` is about the pupil: it takes no `to PARENT`"
        ));
    }
    Ok(expectation)
}

/// Reads the value of `clause` into `expectation`.
fn clause_value(
    expectation: &mut Expectation,
    clause: &str,
    words: &mut Words,
) -> Result<(), String> {
    match clause {
        "to" => expectation.parent = Some(identifier(words.plain("a parent id")?, "parent id")?),
        "notice" => {
            expectation.notice_number = Some(number(
                words.plain("the notice number")?,
                "a notice number",
            )?)
        }
        "pays" => expectation.payments = Some(payments(words)?),
        "rule" => expectation.rule = Some(identifier(words.plain("a rule name")?, "rule name")?),
        "policy" => expectation.policy = Some(policy_version(words.plain("a policy version")?)?),
        "authority" => {
            expectation.authority =
                Some(identifier(words.plain("an authority id")?, "authority id")?)
        }
        _ => {
            expectation.evidence =
                Some(number(words.plain("the number of evidence items")?, "a count")? as usize)
        }
    }
    Ok(())
}

/// `nothing`, or `£80 within 21 days, £160 within 28 days`.
fn payments(words: &mut Words) -> Result<Vec<Payment>, String> {
    if words.keyword("nothing") {
        return Ok(Vec::new());
    }
    let mut payments = Vec::new();
    loop {
        let amount_pence = money(words.plain("an amount like £80")?)?;
        if !words.keyword("within") {
            return Err("expected `within N days` after the amount".to_string());
        }
        let within_days = number(words.plain("a number of days")?, "a number of days")?;
        if !(words.keyword("days") || words.keyword("day")) {
            return Err("expected `days` after the number of days".to_string());
        }
        payments.push(Payment {
            within_days,
            amount_pence,
        });
        if words.peek() != Some(&Word::Comma) {
            return Ok(payments);
        }
        words.take();
    }
}

/// `id@YYYY-MM-DD` or `id@always`, as decisions name policy versions.
fn policy_version(text: &str) -> Result<String, String> {
    let (id, from) = text
        .split_once('@')
        .ok_or_else(|| format!("`{text}` is not a policy version (expected id@YYYY-MM-DD)"))?;
    identifier(id, "policy id")?;
    if from != "always" {
        date(from)?;
    }
    Ok(text.to_string())
}
