//! `rollcall fmt`'s canonical layout of a policy file, and the check that
//! makes it safe: the formatted text must parse to the same AST as the
//! input (spans aside) and keep every comment, or nothing is returned.
//!
//! The layout is driven by the parse tree: tokens are the tree's leaves, and
//! a short table ([`layout`]) says which rules start a line. A construct the
//! grammar gains later is formatted without a change here.

mod layout;
mod print;
mod shape;
mod tokens;

pub use shape::shape;

use crate::ast::PolicyFile;
use crate::error::SyntaxError;
use crate::parser::parse_tree;

/// Why a file was not formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// The file does not parse: the same errors as [`crate::parse`] gives.
    Syntax(Vec<SyntaxError>),
    /// The formatted text would not mean the same as the input: a bug in
    /// the formatter, caught before anything is written.
    Unsound(String),
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            FormatError::Syntax(errors) => {
                let first = errors.first().map_or("", |error| error.message.as_str());
                write!(f, "the file does not parse: {first}")
            }
            FormatError::Unsound(why) => write!(
                f,
                "internal error: formatting would change the policy ({why}); the file is left as it is"
            ),
        }
    }
}

impl std::error::Error for FormatError {}

/// The canonical layout of a policy file. Checked: the result parses to the
/// same AST as `source` (spans aside) and has the same comments in the same
/// order; otherwise [`FormatError::Unsound`].
pub fn format(source: &str) -> Result<String, FormatError> {
    let before = crate::parse(source).map_err(FormatError::Syntax)?;
    let tree = parse_tree(source).map_err(FormatError::Syntax)?;
    let pieces = tokens::pieces(source, tree);
    let formatted = print::print(&pieces);
    verify(&before, &tokens::comments(&pieces), &formatted)?;
    Ok(formatted)
}

/// Whether `formatted` parses to the same AST as `before` (spans aside)
/// and has the comments `comments`, in order.
fn verify(before: &PolicyFile, comments: &[&str], formatted: &str) -> Result<(), FormatError> {
    let after = crate::parse(formatted).map_err(|errors| {
        let first = errors.first().map_or("", |error| error.message.as_str());
        FormatError::Unsound(format!("the formatted text does not parse: {first}"))
    })?;
    let (shape_before, shape_after) = (shape(before), shape(&after));
    if shape_before != shape_after {
        return Err(FormatError::Unsound(format!(
            "the formatted text parses differently, at `{}`",
            first_difference(&shape_before, &shape_after)
        )));
    }
    let tree = parse_tree(formatted).map_err(FormatError::Syntax)?;
    if tokens::comments(&tokens::pieces(formatted, tree)) != comments {
        return Err(FormatError::Unsound(
            "the formatted text would lose or reorder comments".to_string(),
        ));
    }
    Ok(())
}

/// A little of `after` where it first differs from `before`.
fn first_difference(before: &str, after: &str) -> String {
    let at = before
        .char_indices()
        .zip(after.chars())
        .find(|((_, a), b)| a != b)
        .map_or(before.len().min(after.len()), |((index, _), _)| index);
    let start = after[..at.min(after.len())]
        .char_indices()
        .rev()
        .nth(40)
        .map_or(0, |(index, _)| index);
    after[start..].chars().take(80).collect()
}

#[cfg(test)]
mod tests;
