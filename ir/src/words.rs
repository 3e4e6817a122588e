//! Small phrases shared by everything that writes policies and decisions
//! for people: amounts of money, counted nouns, percentages, and periods,
//! operators, run units and constants as a policy writes them; and the
//! words decisions and explanations use for a [view](crate::view)'s
//! aggregates and notice counting.

use crate::events::EventKind;
use crate::graph::{
    CaseLength, CaseOpen, CompareOp, EventAge, Gate, LimitWhom, NoticeOpen, Payment, Period,
    Quantity, RunUnit,
};
use crate::view::{
    Aggregate, Anchor, CodeSetView, CountingPeriod, Limit, PreconditionView, Window,
};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::fmt::{self, Display};

/// An amount in pence as pounds: `£80`, `£80.50`.
pub fn pounds(pence: u64) -> String {
    match pence % 100 {
        0 => format!("£{}", pence / 100),
        rest => format!("£{}.{rest:02}", pence / 100),
    }
}

/// Payment options: `£80 within 21 days, £160 within 28 days` (empty when
/// there are none).
pub fn payments(payments: &[Payment]) -> String {
    payments
        .iter()
        .map(|p| {
            format!(
                "{} within {}",
                pounds(p.amount_pence),
                plural(p.within_days, "day", "days")
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `n` with the singular or plural noun: `1 session`, `10 sessions`.
pub fn plural<N: Display + PartialEq + From<u8>>(n: N, one: &str, many: &str) -> String {
    format!("{n} {}", noun(&n, one, many))
}

/// A count with its thousands grouped by commas: `38,812`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut text = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    text
}

/// The singular noun for one, else the plural.
fn noun<'w, N: PartialEq + From<u8>>(n: &N, one: &'w str, many: &'w str) -> &'w str {
    if *n == N::from(1) {
        one
    } else {
        many
    }
}

/// Basis points as a percentage, keeping the decimals needed: `92%`,
/// `92.5%`, `89.47%`.
pub fn percent(basis_points: u64) -> String {
    Percent(basis_points).to_string()
}

/// Basis points written as [`percent`] writes them, without a `String`
/// of their own.
pub struct Percent(pub u64);

impl Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, hundredths) = (self.0 / 100, self.0 % 100);
        match hundredths {
            0 => write!(f, "{whole}%"),
            h if h % 10 == 0 => write!(f, "{whole}.{}%", h / 10),
            h => write!(f, "{whole}.{h:02}%"),
        }
    }
}

/// An event kind in words: `Notice to Improve`, `truancy sweep`, and a
/// declared kind's name with spaces (`warning letter`).
pub fn event(kind: EventKind) -> Cow<'static, str> {
    Cow::Borrowed(match kind {
        EventKind::Exclusion => "exclusion",
        EventKind::PublicPlace => "sighting in a public place",
        EventKind::TruancySweep => "truancy sweep",
        EventKind::PenaltyNotice => "earlier penalty notice",
        EventKind::NoticeToImprove => "Notice to Improve",
        EventKind::PreviousAuthorityUnknown => "unknown previous authority",
        EventKind::CaseClosed => "closed case",
        EventKind::Declared(kind) => return Cow::Owned(kind.as_str().replace('_', " ")),
    })
}

/// How long an event counts for a precondition: `12 months`, `6 weeks`.
pub fn event_age(age: EventAge) -> String {
    match age {
        EventAge::Days(n) => plural(n, "day", "days"),
        EventAge::Weeks(n) => plural(n, "week", "weeks"),
        EventAge::Months(n) => plural(n, "month", "months"),
    }
}

/// A precondition as a policy writes it: `requires warning_letter within
/// 12 months`, `unless attendance_contract`.
pub fn precondition(precondition: &PreconditionView) -> String {
    let gate = match precondition.gate {
        Gate::Requires => "requires",
        Gate::Unless => "unless",
    };
    match precondition.within {
        Some(age) => format!("{gate} {} within {}", precondition.kind, event_age(age)),
        None => format!("{gate} {}", precondition.kind),
    }
}

/// A precondition in plain words: `only after a warning letter dated
/// within the last 12 months`, `unless there has been an attendance
/// contract`.
pub fn precondition_meaning(precondition: &PreconditionView) -> String {
    let event = event(precondition.kind);
    let within = precondition
        .within
        .map(|age| format!(" dated within the last {}", event_age(age)))
        .unwrap_or_default();
    let article = if event.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    match precondition.gate {
        Gate::Requires => format!("only after {article} {event}{within}"),
        Gate::Unless => format!("unless there has been {article} {event}{within}"),
    }
}

