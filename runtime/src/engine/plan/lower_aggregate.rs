//! Lowering the data side of a rule graph: code sets, anchors, windows and
//! aggregates, each with the words explanations use for it.

use super::describe::set_text;
use super::lower::{Lowered, Lowerer};
use super::{AggregateKind, AggregatePlan, Anchor, WindowPlan};
use rollcall_data::model::EventKind;
use rollcall_ir::codes::CodeSet;
use rollcall_ir::graph::{Aggregate, Input, Node, NodeId, Window};
use rollcall_ir::words;

impl Lowerer<'_> {
    /// A classifier node: its codes and how to name them.
    pub(super) fn code_set(&self, id: NodeId) -> Result<(CodeSet, String), String> {
        match self.node(id)? {
            Node::Classify { name, codes, input } => match self.node(*input)? {
                Node::Input(Input::Marks) => Ok((*codes, set_text(name.as_deref(), *codes))),
                _ => Err(format!("classifier {} does not read marks", id.0)),
            },
            _ => Err(format!("node {} is not a code-set classifier", id.0)),
        }
    }

    /// An anchor input node: the anchor and how to name it.
    pub(super) fn anchor(&mut self, id: NodeId) -> Result<(Anchor, String), String> {
        match self.node(id)? {
            Node::Input(Input::Events { kind }) => Ok((Anchor::Event(*kind), kind.to_string())),
            Node::Input(Input::Firings { rule }) => {
                let rule = rule.clone();
                Ok((Anchor::Firing(self.slot(&rule)), rule))
            }
            _ => Err(format!("node {} is not an event or firing input", id.0)),
        }
    }

    pub(super) fn window(&mut self, window: &Window) -> Result<(WindowPlan, String), String> {
        let positive = |n: u32, what: &str| {
            if n == 0 {
                Err(format!("a window of 0 {what}"))
            } else {
                Ok(n)
            }
        };
        Ok(match window {
            Window::SchoolWeeks { school_weeks } => {
                let n = positive(*school_weeks, "school weeks")?;
                let text = format!("within {}", words::plural(n, "school week", "school weeks"));
                (WindowPlan::SchoolWeeks(n), text)
            }
            Window::SchoolDays { school_days } => {
                let n = positive(*school_days, "school days")?;
                let text = format!("within {}", words::plural(n, "school day", "school days"));
                (WindowPlan::SchoolDays(n), text)
            }
            Window::AfterAnchor {
                anchor,
                school_weeks,
            } => {
                let weeks = positive(*school_weeks, "school weeks")?;
                let (anchor, name) = self.anchor(*anchor)?;
                let text = format!(
                    "within {} after {name}",
                    words::plural(weeks, "school week", "school weeks")
                );
                (WindowPlan::AfterAnchor { anchor, weeks }, text)
            }
            Window::NoticeToImprove {
                anchor,
                lasts_days,
                at_most_days,
            } => {
                let (anchor, _) = self.anchor(*anchor)?;
                if anchor != Anchor::Event(EventKind::NoticeToImprove) {
                    return Err("a notice_to_improve window anchored on another input".into());
                }
                let window = WindowPlan::NoticeToImprove {
                    lasts_days: positive(*lasts_days, "days")?,
                    at_most_days: positive(*at_most_days, "days")?,
                };
                (window, "during notice_to_improve".to_string())
            }
            Window::Period { period } => (
                WindowPlan::Period(*period),
                format!("this {}", words::period(*period)),
            ),
            Window::Since { anchor } => {
                let (anchor, name) = self.anchor(*anchor)?;
                (WindowPlan::Since(anchor), format!("since {name}"))
            }
        })
    }

    pub(super) fn aggregate(&mut self, id: NodeId) -> Result<usize, String> {
        if let Some(Lowered::Aggregate(index)) = self.lowered.get(&id) {
            return Ok(*index);
        }
        let Node::Aggregate(aggregate) = self.node(id)? else {
            return Err(format!("node {} is not an aggregate", id.0));
        };
        let from_text = |from: Option<chrono::NaiveDate>| match from {
            Some(from) => format!(" (sessions from {from})"),
            None => String::new(),
        };
        let (kind, description) = match aggregate.clone() {
            Aggregate::Count {
                codes,
                window,
                counts_from,
            } => {
                let (codes, set) = self.code_set(codes)?;
                let (window, text) = self.window(&window)?;
                let kind = AggregateKind::Count {
                    codes,
                    window,
                    counts_from,
                };
                (
                    kind,
                    format!("count {set} {text}{}", from_text(counts_from)),
                )
            }
            Aggregate::Run {
                codes,
                unit,
                counts_from,
            } => {
                let (codes, set) = self.code_set(codes)?;
                let unit_text = words::run_unit(unit);
                let kind = AggregateKind::Run {
                    codes,
                    unit,
                    counts_from,
                };
                let text = format!("consecutive {set} {unit_text}{}", from_text(counts_from));
                (kind, text)
            }
            Aggregate::Share {
                codes,
                window,
                counts_from,
            } => {
                let (codes, set) = self.code_set(codes)?;
                let (window, text) = self.window(&window)?;
                let kind = AggregateKind::Share {
                    codes,
                    window,
                    counts_from,
                };
                let measure = match set.as_str() {
                    "attending" => "attendance".to_string(),
                    _ => format!("share {set}"),
                };
                (kind, format!("{measure} {text}{}", from_text(counts_from)))
            }
            Aggregate::Episode { codes, counts_from } => {
                let (codes, set) = self.code_set(codes)?;
                let kind = AggregateKind::Episode { codes, counts_from };
                let text = format!(
                    "episode length of {set} school days{}",
                    from_text(counts_from)
                );
                (kind, text)
            }
            Aggregate::SchoolWeeksSince { anchor } => {
                let (anchor, name) = self.anchor(anchor)?;
                let kind = AggregateKind::SchoolWeeksSince { anchor };
                (kind, format!("school weeks since {name}"))
            }
        };
        self.plan
            .aggregates
            .push(AggregatePlan { kind, description });
        let index = self.plan.aggregates.len() - 1;
        self.lowered.insert(id, Lowered::Aggregate(index));
        Ok(index)
    }
}
