//! No policy text can overflow the stack: conditions nested or joined past
//! the limits are refused with a located error naming the limit, and the
//! largest conditions within the limits compile, on a thread with a small
//! stack (as a language server's or a test harness's worker would have).

use rollcall_compiler::{compile, Compilation, SourceFile};

const COUNT: &str = "count unauthorised within 10 school weeks >= 10 sessions";

fn policy(condition: &str) -> String {
    format!(
        "authority deep \"Deep\"\n  doc \"d\" source \"s\"\nversion from 2024-08-19 {{\n  rule r {{\n    doc \"d\" source \"s\"\n    when {condition}\n    then penalty_notice\n  }}\n}}\n"
    )
}

/// Compiles on a thread with a 1 MiB stack.
fn compile_small_stack(text: String) -> Compilation {
    std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(move || {
            compile(&[SourceFile {
                path: "deep.policy".to_string(),
                text,
            }])
        })
        .expect("spawn")
        .join()
        .expect("the compiler overflowed or panicked")
}

/// The one error, its message and its 1-based line and column.
fn refusal(condition: &str) -> (String, usize, usize) {
    let text = policy(condition);
    let compilation = compile_small_stack(text.clone());
    let errors: Vec<_> = compilation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(errors.len(), 1, "{:#?}", compilation.diagnostics);
    let offset = errors[0].labels[0].span.start as usize;
    let line = text[..offset].matches('\n').count() + 1;
    let column = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
    (errors[0].message.clone(), line, column)
}

fn nested(open: &str, close: &str, depth: usize) -> String {
    format!("{}{COUNT}{}", open.repeat(depth), close.repeat(depth))
}

fn joined(separator: &str, terms: usize) -> String {
    vec![COUNT; terms].join(separator)
}

fn set_terms(terms: usize) -> String {
    format!(
        "count {} within 10 school weeks >= 10 sessions",
        vec!["{G}"; terms].join(" + ")
    )
}

#[test]
fn deep_nesting_is_refused_at_the_first_level_past_the_limit() {
    for (open, close) in [("(", ")"), ("not ", "")] {
        for depth in [17, 1_000, 10_000] {
            let (message, line, column) = refusal(&nested(open, close, depth));
            assert_eq!(
                message, "this condition nests parentheses and `not` more than 16 levels deep",
                "{open} × {depth}"
            );
            assert_eq!(line, 6, "{open} × {depth}");
            // `    when ` is 9 columns; deep parentheses are refused where the
            // parser ran short, never before the 17th level.
            assert!(
                column >= 10 + 16 * open.len(),
                "{open} × {depth}: column {column}"
            );
        }
    }
}

#[test]
fn long_conditions_and_code_sets_are_refused_at_the_term_past_the_limit() {
    for condition in [
        joined(" and ", 101),
        joined(" or ", 100_000),
        format!("({}) and ({})", joined(" or ", 60), joined(" or ", 60)),
        set_terms(101),
        set_terms(100_000),
    ] {
        let (message, line, _) = refusal(&condition);
        assert_eq!(message, "this expression joins more than 100 terms");
        assert_eq!(line, 6);
    }
}

#[test]
fn the_largest_conditions_within_the_limits_compile() {
    for condition in [
        nested("(", ")", 16),
        nested("not not ", "", 8),
        joined(" and ", 100),
        joined(" or ", 100),
        set_terms(100),
    ] {
        let compilation = compile_small_stack(policy(&condition));
        assert!(!compilation.has_errors(), "{:#?}", compilation.diagnostics);
        assert_eq!(compilation.graphs.len(), 1);
    }
}
