//! `rollcall diff`: what changed between two compiled policies, and which
//! pupils' decisions it changes.
//!
//! The semantic diff ([`compare_policies`], [`compare_at`]) reads both rule
//! graphs by meaning (node ids followed, code-set and measure names ignored,
//! rules matched by name, `and`/`or` operands in any order), pairs their
//! effective versions by date, and lists each change in the words of the
//! policy language with the source lines of both sides. The behavioural
//! diff ([`compare_behaviour`]) evaluates both on one data set, each as the
//! policy of every school at every date, and lists the pupils whose
//! decisions differ. [`text`], [`json`] and [`markdown`] write the [`Report`].

#![forbid(unsafe_code)]

mod behaviour;
mod compare;
mod render;
mod report;
mod sources;
mod words;

pub use behaviour::{compare_behaviour, only_version, DifferencesFile, PupilObserver};
pub use compare::{compare_at, compare_policies, in_force};
pub use render::{json, markdown, text};
pub use report::Report;
pub use sources::{same_file, side_sources, SourcesError};

#[cfg(test)]
mod tests;
