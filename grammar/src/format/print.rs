//! Writes the pieces of a file in the canonical layout: one line per
//! line-starting construct, indented two spaces a level, tokens joined by
//! one space (none inside brackets, before commas, in `£80` and `92%`), a
//! blank line between declarations and none elsewhere, except that blank
//! lines next to comments are kept (at most one). Comments stay where they
//! were: a trailing comment ends its line, a comment on its own line is
//! indented as the line it precedes. A comment inside a line breaks it; the
//! line goes on one level deeper.

use super::layout::{glued_to_next, glued_to_previous, LineKind, INDENT};
use super::tokens::{LineStart, Piece};
use crate::rules::Rule;

/// The canonical text of a file's pieces.
pub(crate) fn print(pieces: &[Piece]) -> String {
    let mut printer = Printer::default();
    for (index, piece) in pieces.iter().enumerate() {
        let next = next_code(&pieces[index + 1..]);
        match *piece {
            Piece::Comment {
                text,
                trailing,
                blank_before,
            } => printer.comment(text, trailing, blank_before, next),
            Piece::Code {
                text,
                rule,
                line,
                in_line_pair,
                blank_before,
            } => {
                let token = Token {
                    text,
                    rule,
                    line,
                    in_line_pair,
                };
                printer.code(token, blank_before, next)
            }
        }
    }
    printer.end_line();
    printer.out
}

/// The next token's text and line, if any.
type Next<'a> = Option<(&'a str, Option<LineStart>)>;

fn next_code<'a>(pieces: &[Piece<'a>]) -> Next<'a> {
    pieces.iter().find_map(|piece| match *piece {
        Piece::Code { text, line, .. } => Some((text, line)),
        Piece::Comment { .. } => None,
    })
}

/// A token to write: its text, rule and place in the layout.
struct Token<'a> {
    text: &'a str,
    rule: Rule,
    line: Option<LineStart>,
    in_line_pair: bool,
}

/// An open `{`: the level of its line, and whether it opens a block of
/// lines (or is inline, as in `{G, N}`).
#[derive(Clone, Copy)]
struct Brace {
    level: usize,
    block: bool,
}

#[derive(Default)]
struct Printer {
    out: String,
    /// Whether the last line written is unfinished.
    open: bool,
    /// The level of the line-starting construct being written.
    level: usize,
    braces: Vec<Brace>,
    /// The previous token: its text and rule; `None` at the start.
    previous: Option<(String, Rule)>,
    /// Whether the previous token opened a block (or nothing precedes).
    after_opening: bool,
    /// Comments on their own lines since the previous token.
    standalone_comments: usize,
}

impl Printer {
    fn end_line(&mut self) {
        if self.open {
            self.out.push('\n');
            self.open = false;
        }
    }

    fn start_line(&mut self, level: usize, blank: bool) {
        self.end_line();
        if blank {
            self.out.push('\n');
        }
        for _ in 0..level {
            self.out.push_str(INDENT);
        }
        self.open = true;
    }

    /// The block the next `}` closes, if it closes one of lines.
    fn closing_block(&self, text: &str) -> Option<Brace> {
        self.braces
            .last()
            .filter(|brace| text == "}" && brace.block)
            .copied()
    }

    fn comment(&mut self, text: &str, trailing: bool, blank_before: bool, next: Next) {
        if trailing && self.open {
            self.out.push(' ');
            self.out.push_str(text);
            self.end_line();
            return;
        }
        let first = self.standalone_comments == 0;
        let blank = if first && (self.after_opening || self.previous.is_none()) {
            false
        } else if first && next.is_some_and(|(_, line)| declaration(line)) {
            true
        } else {
            blank_before
        };
        let level = match next {
            None => 0,
            Some((_, Some(line))) => line.level,
            Some((text, None)) => match self.closing_block(text) {
                Some(brace) => brace.level + 1,
                None => self.level + 1,
            },
        };
        self.start_line(level, blank);
        self.out.push_str(text);
        self.end_line();
        self.standalone_comments += 1;
    }

    fn code(&mut self, token: Token, blank_before: bool, next: Next) {
        let Token {
            text,
            rule,
            line,
            in_line_pair,
        } = token;
        let after_comments = self.standalone_comments > 0;
        let closing = self.closing_block(text);
        if let Some(level) = line.map(|line| line.level).or(closing.map(|b| b.level)) {
            let blank = if self.after_opening || self.previous.is_none() {
                after_comments && blank_before
            } else if declaration(line) && !after_comments {
                true
            } else {
                after_comments && blank_before
            };
            self.start_line(level, blank);
            self.level = level;
        } else if !self.open {
            // A comment broke this line: it goes on one level deeper.
            self.start_line(self.level + 1, false);
        } else if let Some((previous, previous_rule)) = &self.previous {
            if !glued_to_next(previous, *previous_rule) && !glued_to_previous(text, rule) {
                self.out.push(' ');
            }
        }
        self.out.push_str(text);
        self.after_opening = false;
        match text {
            "{" => {
                // A block of lines: a declaration's or a clause's own
                // braces, or any braces around lines.
                let block = in_line_pair || next.is_some_and(|(_, line)| line.is_some());
                self.braces.push(Brace {
                    level: self.level,
                    block,
                });
                self.after_opening = block;
            }
            "}" => {
                self.braces.pop();
            }
            _ => {}
        }
        self.previous = Some((text.to_string(), rule));
        self.standalone_comments = 0;
    }
}

fn declaration(line: Option<LineStart>) -> bool {
    line.is_some_and(|line| line.kind == LineKind::Declaration)
}
