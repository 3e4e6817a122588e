//! Reading a data directory: `schools`, `pupils`, `marks` and the optional
//! `events`, each as CSV with its header row or as Parquet with the same
//! columns (see [`Table`]; `events` may leave out its last column,
//! `start_session`).
//!
//! [`open_data_dir`] streams it one pupil at a time: the three per-pupil
//! tables are merged on the pupil id, so memory holds one pupil's history.
//! A table already sorted by pupil is read as it is; one that is not is
//! first sorted externally within [`ReadOptions::memory`]. [`read_data_dir`]
//! collects the stream into a [`DataSet`].
//!
//! Every bad row is reported as `file:line: message` (the 1-based physical
//! line where the row starts; for Parquet, the 1-based row number): a quote
//! left open on its line (only an event's `detail` may span lines, up to
//! [`EVENT_ROW_LIMIT`]), a line longer than [`ROW_LIMIT`] (read past, never
//! held whole), a wrong number of columns, a bad date, session or code, an unknown school,
//! pupil, parent or event kind, a duplicate school or pupil id, a session
//! marked twice with different codes or schools, an event whose end is
//! missing, misplaced or before its start, a `start_session` on an event
//! that is not an exclusion. With [`OnBadRow::Stop`] reading
//! stops at the first found; with [`OnBadRow::Skip`] each is skipped and
//! listed (file by file, each in line order), and every physical line of a
//! CSV file after its header, every row of a Parquet file, is accounted for
//! as read or rejected ([`PupilReader::accounts`]). A missing or wrong header row always stops.
//! A value shown in a message is cut to an excerpt with its length.
//! Marks and events dated outside [`ReadOptions::dates`] are read and
//! counted ([`PupilReader::implausible`]), for the caller to warn or refuse.
//!
//! Accepted on purpose: identical duplicate rows of `marks` or `events`
//! (kept once); a pupil with an empty `parents` list (no parent-level
//! decisions); surrounding whitespace in any field; quoted fields; a UTF-8
//! byte-order mark; blank lines.
//!
//! The modules stand in stages, each using only those below it: bytes
//! (`records` for CSV; `positioned`, `parquet_pages` and `parquet_columns`
//! for Parquet) → rows of text fields with their file and line (`rows`,
//! handed up by `csv_file` and `parquet_file`, each bad row rejected and
//! each line accounted for in `error`'s `Rejections`) → typed rows
//! (`fields`, `schools`, `pupils`, `marks`, `events`; `id_index` finds
//! ids) → pupil order (`pupil_order` checks it; `sort` makes it for any
//! table's text rows, `mark_sort` for marks, parsed once) → cursors one
//! row ahead
//! (`cursor`, `parquet_marks`) → `source`, a table opened in pupil order →
//! `stream`, which the engine reads. `table` (the data contract) stands at
//! the bottom; `files` opens a table's file, `convert` and
//! `parquet_writer` write one; `locate` finds rejected rows' lines again
//! for a rejects file.

mod convert;
mod counting_sort;
mod csv_file;
pub mod ctf;
mod cursor;
mod dataset;
mod error;
mod events;
mod fields;
mod files;
mod id_index;
mod locate;
mod mark_sort;
mod marks;
mod parquet_columns;
mod parquet_file;
mod parquet_marks;
mod parquet_pages;
mod parquet_writer;
mod plausible;
mod positioned;
mod pupil_order;
mod pupils;
mod records;
mod rows;
mod schools;
mod sort;
mod source;
mod stream;
mod table;

pub use convert::convert_table;
pub use csv_file::{EVENT_ROW_LIMIT, ROW_LIMIT};
pub use dataset::{DataSet, PupilHistory};
pub use error::{LineAccount, OnBadRow, ReadError, RejectedRow};
pub use files::find_table;
pub use locate::locate_rejected;
pub use parquet_writer::{ParquetRows, ParquetTableWriter};
pub use plausible::{DateBounds, ImplausibleDates, Side, Sighting};
pub use stream::{open_data_dir, DataStream, PupilReader, PupilRecord, ReadOptions};
pub use table::{FileFormat, Table};

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

/// Reads the whole data directory `dir`, treating bad rows per
/// `on_bad_row`.
pub fn read_data_dir(dir: &Path, on_bad_row: OnBadRow) -> Result<Loaded, ReadError> {
    let options = ReadOptions {
        on_bad_row,
        ..ReadOptions::default()
    };
    read_data_dir_with(dir, &options)
}

/// Reads the whole data directory `dir` as `options` say.
pub fn read_data_dir_with(dir: &Path, options: &ReadOptions) -> Result<Loaded, ReadError> {
    let DataStream {
        schools,
        pupils: mut reader,
    } = open_data_dir(dir, options)?;
    let mut data = DataSet::default();
    data.schools = schools;
    let mut record = PupilRecord::default();
    while reader.next_into(&mut record)? {
        data.push_pupil(record.pupil.clone(), &record.marks, &mut record.events);
    }
    Ok(Loaded {
        data,
        rejected: reader.rejected(),
    })
}
