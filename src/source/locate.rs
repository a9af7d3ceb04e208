//! Byte offsets to 1-based line and column. Built once per reported file, only for files that
//! have something to report: lines are found by one scan, columns count Unicode scalar values
//! from the start of the line, as editors and the JSON output contract do.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, line_starts }
    }

    /// The position of a byte offset; offsets past the end clamp to the end of the text.
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let column = self.text[start..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The byte offset of a 1-based line and a 1-based *byte* column, as serde_json reports them.
    pub fn offset_of_byte_column(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        (start + column.saturating_sub(1)).min(self.text.len())
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The text of a 1-based line without its line ending.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        self.text[start..end].trim_end_matches('\r')
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based() {
        let index = LineIndex::new("{\n  \"a\": 1\n}");
        assert_eq!(index.position(0), Position { line: 1, column: 1 });
        assert_eq!(index.position(4), Position { line: 2, column: 3 });
        assert_eq!(index.position(12), Position { line: 3, column: 2 });
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "{\"é\": \"ü\", \"x\": 1}";
        let index = LineIndex::new(text);
        let x = text.find("\"x\"").unwrap();
        assert_eq!(
            index.position(x),
            Position {
                line: 1,
                column: 12
            }
        );
    }

    #[test]
    fn crlf_lines_are_lines() {
        let index = LineIndex::new("{\r\n  \"a\": 1\r\n}");
        assert_eq!(index.position(5), Position { line: 2, column: 3 });
        assert_eq!(index.line_text(2), "  \"a\": 1");
    }

    #[test]
    fn byte_columns_map_back_to_offsets() {
        let index = LineIndex::new("ab\ncd");
        assert_eq!(index.offset_of_byte_column(2, 2), 4);
        assert_eq!(index.offset_of_byte_column(9, 1), 5);
    }
}
