//! Rule coverage: for every rule of every effective version of every policy
//! in the library, the passing cases in which it decides something, and the
//! passing cases in which that version decides on some school day and the
//! rule decides nothing. A rule is covered when it has at least one of each.

use super::library::Library;
use super::run::{CaseResult, Verdict};
use rollcall_ir::graph::Node;
use std::collections::BTreeSet;

/// One rule of one effective version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleCoverage {
    /// The version, `id@from` as decisions name it.
    pub version: String,
    /// The rule's name.
    pub rule: String,
    /// Passing cases in which it decides something.
    pub deciding: Vec<String>,
    /// Passing cases run under the version in which it decides nothing.
    pub quiet: Vec<String>,
}

impl RuleCoverage {
    /// Whether a case shows it deciding and a case shows it not deciding.
    pub fn is_covered(&self) -> bool {
        !self.deciding.is_empty() && !self.quiet.is_empty()
    }
}

/// The coverage of a library by a run of cases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    /// Every rule, by policy, version and evaluation order.
    pub rules: Vec<RuleCoverage>,
}

/// The coverage of `library` by the passing cases among `results`.
pub fn coverage(library: &Library, results: &[CaseResult]) -> Coverage {
    let mut rules = Vec::new();
    for graph in library.graphs() {
        for version in &graph.versions {
            let label = match version.from {
                Some(from) => format!("{}@{from}", graph.policy.id),
                None => format!("{}@always", graph.policy.id),
            };
            for &node in &version.rules {
                if let Some(Node::Rule(rule)) = graph.nodes.get(node.index()) {
                    rules.push(RuleCoverage {
                        version: label.clone(),
                        rule: rule.name.clone(),
                        deciding: Vec::new(),
                        quiet: Vec::new(),
                    });
                }
            }
        }
    }
    for result in results
        .iter()
        .filter(|result| result.verdict == Verdict::Passed)
    {
        let decided: BTreeSet<(&str, &str)> = result
            .decisions
            .iter()
            .map(|decision| (decision.policy.as_str(), decision.rule.as_str()))
            .collect();
        for rule in &mut rules {
            if decided.contains(&(rule.version.as_str(), rule.rule.as_str())) {
                rule.deciding.push(result.path.clone());
            } else if result.evaluated.contains(&rule.version) {
                rule.quiet.push(result.path.clone());
            }
        }
    }
    Coverage { rules }
}

impl Coverage {
    /// The rules of the given policies only (the policies a set of cases
    /// tests), so that an author's own cases are not held to the whole
    /// library.
    pub fn of_policies(mut self, policies: &BTreeSet<String>) -> Coverage {
        self.rules.retain(|rule| {
            let id = rule.version.split('@').next().unwrap_or_default();
            policies.contains(id)
        });
        self
    }

    /// Whether every rule is covered.
    pub fn is_complete(&self) -> bool {
        self.rules.iter().all(RuleCoverage::is_covered)
    }

    /// One line per rule (cases deciding / cases quiet, and what is
    /// missing), then a total.
    pub fn report(&self) -> String {
        let width = self
            .rules
            .iter()
            .map(|rule| rule.version.len() + rule.rule.len() + 1)
            .max()
            .unwrap_or(0);
        let mut report = String::from(
            "coverage (cases where the rule decides / where it is evaluated and does not):\n",
        );
        for rule in &self.rules {
            let name = format!("{} {}", rule.version, rule.rule);
            let mut line = format!(
                "  {name:<width$}  {:>3} / {:<3}",
                rule.deciding.len(),
                rule.quiet.len()
            );
            if rule.deciding.is_empty() {
                line.push_str("  NOT COVERED: no passing case where it decides");
            } else if rule.quiet.is_empty() {
                line.push_str(
                    "  NOT COVERED: no passing case under this version where it does not decide",
                );
            }
            report.push_str(line.trim_end());
            report.push('\n');
        }
        let covered = self.rules.iter().filter(|rule| rule.is_covered()).count();
        report.push_str(&format!("{} rules, {covered} covered\n", self.rules.len()));
        report
    }
}
