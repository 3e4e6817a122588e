//! `rollcall check`: report every error and warning in policy files.

use crate::report::{directory_of, read_policies, render};
use rollcall_compiler::SourceFile;
use rollcall_ir::words::plural;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rollcall check`.
#[derive(clap::Args)]
pub struct Args {
    /// Policy files, or directories searched for `*.policy` files.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Where the policies' parents are (default: the directory of each file
    /// named): compiled with them, but not checked.
    #[arg(long)]
    policies: Option<PathBuf>,
}

/// Checks the policies: exit 0 when clean (warnings allowed), 1 on errors, 2 when unreadable.
pub fn run(args: Args) -> ExitCode {
    let checked = match read_policies(&args.paths) {
        Ok(sources) => sources,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let named: BTreeSet<&str> = checked.iter().map(|source| source.path.as_str()).collect();
    // A file named alone is compiled with the policies beside it (or in
    // `--policies`), so that its parents resolve. Those are read as a
    // library is: one that cannot be read is passed over, not checked.
    let beside: Vec<PathBuf> = match &args.policies {
        Some(directory) => vec![directory.clone()],
        None => args
            .paths
            .iter()
            .filter(|path| path.is_file())
            .map(|path| directory_of(path))
            .collect(),
    };
    let library = rollcall_compiler::find_files(&beside, "policy").unwrap_or_default();
    let mut sources = checked.clone();
    sources.extend(library.iter().filter_map(|path| {
        let shown = path.display().to_string();
        if named.contains(shown.as_str()) {
            return None;
        }
        let text = std::fs::read_to_string(path).ok()?;
        Some(SourceFile { path: shown, text })
    }));
    let compilation = rollcall_compiler::compile(&sources);
    let diagnostics: Vec<_> = compilation
        .diagnostics
        .iter()
        .filter(|diagnostic| named.contains(diagnostic.path.as_str()))
        .collect();
    for diagnostic in &diagnostics {
        eprintln!("{}", render(diagnostic));
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    eprintln!(
        "checked {}: {}, {}",
        plural(checked.len(), "policy", "policies"),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
    );
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
