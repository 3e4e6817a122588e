//! `rollcall stats`: attendance, persistent and severe absence per school,
//! per authority and overall for each academic year; with `--policies`, the
//! penalty notices each authority's code would issue per 1,000 pupils.

use crate::commands::eval::{load_data, load_policies};
use rollcall_runtime::engine::{evaluate, EvalOptions};
use rollcall_runtime::measures::{academic_year, enrolments, totals_by, Totals};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rollcall stats`.
#[derive(clap::Args)]
pub struct Args {
    /// The data directory.
    #[arg(long)]
    data: PathBuf,
    /// Policies to evaluate for notices per 1,000 pupils (optional).
    #[arg(long)]
    policies: Option<PathBuf>,
    /// Only this academic year, written like `2024/25`.
    #[arg(long)]
    year: Option<String>,
    /// Skip bad data rows (each is reported, with a total) instead of stopping.
    #[arg(long)]
    skip_bad_rows: bool,
}

/// Prints the measures table.
pub fn run(args: Args) -> ExitCode {
    let Some(data) = load_data(&args.data, args.skip_bad_rows) else {
        return ExitCode::FAILURE;
    };
    let notices = match &args.policies {
        None => None,
        Some(dir) => {
            let Some(policies) = load_policies(std::slice::from_ref(dir)) else {
                return ExitCode::FAILURE;
            };
            let mut counts: BTreeMap<(String, String), u32> = BTreeMap::new();
            for decision in evaluate(&policies, &data, &EvalOptions::default()) {
                if decision.action == "penalty_notice" {
                    let year = academic_year(decision.date);
                    *counts
                        .entry((year.clone(), decision.authority))
                        .or_default() += 1;
                    *counts.entry((year, "England".to_string())).or_default() += 1;
                }
            }
            Some(counts)
        }
    };
    let authority_of: BTreeMap<&str, &str> = data
        .schools
        .iter()
        .map(|s| (s.id.as_str(), s.authority.as_str()))
        .collect();
    let enrolments = enrolments(&data);
    let levels = [
        (
            "school",
            totals_by(&enrolments, |school| school.to_string()),
        ),
        (
            "authority",
            totals_by(&enrolments, |school| {
                authority_of.get(school).unwrap_or(&"?").to_string()
            }),
        ),
        ("all", totals_by(&enrolments, |_| "England".to_string())),
    ];
    let mut rows = vec![header(notices.is_some())];
    for (level, totals) in &levels {
        for ((year, name), total) in totals {
            if args.year.as_ref().is_some_and(|wanted| wanted != year) {
                continue;
            }
            let notice_columns = notices.as_ref().map(|counts| {
                if *level == "school" {
                    return ["-".to_string(), "-".to_string()];
                }
                let count = counts
                    .get(&(year.clone(), name.clone()))
                    .copied()
                    .unwrap_or(0);
                [count.to_string(), per_thousand(count, total.pupils)]
            });
            rows.push(row(level, year, name, total, notice_columns));
        }
    }
    print!("{}", align(&rows));
    ExitCode::SUCCESS
}

fn header(with_notices: bool) -> Vec<String> {
    let mut header: Vec<String> = [
        "year",
        "level",
        "name",
        "pupils",
        "attendance",
        "persistent",
        "severe",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if with_notices {
        header.extend(["notices".to_string(), "per 1,000".to_string()]);
    }
    header
}

fn row(
    level: &str,
    year: &str,
    name: &str,
    total: &Totals,
    notices: Option<[String; 2]>,
) -> Vec<String> {
    let mut row = vec![
        year.to_string(),
        level.to_string(),
        name.to_string(),
        total.pupils.to_string(),
        percent(total.attended, total.possible),
        percent(u64::from(total.persistent), u64::from(total.pupils)),
        percent(u64::from(total.severe), u64::from(total.pupils)),
    ];
    row.extend(notices.into_iter().flatten());
    row
}

/// A percentage with one decimal, computed in integers.
fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "-".to_string();
    }
    let tenths = (part * 1000 + whole / 2) / whole;
    format!("{}.{}%", tenths / 10, tenths % 10)
}

fn per_thousand(count: u32, pupils: u32) -> String {
    if pupils == 0 {
        return "-".to_string();
    }
    let tenths = (u64::from(count) * 10_000 + u64::from(pupils) / 2) / u64::from(pupils);
    format!("{}.{}", tenths / 10, tenths % 10)
}

fn align(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}
