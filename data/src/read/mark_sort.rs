//! Putting a marks file in pupil order when it is not, parsing each row
//! once.
//!
//! Each row becomes a compact typed mark ([`Compact`]: the pupil as an
//! interned index, the school, day, session, code and line) as it is read.
//! Marks are gathered in batches within the memory budget; a full batch is
//! put in pupil order by a counting sort (no comparison of rows) and, when
//! more follow, spilled as a run of fixed-size records (13 bytes when the
//! run's lines, days and schools fit, else 21: see [`Layout`]) written a
//! megabyte at a time. Reading back needs no merge: the runs hold ever later lines, and
//! a counting sort is stable, so a pupil's marks in file order are the
//! pupil's marks of each run in turn.
//!
//! A CSV file is split into parts at line starts, one a core, each read,
//! parsed and sorted on a thread of its own with its own pupil index; the
//! parts' pupils are then put in one id order, and each pupil's marks are
//! those of each part in turn.
//!
//! A row that does not parse is kept as a mark of its pupil carrying its
//! message, so that it is rejected when its pupil is read, as it is from a
//! sorted file.

use super::counting_sort::counting_sort;
use super::cursor::{Cursor, MarkCursor};
use super::error::{ReadError, Rejections};
use super::id_index::{IdIndex, ShortId};
use super::marks::{parse_mark, MarkRow, SchoolIds};
use super::rows::{field, RowSource};
use super::sort::temp_directory;
use crate::atomic::SpillDirectory;
use crate::model::Session;
use chrono::{Datelike, NaiveDate};
use csv::ByteRecord;
use rollcall_ir::codes::Code;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// One row of a marks file as it is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Compact {
    /// The line (or Parquet row) it came from.
    line: u64,
    /// The pupil, as an index into [`Pupils::ids`].
    pupil: u32,
    /// The school's index; for a bad row, its message's.
    school: u32,
    /// The day, counted from the common era as chrono counts it.
    day: i32,
    /// The code's index in [`Code::ALL`], with [`PM`] set for an
    /// afternoon; [`BAD`] for a row that did not parse.
    code: u8,
}

/// The bit of [`Compact::code`] that marks an afternoon.
const PM: u8 = 0x80;
/// [`Compact::code`] of a row that did not parse.
const BAD: u8 = u8::MAX;
const _: () = assert!(Code::ALL.len() < PM as usize);

/// The bytes of a [`Compact`] in a run file, at most (see [`Layout`]).
const RECORD: usize = 21;
/// The bytes of a [`Layout::Narrow`] record.
const NARROW: usize = 13;

impl Compact {
    /// The mark `row` of pupil `pupil`.
    fn of(pupil: u32, row: MarkRow) -> Compact {
        let session = match row.session {
            Session::Am => 0,
            Session::Pm => PM,
        };
        Compact {
            line: row.line,
            pupil,
            school: row.school,
            day: row.date.num_days_from_ce(),
            code: row.code as u8 | session,
        }
    }

    /// The mark as the stream takes it, or the message of a bad row.
    fn row(self, bad: &mut [String]) -> Result<MarkRow, String> {
        if self.code == BAD {
            return Err(std::mem::take(&mut bad[self.school as usize]));
        }
        let date = NaiveDate::from_num_days_from_ce_opt(self.day)
            .ok_or_else(|| format!("a day out of range ({})", self.day))?;
        let code = Code::ALL
            .get(usize::from(self.code & !PM))
            .copied()
            .ok_or_else(|| format!("a code out of range ({})", self.code))?;
        let session = if self.code & PM == 0 {
            Session::Am
        } else {
            Session::Pm
        };
        Ok(MarkRow {
            school: self.school,
            date,
            session,
            code,
            line: self.line,
        })
    }
}

