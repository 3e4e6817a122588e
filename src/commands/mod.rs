//! One module per subcommand; each has an `Args` (clap) and a `run`.

pub mod by_year;
pub mod charts;
pub mod check;
pub mod compile;
pub mod convert;
pub mod data;
pub mod diff;
pub mod eval;
pub mod explain;
pub mod explain_policy;
pub mod fmt;
pub mod import;
pub mod lsp;
pub mod prma;
pub mod progress;
pub mod report;
pub mod stats;
pub mod synth;
pub mod test;
