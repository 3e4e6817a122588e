//! rollcall's runtime: the data model and its readers, the school calendar,
//! rolling windows, and the evaluation of compiled rule graphs against pupil
//! histories, producing decisions with evidence.

pub mod calendar;
pub mod codes;
pub mod decision;
pub mod engine;
pub mod graph;
pub mod measures;
pub mod model;
pub mod output;
pub mod read;
mod scan;
pub mod words;
