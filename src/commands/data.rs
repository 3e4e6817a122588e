//! The data-directory options shared by `eval`, `explain` and `stats`, and
//! opening the directory they name as a stream, reporting
//! bad rows as `file:line: message`.

use rollcall_data::read::{
    open_data_dir, DataStream, FileFormat, OnBadRow, ReadOptions, RejectedRow,
};
use rollcall_ir::words::plural;
use std::path::PathBuf;

/// Where the data is and how to read it.
#[derive(clap::Args, Clone, Debug)]
pub struct DataArgs {
    /// The data directory: schools, pupils, marks and (optionally) events,
    /// each as .csv or .parquet.
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// Skip bad data rows (each is reported, with a total) instead of stopping.
    #[arg(long)]
    pub skip_bad_rows: bool,
    /// Memory for sorting files not sorted by pupil (e.g. 512M, 2G); beyond
    /// it, sorted runs are spilled to disk.
    #[arg(long, value_name = "SIZE", default_value = "512M", value_parser = parse_size)]
    pub memory: usize,
    /// Where sorted runs are spilled (default: the system's temporary directory).
    #[arg(long, value_name = "DIR")]
    pub temp_dir: Option<PathBuf>,
}

impl DataArgs {
    fn options(&self) -> ReadOptions {
        ReadOptions {
            on_bad_row: if self.skip_bad_rows {
                OnBadRow::Skip
            } else {
                OnBadRow::Stop
            },
            memory: self.memory,
            temp_dir: self.temp_dir.clone(),
        }
    }

    /// Opens the directory for streaming; prints why and returns `None` if
    /// it cannot be.
    pub fn open(&self) -> Option<DataStream> {
        open_data_dir(&self.data, &self.options())
            .map_err(|error| eprintln!("{error}"))
            .ok()
    }

    /// Prints every skipped row and, when skipping, their total.
    pub fn report_rejected(&self, rejected: &[RejectedRow]) {
        for row in rejected {
            eprintln!("{row}");
        }
        if self.skip_bad_rows {
            report_skipped(rejected.len());
        }
    }
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
    use super::parse_size;

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
