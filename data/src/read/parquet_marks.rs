//! `marks.parquet` read as typed columns, the bulk of a Parquet data
//! directory: text columns as dictionaries (see [`TextColumn`]), dates as
//! day numbers, so no row is ever written out as text. A file whose every
//! data page is dictionary encoded is read page by page (see
//! [`parquet_pages`](super::parquet_pages)); any other through Arrow. Each distinct school,
//! session, code (and text date) of a batch is checked once, with the same
//! messages as the CSV reader; a row's "line" is its 1-based row number.
//! When no row of a batch is bad (the usual case), a pupil's rows in date
//! order become marks straight from the keys ([`Clean`]); any other pupil
//! is taken row by row and settled like CSV rows.

use super::cursor::{Cursor, MarkCursor};
use super::error::{ReadError, Rejections};
use super::fields::{code, date, day_out_of_range, parquet_date, session};
use super::marks::{in_session_order, MarkRow, SchoolIds};
use super::parquet_columns::{
    declares_sorted_by, dictionary_metadata, groups_before_pupil, is_text, next_rows,
    reader_builder, TextColumn,
};
use super::parquet_pages::{readable, ColumnKeys, PageColumns};
use super::positioned::PositionedFile;
use super::pupil_order::PupilOrder;
use super::table::Table;
use crate::model::{Mark, School, Session};
use crate::scan;
use arrow_array::{Array, Date32Array, RecordBatch};
use arrow_schema::DataType;
use chrono::NaiveDate;
use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ParquetRecordBatchReader};
use parquet::arrow::ProjectionMask;
use parquet::basic::Type as PhysicalType;
use rollcall_ir::codes::Code;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows per record batch.
const BATCH_ROWS: usize = 8 * 1024;

/// The columns of `marks`, in order: pupil, school, date, session, code.
const TEXT_COLUMNS: [&str; 4] = ["pupil", "school", "session", "code"];

/// An open `marks.parquet`, one row ahead.
pub(crate) struct ParquetMarks {
    path: PathBuf,
    batches: Batches,
    pupil: TextColumn,
    school: TextColumn,
    date: DateColumn,
    session: TextColumn,
    code: TextColumn,
    schools: SchoolIds,
    /// Each distinct school, session and code of the batch, checked.
    school_of: Checked<u32>,
    session_of: Checked<Session>,
    code_of: Checked<Code>,
    /// The batch as marks without a check per row, when it is clean.
    clean: Clean,
    /// The unread row of the batch.
    row: usize,
    /// Rows in the batches before this one.
    rows_before: u64,
    /// When the file says its rows are in pupil order (and so was not
    /// checked before reading), the pupils read so far, to check that order.
    pupil_order: Option<PupilOrder>,
}

/// Where batches come from: Arrow's reader, or the file's pages read
/// directly (see [`parquet_pages`](super::parquet_pages)) when every data
/// page is dictionary encoded.
enum Batches {
    Arrow(ParquetRecordBatchReader),
    Pages {
        columns: PageColumns,
        /// A batch's keys, by column in the order of `Table::MARKS`.
        keys: Vec<ColumnKeys>,
    },
}

