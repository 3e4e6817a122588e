//! Every shipped policy compiles with no error and no warning, and its
//! compiled graph (JSON), Graphviz rendering and plain-English rendering are
//! pinned, so any change in meaning shows up in review.

use rollcall_compiler::{compile, load_sources, render, SourceFile};
use std::path::PathBuf;

/// The workspace root, which holds the shipped library (`policies/`).
fn workspace() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map_or(manifest.clone(), PathBuf::from)
}

fn library() -> rollcall_compiler::Compilation {
    let root = workspace();
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
        .map(|d| format!("{}: {} {}", d.path, d.code(), d.message))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    let files = std::fs::read_dir(workspace().join("policies"))
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

#[test]
fn compiled_graphs_are_pinned() {
    for graph in library().graphs {
        let id = graph.policy.id.clone();
        let json = serde_json::to_string_pretty(&graph).expect("serialises");
        insta::assert_snapshot!(format!("graph__{id}"), json);
        let view = rollcall_ir::view::view(&graph).expect("a compiled graph is well formed");
        insta::assert_snapshot!(format!("dot__{id}"), render::dot(&view));
        insta::assert_snapshot!(format!("english__{id}"), render::english(&view));
    }
}

#[test]
fn graphs_round_trip_through_json() {
    for graph in library().graphs {
        let json = serde_json::to_string(&graph).expect("serialises");
        let back: rollcall_ir::graph::RuleGraph =
            serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, graph);
    }
}
