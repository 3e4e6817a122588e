//! Completion: names in scope (the document's and its parents'), built-in
//! code sets and event kinds, register codes and the language's keywords.

use crate::library::Library;
use crate::names::DeclKind;
use crate::navigate::category_name;
use lsp_types::{CompletionItem, CompletionItemKind, Position};
use rollcall_ir::codes::{Code, BUILTIN_SETS};
use rollcall_ir::events::EventKind;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// The grammar, read for its keywords.
const GRAMMAR: &str = include_str!("../../grammar/src/policy.pest");

/// The words of the language: every lower-case word the grammar quotes
/// (`rule`, `when`, `penalty_notice`, `academic_year`...), sorted.
pub fn keywords() -> &'static [&'static str] {
    static KEYWORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    KEYWORDS.get_or_init(|| {
        let words: BTreeSet<&'static str> = GRAMMAR
            .lines()
            .flat_map(quoted)
            .filter(|word| {
                word.len() >= 2
                    && word.starts_with(|c: char| c.is_ascii_lowercase())
                    && word.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            })
            .collect();
        words.into_iter().collect()
    })
}

/// The string literals of one line of the grammar, outside its `//` comment.
fn quoted(line: &'static str) -> Vec<&'static str> {
    let mut literals = Vec::new();
    let mut start = None;
    let mut escaped = false;
    for (at, c) in line.char_indices() {
        match (start, c) {
            (None, '/') if line[at..].starts_with("//") => break,
            (None, '"') => start = Some(at + 1),
            (Some(_), _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(from), '"') => {
                literals.push(&line[from..at]);
                start = None;
            }
            _ => {}
        }
    }
    literals
}

/// The lines whose `{` opens a block, not a code set.
const BLOCKS: &[&str] = &[
    "rule ",
    "override rule ",
    "version ",
    "penalty_notices",
    "cross_border",
    "notice_to_improve",
];

/// The completions at `position` of the library's document: inside a
/// code set literal (a `{` before the cursor on its line, not closed, on a
/// line that opens no block), the register codes; elsewhere every name in
/// scope, built-in set and event kind, keyword and code. The names in
/// scope are those of `scope`'s document: the library itself, or, while
/// the document does not parse, its last text that did.
pub fn completions(library: &Library, scope: &Library, position: Position) -> Vec<CompletionItem> {
    let document = library.document();
    let offset = document.lines.offset(&document.text, position);
    let line_start = document.text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let before = &document.text[line_start..offset];
    let opens_block = BLOCKS
        .iter()
        .any(|block| before.trim_start().starts_with(block));
    let in_literal = !opens_block
        && before
            .rfind('{')
            .is_some_and(|open| !before[open..].contains('}'));
    let mut items = codes();
    if in_literal {
        return items;
    }
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for found in scope.in_scope(scope.document()) {
        let declaration = found.declaration;
        seen.insert(declaration.name.value.clone());
        let kind = match declaration.kind {
            DeclKind::Rule => CompletionItemKind::FUNCTION,
            DeclKind::Measure => CompletionItemKind::VARIABLE,
            DeclKind::Codes => CompletionItemKind::ENUM,
            DeclKind::Limit | DeclKind::Dates => CompletionItemKind::CONSTANT,
            DeclKind::Event => CompletionItemKind::EVENT,
        };
        let from = found.file.id().unwrap_or("?");
        items.push(item(
            &declaration.name.value,
            kind,
            format!("{} (in {from})", declaration.kind.keyword()),
            declaration.docs.doc.as_ref().map(|doc| doc.value.clone()),
            Rank::InScope,
        ));
    }
    for set in BUILTIN_SETS.iter().filter(|set| !seen.contains(**set)) {
        items.push(item(
            set,
            CompletionItemKind::ENUM,
            "built-in code set".to_string(),
            None,
            Rank::BuiltIn,
        ));
    }
    for kind in EventKind::ALL {
        items.push(item(
            kind.as_str(),
            CompletionItemKind::EVENT,
            format!("built-in event: {}", rollcall_ir::words::event(*kind)),
            None,
            Rank::BuiltIn,
        ));
    }
    let taken: BTreeSet<String> = items.iter().map(|item| item.label.clone()).collect();
    for keyword in keywords().iter().filter(|k| !taken.contains(**k)) {
        items.push(item(
            keyword,
            CompletionItemKind::KEYWORD,
            "keyword".to_string(),
            None,
            Rank::Keyword,
        ));
    }
    items
}

/// Every register code, with its meaning.
fn codes() -> Vec<CompletionItem> {
    Code::ALL
        .iter()
        .map(|code| {
            item(
                code.as_str(),
                CompletionItemKind::CONSTANT,
                format!("{} ({})", code.meaning(), category_name(code.category())),
                None,
                Rank::Code,
            )
        })
        .collect()
}

/// Where a completion is listed: names in scope first, codes last.
#[derive(Clone, Copy)]
enum Rank {
    InScope,
    BuiltIn,
    Keyword,
    Code,
}

/// One completion.
fn item(
    label: &str,
    kind: CompletionItemKind,
    detail: String,
    documentation: Option<String>,
    rank: Rank,
) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        sort_text: Some(format!("{}{label}", rank as u8)),
        kind: Some(kind),
        detail: Some(detail),
        documentation: documentation.map(lsp_types::Documentation::String),
        ..CompletionItem::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "school s \"S\"\n\ncodes holiday = {G, \n\nrule r {\n  when count {\n  when \n}\n";

    /// The last text of TEXT's document that parsed.
    const PARSED: &str = "school s \"S\"\n\ncodes holiday = {G}\n";

    fn library(text: &str) -> Library {
        Library::of_texts(&[("s", text)])
    }

    fn labels(position: Position) -> Vec<String> {
        completions(&library(TEXT), &library(PARSED), position)
            .into_iter()
            .map(|item| item.label)
            .collect()
    }

    #[test]
    fn keywords_come_from_the_grammar() {
        let words = keywords();
        for word in [
            "rule",
            "when",
            "then",
            "penalty_notice",
            "extends",
            "override",
        ] {
            assert!(words.contains(&word), "{word} missing from {words:?}");
        }
        assert!(!words.contains(&"£"));
        assert!(words.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn inside_braces_only_codes_are_offered() {
        let inside = labels(Position::new(2, 20));
        assert!(inside.contains(&"N".to_string()));
        assert!(inside.contains(&"C1".to_string()));
        assert!(!inside.contains(&"rule".to_string()));
        let counted = labels(Position::new(5, 14));
        assert!(counted.contains(&"N".to_string()));
        assert!(!counted.contains(&"when".to_string()));
        let block = labels(Position::new(4, 8));
        assert!(block.contains(&"when".to_string()));
    }

    #[test]
    fn elsewhere_keywords_built_ins_and_codes_are_offered() {
        let labels = labels(Position::new(6, 7));
        for expected in ["when", "unauthorised", "notice_to_improve", "G", "holiday"] {
            assert!(labels.contains(&expected.to_string()), "{expected}");
        }
        let ranked = completions(&library(TEXT), &library(PARSED), Position::new(6, 7));
        let sort = |label: &str| {
            ranked
                .iter()
                .find(|item| item.label == label)
                .and_then(|item| item.sort_text.clone())
        };
        assert!(sort("holiday") < sort("unauthorised"));
        assert!(sort("unauthorised") < sort("when"));
        assert!(sort("when") < sort("G"));
        let unique: BTreeSet<&String> = labels.iter().collect();
        assert_eq!(unique.len(), labels.len(), "a label offered twice");
    }
}
