//! A compiled policy in plain English, for a council officer to compare
//! with the published code of conduct.

use super::words;
use rollcall_ir::graph::{Precedence, Repeat, UnknownPrevious};
use rollcall_ir::view::PolicyView;
use std::fmt::Write;

/// Renders every version of the policy as sentences.
pub fn english(view: &PolicyView<'_>) -> String {
    let mut out = String::new();
    let policy = view.policy();
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
    for declaration in &view.graph.events {
        let _ = writeln!(
            out,
            "Event `{}` (in the data): {}.",
            declaration.kind,
            declaration.description.trim_end_matches('.')
        );
    }
    for version_view in &view.versions {
        let version = version_view.version;
        let from = version.from.map_or("From the start".to_string(), |d| {
            format!("From {}", d.format("%-d %B %Y"))
        });
        let until = version.until.map_or(String::new(), |d| {
            format!(" until {}", d.format("%-d %B %Y"))
        });
        let chain: Vec<&str> = version.origins.iter().map(|o| o.policy.as_str()).collect();
        let _ = writeln!(out, "\n{from}{until} (rules of {}):", chain.join(" ← "));
        for (number, rule_view) in version_view.rules.iter().enumerate() {
            let (rule, meaning) = (rule_view.rule, &rule_view.meaning);
            let _ = writeln!(
                out,
                "  {}. `{}`: when {}, {}.",
                number + 1,
                rule.name,
                words::predicate(&meaning.condition),
                words::actions(meaning.actions())
            );
            for alternative in &meaning.instead {
                let _ = writeln!(
                    out,
                    "     Instead, {} when {}.",
                    words::actions(alternative.actions()),
                    words::predicate(&alternative.when)
                );
            }
            match meaning.repeat {
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
            for limit in &meaning.limits {
                let _ = writeln!(
                    out,
                    "     Limited by `{}`: {}, counted with every rule naming it.",
                    limit.name,
                    rollcall_ir::words::limit(limit)
                );
            }
            if let Some(episode) = &meaning.episode {
                let when = if episode.at_end {
                    "when it ends, or at once when an alternative applies"
                } else {
                    "as soon as the condition holds"
                };
                let _ = writeln!(
                    out,
                    "     Decides once per continuous absence ({}), {when}.",
                    words::aggregate(&episode.aggregate)
                );
            }
            for precondition in &meaning.preconditions {
                let _ = writeln!(
                    out,
                    "     It decides for a parent {} (`{}`).",
                    rollcall_ir::words::precondition_meaning(precondition),
                    rollcall_ir::words::precondition(precondition)
                );
            }
            for precedence in &meaning.precedence {
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
        let escalation = &version_view.escalation;
        for schedule in escalation.schedules {
            let _ = writeln!(
                out,
                "  Notice {} to a parent for a pupil: {}.",
                schedule.number,
                words::payments(&schedule.payments)
            );
        }
        if let Some((notices, then)) = &escalation.limit {
            let within = match escalation.counting {
                Some(period) => format!(" within {period}"),
                None => String::new(),
            };
            let _ = writeln!(
                out,
                "  After {notices} notices to a parent for a pupil{within}: {} instead of a notice.",
                words::action(then)
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
                words::payments(escalation.exclusion_payments)
            );
        }
        if let Some(case) = &escalation.case_open {
            let _ = writeln!(
                out,
                "  A prosecution keeps the parent's case open {}.",
                rollcall_ir::words::case_open(case)
            );
        }
        if let Some(open) = &escalation.notice_open {
            let _ = writeln!(
                out,
                "  An attendance notice keeps the parent's case open {}: a further notice in that time is reported against it.",
                rollcall_ir::words::notice_open(open)
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
    out
}
