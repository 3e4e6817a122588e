//! Finding case files: the files named, and every `*.case` file under the
//! directories named, in sorted order without repeats.

use std::path::{Path, PathBuf};

/// The case files under `paths`, or why a path cannot be searched.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    for path in paths {
        collect(path, &mut found)?;
    }
    found.sort();
    found.dedup();
    Ok(found)
}

fn collect(path: &Path, found: &mut Vec<PathBuf>) -> Result<(), String> {
    let cannot = |error: std::io::Error| format!("cannot read {}: {error}", path.display());
    let metadata = std::fs::metadata(path).map_err(cannot)?;
    if !metadata.is_dir() {
        found.push(path.to_path_buf());
        return Ok(());
    }
    for entry in std::fs::read_dir(path).map_err(cannot)? {
        let child = entry.map_err(cannot)?.path();
        if child.is_dir() {
            collect(&child, found)?;
        } else if child
            .extension()
            .is_some_and(|extension| extension == "case")
        {
            found.push(child);
        }
    }
    Ok(())
}
