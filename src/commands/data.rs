//! The data-directory options shared by `eval`, `explain` and `stats`, and
//! opening the directory they name as a stream, reporting
//! bad rows as `file:line: message`.

use chrono::{Days, NaiveDate};
use rollcall_data::atomic::AtomicFile;
use rollcall_data::read::{
    locate_rejected, open_data_dir, DataStream, DateBounds, FileFormat, ImplausibleDates,
    LineAccount, OnBadRow, PupilReader, ReadOptions, RejectedRow, Side,
};
use rollcall_ir::words::{grouped, percent, plural};
use rollcall_ir::EventKind;
use rollcall_runtime::engine::PolicySet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The policies a command evaluates.
#[derive(clap::Args, Clone, Debug)]
pub struct PolicyArgs {
    /// Policy files, or directories searched for `*.policy` files.
    #[arg(long = "policies", required = true)]
    pub policies: Vec<PathBuf>,
}

/// Where the data is and how to read it.
#[derive(clap::Args, Clone, Debug)]
pub struct DataArgs {
    /// The data directory: schools, pupils, marks and (optionally) events,
    /// each as .csv or .parquet.
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// Skip bad data rows (each is reported, with each file's lines read and
    /// rejected) instead of stopping, up to a ceiling: a number of rows, or
    /// a share of the lines like `1%` (the default). Past it the run fails.
    #[arg(
        long,
        value_name = "CEILING",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "1%",
        value_parser = parse_ceiling
    )]
    pub skip_bad_rows: Option<Ceiling>,
    /// Write every rejected row to this CSV file: file, line, byte_offset,
    /// column, reason, excerpt.
    #[arg(long, value_name = "PATH")]
    pub rejects: Option<PathBuf>,
    /// Memory for sorting files not sorted by pupil (e.g. 512M, 2G); beyond
    /// it, sorted runs are spilled to disk.
    #[arg(long, value_name = "SIZE", default_value = "512M", value_parser = parse_size)]
    pub memory: usize,
    /// Where sorted runs are spilled (default: the system's temporary directory).
    #[arg(long, value_name = "DIR")]
    pub temp_dir: Option<PathBuf>,
    /// Refuse the data (exit 1, no output) when marks or events are dated
    /// before the policies' first academic year or after the day the run
    /// is as of (today by default), instead of warning.
    #[arg(long)]
    pub strict: bool,
}

/// The dates a run's register can plausibly hold: from the first academic
/// year of the policies in use to the day the run is as of, or today.
#[derive(Clone, Copy, Debug)]
pub struct RunDates {
    /// 1 September of the policies' first academic year, if they have one.
    earliest: Option<NaiveDate>,
    /// The `--as-of` day, or today.
    latest: NaiveDate,
    /// Whether `latest` is the `--as-of` day.
    as_of: bool,
}

impl RunDates {
    /// The dates for a run of `policies` (if any) as of `as_of` (or today).
    pub fn new(policies: Option<&PolicySet>, as_of: Option<NaiveDate>) -> RunDates {
        RunDates {
            earliest: policies.and_then(PolicySet::earliest_academic_year),
            latest: as_of.unwrap_or_else(today),
            as_of: as_of.is_some(),
        }
    }

    fn bounds(&self) -> DateBounds {
        DateBounds {
            earliest: self.earliest,
            latest: Some(self.latest),
        }
    }

    /// Which bound `side` is, in words.
    fn describe(&self, side: Side) -> String {
        match (side, self.earliest) {
            (Side::Before, Some(earliest)) => {
                format!("before {earliest}, the first academic year of the policies in use")
            }
            (Side::Before, None) => "before any policy in use".to_string(),
            (Side::After, _) if self.as_of => {
                format!("after --as-of {} (not evaluated)", self.latest)
            }
            (Side::After, _) => format!("after today ({})", self.latest),
        }
    }
}

/// Today's date (UTC), from the system clock.
fn today() -> NaiveDate {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(Days::new(seconds / 86_400)))
        .unwrap_or(NaiveDate::MAX)
}