/// How a run file's records are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// Each mark whole: the line's low `u32`, pupil `u32`, school `u32`,
    /// day `i32`, the line's high `u32`, code `u8` (21 bytes,
    /// little-endian).
    Whole,
    /// Each mark against the run's first line and day: line `u32`, pupil
    /// `u32`, school `u16`, day `u16`, code `u8` (13 bytes). A run's marks
    /// nearly always fit: its lines are a batch's, its days a year or two,
    /// its schools an authority's. A bad row's day is not kept.
    Narrow { line: u64, day: i32 },
}

impl Layout {
    /// The narrow layout if every one of `marks` fits it, else the whole.
    fn of(marks: &[Compact]) -> Layout {
        let good = || marks.iter().filter(|mark| mark.code != BAD);
        let line = marks.iter().map(|mark| mark.line).min().unwrap_or(0);
        let day = good().map(|mark| mark.day).min().unwrap_or(0);
        let fits = marks.iter().all(|mark| {
            u32::try_from(mark.line - line).is_ok() && u16::try_from(mark.school).is_ok()
        }) && good()
            .all(|mark| u16::try_from(i64::from(mark.day) - i64::from(day)).is_ok());
        if fits {
            Layout::Narrow { line, day }
        } else {
            Layout::Whole
        }
    }

    /// The bytes of a record.
    fn bytes(self) -> usize {
        match self {
            Layout::Whole => RECORD,
            Layout::Narrow { .. } => NARROW,
        }
    }

    /// Writes `mark` to `out`, [`bytes`](Layout::bytes) long; `mark` fits
    /// the layout (see [`of`](Layout::of)).
    fn encode(self, mark: Compact, out: &mut [u8]) {
        out[4..8].copy_from_slice(&mark.pupil.to_le_bytes());
        match self {
            Layout::Whole => {
                out[..4].copy_from_slice(&(mark.line as u32).to_le_bytes());
                out[8..12].copy_from_slice(&mark.school.to_le_bytes());
                out[12..16].copy_from_slice(&mark.day.to_le_bytes());
                out[16..20].copy_from_slice(&((mark.line >> 32) as u32).to_le_bytes());
                out[20] = mark.code;
            }
            Layout::Narrow { line, day } => {
                let day = if mark.code == BAD { 0 } else { mark.day - day };
                out[..4].copy_from_slice(&((mark.line - line) as u32).to_le_bytes());
                out[8..10].copy_from_slice(&(mark.school as u16).to_le_bytes());
                out[10..12].copy_from_slice(&(day as u16).to_le_bytes());
                out[12] = mark.code;
            }
        }
    }

    /// The mark of the record `bytes`, [`bytes`](Layout::bytes) long.
    fn decode(self, bytes: &[u8]) -> Compact {
        let word = |at: usize| {
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let half = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
        match self {
            Layout::Whole => Compact {
                line: u64::from(word(0)) | u64::from(word(16)) << 32,
                pupil: word(4),
                school: word(8),
                day: word(12) as i32,
                code: bytes[20],
            },
            Layout::Narrow { line, day } => {
                let code = bytes[12];
                Compact {
                    line: line + u64::from(word(0)),
                    pupil: word(4),
                    school: u32::from(half(8)),
                    day: if code == BAD {
                        0
                    } else {
                        day + i32::from(half(10))
                    },
                    code,
                }
            }
        }
    }
}

/// The pupil ids met so far, each given the next index.
#[derive(Default)]
struct Pupils {
    index: IdIndex,
    ids: Vec<Box<[u8]>>,
    /// Every pupil's place in id order, by index, when last worked out
    /// (stale once it is shorter than `ids`).
    ranks: Vec<u32>,
}

impl Pupils {
    /// The index of `id`, given it if new; `None` past `u32::MAX - 1`
    /// pupils.
    fn intern(&mut self, id: &[u8]) -> Option<u32> {
        if let Some(index) = self.index.get(id) {
            return Some(index);
        }
        let index = self.next()?;
        self.ids.push(id.into());
        self.index.insert(id, index);
        Some(index)
    }

