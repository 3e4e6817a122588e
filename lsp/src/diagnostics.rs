//! The compiler's diagnostics as LSP diagnostics.

use crate::library::{Library, LibraryFile};
use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
};

/// The diagnostics of the library's document: the library compiled
/// together (so that parents resolve), only those about the document kept.
pub fn diagnostics(library: &Library) -> Vec<Diagnostic> {
    let compilation = rollcall_compiler::compile(&library.sources());
    let document = library.document();
    compilation
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.path == document.path)
        .map(|diagnostic| convert(document, diagnostic))
        .collect()
}

/// One compiler diagnostic in LSP terms: its primary label's range, its
/// code, its message with the primary label's text and the help, and its
/// secondary labels as related information.
pub fn convert(file: &LibraryFile, diagnostic: &rollcall_compiler::Diagnostic) -> Diagnostic {
    let mut labels = diagnostic.labels.iter();
    let primary = labels.next();
    let range = primary.map_or_else(
        || file.lines.range(&file.text, Default::default()),
        |label| file.lines.range(&file.text, label.span),
    );
    let mut message = diagnostic.message.clone();
    if let Some(label) = primary.filter(|label| !label.text.is_empty()) {
        message.push_str(&format!(" ({})", label.text));
    }
    if let Some(help) = &diagnostic.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = labels
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(file.uri.clone(), file.lines.range(&file.text, label.span)),
            message: if label.text.is_empty() {
                "see here".to_string()
            } else {
                label.text.clone()
            },
        })
        .collect();
    Diagnostic {
        range,
        severity: Some(severity(diagnostic.severity)),
        code: Some(NumberOrString::String(diagnostic.code().to_string())),
        source: Some("rollcall".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}

/// The LSP severity of a compiler diagnostic's.
fn severity(severity: miette::Severity) -> DiagnosticSeverity {
    match severity {
        miette::Severity::Error => DiagnosticSeverity::ERROR,
        miette::Severity::Warning => DiagnosticSeverity::WARNING,
        miette::Severity::Advice => DiagnosticSeverity::HINT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::Position;

    #[test]
    fn a_syntax_error_is_located_with_its_code() {
        let text = "school s \"S\"\n  extends base\n\nrule r {\n  when count {Q} within 6 school weeks >= 9 sesions\n  then penalty_notice\n}\n";
        let found = diagnostics(&Library::of_texts(&[("s", text)]));
        assert_eq!(found.len(), 1, "{found:?}");
        let syntax = &found[0];
        assert_eq!(
            syntax.code,
            Some(NumberOrString::String("rollcall::syntax".into()))
        );
        assert_eq!(syntax.severity, Some(DiagnosticSeverity::ERROR));
        assert_eq!(syntax.range.start.line, 4);
        assert_eq!(syntax.source.as_deref(), Some("rollcall"));
    }

    #[test]
    fn only_the_documents_diagnostics_are_kept_and_parents_resolve() {
        let child = "authority s \"S\"\n  extends base\n\nrule r {\n  when count {H9} within 6 school weeks >= 9 sessions\n  then penalty_notice\n}\n";
        let parent = "national base \"Base\"\n\nrule p {\n  when count {H9} within 6 school weeks >= 9 sessions\n  then penalty_notice\n}\n";
        let found = diagnostics(&Library::of_texts(&[("s", child), ("base", parent)]));
        let codes: Vec<_> = found.iter().filter_map(|d| d.code.clone()).collect();
        assert_eq!(
            codes,
            [
                NumberOrString::String("rollcall::missing_doc".into()),
                NumberOrString::String("rollcall::unknown_code".into())
            ],
            "{found:?}"
        );
        assert_eq!(found[1].range.start, Position::new(4, 14));
        // Alone, the child's parent is missing too.
        let alone = diagnostics(&Library::of_texts(&[("s", child)]));
        assert!(alone
            .iter()
            .any(|d| d.code == Some(NumberOrString::String("rollcall::missing_parent".into()))));
    }
}
