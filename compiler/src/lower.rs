//! Type-checks a merged scope and lowers it into rule-graph nodes.

use crate::diagnostic::{closest, Diagnostic, FileText};
use crate::diagnostic_kind::DiagnosticKind;
use crate::library::{self, PolicyLibrary};
use crate::scope::{Declared, Scope, SettingLine};
use chrono::NaiveDate;
use rollcall_grammar::ast::{
    self, Amount, Condition, SetExpr, Setting, SettingsKind, Spanned, Unit, Window,
};
use rollcall_ir::codes::{builtin_set, Code, CodeSet, BUILTIN_SETS};
use rollcall_ir::graph::{self, Aggregate, Input, Location, Node, NodeId, Predicate};
use rollcall_ir::EventKind;
use std::collections::{BTreeSet, HashMap};

/// The highest amount any regime has set for a penalty notice, in pence.
const STATUTORY_MAXIMUM_PENCE: i64 = 16_000;

/// The node arena of one graph, with identical nodes shared.
#[derive(Default)]
pub(crate) struct Arena {
    pub nodes: Vec<Node>,
    index: HashMap<Node, NodeId>,
}

impl Arena {
    /// The id of `node`, adding it if new.
    pub fn intern(&mut self, node: Node) -> NodeId {
        if let Some(&id) = self.index.get(&node) {
            return id;
        }
        let id = NodeId(self.nodes.len() as u32);
        self.index.insert(node.clone(), id);
        self.nodes.push(node);
        id
    }
}

/// The unit a comparison operand is measured in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OperandUnit {
    Sessions,
    SchoolDays,
    SchoolWeeks,
    Percent,
    /// A unit conditions never compare (money, days, weeks, years, notices).
    Other(&'static str),
}

impl OperandUnit {
    fn words(self) -> &'static str {
        match self {
            OperandUnit::Other(words) => words,
            OperandUnit::Sessions => "sessions",
            OperandUnit::SchoolDays => "school days",
            OperandUnit::SchoolWeeks => "school weeks",
            OperandUnit::Percent => "a percentage",
        }
    }

    fn example(self) -> &'static str {
        match self {
            OperandUnit::Sessions => "10 sessions",
            OperandUnit::SchoolDays => "15 school days",
            OperandUnit::SchoolWeeks => "6 school weeks",
            OperandUnit::Percent => "92%",
            OperandUnit::Other(_) => "10 sessions",
        }
    }
}

fn unit_words(unit: Option<Unit>) -> &'static str {
    match unit {
        None => "a bare number",
        Some(Unit::Sessions) => "sessions",
        Some(Unit::SchoolDays) => "school days",
        Some(Unit::SchoolWeeks) => "school weeks",
        Some(Unit::Days) => "days",
        Some(Unit::Weeks) => "weeks",
        Some(Unit::Years) => "years",
        Some(Unit::Percent) => "a percentage",
        Some(Unit::Money) => "money",
        Some(Unit::Notices) => "notices",
    }
}

/// Lowers one segment's scope; returns the rules and escalation node ids.
pub(crate) struct SegmentLowerer<'a, 'd> {
    pub library: &'a PolicyLibrary,
    pub scope: &'a Scope<'a>,
    pub arena: &'d mut Arena,
    pub diagnostics: &'d mut Vec<Diagnostic>,
    /// Sessions before this date are ignored (absence-date selection).
    pub counts_from: Option<NaiveDate>,
    /// Declarations used, by (policy, span start), for unused warnings.
    pub used: &'d mut BTreeSet<(usize, u32)>,
    measure_stack: Vec<String>,
}

impl<'a, 'd> SegmentLowerer<'a, 'd> {
    /// A lowerer for one segment.
    pub fn new(
        library: &'a PolicyLibrary,
        scope: &'a Scope<'a>,
        arena: &'d mut Arena,
        diagnostics: &'d mut Vec<Diagnostic>,
        counts_from: Option<NaiveDate>,
        used: &'d mut BTreeSet<(usize, u32)>,
    ) -> Self {
        SegmentLowerer {
            library,
            scope,
            arena,
            diagnostics,
            counts_from,
            used,
            measure_stack: Vec::new(),
        }
    }

