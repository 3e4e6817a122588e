//! Builds the AST from the pest parse tree.

use crate::ast::*;
use crate::error::SyntaxError;
use crate::rules::{PolicyParser, Rule, MAX_NESTING, MAX_TERMS};
use pest::iterators::Pair;
use pest::Parser as _;

type Node<'a> = Pair<'a, Rule>;

/// Parses one policy file into its AST, or returns the syntax errors found.
pub fn parse(source: &str) -> Result<PolicyFile, Vec<SyntaxError>> {
    let file = parse_tree(source)?;
    let mut builder = Builder::default();
    let policy = builder.file(file);
    if builder.errors.is_empty() {
        Ok(policy)
    } else {
        Err(builder.errors)
    }
}

/// The pest parse tree of a whole file (the `file` pair), for the
/// builder and the formatter.
pub(crate) fn parse_tree(source: &str) -> Result<Node<'_>, Vec<SyntaxError>> {
    let mut pairs = PolicyParser::parse(Rule::file, source)
        .map_err(|error| vec![SyntaxError::from_pest(source, error)])?;
    pairs.next().ok_or_else(|| vec![SyntaxError::empty()])
}

/// Walks the parse tree, collecting the few errors the grammar accepts on
/// purpose so it can explain them (`=>`, out-of-range numbers, conditions
/// past the nesting and length limits).
#[derive(Default)]
struct Builder {
    errors: Vec<SyntaxError>,
    /// Parentheses and `not`s around the condition being built.
    nesting: usize,
    /// Terms of the outermost condition being built, so far.
    terms: usize,
}

fn span_of(pair: &Node) -> Span {
    let span = pair.as_span();
    Span::new(span.start(), span.end())
}

fn spanned<T>(value: T, pair: &Node) -> Spanned<T> {
    Spanned {
        value,
        span: span_of(pair),
    }
}

/// The condition built in place of one the builder refused: never seen by
/// a caller, since the refusal is an error and the file has no AST.
fn stand_in(span: Span) -> Condition {
    Condition::ExclusionSighting {
        first: Spanned {
            value: Amount {
                value: 0,
                unit: None,
            },
            span,
        },
        span,
    }
}

fn inner(pair: Node) -> Node {
    pair.into_inner()
        .next()
        .expect("grammar: rule has an inner pair")
}

