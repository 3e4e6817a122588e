//! The files compiled for one side of a diff: the compared policy file and
//! the library of policies it may extend or succeed.
//!
//! The library is every `*.policy` file under a directory (the compared
//! file's own by default). The compared file replaces any library file that
//! declares the same policy id, so an edited copy of a shipped policy can be
//! compared with the original.

use rollcall_compiler::{load_sources, SourceError, SourceFile};
use std::fmt;
use std::path::{Path, PathBuf};

/// Why a side's files could not be read.
#[derive(Debug)]
pub enum SourcesError {
    /// A file or directory could not be read.
    Read(SourceError),
    /// The compared path is a directory, not a policy file.
    NotAFile(PathBuf),
}

impl fmt::Display for SourcesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourcesError::Read(error) => write!(f, "{error}"),
            SourcesError::NotAFile(path) => {
                write!(f, "{} is a directory, not a policy file", path.display())
            }
        }
    }
}

impl std::error::Error for SourcesError {}

impl From<SourceError> for SourcesError {
    fn from(error: SourceError) -> Self {
        SourcesError::Read(error)
    }
}

/// The library of `file` (under `library`, or `file`'s directory) with
/// `file` last, without library files of the same path or policy id.
pub fn side_sources(file: &Path, library: Option<&Path>) -> Result<Vec<SourceFile>, SourcesError> {
    if file.is_dir() {
        return Err(SourcesError::NotAFile(file.to_path_buf()));
    }
    let compared = load_sources(&[file.to_path_buf()])?
        .pop()
        .ok_or_else(|| SourcesError::NotAFile(file.to_path_buf()))?;
    let directory = match library {
        Some(directory) => directory.to_path_buf(),
        None => match file.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        },
    };
    let compared_id = policy_id(&compared.text);
    let mut sources: Vec<SourceFile> = load_sources(&[directory])?
        .into_iter()
        .filter(|source| {
            !same_file(&source.path, &compared.path)
                && (compared_id.is_none() || policy_id(&source.text) != compared_id)
        })
        .collect();
    sources.push(compared);
    Ok(sources)
}

/// The policy id a file declares, if it parses (the compiler reports it
/// otherwise).
fn policy_id(text: &str) -> Option<String> {
    rollcall_grammar::parse(text)
        .ok()
        .map(|file| file.header.id.value)
}

/// Whether two paths name the same file.
pub fn same_file(a: &str, b: &str) -> bool {
    match (Path::new(a).canonicalize(), Path::new(b).canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
