//! The evaluation order of the rules in force: the scope's default order
//! (the most specific policy's rules first) with the authors'
//! `takes precedence over` / `gives way to` clauses applied.

use super::SegmentLowerer;
use crate::diagnostic::{closest, Diagnostic};
use crate::diagnostic_kind::DiagnosticKind;
use rollcall_grammar::ast::{Precedence, Span};

/// "Rule `before` is evaluated before rule `after`", as one clause says.
struct Constraint {
    /// Index in the scope's rules of the rule evaluated first.
    before: usize,
    /// Index of the rule evaluated after it.
    after: usize,
    /// Index of the rule whose clause says so.
    declarer: usize,
    /// The name in the clause.
    span: Span,
}

impl SegmentLowerer<'_, '_> {
    /// The indices of the scope's rules in evaluation order: a stable
    /// topological sort of the precedence constraints, choosing among the
    /// rules free to go next by the default order (the most specific
    /// policy's rules first, an override in the overriding layer's place,
    /// each layer's in file order).
    pub(super) fn evaluation_order(&mut self) -> Vec<usize> {
        let constraints = self.constraints();
        let count = self.scope.rules.len();
        let mut default_order: Vec<usize> = (0..count).collect();
        default_order.sort_by_key(|&i| {
            let rule = &self.scope.rules[i];
            (std::cmp::Reverse(rule.depth), rule.order)
        });
        let mut waiting_on = vec![0usize; count];
        for constraint in &constraints {
            waiting_on[constraint.after] += 1;
        }
        let mut placed = vec![false; count];
        let mut order = Vec::with_capacity(count);
        while let Some(next) = default_order
            .iter()
            .copied()
            .find(|&i| !placed[i] && waiting_on[i] == 0)
        {
            placed[next] = true;
            order.push(next);
            for constraint in constraints.iter().filter(|c| c.before == next) {
                waiting_on[constraint.after] -= 1;
            }
        }
        if order.len() < count {
            self.report_cycle(&constraints, &placed);
            order.extend(default_order.into_iter().filter(|&i| !placed[i]));
        }
        order
    }

    /// The constraints the rules' clauses state, reporting names that are
    /// not another rule in force.
    fn constraints(&mut self) -> Vec<Constraint> {
        let rules = &self.scope.rules;
        let mut constraints = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            let file = self.file(rule.policy);
            for clause in &rule.decl.precedence {
                let name = clause.value.name();
                let over = matches!(clause.value, Precedence::Over(_));
                if name.value == rule.decl.name.value {
                    let relation = if over {
                        "take precedence over"
                    } else {
                        "give way to"
                    };
                    self.diagnostics.push(
                        Diagnostic::new(
                            DiagnosticKind::PrecedenceSelf,
                            file,
                            name.span,
                            format!("rule `{}` cannot {relation} itself", name.value),
                        )
                        .label("the rule's own name")
                        .help("name another rule in force with it, or delete the clause"),
                    );
                    continue;
                }
                let Some(other) = rules.iter().position(|r| r.decl.name.value == name.value) else {
                    let others = rules
                        .iter()
                        .map(|r| r.decl.name.value.as_str())
                        .filter(|n| *n != rule.decl.name.value);
                    let help = match closest(&name.value, others.clone()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => {
                            let listed: Vec<String> = others.map(|n| format!("`{n}`")).collect();
                            if listed.is_empty() {
                                "no other rule is in force with it: delete the clause".to_string()
                            } else {
                                format!("the rules in force with it are {}", listed.join(", "))
                            }
                        }
                    };
                    self.diagnostics.push(
                        Diagnostic::new(
                            DiagnosticKind::UnknownName,
                            file,
                            name.span,
                            format!(
                                "there is no rule `{}` in force with rule `{}`",
                                name.value, rule.decl.name.value
                            ),
                        )
                        .label("not a rule in force")
                        .help(help),
                    );
                    continue;
                };
                let (before, after) = if over { (index, other) } else { (other, index) };
                constraints.push(Constraint {
                    before,
                    after,
                    declarer: index,
                    span: name.span,
                });
            }
        }
        constraints
    }

    /// Reports one circle of constraints among the rules not placed.
    fn report_cycle(&mut self, constraints: &[Constraint], placed: &[bool]) {
        let Some(start) = placed.iter().position(|p| !p) else {
            return;
        };
        // Every rule left waits on another rule left: walking back along
        // what each waits on must come round to a rule already met.
        let mut walked: Vec<usize> = Vec::new();
        let mut at = start;
        let mut cycle: Vec<&Constraint> = loop {
            if let Some(first) = walked.iter().position(|&c| constraints[c].after == at) {
                let mut cycle: Vec<&Constraint> =
                    walked[first..].iter().map(|&c| &constraints[c]).collect();
                cycle.reverse();
                break cycle;
            }
            let Some(edge) = constraints
                .iter()
                .position(|c| c.after == at && !placed[c.before])
            else {
                return;
            };
            walked.push(edge);
            at = constraints[edge].before;
        };
        let rules = &self.scope.rules;
        let name = |i: usize| rules[i].decl.name.value.as_str();
        // Start the circle at the clause written first.
        let start = (0..cycle.len())
            .min_by_key(|&i| (rules[cycle[i].declarer].policy, cycle[i].span.start))
            .unwrap_or(0);
        cycle.rotate_left(start);
        let first = cycle[0];
        let policy = rules[first.declarer].policy;
        let file = self.file(policy);
        let circle: Vec<String> = cycle
            .iter()
            .map(|c| format!("`{}` before `{}`", name(c.before), name(c.after)))
            .collect();
        let mut diagnostic = Diagnostic::new(
            DiagnosticKind::PrecedenceCycle,
            file,
            first.span,
            format!(
                "the precedence clauses order rules in a circle: {}",
                circle.join(", ")
            ),
        )
        .label(format!(
            "`{}` before `{}`",
            name(first.before),
            name(first.after)
        ));
        let mut elsewhere = Vec::new();
        for constraint in cycle.iter().skip(1) {
            let declarer = &rules[constraint.declarer];
            let text = format!(
                "`{}` before `{}`",
                name(constraint.before),
                name(constraint.after)
            );
            if declarer.policy == policy {
                diagnostic = diagnostic.also(constraint.span, text);
            } else {
                let other = self.file(declarer.policy);
                elsewhere.push(format!(
                    "{text} ({}:{})",
                    other.path,
                    other.line_of(constraint.span.start)
                ));
            }
        }
        let mut help = "remove or reverse one of these clauses".to_string();
        if !elsewhere.is_empty() {
            help.push_str(&format!("; also in the circle: {}", elsewhere.join(", ")));
        }
        self.diagnostics.push(diagnostic.help(help));
    }
}