impl Builder {
    fn file(&mut self, pair: Node) -> PolicyFile {
        let mut header = None;
        let mut items = Vec::new();
        let mut versions = Vec::new();
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::header => header = Some(self.header(child)),
                Rule::version_block => versions.push(self.version(child)),
                Rule::EOI => {}
                _ => items.push(self.item(child)),
            }
        }
        PolicyFile {
            header: header.expect("grammar: a file starts with a header"),
            items,
            versions,
        }
    }

    fn header(&mut self, pair: Node) -> Header {
        let span = span_of(&pair);
        let mut parts = pair.into_inner();
        let kind_pair = parts.next().expect("grammar: header kind");
        let kind = match inner(kind_pair.clone()).as_rule() {
            Rule::k_national => PolicyKind::National,
            Rule::k_authority => PolicyKind::Authority,
            _ => PolicyKind::School,
        };
        let id = parts.next().expect("grammar: header id");
        let title = parts.next().expect("grammar: header title");
        let mut header = Header {
            kind: spanned(kind, &kind_pair),
            id: spanned(id.as_str().to_string(), &id),
            title: self.string(title),
            extends: None,
            succeeds: None,
            selection: None,
            doc: None,
            source: None,
            span,
        };
        for clause in parts {
            match clause.as_rule() {
                Rule::extends_clause => header.extends = Some(self.policy_ref(clause)),
                Rule::succeeds_clause => header.succeeds = Some(self.policy_ref(clause)),
                Rule::selector_clause => header.selection = Some(self.selection(clause)),
                Rule::doc_line => header.doc = Some(self.doc_text(clause)),
                _ => header.source = Some(self.doc_text(clause)),
            }
        }
        header
    }

    fn policy_ref(&mut self, clause: Node) -> Spanned<String> {
        let id = clause
            .into_inner()
            .find(|p| p.as_rule() == Rule::policy_id)
            .expect("grammar: policy id");
        spanned(id.as_str().to_string(), &id)
    }

    fn selection(&mut self, clause: Node) -> Spanned<VersionSelection> {
        let selector = clause
            .into_inner()
            .find(|p| p.as_rule() == Rule::selector)
            .expect("grammar: selector");
        let value = match inner(selector.clone()).as_rule() {
            Rule::decision_date => VersionSelection::DecisionDate,
            Rule::absence_date => VersionSelection::AbsenceDate,
            _ => VersionSelection::AcademicYear,
        };
        spanned(value, &selector)
    }

    fn doc_text(&mut self, line: Node) -> Spanned<String> {
        let string = line
            .into_inner()
            .find(|p| p.as_rule() == Rule::string)
            .expect("grammar: doc string");
        self.string(string)
    }

    fn string(&mut self, pair: Node) -> Spanned<String> {
        let text = inner(pair.clone()).as_str();
        let mut value = String::with_capacity(text.len());
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                if let Some(escaped) = chars.next() {
                    value.push(escaped);
                }
            } else {
                value.push(c);
            }
        }
        spanned(value, &pair)
    }

    fn version(&mut self, pair: Node) -> VersionBlock {
        let whole = span_of(&pair);
        let mut from = None;
        let mut until = None;
        let mut extends = None;
        let mut items = Vec::new();
        let mut header_end = whole.end;
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::k_version | Rule::k_from => {}
                Rule::date => {
                    header_end = span_of(&child).end;
                    from = Some(self.date(child));
                }
                Rule::until_clause => {
                    header_end = span_of(&child).end;
                    let date = child
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::date)
                        .expect("grammar: until date");
                    until = Some(self.date(date));
                }
                Rule::extends_clause => {
                    header_end = span_of(&child).end;
                    extends = Some(self.policy_ref(child));
                }
                _ => items.push(self.item(child)),
            }
        }
        VersionBlock {
            from: from.expect("grammar: version from"),
            until,
            extends,
            items,
            span: Span {
                start: whole.start,
                end: header_end,
            },
        }
    }

    fn date(&mut self, pair: Node) -> Spanned<DateLit> {
        let mut parts = pair.clone().into_inner();
        let mut next = || {
            parts
                .next()
                .map(|p| p.as_str().parse::<u32>().unwrap_or(0))
                .unwrap_or(0)
        };
        let year = next() as i32;
        let month = next();
        let day = next();
        spanned(DateLit { year, month, day }, &pair)
    }

    fn item(&mut self, pair: Node) -> Item {
        match pair.as_rule() {
            Rule::codes_decl => Item::Codes(self.codes(pair)),
            Rule::measure_decl => Item::Measure(self.measure(pair)),
            Rule::dates_decl => Item::Dates(self.dates(pair)),
            Rule::rule_decl => Item::Rule(self.rule(pair)),
            Rule::remove_decl => Item::Remove(self.remove(pair)),
            Rule::limit_decl => Item::Limit(self.limit(pair)),
            Rule::event_decl => Item::Event(self.event(pair)),
            _ => Item::Settings(self.settings(pair)),
        }
    }

    fn event(&mut self, pair: Node) -> EventDecl {
        let span = span_of(&pair);
        let mut name = None;
        let mut description = None;
        let mut docs = Docs::default();
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::event_name => name = Some(spanned(child.as_str().to_string(), &child)),
                Rule::string => description = Some(self.string(child)),
                Rule::docs => docs = self.docs(child),
                _ => {}
            }
        }
        EventDecl {
            name: name.expect("grammar: event name"),
            description: description.expect("grammar: event description"),
            docs,
            span,
        }
    }

    fn precondition(&mut self, pair: Node) -> Spanned<Precondition> {
        let span = span_of(&pair);
        let gate = match pair.as_rule() {
            Rule::unless_clause => Gate::Unless,
            _ => Gate::Requires,
        };
        let mut kind = None;
        let mut within = None;
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::event_name => kind = Some(spanned(child.as_str().to_string(), &child)),
                Rule::amount => within = Some(self.amount(child)),
                _ => {}
            }
        }
        let kind = kind.expect("grammar: precondition event");
        Spanned {
            value: Precondition { gate, kind, within },
            span,
        }
    }

    fn docs(&mut self, pair: Node) -> Docs {
        let mut docs = Docs::default();
        for line in pair.into_inner() {
            self.doc_into(line, &mut docs);
        }
        docs
    }

    fn doc_into(&mut self, line: Node, docs: &mut Docs) {
        match line.as_rule() {
            Rule::doc_line => docs.doc = Some(self.doc_text(line)),
            _ => docs.source = Some(self.doc_text(line)),
        }
    }

    fn codes(&mut self, pair: Node) -> CodesDecl {
        let span = span_of(&pair);
        let mut overriding = Overriding::New;
        let mut name = None;
        let mut set = None;
        let mut docs = Docs::default();
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::overriding => overriding = Overriding::Override(span_of(&child)),
                Rule::name => name = Some(spanned(child.as_str().to_string(), &child)),
                Rule::set_expr => set = Some(self.set_expr(child)),
                Rule::docs => docs = self.docs(child),
                _ => {}
            }
        }
        CodesDecl {
            overriding,
            name: name.expect("grammar: codes name"),
            set: set.expect("grammar: codes set"),
            docs,
            span,
        }
    }

    fn dates(&mut self, pair: Node) -> DatesDecl {
        let span = span_of(&pair);
        let mut overriding = Overriding::New;
        let mut name = None;
        let mut dates = Vec::new();
        let mut docs = Docs::default();
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::overriding => overriding = Overriding::Override(span_of(&child)),
                Rule::name => name = Some(spanned(child.as_str().to_string(), &child)),
                Rule::date => dates.push(self.date(child)),
                Rule::docs => docs = self.docs(child),
                _ => {}
            }
        }
        let mut dates = dates.into_iter();
        DatesDecl {
            overriding,
            name: name.expect("grammar: dates name"),
            from: dates.next().expect("grammar: first date"),
            to: dates.next().expect("grammar: last date"),
            docs,
            span,
        }
    }

    fn measure(&mut self, pair: Node) -> MeasureDecl {
        let span = span_of(&pair);
        let mut overriding = Overriding::New;
        let mut name = None;
        let mut quantity = None;
        let mut docs = Docs::default();
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::overriding => overriding = Overriding::Override(span_of(&child)),
                Rule::name => name = Some(spanned(child.as_str().to_string(), &child)),
                Rule::quantity => quantity = Some(self.quantity(child)),
                Rule::docs => docs = self.docs(child),
                _ => {}
            }
        }
        MeasureDecl {
            overriding,
            name: name.expect("grammar: measure name"),
            quantity: quantity.expect("grammar: measure quantity"),
            docs,
            span,
        }
    }

    fn limit(&mut self, pair: Node) -> LimitDecl {
        let span = span_of(&pair);
        let mut overriding = Overriding::New;
        let (mut name, mut at_most, mut period, mut whom) = (None, None, None, None);
        let mut docs = Docs::default();
        for child in pair.into_inner() {
            let text = || spanned(child.as_str().to_string(), &child);
            match child.as_rule() {
                Rule::overriding => overriding = Overriding::Override(span_of(&child)),
                Rule::name => name = Some(text()),
                Rule::limit_count => {
                    let count = inner(child.clone());
                    at_most = Some(match count.as_rule() {
                        Rule::limit_times => {
                            let number = inner(count);
                            spanned(number.as_str().to_string(), &number)
                        }
                        _ => spanned("1".to_string(), &count),
                    });
                }
                Rule::limit_period => period = Some(text()),
                Rule::limit_whom => whom = Some(text()),
                Rule::docs => docs = self.docs(child),
                _ => {}
            }
        }
        LimitDecl {
            overriding,
            name: name.expect("grammar: limit name"),
            at_most: at_most.expect("grammar: limit count"),
            period: period.expect("grammar: limit period"),
            whom: whom.expect("grammar: limit whom"),
            docs,
            span,
        }
    }

    fn remove(&mut self, pair: Node) -> RemoveDecl {
        let span = span_of(&pair);
        let mut name = None;
        let mut docs = Docs::default();
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::name => name = Some(spanned(child.as_str().to_string(), &child)),
                Rule::docs => docs = self.docs(child),
                _ => {}
            }
        }
        RemoveDecl {
            name: name.expect("grammar: removed rule name"),
            docs,
            span,
        }
    }

    fn rule(&mut self, pair: Node) -> RuleDecl {
        let span = span_of(&pair);
        let mut rule = RuleDecl {
            overriding: Overriding::New,
            name: Spanned {
                value: String::new(),
                span,
            },
            docs: Docs::default(),
            when: None,
            then: None,
            also: Vec::new(),
            instead: Vec::new(),
            limited_by: Vec::new(),
            limit: None,
            episode_end: None,
            precedence: Vec::new(),
            preconditions: Vec::new(),
            span,
        };
        for child in pair.into_inner() {
            let child_span = span_of(&child);
            match child.as_rule() {
                Rule::overriding => rule.overriding = Overriding::Override(child_span),
                Rule::name => rule.name = spanned(child.as_str().to_string(), &child),
                Rule::doc_line | Rule::source_line => {
                    let mut docs = std::mem::take(&mut rule.docs);
                    self.duplicate_clause(&child, &docs);
                    self.doc_into(child, &mut docs);
                    rule.docs = docs;
                }
                Rule::when_clause => {
                    if rule.when.is_some() {
                        self.twice("when", child_span);
                    }
                    rule.when = Some(self.condition(inner_named(child, Rule::condition)));
                }
                Rule::then_clause => {
                    if rule.then.is_some() {
                        self.twice("then", child_span);
                    }
                    let (action, also) = self.actions(inner_named(child, Rule::actions));
                    rule.then = Some(action);
                    rule.also = also;
                }
                Rule::instead_clause => {
                    let (action, also) = self.actions(inner_named(child.clone(), Rule::actions));
                    let when = self.condition(inner_named(child, Rule::condition));
                    rule.instead.push(Alternative {
                        action,
                        also,
                        when,
                        span: child_span,
                    });
                }
                Rule::limited_clause => {
                    let names = child.into_inner().filter(|p| p.as_rule() == Rule::name);
                    rule.limited_by
                        .extend(names.map(|name| spanned(name.as_str().to_string(), &name)));
                }
                Rule::limit_clause => {
                    if rule.limit.is_some() {
                        self.twice("at most once", child_span);
                    }
                    let per = child.into_inner().find(|p| {
                        matches!(
                            p.as_rule(),
                            Rule::period | Rule::episode_of | Rule::event_name
                        )
                    });
                    let limit = match per {
                        None => RepeatLimit::Once,
                        Some(p) if p.as_rule() == Rule::period => {
                            RepeatLimit::OncePer(self.period(p).value)
                        }
                        Some(p) if p.as_rule() == Rule::episode_of => {
                            RepeatLimit::OncePerEpisode(self.episode_of(p))
                        }
                        Some(p) => RepeatLimit::OncePerEvent(spanned(p.as_str().to_string(), &p)),
                    };
                    rule.limit = Some(Spanned {
                        value: limit,
                        span: child_span,
                    });
                }
                Rule::episode_clause => {
                    if rule.episode_end.is_some() {
                        self.twice("decides at the end of each episode", child_span);
                    }
                    let episode = self.episode_of(inner_named(child, Rule::episode_of));
                    rule.episode_end = Some(Spanned {
                        value: episode,
                        span: child_span,
                    });
                }
                Rule::requires_clause | Rule::unless_clause => {
                    let precondition = self.precondition(child);
                    rule.preconditions.push(precondition);
                }
                Rule::precedence_clause => {
                    let mut parts = child.into_inner();
                    let over = parts
                        .next()
                        .is_some_and(|p| p.as_rule() == Rule::takes_precedence);
                    for name in parts.filter(|p| p.as_rule() == Rule::name) {
                        let name = spanned(name.as_str().to_string(), &name);
                        let span = name.span;
                        let value = if over {
                            Precedence::Over(name)
                        } else {
                            Precedence::GivesWayTo(name)
                        };
                        rule.precedence.push(Spanned { value, span });
                    }
                }
                _ => {}
            }
        }
        if rule.when.is_none() || rule.then.is_none() {
            let missing = if rule.when.is_none() { "when" } else { "then" };
            self.errors.push(SyntaxError {
                span: rule.name.span,
                message: format!("rule `{}` has no `{missing}` clause", rule.name.value),
                label: format!("this rule needs a `{missing}` clause"),
                help: Some(
                    "every rule says `when CONDITION` and `then ACTION`, e.g. `when count unauthorised within 10 school weeks >= 10 sessions` / `then penalty_notice`"
                        .to_string(),
                ),
            });
        }
        rule
    }

    fn episode_of(&mut self, pair: Node) -> EpisodeOf {
        let span = span_of(&pair);
        let set = self.set_expr(inner_named(pair.clone(), Rule::set_expr));
        let unit_pair = inner_named(pair, Rule::run_unit);
        let unit = match inner(unit_pair.clone()).as_rule() {
            Rule::school_days_unit => Unit::SchoolDays,
            _ => Unit::Sessions,
        };
        EpisodeOf {
            set,
            unit: spanned(unit, &unit_pair),
            span,
        }
    }

    fn duplicate_clause(&mut self, line: &Node, docs: &Docs) {
        let (word, present) = match line.as_rule() {
            Rule::doc_line => ("doc", docs.doc.is_some()),
            _ => ("source", docs.source.is_some()),
        };
        if present {
            self.twice(word, span_of(line));
        }
    }

    fn twice(&mut self, clause: &str, span: Span) {
        self.errors.push(SyntaxError {
            span,
            message: format!("a rule has at most one `{clause}` clause"),
            label: format!("second `{clause}`"),
            help: Some("join the conditions with `and` / `or`, or write a second rule".to_string()),
        });
    }

    fn period(&mut self, pair: Node) -> Spanned<Period> {
        let value = match inner(pair.clone()).as_rule() {
            Rule::k_term => Period::Term,
            Rule::k_half_term => Period::HalfTerm,
            _ => Period::AcademicYear,
        };
        spanned(value, &pair)
    }

    /// `ACTION and ACTION ...`: the first action and the further ones.
    fn actions(&mut self, pair: Node) -> (Spanned<Action>, Vec<Spanned<Action>>) {
        let mut actions = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::action)
            .map(|action| self.action(action));
        let first = actions.next().expect("grammar: at least one action");
        (first, actions.collect())
    }

    fn action(&mut self, pair: Node) -> Spanned<Action> {
        let first = inner(pair.clone());
        let value = match first.as_rule() {
            Rule::penalty_notice => Action::PenaltyNotice,
            Rule::exclusion_notice => Action::ExclusionNotice,
            Rule::prosecution => Action::Prosecution,
            _ => {
                let mut parts = first.into_inner();
                let word = inner(parts.next().expect("grammar: action word"));
                let label = self
                    .string(parts.next().expect("grammar: action label"))
                    .value;
                match word.as_rule() {
                    Rule::k_letter => Action::Letter(label),
                    Rule::k_meeting => Action::Meeting(label),
                    Rule::k_referral => Action::Referral(label),
                    Rule::k_contract => Action::Contract(label),
                    _ => Action::ManualReview(label),
                }
            }
        };
        spanned(value, &pair)
    }

    fn condition(&mut self, pair: Node) -> Condition {
        if self.nesting == 0 {
            self.terms = 0;
        }
        let span = span_of(&pair);
        let mut terms = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::conjunction)
            .map_while(|p| self.conjunction(p))
            .collect::<Vec<_>>()
            .into_iter();
        match terms.next() {
            Some(first) => terms.fold(first, |a, b| Condition::Or(Box::new(a), Box::new(b))),
            None => stand_in(span),
        }
    }

    /// The terms joined by `and`, or `None` once the condition has passed
    /// [`MAX_TERMS`] (the error is recorded and no more terms are built).
    fn conjunction(&mut self, pair: Node) -> Option<Condition> {
        let mut terms = Vec::new();
        for term in pair.into_inner().filter(|p| p.as_rule() == Rule::negation) {
            self.terms += 1;
            if self.terms > MAX_TERMS {
                self.errors
                    .push(SyntaxError::too_many_terms(span_of(&term)));
                break;
            }
            terms.push(self.negation(term));
        }
        let mut terms = terms.into_iter();
        let first = terms.next()?;
        Some(terms.fold(first, |a, b| Condition::And(Box::new(a), Box::new(b))))
    }

    fn negation(&mut self, pair: Node) -> Condition {
        let span = span_of(&pair);
        let mut parts = pair.into_inner();
        let first = parts.next().expect("grammar: negation");
        if matches!(first.as_rule(), Rule::not_prefix | Rule::condition) {
            if self.nesting == MAX_NESTING {
                self.errors
                    .push(SyntaxError::nested_too_deeply(span_of(&first)));
                return stand_in(span);
            }
            self.nesting += 1;
            let nested = if first.as_rule() == Rule::not_prefix {
                let operand = self.negation(parts.next().expect("grammar: not operand"));
                Condition::Not(Box::new(operand), span)
            } else {
                self.condition(first)
            };
            self.nesting -= 1;
            return nested;
        }
        match first.as_rule() {
            Rule::sighting => {
                let amount = first
                    .clone()
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::amount)
                    .expect("grammar: sighting days");
                Condition::ExclusionSighting {
                    first: self.amount(amount),
                    span: span_of(&first),
                }
            }
            _ => self.comparison(first),
        }
    }

    fn comparison(&mut self, pair: Node) -> Condition {
        let mut parts = pair.into_inner();
        let left = self.quantity(parts.next().expect("grammar: left quantity"));
        let op_pair = parts.next().expect("grammar: operator");
        let op = match op_pair.as_str() {
            ">=" => CompareOp::GreaterOrEqual,
            "<=" => CompareOp::LessOrEqual,
            "!=" => CompareOp::NotEqual,
            ">" => CompareOp::Greater,
            "<" => CompareOp::Less,
            "=" => CompareOp::Equal,
            written => {
                let meant = if written == "=>" { ">=" } else { "<=" };
                self.errors.push(SyntaxError {
                    span: span_of(&op_pair),
                    message: format!("`{written}` is not a comparison"),
                    label: format!("did you mean `{meant}`?"),
                    help: Some(
                        "comparisons are written `<`, `<=`, `>`, `>=`, `=` or `!=`".to_string(),
                    ),
                });
                if written == "=>" {
                    CompareOp::GreaterOrEqual
                } else {
                    CompareOp::LessOrEqual
                }
            }
        };
        let right = self.quantity(parts.next().expect("grammar: right quantity"));
        Condition::Compare {
            left,
            op: spanned(op, &op_pair),
            right,
        }
    }

    fn quantity(&mut self, pair: Node) -> Operand {
        let form = inner(pair);
        let span = span_of(&form);
        match form.as_rule() {
            Rule::amount => Operand::Literal(self.amount(form)),
            Rule::name => Operand::Measure(spanned(form.as_str().to_string(), &form)),
            Rule::count_quantity => {
                let (set, window) = self.set_and_window(form);
                Operand::Count {
                    set,
                    window: window.expect("grammar: count window"),
                    span,
                }
            }
            Rule::episodes_quantity => {
                let (set, window) = self.set_and_window(form);
                Operand::Episodes {
                    set,
                    window: window.expect("grammar: episodes window"),
                    span,
                }
            }
            Rule::share_quantity => {
                let (set, window) = self.set_and_window(form);
                Operand::Share {
                    set,
                    window: window.expect("grammar: share window"),
                    span,
                }
            }
            Rule::attendance_quantity => Operand::Attendance {
                window: self.window(inner_named(form, Rule::window)),
                span,
            },
            Rule::consecutive_quantity => {
                let set = self.set_expr(inner_named(form.clone(), Rule::set_expr));
                let unit_pair = inner_named(form, Rule::run_unit);
                let unit = match inner(unit_pair.clone()).as_rule() {
                    Rule::school_days_unit => Unit::SchoolDays,
                    _ => Unit::Sessions,
                };
                Operand::Consecutive {
                    set,
                    unit: spanned(unit, &unit_pair),
                    span,
                }
            }
            Rule::episode_length => Operand::EpisodeLength { span },
            _ => Operand::SchoolWeeksSince {
                anchor: self.anchor(inner_named(form, Rule::anchor)),
                span,
            },
        }
    }

    fn set_and_window(&mut self, form: Node) -> (SetExpr, Option<Window>) {
        let mut set = None;
        let mut window = None;
        for child in form.into_inner() {
            match child.as_rule() {
                Rule::set_expr => set = Some(self.set_expr(child)),
                Rule::window => window = Some(self.window(child)),
                _ => {}
            }
        }
        (set.expect("grammar: code set"), window)
    }

    fn anchor(&mut self, pair: Node) -> Spanned<String> {
        spanned(pair.as_str().to_string(), &pair)
    }

    fn window(&mut self, pair: Node) -> Window {
        let form = inner(pair);
        let amount = form
            .clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::amount);
        let anchor = form
            .clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::anchor);
        match form.as_rule() {
            Rule::within_after => Window::WithinAfter(
                self.amount(amount.expect("grammar: window length")),
                self.anchor(anchor.expect("grammar: window anchor")),
            ),
            Rule::within => Window::Within(self.amount(amount.expect("grammar: window length"))),
            Rule::during => Window::During(self.anchor(anchor.expect("grammar: during anchor"))),
            Rule::this_period => {
                let and_previous = form
                    .clone()
                    .into_inner()
                    .any(|p| p.as_rule() == Rule::and_previous);
                let period = self.period(inner_named(form, Rule::period));
                if and_previous {
                    Window::ThisAndPrevious(period)
                } else {
                    Window::This(period)
                }
            }
            Rule::between_dates => {
                let mut dates = form.into_inner().filter(|p| p.as_rule() == Rule::date);
                let from = self.date(dates.next().expect("grammar: window start"));
                let to = self.date(dates.next().expect("grammar: window end"));
                Window::Between(from, to)
            }
            _ => Window::Since(self.anchor(anchor.expect("grammar: since anchor"))),
        }
    }

    fn set_expr(&mut self, pair: Node) -> SetExpr {
        let mut parts = pair.into_inner();
        let mut expr = self.set_term(parts.next().expect("grammar: set term"));
        let mut terms = 1;
        while let Some(op) = parts.next() {
            terms += 1;
            if terms > MAX_TERMS {
                self.errors.push(SyntaxError::too_many_terms(span_of(&op)));
                break;
            }
            let right = self.set_term(parts.next().expect("grammar: set operand"));
            expr = if op.as_str() == "+" {
                SetExpr::Union(Box::new(expr), Box::new(right))
            } else {
                SetExpr::Difference(Box::new(expr), Box::new(right))
            };
        }
        expr
    }

    fn set_term(&mut self, pair: Node) -> SetExpr {
        match pair.as_rule() {
            Rule::name => SetExpr::Name(spanned(pair.as_str().to_string(), &pair)),
            _ => {
                let span = span_of(&pair);
                let codes = pair
                    .into_inner()
                    .map(|code| {
                        let form = inner(code.clone());
                        match form.as_rule() {
                            Rule::string => self.string(form),
                            _ => spanned(form.as_str().to_string(), &form),
                        }
                    })
                    .collect();
                SetExpr::Literal(codes, span)
            }
        }
    }

    fn amount(&mut self, pair: Node) -> Spanned<Amount> {
        let mut pound = false;
        let mut digits = "";
        let mut digits_span = span_of(&pair);
        let mut unit = None;
        let mut end = span_of(&pair).start;
        for child in pair.clone().into_inner() {
            end = end.max(span_of(&child).end);
            match child.as_rule() {
                Rule::pound => pound = true,
                Rule::decimal => {
                    digits = child.as_str();
                    digits_span = span_of(&child);
                }
                _ => unit = Some(unit_of(inner(child).as_rule())),
            }
        }
        if pound {
            if unit.is_some() {
                self.errors.push(SyntaxError {
                    span: span_of(&pair),
                    message: "an amount of money has no other unit".to_string(),
                    label: "money and a unit together".to_string(),
                    help: Some("write money as `£80` or `£80.50`".to_string()),
                });
            }
            unit = Some(Unit::Money);
        }
        let scaled = matches!(unit, Some(Unit::Money | Unit::Percent));
        let value = match scale(digits, scaled) {
            Ok(value) => value,
            Err(message) => {
                self.errors.push(SyntaxError {
                    span: digits_span,
                    message,
                    label: "this number".to_string(),
                    help: Some(if scaled {
                        "money and percentages take at most two decimal places, e.g. `£80.50`, `92.5%`".to_string()
                    } else {
                        "counts, days and weeks are whole numbers".to_string()
                    }),
                });
                0
            }
        };
        Spanned {
            value: Amount { value, unit },
            span: Span {
                start: span_of(&pair).start,
                end,
            },
        }
    }

    fn settings(&mut self, pair: Node) -> SettingsBlock {
        let span = span_of(&pair);
        let mut parts = pair.into_inner();
        let kind_pair = parts.next().expect("grammar: settings kind");
        let kind = match inner(kind_pair.clone()).as_rule() {
            Rule::k_penalty_notices => SettingsKind::PenaltyNotices,
            Rule::k_cross_border => SettingsKind::CrossBorder,
            _ => SettingsKind::NoticeToImprove,
        };
        let mut docs = Docs::default();
        let mut settings = Vec::new();
        for child in parts {
            match child.as_rule() {
                Rule::setting => settings.push(self.setting(child)),
                _ => self.doc_into(child, &mut docs),
            }
        }
        SettingsBlock {
            kind: spanned(kind, &kind_pair),
            docs,
            settings,
            span,
        }
    }

    fn setting(&mut self, pair: Node) -> Spanned<Setting> {
        let form = inner(pair.clone());
        let amounts = |b: &mut Builder, form: &Node| -> Vec<Spanned<Amount>> {
            form.clone()
                .into_inner()
                .filter(|p| p.as_rule() == Rule::amount)
                .map(|p| b.amount(p))
                .collect()
        };
        let value = match form.as_rule() {
            Rule::notice_pays => {
                let number = inner_named(form.clone(), Rule::whole);
                let parsed = number.as_str().parse::<i64>().unwrap_or(i64::MAX);
                Setting::NoticePays {
                    number: spanned(parsed, &number),
                    payments: self.payments(form),
                }
            }
            Rule::exclusion_pays => Setting::ExclusionPays {
                payments: self.payments(form),
            },
            Rule::limit_setting => {
                let found = amounts(self, &form);
                let then = self.action(inner_named(form, Rule::action));
                Setting::Limit {
                    notices: found[0].clone(),
                    within: found[1].clone(),
                    then,
                }
            }
            Rule::count_from => Setting::CountFrom(self.date(inner_named(form, Rule::date))),
            Rule::lead_setting => Setting::LeadSchoolAuthority,
            Rule::other_authorities => Setting::OtherAuthoritiesCount(
                form.into_inner().any(|p| p.as_rule() == Rule::counted),
            ),
            Rule::unknown_previous => Setting::UnknownPrevious(
                if form.into_inner().any(|p| p.as_rule() == Rule::assume_none) {
                    UnknownPrevious::AssumeNone
                } else {
                    UnknownPrevious::ManualReview
                },
            ),
            Rule::lasts_setting => Setting::Lasts(amounts(self, &form).remove(0)),
            Rule::extendable_setting => Setting::ExtendableBy(amounts(self, &form).remove(0)),
            Rule::case_open => self.case_open(form),
            Rule::notice_open => Setting::NoticeOpen {
                until_closed: form.into_inner().any(|p| p.as_rule() == Rule::case_until),
            },
            _ => Setting::AtMost(amounts(self, &form).remove(0)),
        };
        spanned(value, &pair)
    }

    fn case_open(&mut self, form: Node) -> Setting {
        let mut lasts = None;
        let mut until_closed = false;
        for part in form.into_inner() {
            match part.as_rule() {
                Rule::case_until => until_closed = true,
                Rule::case_for => {
                    let length = inner_named_any(part, &[Rule::academic_years, Rule::amount]);
                    lasts = Some(if length.as_rule() == Rule::amount {
                        let amount = self.amount(length);
                        Spanned {
                            value: CaseLength::Amount(amount.value),
                            span: amount.span,
                        }
                    } else {
                        let number = inner_named(length.clone(), Rule::whole);
                        let parsed = number.as_str().parse::<i64>().unwrap_or(i64::MAX);
                        spanned(CaseLength::AcademicYears(parsed), &length)
                    });
                }
                _ => {}
            }
        }
        Setting::CaseOpen {
            lasts,
            until_closed,
        }
    }

    fn payments(&mut self, form: Node) -> Vec<Payment> {
        form.into_inner()
            .filter(|p| p.as_rule() == Rule::payment)
            .map(|payment| {
                let mut parts = payment.into_inner().filter(|p| p.as_rule() == Rule::amount);
                let amount = self.amount(parts.next().expect("grammar: payment amount"));
                let within = self.amount(parts.next().expect("grammar: payment period"));
                Payment { amount, within }
            })
            .collect()
    }
}

