//! `rollcall compile`: a policy's rule graph as JSON or Graphviz DOT.

use crate::report::{compile_library, directory_of};
use rollcall_ir::graph::RuleGraph;
use rollcall_ir::view::{view, PolicyView};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Output formats of a compiled graph.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum GraphFormat {
    /// The rule graph as pretty-printed JSON.
    Json,
    /// Graphviz DOT.
    Dot,
}

/// Arguments of `rollcall compile`.
#[derive(clap::Args)]
pub struct Args {
    /// The policy file to compile.
    policy: PathBuf,
    /// Where its parents are (default: the policy's own directory).
    #[arg(long)]
    policies: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: GraphFormat,
    /// Write to this file instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
}

/// Compiles the policy with its library and prints its graph.
pub fn run(args: Args) -> ExitCode {
    let Some(graph) = compiled_graph(&args.policy, args.policies.as_deref()) else {
        return ExitCode::FAILURE;
    };
    let text = match args.format {
        GraphFormat::Json => match serde_json::to_string_pretty(&graph) {
            Ok(json) => json + "\n",
            Err(error) => {
                eprintln!("rollcall: cannot serialise the graph: {error}");
                return ExitCode::FAILURE;
            }
        },
        GraphFormat::Dot => match checked(&graph) {
            Some(view) => rollcall_compiler::render::dot(&view),
            None => return ExitCode::FAILURE,
        },
    };
    write_output(args.output.as_deref(), &text)
}

/// The checked view of a compiled graph, for the renderers; prints why not.
pub fn checked(graph: &RuleGraph) -> Option<PolicyView<'_>> {
    view(graph)
        .inspect_err(|error| {
            eprintln!(
                "rollcall: the rule graph of `{}` is malformed: {error}",
                graph.policy.id
            )
        })
        .ok()
}

/// Compiles `policy` together with the library it extends; prints problems.
pub fn compiled_graph(policy: &Path, library: Option<&Path>) -> Option<RuleGraph> {
    let directory = library.map_or_else(|| directory_of(policy), Path::to_path_buf);
    let compilation = compile_library(&[directory, policy.to_path_buf()])?;
    let wanted = policy.display().to_string();
    let found = compilation
        .graphs
        .iter()
        .find(|g| same_file(&g.policy.file, &wanted))
        .cloned();
    if found.is_none() {
        eprintln!("rollcall: {wanted} did not compile to a policy");
    }
    found
}

fn same_file(a: &str, b: &str) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Writes text to a file or standard output.
pub fn write_output(output: Option<&Path>, text: &str) -> ExitCode {
    match output {
        Some(path) => match rollcall_data::atomic::write(path, text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("rollcall: cannot write {}: {error}", path.display());
                ExitCode::FAILURE
            }
        },
        None => {
            print!("{text}");
            ExitCode::SUCCESS
        }
    }
}
