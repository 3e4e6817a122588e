//! `rollcall explain-policy`: a compiled policy in plain English.

use crate::commands::compile::{checked, compiled_graph, write_output};
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
    let Some(graph) = compiled_graph(&args.policy, args.policies.as_deref()) else {
        return ExitCode::FAILURE;
    };
    match checked(&graph) {
        Some(view) => write_output(None, &rollcall_compiler::render::english(&view)),
        None => ExitCode::FAILURE,
    }
}
