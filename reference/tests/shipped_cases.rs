//! Every shipped case file (`policies/cases/**.case`) through the
//! reference as well as the engine: for each case whose policy the
//! reference evaluates, the two decide exactly alike (all but the wording
//! of reasons), so the reference also meets the case's expectations. Cases
//! whose policy uses a construct the reference does not evaluate are
//! listed as skipped; the number that ran must not fall.

use rollcall_cases::{case_data, discover, run_case_text, Library, Verdict};
use rollcall_compiler::{compile, SourceFile};
use rollcall_runtime::decision::Decision;
use std::path::{Path, PathBuf};

/// The cases that ran through the reference when this floor was set; fewer
/// means the reference lost a construct (or cases were lost).
const AT_LEAST: usize = 174;

/// Every shipped policy, compiled.
fn library(root: &Path) -> Library {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("policies"))
        .expect("policies/")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "policy"))
        .collect();
    paths.sort();
    let sources: Vec<SourceFile> = paths
        .iter()
        .map(|path| SourceFile {
            path: path.display().to_string(),
            text: std::fs::read_to_string(path).expect("a policy file"),
        })
        .collect();
    let compilation = compile(&sources);
    assert!(!compilation.has_errors(), "{:#?}", compilation.diagnostics);
    Library::new(compilation.graphs).expect("a valid policy set")
}

/// Decisions in a canonical order, reasons blanked.
fn canonical(mut decisions: Vec<Decision>) -> Vec<Decision> {
    for decision in &mut decisions {
        decision.reason.clear();
    }
    decisions.sort_by(|a, b| {
        (&a.pupil, a.date, &a.rule, &a.parent, &a.action)
            .cmp(&(&b.pupil, b.date, &b.rule, &b.parent, &b.action))
    });
    decisions
}

#[test]
fn the_reference_decides_every_shipped_case_it_supports_as_the_engine_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let library = library(&root);
    let files = discover(&[root.join("policies/cases")]).expect("policies/cases");
    assert!(!files.is_empty(), "no shipped cases");
    let (mut ran, mut skipped, mut differ) = (Vec::new(), Vec::new(), Vec::new());
    for file in &files {
        let shown = file.display().to_string();
        let text = std::fs::read_to_string(file).expect("a case file");
        let result = run_case_text(&shown, &text, &library);
        assert_eq!(
            result.verdict,
            Verdict::Passed,
            "{shown}: the engine fails it"
        );
        let read = case_data(&shown, &text, &library)
            .unwrap_or_else(|(_, errors)| panic!("{shown}: {errors:?}"));
        let graph = library
            .graphs()
            .iter()
            .find(|graph| graph.policy.id == read.policy)
            .expect("the case's policy is in the library");
        match rollcall_reference::evaluate(graph, &read.data) {
            Err(unsupported) => skipped.push(format!("{shown}: {unsupported}")),
            // The reference evaluates the case's policy alone: a case in
            // which the engine has another policy decide (a framework that
            // took over) is not one it can be compared on.
            Ok(_)
                if result.decisions.iter().any(|decision| {
                    !decision
                        .policy
                        .starts_with(&format!("{}@", graph.policy.id))
                }) =>
            {
                skipped.push(format!("{shown}: another policy decides on some days"))
            }
            Ok(reference) => {
                let (engine, reference) = (canonical(result.decisions), canonical(reference));
                if engine == reference {
                    ran.push(shown);
                } else {
                    differ.push(format!(
                        "{shown}\nengine:\n{engine:#?}\nreference:\n{reference:#?}"
                    ));
                }
            }
        }
    }
    eprintln!(
        "shipped cases: {} of {} ran through the reference and agree, {} skipped as unsupported:",
        ran.len(),
        files.len(),
        skipped.len()
    );
    for line in &ran {
        eprintln!("  ran {line}");
    }
    for line in &skipped {
        eprintln!("  skipped {line}");
    }
    assert!(differ.is_empty(), "{}", differ.join("\n\n"));
    assert!(
        ran.len() >= AT_LEAST,
        "only {} shipped cases ran through the reference (at least {AT_LEAST} did)",
        ran.len()
    );
}