    fn file(&self, policy: usize) -> &'a FileText {
        &self.library.policies[policy].file
    }

    fn location(&self, policy: usize, span: ast::Span) -> Location {
        let file = self.file(policy);
        Location {
            policy: self.library.id(policy).to_string(),
            file: file.path.clone(),
            line: file.line_of(span.start),
        }
    }

    /// Lowers every rule in force; returns their node ids in order.
    pub fn rules(&mut self) -> Vec<NodeId> {
        let mut ids = Vec::new();
        for rule in &self.scope.rules {
            if let Some(id) = self.rule(rule) {
                ids.push(id);
            }
        }
        ids
    }

    fn rule(&mut self, rule: &Declared<'a, ast::RuleDecl>) -> Option<NodeId> {
        let (policy, decl) = (rule.policy, rule.decl);
        let file = self.file(policy);
        if decl.docs.doc.is_none() || decl.docs.source.is_none() {
            let missing = match (&decl.docs.doc, &decl.docs.source) {
                (None, None) => "`doc` and `source` lines",
                (None, _) => "a `doc` line",
                _ => "a `source` line",
            };
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::MissingDoc,
                    file,
                    decl.name.span,
                    format!("rule `{}` has no {missing}", decl.name.value),
                )
                .label("undocumented rule")
                .help("say what the rule is for with `doc \"...\"` and where it comes from with `source \"...\"` (seed file or guidance paragraph)"),
            );
        }
        let when = self.condition(policy, decl.when.as_ref()?);
        let then = self.action(&decl.then.as_ref()?.value);
        let mut instead = Vec::new();
        for alternative in &decl.instead {
            let when = self.condition(policy, &alternative.when);
            let then = self.action(&alternative.action.value);
            if let Some(when) = when {
                instead.push(graph::Alternative { when, then });
            }
        }
        let repeat = match decl.limit.as_ref().map(|l| l.value) {
            None => graph::Repeat::Unlimited,
            Some(ast::RepeatLimit::Once) => graph::Repeat::Once,
            Some(ast::RepeatLimit::OncePer(period)) => graph::Repeat::OncePer(lower_period(period)),
        };
        let when = when?;
        Some(self.arena.intern(Node::Rule(graph::Rule {
            name: decl.name.value.clone(),
            doc: decl.docs.doc.as_ref().map(|d| d.value.clone()),
            source: decl.docs.source.as_ref().map(|s| s.value.clone()),
            location: self.location(policy, decl.name.span),
            when,
            then,
            instead,
            repeat,
        })))
    }

    /// Lowers an action to its node.
    pub fn action(&mut self, action: &ast::Action) -> NodeId {
        let lowered = match action {
            ast::Action::PenaltyNotice => graph::Action::PenaltyNotice,
            ast::Action::ExclusionNotice => graph::Action::ExclusionNotice,
            ast::Action::Prosecution => graph::Action::Prosecution,
            ast::Action::Letter(label) => graph::Action::Letter {
                label: label.clone(),
            },
            ast::Action::Meeting(label) => graph::Action::Meeting {
                label: label.clone(),
            },
            ast::Action::Referral(label) => graph::Action::Referral {
                label: label.clone(),
            },
            ast::Action::Contract(label) => graph::Action::Contract {
                label: label.clone(),
            },
            ast::Action::ManualReview(reason) => graph::Action::ManualReview {
                reason: reason.clone(),
            },
        };
        self.arena.intern(Node::Action(lowered))
    }

    fn condition(&mut self, policy: usize, condition: &Condition) -> Option<NodeId> {
        let predicate = match condition {
            Condition::Compare { left, op, right } => {
                let left_typed = self.quantity(policy, left);
                let right_typed = self.quantity(policy, right);
                let ((left_kind, left_op), (right_kind, right_op)) = (left_typed?, right_typed?);
                let (left_kind, right_kind) =
                    self.infer_bare(policy, left, left_kind, right, right_kind)?;
                if let (OperandUnit::Other(words), OperandUnit::Other(_)) = (left_kind, right_kind)
                {
                    self.diagnostics.push(
                        Diagnostic::new(DiagnosticKind::WrongUnit, self.file(policy), op.span, format!("a condition cannot compare {words}"))
                            .label("amounts in the wrong unit")
                            .help("conditions compare sessions, school days, school weeks or percentages, e.g. `>= 10 sessions` or `< 92%`"),
                    );
                    return None;
                }
                if left_kind != right_kind {
                    self.diagnostics.push(
                        Diagnostic::new(
                            DiagnosticKind::UnitMismatch,
                            self.file(policy),
                            op.span,
                            format!(
                                "cannot compare {} with {}",
                                left_kind.words(),
                                right_kind.words()
                            ),
                        )
                        .label("these sides have different units")
                        .also(left.span(), left_kind.words())
                        .also(right.span(), right_kind.words())
                        .help(format!(
                            "compare like with like, e.g. `... >= {}`",
                            left_kind.example()
                        )),
                    );
                    return None;
                }
                Predicate::Compare {
                    left: left_op,
                    op: lower_op(op.value),
                    right: right_op,
                }
            }
            Condition::ExclusionSighting { first, .. } => {
                let days = self.positive(
                    policy,
                    first,
                    Unit::SchoolDays,
                    "the first school days of an exclusion",
                    "5 school days",
                )?;
                let exclusions = self.events(EventKind::Exclusion);
                let sightings = self.events(EventKind::PublicPlace);
                Predicate::ExclusionSighting {
                    exclusions,
                    sightings,
                    first_school_days: days,
                }
            }
            Condition::And(a, b) => {
                let (a, b) = (self.condition(policy, a), self.condition(policy, b));
                Predicate::All { of: vec![a?, b?] }
            }
            Condition::Or(a, b) => {
                let (a, b) = (self.condition(policy, a), self.condition(policy, b));
                Predicate::Any { of: vec![a?, b?] }
            }
            Condition::Not(operand, _) => Predicate::Not {
                of: self.condition(policy, operand)?,
            },
        };
        Some(self.arena.intern(Node::Predicate(predicate)))
    }

    /// A bare number takes the unit of the other side, with an error that says so.
    fn infer_bare(
        &mut self,
        policy: usize,
        left: &ast::Operand,
        left_kind: Option<OperandUnit>,
        right: &ast::Operand,
        right_kind: Option<OperandUnit>,
    ) -> Option<(OperandUnit, OperandUnit)> {
        match (left_kind, right_kind) {
            (Some(l), Some(r)) => Some((l, r)),
            (Some(known), None) | (None, Some(known)) => {
                let bare = if left_kind.is_none() { left } else { right };
                self.diagnostics.push(
                    Diagnostic::new(
                        DiagnosticKind::MissingUnit,
                        self.file(policy),
                        bare.span(),
                        "this number has no unit".to_string(),
                    )
                    .label(format!("{} of what?", literal_text(bare)))
                    .help(format!(
                        "the other side is measured in {}: write `{}`",
                        known.words(),
                        with_unit(bare, known)
                    )),
                );
                None
            }
            (None, None) => {
                self.diagnostics.push(
                    Diagnostic::new(
                        DiagnosticKind::MissingUnit,
                        self.file(policy),
                        left.span().join(right.span()),
                        "neither side of this comparison has a unit".to_string(),
                    )
                    .label("bare numbers")
                    .help("compare a quantity such as `count unauthorised within 10 school weeks` with a number and its unit"),
                );
                None
            }
        }
    }

    /// Types a quantity: `Some((None, _))` is a bare number (unit inferred by the caller).
    fn quantity(
        &mut self,
        policy: usize,
        quantity: &ast::Operand,
    ) -> Option<(Option<OperandUnit>, graph::Operand)> {
        let (kind, aggregate) = match quantity {
            ast::Operand::Literal(amount) => return self.literal(policy, amount),
            ast::Operand::Measure(name) => return self.measure(policy, name),
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
        Some((Some(kind), graph::Operand::Node(id)))
    }

    fn literal(
        &mut self,
        policy: usize,
        amount: &Spanned<Amount>,
    ) -> Option<(Option<OperandUnit>, graph::Operand)> {
        let value = amount.value.value;
        let (kind, constant) = match amount.value.unit {
            None => (None, graph::Quantity::Sessions(0)),
            Some(Unit::Sessions) => (Some(OperandUnit::Sessions), graph::Quantity::Sessions(0)),
            Some(Unit::SchoolDays) => (
                Some(OperandUnit::SchoolDays),
                graph::Quantity::SchoolDays(0),
            ),
            Some(Unit::SchoolWeeks) => (
                Some(OperandUnit::SchoolWeeks),
                graph::Quantity::SchoolWeeks(0),
            ),
            Some(Unit::Percent) => (Some(OperandUnit::Percent), graph::Quantity::BasisPoints(0)),
            Some(other) => (
                Some(OperandUnit::Other(unit_words(Some(other)))),
                graph::Quantity::Sessions(0),
            ),
        };
        if value < 0 || (kind == Some(OperandUnit::Percent) && value > 10_000) {
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::OutOfRange,
                    self.file(policy),
                    amount.span,
                    format!(
                        "`{}` is out of range",
                        literal_text(&ast::Operand::Literal(amount.clone()))
                    ),
                )
                .label("counts are never negative; percentages run from 0% to 100%")
                .help("write a count of zero or more, or a percentage from 0% to 100%"),
            );
            return None;
        }
        let value = value as u32;
        let constant = match constant {
            graph::Quantity::Sessions(_) => graph::Quantity::Sessions(value),
            graph::Quantity::SchoolDays(_) => graph::Quantity::SchoolDays(value),
            graph::Quantity::SchoolWeeks(_) => graph::Quantity::SchoolWeeks(value),
            graph::Quantity::BasisPoints(_) => graph::Quantity::BasisPoints(value),
        };
        Some((kind, graph::Operand::Constant(constant)))
    }

    fn measure(
        &mut self,
        policy: usize,
        name: &Spanned<String>,
    ) -> Option<(Option<OperandUnit>, graph::Operand)> {
        let Some(declared) = self.scope.measures.get(&name.value) else {
            let candidates = self.scope.measures.keys().map(String::as_str);
            let help = match closest(&name.value, candidates) {
                Some(near) => format!("did you mean `{near}`?"),
                None => {
                    "declare it with `measure NAME = ...`, or write the quantity here".to_string()
                }
            };
            self.unknown_name(policy, name, "measure", help);
            return None;
        };
        self.used
            .insert((declared.policy, declared.decl.name.span.start));
        if self.measure_stack.contains(&name.value) {
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::MeasureCycle,
                    self.file(policy),
                    name.span,
                    format!("measure `{}` is defined in terms of itself", name.value),
                )
                .label("refers back to itself")
                .help("define the measure from a count or a share, or from measures that do not use it"),
            );
            return None;
        }
        self.measure_stack.push(name.value.clone());
        let typed = self.quantity(declared.policy, &declared.decl.quantity);
        self.measure_stack.pop();
        typed
    }

    fn unknown_name(&mut self, policy: usize, name: &Spanned<String>, what: &str, help: String) {
        self.diagnostics.push(
            Diagnostic::new(
                DiagnosticKind::UnknownName,
                self.file(policy),
                name.span,
                format!("there is no {what} `{}`", name.value),
            )
            .label(format!("unknown {what}"))
            .help(help),
        );
    }

    fn window(&mut self, policy: usize, window: &Window) -> Option<graph::Window> {
        match window {
            Window::Within(length) => match length.value.unit {
                Some(Unit::SchoolDays) => Some(graph::Window::SchoolDays {
                    school_days: self.positive(
                        policy,
                        length,
                        Unit::SchoolDays,
                        "a rolling window",
                        "50 school days",
                    )?,
                }),
                _ => Some(graph::Window::SchoolWeeks {
                    school_weeks: self.positive(
                        policy,
                        length,
                        Unit::SchoolWeeks,
                        "a rolling window",
                        "10 school weeks",
                    )?,
                }),
            },
            Window::WithinAfter(length, anchor) => {
                let school_weeks = self.positive(
                    policy,
                    length,
                    Unit::SchoolWeeks,
                    "a window after an event",
                    "10 school weeks",
                );
                let anchor = self.anchor(policy, anchor);
                Some(graph::Window::AfterAnchor {
                    anchor: anchor?,
                    school_weeks: school_weeks?,
                })
            }
            Window::During(anchor) => self.during(policy, anchor),
            Window::This(period) => Some(graph::Window::Period {
                period: lower_period(period.value),
            }),
            Window::Since(anchor) => Some(graph::Window::Since {
                anchor: self.anchor(policy, anchor)?,
            }),
        }
    }

    fn during(&mut self, policy: usize, anchor: &Spanned<String>) -> Option<graph::Window> {
        if anchor.value != "notice_to_improve" {
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::UnknownName,
                    self.file(policy),
                    anchor.span,
                    format!("`during {}` is not a period", anchor.value),
                )
                .label("only `during notice_to_improve` is a period")
                .help("for a window after an event write `within 10 school weeks after EVENT`"),
            );
            return None;
        }
        if !self.scope.settings.contains_key("notice_to_improve: lasts") {
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
        let (lasts_days, at_most_days) = self.improvement_period()?;
        Some(graph::Window::NoticeToImprove {
            anchor: self.events(EventKind::NoticeToImprove),
            lasts_days,
            at_most_days,
        })
    }

    /// Checks the `notice_to_improve` settings in force; returns the period
    /// and its longest extension in days, if set and sound.
    pub fn improvement_period(&mut self) -> Option<(u32, u32)> {
        let weeks = |key: &str| {
            self.scope
                .settings
                .get(&format!("notice_to_improve: {key}"))
        };
        let lasts = weeks("lasts")?;
        let (extendable, at_most) = (weeks("extendable by"), weeks("at most"));
        let lasts_weeks = self.setting_weeks(lasts)?;
        let extendable_weeks = match extendable {
            Some(line) => self.setting_weeks(line)?,
            None => 0,
        };
        let at_most_weeks = match at_most {
            Some(line) => self.setting_weeks(line)?,
            None => lasts_weeks + extendable_weeks,
        };
        if lasts_weeks + extendable_weeks > at_most_weeks {
            let line = at_most.unwrap_or(lasts);
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::NoticeToImprovePeriod,
                    self.file(line.policy),
                    line.line.span,
                    format!("{lasts_weeks} weeks extended by {extendable_weeks} is longer than the most allowed, {at_most_weeks} weeks"),
                )
                .label("the longest improvement period")
                .help("make `at most` at least `lasts` plus `extendable by`"),
            );
            return None;
        }
        if lasts_weeks < 3 || at_most_weeks > 6 {
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::NoticeToImproveRange,
                    self.file(lasts.policy),
                    lasts.line.span,
                    format!("an improvement period of {lasts_weeks} to {at_most_weeks} weeks is outside the 3 to 6 weeks the national guidance allows"),
                )
                .label("unusual improvement period")
                .help("the DfE expects a Notice to Improve to give between 3 and 6 weeks"),
            );
        }
        Some((lasts_weeks * 7, at_most_weeks * 7))
    }

    fn setting_weeks(&mut self, line: &SettingLine<'a>) -> Option<u32> {
        let amount = match &line.line.value {
            Setting::Lasts(a) | Setting::ExtendableBy(a) | Setting::AtMost(a) => a,
            _ => return None,
        };
        if amount.value.value == 0 && matches!(line.line.value, Setting::ExtendableBy(_)) {
            return Some(0);
        }
        self.positive(
            line.policy,
            amount,
            Unit::Weeks,
            "an improvement period",
            "4 weeks",
        )
    }

    /// Checks a positive whole amount in the expected unit.
    pub fn positive(
        &mut self,
        policy: usize,
        amount: &Spanned<Amount>,
        unit: Unit,
        what: &str,
        example: &str,
    ) -> Option<u32> {
        let file = self.file(policy);
        check_positive(file, amount, unit, what, example, self.diagnostics)
    }

    fn anchor(&mut self, policy: usize, anchor: &Spanned<String>) -> Option<NodeId> {
        if let Some(kind) = EventKind::parse(&anchor.value) {
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
        let mut candidates: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        candidates.extend(self.scope.rules.iter().map(|r| r.decl.name.value.as_str()));
        let help = match closest(&anchor.value, candidates.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "windows are anchored on an event ({}) or a rule of this policy",
                EventKind::ALL
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

    fn events(&mut self, kind: EventKind) -> NodeId {
        self.arena.intern(Node::Input(Input::Events { kind }))
    }

    fn classify(&mut self, policy: usize, set: &SetExpr) -> Option<NodeId> {
        let name = match set {
            SetExpr::Name(name) => Some(name.value.clone()),
            _ => None,
        };
        let codes = self.code_set(policy, set, &mut Vec::new())?;
        Some(self.classify_codes(name, codes))
    }

    fn classify_codes(&mut self, name: Option<String>, codes: CodeSet) -> NodeId {
        let input = self.arena.intern(Node::Input(Input::Marks));
        self.arena.intern(Node::Classify { name, codes, input })
    }

    fn code_set(
        &mut self,
        policy: usize,
        set: &SetExpr,
        stack: &mut Vec<String>,
    ) -> Option<CodeSet> {
        match set {
            SetExpr::Literal(codes, _) => {
                let mut result = Some(CodeSet::EMPTY);
                for code in codes {
                    match Code::parse(&code.value) {
                        Some(parsed) => result = result.map(|s| s.with(parsed)),
                        None => {
                            self.diagnostics.push(unknown_code(self.file(policy), code));
                            result = None;
                        }
                    }
                }
                result
            }
            SetExpr::Name(name) => {
                if let Some(codes) = builtin_set(&name.value) {
                    return Some(codes);
                }
                let Some(declared) = self.scope.codes.get(&name.value) else {
                    let mut candidates: Vec<&str> = BUILTIN_SETS.to_vec();
                    candidates.extend(self.scope.codes.keys().map(String::as_str));
                    let help = match closest(&name.value, candidates.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!(
                            "the built-in sets are {}",
                            BUILTIN_SETS
                                .iter()
                                .map(|s| format!("`{s}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    self.unknown_name(policy, name, "code set", help);
                    return None;
                };
                self.used
                    .insert((declared.policy, declared.decl.name.span.start));
                if stack.contains(&name.value) {
                    self.diagnostics.push(
                        Diagnostic::new(
                            DiagnosticKind::CodesCycle,
                            self.file(policy),
                            name.span,
                            format!("code set `{}` is defined in terms of itself", name.value),
                        )
                        .label("refers back to itself")
                        .help(
                            "define the set from register codes, or from sets that do not use it",
                        ),
                    );
                    return None;
                }
                stack.push(name.value.clone());
                let codes = self.code_set(declared.policy, &declared.decl.set, stack);
                stack.pop();
                codes
            }
            SetExpr::Union(a, b) => {
                let (a, b) = (
                    self.code_set(policy, a, stack),
                    self.code_set(policy, b, stack),
                );
                Some(a?.union(b?))
            }
            SetExpr::Difference(a, b) => {
                let (a, b) = (
                    self.code_set(policy, a, stack),
                    self.code_set(policy, b, stack),
                );
                Some(a?.difference(b?))
            }
        }
    }
}

/// Checks a positive whole amount in the expected unit, reporting misuse.
pub(crate) fn check_positive(
    file: &FileText,
    amount: &Spanned<Amount>,
    unit: Unit,
    what: &str,
    example: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<u32> {
    let Amount {
        value,
        unit: written,
    } = amount.value;
    if written != Some(unit) {
        let (kind, message) = match written {
            None => (DiagnosticKind::MissingUnit, format!("{what} needs a unit")),
            Some(_) => (
                DiagnosticKind::WrongUnit,
                format!(
                    "{what} is measured in {}, not {}",
                    unit_words(Some(unit)),
                    unit_words(written)
                ),
            ),
        };
        diagnostics.push(
            Diagnostic::new(kind, file, amount.span, message)
                .label(if written.is_none() {
                    "no unit".to_string()
                } else {
                    "amounts in the wrong unit".to_string()
                })
                .help(format!("write it like `{example}`")),
        );
        return None;
    }
    if value <= 0 {
        diagnostics.push(
            Diagnostic::new(
                DiagnosticKind::NonPositive,
                file,
                amount.span,
                format!("{what} must be greater than zero"),
            )
            .label("zero or negative")
            .help(format!("write a positive amount, like `{example}`")),
        );
        return None;
    }
    u32::try_from(value).ok()
}

fn unknown_code(file: &FileText, code: &Spanned<String>) -> Diagnostic {
    let written = code.value.as_str();
    let removed = match written {
        "H" => Some("`H` (agreed family holiday) was removed from the register codes in 2024; leave agreed by the school is now `C`"),
        "J" => Some("`J` (interview) was replaced by `J1` in 2024"),
        "Y" => Some("plain `Y` was split into `Y1` to `Y7` in 2024"),
        "F" => Some("`F` (extended family holiday) is no longer a register code; unagreed holiday is `G`"),
        _ => None,
    };
    let codes = Code::ALL.iter().map(|c| c.as_str());
    let help = match (removed, closest(written, codes)) {
        (Some(why), _) => why.to_string(),
        (None, Some(near)) => format!("did you mean `{near}`?"),
        (None, None) => format!(
            "the 2024 register codes are {}",
            Code::ALL
                .iter()
                .map(|c| format!("`{}`", c.as_str()))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    };
    Diagnostic::new(
        DiagnosticKind::UnknownCode,
        file,
        code.span,
        format!("`{written}` is not a register code"),
    )
    .label("unknown code")
    .help(help)
}

fn literal_text(quantity: &ast::Operand) -> String {
    match quantity {
        ast::Operand::Literal(amount) => match amount.value.unit {
            Some(Unit::Money) => format!(
                "£{}.{:02}",
                amount.value.value / 100,
                amount.value.value % 100
            ),
            Some(Unit::Percent) => format!("{}%", amount.value.value as f64 / 100.0),
            _ => amount.value.value.to_string(),
        },
        _ => "this".to_string(),
    }
}

fn with_unit(quantity: &ast::Operand, kind: OperandUnit) -> String {
    let number = literal_text(quantity);
    match kind {
        OperandUnit::Percent => format!("{number}%"),
        other => format!("{number} {}", other.words()),
    }
}

fn lower_op(op: ast::CompareOp) -> graph::CompareOp {
    match op {
        ast::CompareOp::Less => graph::CompareOp::Less,
        ast::CompareOp::LessOrEqual => graph::CompareOp::LessOrEqual,
        ast::CompareOp::Greater => graph::CompareOp::Greater,
        ast::CompareOp::GreaterOrEqual => graph::CompareOp::GreaterOrEqual,
        ast::CompareOp::Equal => graph::CompareOp::Equal,
        ast::CompareOp::NotEqual => graph::CompareOp::NotEqual,
    }
}

fn lower_period(period: ast::Period) -> graph::Period {
    match period {
        ast::Period::Term => graph::Period::Term,
        ast::Period::HalfTerm => graph::Period::HalfTerm,
        ast::Period::AcademicYear => graph::Period::AcademicYear,
    }
}

/// Whether a setting line belongs in a block of this kind.
pub(crate) fn belongs(kind: SettingsKind, setting: &Setting) -> bool {
    let expected = match setting {
        Setting::NoticePays { .. }
        | Setting::ExclusionPays { .. }
        | Setting::Limit { .. }
        | Setting::CountFrom(_) => SettingsKind::PenaltyNotices,
        Setting::LeadSchoolAuthority
        | Setting::OtherAuthoritiesCount(_)
        | Setting::UnknownPrevious(_) => SettingsKind::CrossBorder,
        Setting::Lasts(_) | Setting::ExtendableBy(_) | Setting::AtMost(_) => {
            SettingsKind::NoticeToImprove
        }
    };
    expected == kind
}

/// Validates a date literal (re-exported for settings).
pub(crate) fn date(
    file: &FileText,
    lit: &Spanned<ast::DateLit>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<NaiveDate> {
    library::date(file, lit, diagnostics)
}

/// The statutory maximum, for the settings check.
pub(crate) fn statutory_maximum() -> i64 {
    STATUTORY_MAXIMUM_PENCE
}