/// How long a prosecution keeps a parent's case open, in words: `for 1
/// year or until a case_closed event`.
pub fn case_open(case: &CaseOpen) -> String {
    let lasts = case.lasts.map(|length| match length {
        CaseLength::Days(days) => format!("for {}", plural(days, "day", "days")),
        CaseLength::Years(years) => format!("for {}", plural(years, "year", "years")),
        CaseLength::AcademicYears(years) => format!(
            "for {}, to the 31 August ending it",
            plural(years, "academic year", "academic years")
        ),
    });
    match (lasts, case.until_case_closed) {
        (Some(lasts), true) => format!("{lasts} or until a case_closed event"),
        (Some(lasts), false) => lasts,
        (None, _) => "until a case_closed event".to_string(),
    }
}

/// How long an attendance notice keeps a parent's case open, in words:
/// `for its payment period or until a case_closed event`.
pub fn notice_open(open: &NoticeOpen) -> String {
    if open.until_case_closed {
        "for its payment period or until a case_closed event".to_string()
    } else {
        "for its payment period".to_string()
    }
}

/// A period as a policy writes it: `term`, `half_term`, `academic_year`.
pub fn period(period: Period) -> &'static str {
    match period {
        Period::Term => "term",
        Period::HalfTerm => "half_term",
        Period::AcademicYear => "academic_year",
    }
}

/// A shared limit in words: `at most 2 decisions per academic year for the
/// pupil`, `at most 1 decision per term to each parent`.
pub fn limit(limit: &Limit) -> String {
    let per = match limit.per {
        Period::Term => "term",
        Period::HalfTerm => "half-term",
        Period::AcademicYear => "academic year",
    };
    format!(
        "at most {} per {per} {}",
        plural(limit.at_most, "decision", "decisions"),
        limit_whom(limit.whom)
    )
}

/// Whom a shared limit counts for: `for the pupil`, `to each parent`.
pub fn limit_whom(whom: LimitWhom) -> &'static str {
    match whom {
        LimitWhom::Pupil => "for the pupil",
        LimitWhom::Parent => "to each parent",
    }
}

/// A comparison as a policy writes it: `<`, `<=`, `>`, `>=`, `=`, `!=`.
pub fn compare_op(op: CompareOp) -> &'static str {
    match op {
        CompareOp::Less => "<",
        CompareOp::LessOrEqual => "<=",
        CompareOp::Greater => ">",
        CompareOp::GreaterOrEqual => ">=",
        CompareOp::Equal => "=",
        CompareOp::NotEqual => "!=",
    }
}

/// What a run is counted in: `school days` or `sessions`.
pub fn run_unit(unit: RunUnit) -> &'static str {
    match unit {
        RunUnit::SchoolDays => "school days",
        RunUnit::Sessions => "sessions",
    }
}

/// A constant with its unit as a policy writes it: `10 sessions`,
/// `1 school day`, `92.5%`.
pub fn quantity(quantity: Quantity) -> String {
    QuantityText(quantity).to_string()
}

/// A constant written as [`quantity`] writes it, without a `String` of its
/// own.
pub struct QuantityText(pub Quantity);

impl Display for QuantityText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, one, many) = match self.0 {
            Quantity::Sessions(n) => (n, "session", "sessions"),
            Quantity::SchoolDays(n) => (n, "school day", "school days"),
            Quantity::SchoolWeeks(n) => (n, "school week", "school weeks"),
            Quantity::BasisPoints(points) => return Percent(u64::from(points)).fmt(f),
            Quantity::Episodes(n) => (n, "episode", "episodes"),
        };
        Counted(n, one, many).fmt(f)
    }
}

/// An aggregate as explanations and decision reasons name it: `count
/// unauthorised within 10 school weeks`, `attendance this term (sessions
/// from 2024-09-01)`; written without a `String` of its own.
pub struct AggregateText<'a>(pub &'a Aggregate);

impl Display for AggregateText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counts_from = match self.0 {
            Aggregate::Count {
                codes,
                window,
                counts_from,
            } => {
                write!(f, "count {} {}", CodeSetText(codes), WindowText(window))?;
                counts_from
            }
            Aggregate::Run {
                codes,
                unit,
                counts_from,
            } => {
                write!(f, "consecutive {} {}", CodeSetText(codes), run_unit(*unit))?;
                counts_from
            }
            Aggregate::Share {
                codes,
                window,
                counts_from,
            } => {
                if codes.name.as_deref() == Some("attending") {
                    write!(f, "attendance {}", WindowText(window))?;
                } else {
                    write!(f, "share {} {}", CodeSetText(codes), WindowText(window))?;
                }
                counts_from
            }
            Aggregate::Episode { codes, counts_from } => {
                write!(f, "episode length of {} school days", CodeSetText(codes))?;
                counts_from
            }
            Aggregate::SchoolWeeksSince { anchor } => {
                return write!(f, "school weeks since {}", AnchorText(anchor))
            }
            Aggregate::Episodes {
                codes,
                window,
                counts_from,
            } => {
                write!(
                    f,
                    "episodes of {} {}",
                    CodeSetText(codes),
                    WindowText(window)
                )?;
                counts_from
            }
        };
        match counts_from {
            Some(from) => write!(f, " (sessions from {from})"),
            None => Ok(()),
        }
    }
}

