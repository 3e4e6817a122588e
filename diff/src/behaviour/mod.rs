//! The behavioural diff: both policies evaluated on the same histories,
//! and the pupils whose decisions differ.

mod differences;
mod evaluate;
mod lead;
mod render;
mod tally;

pub use differences::DifferencesFile;
pub use evaluate::{compare_behaviour, PupilObserver};
pub use lead::only_version;
pub use render::{behaviour_markdown, behaviour_text};
pub use tally::BehaviourDiff;

#[cfg(test)]
mod tests;
