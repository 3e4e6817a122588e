//! A compiled policy in plain English, for a council officer to compare
//! with the published code of conduct.

use super::words;
use rollcall_ir::graph::{
    Aggregate, CaseLength, CaseOpen, Node, Precedence, Repeat, RuleGraph, UnknownPrevious,
};
use std::fmt::Write;

/// Renders every version of the policy as sentences.
pub fn english(graph: &RuleGraph) -> String {
    let mut out = String::new();
    let policy = &graph.policy;
    let _ = writeln!(out, "{} ({})", policy.title, policy.id);
    if let Some(doc) = &policy.doc {
        let _ = writeln!(out, "{doc}");
    }
    if let Some(source) = &policy.source {
        let _ = writeln!(out, "Source: {source}");
    }
    if let Some(predecessor) = &policy.succeeds {
        let _ = writeln!(
            out,
            "Before its first version, pupils are treated under `{predecessor}`."
        );
    }
    for version in &graph.versions {
        let from = version.from.map_or("From the start".to_string(), |d| {
            format!("From {}", d.format("%-d %B %Y"))
        });
        let until = version.until.map_or(String::new(), |d| {
            format!(" until {}", d.format("%-d %B %Y"))
        });
        let chain: Vec<&str> = version.origins.iter().map(|o| o.policy.as_str()).collect();
        let _ = writeln!(out, "\n{from}{until} (rules of {}):", chain.join(" ← "));
        for (number, rule_id) in version.rules.iter().enumerate() {
            let Node::Rule(rule) = &graph.nodes[rule_id.index()] else {
                continue;
            };
            let _ = writeln!(
                out,
                "  {}. `{}`: when {}, {}.",
                number + 1,
                rule.name,
                words::predicate(graph, rule.when),
                words::action(graph, rule.then)
            );
            for alternative in &rule.instead {
                let _ = writeln!(
                    out,
                    "     Instead, {} when {}.",
                    words::action(graph, alternative.then),
                    words::predicate(graph, alternative.when)
                );
            }
            match rule.repeat {
                Repeat::Unlimited => {}
                Repeat::Once => {
                    let _ = writeln!(out, "     At most once per pupil.");
                }
                Repeat::OncePer(period) => {
                    let _ = writeln!(
                        out,
                        "     At most once per {}.",
                        format!("{period:?}")
                            .to_lowercase()
                            .replace("halfterm", "half-term")
                            .replace("academicyear", "academic year")
                    );
                }
                Repeat::OncePerEvent(kind) => {
                    let _ = writeln!(
                        out,
                        "     At most once per {}.",
                        rollcall_ir::words::event(kind)
                    );
                }
            }
            if let Some(episode) = &rule.episode {
                let codes = match &graph.nodes[episode.aggregate.index()] {
                    Node::Aggregate(Aggregate::Episode { codes, .. }) => {
                        words::codes(graph, *codes)
                    }
                    _ => "?".to_string(),
                };
                let when = if episode.at_end {
                    "at its end"
                } else {
                    "as soon as the condition holds"
                };
                let _ = writeln!(
                    out,
                    "     Decides once per episode of {codes} school days, {when}."
                );
            }
            for precedence in &rule.precedence {
                let _ = match precedence {
                    Precedence::Over(name) => writeln!(out, "     Takes precedence over `{name}`."),
                    Precedence::GivesWayTo(name) => writeln!(out, "     Gives way to `{name}`."),
                };
            }
            if let Some(doc) = &rule.doc {
                let _ = writeln!(out, "     Why: {doc}");
            }
            if let Some(source) = &rule.source {
                let _ = writeln!(
                    out,
                    "     Source: {source} ({}:{})",
                    rule.location.file, rule.location.line
                );
            }
        }
        if let Node::Escalation(escalation) = &graph.nodes[version.escalation.index()] {
            for schedule in &escalation.schedules {
                let _ = writeln!(
                    out,
                    "  Notice {} to a parent for a pupil: {}.",
                    schedule.number,
                    words::payments(&schedule.payments)
                );
            }
            if let Some(limit) = &escalation.limit {
                let years = escalation.counting_years.unwrap_or(0);
                let _ = writeln!(
                    out,
                    "  After {} notices to a parent for a pupil within {years} years: {} instead of a notice.",
                    limit.notices,
                    words::action(graph, limit.then)
                );
            }
            if let Some(from) = escalation.counting_from {
                let _ = writeln!(
                    out,
                    "  Notices issued before {} are not counted.",
                    from.format("%-d %B %Y")
                );
            }
            if !escalation.exclusion_payments.is_empty() {
                let _ = writeln!(
                    out,
                    "  Exclusion notices: {}.",
                    words::payments(&escalation.exclusion_payments)
                );
            }
            if let Some(case) = &escalation.case_open {
                let _ = writeln!(
                    out,
                    "  A prosecution keeps the parent's case open {}.",
                    case_open_words(case)
                );
            }
            let others = if escalation.other_authorities_count {
                "count"
            } else {
                "are ignored"
            };
            let unknown = match escalation.unknown_previous {
                UnknownPrevious::AssumeNone => "assume the parent had none",
                UnknownPrevious::ManualReview => "send the case for manual review",
            };
            let _ = writeln!(out, "  Earlier notices from other authorities {others}; when the previous authority is unknown, {unknown}.");
        }
    }
    out
}

/// How long a case stays open, in words: "for 1 year or until the case is closed".
fn case_open_words(case: &CaseOpen) -> String {
    let lasts = case.lasts.map(|length| match length {
        CaseLength::Days(days) => {
            format!("for {}", rollcall_ir::words::plural(days, "day", "days"))
        }
        CaseLength::Years(years) => {
            format!("for {}", rollcall_ir::words::plural(years, "year", "years"))
        }
        CaseLength::AcademicYears(years) => format!(
            "for {}, to 31 August",
            rollcall_ir::words::plural(years, "academic year", "academic years")
        ),
    });
    match (lasts, case.until_case_closed) {
        (Some(lasts), true) => format!("{lasts} or until the case is closed (`case_closed`)"),
        (Some(lasts), false) => lasts,
        (None, _) => "until the case is closed (`case_closed`)".to_string(),
    }
}
