//! `rollcall report`: the decisions as printable HTML for the attendance
//! officer (see `rollcall-report`): the caseload, one evidence pack per
//! decision and a page of charts, written pupil by pupil.

use super::data::{DataArgs, PolicyArgs, RunDates};
use super::eval::{load_policies_and, parse_date};
use chrono::NaiveDate;
use rollcall_report::{Letters, Period, ReportWriter, RuleBook};
use rollcall_runtime::engine::{evaluate_stream, EvalOptions, StreamError};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rollcall report`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    policies: PolicyArgs,
    #[command(flatten)]
    data: DataArgs,
    /// The directory to write `index.html`, `charts.html` and `packs/` into
    /// (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Report only decisions on or after this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    from: Option<NaiveDate>,
    /// Report only decisions on or before this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    to: Option<NaiveDate>,
    /// Also write each letter decision as a letter into `letters/`, from the
    /// templates of this directory (`RULE.html`, else `letter.html`;
    /// minijinja).
    #[arg(long, value_name = "DIR")]
    letters: Option<PathBuf>,
}

/// Writes the report; exit 1 on bad policies, bad data, an empty period or
/// an output directory that cannot be written.
pub fn run(args: Args) -> ExitCode {
    if let (Some(from), Some(to)) = (args.from, args.to) {
        if from > to {
            eprintln!("rollcall: --from {from} is after --to {to}: the period is empty");
            return ExitCode::FAILURE;
        }
    }
    let letters = match args.letters.as_deref().map(Letters::load).transpose() {
        Ok(letters) => letters,
        Err(message) => {
            eprintln!("rollcall: {message}");
            return ExitCode::FAILURE;
        }
    };
    let Some((policies, rules)) = load_policies_and(&args.policies.policies, RuleBook::new) else {
        return ExitCode::FAILURE;
    };
    let dates = RunDates::new(Some(&policies), None);
    let Some(mut stream) = args.data.open(&dates, policies.declared_events(), None) else {
        return ExitCode::FAILURE;
    };
    let out = args.out.display().to_string();
    let period = Period {
        from: args.from,
        to: args.to,
    };
    let mut writer = match ReportWriter::create(&args.out, rules, period, letters) {
        Ok(writer) => writer,
        Err(error) => {
            eprintln!("rollcall: cannot write the report to {out}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let schools = stream.schools.clone();
    let result = evaluate_stream(
        &policies,
        &mut stream,
        &EvalOptions::default(),
        &mut |record, decisions| writer.add_pupil(&schools, record.history(), decisions),
        &mut |_| {},
    );
    if !args.data.report_rejected(&stream.pupils, &dates) {
        return ExitCode::FAILURE;
    }
    match result.map_err(|error| match error {
        StreamError::Read(error) => error.to_string(),
        StreamError::Write(error) => format!("rollcall: cannot write the report to {out}: {error}"),
    }) {
        Ok(_) => match writer.finish(&schools) {
            Ok((packs, letters)) => {
                let letters = match args.letters {
                    Some(_) => format!(" and {letters} letters"),
                    None => String::new(),
                };
                eprintln!(
                    "rollcall: wrote {out}/index.html, {out}/charts.html, {packs} evidence packs{letters}"
                );
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("rollcall: cannot write the report to {out}: {error}");
                ExitCode::FAILURE
            }
        },
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
