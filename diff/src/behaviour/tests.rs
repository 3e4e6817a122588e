//! The behavioural tally: outcomes compared regardless of rule names,
//! counts, notices per 100 pupils and first-option totals.

use super::tally::Tallier;
use rollcall_ir::graph::Payment;
use rollcall_runtime::decision::Decision;

/// A notice decision for `pupil` and `parent` on `date` at `pence` first.
fn notice(pupil: &str, parent: &str, date: &str, rule: &str, pence: u64) -> Decision {
    Decision {
        pupil: pupil.to_string(),
        parent: Some(parent.to_string()),
        date: date.parse().expect("test date"),
        action: "penalty_notice".to_string(),
        label: None,
        rule: rule.to_string(),
        authority: "a".to_string(),
        policy: "p@2024-08-19".to_string(),
        notice_number: Some(1),
        payments: vec![
            Payment {
                within_days: 21,
                amount_pence: pence,
            },
            Payment {
                within_days: 28,
                amount_pence: pence * 2,
            },
        ],
        reason: String::new(),
        evidence: Vec::new(),
    }
}

#[test]
fn a_renamed_rule_deciding_the_same_is_no_difference() {
    let mut tallier = Tallier::new();
    tallier.add_pupil(
        "p01",
        &[notice(
            "p01",
            "mum",
            "2024-10-11",
            "fallback_threshold",
            8000,
        )],
        &[notice(
            "p01",
            "mum",
            "2024-10-11",
            "national_threshold",
            8000,
        )],
    );
    let diff = tallier.finish();
    assert!(diff.differences.is_empty(), "{:#?}", diff.differences);
    assert_eq!(diff.old.notices, 1);
    assert_eq!(diff.new.first_option_pence, 8000);
}

#[test]
fn the_first_differing_outcome_and_its_parents_are_reported() {
    let mut tallier = Tallier::new();
    let same = notice("p02", "dad", "2024-10-11", "r", 6000);
    tallier.add_pupil(
        "p02",
        &[same.clone(), notice("p02", "mum", "2024-10-11", "r", 6000)],
        &[same, notice("p02", "mum", "2024-10-11", "r", 8000)],
    );
    tallier.add_pupil("p03", &[], &[]);
    tallier.add_pupil(
        "p01",
        &[],
        &[notice("p01", "gran", "2025-01-10", "r", 8000)],
    );
    let diff = tallier.finish();
    let who: Vec<(&str, Vec<String>)> = diff
        .differences
        .iter()
        .map(|d| (d.pupil.as_str(), d.parents.clone()))
        .collect();
    assert_eq!(
        who,
        vec![
            ("p01", vec!["gran".to_string()]),
            ("p02", vec!["mum".to_string()]),
        ]
    );
    let p01 = &diff.differences[0];
    assert_eq!(p01.old, None);
    assert_eq!(
        p01.new.as_ref().map(|o| o.date.to_string()),
        Some("2025-01-10".to_string())
    );
    let p02 = &diff.differences[1];
    assert_eq!(
        p02.old.as_ref().map(|o| o.payments[0].amount_pence),
        Some(6000)
    );
    assert_eq!(
        p02.new.as_ref().map(|o| o.payments[0].amount_pence),
        Some(8000)
    );
    assert_eq!(diff.pupils, 3);
    assert_eq!(diff.old.notices, 2);
    assert_eq!(diff.new.notices, 3);
    // 2 and 3 notices over 3 pupils: 66.67 and 100.00 per 100.
    assert_eq!(diff.old.notices_per_100, "66.67");
    assert_eq!(diff.new.notices_per_100, "100.00");
    assert_eq!(diff.old.first_option_pence, 12000);
    assert_eq!(diff.new.first_option_pence, 22000);
    assert_eq!(diff.new.by_action.get("penalty_notice"), Some(&3));
}
