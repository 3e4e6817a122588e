//! `rollcall explain-policy`: a compiled policy in plain English.

use crate::commands::compile::{compiled_graph, write_output};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rollcall explain-policy`.
#[derive(clap::Args)]
pub struct Args {
    /// The policy file to explain.
    policy: PathBuf,
    /// Where its parents are (default: the policy's own directory).
    #[arg(long)]
    policies: Option<PathBuf>,
}

/// Prints the policy's rules and settings as sentences.
pub fn run(args: Args) -> ExitCode {
    match compiled_graph(&args.policy, args.policies.as_deref()) {
        Some(graph) => write_output(None, &rollcall_compiler::render::english(&graph)),
        None => ExitCode::FAILURE,
    }
}
