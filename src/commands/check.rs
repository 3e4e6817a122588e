//! `rollcall check`: report every error and warning in policy files.

use crate::report::{print_all, read_policies};
use rollcall_ir::words::plural;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rollcall check`.
#[derive(clap::Args)]
pub struct Args {
    /// Policy files, or directories searched for `*.policy` files.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

/// Checks the policies: exit 0 when clean (warnings allowed), 1 on errors, 2 when unreadable.
pub fn run(args: Args) -> ExitCode {
    let sources = match read_policies(&args.paths) {
        Ok(sources) => sources,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let compilation = rollcall_compiler::compile(&sources);
    print_all(&compilation);
    let errors = compilation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .count();
    let warnings = compilation.diagnostics.len() - errors;
    eprintln!(
        "checked {}: {}, {}",
        plural(sources.len(), "policy", "policies"),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
    );
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
