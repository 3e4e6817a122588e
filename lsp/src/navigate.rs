//! Go to definition and hover for the name under the cursor.

use crate::library::{Found, Library};
use crate::names::{use_at, DeclKind, Role, Use};
use lsp_types::{Hover, HoverContents, Location, MarkupContent, MarkupKind};
use rollcall_ir::codes::{builtin_set, Category, Code};
use rollcall_ir::events::EventKind;

/// Where the name at byte `offset` of the library's document is declared:
/// a rule, measure, code set, limit, event or dates name in the document
/// or a parent; a policy id's file; for `override` and `remove`, the
/// parent's declaration.
pub fn definition(library: &Library, offset: usize) -> Option<Location> {
    let document = library.document();
    let used = use_at(document.ast.as_ref()?, offset)?;
    match used.role {
        Role::Policy => {
            let parent = library.policy(&used.name.value)?;
            Some(parent.location(parent.ast.as_ref()?.header.id.span))
        }
        Role::Code => None,
        _ => {
            let found = resolve(library, &used)?;
            Some(found.file.location(found.declaration.name.span))
        }
    }
}

/// What the name at byte `offset` of the library's document is: a
/// declaration's kind, doc and source (and the policy it is in, when
/// inherited); a register code's meaning and category; a built-in code
/// set's codes or a built-in event's meaning; a parent policy's title.
pub fn hover(library: &Library, offset: usize) -> Option<Hover> {
    let document = library.document();
    let used = use_at(document.ast.as_ref()?, offset)?;
    let name = used.name.value.as_str();
    let text = match used.role {
        Role::Code => code_text(name)?,
        Role::Policy => {
            let header = &library.policy(name)?.ast.as_ref()?.header;
            let mut text = format!("**{name}**: {}", header.title.value);
            push_docs(&mut text, header.doc.as_ref(), header.source.as_ref());
            text
        }
        _ => match resolve(library, &used) {
            Some(found) => {
                let mut text = declaration_text(library, &found);
                if found.declaration.kind == DeclKind::Rule {
                    let policies = [document.id(), found.file.id()];
                    if let Some(english) = rule_in_english(library, &policies, name) {
                        text.push_str(&format!("\n\n---\n\n{english}"));
                    }
                }
                text
            }
            None => built_in_text(name)?,
        },
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(document.lines.range(&document.text, used.name.span)),
    })
}

/// The declaration a name stands for.
fn resolve<'a>(library: &'a Library, used: &Use) -> Option<Found<'a>> {
    let skip_own = matches!(
        used.role,
        Role::Removed | Role::Declared { overrides: true }
    );
    library.resolve(library.document(), used.version, &used.name.value, skip_own)
}

/// A declaration's hover: its first line, its doc and source, and where it
/// is inherited from.
pub(crate) fn declaration_text(library: &Library, found: &Found) -> String {
    let declaration = &found.declaration;
    // The declaration's first line as written (`measure lost = count ...`).
    let written = found
        .file
        .text
        .get(declaration.span.range())
        .and_then(|text| text.lines().next())
        .map(str::trim_end)
        .unwrap_or_default();
    let mut text = format!("```rollcall\n{written}\n```");
    push_docs(
        &mut text,
        declaration.docs.doc.as_ref(),
        declaration.docs.source.as_ref(),
    );
    if !std::ptr::eq(found.file, library.document()) {
        let id = found.file.id().unwrap_or("?");
        text.push_str(&format!("\n\nDeclared in `{id}`."));
    }
    text
}

/// A rule as `rollcall explain-policy` renders it in the first of
/// `policies` whose compiled graph has it (the library compiled together;
/// nothing when the policy has errors): its sentence and the lines under
/// it, without the doc and source already shown.
fn rule_in_english(library: &Library, policies: &[Option<&str>], rule: &str) -> Option<String> {
    let compilation = rollcall_compiler::compile(&library.sources());
    let heading = format!("`{rule}`: ");
    policies.iter().flatten().find_map(|id| {
        let view = rollcall_ir::view::view(compilation.graph(id)?).ok()?;
        let english = rollcall_compiler::render::english(&view);
        let mut lines = english.lines();
        let first = lines.find_map(|line| {
            let (number, rest) = line.trim_start().split_once(". ")?;
            let numbered = !number.is_empty() && number.chars().all(|c| c.is_ascii_digit());
            (numbered && rest.starts_with(&heading)).then_some(rest)
        })?;
        let under = lines
            .take_while(|line| line.starts_with("     "))
            .map(str::trim)
            .filter(|line| !line.starts_with("Why: ") && !line.starts_with("Source: "));
        Some(
            std::iter::once(first)
                .chain(under)
                .collect::<Vec<_>>()
                .join("\n\n"),
        )
    })
}

