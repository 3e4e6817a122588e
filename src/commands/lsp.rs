//! `rollcall lsp`: the language server (`rollcall-lsp`) over stdio, for
//! editors (editors/vscode/ starts it).

use std::process::ExitCode;

/// Arguments of `rollcall lsp` (none: it speaks JSON-RPC on stdin and stdout).
#[derive(clap::Args)]
pub struct Args {}

/// Serves until the client shuts the server down: exit 0, or 1 after a
/// protocol error (reported on stderr, stdout being the protocol's).
pub fn run(_args: Args) -> ExitCode {
    match rollcall_lsp::run_stdio() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("rollcall lsp: {error}");
            ExitCode::FAILURE
        }
    }
}