    /// [`intern`](Pupils::intern) for a short id.
    fn intern_short(&mut self, id: ShortId) -> Option<u32> {
        if let Some(index) = self.index.get_short(id) {
            return Some(index);
        }
        let index = self.next()?;
        self.ids.push(id.bytes().into());
        self.index.insert_short(id, index);
        Some(index)
    }

    /// The index a new pupil takes (`u32::MAX` is no index's).
    fn next(&self) -> Option<u32> {
        u32::try_from(self.ids.len())
            .ok()
            .filter(|&next| next < u32::MAX)
    }

    /// Every pupil's place in id order, by index; worked out again only
    /// when pupils were met since (a batch of a shuffled file meets most
    /// pupils, so later batches seldom do).
    fn ranks(&mut self) -> &[u32] {
        if self.ranks.len() != self.ids.len() {
            let mut ranks = vec![0; self.ids.len()];
            for (rank, index) in self.in_order().into_iter().enumerate() {
                ranks[index as usize] = rank as u32;
            }
            self.ranks = ranks;
        }
        &self.ranks
    }

    /// The pupils' indices in id order.
    fn in_order(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.ids.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.ids[a as usize].cmp(&self.ids[b as usize]));
        order
    }
}

/// Puts `marks` in pupil order (file order within a pupil), using `spare`
/// and `starts` as room.
fn sort_by_pupil(
    marks: &mut Vec<Compact>,
    spare: &mut Vec<Compact>,
    starts: &mut Vec<usize>,
    pupils: &mut Pupils,
) {
    let ranks = pupils.ranks();
    counting_sort(marks, spare, starts, ranks.len(), |_, mark| {
        ranks[mark.pupil as usize] as usize
    });
}

/// A sorted batch of marks: in memory, or in a run file.
enum Run {
    Memory {
        marks: Vec<Compact>,
        next: usize,
    },
    File {
        path: PathBuf,
        layout: Layout,
        input: BufReader<File>,
        head: Option<Compact>,
    },
}

/// Bytes of records encoded before they are written.
const SPILL_BYTES: usize = 1 << 20;

impl Run {
    /// Writes `marks` to a new run file at `path` and opens it for reading.
    fn spill(marks: &[Compact], path: PathBuf) -> Result<Run, ReadError> {
        let io = |source| ReadError::Io {
            path: path.clone(),
            source,
        };
        let layout = Layout::of(marks);
        let size = layout.bytes();
        let mut out = File::create(&path).map_err(io)?;
        let mut bytes = vec![0; SPILL_BYTES / size * size];
        for chunk in marks.chunks(SPILL_BYTES / size) {
            let records = bytes.chunks_exact_mut(size);
            for (mark, record) in chunk.iter().zip(records) {
                layout.encode(*mark, record);
            }
            out.write_all(&bytes[..chunk.len() * size]).map_err(io)?;
        }
        let mut input = BufReader::with_capacity(1 << 18, File::open(&path).map_err(io)?);
        let head = read_record(&mut input, layout).map_err(io)?;
        Ok(Run::File {
            path,
            layout,
            input,
            head,
        })
    }

    /// The next mark, unread.
    fn peek(&self) -> Option<Compact> {
        match self {
            Run::Memory { marks, next } => marks.get(*next).copied(),
            Run::File { head, .. } => *head,
        }
    }

    /// Moves past the next mark.
    fn pop(&mut self) -> Result<(), ReadError> {
        match self {
            Run::Memory { next, .. } => *next += 1,
            Run::File {
                path,
                layout,
                input,
                head,
            } => {
                *head = read_record(input, *layout).map_err(|source| ReadError::Io {
                    path: path.clone(),
                    source,
                })?;
            }
        }
        Ok(())
    }
}

/// The next mark of a run file in `layout`, `None` at its end.
fn read_record(input: &mut BufReader<File>, layout: Layout) -> io::Result<Option<Compact>> {
    match layout {
        Layout::Whole => read_sized::<RECORD>(input, layout),
        Layout::Narrow { .. } => read_sized::<NARROW>(input, layout),
    }
}

