//! Document symbols: the policy, its top-level declarations, and each
//! version block with its declarations.

use crate::library::LibraryFile;
use crate::names::{declarations, DeclKind, Declaration};
use lsp_types::{DocumentSymbol, SymbolKind};
use rollcall_grammar::ast::{DateLit, Item, PolicyFile, SettingsKind, Span, VersionBlock};

/// The outline of a file that parses (`None` otherwise).
pub fn document_symbols(file: &LibraryFile) -> Option<Vec<DocumentSymbol>> {
    let ast = file.ast.as_ref()?;
    let all = declarations(ast);
    let in_block = |version: Option<usize>| -> Vec<DocumentSymbol> {
        let items = match version {
            Some(index) => &ast.versions[index].items,
            None => &ast.items,
        };
        let mut symbols: Vec<DocumentSymbol> = all
            .iter()
            .filter(|d| d.version == version)
            .map(|d| declaration_symbol(file, d))
            .chain(items.iter().filter_map(|item| other_symbol(file, item)))
            .collect();
        symbols.sort_by_key(|symbol| (symbol.range.start.line, symbol.range.start.character));
        symbols
    };
    let header = &ast.header;
    let mut symbols = vec![symbol(
        file,
        header.id.value.clone(),
        Some(header.title.value.clone()),
        SymbolKind::MODULE,
        header.span,
        header.id.span,
        None,
    )];
    symbols.extend(in_block(None));
    for (index, block) in ast.versions.iter().enumerate() {
        symbols.push(symbol(
            file,
            version_name(block),
            None,
            SymbolKind::NAMESPACE,
            block_span(ast, index),
            block.span,
            Some(in_block(Some(index))),
        ));
    }
    Some(symbols)
}

/// A declaration's symbol.
fn declaration_symbol(file: &LibraryFile, declaration: &Declaration) -> DocumentSymbol {
    let kind = match declaration.kind {
        DeclKind::Rule => SymbolKind::FUNCTION,
        DeclKind::Measure => SymbolKind::VARIABLE,
        DeclKind::Codes => SymbolKind::ENUM,
        DeclKind::Limit => SymbolKind::NUMBER,
        DeclKind::Event => SymbolKind::EVENT,
        DeclKind::Dates => SymbolKind::OBJECT,
    };
    let detail = match declaration.overrides {
        true => format!("override {}", declaration.kind.keyword()),
        false => declaration.kind.keyword().to_string(),
    };
    symbol(
        file,
        declaration.name.value.clone(),
        Some(detail),
        kind,
        declaration.span,
        declaration.name.span,
        None,
    )
}

/// The symbol of a `remove rule` or a settings block.
fn other_symbol(file: &LibraryFile, item: &Item) -> Option<DocumentSymbol> {
    match item {
        Item::Remove(remove) => Some(symbol(
            file,
            remove.name.value.clone(),
            Some("remove rule".to_string()),
            SymbolKind::FUNCTION,
            remove.span,
            remove.name.span,
            None,
        )),
        Item::Settings(block) => {
            let name = match block.kind.value {
                SettingsKind::PenaltyNotices => "penalty_notices",
                SettingsKind::CrossBorder => "cross_border",
                SettingsKind::NoticeToImprove => "notice_to_improve",
            };
            Some(symbol(
                file,
                name.to_string(),
                Some("settings".to_string()),
                SymbolKind::STRUCT,
                block.span,
                block.kind.span,
                None,
            ))
        }
        _ => None,
    }
}

/// A symbol; the range of a whole declaration, the selection its name.
fn symbol(
    file: &LibraryFile,
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    span: Span,
    selection: Span,
    children: Option<Vec<DocumentSymbol>>,
) -> DocumentSymbol {
    // `deprecated` is a field of the type that the protocol has replaced
    // with `tags`; it must still be given.
    #[allow(deprecated)]
    DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: file.lines.range(&file.text, span.join(selection)),
        selection_range: file.lines.range(&file.text, selection),
        children,
    }
}

/// `version from DATE [until DATE]`.
pub fn version_name(block: &VersionBlock) -> String {
    match &block.until {
        Some(until) => format!(
            "version from {} until {}",
            date(block.from.value),
            date(until.value)
        ),
        None => format!("version from {}", date(block.from.value)),
    }
}

/// A date as written in a policy.
fn date(date: DateLit) -> String {
    format!("{:04}-{:02}-{:02}", date.year, date.month, date.day)
}

/// A version block from its opening line to the end of its last item.
fn block_span(ast: &PolicyFile, index: usize) -> Span {
    let block = &ast.versions[index];
    block.items.iter().fold(block.span, |span, item| {
        span.join(match item {
            Item::Codes(d) => d.span,
            Item::Measure(d) => d.span,
            Item::Dates(d) => d.span,
            Item::Rule(d) => d.span,
            Item::Remove(d) => d.span,
            Item::Limit(d) => d.span,
            Item::Event(d) => d.span,
            Item::Settings(d) => d.span,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::Url;

    #[test]
    fn the_outline_has_the_policy_its_declarations_and_versions() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../policies/norfolk.policy"
        ))
        .unwrap();
        let uri = Url::parse("file:///policies/norfolk.policy").unwrap();
        let file = LibraryFile::new(uri, "norfolk.policy".into(), text.clone());
        let symbols = document_symbols(&file).unwrap();
        let names: Vec<&str> = symbols.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "norfolk",
                "version from 2013-09-01 until 2024-08-18",
                "version from 2024-08-19"
            ]
        );
        let later: Vec<&str> = symbols[2]
            .children
            .iter()
            .flatten()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(
            later,
            [
                "notice_to_improve",
                "notice_to_improve_breach",
                "several_holidays_below_threshold"
            ]
        );
        let earlier = symbols[1].children.as_ref().unwrap();
        assert_eq!(earlier[0].name, "fallback_threshold");
        assert_eq!(earlier[0].detail.as_deref(), Some("remove rule"));
        let rule = &earlier[1];
        assert_eq!(rule.name, "six_week_criteria");
        let line = text
            .lines()
            .position(|line| line.contains("rule six_week_criteria"))
            .unwrap();
        assert_eq!(rule.selection_range.start.line as usize, line);
        assert_eq!(rule.selection_range.start.character, 7);
    }
}
