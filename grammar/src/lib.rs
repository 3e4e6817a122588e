//! The rollcall policy language: a pest grammar and a parser producing an
//! AST with spans. The grammar knows nothing of units, inheritance or pupils.

#![forbid(unsafe_code)]

pub mod ast;
mod error;
pub mod format;
mod parser;
mod rules;
pub mod suggest;

pub use error::SyntaxError;
pub use format::{format, FormatError};
pub use parser::parse;
