//! Several actions per rule (each its own decisions, on the same evidence,
//! consumed once) and limits shared across rules (decisions counted
//! together per pupil or per parent in a period; a rule that would go
//! beyond one does not decide).

mod engine_support;

use engine_support::data::Data;
use engine_support::graphs::{escalation_2024, Builder, RuleSpec};
use engine_support::{briefs, d, run_national_2024 as run};
use rollcall_data::model::EventKind;
use rollcall_ir::codes::Code;
use rollcall_ir::graph::{
    Action, CompareOp, LimitWhom, Node, Period, PolicyKind, Quantity, Repeat, RuleGraph, Window,
};

/// `p1` (parents mum and dad, born 2012-12-01) at `sa` in authority `a`,
/// present every term day from `from` to `to`.
fn pupil(from: &str, to: &str) -> Data {
    let mut data = Data::new();
    data.school("sa", "a")
        .pupil("p1", "2012-12-01", &["mum", "dad"])
        .attend("p1", "sa", from, to);
    data
}

/// Authority `a` from 19 August 2024 with the national settings and the
/// rules `make` adds.
fn authority(make: impl FnOnce(&mut Builder) -> Vec<rollcall_ir::graph::NodeId>) -> RuleGraph {
    let mut builder = Builder::new("a", PolicyKind::Authority);
    let rules = make(&mut builder);
    let prosecution = builder.add(Node::Action(Action::Prosecution));
    let escalation = builder.escalation(escalation_2024(prosecution));
    builder.version(Some(d("2024-08-19")), None, rules, escalation);
    builder.build()
}

/// `count CODES within 1 school week >= N sessions`.
fn in_a_week(builder: &mut Builder, codes: &[Code], sessions: u32) -> rollcall_ir::graph::NodeId {
    let codes = builder.literal(codes);
    let count = builder.count(codes, Window::SchoolWeeks { school_weeks: 1 });
    builder.compare(
        count,
        CompareOp::GreaterOrEqual,
        Quantity::Sessions(sessions),
    )
}

const A: &str = "a@2024-08-19";

#[test]
fn a_notice_and_a_letter_are_three_decisions_on_one_evidence_consumed_once() {
    let graph = authority(|b| {
        let when = b.national_threshold();
        let rule = b.rule("notice_and_letter", when, Action::PenaltyNotice);
        let letter = b.add(Node::Action(Action::Letter {
            label: "Notice explained".to_string(),
        }));
        b.rule_mut(rule).also = vec![letter];
        vec![rule]
    });
    let mut data = pupil("2024-09-02", "2024-10-18");
    // Ten sessions in the week of 9 September, then ten more in the week
    // of 7 October: the notice consumed the first ten, and its payment
    // period is not kept open, so the second ten give a second firing.
    data.absent_from("p1", "2024-09-09", "2024-09-13", Code::O);
    data.absent_from("p1", "2024-10-07", "2024-10-11", Code::O);
    let (decisions, _) = run(graph, &data);
    assert_eq!(
        briefs(&decisions),
        [
            format!("p1 2024-09-13 - letter \"Notice explained\" - notice_and_letter {A} evidence=10"),
            format!("p1 2024-09-13 dad penalty_notice #1 8000/21,16000/28 notice_and_letter {A} evidence=10"),
            format!("p1 2024-09-13 mum penalty_notice #1 8000/21,16000/28 notice_and_letter {A} evidence=10"),
            format!("p1 2024-10-11 - letter \"Notice explained\" - notice_and_letter {A} evidence=10"),
            format!("p1 2024-10-11 dad penalty_notice #2 16000/28 notice_and_letter {A} evidence=10"),
            format!("p1 2024-10-11 mum penalty_notice #2 16000/28 notice_and_letter {A} evidence=10"),
        ]
    );
    assert_eq!(decisions[0].evidence, decisions[1].evidence);
    assert!(decisions[3]
        .evidence
        .iter()
        .all(|e| !decisions[0].evidence.contains(e)));
}

#[test]
fn an_alternative_takes_its_own_list_of_actions_in_the_order_written() {
    let graph = authority(|b| {
        let when = in_a_week(b, &[Code::O], 2);
        let late = in_a_week(b, &[Code::U], 1);
        let rule = b.rule_spec(RuleSpec {
            name: "ladder",
            when,
            then: Action::Letter {
                label: "Stage 1".to_string(),
            },
            instead: vec![(
                late,
                Action::Meeting {
                    label: "Panel".to_string(),
                },
            )],
            repeat: Repeat::Unlimited,
        });
        let letter = b.add(Node::Action(Action::Letter {
            label: "Stage 2".to_string(),
        }));
        b.rule_mut(rule).instead[0].also = vec![letter];
        vec![rule]
    });
    let mut data = pupil("2024-09-02", "2024-09-27");
    // A whole day of O: the rule's own letter.
    data.absent("p1", &["2024-09-10"], Code::O);
    // O on Tuesday morning, U that afternoon, O on Wednesday morning: the
    // rule holds on Wednesday with its alternative, whose two actions are
    // taken in the order written, each citing all three sessions.
    data.mornings("p1", &["2024-09-17", "2024-09-18"], Code::O);
    data.mark(
        "p1",
        "2024-09-17",
        rollcall_data::model::Session::Pm,
        Code::U,
    );
    let (decisions, _) = run(graph, &data);
    assert_eq!(
        briefs(&decisions),
        [
            format!("p1 2024-09-10 - letter \"Stage 1\" - ladder {A} evidence=2"),
            format!("p1 2024-09-18 - meeting \"Panel\" - ladder {A} evidence=3"),
            format!("p1 2024-09-18 - letter \"Stage 2\" - ladder {A} evidence=3"),
        ]
    );
    assert!(
        decisions[1]
            .reason
            .contains("meeting and letter instead because"),
        "{}",
        decisions[1].reason
    );
}

