//! The `--charts FILE` of `stats` and `diff`: a self-contained HTML page of
//! charts (see `rollcall-report`), written all or nothing
//! ([`rollcall_data::atomic`]) to a temporary file created before the data
//! is read, so that a path that cannot be written fails at once and a run
//! that fails later leaves nothing at the path.

use rollcall_data::atomic::AtomicFile;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A charts page's file, created and waiting for the page.
#[derive(Debug)]
pub struct ChartsFile {
    path: PathBuf,
    file: AtomicFile,
}

impl ChartsFile {
    /// Starts writing `path`; the message names it if it cannot.
    pub fn create(path: &Path) -> Result<ChartsFile, String> {
        match AtomicFile::create(path) {
            Ok(file) => Ok(ChartsFile {
                path: path.to_path_buf(),
                file,
            }),
            Err(error) => Err(cannot_write(path, &error)),
        }
    }

    /// Writes `page` and puts the file at its path; the message names it
    /// if it cannot.
    pub fn write(mut self, page: &str) -> Result<(), String> {
        let path = self.path;
        self.file
            .write_all(page.as_bytes())
            .and_then(|()| self.file.commit())
            .map_err(|error| cannot_write(&path, &error))
    }
}

/// The message for a charts file that cannot be written.
fn cannot_write(path: &Path, error: &std::io::Error) -> String {
    format!("cannot write the charts to {}: {error}", path.display())
}
