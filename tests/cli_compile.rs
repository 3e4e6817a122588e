//! `rollcall compile` and `rollcall explain-policy` print, for every shipped
//! policy, exactly the graph, Graphviz drawing and English rendering that
//! the compiler's snapshots pin (`compiler/tests/snapshots/`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `rollcall ARGS...` from the workspace root and returns its standard output.
fn rollcall(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_rollcall"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the rollcall binary runs");
    assert!(
        output.status.success(),
        "rollcall {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The body of one of the compiler's pinned snapshots (after insta's header).
fn pinned(kind: &str, id: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
        "compiler/tests/snapshots/policy_graphs__{kind}__{id}.snap"
    ));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let body = text
        .splitn(3, "---\n")
        .nth(2)
        .unwrap_or_else(|| panic!("{}: no insta header", path.display()));
    body.trim_end().to_string()
}

/// The shipped policy files, as paths relative to the workspace root.
fn shipped() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("policies"))
            .expect("policies/ is readable")
            .map(|entry| entry.expect("a directory entry").path())
            .filter(|path| path.extension().is_some_and(|x| x == "policy"))
            .map(|path| Path::new("policies").join(path.file_name().expect("a file name")))
            .collect();
    files.sort();
    files
}

#[test]
fn the_cli_prints_the_pinned_renderings() {
    let files = shipped();
    assert!(files.len() >= 8, "the library has every shipped policy");
    for file in files {
        let id = file
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a UTF-8 name");
        let file = file.to_str().expect("a UTF-8 path");
        let json = |text: &str| -> serde_json::Value {
            serde_json::from_str(text).unwrap_or_else(|error| panic!("{file}: {error}"))
        };
        assert_eq!(
            json(&rollcall(&["compile", file, "--format", "json"])),
            json(&pinned("graph", id)),
            "{file}: `rollcall compile --format json`"
        );
        assert_eq!(
            rollcall(&["compile", file, "--format", "dot"]).trim_end(),
            pinned("dot", id),
            "{file}: `rollcall compile --format dot`"
        );
        assert_eq!(
            rollcall(&["explain-policy", file]).trim_end(),
            pinned("english", id),
            "{file}: `rollcall explain-policy`"
        );
    }
}
