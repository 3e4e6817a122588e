//! Evaluating every pupil, in parallel: pupils are independent, so each is
//! evaluated on its own and the results are put back in pupil order.
//!
//! [`evaluate`] takes a data set in memory; [`evaluate_stream`] takes an
//! open data directory and holds only three batches of pupils at a time
//! (one being read, one evaluated, one emitted), so memory does not grow
//! with the cohort. [`evaluate_stream_each`] does the same for several
//! policy sets at once (one pass over the data for all of them).

use super::pupil::{evaluate_pupil, Scratch};
use super::trace::Tracer;
use super::{EvalOptions, PolicySet};
use crate::decision::Decision;
use crate::model::School;
use crate::read::{DataSet, DataStream, PupilHistory, PupilReader, PupilRecord, ReadError};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::io;

/// Where a streamed evaluation hands each pupil, with their decisions under
/// each evaluation.
pub type EmitEach<'e> = dyn FnMut(&PupilRecord, &[Vec<Decision>]) -> io::Result<()> + Send + 'e;

/// Pupils per batch of a streamed evaluation: few enough that a batch's
/// marks (about 6 KB a pupil-year) are still in cache when evaluated after
/// being read, enough that handing batches over costs little.
const BATCH_PUPILS: usize = 512;

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
/// batch at a time, in a pipeline: while one batch is evaluated in
/// parallel, the next is read and the decisions of the one before are
/// emitted. `emit` is given each pupil in turn with their decisions (sorted
/// by date, parent and rule), and `progress` the running totals after each
/// batch. The output does not depend on the number of threads.
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
pub fn evaluate_stream_each(
    evaluations: &[Evaluation<'_>],
    stream: &mut DataStream,
    options: &EvalOptions,
    emit: &mut EmitEach<'_>,
    progress: &mut (dyn FnMut(&StreamTotals) + Send),
) -> Result<StreamTotals, StreamError> {
    let DataStream { schools, pupils } = stream;
    in_pool(options, || {
        let mut totals = StreamTotals::default();
        // Being read, being evaluated, being emitted.
        let (mut next, mut current, mut done) =
            (Batch::default(), Batch::default(), Batch::default());
        current.fill(pupils)?;
        while current.len > 0 || done.len > 0 {
            let (read, emitted) = rayon::join(
                || next.fill(pupils),
                || {
                    rayon::join(
                        || {
                            let histories: Vec<PupilHistory<'_>> =
                                current.records().iter().map(PupilRecord::history).collect();
                            current.decisions =
                                evaluate_batch(evaluations, schools, &histories, options.as_of);
                        },
                        || done.emit(&mut totals, emit, progress),
                    )
                    .1
                },
            );
            read?;
            emitted?;
            std::mem::swap(&mut done, &mut current);
            std::mem::swap(&mut current, &mut next);
        }
        Ok(totals)
    })
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
    /// batch empty. Nothing to do for an empty batch.
    fn emit(
        &mut self,
        totals: &mut StreamTotals,
        emit: &mut EmitEach<'_>,
        progress: &mut (dyn FnMut(&StreamTotals) + Send),
    ) -> Result<(), StreamError> {
        if self.len == 0 {
            return Ok(());
        }
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
            evaluations
                .iter()
                .map(|evaluation| {
                    let schools = evaluation.schools.unwrap_or(schools);
                    let mut tracer = Tracer::off();
                    let policies = evaluation.policies;
                    evaluate_pupil(policies, schools, *history, as_of, scratch, &mut tracer)
                })
                .collect()
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
