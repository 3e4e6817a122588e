//! `rollcall stats`: attendance, persistent and severe absence per school,
//! per authority and overall for each academic year; with `--policies`, the
//! attendance penalty notices the policies decide, per 100 enrolments (the DfE's measure) of
//! each authority; with `--return prma`, those notices as the DfE's
//! parental responsibility measures census asks for them (see `prma`);
//! with `--charts`, the same measures as a page of charts.

use crate::commands::by_year::{csv_field, of_year, NoticeCounts};
use crate::commands::charts::ChartsFile;
use crate::commands::data::{DataArgs, RunDates};
use crate::commands::eval::load_policies;
use crate::commands::prma;
use rollcall_data::read::{DataStream, PupilRecord};
use rollcall_report::charts::ChartData;
use rollcall_runtime::engine::{evaluate_stream, EvalOptions, PolicySet, StreamError};
use rollcall_runtime::measures::{AcademicYear, Measures, NoticeResolution, Ratio, Totals};
use serde::Serialize;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rollcall stats`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataArgs,
    /// Policy files or directories: adds penalty notices per 100 enrolments.
    #[arg(long)]
    policies: Vec<PathBuf>,
    /// Only this academic year, written like 2024/25.
    #[arg(long)]
    year: Option<AcademicYear>,
    /// Output format: table, csv or json.
    #[arg(long, value_enum, default_value = "table")]
    format: StatsFormat,
    /// Instead of the measures, a return to the DfE as CSV in its own
    /// columns: `prma`, the parental responsibility measures census
    /// (penalty notices per authority and academic year). Needs
    /// `--policies`.
    #[arg(long = "return", value_enum, requires = "policies")]
    dfe_return: Option<DfeReturn>,
    /// Also write the measures as a self-contained HTML page of charts
    /// (attendance and persistent absence by school; with `--policies`,
    /// decisions per month and notices per 100 enrolments by authority).
    #[arg(long, value_name = "FILE.html")]
    charts: Option<PathBuf>,
}

/// A return to the DfE that `stats` can write.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum DfeReturn {
    /// The parental responsibility measures census.
    Prma,
}

/// How the measures are printed.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum StatsFormat {
    /// Aligned columns for people.
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// A JSON array of rows.
    Json,
}

/// One line of the report: the totals of one school, authority or
/// everything in one academic year.
#[derive(Serialize)]
struct Row {
    year: String,
    level: &'static str,
    name: String,
    enrolments: u64,
    possible_sessions: u64,
    attended_sessions: u64,
    attendance_percent: Option<String>,
    persistently_absent: u64,
    persistent_absence_percent: Option<String>,
    severely_absent: u64,
    severe_absence_percent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    penalty_notices: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notices_per_hundred: Option<String>,
}

/// Prints the measures; exit 1 on bad policies, bad data or a failed write.
pub fn run(args: Args) -> ExitCode {
    let policies = if args.policies.is_empty() {
        None
    } else {
        let Some(policies) = load_policies(&args.policies) else {
            return ExitCode::FAILURE;
        };
        Some(policies)
    };
    let charts_file = match args.charts.as_deref().map(ChartsFile::create).transpose() {
        Ok(file) => file,
        Err(message) => {
            eprintln!("rollcall: {message}");
            return ExitCode::FAILURE;
        }
    };
    let dates = RunDates::new(policies.as_ref(), None);
    let declared = policies.as_ref().map_or(&[][..], |p| p.declared_events());
    let Some(mut stream) = args.data.open(&dates, declared, None) else {
        return ExitCode::FAILURE;
    };
    let mut unexplained = Vec::new();
    let warn = args.dfe_return.is_some().then_some(&mut unexplained);
    let gathered = gather(&mut stream, policies.as_ref(), warn);
    if !args.data.report_rejected(&stream.pupils, &dates) {
        return ExitCode::FAILURE;
    }
    let charts = match gathered {
        Ok(charts) => charts,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let decided = policies.is_some();
    if let Some(file) = charts_file {
        let intro = match decided {
            true => "Measures of every enrolment in the data and the policies' decisions, every academic year.",
            false => "Measures of every enrolment in the data, every academic year.",
        };
        if let Err(message) = file.write(&charts.render(&stream.schools, intro, decided)) {
            eprintln!("rollcall: {message}");
            return ExitCode::FAILURE;
        }
    }
    let measures = &charts.measures;
    let notices = decided.then_some(&charts.decisions.notices);
    let mut out = io::stdout().lock();
    if let (Some(DfeReturn::Prma), Some(notices)) = (args.dfe_return, notices) {
        let warnings: Vec<&String> = unexplained
            .iter()
            .filter(|(year, _)| args.year.is_none_or(|only| only == *year))
            .map(|(_, warning)| warning)
            .collect();
        print_warnings(&warnings);
        let written = out.write_all(&prma::census(measures, notices, args.year));
        return finish(written.and_then(|()| out.flush()));
    }
    let rows = rows(measures, notices, args.year);
    let written = match args.format {
        StatsFormat::Table => write!(out, "{}", table(&rows, notices.is_some())),
        StatsFormat::Csv => write!(out, "{}", csv(&rows, notices.is_some())),
        StatsFormat::Json => serde_json::to_writer_pretty(&mut out, &rows)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out)),
    };
    finish(written.and_then(|()| out.flush()))
}

/// The most warnings printed; the rest are counted.
const WARNINGS_SHOWN: usize = 20;

/// Prints `warnings` to standard error, the first [`WARNINGS_SHOWN`] in
/// full.
fn print_warnings(warnings: &[&String]) {
    for warning in warnings.iter().take(WARNINGS_SHOWN) {
        eprintln!("rollcall: warning: {warning}");
    }
    if warnings.len() > WARNINGS_SHOWN {
        eprintln!(
            "rollcall: warning: {} more notices are followed by a case_closed event naming no outcome",
            warnings.len() - WARNINGS_SHOWN
        );
    }
}

/// The exit status of a run whose output was `written`.
fn finish(written: io::Result<()>) -> ExitCode {
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("rollcall: cannot write the measures: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Reads every pupil once: their measures and, with policies, their
/// decisions, counted for the charts (whose penalty notices per year and
/// authority the rows and the return use). With `unexplained`, a warning
/// is added to it, with the notice's academic year, for each notice left
/// unresolved although a `case_closed` event follows it (see
/// [`unexplained_warning`]).
fn gather(
    stream: &mut DataStream,
    policies: Option<&PolicySet>,
    mut unexplained: Option<&mut Vec<(AcademicYear, String)>>,
) -> Result<ChartData, StreamError> {
    let mut charts = ChartData::default();
    let schools = stream.schools.clone();
    let Some(policies) = policies else {
        let mut record = PupilRecord::default();
        while stream.pupils.next_into(&mut record)? {
            charts.measures.add_pupil(&schools, record.history());
        }
        return Ok(charts);
    };
    evaluate_stream(
        policies,
        stream,
        &EvalOptions::default(),
        &mut |record, decisions| {
            let found = charts.add_pupil(&schools, record.history(), decisions, |_| true);
            if let Some(warnings) = unexplained.as_deref_mut() {
                warnings.extend(found.iter().filter_map(|found| {
                    let year = AcademicYear::of(found.notice.date);
                    unexplained_warning(found).map(|warning| (year, warning))
                }));
            }
            Ok(())
        },
        &mut |_| {},
    )?;
    Ok(charts)
}

/// The warning for a notice a `case_closed` event follows without naming
/// an outcome the return counts, if it does.
fn unexplained_warning(found: &NoticeResolution<'_, '_>) -> Option<String> {
    let (notice, event) = (found.notice, found.unexplained?);
    Some(format!(
        "pupil {}: the case_closed event of {} ({}) follows the penalty notice of {} to {} \
         but names no outcome (its detail does not begin with paid, withdrawn, prosecuted, \
         convicted or not guilty): the notice is counted unresolved",
        notice.pupil,
        event.start,
        event
            .detail
            .as_deref()
            .map_or("no detail".to_owned(), |detail| format!("`{detail}`")),
        notice.date,
        notice.parent.as_deref().unwrap_or("the parents"),
    ))
}

/// The rows of each year (or only `only`): its schools, its authorities,
/// then everything.
fn rows(
    measures: &Measures,
    notices: Option<&NoticeCounts>,
    only: Option<AcademicYear>,
) -> Vec<Row> {
    let mut rows = Vec::new();
    for (&year, overall) in &measures.overall {
        if only.is_some_and(|only| only != year) {
            continue;
        }
        for (school, totals) in of_year(&measures.by_school, year) {
            rows.push(row(year, "school", school, totals, None));
        }
        for (authority, totals) in of_year(&measures.by_authority, year) {
            let count = notices.map(|counts| {
                counts
                    .get(&(year, authority.clone()))
                    .map_or(0, |tally| tally.issued)
            });
            rows.push(row(year, "authority", authority, totals, count));
        }
        let count = notices.map(|counts| {
            counts
                .iter()
                .filter(|((notice_year, _), _)| *notice_year == year)
                .map(|(_, tally)| tally.issued)
                .sum()
        });
        rows.push(row(year, "overall", "all", overall, count));
    }
    rows
}

fn row(
    year: AcademicYear,
    level: &'static str,
    name: &str,
    totals: &Totals,
    notices: Option<u64>,
) -> Row {
    Row {
        year: year.to_string(),
        level,
        name: name.to_string(),
        enrolments: totals.enrolments,
        possible_sessions: totals.possible,
        attended_sessions: totals.attended,
        attendance_percent: totals.attendance().percent(),
        persistently_absent: totals.persistent,
        persistent_absence_percent: totals.persistent_rate().percent(),
        severely_absent: totals.severe,
        severe_absence_percent: totals.severe_rate().percent(),
        penalty_notices: notices,
        notices_per_hundred: notices
            .and_then(|count| Ratio::new(count, totals.enrolments).per_hundred()),
    }
}

/// The cells of a row, in column order; `with_notices` adds the notice
/// columns (blank for schools).
fn cells(row: &Row, with_notices: bool) -> Vec<String> {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let mut cells = vec![
        row.year.clone(),
        row.level.to_string(),
        row.name.clone(),
        row.enrolments.to_string(),
        row.possible_sessions.to_string(),
        row.attended_sessions.to_string(),
        text(&row.attendance_percent),
        row.persistently_absent.to_string(),
        text(&row.persistent_absence_percent),
        row.severely_absent.to_string(),
        text(&row.severe_absence_percent),
    ];
    if with_notices {
        cells.push(row.penalty_notices.map_or(String::new(), |n| n.to_string()));
        cells.push(text(&row.notices_per_hundred));
    }
    cells
}

/// Column names for people (the table) or for programs (CSV, the JSON
/// field names).
fn header(with_notices: bool, for_programs: bool) -> Vec<String> {
    let columns: &[(&str, &str)] = &[
        ("year", "year"),
        ("level", "level"),
        ("name", "name"),
        ("enrolments", "enrolments"),
        ("possible", "possible_sessions"),
        ("attended", "attended_sessions"),
        ("attendance %", "attendance_percent"),
        ("persistent", "persistently_absent"),
        ("persistent %", "persistent_absence_percent"),
        ("severe", "severely_absent"),
        ("severe %", "severe_absence_percent"),
        ("penalty notices", "penalty_notices"),
        ("per 100", "notices_per_100_enrolments"),
    ];
    let shown = if with_notices {
        columns.len()
    } else {
        columns.len() - 2
    };
    columns[..shown]
        .iter()
        .map(|(people, programs)| if for_programs { programs } else { people }.to_string())
        .collect()
}

/// Aligned columns: text left, numbers right.
fn table(rows: &[Row], with_notices: bool) -> String {
    let lines: Vec<Vec<String>> = std::iter::once(header(with_notices, false))
        .chain(rows.iter().map(|row| cells(row, with_notices)))
        .collect();
    let widths: Vec<usize> = (0..lines[0].len())
        .map(|column| {
            lines
                .iter()
                .map(|cells| cells[column].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for cells in &lines {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(column, (cell, &width))| {
                if column < 3 {
                    format!("{cell:<width$}")
                } else {
                    format!("{cell:>width$}")
                }
            })
            .collect();
        out.push_str(padded.join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn csv(rows: &[Row], with_notices: bool) -> String {
    let mut out = String::new();
    for cells in std::iter::once(header(with_notices, true))
        .chain(rows.iter().map(|row| cells(row, with_notices)))
    {
        let quoted: Vec<String> = cells.iter().map(|cell| csv_field(cell)).collect();
        out.push_str(&quoted.join(","));
        out.push('\n');
    }
    out
}
