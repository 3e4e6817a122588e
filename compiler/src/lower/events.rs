//! Declared event kinds: resolving a kind's name (built in, or declared by
//! the policy or an ancestor), the declarations a graph lists, and rules'
//! preconditions (`requires KIND within N months`, `unless KIND`).

use super::units::Place;
use super::SegmentLowerer;
use crate::diagnostic::{closest, Diagnostic};
use crate::diagnostic_kind::DiagnosticKind;
use rollcall_grammar::ast::{self, Amount, Spanned, Unit};
use rollcall_ir::graph::{self, EventAge, EventDeclaration, Gate};
use rollcall_ir::EventKind;

/// `requires|unless KIND within N UNIT`: how long an event counts.
const EVENT_AGE: Place = Place {
    what: "how long an event counts",
    units: &[
        (Unit::Days, "90 days"),
        (Unit::Weeks, "6 weeks"),
        (Unit::Months, "12 months"),
    ],
    hint: Some("an event counts for calendar time after its date"),
};
impl<'a> SegmentLowerer<'a, '_> {
    /// The event kind named `name`: built in, or declared in scope.
    pub(super) fn event_kind(&self, name: &str) -> Option<EventKind> {
        EventKind::parse(name).or_else(|| {
            self.scope
                .events
                .contains_key(name)
                .then(|| EventKind::declared(name))
                .flatten()
        })
    }

    /// Every event kind's name in scope, built-in kinds first.
    pub(super) fn event_names(&self) -> Vec<&'a str> {
        let scope = self.scope;
        EventKind::ALL
            .iter()
            .map(|kind| kind.as_str())
            .chain(scope.events.keys().map(String::as_str))
            .collect()
    }

    /// The event kinds declared in scope, as the graph lists them.
    pub fn declared_events(&self) -> Vec<EventDeclaration> {
        self.scope
            .events
            .values()
            .filter_map(|declared| {
                let decl = declared.decl;
                Some(EventDeclaration {
                    kind: EventKind::declared(&decl.name.value)?,
                    description: decl.description.value.clone(),
                    doc: decl.docs.doc.as_ref().map(|d| d.value.clone()),
                    source: decl.docs.source.as_ref().map(|s| s.value.clone()),
                    location: self.location(declared.policy, decl.name.span),
                })
            })
            .collect()
    }

    /// Lowers a rule's preconditions; `None` if any is wrong (reported).
    pub(super) fn preconditions(
        &mut self,
        policy: usize,
        written: &[Spanned<ast::Precondition>],
    ) -> Option<Vec<graph::Precondition>> {
        let lowered: Vec<Option<graph::Precondition>> = written
            .iter()
            .map(|precondition| self.precondition(policy, &precondition.value))
            .collect();
        lowered.into_iter().collect()
    }

    fn precondition(
        &mut self,
        policy: usize,
        precondition: &ast::Precondition,
    ) -> Option<graph::Precondition> {
        let kind = self.event_kind(&precondition.kind.value);
        if kind.is_none() {
            self.undeclared_event(policy, &precondition.kind);
        }
        let within = match &precondition.within {
            Some(age) => Some(self.event_age(policy, age)?),
            None => None,
        };
        Some(graph::Precondition {
            gate: match precondition.gate {
                ast::Gate::Requires => Gate::Requires,
                ast::Gate::Unless => Gate::Unless,
            },
            events: self.events(kind?),
            within,
        })
    }

    /// Reports a precondition's kind that nothing declares.
    fn undeclared_event(&mut self, policy: usize, name: &Spanned<String>) {
        let names = self.event_names();
        let help = match closest(&name.value, names.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "declare it, e.g. `event {} \"A warning letter was sent\"`, or use one of {}",
                name.value,
                names
                    .iter()
                    .map(|name| format!("`{name}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.diagnostics.push(
            Diagnostic::new(
                DiagnosticKind::UndeclaredEvent,
                self.file(policy),
                name.span,
                format!("there is no event kind `{}`", name.value),
            )
            .label("not a built-in or declared event kind")
            .help(help),
        );
    }

    /// `within N days|weeks|months` after a precondition's kind.
    fn event_age(&mut self, policy: usize, age: &Spanned<Amount>) -> Option<EventAge> {
        let (value, unit) = self.positive(policy, age, &EVENT_AGE)?;
        Some(match unit {
            Unit::Days => EventAge::Days(value),
            Unit::Weeks => EventAge::Weeks(value),
            _ => EventAge::Months(value),
        })
    }
}
