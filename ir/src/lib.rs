//! rollcall's intermediate representation: the rule graph a policy compiles
//! to, and the national vocabulary it is written in (register codes and
//! event kinds). The compiler writes it, the engine, `diff` and the
//! renderers read it; it depends on neither side.

#![forbid(unsafe_code)]

pub mod codes;
pub mod events;
pub mod graph;
pub mod view;
pub mod words;

pub use events::EventKind;
