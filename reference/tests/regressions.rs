//! Every saved counterexample in `reference/regressions/` (a shrunk case
//! on which the engine and the reference once differed) replayed: both
//! must now agree on it, and it must still decide something.

mod support;

use support::Case;

#[test]
fn saved_cases_agree() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("reference/regressions")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    assert!(
        !paths.is_empty(),
        "no regression cases in {}",
        dir.display()
    );
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("a regression case");
        let case: Case = serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let outcome = case.run();
        assert!(
            !outcome.engine.is_empty(),
            "{}: decides nothing, so tests nothing",
            path.display()
        );
        assert_eq!(outcome.engine, outcome.reference, "{}", path.display());
    }
}