/// [`read_record`] of records of `N` bytes, decoded where they are in the
/// reader's buffer unless one straddles its end.
fn read_sized<const N: usize>(
    input: &mut BufReader<File>,
    layout: Layout,
) -> io::Result<Option<Compact>> {
    if let Some(bytes) = input.buffer().get(..N) {
        let mark = layout.decode(bytes);
        input.consume(N);
        return Ok(Some(mark));
    }
    let mut record = [0; N];
    match input.read_exact(&mut record) {
        Ok(()) => Ok(Some(layout.decode(&record))),
        Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => Ok(None),
        Err(error) => Err(error),
    }
}

/// A marks file's rows in pupil order, one row ahead.
pub(crate) struct SortedMarks {
    path: PathBuf,
    /// The file's parts, in file order, each sorted on its own.
    parts: Vec<Part>,
    /// The number of pupils.
    pupils: usize,
    /// Each part's index of each pupil, the pupils in id order ([`ABSENT`]
    /// where the part has no mark of the pupil).
    locals: Vec<Vec<u32>>,
    /// Where reading is: the pupil, and the part and run being read for
    /// the pupil.
    pupil: usize,
    part: usize,
    run: usize,
    /// The unread mark, and its part.
    head: Option<(usize, Compact)>,
}

/// [`SortedMarks::locals`] of a pupil a part has no mark of.
const ABSENT: u32 = u32::MAX;

/// The most marks a batch holds (24 MiB, and as much again to sort it),
/// whatever the budget: runs are read back without a merge, so more of
/// them cost next to nothing, while a larger batch costs more to fault in
/// than its run costs to write and read (150,000 pupils' shuffled marks:
/// 14.7 s with a 4G budget held whole, 12.3 s with 512M spilled; later,
/// batches of 4 Mi marks and of 1 Mi took the same time, at a peak of 360
/// and 180 MiB).
const BATCH_MARKS: usize = 1 << 20;

/// Rows between two looks at whether an earlier part has failed.
const CHECK_ROWS: u64 = 1 << 12;

impl SortedMarks {
    /// Reads every row of `source` as a mark at one of `schools`, and puts
    /// them in pupil order within `memory` bytes, spilling runs under
    /// `temp_dir` (or the system's). A file that can be split is read and
    /// sorted in parts, one a core, each on a thread of its own.
    pub(crate) fn sort(
        mut source: Box<dyn RowSource>,
        mut schools: SchoolIds,
        memory: usize,
        temp_dir: Option<&Path>,
        rejections: &mut Rejections,
    ) -> Result<SortedMarks, ReadError> {
        let path = source.path().to_path_buf();
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let others = source.split(cores)?;
        let memory = memory / (others.len() + 1);
        // The first part that failed: later ones stop, earlier ones go on,
        // so that the error reported is the first in the file.
        let failed = AtomicUsize::new(usize::MAX);
        let parts = std::thread::scope(|scope| {
            let handles: Vec<_> = others
                .into_iter()
                .enumerate()
                .map(|(index, mut other)| {
                    let (mut schools, mut found) = (schools.clone(), rejections.fresh());
                    let failed = &failed;
                    scope.spawn(move || {
                        let part = Part::sort(
                            other.as_mut(),
                            &mut schools,
                            (memory, temp_dir),
                            &mut found,
                            (index + 1, failed),
                        );
                        (part, found)
                    })
                })
                .collect();
            let first = Part::sort(
                source.as_mut(),
                &mut schools,
                (memory, temp_dir),
                rejections,
                (0, &failed),
            );
            let mut parts = vec![first];
            for handle in handles {
                let (part, found) = handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                rejections.absorb(found);
                parts.push(part);
            }
            parts.into_iter().collect::<Result<Vec<Part>, ReadError>>()
        })?;
        Ok(SortedMarks::new(path, parts))
    }

