//! The `rollcall` command line. Each subcommand is a thin layer over the
//! workspace's libraries:
//!
//! - `fmt`: the grammar's formatter (`rollcall-grammar`);
//! - `check`, `compile`, `explain-policy`: the compiler (`rollcall-compiler`)
//!   and its renderers;
//! - `eval`, `explain`, `stats`, `convert`, `import`: the data readers
//!   (`rollcall-data`) and the engine (`rollcall-runtime`); `report`: the
//!   same, drawn as HTML by `rollcall-report`;
//! - `diff`: `rollcall-diff`; `synth`: `rollcall-synth`; `test`: the case
//!   files of `rollcall-cases`;
//! - `lsp`: the language server (`rollcall-lsp`).

#![forbid(unsafe_code)]

mod commands;
mod report;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// mimalloc rather than the system allocator: evaluation allocates and
/// frees a batch's buffers and decisions over and over, which the system
/// allocator answers with fresh pages (zeroed by the kernel) each time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Compile English school-attendance codes of conduct and evaluate them
/// against pupil histories.
#[derive(Parser)]
#[command(name = "rollcall", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check policy files for errors and warnings.
    Check(commands::check::Args),
    /// Rewrite policy files in the canonical layout (or check that they are).
    Fmt(commands::fmt::Args),
    /// Compile a policy to its rule graph (JSON or Graphviz DOT).
    Compile(commands::compile::Args),
    /// Render a compiled policy in plain English.
    ExplainPolicy(commands::explain_policy::Args),
    /// Evaluate policies against a data directory and write decisions.
    Eval(commands::eval::Args),
    /// Explain one pupil's timeline: running counts and every decision.
    Explain(commands::explain::Args),
    /// Compare two policies: semantic changes, and with --data the pupils it changes.
    Diff(commands::diff::Args),
    /// Generate a deterministic synthetic cohort in the data contract.
    Synth(commands::synth::Args),
    /// Run policy case files and report passes, failures and rule coverage.
    Test(commands::test::Args),
    /// Attendance measures per school and authority, and notices per 100 enrolments.
    Stats(commands::stats::Args),
    /// Write printable HTML for the attendance officer: caseload, evidence packs, charts.
    Report(commands::report::Args),
    /// Convert a data directory between CSV and Parquet.
    Convert(commands::convert::Args),
    /// Import other formats into a data directory (`import ctf`: Common Transfer Files).
    Import(commands::import::Args),
    /// Serve the language server protocol on stdin and stdout (for editors).
    Lsp(commands::lsp::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Interrupted (Ctrl-C, or a scheduler's SIGTERM), a run leaves no
    // partial output and no spill files: see rollcall_data::atomic.
    if let Err(error) = ctrlc::set_handler(|| {
        rollcall_data::atomic::remove_unfinished();
        std::process::exit(130);
    }) {
        eprintln!("rollcall: cannot handle interrupts ({error}); an interrupted run may leave temporary files");
    }
    match cli.command {
        Command::Check(args) => commands::check::run(args),
        Command::Fmt(args) => commands::fmt::run(args),
        Command::Compile(args) => commands::compile::run(args),
        Command::ExplainPolicy(args) => commands::explain_policy::run(args),
        Command::Eval(args) => commands::eval::run(args),
        Command::Explain(args) => commands::explain::run(args),
        Command::Diff(args) => commands::diff::run(args),
        Command::Synth(args) => commands::synth::run(args),
        Command::Test(args) => commands::test::run(args),
        Command::Stats(args) => commands::stats::run(args),
        Command::Report(args) => commands::report::run(args),
        Command::Convert(args) => commands::convert::run(args),
        Command::Import(args) => commands::import::run(args),
        Command::Lsp(args) => commands::lsp::run(args),
    }
}
