//! A table's file in a data directory: finding it (CSV or Parquet) and
//! opening it to read its rows in file order.

use super::csv_file::CsvFile;
use super::error::ReadError;
use super::parquet_file::ParquetFile;
use super::rows::RowSource;
use super::table::{FileFormat, Table};
use std::path::{Path, PathBuf};

/// The file holding `table` in `dir` and its format, if there is one.
pub fn find_table(dir: &Path, table: Table) -> Result<Option<(PathBuf, FileFormat)>, ReadError> {
    let mut found = [FileFormat::Csv, FileFormat::Parquet]
        .into_iter()
        .map(|format| {
            (
                dir.join(format!("{}.{}", table.name, format.extension())),
                format,
            )
        })
        .filter(|(path, _)| path.exists());
    match (found.next(), found.next()) {
        (Some((csv, _)), Some((parquet, _))) => Err(ReadError::Ambiguous { csv, parquet }),
        (found, _) => Ok(found),
    }
}

/// Opens `table` in `dir` in file order: `None` if an optional table is
/// missing.
pub(crate) fn open_in_file_order(
    dir: &Path,
    table: Table,
) -> Result<Option<Box<dyn RowSource>>, ReadError> {
    let Some((path, format)) = find_table(dir, table)? else {
        if table.required {
            return Err(ReadError::MissingFile {
                path: dir.join(format!("{}.csv", table.name)),
            });
        }
        return Ok(None);
    };
    Ok(Some(match format {
        FileFormat::Csv => Box::new(CsvFile::open(&path, table)?),
        FileFormat::Parquet => Box::new(ParquetFile::open(&path, table)?),
    }))
}
