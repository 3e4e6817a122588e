//! Writing decisions as JSON Lines, CSV or an aligned text table, one
//! decision at a time so that evaluation can stream.
//!
//! Decisions are written in the order given (the engine sorts them by
//! pupil, date, parent and rule); the same decisions always give the same
//! bytes. JSON Lines and CSV write each decision as it comes; the table
//! holds its rows until [`DecisionWriter::finish`] to align the columns.

mod csv_row;
mod table;

use crate::decision::Decision;

use std::fmt;
use std::io::{self, BufWriter, Write};

/// An output format of decisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// One compact JSON object per line, fields in contract order.
    Jsonl,
    /// One CSV row per decision, payments and evidence flattened.
    Csv,
    /// An aligned table for people, with amounts in pounds.
    Table,
}

impl Format {
    /// Every format, in the order the command line lists them.
    pub const ALL: &'static [Format] = &[Format::Jsonl, Format::Csv, Format::Table];

    /// The format's name on the command line (`jsonl`, `csv`, `table`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Table => "table",
        }
    }

    /// Parses a format name as written on the command line.
    pub fn parse(text: &str) -> Option<Format> {
        Format::ALL
            .iter()
            .copied()
            .find(|format| format.as_str() == text)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Bytes written to the output at a time: a large file of decisions is
/// written in few system calls (each costs the kernel far more than its
/// copy).
const WRITE_BUFFER: usize = 1 << 20;

/// Writes decisions one at a time in one [`Format`].
pub struct DecisionWriter<W: Write> {
    sink: Sink<W>,
}

enum Sink<W: Write> {
    Jsonl(BufWriter<W>),
    Csv(Box<(BufWriter<W>, csv_row::Written)>),
    Table(table::Table<W>),
}

impl<W: Write> DecisionWriter<W> {
    /// A writer of `format` onto `out` (the CSV header is written at once).
    pub fn new(format: Format, out: W) -> io::Result<DecisionWriter<W>> {
        let sink = match format {
            Format::Jsonl => Sink::Jsonl(BufWriter::with_capacity(WRITE_BUFFER, out)),
            Format::Csv => {
                let mut out = BufWriter::with_capacity(WRITE_BUFFER, out);
                csv_row::write_row(&csv_row::COLUMNS, &mut out)?;
                Sink::Csv(Box::new((out, csv_row::Written::default())))
            }
            Format::Table => Sink::Table(table::Table::new(out)),
        };
        Ok(DecisionWriter { sink })
    }

    /// Writes (or, for the table, holds) one decision.
    pub fn write(&mut self, decision: &Decision) -> io::Result<()> {
        match &mut self.sink {
            Sink::Jsonl(out) => {
                serde_json::to_writer(&mut *out, decision)?;
                out.write_all(b"\n")
            }
            Sink::Csv(csv) => {
                let (out, written) = &mut **csv;
                csv_row::write_row(&csv_row::fields(decision, written), out)
            }
            Sink::Table(table) => {
                table.push(decision);
                Ok(())
            }
        }
    }

    /// Writes anything held back, flushes, and hands back the output.
    pub fn finish(self) -> io::Result<W> {
        match self.sink {
            Sink::Jsonl(out) => out.into_inner().map_err(io::IntoInnerError::into_error),
            Sink::Csv(csv) => csv.0.into_inner().map_err(io::IntoInnerError::into_error),
            Sink::Table(table) => table.finish(),
        }
    }
}

/// Writes all `decisions` in `format` onto `out`.
pub fn write_decisions<W: Write>(format: Format, decisions: &[Decision], out: W) -> io::Result<W> {
    let mut writer = DecisionWriter::new(format, out)?;
    for decision in decisions {
        writer.write(decision)?;
    }
    writer.finish()
}
