//! rollcall's language server (`rollcall lsp`), over stdio with the
//! synchronous `lsp-server` crate: diagnostics as the author types (the
//! document compiled with the other policy files of its directory, as
//! `rollcall check` does), formatting, document symbols, go to definition,
//! hover and completion.

#![forbid(unsafe_code)]

mod complete;
mod diagnostics;
mod library;
mod names;
mod navigate;
mod position;
mod server;
mod symbols;
mod unparsed;

pub use position::LineIndex;
pub use server::{capabilities, serve};

use lsp_server::Connection;
use std::error::Error;

/// Runs the server over standard input and output until the client shuts
/// it down.
pub fn run_stdio() -> Result<(), Box<dyn Error + Send + Sync>> {
    let (connection, io_threads) = Connection::stdio();
    serve(&connection)?;
    drop(connection);
    io_threads.join()?;
    Ok(())
}
