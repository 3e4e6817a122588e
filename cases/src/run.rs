//! Running one case: read and parse it, build its data set, evaluate it
//! with the policy library, and compare the decisions with the case's.

use super::compare::compare;
use super::data::data_set;
use super::library::Library;
use super::model::{Case, CaseError};
use super::parse::parse;
use super::render::failure_report;
use rollcall_data::read::DataSet;
use rollcall_grammar::suggest::edit_distance;
use rollcall_runtime::decision::Decision;
use rollcall_runtime::engine::{evaluate, explain, EvalOptions};
use std::collections::BTreeSet;
use std::path::Path;

/// How a case went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Exactly the expected decisions.
    Passed,
    /// Other decisions: the report says which differ.
    Failed(String),
    /// The case could not be run: the problems with the file.
    Invalid(Vec<CaseError>),
}

/// One case's outcome.
#[derive(Clone, Debug)]
pub struct CaseResult {
    /// The file, as given.
    pub path: String,
    /// The policy under test (when the file says).
    pub policy: Option<String>,
    /// Passed, failed or invalid.
    pub verdict: Verdict,
    /// The decisions made (empty if the case is invalid).
    pub decisions: Vec<Decision>,
    /// The policy versions (`id@from`) that decided on at least one of the
    /// case's school days.
    pub evaluated: BTreeSet<String>,
}

/// Runs the case file at `path` against `library`.
pub fn run_case(path: &Path, library: &Library) -> CaseResult {
    let shown = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => run_case_text(&shown, &text, library),
        Err(error) => {
            let message = format!("cannot read the case file: {error}");
            let error = CaseError {
                path: shown.clone(),
                line: 0,
                message,
            };
            invalid_case(&shown, None, vec![error])
        }
    }
}

/// The result of a case that cannot be run, with why.
fn invalid_case(shown: &str, policy: Option<String>, errors: Vec<CaseError>) -> CaseResult {
    CaseResult {
        path: shown.to_string(),
        policy,
        verdict: Verdict::Invalid(errors),
        decisions: Vec::new(),
        evaluated: BTreeSet::new(),
    }
}

/// A case read for evaluation: the policy it tests and its data set.
pub struct CaseData {
    /// The id of the policy under test.
    pub policy: String,
    /// The pupil's history as a data set.
    pub data: DataSet,
    /// The case as parsed.
    case: Case,
}

/// The case whose file is shown as `shown` and reads `text`, ready to be
/// evaluated (by the engine, or by anything else compared with it), or
/// what is wrong with it (with the policy, once it is known).
pub fn case_data(
    shown: &str,
    text: &str,
    library: &Library,
) -> Result<CaseData, (Option<String>, Vec<CaseError>)> {
    let case = parse(shown, text).map_err(|errors| (None, errors))?;
    check_policy(&case, library).map_err(|error| (Some(case.policy.clone()), vec![error]))?;
    let data =
        data_set(&case, library).map_err(|error| (Some(case.policy.clone()), vec![error]))?;
    Ok(CaseData {
        policy: case.policy.clone(),
        data,
        case,
    })
}

/// Runs the case whose file is shown as `shown` and reads `text`.
pub fn run_case_text(shown: &str, text: &str, library: &Library) -> CaseResult {
    let CaseData { data, case, .. } = match case_data(shown, text, library) {
        Ok(read) => read,
        Err((policy, errors)) => return invalid_case(shown, policy, errors),
    };
    let decisions = evaluate(library.policies(), &data, &EvalOptions::default());
    let timeline = explain(library.policies(), &data, &case.pupil.id).ok();
    let evaluated = timeline.iter().flat_map(|timeline| {
        timeline
            .days
            .iter()
            .flat_map(|day| &day.lines)
            .filter_map(|line| policy_of_trace_line(line))
    });
    let evaluated = evaluated.collect();
    let comparison = compare(&case.expected, &decisions);
    let verdict = if comparison.is_exact() {
        Verdict::Passed
    } else {
        Verdict::Failed(failure_report(
            &case,
            &comparison,
            &decisions,
            timeline.as_ref(),
        ))
    };
    CaseResult {
        path: shown.to_string(),
        policy: Some(case.policy),
        verdict,
        decisions,
        evaluated,
    }
}

/// The policy under test must be in the library.
fn check_policy(case: &Case, library: &Library) -> Result<(), CaseError> {
    if library.graph(&case.policy).is_some() {
        return Ok(());
    }
    let closest = library
        .graphs()
        .iter()
        .map(|graph| graph.policy.id.as_str())
        .min_by_key(|id| (edit_distance(&case.policy, id), *id))
        .filter(|id| edit_distance(&case.policy, id) <= 3);
    let hint = closest.map_or(String::new(), |id| format!(" (did you mean `{id}`?)"));
    Err(CaseError {
        path: case.path.clone(),
        line: case.policy_line,
        message: format!(
            "unknown policy `{}`: no such policy in the library{hint}",
            case.policy
        ),
    })
}

/// The policy version of an explain-trace line that says which policy
/// decides from that day: `policy ID@FROM (school S, authority A)`.
fn policy_of_trace_line(line: &str) -> Option<String> {
    let rest = line.strip_prefix("policy ")?;
    let (label, _) = rest.split_once(" (school ")?;
    Some(label.to_string())
}
