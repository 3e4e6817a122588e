//! Every shipped policy parses, and its AST keeps the declarations written.

use rollcall_grammar::ast::Item;
use rollcall_grammar::parse;
use support::policy_texts;

mod support;

#[test]
fn every_shipped_policy_parses() {
    let texts = policy_texts();
    assert!(texts.len() >= 5, "expected the shipped policies");
    for (path, text) in texts {
        if let Err(errors) = parse(&text) {
            panic!("{path}: {errors:#?}");
        }
    }
}

#[test]
fn the_national_framework_declares_its_threshold_rule() {
    let (_, text) = policy_texts()
        .into_iter()
        .find(|(path, _)| path.ends_with("national-2024.policy"))
        .expect("national-2024.policy");
    let file = parse(&text).expect("parses");
    assert_eq!(file.header.id.value, "national-2024");
    let rules: Vec<&str> = file.versions[0]
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Rule(rule) => Some(rule.name.value.as_str()),
            _ => None,
        })
        .collect();
    assert!(rules.contains(&"national_threshold"), "{rules:?}");
}
