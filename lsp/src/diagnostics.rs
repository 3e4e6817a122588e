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
