//! Compiled meanings written back in the words of the policy language
//! (`count unauthorised within 10 school weeks >= 10 sessions`, `£80 within
//! 21 days`), so a change reads the way the policy was written.

use chrono::NaiveDate;
use rollcall_ir::codes::{builtin_set, Code};
use rollcall_ir::graph::{Action, CaseOpen, Location, NoticeOpen, Payment, Precedence, Repeat};
use rollcall_ir::view::{
    Aggregate, Alternative, Anchor, CodeSetView, Condition, EpisodeView, ImprovementUnit, Limit,
    Operand, PreconditionView, RuleMeaning, Shared, Window,
};
use rollcall_ir::words::{self, compare_op, plural, run_unit};
use std::fmt::{self, Display, Formatter};

/// A part of a policy's view written back in the policy language.
pub struct Written<'a, T>(pub &'a T);

impl Display for Written<'_, Condition> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0 {
            Condition::Compare { left, op, right } => write!(
                f,
                "{} {} {}",
                Written(left),
                compare_op(*op),
                Written(right)
            ),
            Condition::ExclusionSighting { first_school_days } => write!(
                f,
                "public_place in first {} of exclusion",
                plural(*first_school_days, "school day", "school days")
            ),
            Condition::All(of) => join(f, of, " and ", |c| matches!(c, Condition::Any(_))),
            Condition::Any(of) => join(f, of, " or ", |c| matches!(c, Condition::All(_))),
            Condition::Not(of) => write!(f, "not ({})", Written(&**of)),
        }
    }
}

/// Writes `of` separated by `separator`, parenthesising those `needs_parens`.
fn join(
    f: &mut Formatter<'_>,
    of: &[rollcall_ir::view::Shared<Condition>],
    separator: &str,
    needs_parens: fn(&Condition) -> bool,
) -> fmt::Result {
    for (index, condition) in of.iter().enumerate() {
        if index > 0 {
            f.write_str(separator)?;
        }
        if needs_parens(condition) {
            write!(f, "({})", Written(&**condition))?;
        } else {
            write!(f, "{}", Written(&**condition))?;
        }
    }
    Ok(())
}

impl Display for Written<'_, Operand> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0 {
            Operand::Aggregate(aggregate) => write!(f, "{}", Written(&**aggregate)),
            Operand::Constant(quantity) => f.write_str(&words::quantity(*quantity)),
        }
    }
}

impl Display for Written<'_, Aggregate> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let counts_from = match self.0 {
            Aggregate::Count {
                codes,
                window,
                counts_from,
            } => {
                write!(f, "count {} {}", Written(codes), Written(window))?;
                counts_from
            }
            Aggregate::Run {
                codes,
                unit,
                counts_from,
            } => {
                write!(f, "consecutive {} {}", Written(codes), run_unit(*unit))?;
                counts_from
            }
            Aggregate::Share {
                codes,
                window,
                counts_from,
            } => {
                if Some(codes.codes) == builtin_set("attending") {
                    write!(f, "attendance {}", Written(window))?;
                } else {
                    write!(f, "share {} {}", Written(codes), Written(window))?;
                }
                counts_from
            }
            Aggregate::Episode { codes, counts_from } => {
                write!(f, "episode length of {} school days", Written(codes))?;
                counts_from
            }
            Aggregate::SchoolWeeksSince { anchor } => {
                return write!(f, "school weeks since {}", Written(anchor))
            }
            Aggregate::Episodes {
                codes,
                window,
                counts_from,
            } => {
                write!(f, "episodes of {} {}", Written(codes), Written(window))?;
                counts_from
            }
        };
        match counts_from {
            Some(date) => write!(f, " (sessions on or after {date})"),
            None => Ok(()),
        }
    }
}

impl Display for Written<'_, CodeSetView> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.0.name {
            Some(name) => f.write_str(name),
            None => f.write_str(&code_list(self.0.codes.iter())),
        }
    }
}

/// Codes as a set literal: `{G, N, "#"}`.
pub fn code_list(codes: impl Iterator<Item = Code>) -> String {
    let written: Vec<String> = codes.map(code_literal).collect();
    format!("{{{}}}", written.join(", "))
}

/// One code as written in a set: quoted unless it is letters and digits.
fn code_literal(code: Code) -> String {
    let text = code.as_str();
    if text.chars().all(|c| c.is_ascii_alphanumeric()) {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\"))
    }
}

