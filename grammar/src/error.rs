//! Syntax errors as plain data: a span, a message, a label and a hint.

use crate::ast::Span;
use crate::rules::{Rule, MAX_NESTING, MAX_TERMS};
use crate::suggest::edit_distance;
use pest::error::{ErrorVariant, InputLocation};

/// A syntax error in a policy file; the compiler renders it with miette.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Where the parser stopped.
    pub span: Span,
    /// What went wrong, in one sentence.
    pub message: String,
    /// The label shown under the span.
    pub label: String,
    /// A hint towards the fix.
    pub help: Option<String>,
}

impl SyntaxError {
    /// The error for an input with no parse tree at all.
    pub(crate) fn empty() -> SyntaxError {
        SyntaxError {
            span: Span::new(0, 0),
            message: "the file is empty".to_string(),
            label: "expected a header here".to_string(),
            help: Some(header_help()),
        }
    }

    /// A condition with parentheses or `not` nested past [`MAX_NESTING`].
    pub(crate) fn nested_too_deeply(span: Span) -> SyntaxError {
        SyntaxError {
            span,
            message: format!(
                "this condition nests parentheses and `not` more than {MAX_NESTING} levels deep"
            ),
            label: format!("level {} starts here", MAX_NESTING + 1),
            help: Some(
                "remove parentheses that group a single term, write `not not A` as `A`, or name part of the condition as a measure".to_string(),
            ),
        }
    }

    /// A condition or code-set expression with more than [`MAX_TERMS`] terms.
    pub(crate) fn too_many_terms(span: Span) -> SyntaxError {
        SyntaxError {
            span,
            message: format!("this expression joins more than {MAX_TERMS} terms"),
            label: format!("term {} starts here", MAX_TERMS + 1),
            help: Some(
                "name parts of it (a `codes` declaration or a measure) and join the names"
                    .to_string(),
            ),
        }
    }

    /// Converts pest's error into words a policy author understands.
    pub(crate) fn from_pest(source: &str, error: pest::error::Error<Rule>) -> SyntaxError {
        let start = match error.location {
            InputLocation::Pos(pos) => pos,
            InputLocation::Span((start, _)) => start,
        };
        let end = token_end(source, start);
        if matches!(&error.variant, ErrorVariant::CustomError { message } if message.ends_with("limit reached"))
        {
            // pest ran short of stack: only nesting far past the limit does that.
            return SyntaxError::nested_too_deeply(Span::new(start, end));
        }
        let found = &source[start..end];
        let expected = match &error.variant {
            ErrorVariant::ParsingError { positives, .. } => describe(positives),
            ErrorVariant::CustomError { message } => vec![message.clone()],
        };
        let found_text = if found.is_empty() {
            "the end of the file".to_string()
        } else {
            format!("`{found}`")
        };
        if let Some((message, help)) = misread(source, start, found, &expected) {
            return SyntaxError {
                span: Span::new(start, end),
                label: format!("expected {}", join_or(&expected)),
                help: Some(help),
                message,
            };
        }
        let message = if found == "\"" {
            "this string is not closed".to_string()
        } else if expected.is_empty() {
            format!("unexpected {found_text}")
        } else {
            format!("expected {}, found {found_text}", join_or(&expected))
        };
        SyntaxError {
            span: Span::new(start, end),
            label: if expected.is_empty() {
                "not expected here".to_string()
            } else {
                format!("expected {}", join_or(&expected))
            },
            help: hint(source, start, found, &expected),
            message,
        }
    }
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SyntaxError {}

/// The end of the word or symbol starting at `start`.
fn token_end(source: &str, start: usize) -> usize {
    let rest = &source[start..];
    let word = rest
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '-'))
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    if word > 0 {
        return start + word;
    }
    start + rest.chars().next().map(char::len_utf8).unwrap_or(0)
}

