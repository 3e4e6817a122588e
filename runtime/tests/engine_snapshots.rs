//! Snapshots of whole decision lists and a timeline for hand-checked
//! histories under the hand-built national frameworks (reviewed by hand:
//! dates, numbers, amounts, evidence and reasons).

mod engine_support;

use engine_support::data::Data;
use engine_support::graphs::{library, national_2024};
use rollcall_data::model::{EventKind, Session};
use rollcall_ir::codes::Code;
use rollcall_runtime::engine::{evaluate, explain, EvalOptions, PolicySet};

/// T1, T2, T4 and T5 of the worked examples, one pupil each.
fn worked_examples() -> Data {
    let mut data = Data::new();
    for pupil in ["t1", "t2", "t4", "t5"] {
        data.pupil(pupil, "2015-03-04", &[&format!("{pupil}-parent")]);
    }
    data.attend("t1", "s1", "2024-09-02", "2024-12-20")
        .absent("t1", &["2024-10-07", "2024-10-08", "2024-10-09"], Code::G)
        .absent("t1", &["2024-10-10", "2024-10-11"], Code::G);
    data.attend("t2", "s1", "2024-09-02", "2024-12-20")
        .absent("t2", &["2024-11-04", "2024-11-05"], Code::G)
        .mornings("t2", &["2024-11-11", "2024-11-12", "2024-11-18"], Code::U)
        .mornings("t2", &["2024-11-19", "2024-11-25", "2024-11-26"], Code::U);
    data.attend("t4", "s1", "2025-06-02", "2025-10-24")
        .mornings("t4", &["2025-07-14", "2025-07-15"], Code::U)
        .absent(
            "t4",
            &["2025-09-29", "2025-09-30", "2025-10-01", "2025-10-02"],
            Code::G,
        );
    data.attend("t5", "s1", "2024-09-02", "2024-12-20")
        .absent(
            "t5",
            &["2024-10-07", "2024-10-08", "2024-10-09", "2024-10-10"],
            Code::G,
        )
        .mornings("t5", &["2024-10-11"], Code::G);
    data
}

#[test]
fn worked_examples_decisions() {
    let policies = PolicySet::new(vec![national_2024()]).expect("valid policies");
    let decisions = evaluate(
        &policies,
        &worked_examples().build(),
        &EvalOptions::default(),
    );
    insta::assert_json_snapshot!(decisions);
}

/// A pupil at Kendal (Westmorland and Furness) with two parents, meeting
/// the threshold three times: notices 1 (mum) and 2 (dad, whose earlier
/// Lancashire notice counts); notice 2 (mum) and prosecution (dad);
/// prosecution for both. An exclusion notice in between counts for neither.
fn ladder() -> Data {
    let mut data = Data::new();
    data.school("kendal", "westmorland-and-furness")
        .pupil("p1", "2015-03-04", &["mum", "dad"])
        .attend("p1", "kendal", "2024-09-02", "2025-07-18")
        .event(
            "p1",
            Some("dad"),
            EventKind::PenaltyNotice,
            "2024-09-13",
            None,
            Some("lancashire"),
        )
        .event(
            "p1",
            None,
            EventKind::Exclusion,
            "2024-11-20",
            Some("2024-11-22"),
            None,
        )
        .event("p1", None, EventKind::PublicPlace, "2024-11-21", None, None)
        .absent("p1", &["2024-11-20", "2024-11-21", "2024-11-22"], Code::E)
        .absent("p1", &["2024-10-07", "2024-10-08", "2024-10-09"], Code::G)
        .absent("p1", &["2024-10-10", "2024-10-11"], Code::G)
        .absent("p1", &["2025-01-13", "2025-01-14", "2025-01-15"], Code::O)
        .mornings(
            "p1",
            &["2025-01-20", "2025-01-21", "2025-01-22", "2025-01-23"],
            Code::U,
        )
        .absent("p1", &["2025-03-10", "2025-03-11", "2025-03-12"], Code::N)
        .absent("p1", &["2025-03-13", "2025-03-14"], Code::N)
        .mark("p1", "2025-03-17", Session::Pm, Code::U);
    data
}

#[test]
fn escalation_ladder_decisions() {
    let policies = PolicySet::new(library()).expect("valid policies");
    let decisions = evaluate(&policies, &ladder().build(), &EvalOptions::default());
    insta::assert_json_snapshot!(decisions);
}

#[test]
fn escalation_ladder_timeline() {
    let policies = PolicySet::new(library()).expect("valid policies");
    let timeline = explain(&policies, &ladder().build(), "p1").expect("a known pupil");
    insta::assert_snapshot!(timeline.to_string());
}
