//! The grammar (`policy.pest`) as pest derives it: the parser and its
//! `Rule`s, which the AST builder, the syntax errors and the formatter all
//! read; and the limits the builder puts on what the grammar accepts.

/// The pest parser of `policy.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "policy.pest"]
pub(crate) struct PolicyParser;

/// How deeply parentheses and `not` may nest in one condition. The builder
/// and the compiler walk conditions recursively; the limit keeps any input
/// far from the end of the stack, and no code of conduct comes near it.
pub const MAX_NESTING: usize = 16;

/// How many terms one condition may join with `and` and `or`, and one
/// code-set expression with `+` and `-`.
pub const MAX_TERMS: usize = 100;
