//! Every shipped policy compiles with no error and no warning, and its
//! compiled graph (JSON), Graphviz rendering and plain-English rendering are
//! pinned, so any change in meaning shows up in review.

use rollcall_compiler::{compile, load_sources, render, SourceFile};
use std::path::PathBuf;

fn library() -> rollcall_compiler::Compilation {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let sources: Vec<SourceFile> = load_sources(&[root.join("policies")])
        .expect("shipped policies")
        .into_iter()
        .map(|s| SourceFile {
            path: PathBuf::from(&s.path)
                .strip_prefix(&root)
                .map(|p| p.display().to_string())
                .unwrap_or(s.path),
            text: s.text,
        })
        .collect();
    compile(&sources)
}

#[test]
fn the_shipped_library_is_clean() {
    let compilation = library();
    let problems: Vec<String> = compilation
        .diagnostics
        .iter()
        .map(|d| format!("{}: {} {}", d.path, d.code, d.message))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    let files = std::fs::read_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("policies"))
        .expect("policies/ is readable")
        .filter(|entry| {
            entry
                .as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "policy"))
        })
        .count();
    assert!(
        files >= 8,
        "the library has at least the eight seeded policies"
    );
    assert_eq!(
        compilation.graphs.len(),
        files,
        "every shipped policy compiles to a graph"
    );
    for graph in &compilation.graphs {
        assert_eq!(
            PathBuf::from(&graph.policy.file).file_stem(),
            Some(std::ffi::OsStr::new(&graph.policy.id)),
            "a policy file is named after its id"
        );
    }
}

/// Runs `rollcall ARGS...` from the workspace root and returns its standard output.
fn rollcall(args: &[&str]) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_rollcall"))
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

#[test]
fn the_cli_prints_the_pinned_renderings() {
    for graph in library().graphs {
        let file = graph.policy.file.clone();
        let json: rollcall_runtime::graph::RuleGraph =
            serde_json::from_str(&rollcall(&["compile", &file, "--format", "json"]))
                .expect("`rollcall compile` prints a rule graph");
        assert_eq!(json, graph, "{file}: `rollcall compile --format json`");
        assert_eq!(
            rollcall(&["compile", &file, "--format", "dot"]).trim_end(),
            render::dot(&graph).trim_end(),
            "{file}: `rollcall compile --format dot`"
        );
        assert_eq!(
            rollcall(&["explain-policy", &file]).trim_end(),
            render::english(&graph).trim_end(),
            "{file}: `rollcall explain-policy`"
        );
    }
}

#[test]
fn compiled_graphs_are_pinned() {
    for graph in library().graphs {
        let id = graph.policy.id.clone();
        let json = serde_json::to_string_pretty(&graph).expect("serialises");
        insta::assert_snapshot!(format!("graph__{id}"), json);
        insta::assert_snapshot!(format!("dot__{id}"), render::dot(&graph));
        insta::assert_snapshot!(format!("english__{id}"), render::english(&graph));
    }
}

#[test]
fn graphs_round_trip_through_json() {
    for graph in library().graphs {
        let json = serde_json::to_string(&graph).expect("serialises");
        let back: rollcall_runtime::graph::RuleGraph =
            serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, graph);
    }
}
