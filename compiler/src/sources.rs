//! Reading policy files from paths (files, or directories searched for `*.policy`).

use std::path::{Path, PathBuf};

/// A policy file's path (as given) and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as given to the compiler; diagnostics and graphs name it.
    pub path: String,
    /// The file's text.
    pub text: String,
}

/// A policy path that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {path}: {source}")]
pub struct SourceError {
    /// The path.
    pub path: String,
    /// Why.
    #[source]
    pub source: std::io::Error,
}

/// Reads the given files, and every `*.policy` file under the given
/// directories (recursively), in sorted path order, without duplicates.
pub fn load_sources(paths: &[PathBuf]) -> Result<Vec<SourceFile>, SourceError> {
    let mut files = Vec::new();
    for path in paths {
        collect(path, &mut files)?;
    }
    files.sort();
    files.dedup();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).map_err(|source| SourceError {
                path: path.display().to_string(),
                source,
            })?;
            Ok(SourceFile {
                path: path.display().to_string(),
                text,
            })
        })
        .collect()
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) -> Result<(), SourceError> {
    let error = |source| SourceError {
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
            collect(&child, files)?;
        } else if child.extension().is_some_and(|ext| ext == "policy") {
            files.push(child);
        }
    }
    Ok(())
}
