//! `rollcall stats` on the example data: its notice counts agree with the
//! decisions `rollcall eval` writes, and its table is deterministic.

use std::process::Command;

fn rollcall(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_rollcall"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn notices_per_authority_agree_with_eval() {
    let decisions = rollcall(&["eval", "--policies", "policies", "--data", "examples/data"]);
    let in_2024_25 = decisions
        .lines()
        .filter(|line| line.contains("\"action\":\"penalty_notice\""))
        .filter(|line| {
            let date = line.split("\"date\":\"").nth(1).unwrap_or("");
            ("2024-09-01".."2025-09-01").contains(&&date[..10])
        })
        .count();
    let table = rollcall(&[
        "stats",
        "--data",
        "examples/data",
        "--policies",
        "policies",
        "--year",
        "2024/25",
    ]);
    let england: Vec<&str> = table
        .lines()
        .find(|line| line.contains(" all ") && line.contains("England"))
        .expect("an overall row")
        .split_whitespace()
        .collect();
    assert_eq!(england[7], in_2024_25.to_string(), "{table}");
    assert!(in_2024_25 > 0);
}

#[test]
fn the_table_is_deterministic() {
    let args = ["stats", "--data", "examples/data"];
    assert_eq!(rollcall(&args), rollcall(&args));
}