/// A batch being loaded.
enum Batch<'b> {
    Arrow(&'b RecordBatch),
    Pages(&'b mut [ColumnKeys]),
}

impl Batch<'_> {
    /// Loads text column `name` into `target`; whether its distinct values
    /// are new.
    fn text(&mut self, target: &mut TextColumn, name: &str) -> Result<bool, String> {
        let loaded = match self {
            Batch::Arrow(batch) => target.load(
                batch
                    .column_by_name(name)
                    .ok_or_else(|| format!("missing column `{name}`"))?,
            ),
            Batch::Pages(keys) => target.load_keys(&mut keys[marks_column(name)]),
        };
        loaded.map_err(|error| format!("column `{name}` is not text: {error}"))
    }

    /// Loads the Parquet dates of a batch read page by page: its keys into
    /// `keys`, and its dictionary's dates, if new, into `parsed` (a null's
    /// key is the last, whose date is missing); the null's key when no row
    /// is null.
    fn day_keys(
        &mut self,
        keys: &mut Vec<i32>,
        parsed: &mut Checked<NaiveDate>,
    ) -> Result<Option<i32>, String> {
        let Batch::Pages(columns) = self else {
            return Err("column `date` read by Arrow as keys".to_string());
        };
        let batch = &mut columns[marks_column("date")];
        if let Some(dictionary) = batch.dictionary.take() {
            let days = dictionary
                .chunks_exact(4)
                .take(batch.dictionary_len)
                .map(|day| i32::from_le_bytes([day[0], day[1], day[2], day[3]]));
            parsed.check_values(days.map(day_date).chain([date(b"")]));
        }
        let missing = (parsed.of.len() - 1) as i32;
        Ok((!batch.take_keys(keys, missing)).then_some(missing))
    }

    /// Loads the Parquet dates into `target`.
    fn days(&mut self, target: &mut Date32Array) -> Result<(), String> {
        match self {
            Batch::Arrow(batch) => {
                *target = batch
                    .column_by_name("date")
                    .ok_or("missing column `date`")?
                    .as_any()
                    .downcast_ref::<Date32Array>()
                    .ok_or("column `date` is not a date")?
                    .clone();
                Ok(())
            }
            Batch::Pages(_) => Err("column `date` read page by page as day numbers".to_string()),
        }
    }
}

/// The position of column `name` in `Table::MARKS`.
fn marks_column(name: &str) -> usize {
    Table::MARKS
        .columns
        .iter()
        .position(|&column| column == name)
        .unwrap_or(0)
}

/// The leaf columns of `Table::MARKS`, in order, when the file can be
/// read page by page: flat text columns (and a Parquet date), every data
/// page dictionary encoded.
fn page_leaves(metadata: &ArrowReaderMetadata) -> Option<Vec<usize>> {
    let parquet = metadata.metadata();
    let schema = parquet.file_metadata().schema_descr();
    let leaves = Table::MARKS
        .columns
        .iter()
        .map(|&name| {
            let leaf = schema
                .columns()
                .iter()
                .position(|column| column.path().parts() == [name])?;
            let wanted = match metadata.schema().field_with_name(name).ok()?.data_type() {
                DataType::Date32 => PhysicalType::INT32,
                _ => PhysicalType::BYTE_ARRAY,
            };
            (schema.column(leaf).physical_type() == wanted).then_some(leaf)
        })
        .collect::<Option<Vec<usize>>>()?;
    readable(parquet, &leaves).then_some(leaves)
}

/// The `date` column of the current batch.
enum DateColumn {
    /// Parquet dates: days since 1970-01-01.
    Days { days: Date32Array, dates: DayDates },
    /// Parquet dates read page by page: each row's key into the row
    /// group's dictionary of day numbers, each checked once.
    DayKeys {
        keys: Vec<i32>,
        parsed: Checked<NaiveDate>,
        /// The null's key when no row of the batch is null: a key no row
        /// has, that a scan for bad keys can leave out.
        absent_null: Option<i32>,
    },
    /// Dates written as text, each distinct one checked once.
    Text {
        column: TextColumn,
        parsed: Checked<NaiveDate>,
    },
}

