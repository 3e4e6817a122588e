//! Go to definition and hover while the document does not parse (the
//! author midway through a line): the word under the cursor, looked up
//! in the document's last text that parsed and its parents.

use crate::library::{Found, Library};
use crate::navigate::{built_in_text, code_text, declaration_text};
use lsp_types::{Hover, HoverContents, Location, MarkupContent, MarkupKind};
use rollcall_grammar::ast::Span;

/// The word (a name, a policy id or a register code) around byte `offset`.
fn word_at(text: &str, offset: usize) -> Option<(&str, Span)> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let offset = offset.min(text.len());
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(at, _)| at);
    let end = text[offset..]
        .find(|c: char| !is_word(c))
        .map_or(text.len(), |length| offset + length);
    (start < end).then(|| (&text[start..end], Span::new(start, end)))
}

/// Where `text` has `needle` as whole words.
fn find_words(text: &str, needle: &str) -> Option<usize> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    text.match_indices(needle).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back().is_none_or(|c| !is_word(c));
        let after = text[at + needle.len()..]
            .chars()
            .next()
            .is_none_or(|c| !is_word(c));
        before && after
    })
}

/// The declaration `word` stands for in `parsed`'s document, its version
/// unknown: outside any block first, then in each block (each may have
/// its own parent).
fn resolve<'a>(parsed: &'a Library, word: &str) -> Option<Found<'a>> {
    let document = parsed.document();
    let blocks = document.ast.as_ref().map_or(0, |ast| ast.versions.len());
    std::iter::once(None)
        .chain((0..blocks).map(Some))
        .find_map(|version| parsed.resolve(document, version, word, false))
}

/// The declaration of the word at `offset` of `library`'s document, found
/// in `parsed` (the same document's last text that parsed, with the same
/// directory): a parent policy's header, a parent's declaration, or the
/// document's own, found again in its current text.
pub fn definition(library: &Library, parsed: &Library, offset: usize) -> Option<Location> {
    let document = library.document();
    let (word, _) = word_at(&document.text, offset)?;
    let old = parsed.document();
    if let Some(policy) = parsed.policy(word).filter(|p| !std::ptr::eq(*p, old)) {
        return Some(policy.location(policy.ast.as_ref()?.header.id.span));
    }
    let found = resolve(parsed, word)?;
    if !std::ptr::eq(found.file, old) {
        return Some(found.file.location(found.declaration.name.span));
    }
    let keyword = found.declaration.kind.keyword();
    let at = find_words(&document.text, &format!("{keyword} {word}"))? + keyword.len() + 1;
    Some(document.location(Span::new(at, at + word.len())))
}

/// What the word at `offset` of `library`'s document is, as
/// [`crate::navigate::hover`] says, from `parsed`'s declarations.
pub fn hover(library: &Library, parsed: &Library, offset: usize) -> Option<Hover> {
    let document = library.document();
    let (word, span) = word_at(&document.text, offset)?;
    let text = match code_text(word) {
        Some(code) => code,
        None => match resolve(parsed, word) {
            Some(found) => declaration_text(parsed, &found),
            None => built_in_text(word)?,
        },
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(document.lines.range(&document.text, span)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARSED: &str = "authority c \"C\"\n  extends base\n\ncodes holiday = {G}\n";
    const TYPING: &str =
        "authority c \"C\"\n  extends base\n\n\ncodes holiday = {G}\n\nrule r {\n  when count holiday + {N} wi\n";
    const BASE: &str =
        "national base \"Base\"\n\nmeasure lost = count unauthorised this term\n  doc \"Lost.\"\n";

    fn library(document: &str) -> Library {
        Library::of_texts(&[("c", document), ("base", BASE)])
    }

    #[test]
    fn words_are_found_around_an_offset() {
        assert_eq!(word_at("a holiday + b", 5).map(|w| w.0), Some("holiday"));
        assert_eq!(word_at("a holiday + b", 2).map(|w| w.0), Some("holiday"));
        assert_eq!(word_at("a holiday + b", 9).map(|w| w.0), Some("holiday"));
        assert_eq!(word_at("a holiday + b", 10), None);
        assert_eq!(
            word_at("extends national-2024", 12).map(|w| w.0),
            Some("national-2024")
        );
        assert_eq!(
            find_words("codes holidays\ncodes holiday", "codes holiday"),
            Some(15)
        );
    }

    #[test]
    fn an_unparsed_document_still_goes_to_definitions_and_hovers() {
        let (typing, parsed) = (library(TYPING), library(PARSED));
        assert!(typing.document().ast.is_none());
        let use_of = TYPING.rfind("holiday").unwrap() + 1;
        let own = definition(&typing, &parsed, use_of).unwrap();
        assert_eq!(own.uri.path(), "/p/c.policy");
        assert_eq!((own.range.start.line, own.range.start.character), (4, 6));
        let parent = definition(&typing, &parsed, TYPING.find("base").unwrap()).unwrap();
        assert_eq!(parent.uri.path(), "/p/base.policy");
        let code = hover(&typing, &parsed, TYPING.find("{N}").unwrap() + 1).unwrap();
        let HoverContents::Markup(code) = code.contents else {
            panic!("markup")
        };
        assert!(code.value.starts_with("**N**: "), "{}", code.value);
        let built_in = hover(&typing, &parsed, TYPING.find("count").unwrap() + 1);
        assert!(built_in.is_none());
    }
}
