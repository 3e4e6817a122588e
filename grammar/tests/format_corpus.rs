//! The formatter over every shipped policy: idempotent, sound (the same AST,
//! spans aside), and indifferent to layout: variants of each file with
//! whitespace, indentation, blank lines and line breaks messed up format to
//! the same text as the file itself.

use rollcall_grammar::format::shape;
use rollcall_grammar::{format, parse};
use support::policy_texts;

mod support;

fn formatted(path: &str, text: &str) -> String {
    format(text).unwrap_or_else(|error| panic!("{path}: {error}\n{text}"))
}

fn ast_shape(path: &str, text: &str) -> String {
    shape(&parse(text).unwrap_or_else(|errors| panic!("{path}: {errors:?}\n{text}")))
}

/// The `#` comments of a text, in order (outside strings).
fn comments(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| comment_start(line).map(|at| line[at..].trim_end().to_string()))
        .collect()
}

/// Where a line's comment starts, outside strings (which never span lines).
fn comment_start(line: &str) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    for (at, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '#' if !in_string => return Some(at),
            _ => {}
        }
    }
    None
}

#[test]
fn every_shipped_policy_formats_soundly_and_idempotently() {
    for (path, text) in policy_texts() {
        let once = formatted(&path, &text);
        assert_eq!(formatted(&path, &once), once, "{path}: not idempotent");
        assert_eq!(ast_shape(&path, &once), ast_shape(&path, &text), "{path}");
        assert_eq!(comments(&once), comments(&text), "{path}: comments changed");
        assert!(
            once.lines().all(|line| line == line.trim_end()),
            "{path}: trailing whitespace"
        );
        assert!(!once.contains("\n\n\n"), "{path}: two blank lines in a row");
    }
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % sides as u64) as usize
    }

    fn pick<'a>(&mut self, choices: &[&'a str]) -> &'a str {
        choices[self.roll(choices.len())]
    }
}

const BLANKS: &[&str] = &[" ", "  ", "\t", " \t ", "   "];

/// Each line's code part (before any comment) and comment part.
fn split(line: &str) -> (&str, &str) {
    let at = comment_start(line).unwrap_or(line.len());
    (&line[..at], &line[at..])
}

/// Whitespace changed between tokens, and added around punctuation, `£`
/// and `%`, outside strings and comments.
fn respace(text: &str, dice: &mut Dice) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let (code, comment) = split(line);
        let mut in_string = false;
        let mut escaped = false;
        let mut chars = code.chars().peekable();
        while let Some(c) = chars.next() {
            if in_string {
                out.push(c);
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => {
                    in_string = true;
                    out.push(c);
                }
                ' ' | '\t' => {
                    while chars.peek().is_some_and(|d| *d == ' ' || *d == '\t') {
                        chars.next();
                    }
                    out.push_str(dice.pick(BLANKS));
                }
                '{' | '}' | '(' | ')' | ',' | '%' | '£' => {
                    if dice.roll(2) == 0 {
                        out.push_str(dice.pick(BLANKS));
                    }
                    out.push(c);
                    if dice.roll(2) == 0 {
                        out.push_str(dice.pick(BLANKS));
                    }
                }
                _ => out.push(c),
            }
        }
        out.push_str(comment);
        if dice.roll(3) == 0 {
            out.push_str(dice.pick(BLANKS));
        }
        out.push('\n');
    }
    out
}

/// Every line indented anew, with spaces or tabs.
fn reindent(text: &str, dice: &mut Dice) -> String {
    let indents = ["", " ", "   ", "\t", "\t\t", "      ", "  \t"];
    text.lines()
        .map(|line| format!("{}{}\n", dice.pick(&indents), line.trim_start()))
        .collect()
}

fn is_comment_line(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// Blank lines added where they carry no meaning: between two lines of
/// code, or beside a blank line already there.
fn add_blank_lines(text: &str, dice: &mut Dice) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    for (index, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let next = lines.get(index + 1).copied().unwrap_or("");
        let beside_blank = line.trim().is_empty() || next.trim().is_empty();
        let between_code = !is_comment_line(line) && !is_comment_line(next);
        if (beside_blank || between_code) && dice.roll(2) == 0 {
            for _ in 0..=dice.roll(3) {
                out.push('\n');
            }
        }
    }
    out
}

/// Lines of code joined onto the line before, where neither has a comment.
fn join_lines(text: &str, dice: &mut Dice) -> String {
    let mut out = String::new();
    let mut previous_joinable = false;
    for line in text.lines() {
        let joinable = !line.trim().is_empty() && comment_start(line).is_none();
        if previous_joinable && joinable && dice.roll(3) != 0 {
            out.pop();
            out.push(' ');
        }
        out.push_str(line);
        out.push('\n');
        previous_joinable = joinable;
    }
    out
}

fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

#[test]
fn layout_variants_of_every_shipped_policy_format_to_the_same_text() {
    let mut variants = 0;
    for (path, text) in policy_texts() {
        let expected = formatted(&path, &text);
        let expected_shape = ast_shape(&path, &text);
        for seed in 1..=6u64 {
            let mut dice = Dice(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ text.len() as u64);
            let mutations: [(&str, String); 6] = [
                ("respaced", respace(&text, &mut dice)),
                ("reindented", reindent(&text, &mut dice)),
                ("blank lines", add_blank_lines(&text, &mut dice)),
                ("joined lines", join_lines(&text, &mut dice)),
                ("CRLF", crlf(&text)),
                (
                    "all at once",
                    join_lines(
                        &add_blank_lines(
                            &reindent(&respace(&text, &mut dice), &mut dice),
                            &mut dice,
                        ),
                        &mut dice,
                    ),
                ),
            ];
            for (name, variant) in mutations {
                variants += 1;
                assert_ne!(
                    variant, expected,
                    "{path} {name}: the variant changed nothing"
                );
                assert_eq!(
                    ast_shape(&path, &variant),
                    expected_shape,
                    "{path} {name}: the mutation changed the AST"
                );
                let result = formatted(&path, &variant);
                assert_eq!(
                    result, expected,
                    "{path} ({name}, seed {seed}): variant\n{variant}"
                );
            }
        }
    }
    assert!(variants >= 300, "{variants} variants");
}

/// Comments on their own lines moved to the end of the line of code before
/// them: they stay trailing comments, the AST and the comments are kept,
/// and the result is a fixed point.
#[test]
fn comments_moved_to_line_ends_are_kept_soundly() {
    for (path, text) in policy_texts() {
        let mut variant = String::new();
        let mut moved = 0;
        let mut previous_code = false;
        for line in text.lines() {
            if is_comment_line(line) && previous_code {
                variant.pop();
                variant.push(' ');
                moved += 1;
                previous_code = false;
            } else {
                previous_code = !line.trim().is_empty() && comment_start(line).is_none();
            }
            variant.push_str(line.trim_start());
            variant.push('\n');
        }
        let once = formatted(&path, &variant);
        assert_eq!(formatted(&path, &once), once, "{path}: not idempotent");
        assert_eq!(ast_shape(&path, &once), ast_shape(&path, &text), "{path}");
        assert_eq!(comments(&once), comments(&text), "{path}: comments changed");
        if moved > 0 {
            assert!(
                once.lines()
                    .filter(|line| !is_comment_line(line) && comment_start(line).is_some())
                    .count()
                    >= moved,
                "{path}: moved comments should trail their lines:\n{once}"
            );
        }
    }
}
