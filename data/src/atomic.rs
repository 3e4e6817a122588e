//! Outputs that are all or nothing. A file rollcall writes is written to a
//! temporary file beside its target and renamed over the target only once
//! it is complete, so a reader of the target sees the old file, the whole
//! new one, or none: never the first rows of a run that failed.
//!
//! Temporary files (and the external sort's spill directories) are removed
//! when they are dropped, and by [`remove_unfinished`] when the process is
//! interrupted, which the command line calls from its Ctrl-C handler.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Paths to remove if the process is interrupted: uncommitted temporary
/// files and spill directories, each registered by a [`Pending`].
static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Tells temporary files of one process apart.
static NEXT: AtomicU64 = AtomicU64::new(0);

/// Removes every temporary file and spill directory not yet committed or
/// dropped. For an interrupt handler: the process exits next.
pub fn remove_unfinished() {
    let paths = std::mem::take(&mut *unfinished());
    for path in paths {
        // Best effort: the path may be gone already, or be a directory.
        let _ = std::fs::remove_file(&path).or_else(|_| std::fs::remove_dir_all(&path));
    }
}

/// Writes `contents` to `target` all or nothing.
pub fn write(target: &Path, contents: impl AsRef<[u8]>) -> io::Result<()> {
    let mut file = AtomicFile::create(target)?;
    file.write_all(contents.as_ref())?;
    file.commit()
}

/// A path that [`remove_unfinished`] removes until this guard is dropped.
#[derive(Debug)]
pub struct Pending(PathBuf);

impl Pending {
    /// Registers `path` for removal on interrupt.
    pub fn register(path: &Path) -> Pending {
        unfinished().push(path.to_path_buf());
        Pending(path.to_path_buf())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        let mut paths = unfinished();
        if let Some(index) = paths.iter().rposition(|path| *path == self.0) {
            paths.swap_remove(index);
        }
    }
}

fn unfinished() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    UNFINISHED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A temporary directory (the external sort's runs), removed when dropped
/// or when the process is interrupted.
#[derive(Debug)]
pub struct SpillDirectory {
    directory: tempfile::TempDir,
    _pending: Pending,
}

impl SpillDirectory {
    /// A new directory `rollcall-sort-*` under `parent` (or the system's
    /// temporary directory).
    pub fn create(parent: Option<&Path>) -> io::Result<SpillDirectory> {
        let mut builder = tempfile::Builder::new();
        builder.prefix("rollcall-sort-");
        let directory = match parent {
            Some(parent) => builder.tempdir_in(parent)?,
            None => builder.tempdir()?,
        };
        let pending = Pending::register(directory.path());
        Ok(SpillDirectory {
            directory,
            _pending: pending,
        })
    }

    /// Where the directory is.
    pub fn path(&self) -> &Path {
        self.directory.path()
    }
}

/// A file being written to a temporary path beside its target; [`commit`]
/// renames it over the target. Dropped uncommitted, the temporary file is
/// removed and the target is untouched.
///
/// [`commit`]: AtomicFile::commit
#[derive(Debug)]
pub struct AtomicFile {
    file: File,
    temporary: PathBuf,
    target: PathBuf,
    _pending: Pending,
}

impl AtomicFile {
    /// Starts writing `target` (created or replaced on commit).
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        let name = target
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
        let temporary = target.with_file_name(format!(
            ".{}.rollcall-{}-{}.tmp",
            name.to_string_lossy(),
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let pending = Pending::register(&temporary);
        let file = File::create(&temporary)?;
        Ok(AtomicFile {
            file,
            temporary,
            target: target.to_path_buf(),
            _pending: pending,
        })
    }

    /// Flushes the file to disk and renames it over the target.
    pub fn commit(mut self) -> io::Result<()> {
        self.file.flush()?;
        self.file.sync_all()?;
        std::fs::rename(&self.temporary, &self.target)?;
        // Renamed: nothing left for Drop to remove.
        self.temporary = PathBuf::new();
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.file.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.temporary.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("read dir")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_committed_file_replaces_its_target_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("out.csv");
        std::fs::write(&target, "old").expect("write");
        let mut file = AtomicFile::create(&target).expect("create");
        file.write_all(b"new").expect("write");
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "old");
        assert_eq!(listing(dir.path()).len(), 2);
        file.commit().expect("commit");
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "new");
        assert_eq!(listing(dir.path()), ["out.csv"]);
    }

    #[test]
    fn a_file_dropped_uncommitted_leaves_the_target_as_it_was() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("out.csv");
        let mut file = AtomicFile::create(&target).expect("create");
        file.write_all(b"half").expect("write");
        drop(file);
        assert!(listing(dir.path()).is_empty());
    }
}