    /// The marks of `parts`, before the first.
    fn new(path: PathBuf, parts: Vec<Part>) -> SortedMarks {
        let mut ids: Vec<(&[u8], u32, u32)> = Vec::new();
        for (part, held) in parts.iter().enumerate() {
            let indexed = held.pupils.ids.iter().enumerate();
            ids.extend(indexed.map(|(local, id)| (&**id, part as u32, local as u32)));
        }
        ids.sort_unstable();
        let mut pupils = 0;
        let mut locals = vec![Vec::new(); parts.len()];
        for group in ids.chunk_by(|a, b| a.0 == b.0) {
            for local in &mut locals {
                local.push(ABSENT);
            }
            for &(_, part, local) in group {
                locals[part as usize][pupils] = local;
            }
            pupils += 1;
        }
        SortedMarks {
            path,
            parts,
            pupils,
            locals,
            pupil: 0,
            part: 0,
            run: 0,
            head: None,
        }
    }
}

/// A part of a marks file, sorted: its pupils (indexed in the order
/// met), the messages of its bad rows, and its runs in file order.
struct Part {
    pupils: Pupils,
    bad: Vec<String>,
    runs: Vec<Run>,
    /// Removed (with the runs) when the marks have been read.
    _directory: Option<SpillDirectory>,
}

impl Part {
    /// Reads every row of `source` as a mark at one of `schools` and
    /// sorts them, within `memory` bytes spilling runs under `temp_dir`.
    /// It is part `index` of its file, and stops early once `failed` (the
    /// first part to fail) is an earlier part.
    fn sort(
        source: &mut dyn RowSource,
        schools: &mut SchoolIds,
        (memory, temp_dir): (usize, Option<&Path>),
        rejections: &mut Rejections,
        (index, failed): (usize, &AtomicUsize),
    ) -> Result<Part, ReadError> {
        let mut sorter = Sorter::new(memory, temp_dir);
        let mut record = ByteRecord::new();
        let mut read = || {
            let mut rows = 0u64;
            while let Some(line) = source.next_row(&mut record, rejections)? {
                let row = parse_mark(&record, line, schools);
                sorter.push(field(&record, 0), line, row, source.path())?;
                rows += 1;
                if rows.is_multiple_of(CHECK_ROWS) && failed.load(Ordering::Relaxed) < index {
                    break;
                }
            }
            Ok(())
        };
        let sorted = read().and_then(|()| sorter.finish(source.path()));
        if sorted.is_err() {
            failed.fetch_min(index, Ordering::Relaxed);
        }
        sorted
    }
}

/// Marks being put in pupil order: the batch in memory and the runs
/// spilled so far.
struct Sorter<'a> {
    pupils: Pupils,
    bad: Vec<String>,
    /// Rows of short ids read but not yet looked up (see [`PENDING`]).
    pending: Vec<Pending>,
    /// The batch, and the room to sort it: each holds `limit` marks.
    marks: Vec<Compact>,
    spare: Vec<Compact>,
    /// The pupils' counts, for sorting.
    starts: Vec<usize>,
    limit: usize,
    runs: Vec<Run>,
    directory: Option<SpillDirectory>,
    temp_dir: Option<&'a Path>,
}