impl ParquetMarks {
    /// Opens `path` for typed reading, for `schools` (sorted by id); `None`
    /// when a column's type is one this reader does not take (text for
    /// every column but `date`, which may also be a Parquet date): the
    /// generic reader then reads the file as text. With `pupil`, a file
    /// that says it is in pupil order is read from the first row group that
    /// may hold the pupil (by its statistics), the rows before counted as
    /// passed over.
    pub(crate) fn open(
        path: &Path,
        schools: &[School],
        pupil: Option<&str>,
    ) -> Result<Option<ParquetMarks>, ReadError> {
        let metadata = dictionary_metadata(path, &TEXT_COLUMNS)?;
        let schema = metadata.schema().clone();
        let mut roots = Vec::new();
        for &column in Table::MARKS.columns {
            let Ok(index) = schema.index_of(column) else {
                return Ok(None);
            };
            let data_type = schema.field(index).data_type();
            if !(is_text(data_type) || column == "date" && *data_type == DataType::Date32) {
                return Ok(None);
            }
            roots.push(index);
        }
        let declared = declares_sorted_by(metadata.metadata(), "pupil");
        let (first_group, rows_before) = match pupil.filter(|_| declared) {
            Some(pupil) => groups_before_pupil(metadata.metadata(), pupil),
            None => (0, 0),
        };
        let batches = match page_leaves(&metadata) {
            Some(leaves) => {
                let file =
                    PositionedFile::open(path).map_err(|source| ReadError::io(path, source))?;
                Batches::Pages {
                    keys: leaves.iter().map(|_| ColumnKeys::default()).collect(),
                    columns: PageColumns::new(
                        file,
                        Arc::clone(metadata.metadata()),
                        leaves,
                        first_group,
                    ),
                }
            }
            None => {
                let builder = reader_builder(path, &metadata)?;
                let mask = ProjectionMask::roots(builder.parquet_schema(), roots);
                let groups = (first_group..metadata.metadata().num_row_groups()).collect();
                let batches = builder
                    .with_projection(mask)
                    .with_row_groups(groups)
                    .with_batch_size(BATCH_ROWS)
                    .build()
                    .map_err(|error| ReadError::format(path, error))?;
                Batches::Arrow(batches)
            }
        };
        let date = match schema.field_with_name("date").map(|f| f.data_type()) {
            Ok(DataType::Date32) if matches!(batches, Batches::Pages { .. }) => {
                DateColumn::DayKeys {
                    keys: Vec::new(),
                    parsed: Checked::new(NaiveDate::MIN),
                    absent_null: None,
                }
            }
            Ok(DataType::Date32) => DateColumn::Days {
                days: Date32Array::from(Vec::<i32>::new()),
                dates: DayDates::default(),
            },
            _ => DateColumn::Text {
                column: TextColumn::default(),
                parsed: Checked::new(NaiveDate::MIN),
            },
        };
        Ok(Some(ParquetMarks {
            path: path.to_path_buf(),
            batches,
            pupil: TextColumn::default(),
            school: TextColumn::default(),
            date,
            session: TextColumn::default(),
            code: TextColumn::default(),
            schools: SchoolIds::new(schools),
            school_of: Checked::new(u32::MAX),
            session_of: Checked::new(Session::Am),
            code_of: Checked::new(Code::Closed),
            clean: Clean::default(),
            row: 0,
            rows_before,
            pupil_order: declared.then(PupilOrder::default),
        }))
    }

    /// Whether the file says its rows are in pupil order; if so, that
    /// order is checked as the rows are read (a row out of it is an error).
    pub(crate) fn declares_pupil_order(&self) -> bool {
        self.pupil_order.is_some()
    }

    /// Loads the next non-empty batch; false at the end.
    fn next_batch(&mut self) -> Result<bool, ReadError> {
        let loaded = match &mut self.batches {
            Batches::Arrow(reader) => match next_rows(reader, &self.path)? {
                Some(batch) => self.load(&mut Batch::Arrow(&batch)),
                None => return Ok(false),
            },
            Batches::Pages { columns, keys } => {
                let rows = columns
                    .next_batch(BATCH_ROWS, keys)
                    .map_err(|message| ReadError::format(&self.path, message))?;
                if rows == 0 {
                    return Ok(false);
                }
                // The keys are taken out while the batch is loaded, and put
                // back for the next one.
                let mut taken = std::mem::take(keys);
                let loaded = self.load(&mut Batch::Pages(&mut taken));
                if let Batches::Pages { keys, .. } = &mut self.batches {
                    *keys = taken;
                }
                loaded
            }
        };
        loaded.map_err(|message| ReadError::format(&self.path, message))?;
        self.row = 0;
        Ok(true)
    }

