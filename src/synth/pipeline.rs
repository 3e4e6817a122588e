//! Running the generation: batches of pupils generated on worker threads,
//! written in batch order through buffered writers, so that memory stays
//! bounded and the files are the same whatever the thread count.

use super::families::{plan_batch, BATCH_PUPILS};
use super::history::{write_pupil, Cohort, Output};
use super::SynthError;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, sync_channel};
use std::thread;

/// Batches a worker may have generated ahead of the writer.
const QUEUED_BATCHES: usize = 1;

/// A data file being written, and how many bytes have gone into it.
pub struct Sink {
    path: PathBuf,
    writer: BufWriter<File>,
    /// Bytes written so far.
    pub bytes: u64,
}

impl Sink {
    /// Creates `dir/name` and writes `header` to it.
    pub fn create(dir: &Path, name: &str, header: &[u8]) -> Result<Sink, SynthError> {
        let path = dir.join(name);
        let file = File::create(&path).map_err(|source| SynthError::Write {
            path: path.clone(),
            source,
        })?;
        let mut sink = Sink {
            path,
            writer: BufWriter::with_capacity(1 << 20, file),
            bytes: 0,
        };
        sink.write(header)?;
        Ok(sink)
    }

    /// Appends `bytes`.
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), SynthError> {
        self.bytes += bytes.len() as u64;
        self.writer
            .write_all(bytes)
            .map_err(|source| self.error(source))
    }

    /// Flushes everything to the file.
    pub fn finish(&mut self) -> Result<(), SynthError> {
        self.writer.flush().map_err(|source| self.error(source))
    }

    fn error(&self, source: std::io::Error) -> SynthError {
        SynthError::Write {
            path: self.path.clone(),
            source,
        }
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
