//! Aggregates (counts, runs, shares) and the windows and anchors they are
//! taken over.

use super::rules::lower_period;
use super::units::{OperandUnit, Place, TypedOperand};
use super::SegmentLowerer;
use crate::diagnostic::{closest, Diagnostic};
use crate::diagnostic_kind::DiagnosticKind;
use crate::library::date;
use crate::scope::{SettingKey, SettingName};
use rollcall_grammar::ast::{self, Amount, DateLit, Spanned, Unit, Window};
use rollcall_ir::codes::builtin_set;
use rollcall_ir::graph::{self, Aggregate, Input, Node, NodeId};
use rollcall_ir::view::ImprovementUnit;
use rollcall_ir::EventKind;

/// `within N UNIT`: the lengths a rolling window can have.
const ROLLING: Place = Place {
    what: "a rolling window",
    units: &[
        (Unit::SchoolWeeks, "10 school weeks"),
        (Unit::SchoolDays, "50 school days"),
        (Unit::Sessions, "100 sessions"),
        (Unit::Months, "3 months"),
    ],
    hint: Some("for a term write `this term` or `this and previous term`"),
};

/// `within N UNIT after ANCHOR`: the lengths a window after an event can have.
const AFTER_ANCHOR: Place = Place {
    what: "a window after an event",
    units: &[
        (Unit::SchoolWeeks, "10 school weeks"),
        (Unit::SchoolDays, "15 school days"),
    ],
    hint: None,
};

