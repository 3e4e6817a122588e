//! Reading a data directory (`schools.csv`, `pupils.csv`, `marks.csv` and
//! the optional `events.csv`, each with its header row) into a [`DataSet`].
//!
//! Every bad row is reported as `file:line: message` (the 1-based physical
//! line where the row starts): a wrong number of columns, a bad date,
//! session or code, an unknown school, pupil, parent or event kind, a
//! duplicate school or pupil id, a session marked twice with different
//! codes or schools, an event whose end is missing, misplaced or before its
//! start. With [`OnBadRow::Stop`] reading stops at the first; with
//! [`OnBadRow::Skip`] each is skipped and listed in [`Loaded::rejected`].
//! A missing or wrong header row always stops. Rows are checked file by
//! file, each in line order, except that conflicting duplicate sessions are
//! found once all of `marks.csv` has been read.
//!
//! Accepted on purpose: identical duplicate rows of `marks.csv` or
//! `events.csv` (kept once); a pupil with an empty `parents` list (no
//! parent-level decisions); surrounding whitespace in any field; quoted
//! fields; a UTF-8 byte-order mark; blank lines.

mod csv_file;
mod dataset;
mod error;
mod events;
mod fields;
mod marks;
mod pupils;
mod schools;

pub use dataset::{DataSet, PupilHistory};
pub use error::{OnBadRow, ReadError, RejectedRow};

use error::Rejections;
use std::path::Path;

/// A data directory as read: the good rows and every rejected one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loaded {
    /// The rows that were read, in history order.
    pub data: DataSet,
    /// The bad rows skipped under [`OnBadRow::Skip`], file by file
    /// (schools, pupils, marks, events), each in line order; always empty
    /// under [`OnBadRow::Stop`].
    pub rejected: Vec<RejectedRow>,
}

/// Reads the data directory `dir`, treating bad rows per `on_bad_row`.
pub fn read_data_dir(dir: &Path, on_bad_row: OnBadRow) -> Result<Loaded, ReadError> {
    if !dir.is_dir() {
        return Err(ReadError::MissingDirectory {
            path: dir.to_path_buf(),
        });
    }
    let mut rejections = Rejections::new(on_bad_row);
    let schools = schools::read_schools(dir, &mut rejections)?;
    let pupils = pupils::read_pupils(dir, &mut rejections)?;
    let marks = marks::read_marks(dir, &schools, &pupils, &mut rejections)?;
    let events = events::read_events(dir, &pupils, &mut rejections)?;
    Ok(Loaded {
        data: DataSet::with_marks_in_order(schools, pupils, marks, events),
        rejected: rejections.into_rows(),
    })
}