/// A code set as a policy names it: its name, or its codes (`{G, U}`).
struct CodeSetText<'a>(&'a CodeSetView);

impl Display for CodeSetText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(name) = &self.0.name {
            return f.write_str(name);
        }
        f.write_str("{")?;
        for (index, code) in self.0.codes.iter().enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            f.write_str(code.as_str())?;
        }
        f.write_str("}")
    }
}

/// A window as explanations name it: `within 10 school weeks`.
struct WindowText<'a>(&'a Window);

impl Display for WindowText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let weeks = |n: &u32| Counted(*n, "school week", "school weeks");
        match self.0 {
            Window::SchoolWeeks(n) => write!(f, "within {}", weeks(n)),
            Window::SchoolDays(n) => {
                write!(f, "within {}", Counted(*n, "school day", "school days"))
            }
            Window::AfterAnchor {
                anchor,
                school_weeks,
            } => write!(
                f,
                "within {} after {}",
                weeks(school_weeks),
                AnchorText(anchor)
            ),
            Window::SchoolDaysAfter {
                anchor,
                school_days,
            } => write!(
                f,
                "within {} after {}",
                Counted(*school_days, "school day", "school days"),
                AnchorText(anchor)
            ),
            Window::Sessions(n) => write!(f, "within {}", Counted(*n, "session", "sessions")),
            Window::NoticeToImprove { .. } => f.write_str("during notice_to_improve"),
            Window::Period(p) => write!(f, "this {}", period(*p)),
            Window::ThisAndPrevious(p) => write!(f, "this and previous {}", period(*p)),
            Window::Months(n) => write!(f, "within {}", Counted(*n, "month", "months")),
            Window::Between { from, to } => write!(f, "from {from} to {to}"),
            Window::Since(anchor) => write!(f, "since {}", AnchorText(anchor)),
        }
    }
}

/// `n` with the singular or plural noun, as [`plural`] writes it.
struct Counted(u32, &'static str, &'static str);

impl Display for Counted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.0, noun(&self.0, self.1, self.2))
    }
}

/// An anchor as a policy names it: the event kind or the rule's name.
struct AnchorText<'a>(&'a Anchor);

impl Display for AnchorText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Anchor::Event(kind) => write!(f, "{kind}"),
            Anchor::Firing(rule) => f.write_str(rule),
        }
    }
}

/// What makes earlier notices count, as a notice's reason says it:
/// ` (issued from 2024-08-19, within 3 years, by this authority)`, or
/// nothing.
pub fn counted_as(
    counting_from: Option<NaiveDate>,
    counting: Option<CountingPeriod>,
    other_authorities_count: bool,
) -> String {
    let mut parts = Vec::new();
    if let Some(from) = counting_from {
        parts.push(format!("issued from {from}"));
    }
    if let Some(period) = counting {
        parts.push(format!("within {period}"));
    }
    if !other_authorities_count {
        parts.push("by this authority".to_string());
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// `first`, `second`, … `tenth`, then `11th`, `21st`…
pub fn ordinal(n: u32) -> String {
    const WORDS: [&str; 10] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    match n {
        1..=10 => WORDS[n as usize - 1].to_string(),
        _ => format!("{n}{suffix}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_keep_the_decimals_written() {
        assert_eq!(quantity(Quantity::BasisPoints(9000)), "90%");
        assert_eq!(quantity(Quantity::BasisPoints(9250)), "92.5%");
        assert_eq!(quantity(Quantity::BasisPoints(8947)), "89.47%");
        assert_eq!(quantity(Quantity::BasisPoints(9205)), "92.05%");
    }

    #[test]
    fn counts_group_their_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(38_812), "38,812");
        assert_eq!(grouped(50_000_001), "50,000,001");
    }

    #[test]
    fn units_are_singular_for_one() {
        assert_eq!(quantity(Quantity::Sessions(1)), "1 session");
        assert_eq!(quantity(Quantity::SchoolDays(15)), "15 school days");
        assert_eq!(quantity(Quantity::SchoolWeeks(1)), "1 school week");
        assert_eq!(quantity(Quantity::Episodes(1)), "1 episode");
        assert_eq!(quantity(Quantity::Episodes(3)), "3 episodes");
    }

    #[test]
    fn money_is_pounds_with_pence_only_when_needed() {
        assert_eq!(pounds(8000), "£80");
        assert_eq!(pounds(8050), "£80.50");
        assert_eq!(pounds(5), "£0.05");
    }
}
