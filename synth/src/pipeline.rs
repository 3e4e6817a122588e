//! Running the generation: batches of pupils generated on worker threads,
//! written in batch order through buffered writers, so that memory stays
//! bounded and the files are the same whatever the thread count.

use super::families::{plan_batch, BATCH_PUPILS};
use super::history::{write_pupil, Cohort, Output};
use super::SynthError;
use rollcall_data::atomic::AtomicFile;
use rollcall_data::read::{FileFormat, ParquetRows, ParquetTableWriter, Table};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, sync_channel};
use std::thread;

/// Batches a worker may have generated ahead of the writer.
const QUEUED_BATCHES: usize = 1;

/// A data file being written, as CSV or Parquet.
pub struct Sink {
    path: PathBuf,
    file: SinkFile,
    /// Bytes in the file (for Parquet, known once finished).
    pub bytes: u64,
}

enum SinkFile {
    /// The CSV file, until finished.
    Csv(Option<BufWriter<AtomicFile>>),
    /// The Parquet writer, until finished.
    Parquet(Option<Box<ParquetTableWriter>>),
}

impl Sink {
    /// Creates the file of `table` in `dir`, in `format` (a CSV file gets
    /// its header row).
    pub fn create(dir: &Path, table: Table, format: FileFormat) -> Result<Sink, SynthError> {
        let path = dir.join(format!("{}.{}", table.name, format.extension()));
        let file = match format {
            FileFormat::Csv => {
                let file =
                    AtomicFile::create(&path).map_err(|source| write_error(&path, source))?;
                SinkFile::Csv(Some(BufWriter::with_capacity(1 << 20, file)))
            }
            // Pupils are generated in id order, so every per-pupil table
            // is in pupil order (the writer checks it), and says so.
            FileFormat::Parquet => SinkFile::Parquet(Some(Box::new(
                ParquetTableWriter::create(&path, table, true).map_err(SynthError::Parquet)?,
            ))),
        };
        let mut sink = Sink {
            path,
            file,
            bytes: 0,
        };
        if let SinkFile::Csv(_) = sink.file {
            sink.write(format!("{}\n", table.columns.join(",")).as_bytes())?;
        }
        Ok(sink)
    }

    /// Appends `rows`: whole CSV rows, as the generator writes them (no
    /// field is quoted or holds a comma).
    pub fn write(&mut self, rows: &[u8]) -> Result<(), SynthError> {
        match &mut self.file {
            SinkFile::Csv(writer) => {
                let Some(writer) = writer else {
                    return Ok(());
                };
                self.bytes += rows.len() as u64;
                writer
                    .write_all(rows)
                    .map_err(|source| write_error(&self.path, source))
            }
            SinkFile::Parquet(writer) => {
                let Some(writer) = writer else {
                    return Ok(());
                };
                let mut columns = ParquetRows::new(writer.table());
                push_csv_rows(rows, &mut columns)
                    .map_err(|message| write_error(&self.path, std::io::Error::other(message)))?;
                self.write_columns(&mut columns)
            }
        }
    }

    /// Appends rows already gathered into columns (a Parquet file only;
    /// a CSV file takes text).
    fn write_columns(&mut self, rows: &mut ParquetRows) -> Result<(), SynthError> {
        match &mut self.file {
            SinkFile::Parquet(Some(writer)) => writer.write_rows(rows).map_err(SynthError::Parquet),
            SinkFile::Parquet(None) => Ok(()),
            SinkFile::Csv(_) => {
                let source = std::io::Error::other("columns given to a CSV file");
                Err(write_error(&self.path, source))
            }
        }
    }

    /// Whether the file is Parquet.
    fn is_parquet(&self) -> bool {
        matches!(self.file, SinkFile::Parquet(_))
    }

    /// Finishes the file and puts it at its path (until then the path is
    /// untouched).
    pub fn finish(&mut self) -> Result<(), SynthError> {
        match &mut self.file {
            SinkFile::Csv(writer) => {
                let Some(writer) = writer.take() else {
                    return Ok(());
                };
                writer
                    .into_inner()
                    .map_err(std::io::IntoInnerError::into_error)
                    .and_then(AtomicFile::commit)
                    .map_err(|source| write_error(&self.path, source))
            }
            SinkFile::Parquet(writer) => {
                if let Some(writer) = writer.take() {
                    writer.finish().map_err(SynthError::Parquet)?;
                }
                self.bytes = std::fs::metadata(&self.path)
                    .map_err(|source| write_error(&self.path, source))?
                    .len();
                Ok(())
            }
        }
    }

