//! `rollcall eval`: evaluate policies against a data directory and write
//! the decisions, streaming one pupil at a time.

use super::data::{DataArgs, PolicyArgs, RunDates};
use super::progress::Progress;
use crate::report::compile_library;
use chrono::NaiveDate;
use rollcall_data::atomic::AtomicFile;
use rollcall_ir::graph::RuleGraph;
use rollcall_runtime::engine::{evaluate_stream, EvalOptions, PolicySet, StreamError};
use rollcall_runtime::output::{DecisionWriter, Format};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rollcall eval`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    policies: PolicyArgs,
    #[command(flatten)]
    data: DataArgs,
    /// Output format: jsonl, csv or table (the table is laid out once every
    /// decision is known).
    #[arg(long, default_value = "jsonl", value_parser = parse_format)]
    format: Format,
    /// Write the decisions to this file instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Ignore marks and events dated after this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Evaluate on this many threads (default: one per core).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
    threads: Option<u16>,
}

/// Streams the data through the policies and writes the decisions as they
/// are taken; exit 1 on bad policies, bad data or an output that cannot be
/// written.
pub fn run(args: Args) -> ExitCode {
    let Some(policies) = load_policies(&args.policies.policies) else {
        return ExitCode::FAILURE;
    };
    // The whole run on this many threads, the checks made while opening the
    // data included.
    if let Some(threads) = args.threads {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads.into());
        if let Err(error) = pool.build_global() {
            eprintln!("rollcall: cannot start {threads} threads: {error}");
            return ExitCode::FAILURE;
        }
    }
    let dates = RunDates::new(Some(&policies), args.as_of);
    let Some(mut stream) = args.data.open(&dates, policies.declared_events(), None) else {
        return ExitCode::FAILURE;
    };
    let options = EvalOptions {
        as_of: args.as_of,
        threads: None,
    };
    let (out, name) = match &args.output {
        Some(path) => match AtomicFile::create(path) {
            Ok(file) => (Output::File(file), path.display().to_string()),
            Err(error) => {
                eprintln!("rollcall: cannot write {}: {error}", path.display());
                return ExitCode::FAILURE;
            }
        },
        None => (Output::Stdout(io::stdout()), "the decisions".to_string()),
    };
    let progress = Progress::start();
    let result = DecisionWriter::new(args.format, out)
        .map_err(StreamError::from)
        .and_then(|mut writer| {
            let totals = evaluate_stream(
                &policies,
                &mut stream,
                &options,
                &mut |_, decisions| decisions.iter().try_for_each(|d| writer.write(d)),
                &mut |totals| progress.update(totals),
            )?;
            // Past the ceiling of bad rows, the decisions are not put out.
            if !args.data.report_rejected(&stream.pupils, &dates) {
                return Ok(None);
            }
            writer.finish()?.commit()?;
            Ok(Some(totals))
        });
    if result.is_err() {
        args.data.report_rejected(&stream.pupils, &dates);
    }
    match result {
        Ok(Some(totals)) => {
            progress.finish(&totals);
            ExitCode::SUCCESS
        }
        Ok(None) => ExitCode::FAILURE,
        Err(StreamError::Read(error)) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
        Err(StreamError::Write(error)) => {
            eprintln!("rollcall: cannot write {name}: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Where the decisions go: a file, put at its path only when complete, or
/// standard output.
enum Output {
    File(AtomicFile),
    Stdout(io::Stdout),
}

impl Output {
    /// Flushes the decisions; a file is put at its path.
    fn commit(self) -> io::Result<()> {
        match self {
            Output::File(file) => file.commit(),
            Output::Stdout(mut stdout) => stdout.flush(),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::File(file) => file.write(buf),
            Output::Stdout(stdout) => stdout.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::File(file) => file.flush(),
            Output::Stdout(stdout) => stdout.flush(),
        }
    }
}

/// Compiles the policies under `paths` into a [`PolicySet`]; prints the
/// diagnostics or the reason and returns `None` if they cannot be used.
pub(crate) fn load_policies(paths: &[PathBuf]) -> Option<PolicySet> {
    load_policies_and(paths, |_| ()).map(|(policies, ())| policies)
}

/// [`load_policies`], and what `read` takes from the compiled rule graphs
/// before the set is built from them.
pub(crate) fn load_policies_and<T>(
    paths: &[PathBuf],
    read: impl FnOnce(&[RuleGraph]) -> T,
) -> Option<(PolicySet, T)> {
    let compilation = compile_library(paths)?;
    let read = read(&compilation.graphs);
    match PolicySet::new(compilation.graphs) {
        Ok(policies) => Some((policies, read)),
        Err(error) => {
            eprintln!("rollcall: {error}");
            None
        }
    }
}

fn parse_format(text: &str) -> Result<Format, String> {
    Format::parse(text)
        .ok_or_else(|| format!("unknown format `{text}` (expected jsonl, csv or table)"))
}

pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date (expected YYYY-MM-DD)"))
}
