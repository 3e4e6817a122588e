//! rollcall's runtime: the school calendar, rolling windows, and the
//! evaluation of compiled rule graphs (`rollcall-ir`) against the pupil
//! histories that `rollcall-data` reads, producing decisions with evidence
//! and writing them out.

#![forbid(unsafe_code)]

pub mod calendar;
pub mod decision;
pub mod engine;
pub mod measures;
pub mod output;