    /// Takes in a new batch: its columns, their distinct values checked if
    /// new, and whether it is clean. `rows_before` moves past the last one.
    fn load(&mut self, batch: &mut Batch<'_>) -> Result<(), String> {
        self.rows_before += self.pupil.len() as u64;
        let mut text = |target: &mut TextColumn, name: &str| batch.text(target, name);
        text(&mut self.pupil, "pupil")?;
        self.check_pupil_order()?;
        if text(&mut self.school, "school")? {
            let schools = &mut self.schools;
            self.school_of.check(&self.school, |id| schools.find(id));
        }
        if text(&mut self.session, "session")? {
            self.session_of.check(&self.session, session);
        }
        if text(&mut self.code, "code")? {
            self.code_of.check(&self.code, code);
        }
        match &mut self.date {
            DateColumn::Days { days, .. } => batch.days(days)?,
            DateColumn::DayKeys {
                keys,
                parsed,
                absent_null,
            } => *absent_null = batch.day_keys(keys, parsed)?,
            DateColumn::Text {
                column: dates,
                parsed,
            } => {
                if batch.text(dates, "date")? {
                    parsed.check(dates, date);
                }
            }
        }
        self.clean.ready = self.clean_batch();
        Ok(())
    }

    /// Checks that the batch's pupils go on in order from the last batch's,
    /// if the file says they do.
    fn check_pupil_order(&mut self) -> Result<(), String> {
        let Some(order) = &mut self.pupil_order else {
            return Ok(());
        };
        let mut row = 0;
        while row < self.pupil.len() {
            let key = self.pupil.key(row);
            order.next_as_declared(self.pupil.distinct(key), self.rows_before + row as u64 + 1)?;
            row = self.pupil.run_end(row, key);
        }
        Ok(())
    }

    /// Whether every row of the batch is good, extending [`Clean`]'s
    /// dates to the batch's if so.
    fn clean_batch(&mut self) -> bool {
        if !(self.school_of.none_in(&self.school)
            && self.session_of.none_in(&self.session)
            && self.code_of.none_in(&self.code))
        {
            return false;
        }
        match &self.date {
            DateColumn::Days { days, .. } => {
                let values = days.values();
                if values.is_empty() {
                    return true;
                }
                let first = values.iter().copied().fold(i32::MAX, i32::min);
                let last = values.iter().copied().fold(i32::MIN, i32::max);
                if days.null_count() > 0 || i64::from(last) - i64::from(first) >= CLEAN_DAYS {
                    return false;
                }
                self.clean.cover(first, last)
            }
            DateColumn::DayKeys {
                keys,
                parsed,
                absent_null,
            } => parsed.none_of_in(keys, *absent_null),
            DateColumn::Text { column, parsed } => parsed.none_in(column),
        }
    }

    /// The dates of a clean batch by the keys of [`Self::date_keys`] less
    /// the number given.
    fn date_table(&self) -> (&[NaiveDate], i32) {
        match &self.date {
            DateColumn::Days { .. } => (&self.clean.dates, self.clean.first_date),
            DateColumn::Text { parsed, .. } | DateColumn::DayKeys { parsed, .. } => {
                (&parsed.table, 0)
            }
        }
    }

    /// The batch's dates as keys into [`Self::date_table`]: day numbers,
    /// or text dates' keys.
    fn date_keys(&self) -> &[i32] {
        match &self.date {
            DateColumn::Days { days, .. } => days.values(),
            DateColumn::DayKeys { keys, .. } => keys,
            DateColumn::Text { column, .. } => column.keys(),
        }
    }

