//! A data directory read one pupil at a time: `pupils`, `marks` and
//! `events` are merged on the pupil id, each in pupil order, so memory holds
//! one pupil's history (plus the schools), never the cohort.

use super::cursor::{Cursor, Lookahead, MarkCursor};
use super::dataset::PupilHistory;
use super::error::{LineAccount, OnBadRow, ReadError, RejectedRow, Rejections};
use super::events::parse_event;
use super::fields::shown;
use super::files::open_in_file_order;
use super::marks::{settle_marks, MarkRow, SessionOrder};
use super::plausible::{DateBounds, ImplausibleDates, Plausibility};
use super::pupils::parse_pupil;
use super::schools::read_schools;
use super::source::{open_in_pupil_order, open_marks_in_pupil_order, Order};
use super::table::Table;
use crate::model::{Event, EventKind, Mark, Pupil, School};
use std::path::{Path, PathBuf};

/// An open data directory: its schools, and its pupils to be read in id
/// order.
pub struct DataStream {
    /// The schools, sorted by id (marks refer to them by index).
    pub schools: Vec<School>,
    /// The pupils' histories, one at a time.
    pub pupils: PupilReader,
}

/// One pupil and their history, as read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PupilRecord {
    /// The pupil.
    pub pupil: Pupil,
    /// Their marks, sorted by date then session.
    pub marks: Vec<Mark>,
    /// Their events, sorted by start, kind, then parent.
    pub events: Vec<Event>,
}

impl PupilRecord {
    /// The history the engine evaluates.
    pub fn history(&self) -> PupilHistory<'_> {
        PupilHistory {
            pupil: &self.pupil,
            marks: &self.marks,
            events: &self.events,
        }
    }
}

/// How to read a data directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// What to do with a bad row.
    pub on_bad_row: OnBadRow,
    /// The memory budget in bytes for sorting files that are not sorted by
    /// pupil; beyond it, sorted runs are spilled to disk.
    pub memory: usize,
    /// Where spilled runs go (default: the system's temporary directory).
    pub temp_dir: Option<PathBuf>,
    /// Read only this pupil's rows of `pupils`, `marks` and `events`
    /// (explaining one pupil): the others' are passed over, most of them
    /// unsplit, and unsorted files are not sorted. Bad rows of other pupils
    /// may then go unreported, and lines passed over count as read.
    pub pupil: Option<String>,
    /// The dates a register can plausibly hold: marks and events outside
    /// them are read, and counted ([`PupilReader::implausible`]).
    pub dates: DateBounds,
    /// The event kinds the policies in use declare: `events` rows may have
    /// these kinds besides the built-in ones (any other is a bad row).
    pub declared_events: Vec<EventKind>,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            on_bad_row: OnBadRow::Stop,
            memory: 512 << 20,
            temp_dir: None,
            pupil: None,
            dates: DateBounds::default(),
            declared_events: Vec::new(),
        }
    }
}

/// Opens the data directory `dir`: reads `schools` whole and opens the
/// other tables in pupil order (sorting any that are not, within
/// `options.memory`).
pub fn open_data_dir(dir: &Path, options: &ReadOptions) -> Result<DataStream, ReadError> {
    if !dir.is_dir() {
        return Err(ReadError::MissingDirectory {
            path: dir.to_path_buf(),
        });
    }
    let mut rejections = Rejections::new(options.on_bad_row);
    let mut schools_file =
        open_in_file_order(dir, Table::SCHOOLS)?.ok_or_else(|| ReadError::MissingFile {
            path: dir.join("schools.csv"),
        })?;
    let schools = read_schools(schools_file.as_mut(), &mut rejections)?;
    // The marks take most of the budget; a file that fits stays in memory
    // while the others are read.
    // The pupils file is put in order whole (it is small), so that other
    // pupils' marks are known ones; marks and events may keep one pupil's.
    let order = |share, table| Order {
        memory: options.memory / share,
        temp_dir: options.temp_dir.as_deref(),
        pupil: options.pupil.as_deref().filter(|_| table != Table::PUPILS),
    };
    let mut open =
        |table, share| open_in_pupil_order(dir, table, &order(share, table), &mut rejections);
    let pupils = open(Table::PUPILS, 4)?.ok_or_else(|| ReadError::MissingFile {
        path: dir.join("pupils.csv"),
    })?;
    let events = open(Table::EVENTS, 4)?;
    let marks = open_marks_in_pupil_order(dir, &order(2, Table::MARKS), &mut rejections, &schools)?
        .ok_or_else(|| ReadError::MissingFile {
            path: dir.join("marks.csv"),
        })?;
    let files = [
        Some(schools_file.path()),
        Some(pupils.path()),
        Some(marks.path()),
    ]
    .into_iter()
    .chain([events.as_ref().map(|events| events.path())])
    .flatten()
    .map(Path::to_path_buf)
    .collect();
    let mut reader = PupilReader {
        schools: schools.clone(),
        files,
        pupils: Lookahead::new(pupils),
        marks,
        events: events.map(Lookahead::new),
        rejections,
        plausibility: Plausibility::new(options.dates),
        last: None,
        read: 0,
        rows: Vec::new(),
        order: SessionOrder::default(),
        declared_events: options.declared_events.clone(),
    };
    reader.pupils.advance(&mut reader.rejections)?;
    reader.marks.advance(&mut reader.rejections)?;
    if let Some(events) = &mut reader.events {
        events.advance(&mut reader.rejections)?;
    }
    Ok(DataStream {
        schools,
        pupils: reader,
    })
}

