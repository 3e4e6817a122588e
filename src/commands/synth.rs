//! `rollcall synth`: writes a deterministic synthetic cohort in the data
//! contract and reports what it wrote, how fast, and its absence measures.

use super::data::FormatArg;
use rollcall_synth::{generate, Options, Summary};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rollcall synth`.
#[derive(clap::Args)]
pub struct Args {
    /// Number of pupils.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pupils: u64,
    /// Number of academic years.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=20))]
    years: u16,
    /// Random seed: the same seed gives byte-identical files.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Directory to write the schools, pupils, marks and events files to.
    #[arg(long)]
    out: PathBuf,
    /// The files' format: .csv files, or .parquet files with the same
    /// columns (written directly, with no CSV in between).
    #[arg(long, value_enum, default_value = "csv")]
    format: FormatArg,
    /// Calendar year of the first September (academic year START/START+1).
    #[arg(long, default_value_t = 2023, value_parser = clap::value_parser!(i32).range(2000..=2100))]
    start_year: i32,
    /// Worker threads (default: all cores); the files do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=256))]
    threads: Option<u16>,
}

/// Runs `rollcall synth`.
pub fn run(args: Args) -> ExitCode {
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    let options = Options {
        pupils: args.pupils,
        years: args.years,
        seed: args.seed,
        start_year: args.start_year,
        threads,
        format: args.format.into(),
    };
    match generate(&options, &args.out) {
        Ok(summary) => {
            report(&args, &summary);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("rollcall synth: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The summary on stderr: what was written, how fast, and its measures.
fn report(args: &Args, summary: &Summary) {
    let seconds = summary.elapsed.as_secs_f64();
    let last_year = args.start_year + i32::from(args.years) - 1;
    eprintln!(
        "rollcall synth: wrote {}: {} pupils, {} marks, {} events; {} schools in {} authorities; academic years {}/{:02} to {}/{:02}",
        args.out.display(),
        summary.pupils,
        summary.marks,
        summary.events,
        summary.schools,
        summary.authorities,
        args.start_year,
        (args.start_year + 1) % 100,
        last_year,
        (last_year + 1) % 100,
    );
    let sizes: Vec<String> = summary
        .files
        .iter()
        .map(|(name, bytes)| format!("{name} {:.1} MB", *bytes as f64 / 1e6))
        .collect();
    eprintln!(
        "rollcall synth: {seconds:.2} s, {:.1} million marks/s; {}",
        summary.marks as f64 / seconds.max(1e-9) / 1e6,
        sizes.join(", "),
    );
    eprintln!("rollcall synth: {}", summary.measures);
}
