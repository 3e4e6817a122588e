//! What a decision's rule says, as the compiled rule graphs carry it: its
//! doc line (the rule in plain English), its source, and the policy and
//! version it belongs to.

use rollcall_ir::graph::RuleGraph;
use rollcall_ir::view::view;
use std::collections::BTreeMap;

/// One rule of one effective policy version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleText {
    /// The policy's title (`Cumbria County Council`).
    pub policy_title: String,
    /// The rule in plain English: its doc line, where it has one.
    pub doc: Option<String>,
    /// Where the rule comes from (guidance paragraph, code of conduct).
    pub source: Option<String>,
    /// Where it was written: the policy id and line (`cumbria, line 21`).
    pub written_in: String,
}

/// The rules of a set of policies, by the decision's `policy` label
/// (`id@from`) and rule name.
#[derive(Clone, Debug, Default)]
pub struct RuleBook {
    rules: BTreeMap<(String, String), RuleText>,
}

impl RuleBook {
    /// Every rule of every version of `graphs`; a graph that does not
    /// check (which evaluation would already have refused) adds nothing.
    pub fn new(graphs: &[RuleGraph]) -> RuleBook {
        let mut rules = BTreeMap::new();
        for graph in graphs {
            let Ok(policy) = view(graph) else { continue };
            for version in &policy.versions {
                let label = version.label(&graph.policy.id);
                for rule_view in &version.rules {
                    let rule = rule_view.rule;
                    let text = RuleText {
                        policy_title: graph.policy.title.clone(),
                        doc: rule.doc.clone(),
                        source: rule.source.clone(),
                        written_in: format!(
                            "{}, line {}",
                            rule.location.policy, rule.location.line
                        ),
                    };
                    rules.insert((label.clone(), rule.name.clone()), text);
                }
            }
        }
        RuleBook { rules }
    }

    /// Rule `rule` of the version labelled `policy` (`id@from`).
    pub fn get(&self, policy: &str, rule: &str) -> Option<&RuleText> {
        self.rules.get(&(policy.to_string(), rule.to_string()))
    }
}
