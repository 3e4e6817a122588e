//! `rollcall test`: run case files against the policy library, report each
//! failure as a diff of expected and decided, write JUnit XML, and report
//! which rules no case exercises.

use crate::report::compile_library;
use rollcall_cases::{
    coverage, decision_line, discover, evidence_line, junit_xml, run_case, CaseResult, Library,
    Verdict,
};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rollcall test`.
#[derive(clap::Args)]
pub struct Args {
    /// Case files, or directories searched for `*.case` files (default:
    /// the policy library's directory, whose cases are then all run).
    paths: Vec<PathBuf>,
    /// The policy library the cases run against.
    #[arg(long, default_value = "policies")]
    policies: PathBuf,
    /// Also write the results as JUnit XML to this file.
    #[arg(long)]
    junit: Option<PathBuf>,
    /// Report the rules no passing case exercises (exit 1 if any).
    #[arg(long)]
    coverage: bool,
    /// Print every case's decisions, in case-file syntax, with their evidence.
    #[arg(long)]
    show_decisions: bool,
}

/// Runs the cases; exit 1 if any fails or is invalid, if coverage is
/// incomplete (with `--coverage`), or if the cases or policies cannot be read.
pub fn run(args: Args) -> ExitCode {
    // Without paths, the library's own cases: coverage is then the whole
    // library's; with paths, only the policies those cases test.
    let whole_library = args.paths.is_empty();
    let paths = if whole_library {
        vec![args.policies.clone()]
    } else {
        args.paths.clone()
    };
    let files = match discover(&paths) {
        Ok(files) if files.is_empty() => {
            eprintln!("rollcall: no case files (*.case) under the given paths");
            return ExitCode::FAILURE;
        }
        Ok(files) => files,
        Err(message) => {
            eprintln!("rollcall: {message}");
            return ExitCode::FAILURE;
        }
    };
    let Some(compilation) = compile_library(std::slice::from_ref(&args.policies)) else {
        return ExitCode::FAILURE;
    };
    let library = match Library::new(compilation.graphs) {
        Ok(library) => library,
        Err(error) => {
            eprintln!("rollcall: {error}");
            return ExitCode::FAILURE;
        }
    };
    let results: Vec<CaseResult> = files.iter().map(|file| run_case(file, &library)).collect();
    for result in &results {
        print_result(result, args.show_decisions);
    }
    let mut success = results
        .iter()
        .all(|result| result.verdict == Verdict::Passed);
    if let Some(path) = &args.junit {
        if let Err(error) = rollcall_data::atomic::write(path, junit_xml(&results)) {
            eprintln!("rollcall: cannot write {}: {error}", path.display());
            success = false;
        }
    }
    if args.coverage {
        let mut coverage = coverage(&library, &results);
        if !whole_library {
            let tested = results.iter().filter_map(|result| result.policy.clone());
            coverage = coverage.of_policies(&tested.collect());
        }
        print!("{}", coverage.report());
        success &= coverage.is_complete();
    }
    let passed = results
        .iter()
        .filter(|result| result.verdict == Verdict::Passed)
        .count();
    println!("{passed} passed, {} failed", results.len() - passed);
    if success {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `ok PATH` or `FAIL PATH` and why; with `show_decisions`, the decisions.
fn print_result(result: &CaseResult, show_decisions: bool) {
    match &result.verdict {
        Verdict::Passed => println!("ok   {}", result.path),
        Verdict::Failed(report) => print!("FAIL {}\n{report}", result.path),
        Verdict::Invalid(errors) => {
            println!("FAIL {} (invalid case file)", result.path);
            for error in errors {
                println!("  {error}");
            }
        }
    }
    if show_decisions {
        if result.decisions.is_empty() {
            println!("  decisions: none");
        }
        for decision in &result.decisions {
            println!("  decided {}", decision_line(decision));
            println!("    evidence: {}", evidence_line(decision));
        }
    }
}
