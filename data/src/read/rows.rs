//! Rows as the record stage hands them up: the text fields of one row of a
//! file, with the line it starts on; rows that cannot be read are rejected
//! (and accounted for) below this interface, never handed up.

use super::error::{ReadError, Rejections};
use csv::ByteRecord;
use std::path::Path;

/// The rows of one file, one at a time, each with the line it came from.
pub(crate) trait RowSource: Send {
    /// Reads the next row with the right number of columns into `record`,
    /// rejecting the others; its line (for Parquet, its 1-based row
    /// number), or `None` at the end.
    fn next_row(
        &mut self,
        record: &mut ByteRecord,
        rejections: &mut Rejections,
    ) -> Result<Option<u64>, ReadError>;

    /// The file.
    fn path(&self) -> &Path;

    /// Whether the rows are checked, as they are read, to be in pupil
    /// order (the file says they are): no need to check the file first.
    fn checks_pupil_order(&self) -> bool {
        false
    }

    /// From now on, may pass over rows whose pupil is not `pupil` without
    /// reading them (a hint: rows of other pupils may still come).
    fn pass_over_all_but(&mut self, _pupil: &str) {}

    /// Splits the rows not yet read into about `parts` sources to be read
    /// on threads of their own: this one keeps the first, and the others
    /// are returned in file order (none where the file cannot be split).
    fn split(&mut self, _parts: usize) -> Result<Vec<Box<dyn RowSource>>, ReadError> {
        Ok(Vec::new())
    }
}

/// Field `index` of a row, without surrounding whitespace.
pub(crate) fn field(record: &ByteRecord, index: usize) -> &[u8] {
    record.get(index).unwrap_or_default().trim_ascii()
}
