//! `rollcall eval`: evaluate policies against a data directory and write
//! the decisions.

use crate::report::compile_library;
use chrono::NaiveDate;
use rollcall_runtime::engine::{evaluate, EvalOptions, PolicySet};
use rollcall_runtime::output::{write_decisions, Format};
use rollcall_runtime::read::{read_data_dir, DataSet, OnBadRow};
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `rollcall eval`.
#[derive(clap::Args)]
pub struct Args {
    /// Policy files, or directories searched for `*.policy` files.
    #[arg(long = "policies", required = true)]
    policies: Vec<PathBuf>,
    /// The data directory (schools.csv, pupils.csv, marks.csv, events.csv).
    #[arg(long)]
    data: PathBuf,
    /// Output format: jsonl, csv or table.
    #[arg(long, default_value = "jsonl", value_parser = parse_format)]
    format: Format,
    /// Write the decisions to this file instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Ignore marks and events dated after this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Skip bad data rows (each is reported, with a total) instead of stopping.
    #[arg(long)]
    skip_bad_rows: bool,
}

/// Evaluates and writes the decisions; exit 1 on bad policies, bad data or
/// an output that cannot be written.
pub fn run(args: Args) -> ExitCode {
    let Some(policies) = load_policies(&args.policies) else {
        return ExitCode::FAILURE;
    };
    let Some(data) = load_data(&args.data, args.skip_bad_rows) else {
        return ExitCode::FAILURE;
    };
    let options = EvalOptions {
        as_of: args.as_of,
        threads: None,
    };
    let decisions = evaluate(&policies, &data, &options);
    let written = match &args.output {
        Some(path) => File::create(path)
            .and_then(|file| write_decisions(args.format, &decisions, file).map(drop))
            .map_err(|error| format!("rollcall: cannot write {}: {error}", path.display())),
        None => write_decisions(args.format, &decisions, io::stdout().lock())
            .and_then(|mut out| out.flush())
            .map_err(|error| format!("rollcall: cannot write the decisions: {error}")),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Compiles the policies under `paths` into a [`PolicySet`]; prints the
/// diagnostics or the reason and returns `None` if they cannot be used.
pub(crate) fn load_policies(paths: &[PathBuf]) -> Option<PolicySet> {
    let compilation = compile_library(paths)?;
    match PolicySet::new(compilation.graphs) {
        Ok(policies) => Some(policies),
        Err(error) => {
            eprintln!("rollcall: {error}");
            None
        }
    }
}

/// Reads the data directory; prints `file:line: message` for the bad row
/// that stops it, or (skipping) every bad row and their total.
pub(crate) fn load_data(dir: &Path, skip_bad_rows: bool) -> Option<DataSet> {
    let on_bad_row = if skip_bad_rows {
        OnBadRow::Skip
    } else {
        OnBadRow::Stop
    };
    match read_data_dir(dir, on_bad_row) {
        Ok(loaded) => {
            for row in &loaded.rejected {
                eprintln!("{row}");
            }
            if skip_bad_rows {
                let count = loaded.rejected.len();
                let rows = if count == 1 { "row" } else { "rows" };
                eprintln!("skipped {count} bad {rows}");
            }
            Some(loaded.data)
        }
        Err(error) => {
            eprintln!("{error}");
            None
        }
    }
}

fn parse_format(text: &str) -> Result<Format, String> {
    Format::parse(text)
        .ok_or_else(|| format!("unknown format `{text}` (expected jsonl, csv or table)"))
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date (expected YYYY-MM-DD)"))
}