impl<'a> Sorter<'a> {
    fn new(memory: usize, temp_dir: Option<&'a Path>) -> Sorter<'a> {
        Sorter {
            pupils: Pupils::default(),
            bad: Vec::new(),
            pending: Vec::with_capacity(PENDING),
            marks: Vec::new(),
            spare: Vec::new(),
            starts: Vec::new(),
            limit: (memory / (2 * std::mem::size_of::<Compact>())).clamp(1, BATCH_MARKS),
            runs: Vec::new(),
            directory: None,
            temp_dir,
        }
    }

    /// Adds the row on `line` of `path`, of pupil `id`: its mark, or why
    /// it is bad; spills a run when the batch is full. A row of a short id
    /// waits (its slot in the pupils' table read ahead) until [`PENDING`]
    /// rows do, and they are looked up together.
    fn push(
        &mut self,
        id: &[u8],
        line: u64,
        row: Result<MarkRow, String>,
        path: &Path,
    ) -> Result<(), ReadError> {
        match self.pupils.index.short(id) {
            Some(short) => {
                self.pupils.index.prefetch(short);
                self.pending.push(Pending {
                    id: short,
                    line,
                    row,
                });
                if self.pending.len() == PENDING {
                    self.settle(path)?;
                }
                Ok(())
            }
            None => {
                self.settle(path)?;
                let pupil = self.pupils.intern(id);
                self.add(pupil, line, row, path)
            }
        }
    }

    /// Adds the rows waiting, in the order read.
    fn settle(&mut self, path: &Path) -> Result<(), ReadError> {
        let mut pending = std::mem::take(&mut self.pending);
        for waiting in pending.drain(..) {
            let pupil = self.pupils.intern_short(waiting.id);
            self.add(pupil, waiting.line, waiting.row, path)?;
        }
        self.pending = pending;
        Ok(())
    }

    /// Adds the row on `line` of pupil index `pupil` (`None`: one pupil
    /// too many).
    fn add(
        &mut self,
        pupil: Option<u32>,
        line: u64,
        row: Result<MarkRow, String>,
        path: &Path,
    ) -> Result<(), ReadError> {
        let pupil = pupil.ok_or_else(|| {
            ReadError::format(path, format!("line {line}: more than 2^32 - 1 pupils"))
        })?;
        let mark = match row {
            Ok(row) => Compact::of(pupil, row),
            Err(message) => {
                self.bad.push(message);
                Compact {
                    line,
                    pupil,
                    school: (self.bad.len() - 1) as u32,
                    day: 0,
                    code: BAD,
                }
            }
        };
        if self.marks.capacity() == 0 {
            // The whole batch at once (pages are touched only as filled):
            // growing by doubling would copy it over and over.
            self.marks.reserve_exact(self.limit);
        }
        self.marks.push(mark);
        if self.marks.len() >= self.limit {
            self.spill()?;
        }
        Ok(())
    }

    /// Sorts the batch and writes it to a new run.
    fn spill(&mut self) -> Result<(), ReadError> {
        sort_by_pupil(
            &mut self.marks,
            &mut self.spare,
            &mut self.starts,
            &mut self.pupils,
        );
        let directory = match &mut self.directory {
            Some(directory) => directory,
            None => self.directory.insert(temp_directory(self.temp_dir)?),
        };
        let run = directory.path().join(format!("marks-{}", self.runs.len()));
        self.runs.push(Run::spill(&self.marks, run)?);
        self.marks.clear();
        Ok(())
    }

    /// The part sorted: its runs, and the last batch sorted in memory.
    fn finish(mut self, path: &Path) -> Result<Part, ReadError> {
        self.settle(path)?;
        if !self.marks.is_empty() {
            sort_by_pupil(
                &mut self.marks,
                &mut self.spare,
                &mut self.starts,
                &mut self.pupils,
            );
            self.runs.push(Run::Memory {
                marks: self.marks,
                next: 0,
            });
        }
        Ok(Part {
            pupils: self.pupils,
            bad: self.bad,
            runs: self.runs,
            _directory: self.directory,
        })
    }
}

/// A row waiting for its pupil to be looked up.
struct Pending {
    id: ShortId,
    line: u64,
    row: Result<MarkRow, String>,
}

/// The rows looked up together: enough for their reads of the pupils'
/// table to overlap.
const PENDING: usize = 32;

impl Cursor for SortedMarks {
    fn head(&self) -> Option<(&[u8], u64)> {
        let (part, mark) = self.head?;
        Some((
            &*self.parts[part].pupils.ids[mark.pupil as usize],
            mark.line,
        ))
    }