#[test]
fn a_limit_per_pupil_counts_two_rules_together_and_starts_again_next_year() {
    let graph = authority(|b| {
        let shared = b.shared_limit("two_a_year", 2, Period::AcademicYear, LimitWhom::Pupil);
        let unauthorised = in_a_week(b, &[Code::O], 2);
        let late = in_a_week(b, &[Code::U], 2);
        let first = b.rule(
            "absence_letter",
            unauthorised,
            Action::Letter {
                label: "Absence".to_string(),
            },
        );
        let second = b.rule(
            "late_letter",
            late,
            Action::Letter {
                label: "Late".to_string(),
            },
        );
        b.rule_mut(first).limited_by = vec![shared];
        b.rule_mut(second).limited_by = vec![shared];
        vec![first, second]
    });
    let mut data = pupil("2024-09-02", "2025-09-19");
    data.absent("p1", &["2024-09-10"], Code::O); // letter 1
    data.absent("p1", &["2024-10-01"], Code::U); // letter 2 (another rule)
    data.absent("p1", &["2024-11-12"], Code::O); // the limit: nothing
    data.absent("p1", &["2025-01-14"], Code::U); // the limit: nothing
    data.absent("p1", &["2025-09-09"], Code::O); // a new academic year
    let (decisions, text) = run(graph, &data);
    assert_eq!(
        briefs(&decisions),
        [
            format!("p1 2024-09-10 - letter \"Absence\" - absence_letter {A} evidence=2"),
            format!("p1 2024-10-01 - letter \"Late\" - late_letter {A} evidence=2"),
            format!("p1 2025-09-09 - letter \"Absence\" - absence_letter {A} evidence=2"),
        ]
    );
    assert!(
        text.contains("absence_letter does not fire: limit `two_a_year` is reached for the pupil (at most 2 decisions this academic_year)"),
        "{text}"
    );
    assert!(
        text.contains("late_letter does not fire: limit `two_a_year` is reached"),
        "{text}"
    );
}

#[test]
fn a_limit_per_parent_bars_only_the_parent_who_reached_it() {
    let graph = authority(|b| {
        let shared = b.shared_limit("one_a_year", 1, Period::AcademicYear, LimitWhom::Parent);
        // A Notice to Improve sent to mum, breached: a notice to mum.
        let notices = b.events(EventKind::NoticeToImprove);
        let unauthorised = b.codes("unauthorised");
        let during = b.count(
            unauthorised,
            Window::NoticeToImprove {
                anchor: notices,
                lasts_days: 28,
                at_most_days: 28,
            },
        );
        let breached = b.compare(during, CompareOp::GreaterOrEqual, Quantity::Sessions(1));
        let breach = b.rule_spec(RuleSpec {
            name: "breach",
            when: breached,
            then: Action::PenaltyNotice,
            instead: Vec::new(),
            repeat: Repeat::OncePerEvent(EventKind::NoticeToImprove),
        });
        let when = b.national_threshold();
        let threshold = b.rule("threshold", when, Action::PenaltyNotice);
        b.rule_mut(breach).limited_by = vec![shared];
        b.rule_mut(threshold).limited_by = vec![shared];
        vec![breach, threshold]
    });
    let mut data = pupil("2024-09-02", "2025-01-31");
    data.event(
        "p1",
        Some("mum"),
        EventKind::NoticeToImprove,
        "2024-09-16",
        None,
        None,
    );
    data.absent("p1", &["2024-09-18"], Code::O);
    // Ten sessions in November: the threshold decides for dad only.
    data.absent_from("p1", "2024-11-11", "2024-11-15", Code::O);
    // Ten more in January: both parents have reached the limit.
    data.absent_from("p1", "2025-01-13", "2025-01-17", Code::O);
    let (decisions, text) = run(graph, &data);
    assert_eq!(
        briefs(&decisions),
        [
            format!("p1 2024-09-18 mum penalty_notice #1 8000/21,16000/28 breach {A} evidence=3"),
            format!(
                "p1 2024-11-15 dad penalty_notice #1 8000/21,16000/28 threshold {A} evidence=10"
            ),
        ]
    );
    assert!(
        text.contains("nothing to mum: limit `one_a_year` is reached for mum"),
        "{text}"
    );
    assert!(
        text.contains("threshold does not fire: limit `one_a_year` is reached for every parent"),
        "{text}"
    );
}
