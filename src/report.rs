//! Renders compiler diagnostics for the terminal: deterministic, no colour,
//! so the same mistake always prints the same text.

use miette::{GraphicalReportHandler, GraphicalTheme};
use rollcall_compiler::{load_sources, Compilation, Diagnostic, SourceError, SourceFile};
use std::path::{Path, PathBuf};

/// One diagnostic as miette draws it (file:line:col, labelled spans, help).
pub fn render(diagnostic: &Diagnostic) -> String {
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    let mut out = String::new();
    if handler.render_report(&mut out, diagnostic).is_err() {
        out = format!("{}: {}\n", diagnostic.path, diagnostic.message);
    }
    out
}

/// Prints every diagnostic to stderr.
pub fn print_all(compilation: &Compilation) {
    for diagnostic in &compilation.diagnostics {
        eprintln!("{}", render(diagnostic));
    }
}

/// Reads policy files and directories, or explains why not (a file that is
/// not UTF-8 as a diagnostic at its first bad byte).
pub fn read_policies(paths: &[PathBuf]) -> Result<Vec<SourceFile>, String> {
    load_sources(paths).map_err(|error| explain(&error))
}

/// Why policies could not be read, as printed on stderr.
pub fn explain(error: &SourceError) -> String {
    match error {
        SourceError::NotUtf8(diagnostic) => render(diagnostic),
        SourceError::Unreadable { .. } => format!("rollcall: {error}"),
    }
}

/// The directory holding `file` (`.` for a bare file name): where its
/// parents are looked for.
pub fn directory_of(file: &Path) -> PathBuf {
    file.parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Compiles the policies under `paths`; on errors prints them and returns `None`.
pub fn compile_library(paths: &[PathBuf]) -> Option<Compilation> {
    let sources = match read_policies(paths) {
        Ok(sources) => sources,
        Err(message) => {
            eprintln!("{message}");
            return None;
        }
    };
    let compilation = rollcall_compiler::compile(&sources);
    if compilation.has_errors() {
        print_all(&compilation);
        return None;
    }
    Some(compilation)
}