fn inner_named(pair: Node, rule: Rule) -> Node {
    pair.into_inner()
        .find(|p| p.as_rule() == rule)
        .expect("grammar: expected child rule")
}

fn inner_named_any<'a>(pair: Node<'a>, rules: &[Rule]) -> Node<'a> {
    pair.into_inner()
        .find(|p| rules.contains(&p.as_rule()))
        .expect("grammar: expected child rule")
}

fn unit_of(rule: Rule) -> Unit {
    match rule {
        Rule::percent_unit => Unit::Percent,
        Rule::school_days_unit => Unit::SchoolDays,
        Rule::school_weeks_unit => Unit::SchoolWeeks,
        Rule::sessions_unit => Unit::Sessions,
        Rule::days_unit => Unit::Days,
        Rule::weeks_unit => Unit::Weeks,
        Rule::months_unit => Unit::Months,
        Rule::years_unit => Unit::Years,
        Rule::episodes_unit => Unit::Episodes,
        _ => Unit::Notices,
    }
}

/// Parses a decimal as written; scaled values (money, percent) are
/// multiplied by 100 and may have up to two decimals, others none.
fn scale(text: &str, scaled: bool) -> Result<i64, String> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let too_big = || format!("`{text}` is too large");
    let whole: i64 = whole.parse().map_err(|_| too_big())?;
    let value = if scaled {
        if fraction.len() > 2 {
            return Err(format!("`{text}` has more than two decimal places"));
        }
        let cents: i64 = format!("{fraction:0<2}").parse().map_err(|_| too_big())?;
        whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(cents))
            .ok_or_else(too_big)?
    } else {
        if !fraction.is_empty() {
            return Err(format!("`{text}` is not a whole number"));
        }
        whole
    };
    Ok(if negative { -value } else { value })
}
