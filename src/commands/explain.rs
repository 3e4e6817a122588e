//! `rollcall explain`: one pupil's timeline, with each rule's running
//! values on the days that mattered and why each decision was or was not taken.

use super::eval::{load_data, load_policies};
use rollcall_runtime::engine::explain;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rollcall explain`.
#[derive(clap::Args)]
pub struct Args {
    /// Policy files, or directories searched for `*.policy` files.
    #[arg(long = "policies", required = true)]
    policies: Vec<PathBuf>,
    /// The data directory.
    #[arg(long)]
    data: PathBuf,
    /// The pupil to explain.
    #[arg(long)]
    pupil: String,
    /// Skip bad data rows (each is reported, with a total) instead of stopping.
    #[arg(long)]
    skip_bad_rows: bool,
}

/// Prints the timeline; exit 1 on bad policies or data, or an unknown pupil.
pub fn run(args: Args) -> ExitCode {
    let Some(policies) = load_policies(&args.policies) else {
        return ExitCode::FAILURE;
    };
    let Some(data) = load_data(&args.data, args.skip_bad_rows) else {
        return ExitCode::FAILURE;
    };
    match explain(&policies, &data, &args.pupil) {
        Ok(timeline) => {
            print!("{timeline}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("rollcall: {error}");
            ExitCode::FAILURE
        }
    }
}
