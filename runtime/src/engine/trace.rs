//! The explain trace: one pupil's timeline of the days that mattered, with
//! each rule's running values and why each decision was or was not taken.

use crate::decision::Decision;
use chrono::{Datelike, NaiveDate};
use rollcall_ir::words::payments;
use std::collections::HashMap;
use std::fmt;

/// One pupil's evaluation for people to read (see [`explain`](super::explain)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline {
    /// The pupil.
    pub pupil: String,
    /// Facts about the pupil shown first (age, parents).
    pub header: Vec<String>,
    /// The days that mattered, in date order.
    pub days: Vec<TimelineDay>,
    /// The pupil's decisions, as `evaluate` gives them.
    pub decisions: Vec<Decision>,
}

/// One day of a [`Timeline`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineDay {
    /// The day.
    pub date: NaiveDate,
    /// What happened and the rules' running values, in evaluation order.
    pub lines: Vec<String>,
}

impl fmt::Display for Timeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "pupil {}", self.pupil)?;
        for line in &self.header {
            writeln!(f, "  {line}")?;
        }
        for day in &self.days {
            writeln!(f, "{} {}", day.date, day.date.weekday())?;
            for line in &day.lines {
                writeln!(f, "  {line}")?;
            }
        }
        writeln!(f, "decisions: {}", self.decisions.len())?;
        for decision in &self.decisions {
            writeln!(f, "  {}", summary(decision))?;
        }
        Ok(())
    }
}

/// A decision on one line: day, action, recipient, number, amounts, rule, policy.
fn summary(decision: &Decision) -> String {
    let mut text = format!("{} {}", decision.date, decision.action);
    if let Some(label) = &decision.label {
        text.push_str(&format!(" \"{label}\""));
    }
    if let Some(parent) = &decision.parent {
        text.push_str(&format!(" to {parent}"));
    }
    if let Some(number) = decision.notice_number {
        text.push_str(&format!(" (notice {number})"));
    }
    if !decision.payments.is_empty() {
        text.push_str(&format!(" {}", payments(&decision.payments)));
    }
    text.push_str(&format!(
        " by rule {} of {}, {} sessions/events of evidence",
        decision.rule,
        decision.policy,
        decision.evidence.len()
    ));
    text
}

/// Collects a [`Timeline`] while a pupil is evaluated, or nothing at all.
#[derive(Debug)]
pub(crate) struct Tracer {
    /// The days kept so far; `None` when tracing is off.
    days: Option<Vec<TimelineDay>>,
    lines: Vec<String>,
    mattered: bool,
    /// The counts each (policy, rule slot) showed when last evaluated.
    last_counts: HashMap<(usize, usize), Vec<u32>>,
}

impl Tracer {
    /// A tracer that records nothing (plain evaluation).
    pub fn off() -> Tracer {
        Tracer {
            days: None,
            lines: Vec::new(),
            mattered: false,
            last_counts: HashMap::new(),
        }
    }

    /// A tracer that records the days that mattered.
    pub fn on() -> Tracer {
        Tracer {
            days: Some(Vec::new()),
            ..Tracer::off()
        }
    }

    /// Whether anything is recorded.
    pub fn is_on(&self) -> bool {
        self.days.is_some()
    }

    /// Records something that makes today worth showing.
    pub fn note(&mut self, line: impl FnOnce() -> String) {
        if self.is_on() {
            self.lines.push(line());
            self.mattered = true;
        }
    }

    /// Records a detail, shown only if today turns out to matter.
    pub fn detail(&mut self, line: impl FnOnce() -> String) {
        if self.is_on() {
            self.lines.push(line());
        }
    }

    /// Makes today worth showing.
    pub fn matters(&mut self) {
        self.mattered = true;
    }

    /// Remembers the counts a rule shows today; today matters if they
    /// changed since the rule was last evaluated.
    pub fn counts(&mut self, policy: usize, slot: usize, counts: &[u32]) {
        let last = self.last_counts.entry((policy, slot)).or_default();
        if last.as_slice() != counts {
            last.clear();
            last.extend_from_slice(counts);
            self.mattered = true;
        }
    }

    /// Closes `date`: keeps its lines if it mattered.
    #[inline]
    pub fn end_day(&mut self, date: NaiveDate) {
        if let Some(days) = &mut self.days {
            if self.mattered {
                days.push(TimelineDay {
                    date,
                    lines: std::mem::take(&mut self.lines),
                });
            }
        }
        self.lines.clear();
        self.mattered = false;
    }

    /// The days that mattered (none when tracing is off).
    pub fn finish(self) -> Vec<TimelineDay> {
        self.days.unwrap_or_default()
    }
}
