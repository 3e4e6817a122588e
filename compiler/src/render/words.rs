//! Graph nodes described in domain words, shared by the DOT and English renderings.

use rollcall_ir::graph::{
    Action, Aggregate, CompareOp, Input, Node, NodeId, Operand, Payment, Period, Predicate,
    RuleGraph, Window,
};
use rollcall_ir::words::{plural, pounds, quantity, run_unit};

/// Payment options: `£80 within 21 days, £160 within 28 days`.
pub fn payments(payments: &[Payment]) -> String {
    payments
        .iter()
        .map(|p| format!("{} within {} days", pounds(p.amount_pence), p.within_days))
        .collect::<Vec<_>>()
        .join(", ")
}

fn period(period: Period) -> &'static str {
    match period {
        Period::Term => "term",
        Period::HalfTerm => "half-term",
        Period::AcademicYear => "academic year",
    }
}

/// What an anchor input is: an event kind or a rule's firings.
pub fn anchor(graph: &RuleGraph, id: NodeId) -> String {
    match &graph.nodes[id.index()] {
        Node::Input(Input::Events { kind }) => kind.as_str().replace('_', " "),
        Node::Input(Input::Firings { rule }) => format!("rule `{rule}`"),
        _ => "?".to_string(),
    }
}

/// A code set: its name and codes, `unauthorised (G, N, O, U)`.
pub fn codes(graph: &RuleGraph, id: NodeId) -> String {
    match &graph.nodes[id.index()] {
        Node::Classify { name, codes, .. } => {
            let list = codes
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            match name {
                Some(name) => format!("{} ({list})", name.replace('_', " ")),
                None => format!("({list})"),
            }
        }
        _ => "?".to_string(),
    }
}

/// A window in words: `within 10 school weeks`.
pub fn window(graph: &RuleGraph, window: &Window) -> String {
    match window {
        Window::SchoolWeeks { school_weeks } => format!(
            "within {}",
            plural(*school_weeks, "school week", "school weeks")
        ),
        Window::SchoolDays { school_days } => format!(
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
                anchor(graph, *a)
            )
        }
        Window::NoticeToImprove {
            lasts_days,
            at_most_days,
            ..
        } => format!(
            "during a Notice to Improve ({} weeks, at most {})",
            lasts_days / 7,
            at_most_days / 7
        ),
        Window::Period { period: p } => format!("this {}", period(*p)),
        Window::Since { anchor: a } => format!("since the latest {}", anchor(graph, *a)),
    }
}

/// A quantity node or constant in words.
pub fn operand(graph: &RuleGraph, operand: &Operand) -> String {
    match operand {
        Operand::Constant(q) => quantity(*q),
        Operand::Node(id) => aggregate(graph, *id),
    }
}

/// An aggregate node in words: `count unauthorised (G, N, O, U) within 10 school weeks`.
pub fn aggregate(graph: &RuleGraph, id: NodeId) -> String {
    let Node::Aggregate(aggregate) = &graph.nodes[id.index()] else {
        return "?".to_string();
    };
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
                codes(graph, *c),
                window(graph, w),
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
                codes(graph, *c),
                from(counts_from)
            )
        }
        Aggregate::Episode {
            codes: c,
            counts_from,
        } => format!(
            "school days of the current episode of {}{}",
            codes(graph, *c),
            from(counts_from)
        ),
        Aggregate::Share {
            codes: c,
            window: w,
            counts_from,
        } => {
            format!(
                "share of possible sessions that are {} {}{}",
                codes(graph, *c),
                window(graph, w),
                from(counts_from)
            )
        }
        Aggregate::SchoolWeeksSince { anchor: a } => {
            format!("school weeks since the latest {}", anchor(graph, *a))
        }
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

/// A predicate in words.
pub fn predicate(graph: &RuleGraph, id: NodeId) -> String {
    let Node::Predicate(node) = &graph.nodes[id.index()] else {
        return "?".to_string();
    };
    match node {
        Predicate::Compare { left, op: o, right } => format!(
            "{} {} {}",
            operand(graph, left),
            op(*o),
            operand(graph, right)
        ),
        Predicate::ExclusionSighting {
            first_school_days, ..
        } => format!(
            "an excluded pupil is seen in a public place on one of the first {} of an exclusion",
            plural(*first_school_days, "school day", "school days")
        ),
        Predicate::All { of } => of
            .iter()
            .map(|p| predicate(graph, *p))
            .collect::<Vec<_>>()
            .join(", and "),
        Predicate::Any { of } => format!(
            "either {}",
            of.iter()
                .map(|p| predicate(graph, *p))
                .collect::<Vec<_>>()
                .join(", or ")
        ),
        Predicate::Not { of } => format!("it is not the case that {}", predicate(graph, *of)),
    }
}

/// An action in words: `a penalty notice to each parent`.
pub fn action(graph: &RuleGraph, id: NodeId) -> String {
    match &graph.nodes[id.index()] {
        Node::Action(action) => match action {
            Action::PenaltyNotice => "a penalty notice to each parent".to_string(),
            Action::ExclusionNotice => "an exclusion penalty notice to each parent".to_string(),
            Action::Prosecution => "a referral of each parent for prosecution".to_string(),
            Action::Letter { label } => format!("the letter \"{label}\""),
            Action::Meeting { label } => format!("the meeting \"{label}\""),
            Action::Referral { label } => format!("a referral to {label}"),
            Action::Contract { label } => format!("the attendance contract \"{label}\""),
            Action::ManualReview { reason } => format!("a manual review ({reason})"),
        },
        _ => "?".to_string(),
    }
}
