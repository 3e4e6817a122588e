//! Byte offsets (the AST's and the compiler's spans) to LSP positions
//! (0-based line, UTF-16 column) and back.

use lsp_types::{Position, Range};
use rollcall_grammar::ast::Span;

/// The start of each line of a text, for converting offsets to positions.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// The index of `text`'s lines (split at `\n`; a `\r` before it belongs
    /// to the line).
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        LineIndex { starts }
    }

    /// The position of byte `offset` in `text` (clamped to the text, and
    /// back to a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|start| *start <= offset) - 1;
        let character: usize = text[self.starts[line]..offset]
            .chars()
            .map(char::len_utf16)
            .sum();
        Position::new(line as u32, character as u32)
    }

    /// The range of a span of `text`.
    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start as usize),
            self.position(text, span.end as usize),
        )
    }

    /// The byte offset of `position` in `text`: a column past the end of
    /// its line is the line's end, a line past the last is the text's end.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(text.len(), |next| next - 1);
        let line = &text[start..end];
        let mut units = 0;
        for (at, c) in line.char_indices() {
            if units >= position.character as usize {
                return start + at;
            }
            units += c.len_utf16();
        }
        end
    }

    /// The range of the whole text.
    pub fn whole(&self, text: &str) -> Range {
        Range::new(Position::new(0, 0), self.position(text, text.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "rule a {\n  £80 “x” 𝄞z\n\nend";

    #[test]
    fn offsets_become_lines_and_utf16_columns() {
        let index = LineIndex::new(TEXT);
        assert_eq!(index.position(TEXT, 0), Position::new(0, 0));
        assert_eq!(index.position(TEXT, 8), Position::new(0, 8));
        // The newline's offset is the end of line 0; the next byte starts line 1.
        assert_eq!(index.position(TEXT, 9), Position::new(1, 0));
        // `£` is two bytes, one UTF-16 unit.
        let eighty = TEXT.find("80").unwrap();
        assert_eq!(index.position(TEXT, eighty), Position::new(1, 3));
        // `𝄞` is four bytes and two UTF-16 units.
        let z = TEXT.find('z').unwrap();
        let before_z = "  £80 “x” 𝄞".encode_utf16().count() as u32;
        assert_eq!(index.position(TEXT, z), Position::new(1, before_z));
        assert_eq!(index.position(TEXT, TEXT.len()), Position::new(3, 3));
        assert_eq!(index.position(TEXT, TEXT.len() + 10), Position::new(3, 3));
    }

    #[test]
    fn an_offset_inside_a_character_is_its_start() {
        let index = LineIndex::new(TEXT);
        let pound = TEXT.find('£').unwrap();
        assert_eq!(index.position(TEXT, pound + 1), index.position(TEXT, pound));
    }

    #[test]
    fn positions_become_offsets_and_back() {
        let index = LineIndex::new(TEXT);
        for (offset, _) in TEXT.char_indices() {
            let position = index.position(TEXT, offset);
            assert_eq!(index.offset(TEXT, position), offset, "at {position:?}");
        }
        assert_eq!(index.offset(TEXT, Position::new(0, 99)), 8);
        assert_eq!(index.offset(TEXT, Position::new(9, 0)), TEXT.len());
    }

    #[test]
    fn a_span_is_a_range() {
        let index = LineIndex::new(TEXT);
        let range = index.range(TEXT, Span::new(2, 12));
        assert_eq!(range.start, Position::new(0, 2));
        assert_eq!(range.end, Position::new(1, 2));
        assert_eq!(index.whole(TEXT).end, Position::new(3, 3));
    }
}
