//! rollcall's data in: the data model (schools, pupils, session marks,
//! events), the CSV and Parquet readers of a data directory, the external
//! sort of unsorted files, and the stream of pupil histories the engine
//! reads. It knows nothing of policies.

#![deny(unsafe_code)]

pub mod atomic;
pub mod dates;
pub mod model;
pub mod read;
pub mod scan;
