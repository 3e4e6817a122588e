//! The `--charts FILE` of `stats` and `diff`: a self-contained HTML page of
//! charts (see `rollcall-report`), its file created before the data is
//! read so that a path that cannot be written fails at once.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A charts page's file, created and waiting for the page.
#[derive(Debug)]
pub struct ChartsFile {
    path: PathBuf,
    file: File,
}

impl ChartsFile {
    /// Creates (or truncates) `path`; the message names it if it cannot.
    pub fn create(path: &Path) -> Result<ChartsFile, String> {
        match File::create(path) {
            Ok(file) => Ok(ChartsFile {
                path: path.to_path_buf(),
                file,
            }),
            Err(error) => Err(cannot_write(path, &error)),
        }
    }

    /// Writes `page` and closes the file; the message names it if it cannot.
    pub fn write(mut self, page: &str) -> Result<(), String> {
        self.file
            .write_all(page.as_bytes())
            .map_err(|error| cannot_write(&self.path, &error))
    }
}

/// The message for a charts file that cannot be written.
fn cannot_write(path: &Path, error: &std::io::Error) -> String {
    format!("cannot write the charts to {}: {error}", path.display())
}
