//! `rollcall diff`: what changed between two policies (or one policy on
//! two dates), and with `--data` the pupils whose decisions change.
//! Exit 0: no semantic change; 1: changes found; 2: an error.

use crate::commands::charts::ChartsFile;
use crate::report::{print_all, render as render_diagnostic};
use chrono::NaiveDate;
use rollcall_compiler::SourceError;
use rollcall_data::read::{open_data_dir, PupilHistory, ReadOptions};
use rollcall_diff::{
    compare_at, compare_behaviour, compare_policies, in_force, json, markdown, only_version,
    same_file, side_sources, text, DifferencesFile, Report, SourcesError,
};
use rollcall_ir::graph::RuleGraph;
use rollcall_report::comparison::ComparisonCharts;
use rollcall_runtime::decision::Decision;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `rollcall diff`.
#[derive(clap::Args)]
pub struct Args {
    /// The old policy file, then the new one (one file with --at).
    #[arg(required = true, num_args = 1..=2, value_name = "POLICY")]
    files: Vec<PathBuf>,
    /// Compare the versions in force on two dates: the old date, then the new.
    #[arg(long, num_args = 2, value_names = ["OLD_DATE", "NEW_DATE"])]
    at: Option<Vec<NaiveDate>>,
    /// Directory of policies compiled with each file so parents resolve
    /// (default: each file's own directory).
    #[arg(long, value_name = "DIR")]
    policies: Option<PathBuf>,
    /// Also evaluate both policies on this data directory, each as the
    /// policy of every school at every date, and compare their decisions.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// With --data: write every pupil whose decisions differ to this CSV
    /// file (the report lists only the first 50).
    #[arg(long, value_name = "FILE", requires = "data")]
    differences: Option<PathBuf>,
    /// With --data: also write a self-contained HTML page of charts
    /// (decisions per month and notices per 100 enrolments by authority
    /// under each policy, attendance and persistent absence by school).
    #[arg(long, value_name = "FILE.html", requires = "data")]
    charts: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// The output formats of `rollcall diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// A structured list of changes.
    Json,
    /// Tables fit for a council report or a pull request comment.
    Markdown,
}

/// The exit code of an error.
const ERROR: u8 = 2;

/// Compares the policies and prints the report.
pub fn run(args: Args) -> ExitCode {
    match report(&args).and_then(|report| render(&report, args.format).map(|t| (report, t))) {
        Ok((report, rendered)) => {
            print!("{rendered}");
            ExitCode::from(u8::from(report.has_changes()))
        }
        Err(Some(message)) => {
            eprintln!("rollcall: {message}");
            ExitCode::from(ERROR)
        }
        Err(None) => ExitCode::from(ERROR),
    }
}

/// A failure: a message to print, or `None` when diagnostics were printed.
type Failure = Option<String>;

/// The report the arguments ask for.
fn report(args: &Args) -> Result<Report, Failure> {
    let (old_file, new_file) = match (args.files.as_slice(), &args.at) {
        ([old, new], _) => (old, new),
        ([one], Some(_)) => (one, one),
        _ => {
            return Err(Some(
                "give two policy files, or one file with --at OLD_DATE NEW_DATE".to_string(),
            ))
        }
    };
    let old = compiled(old_file, args.policies.as_deref())?;
    let new = match old_file == new_file {
        true => old.clone(),
        false => compiled(new_file, args.policies.as_deref())?,
    };
    let (semantic, old, new) = match args.at.as_deref() {
        Some([old_date, new_date]) => {
            let semantic = compare_at(&old, *old_date, &new, *new_date).map_err(message)?;
            let old = only_version(&old, in_force(&old, *old_date).map_err(message)?);
            let new = only_version(&new, in_force(&new, *new_date).map_err(message)?);
            (semantic, old, new)
        }
        _ => (compare_policies(&old, &new).map_err(message)?, old, new),
    };
    let behaviour = match &args.data {
        Some(directory) => {
            let options = ReadOptions::default();
            let mut data = open_data_dir(directory, &options).map_err(message)?;
            let mut differences =
                match &args.differences {
                    Some(path) => Some(DifferencesFile::create(path).map_err(|error| {
                        Some(format!("cannot create {}: {error}", path.display()))
                    })?),
                    None => None,
                };
            let charts_file = args.charts.as_deref().map(ChartsFile::create).transpose()?;
            let schools = data.schools.clone();
            let mut charts = ComparisonCharts::default();
            let mut observe = |history: PupilHistory<'_>, old: &[Decision], new: &[Decision]| {
                charts.add_pupil(&schools, history, old, new);
            };
            let behaviour = compare_behaviour(
                &old,
                &new,
                &mut data,
                differences.as_mut(),
                charts_file.as_ref().map(|_| &mut observe as _),
            )
            .map_err(message)?;
            if let Some(file) = differences {
                file.finish().map_err(message)?;
            }
            if let Some(file) = charts_file {
                let names = [&old.policy.id, &new.policy.id].map(String::as_str);
                file.write(&charts.render(&schools, names))?;
            }
            Some(behaviour)
        }
        None => None,
    };
    Ok(Report {
        semantic,
        behaviour,
    })
}

/// The error's message, as a failure.
fn message(error: impl std::fmt::Display) -> Failure {
    Some(error.to_string())
}

/// Compiles `file` with its library; prints diagnostics on errors.
fn compiled(file: &Path, library: Option<&Path>) -> Result<RuleGraph, Failure> {
    let sources = side_sources(file, library).map_err(|error| match error {
        SourcesError::Read(SourceError::NotUtf8(diagnostic)) => {
            eprintln!("{}", render_diagnostic(&diagnostic));
            None
        }
        other => message(other),
    })?;
    let compilation = rollcall_compiler::compile(&sources);
    if compilation.has_errors() {
        print_all(&compilation);
        return Err(None);
    }
    let wanted = file.display().to_string();
    compilation
        .graphs
        .into_iter()
        .find(|graph| same_file(&graph.policy.file, &wanted))
        .ok_or_else(|| Some(format!("{wanted} did not compile to a policy")))
}

/// The report in the chosen format.
fn render(report: &Report, format: Format) -> Result<String, Failure> {
    match format {
        Format::Text => Ok(text(report)),
        Format::Markdown => Ok(markdown(report)),
        Format::Json => json(report).map_err(message),
    }
}