impl Display for Written<'_, Window> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0 {
            Window::SchoolWeeks(n) => {
                write!(f, "within {}", plural(*n, "school week", "school weeks"))
            }
            Window::SchoolDays(n) => {
                write!(f, "within {}", plural(*n, "school day", "school days"))
            }
            Window::AfterAnchor {
                anchor,
                school_weeks,
            } => write!(
                f,
                "within {} after {}",
                plural(*school_weeks, "school week", "school weeks"),
                Written(anchor)
            ),
            Window::NoticeToImprove {
                lasts,
                at_most,
                unit,
            } => {
                let length = |n: u32| match unit {
                    ImprovementUnit::Days => calendar_days(n),
                    ImprovementUnit::SchoolWeeks => plural(n, "school week", "school weeks"),
                    ImprovementUnit::SchoolDays => plural(n, "school day", "school days"),
                };
                write!(
                    f,
                    "during notice_to_improve (lasting {}, at most {})",
                    length(*lasts),
                    length(*at_most)
                )
            }
            Window::SchoolDaysAfter {
                anchor,
                school_days,
            } => write!(
                f,
                "within {} after {}",
                plural(*school_days, "school day", "school days"),
                Written(anchor)
            ),
            Window::Sessions(n) => write!(f, "within {}", plural(*n, "session", "sessions")),
            Window::Period(period) => write!(f, "this {}", words::period(*period)),
            Window::ThisAndPrevious(period) => {
                write!(f, "this and previous {}", words::period(*period))
            }
            Window::Months(months) => write!(f, "within {}", plural(*months, "month", "months")),
            Window::Between { from, to } => write!(f, "from {from} to {to}"),
            Window::Since(anchor) => write!(f, "since {}", Written(anchor)),
        }
    }
}

impl Display for Written<'_, Anchor> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0 {
            Anchor::Event(kind) => write!(f, "{kind}"),
            Anchor::Firing(rule) => f.write_str(rule),
        }
    }
}

/// Calendar days as written in `notice_to_improve`: whole weeks as weeks.
fn calendar_days(days: u32) -> String {
    match days % 7 {
        0 => plural(days / 7, "week", "weeks"),
        _ => plural(days, "day", "days"),
    }
}

/// An action as written: `penalty_notice`, `letter "Absence Letter 1"`.
pub fn action_words(action: &Action) -> String {
    match action {
        Action::PenaltyNotice => "penalty_notice".to_string(),
        Action::ExclusionNotice => "exclusion_notice".to_string(),
        Action::Prosecution => "prosecution".to_string(),
        Action::Letter { label } => format!("letter \"{label}\""),
        Action::Meeting { label } => format!("meeting \"{label}\""),
        Action::Referral { label } => format!("referral \"{label}\""),
        Action::Contract { label } => format!("contract \"{label}\""),
        Action::ManualReview { reason } => format!("manual_review \"{reason}\""),
    }
}

