//! Unit tests of the semantic diff over hand-built rule graphs.

mod actions_limits;
mod builder;
mod episodes;
mod preconditions;
mod semantic;
mod settings;
mod versions;
mod words;