/// Readable names for the grammar rules pest expected.
fn describe(rules: &[Rule]) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for rule in rules {
        let word = match rule {
            Rule::EOI => "the end of the file".to_string(),
            Rule::header | Rule::policy_kind => {
                "a header (`national`, `authority` or `school`)".to_string()
            }
            Rule::policy_id => "a policy identifier like `north-northamptonshire`".to_string(),
            Rule::name => "a name like `national_threshold`".to_string(),
            Rule::anchor_name | Rule::anchor => "an event or rule name".to_string(),
            Rule::string => "a quoted string".to_string(),
            Rule::date => "a date like `2024-08-19`".to_string(),
            Rule::version_block => "`version`".to_string(),
            Rule::codes_decl
            | Rule::measure_decl
            | Rule::limit_decl
            | Rule::rule_decl
            | Rule::remove_decl
            | Rule::event_decl => {
                "a declaration (`rule`, `codes`, `measure`, `limit`, `event`, `override`, `remove`)"
                    .to_string()
            }
            Rule::settings_block | Rule::settings_kind => {
                "a settings block (`penalty_notices`, `cross_border`, `notice_to_improve`)"
                    .to_string()
            }
            Rule::when_clause => "`when`".to_string(),
            Rule::then_clause => "`then`".to_string(),
            Rule::instead_clause => "`instead`".to_string(),
            Rule::limited_clause | Rule::k_limited => "`limited by`".to_string(),
            Rule::limit_count | Rule::limit_times => "`once` or `N times`".to_string(),
            Rule::limit_period => "`academic_year`, `term` or `half_term`".to_string(),
            Rule::limit_whom => "`pupil` or `parent`".to_string(),
            Rule::limit_clause | Rule::k_at => "`at most once`".to_string(),
            Rule::episode_clause | Rule::k_decides => "`decides at the end`".to_string(),
            Rule::takes_precedence | Rule::k_takes => "`takes precedence over`".to_string(),
            Rule::gives_way | Rule::k_gives => "`gives way to`".to_string(),
            Rule::requires_clause => "`requires`".to_string(),
            Rule::unless_clause => "`unless`".to_string(),
            Rule::doc_line => "`doc`".to_string(),
            Rule::source_line => "`source`".to_string(),
            Rule::condition | Rule::conjunction | Rule::negation | Rule::comparison => {
                "a condition".to_string()
            }
            Rule::quantity => "a quantity (`count ...`, `attendance ...`, a number)".to_string(),
            Rule::compare_op => "a comparison (`>=`, `<`, ...)".to_string(),
            Rule::action => {
                "an action (`penalty_notice`, `prosecution`, `letter \"...\"`, ...)".to_string()
            }
            Rule::window => {
                "a window (`within 10 school weeks`, `this academic_year`, ...)".to_string()
            }
            Rule::set_expr | Rule::set_literal => "a code set like `{G, O}`".to_string(),
            Rule::code => "a register code".to_string(),
            Rule::amount | Rule::decimal => "a number".to_string(),
            Rule::unit => "a unit".to_string(),
            Rule::period => "`term`, `half_term` or `academic_year`".to_string(),
            Rule::setting => "a setting line".to_string(),
            Rule::payment => "a payment like `£80 within 21 days`".to_string(),
            Rule::run_unit => "`school days` or `sessions`".to_string(),
            other => {
                let name = format!("{other:?}");
                match name.strip_prefix("k_") {
                    Some(word) => format!("`{word}`"),
                    None => continue,
                }
            }
        };
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

fn join_or(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The actions a rule can take, for hints.
const ACTIONS: &[&str] = &[
    "penalty_notice",
    "exclusion_notice",
    "prosecution",
    "letter",
    "meeting",
    "referral",
    "contract",
    "manual_review",
];

/// A message and help for faults that "expected …, found …" would
/// misdescribe: a whole string where none belongs, a word that is not a
/// unit, arithmetic.
fn misread(
    source: &str,
    start: usize,
    found: &str,
    expected: &[String],
) -> Option<(String, String)> {
    let wants = |prefix: &str| expected.iter().any(|e| e.starts_with(prefix));
    if found == "\"" && string_closes_on_its_line(&source[start + 1..]) {
        let help = if wants("a quantity") {
            "a condition compares quantities of the register, like \
             `count {G} within 10 school weeks >= 10 sessions`; text such as a reason \
             is not something a rule can read: record it as a register code or an event"
        } else {
            "strings follow `doc`, `source` and an action word (`letter \"Letter 1\"`)"
        };
        return Some((
            "a string cannot be written here".to_string(),
            help.to_string(),
        ));
    }
    if wants("a unit") && found.chars().all(char::is_alphabetic) && !found.is_empty() {
        return Some((
            format!("`{found}` is not a unit"),
            "the units are sessions, school days, school weeks, days, weeks, months, \
             years, % and £; a rolling window is `within N school weeks`, \
             `within N school days` or `within N months`"
                .to_string(),
        ));
    }
    if matches!(found, "+" | "*" | "/") || (found == "-" && !wants("a code set")) {
        return Some((
            format!("arithmetic (`{found}`) is not part of the language"),
            "compare each quantity on its own and join the comparisons with `and` or \
             `or`; to count more codes together, name a code set \
             (`codes absent = unauthorised + {L}`)"
                .to_string(),
        ));
    }
    None
}

/// Whether a string whose text starts at the beginning of `rest` ends
/// with an unescaped `"` before the end of its line.
fn string_closes_on_its_line(rest: &str) -> bool {
    let mut escaped = false;
    for c in rest.chars() {
        match c {
            '\n' => return false,
            '"' if !escaped => return true,
            '\\' => escaped = !escaped,
            _ => escaped = false,
        }
    }
    false
}

fn hint(source: &str, start: usize, found: &str, expected: &[String]) -> Option<String> {
    if found == "\"" {
        return Some("this string is not closed: end it with `\"` on the same line".to_string());
    }
    if found.is_empty() {
        let open = source.matches('{').count();
        let close = source.matches('}').count();
        if open > close {
            return Some("a `{` is not closed: add the missing `}`".to_string());
        }
    }
    if found == "=" && source[start..].starts_with("=>") {
        return Some("did you mean `>=`?".to_string());
    }
    let wants = |word: &str| expected.iter().any(|e| e.contains(&format!("`{word}`")));
    if ACTIONS.contains(&found) && wants("then") {
        return Some(format!("an action follows `then`: write `then {found}`"));
    }
    if let Some(keyword) = closest_keyword(found, expected) {
        return Some(format!("did you mean `{keyword}`?"));
    }
    if expected.iter().any(|e| e.starts_with("an action")) {
        return Some(format!("the actions are {}", ACTIONS.map_backticked()));
    }
    if !found.is_empty() && found.chars().all(|c| c.is_ascii_digit()) {
        return Some(
            "numbers need a unit, e.g. `10 sessions`, `6 school weeks`, `£80`".to_string(),
        );
    }
    if expected.iter().any(|e| e.starts_with("a header")) {
        return Some(header_help());
    }
    None
}

/// Joins words as `a`, `b`, `c`.
trait Backticked {
    fn map_backticked(&self) -> String;
}

impl Backticked for [&str] {
    fn map_backticked(&self) -> String {
        self.iter()
            .map(|word| format!("`{word}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The expected keyword closest to a misspelt word, if one is close.
fn closest_keyword(found: &str, expected: &[String]) -> Option<String> {
    if found.len() < 3 {
        return None;
    }
    let candidates: Vec<&str> = expected
        .iter()
        .flat_map(|e| e.split('`').skip(1).step_by(2))
        .filter(|word| word.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect();
    candidates
        .into_iter()
        .filter(|keyword| *keyword != found)
        .map(|keyword| (edit_distance(found, keyword), keyword))
        .filter(|(distance, keyword)| *distance <= 2.min(keyword.len() / 3 + 1))
        .min()
        .map(|(_, keyword)| keyword.to_string())
}

fn header_help() -> String {
    "a policy starts with its header, e.g. `authority north-northamptonshire \"North Northamptonshire Council\"`".to_string()
}