impl DataArgs {
    fn options(
        &self,
        dates: &RunDates,
        declared_events: &[EventKind],
        pupil: Option<&str>,
    ) -> ReadOptions {
        ReadOptions {
            on_bad_row: if self.skip_bad_rows.is_some() {
                OnBadRow::Skip
            } else {
                OnBadRow::Stop
            },
            memory: self.memory,
            temp_dir: self.temp_dir.clone(),
            pupil: pupil.map(str::to_string),
            dates: dates.bounds(),
            declared_events: declared_events.to_vec(),
        }
    }

    /// Opens the directory for streaming, its events of the built-in kinds
    /// and of `declared_events` (the policies' own), counting dates outside
    /// `dates`; with `pupil`, reading only that pupil's rows (nothing is
    /// sorted; other pupils' rows are passed over). Prints why and returns
    /// `None` if it cannot be.
    pub fn open(
        &self,
        dates: &RunDates,
        declared_events: &[EventKind],
        pupil: Option<&str>,
    ) -> Option<DataStream> {
        open_data_dir(&self.data, &self.options(dates, declared_events, pupil))
            .map_err(|error| eprintln!("{error}"))
            .ok()
    }

    /// Prints every skipped row and, when skipping, each file's lines read
    /// and rejected (`accounts`) and the total; writes the rejects file if
    /// asked; warns of rows dated outside `dates`. False, having said why,
    /// if the rows skipped are past the ceiling, the rejects file cannot be
    /// written, or (with `--strict`) a row is dated outside `dates`.
    pub fn report_rejected(&self, pupils: &PupilReader, dates: &RunDates) -> bool {
        let plausible = self.report_implausible(pupils.implausible(), dates);
        self.report_skipped(pupils) && plausible
    }

    /// Prints each file's rows dated outside `dates`, as warnings or (with
    /// `--strict`) errors; false if `--strict` refuses them.
    fn report_implausible(&self, found: &[ImplausibleDates], dates: &RunDates) -> bool {
        let level = if self.strict { "error" } else { "warning" };
        for found in found {
            eprintln!("{level}: {}", describe_implausible(found, dates));
        }
        if self.strict && !found.is_empty() {
            eprintln!(
                "rollcall: --strict refuses data dated where no register can be; correct the \
                 dates, or run without --strict to read them with a warning"
            );
            return false;
        }
        true
    }

    /// The skipped rows' part of [`report_rejected`](DataArgs::report_rejected).
    fn report_skipped(&self, pupils: &PupilReader) -> bool {
        let (mut rejected, accounts) = (pupils.rejected(), pupils.accounts());
        for row in &rejected {
            eprintln!("{row}");
        }
        let Some(ceiling) = self.skip_bad_rows else {
            return true;
        };
        for account in &accounts {
            eprintln!("{}", describe_account(account));
        }
        report_skipped(rejected.len());
        let mut fine = true;
        if let Some(path) = &self.rejects {
            if let Err(error) = locate_rejected(&mut rejected) {
                eprintln!(
                    "rollcall: cannot find the rejected rows again for the rejects file: {error}"
                );
                fine = false;
            } else if let Err(error) = write_rejects(path, &rejected) {
                eprintln!("rollcall: cannot write {}: {error}", path.display());
                fine = false;
            }
        }
        let lines = accounts.iter().map(|account| account.lines).sum();
        if !ceiling.allows(rejected.len() as u64, lines) {
            eprintln!(
                "rollcall: {} rejected, more than the {} --skip-bad-rows allows; \
                 fix the data or give a higher ceiling (e.g. --skip-bad-rows=5%)",
                counted(rejected.len() as u64, "bad row", "bad rows"),
                ceiling.describe(lines)
            );
            fine = false;
        }
        fine
    }
}

/// How many bad rows a run may skip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ceiling {
    /// At most this many rows.
    Rows(u64),
    /// At most this share of the lines read, in basis points (1% is 100).
    Share(u64),
}