    /// The file's name.
    pub fn name(&self) -> String {
        self.path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// The failure to write the file at `path`.
fn write_error(path: &Path, source: std::io::Error) -> SynthError {
    SynthError::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// CSV `rows` as the generator writes them, gathered into `columns`; says
/// which row is wrong (none should be: the generator writes good dates).
fn push_csv_rows(rows: &[u8], columns: &mut ParquetRows) -> Result<(), String> {
    for row in rows
        .split(|&byte| byte == b'\n')
        .filter(|row| !row.is_empty())
    {
        columns.push(row.split(|&byte| byte == b','))?;
    }
    Ok(())
}

/// The three files written pupil by pupil.
pub struct Sinks {
    /// `pupils.csv`.
    pub pupils: Sink,
    /// `marks.csv`.
    pub marks: Sink,
    /// `events.csv`.
    pub events: Sink,
}

/// A batch of pupils generated by a worker: their rows, and for Parquet
/// files the same rows gathered into the columns of `pupils`, `marks` and
/// `events` (on the worker, so that the writer only encodes), or which of
/// the three could not be, and why.
struct Generated {
    out: Output,
    columns: Option<Result<[ParquetRows; 3], (usize, String)>>,
}

/// Generates the cohort's `pupils` pupils on `threads` threads into
/// `sinks`; the counts and measures of everything written.
pub fn generate_pupils(
    cohort: &Cohort<'_>,
    pupils: u64,
    threads: usize,
    sinks: &mut Sinks,
) -> Result<Output, SynthError> {
    let batches = pupils.div_ceil(BATCH_PUPILS);
    let workers = threads.clamp(1, batches.max(1) as usize);
    let parquet = sinks.marks.is_parquet();
    let mut totals = Output::default();
    thread::scope(|scope| {
        let mut channels = Vec::with_capacity(workers);
        for worker in 0..workers {
            let (full_sender, full_receiver) = sync_channel::<Generated>(QUEUED_BATCHES);
            let (empty_sender, empty_receiver) = channel::<Output>();
            scope.spawn(move || {
                for batch in (worker as u64..batches).step_by(workers) {
                    let mut out = empty_receiver.try_recv().unwrap_or_default();
                    let geography = cohort.geography;
                    for plan in plan_batch(cohort.seed, batch, pupils, cohort.start_year, geography)
                    {
                        write_pupil(cohort, &plan, &mut out);
                    }
                    let columns = parquet.then(|| gather_columns(&out));
                    if full_sender.send(Generated { out, columns }).is_err() {
                        return;
                    }
                }
            });
            channels.push((full_receiver, empty_sender));
        }
        for batch in 0..batches {
            let (full_receiver, empty_sender) = &channels[(batch % workers as u64) as usize];
            let Ok(Generated { mut out, columns }) = full_receiver.recv() else {
                break;
            };
            match columns {
                None => {
                    sinks.pupils.write(&out.pupils)?;
                    sinks.marks.write(&out.marks)?;
                    sinks.events.write(&out.events)?;
                }
                Some(Ok([mut pupils, mut marks, mut events])) => {
                    sinks.pupils.write_columns(&mut pupils)?;
                    sinks.marks.write_columns(&mut marks)?;
                    sinks.events.write_columns(&mut events)?;
                }
                Some(Err((file, message))) => {
                    let sink = [&sinks.pupils, &sinks.marks, &sinks.events][file];
                    let source = std::io::Error::other(message);
                    return Err(write_error(&sink.path, source));
                }
            }
            totals.pupil_count += out.pupil_count;
            totals.mark_count += out.mark_count;
            totals.event_count += out.event_count;
            totals.measures.merge(&out.measures);
            out.clear();
            // A worker that has finished no longer takes buffers back.
            let _ = empty_sender.send(out);
        }
        Ok(totals)
    })
}

/// The rows of `out` gathered into the columns of `pupils`, `marks` and
/// `events`; or which of the three (0 to 2) has a wrong row, and why.
fn gather_columns(out: &Output) -> Result<[ParquetRows; 3], (usize, String)> {
    let mut columns = [Table::PUPILS, Table::MARKS, Table::EVENTS].map(ParquetRows::new);
    for (file, (rows, columns)) in [&out.pupils, &out.marks, &out.events]
        .into_iter()
        .zip(&mut columns)
        .enumerate()
    {
        push_csv_rows(rows, columns).map_err(|message| (file, message))?;
    }
    Ok(columns)
}