    /// Appends rows `start..end` of the batch to `rows` as marks for as
    /// long as they are good (the common case: no message to build, no
    /// bounds checked twice); the first row not taken.
    fn take_good(&mut self, start: usize, end: usize, rows: &mut Vec<MarkRow>) -> usize {
        let schools = &self.school.keys()[start..end];
        let sessions = &self.session.keys()[start..end];
        let codes = &self.code.keys()[start..end];
        let mut last: Option<(i32, NaiveDate)> = None;
        for (offset, ((&school, &session), &code)) in
            schools.iter().zip(sessions).zip(codes).enumerate()
        {
            let row = start + offset;
            let (Ok(school), Ok(session), Ok(code)) = (
                &self.school_of.of[school as usize],
                &self.session_of.of[session as usize],
                &self.code_of.of[code as usize],
            ) else {
                return row;
            };
            let date = match &mut self.date {
                DateColumn::Days { days, dates } if days.is_valid(row) => {
                    let day = days.value(row);
                    match last {
                        Some((known, date)) if known == day => date,
                        _ => match dates.date(day) {
                            Ok(date) => {
                                last = Some((day, date));
                                date
                            }
                            Err(_) => return row,
                        },
                    }
                }
                DateColumn::DayKeys { keys, parsed, .. } => match &parsed.of[keys[row] as usize] {
                    Ok(date) => *date,
                    Err(_) => return row,
                },
                DateColumn::Text { column, parsed } => match &parsed.of[column.key(row)] {
                    Ok(date) => *date,
                    Err(_) => return row,
                },
                DateColumn::Days { .. } => return row,
            };
            if !code.in_use_on(date) {
                return row;
            }
            rows.push(MarkRow {
                school: *school,
                date,
                session: *session,
                code: *code,
                line: self.rows_before + row as u64 + 1,
            });
        }
        end
    }

    /// The unread row's date.
    fn date(&mut self) -> Result<NaiveDate, String> {
        match &mut self.date {
            DateColumn::Days { days, dates } => match days.is_valid(self.row) {
                true => dates.date(days.value(self.row)),
                false => date(b""),
            },
            DateColumn::DayKeys { keys, parsed, .. } => parsed.of[keys[self.row] as usize].clone(),
            DateColumn::Text { column, parsed } => parsed.of[column.key(self.row)].clone(),
        }
    }
}

impl Cursor for ParquetMarks {
    fn head(&self) -> Option<(&[u8], u64)> {
        (self.row < self.pupil.len()).then(|| {
            (
                self.pupil.value(self.row),
                self.rows_before + self.row as u64 + 1,
            )
        })
    }

    fn advance(&mut self, rejections: &mut Rejections) -> Result<(), ReadError> {
        self.row += 1;
        if self.row >= self.pupil.len() && !self.next_batch()? {
            let rows = self.rows_before + self.pupil.len() as u64;
            rejections.count_lines(&self.path, rows);
        }
        Ok(())
    }

    fn path(&self) -> &Path {
        &self.path
    }
}

impl MarkCursor for ParquetMarks {
    fn take_settled(&mut self, pupil: &[u8], marks: &mut Vec<Mark>) -> bool {
        let Some((id, _)) = self.head() else {
            return true;
        };
        if id != pupil {
            return true;
        }
        if !self.clean.ready {
            return false;
        }
        let start = self.row;
        let end = self.pupil.run_end(start, self.pupil.key(start));
        // A run to the end of the batch may go on in the next one.
        if end == self.pupil.len() {
            return false;
        }
        // The tables as plain slices, so that writing marks cannot be taken
        // to change them and they are not loaded again for every row.
        let schools = &self.school_of.table[..];
        // Sessions and codes have few distinct values (a clean batch's
        // have at most a few bad ones among them), so their tables are the
        // padded arrays, and each key, below the number of values, is
        // itself as a byte. (Were a table longer, the pupil would be taken
        // row by row.)
        let (Ok(sessions), Ok(codes)) = (
            <&[Session; SMALL]>::try_from(&self.session_of.table[..]),
            <&[Code; SMALL]>::try_from(&self.code_of.table[..]),
        ) else {
            return false;
        };
        let (dates, first_date) = self.date_table();
        let before = marks.len();
        let rows = self.school.keys()[start..end]
            .iter()
            .zip(&self.session.keys()[start..end])
            .zip(&self.code.keys()[start..end])
            .zip(&self.date_keys()[start..end]);
        // Everything captured by value, so nothing is loaded again per row.
        marks.extend(rows.map(move |(((&school, &session), &code), &date)| Mark {
            school: schools[school as usize],
            date: dates[(date - first_date) as usize],
            session: sessions[usize::from(session as u8)],
            code: codes[usize::from(code as u8)],
        }));
        // A code of only one of the two code sets must be in use on its date.
        let dated = codes.iter().any(|code| !code.in_both_sets());
        let out_of_use = |mark: &Mark| !mark.code.in_use_on(mark.date);
        if !in_session_order(&marks[before..], |mark| (mark.date, mark.session))
            || dated && marks[before..].iter().any(out_of_use)
        {
            marks.truncate(before);
            return false;
        }
        self.row = end;
        true
    }

