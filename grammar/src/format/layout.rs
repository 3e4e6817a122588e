//! The canonical layout's decisions, as data: which grammar rules start a
//! line, which are separated by a blank line, and where tokens are written
//! without a space. Everything else is generic: a construct the grammar
//! gains later is laid out by these rules without a change here, unless it
//! is a new kind of line.

use crate::rules::Rule;

/// Spaces per indentation level.
pub(crate) const INDENT: &str = "  ";

/// How a grammar rule's text begins, if it begins a line of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// A declaration: a blank line before it, unless it opens its block.
    Declaration,
    /// A clause, setting, doc or source line: no blank line before it.
    Clause,
}

/// Whether a pair of rule `rule`, inside a pair of rule `parent`, starts a
/// line of its own, and of which kind. A line is indented one level deeper
/// than the line of the nearest enclosing pair that starts a line.
pub(crate) fn line_kind(rule: Rule, parent: Option<Rule>) -> Option<LineKind> {
    match rule {
        Rule::header
        | Rule::version_block
        | Rule::codes_decl
        | Rule::measure_decl
        | Rule::dates_decl
        | Rule::limit_decl
        | Rule::rule_decl
        | Rule::remove_decl
        | Rule::event_decl
        | Rule::settings_block => Some(LineKind::Declaration),
        Rule::doc_line
        | Rule::source_line
        | Rule::when_clause
        | Rule::then_clause
        | Rule::instead_clause
        | Rule::limit_clause
        | Rule::limited_clause
        | Rule::episode_clause
        | Rule::precedence_clause
        | Rule::requires_clause
        | Rule::unless_clause
        | Rule::setting => Some(LineKind::Clause),
        // `extends`, `succeeds` and `versions chosen by` are lines of the
        // header, but part of a version block's opening line.
        Rule::extends_clause | Rule::succeeds_clause | Rule::selector_clause
            if parent == Some(Rule::header) =>
        {
            Some(LineKind::Clause)
        }
        _ => None,
    }
}

/// Whether a token is written without a space after it: an opening
/// parenthesis, the pound sign of `£80`.
pub(crate) fn glued_to_next(text: &str, rule: Rule) -> bool {
    text == "(" || text == "{" || rule == Rule::pound
}

/// Whether a token is written without a space before it: closing
/// brackets, commas, the percent sign of `92%`.
pub(crate) fn glued_to_previous(text: &str, rule: Rule) -> bool {
    matches!(text, ")" | "}" | ",") || rule == Rule::percent_unit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_clauses_are_lines_only_in_the_header() {
        assert_eq!(
            line_kind(Rule::extends_clause, Some(Rule::header)),
            Some(LineKind::Clause)
        );
        assert_eq!(
            line_kind(Rule::extends_clause, Some(Rule::version_block)),
            None
        );
    }

    #[test]
    fn declarations_and_clauses_differ_in_blank_lines() {
        assert_eq!(
            line_kind(Rule::rule_decl, Some(Rule::version_block)),
            Some(LineKind::Declaration)
        );
        assert_eq!(
            line_kind(Rule::when_clause, Some(Rule::rule_decl)),
            Some(LineKind::Clause)
        );
        assert_eq!(line_kind(Rule::condition, Some(Rule::when_clause)), None);
    }

    #[test]
    fn money_and_percent_are_glued_to_their_number() {
        assert!(glued_to_next("£", Rule::pound));
        assert!(glued_to_previous("%", Rule::percent_unit));
        assert!(!glued_to_next("80", Rule::decimal));
        assert!(!glued_to_previous("=", Rule::codes_decl));
    }
}
