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
    assert_eq!(
        compilation.graphs.len(),
        8,
        "every shipped policy compiles to a graph"
    );
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
