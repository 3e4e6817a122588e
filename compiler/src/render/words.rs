//! A policy's view described in domain words, shared by the DOT and English renderings.

use rollcall_ir::graph::{Action, CompareOp, Period};
use rollcall_ir::view::{
    Aggregate, Anchor, CodeSetView, Condition, ImprovementUnit, Operand, Shared, Window,
};
pub use rollcall_ir::words::payments;
use rollcall_ir::words::{plural, quantity, run_unit};

fn period(period: Period) -> &'static str {
    match period {
        Period::Term => "term",
        Period::HalfTerm => "half-term",
        Period::AcademicYear => "academic year",
    }
}

/// What an anchor is: an event kind or a rule's firings.
pub fn anchor(anchor: &Anchor) -> String {
    match anchor {
        Anchor::Event(kind) => kind.as_str().replace('_', " "),
        Anchor::Firing(rule) => format!("rule `{rule}`"),
    }
}

/// A code set: its name and codes, `unauthorised (G, N, O, U)`.
pub fn codes(set: &CodeSetView) -> String {
    let list = set
        .codes
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    match &set.name {
        Some(name) => format!("{} ({list})", name.replace('_', " ")),
        None => format!("({list})"),
    }
}

/// A window in words: `within 10 school weeks`.
pub fn window(window: &Window) -> String {
    match window {
        Window::SchoolWeeks(school_weeks) => format!(
            "within {}",
            plural(*school_weeks, "school week", "school weeks")
        ),
        Window::SchoolDays(school_days) => format!(
            "within {}",
            plural(*school_days, "school day", "school days")
        ),
        Window::AfterAnchor {
            anchor: a,
            school_weeks,
        } => {
            format!(
                "within {} after the latest {}",
                plural(*school_weeks, "school week", "school weeks"),
                anchor(a)
            )
        }
        Window::NoticeToImprove {
            lasts,
            at_most,
            unit: ImprovementUnit::Days,
        } => format!(
            "during a Notice to Improve ({} weeks, at most {})",
            lasts / 7,
            at_most / 7
        ),
        Window::NoticeToImprove {
            lasts,
            at_most,
            unit: ImprovementUnit::SchoolWeeks,
        } => format!("during a Notice to Improve ({lasts} school weeks, at most {at_most})"),
        Window::NoticeToImprove {
            lasts,
            at_most,
            unit: ImprovementUnit::SchoolDays,
        } => format!("during a Notice to Improve ({lasts} school days, at most {at_most})"),
        Window::SchoolDaysAfter {
            anchor: a,
            school_days,
        } => format!(
            "within {} after the latest {}",
            plural(*school_days, "school day", "school days"),
            anchor(a)
        ),
        Window::Sessions(sessions) => format!(
            "within the last {}",
            plural(*sessions, "possible session", "possible sessions")
        ),
        Window::Period(p) => format!("this {}", period(*p)),
        Window::ThisAndPrevious(p) => format!("this {} and the previous one", period(*p)),
        Window::Months(months) => format!("within {}", plural(*months, "month", "months")),
        Window::Between { from, to } => format!("from {from} to {to}"),
        Window::Since(a) => format!("since the latest {}", anchor(a)),
    }
}

/// A quantity node or constant in words.
pub fn operand(operand: &Operand) -> String {
    match operand {
        Operand::Constant(q) => quantity(*q),
        Operand::Aggregate(a) => aggregate(a),
    }
}

/// An aggregate in words: `count unauthorised (G, N, O, U) within 10 school weeks`.
pub fn aggregate(aggregate: &Aggregate) -> String {
    let from = |counts_from: &Option<chrono::NaiveDate>| match counts_from {
        Some(date) => format!(" (absences from {date})"),
        None => String::new(),
    };
    match aggregate {
        Aggregate::Count {
            codes: c,
            window: w,
            counts_from,
        } => {
            format!(
                "sessions of {} {}{}",
                codes(c),
                window(w),
                from(counts_from)
            )
        }
        Aggregate::Run {
            codes: c,
            unit,
            counts_from,
        } => {
            format!(
                "consecutive {} of {}{}",
                run_unit(*unit),
                codes(c),
                from(counts_from)
            )
        }
        Aggregate::Episode {
            codes: c,
            counts_from,
        } => format!(
            "school days of the current episode of {}{}",
            codes(c),
            from(counts_from)
        ),
        Aggregate::Share {
            codes: c,
            window: w,
            counts_from,
        } => {
            format!(
                "share of possible sessions that are {} {}{}",
                codes(c),
                window(w),
                from(counts_from)
            )
        }
        Aggregate::SchoolWeeksSince { anchor: a } => {
            format!("school weeks since the latest {}", anchor(a))
        }
        Aggregate::Episodes {
            codes: c,
            window: w,
            counts_from,
        } => format!(
            "separate episodes of {} (whole school days) {}{}",
            codes(c),
            window(w),
            from(counts_from)
        ),
    }
}

fn op(op: CompareOp) -> &'static str {
    match op {
        CompareOp::Less => "is less than",
        CompareOp::LessOrEqual => "is at most",
        CompareOp::Greater => "is more than",
        CompareOp::GreaterOrEqual => "is at least",
        CompareOp::Equal => "is exactly",
        CompareOp::NotEqual => "is not",
    }
}

/// A condition in words.
pub fn predicate(condition: &Condition) -> String {
    let each = |of: &[Shared<Condition>]| of.iter().map(|p| predicate(p)).collect::<Vec<_>>();
    match condition {
        Condition::Compare { left, op: o, right } => {
            format!("{} {} {}", operand(left), op(*o), operand(right))
        }
        Condition::ExclusionSighting { first_school_days } => format!(
            "an excluded pupil is seen in a public place on one of the first {} of an exclusion",
            plural(*first_school_days, "school day", "school days")
        ),
        Condition::All(of) => each(of).join(", and "),
        Condition::Any(of) => format!("either {}", each(of).join(", or ")),
        Condition::Not(of) => format!("it is not the case that {}", predicate(of)),
    }
}

/// Several actions taken together: `the letter "Stage 2" and the meeting
/// "Panel"`.
pub fn actions<'a>(actions: impl IntoIterator<Item = &'a Shared<Action>>) -> String {
    actions
        .into_iter()
        .map(|one| action(one))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// An action in words: `a penalty notice to each parent`.
pub fn action(action: &Action) -> String {
    match action {
        Action::PenaltyNotice => "a penalty notice to each parent".to_string(),
        Action::ExclusionNotice => "an exclusion penalty notice to each parent".to_string(),
        Action::Prosecution => "a referral of each parent for prosecution".to_string(),
        Action::Letter { label } => format!("the letter \"{label}\""),
        Action::Meeting { label } => format!("the meeting \"{label}\""),
        Action::Referral { label } => format!("a referral to {label}"),
        Action::Contract { label } => format!("the attendance contract \"{label}\""),
        Action::ManualReview { reason } => format!("a manual review ({reason})"),
    }
}
