//! Evaluating every pupil, in parallel: pupils are independent, so each is
//! evaluated on its own and the results are put back in pupil order.
//!
//! [`evaluate`] takes a data set in memory; [`evaluate_stream`] takes an
//! open data directory and holds a few batches of pupils a thread at a
//! time (each thread reads a batch, evaluates it and hands it over to be
//! emitted in order), so memory does not grow with the cohort.
//! [`evaluate_stream_each`] does the same for several policy sets at once
//! (one pass over the data for all of them).

use super::pupil::{evaluate_pupil, Scratch};
use super::trace::Tracer;
use super::{EvalOptions, PolicySet};
use crate::decision::Decision;
use chrono::NaiveDate;
use rayon::prelude::*;
use rollcall_data::model::School;
use rollcall_data::read::{DataSet, DataStream, PupilHistory, PupilReader, PupilRecord, ReadError};
use std::collections::BTreeMap;
use std::io;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// Where a streamed evaluation hands each pupil, with their decisions under
/// each evaluation.
pub type EmitEach<'e> = dyn FnMut(&PupilRecord, &[Vec<Decision>]) -> io::Result<()> + Send + 'e;

/// Pupils per batch of a streamed evaluation: few enough that a batch's
/// marks (about 4.6 KB a pupil-year, so 1.7 MB a batch) are still in a
/// 2 MB cache when the thread that read them evaluates them, enough that
/// taking turns to read costs little.
const BATCH_PUPILS: usize = 384;

/// Evaluates `policies` against every pupil of `data`: their decisions,
/// sorted by pupil, date, parent and rule. Pupils are evaluated in parallel
/// (on `options.threads` threads if given, else rayon's global pool); the
/// result does not depend on the number of threads.
pub fn evaluate(policies: &PolicySet, data: &DataSet, options: &EvalOptions) -> Vec<Decision> {
    in_pool(options, || {
        let histories = data.histories();
        let only = [Evaluation::new(policies)];
        evaluate_batch(&only, &data.schools, &histories, options.as_of)
            .into_iter()
            .flatten()
            .flatten()
            .collect()
    })
}

/// One evaluation of a stream: a policy set, and the schools it sees.
#[derive(Clone, Copy)]
pub struct Evaluation<'a> {
    /// The policies.
    pub policies: &'a PolicySet,
    /// The schools as this evaluation sees them, index for index the data's
    /// own (say, with their authorities rewritten); `None` for the data's
    /// own.
    pub schools: Option<&'a [School]>,
}

impl<'a> Evaluation<'a> {
    /// `policies` seeing the data's own schools.
    pub fn new(policies: &'a PolicySet) -> Evaluation<'a> {
        Evaluation {
            policies,
            schools: None,
        }
    }
}

/// What a streamed evaluation has been through so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StreamTotals {
    /// Pupils evaluated.
    pub pupils: u64,
    /// Their marks.
    pub marks: u64,
    /// Decisions taken.
    pub decisions: u64,
}

/// Why a streamed evaluation stopped.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    /// The data could not be read.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The decisions could not be written.
    #[error(transparent)]
    Write(#[from] io::Error),
}

/// Evaluates `policies` against every pupil of `stream`, in pupil order, a
/// batch at a time: while one thread reads the next batch, the others
/// evaluate the batches they read, and each batch is emitted once every
/// batch before it has been. `emit` is given each pupil in turn with their
/// decisions (sorted by date, parent and rule), and `progress` the running
/// totals after each batch. The output does not depend on the number of
/// threads.
pub fn evaluate_stream(
    policies: &PolicySet,
    stream: &mut DataStream,
    options: &EvalOptions,
    emit: &mut (dyn FnMut(&PupilRecord, &[Decision]) -> io::Result<()> + Send),
    progress: &mut (dyn FnMut(&StreamTotals) + Send),
) -> Result<StreamTotals, StreamError> {
    evaluate_stream_each(
        &[Evaluation::new(policies)],
        stream,
        options,
        &mut |record, decisions| emit(record, &decisions[0]),
        progress,
    )
}

