//! Finding case files: the files named, and every `*.case` file under the
//! directories named, in sorted order without repeats.

use std::path::PathBuf;

/// The case files under `paths`, or why a path cannot be searched.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    rollcall_compiler::find_files(paths, "case").map_err(|error| error.to_string())
}