/// The pupils of a data directory, read one at a time in id order.
pub struct PupilReader {
    schools: Vec<School>,
    /// The files, in reading order (for ordering rejections).
    files: Vec<PathBuf>,
    /// Read one row ahead: a pupils file out of the order it claims is
    /// caught at the row that breaks it before the pupil before that row
    /// takes its marks, so the fault is not blamed on the marks' pupils.
    pupils: Lookahead,
    marks: Box<dyn MarkCursor>,
    events: Option<Lookahead>,
    rejections: Rejections,
    /// The marks and events dated where no register can be.
    plausibility: Plausibility,
    /// The last pupil read, and its line.
    last: Option<(String, u64)>,
    /// Pupils read so far.
    read: u32,
    rows: Vec<MarkRow>,
    order: SessionOrder,
    /// The event kinds policies declare (see [`ReadOptions`]).
    declared_events: Vec<EventKind>,
}

impl PupilReader {
    /// Reads the next pupil into `record` (reusing its buffers); false when
    /// every pupil has been read.
    pub fn next_into(&mut self, record: &mut PupilRecord) -> Result<bool, ReadError> {
        loop {
            let pupils_file = self.pupils.path();
            let Some((_, line)) = self.pupils.head() else {
                self.marks
                    .reject_before(None, pupils_file, &mut self.rejections)?;
                if let Some(events) = &mut self.events {
                    events.reject_before(None, pupils_file, &mut self.rejections)?;
                }
                return Ok(false);
            };
            let pupil = &mut record.pupil;
            let parsed = parse_pupil(self.pupils.record(), pupil);
            self.pupils.advance(&mut self.rejections)?;
            if let Err(message) = parsed {
                self.rejections.reject(self.pupils.path(), line, message)?;
                continue;
            }
            match &mut self.last {
                Some((last, first)) if *last == pupil.id => {
                    let message = format!(
                        "pupil {} is already listed on line {first}",
                        shown(last.as_bytes())
                    );
                    self.rejections.reject(self.pupils.path(), line, message)?;
                    continue;
                }
                Some((last, first)) => {
                    last.clone_from(&pupil.id);
                    *first = line;
                }
                None => self.last = Some((pupil.id.clone(), line)),
            }
            self.take_marks(&record.pupil, &mut record.marks)?;
            self.take_events(&record.pupil, &mut record.events)?;
            self.read += 1;
            return Ok(true);
        }
    }

    /// Pupils read so far.
    pub fn pupils_read(&self) -> u32 {
        self.read
    }

    /// The rows rejected so far (under [`OnBadRow::Skip`]),
    /// file by file in reading order, each in line order.
    pub fn rejected(&self) -> Vec<RejectedRow> {
        let mut rows = self.rejections.rows().to_vec();
        let rank = |row: &RejectedRow| self.files.iter().position(|file| *file == row.file);
        rows.sort_by_key(|row| (rank(row), row.line));
        rows
    }

    /// How the lines (for Parquet, rows) of each file read to its end were
    /// accounted for,
    /// file by file in reading order (every file, once all pupils are
    /// read).
    pub fn accounts(&self) -> Vec<LineAccount> {
        let mut accounts = self.rejections.accounts();
        let rank = |account: &LineAccount| self.files.iter().position(|file| *file == account.file);
        accounts.sort_by_key(rank);
        accounts
    }

    /// The marks and events read whose dates fall outside
    /// [`ReadOptions::dates`], file by file and side by side, in the order
    /// first found.
    pub fn implausible(&self) -> &[ImplausibleDates] {
        self.plausibility.found()
    }

    fn take_marks(&mut self, pupil: &Pupil, marks: &mut Vec<Mark>) -> Result<(), ReadError> {
        marks.clear();
        let rejections = &mut self.rejections;
        self.marks
            .reject_before(Some(&pupil.id), self.pupils.path(), rejections)?;
        if self.marks.take_settled(pupil.id.as_bytes(), marks) {
            // Read as typed columns: the rows' numbers are not kept.
            let path = self.marks.path();
            self.plausibility.check_settled(path, &pupil.id, marks);
            return Ok(());
        }
        self.marks
            .take_pupil(pupil.id.as_bytes(), &mut self.rows, rejections)?;
        if self.plausibility.checks() {
            let path = self.marks.path();
            for row in &self.rows {
                self.plausibility
                    .check_mark(path, Some(row.line), &pupil.id, row.date);
            }
        }
        settle_marks(
            &mut self.rows,
            &mut self.order,
            &pupil.id,
            self.marks.path(),
            &self.schools,
            rejections,
            marks,
        )
    }

    fn take_events(&mut self, pupil: &Pupil, events: &mut Vec<Event>) -> Result<(), ReadError> {
        events.clear();
        let Some(file) = &mut self.events else {
            return Ok(());
        };
        let rejections = &mut self.rejections;
        file.reject_before(Some(&pupil.id), self.pupils.path(), rejections)?;
        while let Some((id, line)) = file.head() {
            if id != pupil.id.as_bytes() {
                break;
            }
            match parse_event(file.record(), pupil, &self.declared_events) {
                Ok(event) => {
                    // One row counted once: its start, else its end.
                    let (path, id) = (file.path(), &pupil.id);
                    if !self.plausibility.check_event(path, line, id, event.start) {
                        if let Some(end) = event.end {
                            self.plausibility.check_event(path, line, id, end);
                        }
                    }
                    events.push(event);
                }
                Err(message) => rejections.reject(file.path(), line, message)?,
            }
            file.advance(rejections)?;
        }
        events.sort_by(|a, b| {
            (
                a.start,
                a.kind,
                &a.parent,
                a.end,
                &a.detail,
                a.start_session,
            )
                .cmp(&(
                    b.start,
                    b.kind,
                    &b.parent,
                    b.end,
                    &b.detail,
                    b.start_session,
                ))
        });
        events.dedup();
        Ok(())
    }
}
