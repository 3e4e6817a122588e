//! A diagnostic's source as it is shown: a file whose lines are all short is
//! shown as it is; in a file with very long lines (a condition of thousands
//! of terms, a string of megabytes), each long line is cut to a window around
//! the label on it, marked with `…` and the line's length, so a rendered
//! diagnostic stays a few KiB whatever the file holds.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Lines longer than this many bytes are cut.
pub(crate) const LONG_LINE: usize = 240;
/// Bytes of a cut line shown before the label's start.
const BEFORE: usize = 80;
/// Bytes of a cut line shown from the label's start.
const AFTER: usize = 120;

/// A file's text with its long lines cut, and where the cuts are.
#[derive(Clone, Debug)]
pub(crate) struct Excerpt {
    name: String,
    text: String,
    cuts: Vec<Cut>,
    /// The primary label's start in `text`, and its 0-based column in the
    /// file (which a cut would otherwise change in the header).
    primary: (usize, usize),
}

/// One long line: the file's bytes `line` shown as the bytes `shown` of it,
/// starting at `at` in the excerpt after a marker of `lead` bytes.
#[derive(Clone, Debug)]
struct Cut {
    line: (usize, usize),
    shown: (usize, usize),
    at: usize,
    lead: usize,
    /// The excerpt offset of the line's end.
    end: usize,
}

impl Excerpt {
    /// The excerpt of `text` for labels starting at `starts` (the primary
    /// first), or `None` when no line is long.
    pub(crate) fn new(name: &str, text: &str, starts: &[usize]) -> Option<Excerpt> {
        if !text.split('\n').any(|line| line.len() > LONG_LINE) {
            return None;
        }
        let mut shown = String::with_capacity(LONG_LINE * 4);
        let mut cuts = Vec::new();
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            let body = line.strip_suffix('\n').unwrap_or(line);
            let line_end = line_start + body.len();
            if body.len() <= LONG_LINE {
                shown.push_str(line);
                line_start += line.len();
                continue;
            }
            let anchor = starts
                .iter()
                .copied()
                .find(|start| (line_start..=line_end).contains(start))
                .unwrap_or(line_start);
            let from = floor_char(text, anchor.saturating_sub(BEFORE).max(line_start));
            let to = floor_char(text, (anchor + AFTER).min(line_end));
            let lead = if from > line_start { "…" } else { "" };
            shown.push_str(lead);
            let at = shown.len();
            shown.push_str(&text[from..to]);
            if to < line_end || from > line_start {
                shown.push_str(&format!(" … (line of {} bytes)", body.len()));
            }
            cuts.push(Cut {
                line: (line_start, line_end),
                shown: (from, to),
                at,
                lead: lead.len(),
                end: shown.len(),
            });
            shown.push_str(&line[body.len()..]);
            line_start += line.len();
        }
        let mut excerpt = Excerpt {
            name: name.to_string(),
            text: shown,
            cuts,
            primary: (0, 0),
        };
        let primary = starts.first().copied().unwrap_or(0).min(text.len());
        let line_begin = text[..primary].rfind('\n').map_or(0, |i| i + 1);
        excerpt.primary = (
            excerpt.offset(primary),
            text[line_begin..primary].chars().count(),
        );
        Some(excerpt)
    }

    /// Where the file's byte `offset` is shown: its place in a cut line's
    /// window, or the nearer end of the window when it was cut away.
    pub(crate) fn offset(&self, offset: usize) -> usize {
        // Bytes the cuts before `offset` removed (negative: added).
        let mut shift: isize = 0;
        for cut in &self.cuts {
            if offset < cut.line.0 {
                break;
            }
            if offset <= cut.line.1 {
                return if offset < cut.shown.0 {
                    cut.at - cut.lead
                } else if offset <= cut.shown.1 {
                    cut.at + offset - cut.shown.0
                } else if offset == cut.line.1 {
                    cut.end
                } else {
                    cut.at + cut.shown.1 - cut.shown.0
                };
            }
            shift = cut.end as isize - cut.line.1 as isize;
        }
        (offset as isize + shift) as usize
    }
}

/// The largest char boundary of `text` at or before `offset`.
fn floor_char(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        let column = if span.offset() == self.primary.0 {
            self.primary.1
        } else {
            contents.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            contents.data(),
            *contents.span(),
            contents.line(),
            column,
            contents.line_count(),
        )))
    }
}

/// Words of a message longer than this many bytes are cut.
const LONG_WORD: usize = 64;
/// Bytes of a long word kept.
const WORD_KEPT: usize = 40;

/// `text` with each word (a run without spaces, such as a name or a string
/// the policy holds) longer than [`LONG_WORD`] bytes cut to its start, `…`,
/// its closing quote if any, and its length: a message stays short whatever
/// it quotes.
pub(crate) fn bounded(text: String) -> String {
    if !text.split(' ').any(|word| word.len() > LONG_WORD) {
        return text;
    }
    text.split(' ')
        .map(|word| {
            if word.len() <= LONG_WORD {
                return word.to_string();
            }
            let close: String = word
                .chars()
                .rev()
                .take_while(|c| matches!(c, '`' | '"' | '\'' | ',' | '.' | ')' | ':' | ';'))
                .take(3)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let kept = &word[..floor_char(word, WORD_KEPT)];
            format!("{kept}…{close} ({} bytes)", word.len() - close.len())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_words_are_kept_whole() {
        let text = "there is no code set `unauthorised`".to_string();
        assert_eq!(bounded(text.clone()), text);
    }

    #[test]
    fn a_long_word_is_cut_to_its_start_and_length() {
        let name = "é".repeat(1_000);
        let text = bounded(format!("there is no code set `{name}`, sorry"));
        // The word is 2,003 bytes, 2,001 before its closing "`,".
        assert_eq!(
            text,
            format!(
                "there is no code set `{}…`, (2001 bytes) sorry",
                "é".repeat(19)
            )
        );
    }
}
