//! Every shipped policy parses, and its AST keeps the declarations written.

use rollcall_grammar::ast::Item;
use rollcall_grammar::parse;
use std::path::Path;

fn policy_texts() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies");
    let mut texts: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("policies directory")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "policy"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable policy");
            (path.display().to_string(), text)
        })
        .collect();
    texts.sort();
    texts
}

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