    fn mark(&mut self, line: u64) -> Result<MarkRow, String> {
        let row = self.row;
        MarkRow {
            school: self.school_of.of[self.school.key(row)].clone()?,
            date: self.date()?,
            session: self.session_of.of[self.session.key(row)].clone()?,
            code: self.code_of.of[self.code.key(row)].clone()?,
            line,
        }
        .in_use()
    }

    fn take_pupil(
        &mut self,
        pupil: &[u8],
        rows: &mut Vec<MarkRow>,
        rejections: &mut Rejections,
    ) -> Result<(), ReadError> {
        // A batch at a time: the pupil's rows in this batch are the run of
        // rows with the same key.
        while let Some((id, _)) = self.head() {
            if id != pupil {
                break;
            }
            let key = self.pupil.key(self.row);
            let end = self.pupil.run_end(self.row, key);
            let mut row = self.row;
            while row < end {
                row = self.take_good(row, end, rows);
                if row < end {
                    // A bad row: say why.
                    self.row = row;
                    let line = self.rows_before + row as u64 + 1;
                    match self.mark(line) {
                        Ok(mark) => rows.push(mark),
                        Err(message) => rejections.reject(&self.path, line, message)?,
                    }
                    row += 1;
                }
            }
            self.row = end - 1;
            self.advance(rejections)?;
        }
        Ok(())
    }
}

/// The most bad distinct values a column of a clean batch may have (none
/// of them used).
const MAX_BAD: usize = 4;

/// The widest span of dates, in days, a batch may have to be clean.
const CLEAN_DAYS: i64 = 4096;

/// Whether the batch is clean (every row of it a good mark, so a pupil's
/// rows become marks through the [`Checked`] tables alone), and the dates
/// of a span of day numbers from `first_date`, kept while batches' dates
/// stay inside it.
#[derive(Default)]
struct Clean {
    /// Whether the current batch is clean.
    ready: bool,
    dates: Vec<NaiveDate>,
    first_date: i32,
}

impl Clean {
    /// Makes `dates` cover day numbers `first..=last`; false if one is no
    /// date.
    fn cover(&mut self, first: i32, last: i32) -> bool {
        let end = i64::from(self.first_date) + self.dates.len() as i64;
        if first >= self.first_date && i64::from(last) < end {
            return true;
        }
        self.dates.clear();
        self.first_date = first;
        for day in first..=last {
            match parquet_date(day) {
                Some(date) => self.dates.push(date),
                None => {
                    self.dates.clear();
                    return false;
                }
            }
        }
        true
    }
}

/// The slots of a small [`Checked`] table: every key a byte can hold.
const SMALL: usize = 256;

/// A text column's distinct values, each checked once for as long as the
/// batches share them (a row group).
struct Checked<T> {
    /// Each value by key, or why it is bad.
    of: Vec<Result<T, String>>,
    /// The keys of the bad values, when there are at most [`MAX_BAD`].
    bad: Option<Vec<i32>>,
    /// Each good value by key; a bad value's slot holds `unread`, never
    /// read (no row of a clean batch has a bad value). Padded with
    /// `unread` to [`SMALL`] slots: a table of at most that many values is
    /// then exactly a `[T; SMALL]`, which a key read as a byte indexes
    /// without a bounds check.
    table: Vec<T>,
    unread: T,
}