impl Ceiling {
    /// Whether `rejected` rows out of `lines` lines are within the ceiling.
    fn allows(self, rejected: u64, lines: u64) -> bool {
        match self {
            Ceiling::Rows(most) => rejected <= most,
            Ceiling::Share(basis_points) => {
                u128::from(rejected) * 10_000 <= u128::from(lines) * u128::from(basis_points)
            }
        }
    }

    /// The ceiling in words, for a run of `lines` lines.
    fn describe(self, lines: u64) -> String {
        match self {
            Ceiling::Rows(most) => counted(most, "row", "rows"),
            Ceiling::Share(basis_points) => format!(
                "{} of {}",
                percent(basis_points),
                counted(lines, "line", "lines")
            ),
        }
    }
}

/// Parses a ceiling: a number of rows (`100`) or a percentage with up to
/// two decimals (`1%`, `0.5%`).
pub fn parse_ceiling(text: &str) -> Result<Ceiling, String> {
    let wrong = || format!("`{text}` is not a ceiling (e.g. 100 rows, or 1%)");
    let trimmed = text.trim();
    let Some(share) = trimmed.strip_suffix('%') else {
        return trimmed.parse().map(Ceiling::Rows).map_err(|_| wrong());
    };
    let (whole, decimals) = share.trim().split_once('.').unwrap_or((share.trim(), ""));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
    if !digits(whole) || (!decimals.is_empty() && !digits(decimals)) || decimals.len() > 2 {
        return Err(wrong());
    }
    let whole: u64 = whole.parse().map_err(|_| wrong())?;
    let fraction: u64 = format!("{decimals:0<2}").parse().map_err(|_| wrong())?;
    let basis_points = whole * 100 + fraction;
    if basis_points > 10_000 {
        return Err(format!("`{text}`: a share of the lines is at most 100%"));
    }
    Ok(Ceiling::Share(basis_points))
}

/// One file's lines in words: `marks.csv: 38,812 lines, 38,811 read, 1
/// rejected (line 100)`, naming up to five rejected lines (for Parquet,
/// rows: `marks.parquet: 4 rows, 3 read, 1 rejected (row 4)`).
fn describe_account(account: &LineAccount) -> String {
    const NAMED: usize = 5;
    let parquet = account
        .file
        .extension()
        .is_some_and(|extension| extension == "parquet");
    let (one, many) = if parquet {
        ("row", "rows")
    } else {
        ("line", "lines")
    };
    let mut text = format!(
        "{}: {}, {} read, {} rejected",
        account.file.display(),
        counted(account.lines, one, many),
        grouped(account.read()),
        grouped(account.rejected.len() as u64)
    );
    if !account.rejected.is_empty() {
        let named: Vec<String> = account
            .rejected
            .iter()
            .take(NAMED)
            .map(u64::to_string)
            .collect();
        let more = account.rejected.len().saturating_sub(NAMED);
        let noun = if account.rejected.len() == 1 {
            one
        } else {
            many
        };
        text.push_str(&format!(" ({noun} {}", named.join(", ")));
        if more > 0 {
            text.push_str(&format!(" and {} more", grouped(more as u64)));
        }
        text.push(')');
    }
    text
}

/// One file's implausible dates in words: `marks.csv: 2 rows dated after
/// today (2026-12-04): line 100 (9999-12-31), line 205 (9999-12-31)`.
fn describe_implausible(found: &ImplausibleDates, dates: &RunDates) -> String {
    let named: Vec<String> = found.first.iter().map(ToString::to_string).collect();
    let mut text = format!(
        "{}: {} dated {}: {}",
        found.file.display(),
        counted(found.rows, "row", "rows"),
        dates.describe(found.side),
        named.join(", ")
    );
    if found.unnamed() > 0 {
        text.push_str(&format!(" and {} more", grouped(found.unnamed())));
    }
    text
}

/// `n`, its thousands grouped, with the singular or plural noun.
fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}

