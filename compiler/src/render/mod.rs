//! Renderings of a compiled rule graph: Graphviz DOT and plain English.

mod dot;
mod english;
mod words;

pub use dot::dot;
pub use english::english;