/// Appends doc and source lines.
fn push_docs(
    text: &mut String,
    doc: Option<&rollcall_grammar::ast::Spanned<String>>,
    source: Option<&rollcall_grammar::ast::Spanned<String>>,
) {
    if let Some(doc) = doc {
        text.push_str(&format!("\n\n{}", doc.value));
    }
    if let Some(source) = source {
        text.push_str(&format!("\n\n*Source:* {}", source.value));
    }
}

/// A register code's meaning and category.
pub fn code_text(code: &str) -> Option<String> {
    let parsed = Code::parse(code)?;
    Some(format!(
        "**{code}**: {}\n\nCategory: {}.",
        parsed.meaning(),
        category_name(parsed.category())
    ))
}

/// A category in words (`not possible`).
pub fn category_name(category: Category) -> String {
    serde_json::to_value(category)
        .ok()
        .and_then(|value| value.as_str().map(|name| name.replace('_', " ")))
        .unwrap_or_else(|| format!("{category:?}"))
}

/// A built-in code set's codes, or a built-in event kind's meaning.
pub(crate) fn built_in_text(name: &str) -> Option<String> {
    if let Some(set) = builtin_set(name) {
        let codes: Vec<&str> = set.iter().map(Code::as_str).collect();
        return Some(format!(
            "**{name}**: built-in code set\n\n{{{}}}",
            codes.join(", ")
        ));
    }
    let kind = EventKind::parse(name)?;
    Some(format!(
        "**{name}**: built-in event kind ({})",
        rollcall_ir::words::event(kind)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::HoverContents;

    const PARENT: &str = r#"national base "Base"

rule fallback_threshold {
  doc "The parent's rule."
  source "Act 1996"
  when count unauthorised within 10 school weeks >= 10 sessions
  then penalty_notice
}
"#;

    const CHILD: &str = r#"authority child "Child"
  extends base

codes holiday = {G}

version from 2024-09-01 {
  override rule fallback_threshold {
    when count holiday within 6 school weeks >= 9 sessions
    then penalty_notice
  }
}
"#;

    fn library() -> Library {
        Library::of_texts(&[("child", CHILD), ("base", PARENT)])
    }

    fn offset(word: &str, nth: usize) -> usize {
        CHILD.match_indices(word).nth(nth).unwrap().0 + 1
    }

    fn hover_text(library: &Library, offset: usize) -> String {
        match hover(library, offset).map(|h| h.contents) {
            Some(HoverContents::Markup(markup)) => markup.value,
            other => panic!("no markup hover: {other:?}"),
        }
    }

    #[test]
    fn a_used_name_goes_to_its_declaration_in_the_file() {
        let library = library();
        let location = definition(&library, offset("holiday", 1)).unwrap();
        assert!(hover_text(&library, offset("holiday", 1))
            .starts_with("```rollcall\ncodes holiday = {G}\n```"));
        assert_eq!(location.uri.path(), "/p/child.policy");
        assert_eq!(location.range.start.line, 3);
        assert_eq!(location.range.start.character, 6);
    }

    #[test]
    fn an_override_goes_to_the_parents_rule_and_extends_to_the_parent() {
        let library = library();
        let location = definition(&library, offset("fallback_threshold", 0)).unwrap();
        assert_eq!(location.uri.path(), "/p/base.policy");
        assert_eq!(location.range.start.line, 2);
        let location = definition(&library, offset("base", 0)).unwrap();
        assert_eq!(location.uri.path(), "/p/base.policy");
        assert_eq!(location.range.start.line, 0);
        assert!(definition(&library, offset("{G}", 0) + 1).is_none());
    }

    #[test]
    fn hover_shows_docs_codes_and_built_ins() {
        let library = library();
        let text = hover_text(&library, offset("fallback_threshold", 0));
        assert!(text.contains("rule fallback_threshold"), "{text}");
        assert!(text.contains("The parent's rule."), "{text}");
        assert!(text.contains("*Source:* Act 1996"), "{text}");
        assert!(text.contains("Declared in `base`"), "{text}");
        // The rule as the child compiles it, in plain English.
        assert!(
            text.contains("`fallback_threshold`: when sessions of holiday"),
            "{text}"
        );
        let code = hover_text(&library, offset("{G}", 0) + 1);
        assert!(code.starts_with("**G**: "), "{code}");
        assert!(code.contains("Category: unauthorised."), "{code}");
        let parent = hover_text(&library, offset("base", 0));
        assert_eq!(parent, "**base**: Base");
    }

    #[test]
    fn hover_on_a_built_in_set_lists_its_codes() {
        let text = r#"school s "S"

rule r {
  when count unauthorised within 6 school weeks >= 9 sessions
  then penalty_notice
}
"#;
        let library = Library::of_texts(&[("s", text)]);
        let at = text.find("unauthorised").unwrap() + 2;
        let shown = hover_text(&library, at);
        assert!(shown.contains("built-in code set"), "{shown}");
        assert!(shown.contains("G, "), "{shown}");
    }
}
