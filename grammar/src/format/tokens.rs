//! A policy file as a flat list of pieces: its tokens, each marked with the
//! line it starts (if any), and its comments, each marked as trailing a
//! line or standing on its own. The tokens come from the parse tree, so no
//! second lexer has to agree with the grammar: the leaves of the tree are
//! tokens, and the text between them holds only whitespace, comments and
//! the grammar's anonymous punctuation (`{`, `=`, `,`...).

use super::layout::{line_kind, LineKind};
use crate::rules::Rule;
use pest::iterators::Pair;

/// Where a token starts a line: its indentation level and kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LineStart {
    /// Indentation, in levels.
    pub level: usize,
    /// Declaration or clause.
    pub kind: LineKind,
}

/// One token or comment of the source, in source order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// A token of the language.
    Code {
        /// Its text, as written.
        text: &'a str,
        /// The rule of the innermost pair holding it.
        rule: Rule,
        /// The line it starts, if it is the first token of one.
        line: Option<LineStart>,
        /// Whether it is written in a pair that starts a line: a `{` there
        /// opens a block of lines, even an empty one.
        in_line_pair: bool,
        /// Whether a blank line precedes it in the source.
        blank_before: bool,
    },
    /// A `#` comment, without its line break or trailing whitespace.
    Comment {
        /// Its text, from `#`.
        text: &'a str,
        /// Whether it follows a token on the same line.
        trailing: bool,
        /// Whether a blank line precedes it in the source.
        blank_before: bool,
    },
}

/// The pieces of a parsed file (`file` is the parse tree's root).
pub(crate) fn pieces<'a>(source: &'a str, file: Pair<'a, Rule>) -> Vec<Piece<'a>> {
    let mut walker = Walker {
        source,
        compound_atomic: compound_atomic_rules(),
        found: Vec::new(),
        pending_line: None,
    };
    walker.pair(file, None, 0);
    let mut pieces = Vec::with_capacity(walker.found.len());
    let mut previous_end = None;
    for found in walker.found {
        let before = &source[previous_end.unwrap_or(0)..found.start];
        let line_breaks = before.matches('\n').count();
        let blank_before = line_breaks >= 2;
        pieces.push(match found.comment {
            true => Piece::Comment {
                text: source[found.start..found.end].trim_end(),
                trailing: previous_end.is_some() && line_breaks == 0,
                blank_before,
            },
            false => Piece::Code {
                text: &source[found.start..found.end],
                rule: found.rule,
                line: found.line,
                in_line_pair: found.in_line_pair,
                blank_before,
            },
        });
        previous_end = Some(found.end);
    }
    pieces
}

/// The text of every comment, in order: what the formatter must keep.
pub(crate) fn comments<'a>(pieces: &[Piece<'a>]) -> Vec<&'a str> {
    pieces
        .iter()
        .filter_map(|piece| match piece {
            Piece::Comment { text, .. } => Some(*text),
            Piece::Code { .. } => None,
        })
        .collect()
}

/// A token or comment found, by byte range.
struct Found {
    start: usize,
    end: usize,
    rule: Rule,
    comment: bool,
    line: Option<LineStart>,
    in_line_pair: bool,
}

/// The pair a token is written in: its rule, and whether it starts a line.
#[derive(Clone, Copy)]
struct Place {
    rule: Rule,
    in_line_pair: bool,
}

struct Walker<'a> {
    source: &'a str,
    /// Rules written `${ ... }` in the grammar: tokens with inner pairs
    /// (dates, strings), kept whole.
    compound_atomic: Vec<String>,
    found: Vec<Found>,
    /// The line the next token starts, set on entering a line's pair.
    pending_line: Option<LineStart>,
}

impl<'a> Walker<'a> {
    /// Walks one pair: `level` is the indentation of lines that start in it.
    fn pair(&mut self, pair: Pair<'a, Rule>, parent: Option<Rule>, level: usize) {
        let rule = pair.as_rule();
        let kind = line_kind(rule, parent);
        if let Some(kind) = kind {
            self.pending_line.get_or_insert(LineStart { level, kind });
        }
        let inner_level = level + usize::from(kind.is_some());
        let place = Place {
            rule,
            in_line_pair: kind.is_some(),
        };
        let span = pair.as_span();
        if self.compound_atomic.contains(&format!("{rule:?}")) {
            self.token(span.start(), span.end(), place);
            return;
        }
        let mut position = span.start();
        for child in pair.into_inner() {
            let child_span = child.as_span();
            self.gap(position, child_span.start(), place);
            self.pair(child, Some(rule), inner_level);
            position = child_span.end();
        }
        self.gap(position, span.end(), place);
    }

