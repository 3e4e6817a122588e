//! What the command-line tests share: the binary, scratch directories, the
//! example data and directory listings. Each test file uses part of it.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `rollcall ARGS...`, run from the workspace root without colour.
pub fn rollcall(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rollcall"));
    command
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env("NO_COLOR", "1");
    command
}

/// An empty scratch directory at `path` under the tests' temporary
/// directory (cleared if a run before left it); one per process, so that
/// two runs of the tests at once never clear each other's.
pub fn scratch(path: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("run-{}", std::process::id()))
        .join(path);
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("clear the scratch directory");
    }
    fs::create_dir_all(&dir).expect("create the scratch directory");
    dir
}

/// Copies the example data directory's files into `dir`.
pub fn copy_examples(dir: &Path) {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    for entry in fs::read_dir(examples).expect("the example data") {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().expect("a file name");
        fs::copy(&path, dir.join(name)).expect("copy a data file");
    }
}

/// The names in `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
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

/// `path` as text for a command line.
pub fn text(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// What a command printed on standard output.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// What a command printed on standard error.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Everything a command printed, standard output then standard error.
pub fn printed(output: &Output) -> String {
    format!("{}{}", stdout(output), stderr(output))
}

/// Runs `report` on the example data into `out` with `extra` arguments.
pub fn report(out: &Path, extra: &[&str]) -> Output {
    report_on(Path::new("examples/data"), out, extra)
}

/// Runs `report` on the shipped policies and the data of `data` into `out`
/// with `extra` arguments.
pub fn report_on(data: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "report",
        "--policies",
        "policies",
        "--data",
        text(data),
        "--out",
        text(out),
    ];
    args.extend_from_slice(extra);
    rollcall(&args).output().expect("runs")
}