/// Writes `rejected` as CSV to a new file at `path`, put there whole or
/// not at all.
fn write_rejects(path: &Path, rejected: &[RejectedRow]) -> io::Result<()> {
    let file = AtomicFile::create(path)?;
    let mut writer = csv::Writer::from_writer(io::BufWriter::new(file));
    writer.write_record(["file", "line", "byte_offset", "column", "reason", "excerpt"])?;
    for row in rejected {
        writer.write_record([
            row.file.display().to_string(),
            row.line.to_string(),
            row.offset
                .map_or_else(String::new, |offset| offset.to_string()),
            row.column.clone().unwrap_or_default(),
            row.message.clone(),
            row.excerpt.clone().unwrap_or_default(),
        ])?;
    }
    let mut out = writer.into_inner().map_err(|error| error.into_error())?;
    out.flush()?;
    out.into_inner()
        .map_err(|error| error.into_error())?
        .commit()
}

/// Parses a size in bytes: a number with an optional K, M or G suffix
/// (powers of 1024; `MiB` and `MB` read the same).
pub fn parse_size(text: &str) -> Result<usize, String> {
    let trimmed = text.trim();
    let digits = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(digits);
    let shift = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        _ => return Err(format!("`{text}` is not a size (e.g. 512M, 2G)")),
    };
    let number: usize = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (e.g. 512M, 2G)"))?;
    number
        .checked_mul(1 << shift)
        .filter(|&bytes| bytes >= 1 << 20)
        .ok_or_else(|| format!("`{text}`: give between 1M and {}G", usize::MAX >> 30))
}

#[cfg(test)]
mod tests {
    use super::{describe_account, parse_ceiling, parse_size, Ceiling};
    use rollcall_data::read::LineAccount;
    use std::path::PathBuf;

    #[test]
    fn accounts_count_lines_of_csv_and_rows_of_parquet() {
        let account = |file: &str, rejected: Vec<u64>| LineAccount {
            file: PathBuf::from(file),
            lines: 4,
            rejected,
        };
        assert_eq!(
            describe_account(&account("d/marks.csv", vec![3])),
            "d/marks.csv: 4 lines, 3 read, 1 rejected (line 3)"
        );
        assert_eq!(
            describe_account(&account("d/marks.parquet", vec![1, 4])),
            "d/marks.parquet: 4 rows, 2 read, 2 rejected (rows 1, 4)"
        );
    }

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("4096k"), Ok(4 << 20));
        assert!(parse_size("12 parsecs").is_err());
        assert!(parse_size("1K").is_err(), "below 1M");
        assert!(parse_size("M").is_err());
    }

    #[test]
    fn ceilings_are_counts_or_shares() {
        assert_eq!(parse_ceiling("200"), Ok(Ceiling::Rows(200)));
        assert_eq!(parse_ceiling("1%"), Ok(Ceiling::Share(100)));
        assert_eq!(parse_ceiling("0.5%"), Ok(Ceiling::Share(50)));
        assert_eq!(parse_ceiling("2.25%"), Ok(Ceiling::Share(225)));
        assert!(parse_ceiling("0.125%").is_err());
        assert!(parse_ceiling("101%").is_err());
        assert!(parse_ceiling("some").is_err());
        assert!(Ceiling::Share(100).allows(388, 38_812));
        assert!(!Ceiling::Share(100).allows(389, 38_812));
        assert!(Ceiling::Rows(1).allows(1, 5) && !Ceiling::Rows(1).allows(2, 5));
    }
}

/// Prints the total of bad rows skipped.
pub fn report_skipped(count: usize) {
    eprintln!("skipped {}", plural(count, "bad row", "bad rows"));
}

/// A data file format, as the command line names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// CSV with a header row.
    Csv,
    /// Parquet: dates as dates, the rest as strings.
    Parquet,
}

impl From<FormatArg> for FileFormat {
    fn from(format: FormatArg) -> FileFormat {
        match format {
            FormatArg::Csv => FileFormat::Csv,
            FormatArg::Parquet => FileFormat::Parquet,
        }
    }
}
