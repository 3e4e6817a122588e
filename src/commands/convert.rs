//! `rollcall convert`: a data directory from CSV to Parquet or back, table
//! by table, rows in the same order.

use super::data::{report_skipped, FormatArg};
use rollcall_data::read::{convert_table, find_table, FileFormat, OnBadRow, Table};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rollcall convert`.
#[derive(clap::Args)]
pub struct Args {
    /// The data directory to read (each table as .csv or .parquet).
    #[arg(long, value_name = "DIR")]
    from: PathBuf,
    /// The directory to write (created if need be).
    #[arg(long, value_name = "DIR")]
    to: PathBuf,
    /// The format to write.
    #[arg(long, value_enum)]
    format: FormatArg,
    /// Skip bad rows (each is reported, with a total) instead of stopping.
    #[arg(long)]
    skip_bad_rows: bool,
}

/// Converts each table present; exit 1 on a missing table, a bad row or a
/// failed write.
pub fn run(args: Args) -> ExitCode {
    let format = FileFormat::from(args.format);
    let on_bad_row = if args.skip_bad_rows {
        OnBadRow::Skip
    } else {
        OnBadRow::Stop
    };
    if let Err(error) = std::fs::create_dir_all(&args.to) {
        eprintln!("rollcall: cannot create {}: {error}", args.to.display());
        return ExitCode::FAILURE;
    }
    let mut skipped = 0;
    // Each file is whole or absent; a failure removes those already written,
    // so the directory holds the whole conversion or none of it.
    let mut converted = Vec::new();
    let failed = |converted: &[PathBuf]| {
        for path in converted {
            let _ = std::fs::remove_file(path);
        }
        ExitCode::FAILURE
    };
    for table in Table::ALL {
        match find_table(&args.from, table) {
            Ok(None) if !table.required => continue,
            Ok(_) => {}
            Err(error) => {
                eprintln!("{error}");
                return failed(&converted);
            }
        }
        let out = args
            .to
            .join(format!("{}.{}", table.name, format.extension()));
        match convert_table(&args.from, table, &out, format, on_bad_row) {
            Ok((written, rejected)) => {
                for row in &rejected {
                    eprintln!("{row}");
                }
                skipped += rejected.len();
                eprintln!("{}: {written} rows", out.display());
                converted.push(out);
            }
            Err(error) => {
                eprintln!("{error}");
                return failed(&converted);
            }
        }
    }
    if args.skip_bad_rows {
        report_skipped(skipped);
    }
    ExitCode::SUCCESS
}