    fn token(&mut self, start: usize, end: usize, place: Place) {
        if start == end {
            return;
        }
        let line = self.pending_line.take();
        self.found.push(Found {
            start,
            end,
            rule: place.rule,
            comment: false,
            line,
            in_line_pair: place.in_line_pair,
        });
    }

    /// Splits text between tokens (or a leaf pair's text) into comments and
    /// punctuation: brackets and commas alone, any other run of
    /// non-blank characters as one token.
    fn gap(&mut self, start: usize, end: usize, place: Place) {
        let text = &self.source[start..end];
        let mut chars = text.char_indices().peekable();
        while let Some((offset, c)) = chars.next() {
            let at = start + offset;
            if c.is_whitespace() {
                continue;
            }
            if c == '#' {
                let length = text[offset..].find('\n').unwrap_or(text.len() - offset);
                self.found.push(Found {
                    start: at,
                    end: at + length,
                    rule: place.rule,
                    comment: true,
                    line: None,
                    in_line_pair: place.in_line_pair,
                });
                while chars
                    .peek()
                    .is_some_and(|&(next, _)| next < offset + length)
                {
                    chars.next();
                }
                continue;
            }
            let mut length = c.len_utf8();
            if !is_punctuation(c) {
                while let Some(&(next, d)) = chars.peek() {
                    if d.is_whitespace() || d == '#' || is_punctuation(d) {
                        break;
                    }
                    length = next + d.len_utf8() - offset;
                    chars.next();
                }
            }
            self.token(at, at + length, place);
        }
    }
}

fn is_punctuation(c: char) -> bool {
    matches!(c, '{' | '}' | '(' | ')' | ',')
}

/// The names of the grammar's compound-atomic rules (`name = ${ ... }`),
/// read from the grammar itself so that a new one needs no change here.
fn compound_atomic_rules() -> Vec<String> {
    include_str!("../policy.pest")
        .lines()
        .filter_map(|line| {
            let (name, body) = line.split_once('=')?;
            body.trim_start()
                .starts_with("${")
                .then(|| name.trim().to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parser::parse_tree;

    fn texts(source: &str) -> Vec<String> {
        let tree = parse_tree(source).expect("parses");
        pieces(source, tree)
            .iter()
            .map(|piece| match piece {
                Piece::Code { text, line, .. } => match line {
                    Some(start) => format!("{}:{text}", start.level),
                    None => text.to_string(),
                },
                Piece::Comment { text, trailing, .. } => {
                    format!("{}{text}", if *trailing { "~" } else { "" })
                }
            })
            .collect()
    }

    #[test]
    fn dates_and_strings_are_single_tokens() {
        assert!(compound_atomic_rules().contains(&"date".to_string()));
        assert!(compound_atomic_rules().contains(&"string".to_string()));
        let found = texts("national n \"A # title\"\nversion from 2024-8-19 {}");
        assert_eq!(
            found,
            [
                "0:national",
                "n",
                "\"A # title\"",
                "0:version",
                "from",
                "2024-8-19",
                "{",
                "}"
            ]
        );
    }

    #[test]
    fn comments_are_trailing_or_standalone_and_lines_know_their_level() {
        let found = texts(
            "# top\nnational n \"T\"\nversion from 2024-08-19 { # open\n  rule r {\n    # before\n    when count {G,N} within 2 weeks >= 1 then letter \"x\"\n  }\n}\n",
        );
        assert_eq!(
            found,
            [
                "# top",
                "0:national",
                "n",
                "\"T\"",
                "0:version",
                "from",
                "2024-08-19",
                "{",
                "~# open",
                "1:rule",
                "r",
                "{",
                "# before",
                "2:when",
                "count",
                "{",
                "G",
                ",",
                "N",
                "}",
                "within",
                "2",
                "weeks",
                ">=",
                "1",
                "2:then",
                "letter",
                "\"x\"",
                "}",
                "}"
            ]
        );
    }
}
