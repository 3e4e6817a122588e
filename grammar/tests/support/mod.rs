//! What the grammar's tests share.

use std::path::Path;

/// Every shipped policy (`policies/*.policy`): its path and text, in path
/// order.
pub fn policy_texts() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies");
    let mut texts: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("policies directory")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "policy"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable policy");
            (path.display().to_string(), text)
        })
        .collect();
    texts.sort();
    assert!(texts.len() >= 10, "expected the shipped policies");
    texts
}
