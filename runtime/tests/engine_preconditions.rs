//! Preconditions on policy-declared events (`requires warning_letter
//! within 12 months`, `unless attendance_contract`): they gate a rule,
//! parent by parent, without being evidence; a gate that opens or closes
//! while the condition already holds is seen on that day, even when the
//! engine would otherwise pass the day over.

mod engine_support;

use engine_support::data::Data;
use engine_support::graphs::national_2024;
use engine_support::{briefs, d};
use rollcall_data::model::EventKind;
use rollcall_ir::codes::Code;
use rollcall_ir::graph::{
    EventAge, EventDeclaration, Gate, Input, Location, Node, Precondition, RuleGraph,
};
use rollcall_runtime::decision::{Decision, Evidence};
use rollcall_runtime::engine::{evaluate, EvalOptions, PolicySet};

fn kind(name: &str) -> EventKind {
    EventKind::declared(name).expect("a kind name")
}

/// The national framework with its threshold gated by `gates` (kind,
/// requires or unless, age), each kind declared.
fn gated(gates: &[(&str, Gate, Option<EventAge>)]) -> RuleGraph {
    let mut graph = national_2024();
    for &(name, gate, within) in gates {
        let events = graph.nodes.len() as u32;
        graph
            .nodes
            .push(Node::Input(Input::Events { kind: kind(name) }));
        for node in &mut graph.nodes {
            if let Node::Rule(rule) = node {
                if rule.name == "national_threshold" {
                    rule.preconditions.push(Precondition {
                        gate,
                        events: rollcall_ir::graph::NodeId(events),
                        within,
                    });
                }
            }
        }
        if !graph
            .events
            .iter()
            .any(|declared| declared.kind == kind(name))
        {
            graph.events.push(EventDeclaration {
                kind: kind(name),
                description: format!("A {name}"),
                doc: None,
                source: None,
                location: Location {
                    policy: "national-2024".to_string(),
                    file: "national-2024.policy".to_string(),
                    line: 1,
                },
            });
        }
    }
    graph
}

fn run(graph: RuleGraph, data: &Data) -> Vec<Decision> {
    let policies = PolicySet::new(vec![graph]).expect("valid policies");
    evaluate(&policies, &data.build(), &EvalOptions::default())
}

/// `p1` (mum and dad) with a week of O from Monday 7 October 2024: the
/// threshold's tenth session is on Friday 11 October.
fn week_of_absence() -> Data {
    let mut data = Data::new();
    data.pupil("p1", "2014-01-30", &["mum", "dad"])
        .attend("p1", "s1", "2024-09-02", "2024-12-20")
        .absent(
            "p1",
            &[
                "2024-10-07",
                "2024-10-08",
                "2024-10-09",
                "2024-10-10",
                "2024-10-11",
            ],
            Code::O,
        );
    data
}

fn requires_letter() -> RuleGraph {
    gated(&[("warning_letter", Gate::Requires, None)])
}

#[test]
fn without_a_warning_letter_no_notice_is_issued() {
    assert_eq!(
        briefs(&run(requires_letter(), &week_of_absence())),
        Vec::<String>::new()
    );
}

#[test]
fn a_letter_to_every_parent_lets_the_rule_decide_for_each() {
    let mut data = week_of_absence();
    data.event("p1", None, kind("warning_letter"), "2024-09-20", None, None);
    let decisions = run(requires_letter(), &data);
    assert_eq!(
        briefs(&decisions),
        [
            "p1 2024-10-11 dad penalty_notice #1 8000/21,16000/28 national_threshold national-2024@2024-08-19 evidence=10",
            "p1 2024-10-11 mum penalty_notice #1 8000/21,16000/28 national_threshold national-2024@2024-08-19 evidence=10",
        ]
    );
    // The letter gates the notice; it is not its evidence, but its reason
    // names it.
    assert!(decisions[0]
        .evidence
        .iter()
        .all(|evidence| matches!(evidence, Evidence::Session { .. })));
    assert!(
        decisions[0]
            .reason
            .ends_with("after the warning letter of 2024-09-20 (requires warning_letter)"),
        "{}",
        decisions[0].reason
    );
}

#[test]
fn a_letter_to_one_parent_gives_only_that_parent_a_notice() {
    let mut data = week_of_absence();
    data.event(
        "p1",
        Some("mum"),
        kind("warning_letter"),
        "2024-09-20",
        None,
        None,
    );
    assert_eq!(
        briefs(&run(requires_letter(), &data)),
        ["p1 2024-10-11 mum penalty_notice #1 8000/21,16000/28 national_threshold national-2024@2024-08-19 evidence=10"]
    );
}

#[test]
fn a_letter_sent_while_the_condition_holds_lets_the_rule_fire_that_day() {
    // The threshold is met on Friday 11 October; the letter comes on
    // Wednesday 16 October, a quiet day the engine would pass over.
    let mut data = week_of_absence();
    data.event("p1", None, kind("warning_letter"), "2024-10-16", None, None);
    let decisions = run(requires_letter(), &data);
    assert_eq!(decisions.len(), 2, "{:?}", briefs(&decisions));
    assert!(decisions
        .iter()
        .all(|decision| decision.date == d("2024-10-16")));
}

#[test]
fn a_lapsed_letter_no_longer_counts() {
    let graph = gated(&[("warning_letter", Gate::Requires, Some(EventAge::Months(1)))]);
    let mut data = week_of_absence();
    // 11 September plus a month is 11 October: the letter counts up to
    // the 10th and has lapsed on the day the threshold is met.
    data.event("p1", None, kind("warning_letter"), "2024-09-11", None, None);
    assert_eq!(briefs(&run(graph.clone(), &data)), Vec::<String>::new());
    let mut data = week_of_absence();
    data.event("p1", None, kind("warning_letter"), "2024-09-12", None, None);
    assert_eq!(run(graph, &data).len(), 2);
}

#[test]
fn unless_stops_the_parent_it_names_until_it_lapses() {
    let graph = gated(&[(
        "attendance_contract",
        Gate::Unless,
        Some(EventAge::Weeks(6)),
    )]);
    let mut data = week_of_absence();
    data.event(
        "p1",
        Some("dad"),
        kind("attendance_contract"),
        "2024-09-02",
        None,
        None,
    );
    assert_eq!(
        briefs(&run(graph.clone(), &data)),
        ["p1 2024-10-11 mum penalty_notice #1 8000/21,16000/28 national_threshold national-2024@2024-08-19 evidence=10"]
    );
    // A contract for both until Monday 21 October (six weeks from 9
    // September): the threshold still holds then, so both are decided on
    // the first school day the contract no longer stops them.
    let mut data = week_of_absence();
    data.event(
        "p1",
        None,
        kind("attendance_contract"),
        "2024-09-09",
        None,
        None,
    );
    let decisions = run(graph, &data);
    assert_eq!(decisions.len(), 2, "{:?}", briefs(&decisions));
    assert!(decisions
        .iter()
        .all(|decision| decision.date == d("2024-10-21")));
}