    fn advance(&mut self, _rejections: &mut Rejections) -> Result<(), ReadError> {
        while self.pupil < self.pupils {
            while let Some(part) = self.parts.get_mut(self.part) {
                let local = self.locals[self.part][self.pupil];
                while let Some(run) = part.runs.get_mut(self.run).filter(|_| local != ABSENT) {
                    match run.peek() {
                        Some(mark) if mark.pupil == local => {
                            run.pop()?;
                            self.head = Some((self.part, mark));
                            return Ok(());
                        }
                        _ => self.run += 1,
                    }
                }
                self.part += 1;
                self.run = 0;
            }
            self.part = 0;
            self.pupil += 1;
        }
        self.head = None;
        Ok(())
    }

    fn path(&self) -> &Path {
        &self.path
    }
}

impl MarkCursor for SortedMarks {
    fn mark(&mut self, _line: u64) -> Result<MarkRow, String> {
        match self.head {
            Some((part, mark)) => mark.row(&mut self.parts[part].bad),
            None => Err("no mark to read".to_owned()),
        }
    }

    /// As the trait's, in one loop without a call through the trait per
    /// mark (this is the reading thread's loop over every mark).
    fn take_pupil(
        &mut self,
        pupil: &[u8],
        rows: &mut Vec<MarkRow>,
        rejections: &mut Rejections,
    ) -> Result<(), ReadError> {
        while let Some((part, mark)) = self.head {
            let part = &mut self.parts[part];
            if *part.pupils.ids[mark.pupil as usize] != *pupil {
                break;
            }
            match mark.row(&mut part.bad) {
                Ok(row) => rows.push(row),
                Err(message) => rejections.reject(&self.path, mark.line, message)?,
            }
            self.advance(rejections)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run of `marks` spilled to a file: its layout and what reads back.
    fn spilled(marks: &[Compact]) -> (Option<Layout>, Vec<Compact>) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut run = Run::spill(marks, dir.path().join("run")).expect("spill");
        let layout = match &run {
            Run::File { layout, .. } => Some(*layout),
            Run::Memory { .. } => None,
        };
        let mut read = Vec::new();
        while let Some(mark) = run.peek() {
            read.push(mark);
            run.pop().expect("read");
        }
        (layout, read)
    }

    fn mark(line: u64, school: u32, date: (i32, u32, u32), session: Session) -> Compact {
        let row = MarkRow {
            school,
            date: NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap_or_default(),
            session,
            code: Code::ALL[Code::ALL.len() - 1],
            line,
        };
        Compact::of(123_456, row)
    }

    /// Marks read back from a run file as they were written, narrowed when
    /// the run fits 13-byte records, whole when it does not.
    #[test]
    fn marks_read_back_from_their_run_in_either_layout() {
        let bad = Compact {
            line: 5_000_000_050,
            pupil: 123_456,
            school: 3,
            day: 0,
            code: BAD,
        };
        let fitting = [
            mark(5_000_000_100, 7, (2025, 7, 1), Session::Pm),
            bad,
            mark(5_000_000_000, 65_535, (2024, 8, 19), Session::Am),
        ];
        let narrow = Layout::Narrow {
            line: 5_000_000_000,
            day: fitting[2].day,
        };
        assert_eq!(spilled(&fitting), (Some(narrow), fitting.to_vec()));
        let wide = [
            [fitting[0], mark(1, 7, (2024, 9, 2), Session::Am)],
            [
                fitting[0],
                mark(5_000_000_009, 65_536, (2024, 9, 2), Session::Am),
            ],
            [
                fitting[0],
                mark(5_000_000_009, 7, (1800, 9, 3), Session::Am),
            ],
        ];
        for marks in wide {
            assert_eq!(spilled(&marks), (Some(Layout::Whole), marks.to_vec()));
        }
        // 125 years apart still fit (a 16-bit day spans 179).
        let years = [
            fitting[0],
            mark(5_000_000_009, 7, (1900, 9, 3), Session::Am),
        ];
        assert_ne!(spilled(&years).0, Some(Layout::Whole));
        let back = fitting[0]
            .row(&mut [])
            .map(|row| (row.school, row.date, row.session, row.line));
        let date = NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default();
        assert_eq!(back, Ok((7, date, Session::Pm, 5_000_000_100)));
    }
}