impl<T: Copy> Checked<T> {
    fn new(unread: T) -> Checked<T> {
        Checked {
            of: Vec::new(),
            bad: Some(Vec::new()),
            table: Vec::new(),
            unread,
        }
    }

    /// Checks the distinct values of `column` with `parse`.
    fn check(&mut self, column: &TextColumn, parse: impl FnMut(&[u8]) -> Result<T, String>) {
        column.parse_each(parse, &mut self.of);
        self.tabulate();
    }

    /// Takes `values`, by key, as the distinct values.
    fn check_values(&mut self, values: impl Iterator<Item = Result<T, String>>) {
        self.of.clear();
        self.of.extend(values);
        self.tabulate();
    }

    /// Finds the bad values and builds the table of good ones.
    fn tabulate(&mut self) {
        let bad: Vec<i32> = (0..self.of.len())
            .filter(|&key| self.of[key].is_err())
            .map(|key| key as i32)
            .take(MAX_BAD + 1)
            .collect();
        self.bad = (bad.len() <= MAX_BAD).then_some(bad);
        let unread = self.unread;
        self.table.clear();
        self.table.extend(
            self.of
                .iter()
                .map(|value| *value.as_ref().unwrap_or(&unread)),
        );
        if self.table.len() < SMALL {
            self.table.resize(SMALL, unread);
        }
    }

    /// Whether no row of `column` has a bad value; false when there are
    /// too many bad values to look for (bad values are few, often just the
    /// empty one, which a batch without nulls cannot hold; a batch with
    /// many is read row by row anyway).
    fn none_in(&self, column: &TextColumn) -> bool {
        self.none_of_in(column.keys(), column.absent_null())
    }

    /// As [`none_in`](Checked::none_in), for `keys`, of which none is
    /// `absent` (if given): that key is not looked for.
    fn none_of_in(&self, keys: &[i32], absent: Option<i32>) -> bool {
        self.bad.as_ref().is_some_and(|bad| {
            bad.iter()
                .filter(|&&key| Some(key) != absent)
                .all(|&key| !scan::any(keys, |&other| other == key))
        })
    }
}

/// Day numbers as dates, remembered (a cohort's dates span a few years, so
/// nearly every date is worked out once).
struct DayDates {
    slots: Vec<(i32, Option<NaiveDate>)>,
}

impl Default for DayDates {
    fn default() -> DayDates {
        DayDates {
            slots: vec![(i32::MIN, None); 4096],
        }
    }
}

impl DayDates {
    /// Day `days` since 1970-01-01, or why it is no date.
    fn date(&mut self, days: i32) -> Result<NaiveDate, String> {
        let slot = &mut self.slots[days.rem_euclid(4096) as usize];
        if slot.0 != days {
            *slot = (days, parquet_date(days));
        }
        slot.1.ok_or_else(|| day_out_of_range("date", days))
    }
}

