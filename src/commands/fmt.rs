//! `rollcall fmt`: rewrite policy files and case files in their one
//! canonical layout (`rollcall_grammar::format`, `rollcall_cases::format_case`),
//! or with `--check` / `--diff` say which would change. Every file is
//! checked as it is formatted: the new text must parse to the same policy
//! (or case) with the same comments, or the file is left alone and an
//! internal error is reported. A file is rewritten by writing its new text
//! beside it and renaming it over, so a failure or an interruption never
//! leaves it half written.

use crate::report::{explain, print_all};
use rollcall_cases::{format_case, CaseFormatError};
use rollcall_compiler::{load_sources, DiagnosticKind, SourceFile};
use rollcall_grammar::FormatError;
use rollcall_ir::words::plural;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `rollcall fmt`.
#[derive(clap::Args)]
pub struct Args {
    /// Policy and case files, or directories searched for `*.policy` and
    /// `*.case` files (hidden directories and `target` skipped).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Write nothing; list the files that would change, and exit 1 if any.
    #[arg(long)]
    check: bool,
    /// Write nothing; print what would change as a unified diff, and exit 1
    /// if anything would.
    #[arg(long)]
    diff: bool,
}

/// What became of one file.
enum Outcome {
    /// Already in the canonical layout.
    Unchanged,
    /// Not in it: the file as read, and its canonical text.
    Changed(SourceFile, String),
    /// Unreadable, unparseable, or refused by the soundness check (reported).
    Failed,
}

/// Formats the files: exit 0 when done (or, with `--check`/`--diff`, when
/// nothing would change), 1 when a file would change or could not be
/// formatted, 2 when a path cannot be read.
pub fn run(args: Args) -> ExitCode {
    let files = match find(&args.paths) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("rollcall: {message}");
            return ExitCode::from(2);
        }
    };
    let dry_run = args.check || args.diff;
    let (mut changed, mut failed) = (0, 0);
    for path in &files {
        let (source, formatted) = match format_file(path) {
            Outcome::Unchanged => continue,
            Outcome::Failed => {
                failed += 1;
                continue;
            }
            Outcome::Changed(source, formatted) => (source, formatted),
        };
        changed += 1;
        if args.diff {
            print!("{}", unified_diff(&source, &formatted));
        } else if args.check {
            println!("{}", source.path);
        } else if let Err(error) = rollcall_data::atomic::write(path, &formatted) {
            eprintln!("rollcall: cannot write {}: {error}", source.path);
            failed += 1;
        }
    }
    let verb = if dry_run {
        "would reformat"
    } else {
        "reformatted"
    };
    eprintln!(
        "{verb} {} of {}{}",
        changed,
        plural(files.len(), "file", "files"),
        match failed {
            0 => String::new(),
            _ => format!("; {} not formatted", plural(failed, "file", "files")),
        }
    );
    if failed > 0 || (dry_run && changed > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads and formats one file (a case file if it ends in `.case`, a
/// policy otherwise), reporting any failure on stderr.
fn format_file(path: &Path) -> Outcome {
    let source = match load_sources(&[path.to_path_buf()]) {
        Ok(mut sources) if sources.len() == 1 => sources.remove(0),
        Ok(_) => return Outcome::Failed,
        Err(error) => {
            eprintln!("{}", explain(&error));
            return Outcome::Failed;
        }
    };
    let formatted = if path
        .extension()
        .is_some_and(|extension| extension == "case")
    {
        format_case_file(&source)
    } else {
        format_policy(&source)
    };
    match formatted {
        Some(formatted) if formatted == source.text => Outcome::Unchanged,
        Some(formatted) => Outcome::Changed(source, formatted),
        None => Outcome::Failed,
    }
}

/// A policy's canonical text, or `None` after reporting why not.
fn format_policy(source: &SourceFile) -> Option<String> {
    match rollcall_grammar::format(&source.text) {
        Ok(formatted) => Some(formatted),
        Err(FormatError::Syntax(_)) => {
            // The same diagnostics as `rollcall check`: the compiler's, of
            // this file alone, keeping only the syntax errors.
            let mut compilation = rollcall_compiler::compile(std::slice::from_ref(source));
            compilation
                .diagnostics
                .retain(|diagnostic| diagnostic.kind == DiagnosticKind::Syntax);
            print_all(&compilation);
            None
        }
        Err(error @ FormatError::Unsound(_)) => {
            eprintln!("rollcall: {}: {error}", source.path);
            None
        }
    }
}

/// A case file's canonical text, or `None` after reporting why not (an
/// invalid case: its errors as `rollcall test` gives them, file:line).
fn format_case_file(source: &SourceFile) -> Option<String> {
    match format_case(&source.path, &source.text) {
        Ok(formatted) => Some(formatted),
        Err(CaseFormatError::Invalid(errors)) => {
            for error in errors {
                eprintln!("{error}");
            }
            None
        }
        Err(error @ CaseFormatError::Unsound(_)) => {
            eprintln!("rollcall: {}: {error}", source.path);
            None
        }
    }
}

/// The change from `source` to `formatted` as a unified diff, with three
/// lines of context.
fn unified_diff(source: &SourceFile, formatted: &str) -> String {
    similar::TextDiff::from_lines(source.text.as_str(), formatted)
        .unified_diff()
        .context_radius(3)
        .header(&source.path, &source.path)
        .to_string()
}

/// The files named, and the `*.policy` and `*.case` files under the directories named
/// (hidden directories and `target` skipped), sorted, without duplicates.
fn find(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        if metadata.is_dir() {
            walk(path, &mut found)?;
        } else {
            found.push(path.clone());
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), String> {
    let cannot = |error: std::io::Error| format!("cannot read {}: {error}", dir.display());
    for entry in std::fs::read_dir(dir).map_err(cannot)? {
        let path = entry.map_err(cannot)?.path();
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("");
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" {
                walk(&path, found)?;
            }
        } else if path
            .extension()
            .is_some_and(|extension| extension == "policy" || extension == "case")
        {
            // `a.policy`, not `./a.policy`, when walking the current directory.
            found.push(match path.strip_prefix(".") {
                Ok(relative) => relative.to_path_buf(),
                Err(_) => path,
            });
        }
    }
    Ok(())
}