/// Actions taken together, as written: `letter "Stage 2" and meeting
/// "Panel"`.
pub fn actions_words<'a>(actions: impl IntoIterator<Item = &'a Shared<Action>>) -> String {
    actions
        .into_iter()
        .map(|action| action_words(action))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// A rule's shared limits in words: ``limited by `notices` (at most 2
/// decisions per academic year for the pupil)``, or `none`.
pub fn limits_words(limits: &[Shared<Limit>]) -> String {
    if limits.is_empty() {
        return "none".to_string();
    }
    let written: Vec<String> = limits
        .iter()
        .map(|limit| format!("`{}` ({})", limit.name, words::limit(limit)))
        .collect();
    format!("limited by {}", written.join(", "))
}

/// A repeat limit as written, or `no limit`.
pub fn repeat_words(repeat: Repeat) -> String {
    match repeat {
        Repeat::Unlimited => "no limit".to_string(),
        Repeat::Once => "at most once".to_string(),
        Repeat::OncePer(period) => format!("at most once per {}", words::period(period)),
        Repeat::OncePerEvent(kind) => format!(
            "at most once per {kind} (one decision for each {})",
            words::event(kind)
        ),
    }
}

/// An episode clause in words: `decides at the end of each episode of
/// counted_absence school days` / `at most once per episode of ...`.
pub fn episode_words(episode: Option<&EpisodeView>) -> String {
    let Some(episode) = episode else {
        return "no episode clause".to_string();
    };
    let Aggregate::Episode { codes, counts_from } = &*episode.aggregate else {
        return Written(&*episode.aggregate).to_string();
    };
    let mut words = if episode.at_end {
        format!("decides at the end of each episode of {} school days (one decision per continuous absence, when it ends or when an alternative applies)", Written(codes))
    } else {
        format!("at most once per episode of {} school days (one decision per continuous absence, as soon as the condition holds)", Written(codes))
    };
    if let Some(date) = counts_from {
        words.push_str(&format!(", sessions on or after {date}"));
    }
    words
}

/// Precedence clauses in words: `takes precedence over a; gives way to b`.
pub fn precedence_words(precedence: &[Precedence]) -> String {
    if precedence.is_empty() {
        return "none (the most specific policy's rules first)".to_string();
    }
    let written: Vec<String> = precedence
        .iter()
        .map(|clause| match clause {
            Precedence::Over(name) => format!("takes precedence over `{name}`"),
            Precedence::GivesWayTo(name) => format!("gives way to `{name}`"),
        })
        .collect();
    written.join("; ")
}

/// A rule's preconditions as written (`requires warning_letter within 12
/// months; unless attendance_contract`), or `none`.
pub fn preconditions_words(preconditions: &[PreconditionView]) -> String {
    if preconditions.is_empty() {
        return "none".to_string();
    }
    let written: Vec<String> = preconditions.iter().map(words::precondition).collect();
    written.join("; ")
}

/// How long a prosecution keeps a parent's case open, in words.
pub fn case_open_words(case: &CaseOpen) -> String {
    format!(
        "a prosecution keeps the parent's case open {}",
        words::case_open(case)
    )
}

/// How long an attendance notice keeps a parent's case open, in words.
pub fn notice_open_words(open: &NoticeOpen) -> String {
    format!(
        "a penalty notice keeps the parent's case open {}",
        words::notice_open(open)
    )
}

/// The alternatives of a rule: `instead prosecution when ...; instead ...`.
pub fn alternatives_words(instead: &[Alternative]) -> String {
    if instead.is_empty() {
        return "none".to_string();
    }
    let written: Vec<String> = instead
        .iter()
        .map(|alternative| {
            format!(
                "instead {} when {}",
                actions_words(alternative.actions()),
                Written(&*alternative.when)
            )
        })
        .collect();
    written.join("; ")
}

/// A whole rule in one line: `when ... then ...[; instead ...][; at most ...]`.
pub fn rule_words(rule: &RuleMeaning) -> String {
    let mut words = format!(
        "when {} then {}",
        Written(&*rule.condition),
        actions_words(rule.actions())
    );
    if !rule.instead.is_empty() {
        words.push_str("; ");
        words.push_str(&alternatives_words(&rule.instead));
    }
    if rule.repeat != Repeat::Unlimited {
        words.push_str("; ");
        words.push_str(&repeat_words(rule.repeat));
    }
    if rule.episode.is_some() {
        words.push_str("; ");
        words.push_str(&episode_words(rule.episode.as_ref()));
    }
    if !rule.limits.is_empty() {
        words.push_str("; ");
        words.push_str(&limits_words(&rule.limits));
    }
    if !rule.preconditions.is_empty() {
        words.push_str("; ");
        words.push_str(&preconditions_words(&rule.preconditions));
    }
    words
}

/// Payment options: `£80 within 21 days, £160 within 28 days`, or `none`.
pub fn payments_words(payments: &[Payment]) -> String {
    if payments.is_empty() {
        return "none".to_string();
    }
    rollcall_ir::words::payments(payments)
}

/// A span of dates: `from 2024-08-19`, `2013-09-01 to 2024-08-18`.
pub fn date_range(from: Option<NaiveDate>, until: Option<NaiveDate>) -> String {
    match (from, until) {
        (Some(from), Some(until)) => format!("{from} to {until}"),
        (Some(from), None) => format!("from {from}"),
        (None, Some(until)) => format!("until {until}"),
        (None, None) => "at all dates".to_string(),
    }
}

/// A location as `file:line`.
pub fn location_words(location: &Location) -> String {
    format!("{}:{}", location.file, location.line)
}