/// Day `days` since 1970-01-01, or why it is no date.
fn day_date(days: i32) -> Result<NaiveDate, String> {
    parquet_date(days).ok_or_else(|| day_out_of_range("date", days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{ArrayRef, StringArray};
    use parquet::arrow::ArrowWriter;
    use parquet::file::properties::{WriterProperties, WriterPropertiesBuilder};

    /// `batch` written to `path` with `properties`, opened for typed
    /// reading (of `pupil`'s rows, if given).
    fn written(
        path: &Path,
        batch: &RecordBatch,
        properties: WriterPropertiesBuilder,
        pupil: Option<&str>,
    ) -> ParquetMarks {
        let file = std::fs::File::create(path).expect("create");
        let mut writer =
            ArrowWriter::try_new(file, batch.schema(), Some(properties.build())).expect("a writer");
        writer.write(batch).expect("write");
        writer.close().expect("close");
        ParquetMarks::open(path, &[], pupil)
            .expect("opens")
            .expect("typed columns")
    }

    /// Whether a `marks.parquet` written with dictionaries or without is
    /// read page by page.
    fn read_by_pages(dictionary: bool) -> bool {
        let dir = tempfile::tempdir().expect("a scratch directory");
        let path = dir.path().join("marks.parquet");
        let text = |value: &str| -> ArrayRef { Arc::new(StringArray::from(vec![value; 3])) };
        let batch = RecordBatch::try_from_iter([
            ("pupil", text("p1")),
            ("school", text("school-a")),
            (
                "date",
                Arc::new(Date32Array::from(vec![19_968; 3])) as ArrayRef,
            ),
            ("session", text("AM")),
            ("code", text("/")),
        ])
        .expect("a batch");
        let properties = WriterProperties::builder().set_dictionary_enabled(dictionary);
        let marks = written(&path, &batch, properties, None);
        matches!(marks.batches, Batches::Pages { .. })
    }

    #[test]
    fn dictionary_pages_are_read_directly_and_plain_ones_through_arrow() {
        assert!(read_by_pages(true));
        assert!(!read_by_pages(false));
    }

    /// The first mark read of a `marks.parquet` in pupil order, in row
    /// groups of two rows (p1 p1, p2 p2, p3 p3), when only `pupil`'s are
    /// wanted: from its first row group on, the rows numbered as in the
    /// file.
    fn first_mark(dictionary: bool, pupil: Option<&str>, ids: [&str; 6]) -> Option<(Vec<u8>, u64)> {
        let dir = tempfile::tempdir().expect("a scratch directory");
        let path = dir.path().join("marks.parquet");
        let text = |values: Vec<&str>| -> ArrayRef { Arc::new(StringArray::from(values)) };
        let batch = RecordBatch::try_from_iter([
            ("pupil", text(ids.to_vec())),
            ("school", text(vec!["school-a"; 6])),
            (
                "date",
                Arc::new(Date32Array::from(vec![
                    19_968, 19_969, 19_968, 19_969, 19_968, 19_969,
                ])) as ArrayRef,
            ),
            ("session", text(vec!["AM"; 6])),
            ("code", text(vec!["/"; 6])),
        ])
        .expect("a batch");
        let sorted = parquet::file::metadata::SortingColumn {
            column_idx: 0,
            descending: false,
            nulls_first: false,
        };
        let properties = WriterProperties::builder()
            .set_dictionary_enabled(dictionary)
            .set_max_row_group_row_count(Some(2))
            .set_sorting_columns(Some(vec![sorted]));
        let mut marks = written(&path, &batch, properties, pupil);
        assert_eq!(matches!(marks.batches, Batches::Pages { .. }), dictionary);
        let mut rejections = Rejections::new(crate::read::OnBadRow::Stop);
        marks.advance(&mut rejections).expect("reads");
        marks.head().map(|(id, line)| (id.to_vec(), line))
    }

    #[test]
    fn one_pupils_marks_are_read_from_the_row_group_that_may_hold_them() {
        const IDS: [&str; 6] = ["p1", "p1", "p2", "p2", "p3", "p3"];
        for dictionary in [true, false] {
            let first = |pupil| first_mark(dictionary, pupil, IDS);
            assert_eq!(first(None), Some((b"p1".to_vec(), 1)));
            assert_eq!(first(Some("p0")), Some((b"p1".to_vec(), 1)));
            assert_eq!(first(Some("p2")), Some((b"p2".to_vec(), 3)));
            assert_eq!(first(Some("p3")), Some((b"p3".to_vec(), 5)));
            assert_eq!(first(Some("p9")), None);
            // Read trimmed, " p2" is p2, though it sorts before p1: its
            // group (largest p1) is read, not passed over.
            let padded = ["p1", " p2", "p2", "p2", "p3", "p3"];
            let first = first_mark(dictionary, Some("p2"), padded);
            assert_eq!(first, Some((b"p1".to_vec(), 1)));
        }
    }
}
