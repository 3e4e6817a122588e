//! Reading policy files from paths (files, or directories searched for `*.policy`).

use crate::diagnostic::{Diagnostic, FileText};
use crate::diagnostic_kind::DiagnosticKind;
use rollcall_grammar::ast::Span;
use std::path::{Path, PathBuf};

/// A policy file's path (as given) and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as given to the compiler; diagnostics and graphs name it.
    pub path: String,
    /// The file's text.
    pub text: String,
}

/// A policy path that could not be read, or a file that is not UTF-8.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// A file or directory the system could not read.
    #[error("cannot read {path}: {source}")]
    Unreadable {
        /// The path.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A file holding bytes that are not UTF-8: a diagnostic at the first one.
    #[error("{}:{}:{}: {}", .0.path, .0.line_column().0, .0.line_column().1, .0.message)]
    NotUtf8(Box<Diagnostic>),
}

/// Reads the given files, and every `*.policy` file under the given
/// directories (recursively), in sorted path order, without duplicates
/// (see [`find_files`]).
pub fn load_sources(paths: &[PathBuf]) -> Result<Vec<SourceFile>, SourceError> {
    find_files(paths, "policy")?
        .into_iter()
        .map(|path| {
            let name = path.display().to_string();
            let bytes = std::fs::read(&path).map_err(|source| SourceError::Unreadable {
                path: name.clone(),
                source,
            })?;
            let text = decode(&name, bytes)?;
            Ok(SourceFile { path: name, text })
        })
        .collect()
}

/// The given files, and every file ending `.EXTENSION` under the given
/// directories (recursively), in sorted path order, without duplicates:
/// `./x.policy` is `x.policy`, and a file reached by two paths (a file and
/// its directory, a link) is listed once, under the first path in order.
pub fn find_files(paths: &[PathBuf], extension: &str) -> Result<Vec<PathBuf>, SourceError> {
    let mut files = Vec::new();
    for path in paths {
        collect(path, extension, &mut files)?;
    }
    let mut files: Vec<PathBuf> = files.iter().map(|path| without_dots(path)).collect();
    files.sort();
    files.dedup();
    let mut seen = std::collections::BTreeSet::new();
    files.retain(|path| seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone())));
    Ok(files)
}

/// The path without its `.` components (`./x.policy` is `x.policy`).
fn without_dots(path: &Path) -> PathBuf {
    path.components()
        .filter(|part| !matches!(part, std::path::Component::CurDir))
        .collect()
}

fn collect(path: &Path, extension: &str, files: &mut Vec<PathBuf>) -> Result<(), SourceError> {
    let error = |source| SourceError::Unreadable {
        path: path.display().to_string(),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(error)?;
    if !metadata.is_dir() {
        files.push(path.to_path_buf());
        return Ok(());
    }
    for entry in std::fs::read_dir(path).map_err(error)? {
        let child = entry.map_err(error)?.path();
        if child.is_dir() {
            collect(&child, extension, files)?;
        } else if child.extension().is_some_and(|ext| ext == extension) {
            files.push(child);
        }
    }
    Ok(())
}

/// A file's bytes as text, or a diagnostic at the first byte that is not
/// UTF-8 (shown against the text decoded with replacement characters, so
/// its line and column are the ones an editor shows).
fn decode(path: &str, bytes: Vec<u8>) -> Result<String, SourceError> {
    let error = match String::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(error) => error,
    };
    let start = error.utf8_error().valid_up_to();
    let bytes = error.as_bytes();
    let shown: Vec<String> = bytes[start..start + undecodable_run(&bytes[start..])]
        .iter()
        .take(8)
        .map(|byte| format!("0x{byte:02X}"))
        .collect();
    let text = String::from_utf8_lossy(bytes);
    let file = FileText::new(path, &text);
    let replacement = char::REPLACEMENT_CHARACTER.len_utf8() as u32;
    let start = start as u32;
    let diagnostic = Diagnostic::new(
        DiagnosticKind::NotUtf8,
        &file,
        Span {
            start,
            end: start + replacement,
        },
        format!(
            "this file is not UTF-8 text: {} cannot be read as UTF-8",
            plural_bytes(&shown)
        ),
    )
    .label("not UTF-8 from here")
    .help(
        "re-save the file with the encoding UTF-8 (in most editors: Save As, then choose \
         UTF-8), and check the characters at this position",
    );
    Err(SourceError::NotUtf8(Box::new(diagnostic)))
}

/// `byte 0xFF` or `bytes 0xFF 0xFE`.
fn plural_bytes(shown: &[String]) -> String {
    match shown {
        [one] => format!("byte {one}"),
        _ => format!("bytes {}", shown.join(" ")),
    }
}

/// How many leading bytes of `bytes` (which starts with an undecodable
/// sequence) are undecodable before the text decodes again.
fn undecodable_run(bytes: &[u8]) -> usize {
    let mut run = 0;
    while let Err(error) = std::str::from_utf8(&bytes[run..]) {
        if error.valid_up_to() > 0 {
            break;
        }
        run += error.error_len().unwrap_or(bytes.len() - run);
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    fn not_utf8(bytes: &[u8]) -> Diagnostic {
        match decode("p.policy", bytes.to_vec()) {
            Err(SourceError::NotUtf8(diagnostic)) => *diagnostic,
            other => panic!("expected a UTF-8 diagnostic, got {other:?}"),
        }
    }

    #[test]
    fn utf8_text_is_decoded() {
        assert_eq!(
            decode("p.policy", "é £".as_bytes().to_vec()).ok(),
            Some("é £".to_string())
        );
    }

    #[test]
    fn the_first_bad_byte_is_located_by_line_and_column() {
        let diagnostic = not_utf8(b"a\n\xc2\xa3b \xff\xfe c\n\xff");
        assert_eq!(diagnostic.code(), "rollcall::not_utf8");
        // `£` is one column: columns count characters, as an editor does.
        assert_eq!(diagnostic.line_column(), (2, 4));
        assert!(
            diagnostic.message.contains("bytes 0xFF 0xFE cannot"),
            "{}",
            diagnostic.message
        );
        assert!(diagnostic
            .help
            .as_deref()
            .is_some_and(|h| h.contains("UTF-8")));
    }

    #[test]
    fn one_bad_byte_is_named_alone() {
        let diagnostic = not_utf8(b"ab\xe9 c");
        assert_eq!(diagnostic.line_column(), (1, 3));
        assert!(
            diagnostic.message.contains("byte 0xE9 cannot"),
            "{}",
            diagnostic.message
        );
    }

    #[test]
    fn a_truncated_sequence_at_the_end_is_located() {
        let diagnostic = not_utf8(b"ab\xe2\x82");
        assert_eq!(diagnostic.line_column(), (1, 3));
        assert!(
            diagnostic.message.contains("0xE2 0x82"),
            "{}",
            diagnostic.message
        );
    }
}
