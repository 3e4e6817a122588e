//! The rule graph as Graphviz DOT: one node per graph node, an edge per dependency.

use super::words;
use rollcall_ir::graph::Input;
use rollcall_ir::view::{Anchor, Condition, NodeView, PolicyView};
use std::fmt::Write;

/// Renders the graph in DOT; deterministic (nodes in arena order).
pub fn dot(view: &PolicyView<'_>) -> String {
    let graph = view.graph;
    let mut out = String::new();
    let _ = writeln!(out, "digraph \"{}\" {{", escape(&graph.policy.id));
    let _ = writeln!(
        out,
        "  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];"
    );
    for (index, (node, typed)) in graph.nodes.iter().zip(&view.nodes).enumerate() {
        let (shape, label) = describe(typed);
        let _ = writeln!(
            out,
            "  n{index} [shape={shape}, label=\"{}\"];",
            escape(&label)
        );
        for dependency in node.reads() {
            let _ = writeln!(out, "  n{} -> n{index};", dependency.0);
        }
    }
    for (index, version) in graph.versions.iter().enumerate() {
        let from = version.from.map_or("always".to_string(), |d| d.to_string());
        let until = version
            .until
            .map_or("onwards".to_string(), |d| format!("until {d}"));
        let _ = writeln!(
            out,
            "  v{index} [shape=note, label=\"version from {from} {until}\"];"
        );
        for rule in &version.rules {
            let _ = writeln!(out, "  n{} -> v{index} [style=dashed];", rule.0);
        }
        let _ = writeln!(
            out,
            "  n{} -> v{index} [style=dotted];",
            version.escalation.0
        );
    }
    out.push_str("}\n");
    out
}

/// A node's shape and label.
fn describe(node: &NodeView<'_>) -> (&'static str, String) {
    match node {
        NodeView::Input(input) => (
            "cylinder",
            match input {
                Input::Marks => "session marks".to_string(),
                Input::Events { kind } => words::anchor(&Anchor::Event(*kind)),
                Input::Firings { rule } => words::anchor(&Anchor::Firing(rule.clone())),
            },
        ),
        NodeView::CodeSet(set) => ("hexagon", words::codes(set)),
        NodeView::Aggregate(aggregate) => ("ellipse", words::aggregate(aggregate)),
        NodeView::Condition(condition) => match &**condition {
            Condition::Compare { .. } => ("diamond", words::predicate(condition)),
            Condition::ExclusionSighting { first_school_days } => (
                "diamond",
                format!("public place in first {first_school_days} school days of exclusion"),
            ),
            Condition::All(_) => ("circle", "and".to_string()),
            Condition::Any(_) => ("circle", "or".to_string()),
            Condition::Not(_) => ("circle", "not".to_string()),
        },
        NodeView::Action(action) => ("parallelogram", words::action(action)),
        NodeView::Escalation(escalation) => {
            let schedules: Vec<String> = escalation
                .schedules
                .iter()
                .map(|s| format!("notice {}: {}", s.number, words::payments(&s.payments)))
                .collect();
            ("folder", schedules.join("\\n"))
        }
        NodeView::Rule(rule) => ("box", format!("rule {}", rule.rule.name)),
        NodeView::Limit(limit) => (
            "octagon",
            format!("limit {}: {}", limit.name, rollcall_ir::words::limit(limit)),
        ),
    }
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace("\\\\n", "\\n")
}
