//! The VS Code extension's TextMate grammar (`editors/vscode/`), run by the
//! library VS Code itself uses (`vscode-textmate` with `vscode-oniguruma`)
//! over every shipped policy: each line's tokens and their scopes are
//! pinned by a snapshot per policy, so a change to the grammar shows as a
//! reviewed change of colouring. The npm packages are installed into
//! `editors/vscode/test/node_modules` on the first run (`npm ci`, from the
//! committed lock file); node and npm come with the machine.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The tokenizer's directory, its npm packages installed.
fn tokenizer() -> PathBuf {
    let dir = root().join("editors/vscode/test");
    if !dir.join("node_modules/vscode-textmate").exists() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--silent"])
            .current_dir(&dir)
            .status()
            .expect("npm runs (node and npm are needed by this test)");
        assert!(status.success(), "npm ci failed in {}", dir.display());
    }
    dir
}

/// Each token of `policy` with its scope, as the tokenizer prints them.
fn scopes(tokenizer: &Path, policy: &Path) -> String {
    let output = Command::new("node")
        .arg(tokenizer.join("tokenize.mjs"))
        .arg(policy)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "tokenizing {} failed: {}",
        policy.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

#[test]
fn every_shipped_policy_is_coloured_as_pinned() {
    let tokenizer = tokenizer();
    insta::glob!("../policies", "*.policy", |path| {
        let text = scopes(&tokenizer, path);
        // Every line led by a keyword has that keyword coloured first.
        let source = std::fs::read_to_string(path).expect("the policy");
        for (index, line) in source.lines().enumerate() {
            let Some(word) = line.split_whitespace().next() else {
                continue;
            };
            if ["rule", "when", "then", "version", "doc", "source", "codes"].contains(&word) {
                let coloured = format!("{}: \"{word}\" ", index + 1);
                assert!(
                    text.lines().any(|shown| shown.starts_with(&coloured)),
                    "{}:{}: `{word}` is not coloured",
                    path.display(),
                    index + 1
                );
            }
        }
        insta::assert_snapshot!(text);
    });
}
