//! Outputs that are all or nothing. A file rollcall writes is written to a
//! temporary file beside its target and renamed over the target only once
//! it is complete, so a reader of the target sees the old file, the whole
//! new one, or none: never the first rows of a run that failed.
//!
//! Only regular files are replaced. A symbolic link is followed, and the
//! file it names is replaced with the link kept. A target that exists and
//! is not a regular file (`/dev/null`, a pipe, a terminal) is written in
//! place: renaming over it would put a regular file where the device was,
//! and for `/dev/null`, run as root, break every program on the machine.
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
/// removed and the target is untouched. A target that is not a regular
/// file is written in place instead (see the module's documentation).
///
/// [`commit`]: AtomicFile::commit
#[derive(Debug)]
pub struct AtomicFile {
    file: File,
    /// How the file reaches its target: `None` when written in place.
    replacing: Option<Replacing>,
}

/// A temporary file and the target it is renamed over on commit.
#[derive(Debug)]
struct Replacing {
    temporary: PathBuf,
    target: PathBuf,
    _pending: Pending,
}

impl AtomicFile {
    /// Starts writing `target` (created or replaced on commit).
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        let in_place = std::fs::metadata(target)
            .is_ok_and(|metadata| !metadata.is_file() && !metadata.is_dir());
        if in_place {
            return Ok(AtomicFile {
                file: File::create(target)?,
                replacing: None,
            });
        }
        let target = followed(target);
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
            replacing: Some(Replacing {
                temporary,
                target,
                _pending: pending,
            }),
        })
    }

    /// Flushes the file to disk and renames it over the target (a target
    /// written in place is only flushed).
    pub fn commit(mut self) -> io::Result<()> {
        self.file.flush()?;
        if let Some(replacing) = &self.replacing {
            self.file.sync_all()?;
            std::fs::rename(&replacing.temporary, &replacing.target)?;
        }
        // Renamed, or written in place: nothing left for Drop to remove.
        self.replacing = None;
        Ok(())
    }
}

/// The file a symbolic link names (the path itself when it is no link, or
/// a link that names nothing yet).
fn followed(target: &Path) -> PathBuf {
    let is_link = std::fs::symlink_metadata(target).is_ok_and(|metadata| metadata.is_symlink());
    match is_link.then(|| std::fs::canonicalize(target)) {
        Some(Ok(resolved)) => resolved,
        _ => target.to_path_buf(),
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
        if let Some(replacing) = &self.replacing {
            let _ = std::fs::remove_file(&replacing.temporary);
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

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_followed_and_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real.csv");
        std::fs::write(&real, "old").expect("write");
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        let mut file = AtomicFile::create(&link).expect("create");
        file.write_all(b"new").expect("write");
        file.commit().expect("commit");
        let metadata = std::fs::symlink_metadata(&link).expect("metadata");
        assert!(metadata.is_symlink());
        assert_eq!(std::fs::read_to_string(&real).expect("read"), "new");
        assert_eq!(listing(dir.path()), ["link.csv", "real.csv"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_is_written_in_place_and_stays_a_pipe() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let pipe = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        let reader = {
            let pipe = pipe.clone();
            std::thread::spawn(move || std::fs::read_to_string(pipe).expect("read"))
        };
        let mut file = AtomicFile::create(&pipe).expect("create");
        file.write_all(b"rows").expect("write");
        file.commit().expect("commit");
        assert_eq!(reader.join().expect("reader"), "rows");
        let file_type = std::fs::symlink_metadata(&pipe)
            .expect("metadata")
            .file_type();
        assert!(file_type.is_fifo());
        assert_eq!(listing(dir.path()), ["pipe"]);
    }

    /// `--output /dev/null` run as root once replaced the machine's
    /// `/dev/null` with a regular file.
    #[cfg(unix)]
    #[test]
    fn dev_null_stays_a_device() {
        use std::os::unix::fs::FileTypeExt;
        let null = Path::new("/dev/null");
        let mut file = AtomicFile::create(null).expect("create");
        file.write_all(b"rows").expect("write");
        file.commit().expect("commit");
        let file_type = std::fs::symlink_metadata(null)
            .expect("metadata")
            .file_type();
        assert!(file_type.is_char_device());
    }
}