/// Evaluates each of `evaluations` against every pupil of `stream` in one
/// pass, as [`evaluate_stream`] does one policy set: `emit` is given each
/// pupil in turn with their decisions under each evaluation, in the order
/// of `evaluations`. [`StreamTotals::decisions`] counts the decisions of
/// all of them.
///
/// Each thread of the pool takes the next batch from the stream (one
/// thread reads at a time), evaluates it itself while its marks are still
/// in that thread's cache, and hands it over to be emitted in stream
/// order; a thread waits before reading on when as many batches as there
/// are threads wait for an earlier one. A read error stops the run once
/// every batch before it has been emitted.
pub fn evaluate_stream_each(
    evaluations: &[Evaluation<'_>],
    stream: &mut DataStream,
    options: &EvalOptions,
    emit: &mut EmitEach<'_>,
    progress: &mut (dyn FnMut(&StreamTotals) + Send),
) -> Result<StreamTotals, StreamError> {
    let DataStream { schools, pupils } = stream;
    let schools: &[School] = schools;
    in_pool(options, || {
        let threads = rayon::current_num_threads();
        let reading = Mutex::new(Reading {
            pupils,
            next: 0,
            failed: None,
        });
        let emitting = Emitting {
            state: Mutex::new(EmitState {
                next: 0,
                ready: BTreeMap::new(),
                totals: StreamTotals::default(),
                emit,
                progress,
                failed: None,
                stopped: false,
            }),
            caught_up: Condvar::new(),
            spare: Mutex::new(Vec::new()),
            most_ready: threads,
        };
        let work = || {
            // Should this thread panic, the others must not wait for it.
            let _stop = StopOnPanic(&emitting);
            let mut scratch = Scratch::default();
            while emitting.wait_for_room() {
                let mut batch = lock(&emitting.spare).pop().unwrap_or_default();
                let Some(sequence) = lock(&reading).fill(&mut batch) else {
                    break;
                };
                let histories = batch.records().iter().map(PupilRecord::history);
                batch.decisions = histories
                    .map(|history| {
                        evaluate_each(evaluations, schools, history, options.as_of, &mut scratch)
                    })
                    .collect();
                emitting.hand_over(sequence, batch);
            }
        };
        rayon::scope(|scope| {
            for _ in 1..threads {
                scope.spawn(|_| work());
            }
            work();
        });
        let state = emitting
            .state
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let reading = reading.into_inner().unwrap_or_else(PoisonError::into_inner);
        match (state.failed, reading.failed) {
            (Some(error), _) => Err(error),
            (None, Some(error)) => Err(error.into()),
            (None, None) => Ok(state.totals),
        }
    })
}

/// The stream being read, a batch at a time by whichever thread is free.
struct Reading<'r> {
    pupils: &'r mut PupilReader,
    /// The sequence number of the next batch.
    next: u64,
    /// The read error that ended the stream.
    failed: Option<ReadError>,
}

impl Reading<'_> {
    /// Fills `batch` with the next pupils: its sequence number, or `None`
    /// at the end of the stream (or after an error).
    fn fill(&mut self, batch: &mut Batch) -> Option<u64> {
        if self.failed.is_some() {
            return None;
        }
        match batch.fill(self.pupils) {
            Ok(()) if batch.len > 0 => {
                self.next += 1;
                Some(self.next - 1)
            }
            Ok(()) => None,
            Err(error) => {
                self.failed = Some(error);
                None
            }
        }
    }
}

/// Evaluated batches, emitted in stream order.
struct Emitting<'e, 'f> {
    state: Mutex<EmitState<'e, 'f>>,
    /// Signalled when batches have been emitted (or the run stopped).
    caught_up: Condvar,
    /// Emitted batches, their buffers to be reused.
    spare: Mutex<Vec<Batch>>,
    /// Batches that may wait for an earlier one before reading pauses.
    most_ready: usize,
}

struct EmitState<'e, 'f> {
    /// The sequence number of the next batch to emit.
    next: u64,
    /// Batches evaluated ahead of it.
    ready: BTreeMap<u64, Batch>,
    totals: StreamTotals,
    emit: &'e mut EmitEach<'f>,
    progress: &'e mut (dyn FnMut(&StreamTotals) + Send),
    /// The first write error.
    failed: Option<StreamError>,
    /// Whether a thread stopped without handing over its batch.
    stopped: bool,
}

