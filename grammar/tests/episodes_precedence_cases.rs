//! The clauses of issue 15: once per event, episodes, `episode length`,
//! precedence and `case open`, parsed into their AST forms.

use rollcall_grammar::ast::{
    Amount, CaseLength, Condition, Item, Operand, Precedence, RepeatLimit, RuleDecl, SetExpr,
    Setting, Unit,
};
use rollcall_grammar::parse;

const HEADER: &str = "authority t \"T\" extends national-2024\n";

fn rule(body: &str) -> RuleDecl {
    let text = format!("{HEADER}rule r {{\n  when count unauthorised within 10 school weeks >= 10 sessions\n  then penalty_notice\n{body}\n}}\n");
    let file = parse(&text).unwrap_or_else(|e| panic!("{text}\n{e:#?}"));
    match file.items.into_iter().next() {
        Some(Item::Rule(rule)) => rule,
        other => panic!("not a rule: {other:?}"),
    }
}

fn setting(line: &str) -> Setting {
    let text = format!("{HEADER}penalty_notices {{\n  {line}\n}}\n");
    let file = parse(&text).unwrap_or_else(|e| panic!("{text}\n{e:#?}"));
    match file.items.into_iter().next() {
        Some(Item::Settings(block)) => block.settings[0].value.clone(),
        other => panic!("not a settings block: {other:?}"),
    }
}

#[test]
fn once_per_event_keeps_the_name_for_the_compiler() {
    for name in [
        "notice_to_improve",
        "truancy_sweep",
        "exclusion",
        "public_place",
        "sweeps",
    ] {
        let limit = rule(&format!("  at most once per {name}")).limit.unwrap();
        match limit.value {
            RepeatLimit::OncePerEvent(event) => assert_eq!(event.value, name),
            other => panic!("{name}: {other:?}"),
        }
    }
    let limit = rule("  at most once per half_term").limit.unwrap();
    assert!(matches!(limit.value, RepeatLimit::OncePer(_)));
}

#[test]
fn episodes_in_both_forms_and_in_sessions() {
    let limit = rule("  at most once per episode of holiday school days")
        .limit
        .unwrap();
    match limit.value {
        RepeatLimit::OncePerEpisode(episode) => {
            assert!(matches!(&episode.set, SetExpr::Name(n) if n.value == "holiday"));
            assert_eq!(episode.unit.value, Unit::SchoolDays);
        }
        other => panic!("{other:?}"),
    }
    let decl = rule("  decides at the end of each episode of counted_absence + {G} sessions");
    let episode = decl.episode_end.unwrap().value;
    assert!(matches!(episode.set, SetExpr::Union(..)));
    assert_eq!(episode.unit.value, Unit::Sessions);
}

#[test]
fn episode_length_is_a_quantity() {
    let decl = rule("  instead prosecution when episode length > 15 school days\n  decides at the end of each episode of unauthorised school days");
    match &decl.instead[0].when {
        Condition::Compare { left, .. } => assert!(matches!(left, Operand::EpisodeLength { .. })),
        other => panic!("{other:?}"),
    }
}

#[test]
fn precedence_lists_names_in_order() {
    let decl =
        rule("  takes precedence over national_threshold, fast_track\n  gives way to letters");
    let names: Vec<(bool, String)> = decl
        .precedence
        .iter()
        .map(|p| match &p.value {
            Precedence::Over(n) => (true, n.value.clone()),
            Precedence::GivesWayTo(n) => (false, n.value.clone()),
        })
        .collect();
    assert_eq!(
        names,
        vec![
            (true, "national_threshold".to_string()),
            (true, "fast_track".to_string()),
            (false, "letters".to_string()),
        ]
    );
}

#[test]
fn case_open_in_its_three_forms() {
    assert_eq!(
        setting("case open until case_closed"),
        Setting::CaseOpen {
            lasts: None,
            until_closed: true
        }
    );
    match setting("case open for 1 year or until case_closed") {
        Setting::CaseOpen {
            lasts: Some(l),
            until_closed: true,
        } => assert_eq!(
            l.value,
            CaseLength::Amount(Amount {
                value: 1,
                unit: Some(Unit::Years)
            })
        ),
        other => panic!("{other:?}"),
    }
    match setting("case open for 2 academic_years") {
        Setting::CaseOpen {
            lasts: Some(l),
            until_closed: false,
        } => {
            assert_eq!(l.value, CaseLength::AcademicYears(2))
        }
        other => panic!("{other:?}"),
    }
    match setting("case open for 1 academic_year") {
        Setting::CaseOpen { lasts: Some(l), .. } => {
            assert_eq!(l.value, CaseLength::AcademicYears(1))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn notice_open_with_and_without_case_closed() {
    assert_eq!(
        setting("notice open for its payment period"),
        Setting::NoticeOpen {
            until_closed: false
        }
    );
    assert_eq!(
        setting("notice open for its payment period or until case_closed"),
        Setting::NoticeOpen { until_closed: true }
    );
}

#[test]
fn the_new_reserved_words_are_not_names() {
    let text = format!("{HEADER}measure episode = count unauthorised this term\n");
    assert!(parse(&text).is_err());
    // Words that are only keywords where a clause starts stay usable as names.
    let text = format!("{HEADER}measure takes = count unauthorised this term\nmeasure case_open = count unauthorised this term\n");
    assert!(parse(&text).is_ok(), "{:?}", parse(&text).err());
}