impl<'a> SegmentLowerer<'a, '_> {
    /// Types and lowers an operand; a bare number has no unit (the caller
    /// infers it from the other side).
    pub(super) fn operand(
        &mut self,
        policy: usize,
        quantity: &ast::Operand,
    ) -> Option<TypedOperand> {
        let (kind, aggregate) = match quantity {
            ast::Operand::Literal(amount) => return self.literal(policy, amount),
            ast::Operand::Measure(name) => return self.measure(policy, name),
            ast::Operand::EpisodeLength { span } => return self.episode_length(policy, *span),
            ast::Operand::Count { set, window, .. } => {
                let codes = self.classify(policy, set);
                let window = self.window(policy, window);
                (
                    OperandUnit::Sessions,
                    Aggregate::Count {
                        codes: codes?,
                        window: window?,
                        counts_from: self.counts_from,
                    },
                )
            }
            ast::Operand::Episodes { set, window, .. } => {
                let codes = self.classify(policy, set);
                let window = self.window(policy, window);
                (
                    OperandUnit::Episodes,
                    Aggregate::Episodes {
                        codes: codes?,
                        window: window?,
                        counts_from: self.counts_from,
                    },
                )
            }
            ast::Operand::Consecutive { set, unit, .. } => {
                let codes = self.classify(policy, set)?;
                let (kind, unit) = match unit.value {
                    Unit::SchoolDays => (OperandUnit::SchoolDays, graph::RunUnit::SchoolDays),
                    _ => (OperandUnit::Sessions, graph::RunUnit::Sessions),
                };
                (
                    kind,
                    Aggregate::Run {
                        codes,
                        unit,
                        counts_from: self.counts_from,
                    },
                )
            }
            ast::Operand::Attendance { window, .. } => {
                let attending = builtin_set("attending").unwrap_or_default();
                let codes = self.classify_codes(Some("attending".to_string()), attending);
                (
                    OperandUnit::Percent,
                    Aggregate::Share {
                        codes,
                        window: self.window(policy, window)?,
                        counts_from: self.counts_from,
                    },
                )
            }
            ast::Operand::Share { set, window, .. } => {
                let codes = self.classify(policy, set);
                let window = self.window(policy, window);
                (
                    OperandUnit::Percent,
                    Aggregate::Share {
                        codes: codes?,
                        window: window?,
                        counts_from: self.counts_from,
                    },
                )
            }
            ast::Operand::SchoolWeeksSince { anchor, .. } => (
                OperandUnit::SchoolWeeks,
                Aggregate::SchoolWeeksSince {
                    anchor: self.anchor(policy, anchor)?,
                },
            ),
        };
        let id = self.arena.intern(Node::Aggregate(aggregate));
        Some(TypedOperand {
            unit: Some(kind),
            operand: graph::Operand::Node(id),
        })
    }

    pub(super) fn window(&mut self, policy: usize, window: &Window) -> Option<graph::Window> {
        match window {
            Window::Within(length) => self.rolling(policy, length),
            Window::WithinAfter(length, anchor) => {
                let length = self.positive(policy, length, &AFTER_ANCHOR);
                let anchor = self.anchor(policy, anchor);
                let (anchor, (n, unit)) = (anchor?, length?);
                Some(match unit {
                    Unit::SchoolDays => graph::Window::SchoolDaysAfter {
                        anchor,
                        school_days: n,
                    },
                    _ => graph::Window::AfterAnchor {
                        anchor,
                        school_weeks: n,
                    },
                })
            }
            Window::During(anchor) => self.during(policy, anchor),
            Window::This(period) => Some(graph::Window::Period {
                period: lower_period(period.value),
            }),
            Window::ThisAndPrevious(period) => Some(graph::Window::ThisAndPrevious {
                period: lower_period(period.value),
            }),
            Window::Between(from, to) => self.between(policy, from, to),
            Window::Since(anchor) => Some(graph::Window::Since {
                anchor: self.anchor(policy, anchor)?,
            }),
        }
    }

    /// `within N UNIT`: school weeks, school days, possible sessions or
    /// calendar months.
    fn rolling(&mut self, policy: usize, length: &Spanned<Amount>) -> Option<graph::Window> {
        let (n, unit) = self.positive(policy, length, &ROLLING)?;
        Some(match unit {
            Unit::SchoolDays => graph::Window::SchoolDays { school_days: n },
            Unit::Sessions => graph::Window::Sessions { sessions: n },
            Unit::Months => graph::Window::Months { months: n },
            _ => graph::Window::SchoolWeeks { school_weeks: n },
        })
    }

    /// `from DATE to DATE`: fixed dates, the first not after the last.
    fn between(
        &mut self,
        policy: usize,
        from: &Spanned<DateLit>,
        to: &Spanned<DateLit>,
    ) -> Option<graph::Window> {
        let file = self.file(policy);
        let first = date(file, from, self.diagnostics);
        let last = date(file, to, self.diagnostics);
        let (from_date, to_date) = (first?, last?);
        if to_date < from_date {
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::NonPositive,
                    file,
                    from.span.join(to.span),
                    format!("the window from {from_date} to {to_date} ends before it starts"),
                )
                .label("no day is in this window")
                .help(format!(
                    "write the earlier date first: `from {to_date} to {from_date}`"
                )),
            );
            return None;
        }
        Some(graph::Window::Between {
            from: from_date,
            to: to_date,
        })
    }

    /// `during NAME` of a `dates NAME = from DATE to DATE` declaration.
    fn named_dates(&mut self, policy: usize, name: &Spanned<String>) -> Option<graph::Window> {
        let Some(declared) = self.scope.dates.get(&name.value) else {
            let candidates = self.scope.dates.keys().map(String::as_str);
            let help = match closest(&name.value, candidates) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "declare the dates with `dates NAME = from DATE to DATE`; for a window after an event write `within 10 school weeks after EVENT`".to_string(),
            };
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::UnknownName,
                    self.file(policy),
                    name.span,
                    format!("`during {}` is not a period", name.value),
                )
                .label("neither `notice_to_improve` nor declared dates")
                .help(help),
            );
            return None;
        };
        self.used.insert(declared.key(&declared.decl.name));
        let decl = declared.decl;
        self.between(declared.policy, &decl.from, &decl.to)
    }

    pub(super) fn during(
        &mut self,
        policy: usize,
        anchor: &Spanned<String>,
    ) -> Option<graph::Window> {
        if anchor.value != "notice_to_improve" {
            return self.named_dates(policy, anchor);
        }
        let lasts = SettingKey::notice_to_improve(SettingName::Lasts);
        if !self.scope.settings.contains_key(&lasts) {
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::NoNoticeToImprove,
                    self.file(policy),
                    anchor.span,
                    "`during notice_to_improve` needs the improvement period, but no `notice_to_improve` block sets `lasts`".to_string(),
                )
                .label("how long is the improvement period?")
                .help("add `notice_to_improve { lasts 4 weeks  extendable by 2 weeks  at most 6 weeks }` to the policy"),
            );
            return None;
        }
        let period = self.improvement_period()?;
        let anchor = self.events(EventKind::NoticeToImprove);
        Some(match period.unit {
            ImprovementUnit::Days => graph::Window::NoticeToImprove {
                anchor,
                lasts_days: period.lasts,
                at_most_days: period.at_most,
            },
            ImprovementUnit::SchoolWeeks => graph::Window::NoticeToImproveSchoolWeeks {
                anchor,
                lasts_school_weeks: period.lasts,
                at_most_school_weeks: period.at_most,
            },
            ImprovementUnit::SchoolDays => graph::Window::NoticeToImproveSchoolDays {
                anchor,
                lasts_school_days: period.lasts,
                at_most_school_days: period.at_most,
            },
        })
    }

    pub(super) fn anchor(&mut self, policy: usize, anchor: &Spanned<String>) -> Option<NodeId> {
        if let Some(kind) = self.event_kind(&anchor.value) {
            return Some(self.events(kind));
        }
        if self
            .scope
            .rules
            .iter()
            .any(|r| r.decl.name.value == anchor.value)
        {
            return Some(self.arena.intern(Node::Input(Input::Firings {
                rule: anchor.value.clone(),
            })));
        }
        let events = self.event_names();
        let mut candidates = events.clone();
        candidates.extend(self.scope.rules.iter().map(|r| r.decl.name.value.as_str()));
        let help = match closest(&anchor.value, candidates.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "windows are anchored on an event ({}) or a rule of this policy",
                events
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.diagnostics.push(
            Diagnostic::new(
                DiagnosticKind::UnknownName,
                self.file(policy),
                anchor.span,
                format!("`{}` is neither an event nor a rule", anchor.value),
            )
            .label("unknown event or rule")
            .help(help),
        );
        None
    }

    pub(super) fn events(&mut self, kind: EventKind) -> NodeId {
        self.arena.intern(Node::Input(Input::Events { kind }))
    }
}