impl Emitting<'_, '_> {
    /// Waits until another batch may be read; false if the run is over
    /// (writing failed, or a thread stopped).
    fn wait_for_room(&self) -> bool {
        let mut state = lock(&self.state);
        loop {
            if state.failed.is_some() || state.stopped {
                return false;
            }
            if state.ready.len() < self.most_ready {
                return true;
            }
            state = self
                .caught_up
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Takes evaluated batch `sequence` and emits every batch now due.
    fn hand_over(&self, sequence: u64, batch: Batch) {
        let mut state = lock(&self.state);
        let state = &mut *state;
        state.ready.insert(sequence, batch);
        let mut emitted = false;
        while state.failed.is_none() {
            let Some(mut batch) = state.ready.remove(&state.next) else {
                break;
            };
            if let Err(error) = batch.emit(&mut state.totals, state.emit, state.progress) {
                state.failed = Some(error);
            }
            state.next += 1;
            lock(&self.spare).push(batch);
            emitted = true;
        }
        if emitted || state.failed.is_some() {
            self.caught_up.notify_all();
        }
    }
}

/// Stops the run if the thread holding it panics, so that no other thread
/// waits for a batch that will never come (the panic then ends the run).
struct StopOnPanic<'a, 'e, 'f>(&'a Emitting<'e, 'f>);

impl Drop for StopOnPanic<'_, '_, '_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            lock(&self.0.state).stopped = true;
            self.0.caught_up.notify_all();
        }
    }
}

/// Locks `mutex`, whether or not another thread panicked holding it (the
/// run is then stopping).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Pupils read ahead, reusing their buffers from batch to batch, and
/// their decisions once evaluated.
#[derive(Default)]
struct Batch {
    records: Vec<PupilRecord>,
    len: usize,
    marks: u64,
    /// Each pupil's decisions under each evaluation.
    decisions: Vec<Vec<Vec<Decision>>>,
}

impl Batch {
    /// Reads up to [`BATCH_PUPILS`] pupils; none at the end.
    fn fill(&mut self, pupils: &mut PupilReader) -> Result<(), ReadError> {
        self.len = 0;
        self.marks = 0;
        while self.len < BATCH_PUPILS {
            if self.records.len() == self.len {
                self.records.push(PupilRecord::default());
            }
            if !pupils.next_into(&mut self.records[self.len])? {
                break;
            }
            self.marks += self.records[self.len].marks.len() as u64;
            self.len += 1;
        }
        Ok(())
    }

    fn records(&self) -> &[PupilRecord] {
        &self.records[..self.len]
    }

    /// Hands each pupil of an evaluated batch to `emit` with their
    /// decisions, adds them to `totals` and reports progress; leaves the
    /// batch empty.
    fn emit(
        &mut self,
        totals: &mut StreamTotals,
        emit: &mut EmitEach<'_>,
        progress: &mut (dyn FnMut(&StreamTotals) + Send),
    ) -> Result<(), StreamError> {
        totals.pupils += self.len as u64;
        totals.marks += self.marks;
        for (record, decisions) in self.records[..self.len].iter().zip(&self.decisions) {
            totals.decisions += decisions.iter().map(Vec::len).sum::<usize>() as u64;
            emit(record, decisions)?;
        }
        progress(totals);
        self.len = 0;
        self.decisions.clear();
        Ok(())
    }
}

/// Each history's decisions under each evaluation, in parallel, in the
/// histories' order.
fn evaluate_batch(
    evaluations: &[Evaluation<'_>],
    schools: &[School],
    histories: &[PupilHistory<'_>],
    as_of: Option<NaiveDate>,
) -> Vec<Vec<Vec<Decision>>> {
    histories
        .par_iter()
        .map_init(Scratch::default, |scratch, history| {
            evaluate_each(evaluations, schools, *history, as_of, scratch)
        })
        .collect()
}

/// One history's decisions under each evaluation.
fn evaluate_each(
    evaluations: &[Evaluation<'_>],
    schools: &[School],
    history: PupilHistory<'_>,
    as_of: Option<NaiveDate>,
    scratch: &mut Scratch,
) -> Vec<Vec<Decision>> {
    evaluations
        .iter()
        .map(|evaluation| {
            let schools = evaluation.schools.unwrap_or(schools);
            let mut tracer = Tracer::off();
            let policies = evaluation.policies;
            evaluate_pupil(policies, schools, history, as_of, scratch, &mut tracer)
        })
        .collect()
}

/// Runs `run` on `options.threads` threads if given (else rayon's global
/// pool).
fn in_pool<T: Send>(options: &EvalOptions, run: impl FnOnce() -> T + Send) -> T {
    match options.threads.and_then(|threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .ok()
    }) {
        Some(pool) => pool.install(run),
        None => run(),
    }
}
