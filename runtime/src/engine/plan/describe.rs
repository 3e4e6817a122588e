//! Words for plan parts: how explanations and reasons name code sets and
//! count notices. Money, counts, periods and constants are in
//! [`rollcall_ir::words`].

use rollcall_ir::codes::CodeSet;

/// A code set as a policy names it: its name, or its codes (`{G, U}`).
pub(super) fn set_text(name: Option<&str>, codes: CodeSet) -> String {
    match name {
        Some(name) => name.to_string(),
        None => {
            let codes: Vec<&str> = codes.iter().map(|code| code.as_str()).collect();
            format!("{{{}}}", codes.join(", "))
        }
    }
}

/// `first`, `second`, … `tenth`, then `11th`, `21st`…
pub(crate) fn ordinal(n: u32) -> String {
    const WORDS: [&str; 10] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    match n {
        1..=10 => WORDS[n as usize - 1].to_string(),
        _ => format!("{n}{suffix}"),
    }
}
