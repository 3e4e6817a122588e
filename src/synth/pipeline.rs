//! Running the generation: batches of pupils generated on worker threads,
//! written in batch order through buffered writers, so that memory stays
//! bounded and the files are the same whatever the thread count.

use super::families::{plan_batch, BATCH_PUPILS};
use super::history::{write_pupil, Cohort, Output};
use super::SynthError;
use rollcall_runtime::read::{FileFormat, ParquetTableWriter, Table};
use std::fs::File;
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
    Csv(BufWriter<File>),
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
                let file = File::create(&path).map_err(|source| write_error(&path, source))?;
                SinkFile::Csv(BufWriter::with_capacity(1 << 20, file))
            }
            FileFormat::Parquet => SinkFile::Parquet(Some(Box::new(
                ParquetTableWriter::create(&path, table).map_err(SynthError::Parquet)?,
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
                self.bytes += rows.len() as u64;
                writer
                    .write_all(rows)
                    .map_err(|source| write_error(&self.path, source))
            }
            SinkFile::Parquet(writer) => {
                let Some(writer) = writer else {
                    return Ok(());
                };
                for row in rows
                    .split(|&byte| byte == b'\n')
                    .filter(|row| !row.is_empty())
                {
                    let fields = row.split(|&byte| byte == b',');
                    if let Err(message) = writer.push(fields).map_err(SynthError::Parquet)? {
                        let source = std::io::Error::other(message);
                        return Err(write_error(&self.path, source));
                    }
                }
                Ok(())
            }
        }
    }

    /// Finishes the file.
    pub fn finish(&mut self) -> Result<(), SynthError> {
        match &mut self.file {
            SinkFile::Csv(writer) => writer
                .flush()
                .map_err(|source| write_error(&self.path, source)),
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

/// The three files written pupil by pupil.
pub struct Sinks {
    /// `pupils.csv`.
    pub pupils: Sink,
    /// `marks.csv`.
    pub marks: Sink,
    /// `events.csv`.
    pub events: Sink,
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
    let mut totals = Output::default();
    thread::scope(|scope| {
        let mut channels = Vec::with_capacity(workers);
        for worker in 0..workers {
            let (full_sender, full_receiver) = sync_channel::<Output>(QUEUED_BATCHES);
            let (empty_sender, empty_receiver) = channel::<Output>();
            scope.spawn(move || {
                for batch in (worker as u64..batches).step_by(workers) {
                    let mut out = empty_receiver.try_recv().unwrap_or_default();
                    let geography = cohort.geography;
                    for plan in plan_batch(cohort.seed, batch, pupils, cohort.start_year, geography)
                    {
                        write_pupil(cohort, &plan, &mut out);
                    }
                    if full_sender.send(out).is_err() {
                        return;
                    }
                }
            });
            channels.push((full_receiver, empty_sender));
        }
        for batch in 0..batches {
            let (full_receiver, empty_sender) = &channels[(batch % workers as u64) as usize];
            let Ok(mut out) = full_receiver.recv() else {
                break;
            };
            sinks.pupils.write(&out.pupils)?;
            sinks.marks.write(&out.marks)?;
            sinks.events.write(&out.events)?;
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
