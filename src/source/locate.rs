//! Byte offsets to 1-based line and column. Built once per reported file, only for files that
//! have something to report: lines are found by one scan, columns count Unicode scalar values
//! from the start of the line, as editors and the JSON output contract do.

use std::borrow::Cow;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// The position of an offset found ahead of time, in 16 bytes where an offset and a
/// [`Position`] take 24: the pages of a large tenant place hundreds of thousands.
#[derive(Debug, Clone, Copy)]
pub struct PlacedPosition {
    offset: usize,
    line: u32,
    column: u32,
}

impl PlacedPosition {
    /// `None` past four billion lines or columns, which a file could hold: such an offset is
    /// then found by reading the file again, as one never placed.
    pub fn new(offset: usize, position: Position) -> Option<Self> {
        Some(PlacedPosition {
            offset,
            line: u32::try_from(position.line).ok()?,
            column: u32::try_from(position.column).ok()?,
        })
    }

    pub fn offset(&self) -> usize {
        self.offset
    }

    pub fn position(&self) -> Position {
        Position {
            line: self.line as usize,
            column: self.column as usize,
        }
    }
}

pub struct LineIndex<'a> {
    text: Cow<'a, str>,
    line_starts: Vec<usize>,
    /// `(byte offset, characters since the start of its line)` at a character boundary every
    /// [`MARK_EVERY`] bytes: a column on a long line (a compact Graph page is one line of
    /// hundreds of kilobytes) is counted from the nearest mark, not from the line's start.
    marks: Vec<(usize, usize)>,
}

const MARK_EVERY: usize = 4096;

impl<'a> LineIndex<'a> {
    pub fn new(text: impl Into<Cow<'a, str>>) -> Self {
        let text = text.into();
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut marks = Vec::new();
        for (n, &start) in line_starts.iter().enumerate() {
            let end = line_starts.get(n + 1).map_or(text.len(), |next| next - 1);
            // Only long lines need marks; counting a chunk's characters vectorises.
            let mut at = start;
            let mut chars = 0;
            while end - at > MARK_EVERY {
                let mut next = at + MARK_EVERY;
                while !text.is_char_boundary(next) {
                    next += 1;
                }
                chars += count_chars(&text.as_bytes()[at..next]);
                marks.push((next, chars));
                at = next;
            }
        }
        LineIndex {
            text,
            line_starts,
            marks,
        }
    }

    /// The position of a byte offset; offsets past the end clamp to the end of the text.
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let mark = self.marks.partition_point(|(at, _)| *at <= offset);
        let (from, chars_before) = match mark.checked_sub(1).map(|m| self.marks[m]) {
            Some((at, chars)) if at >= start => (at, chars),
            _ => (start, 0),
        };
        let column = chars_before + self.text[from..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The byte offset of a 1-based line and a 1-based *byte* column, as serde_json reports them,
    /// moved back to the start of the character it falls in: at the end of a file cut short,
    /// serde_json's column can point into the last character's bytes.
    pub fn offset_of_byte_column(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let mut offset = (start + column.saturating_sub(1)).min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The text of a 1-based line without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        self.text[start..end].trim_end_matches('\r')
    }
}

/// The positions of ascending byte offsets, in one pass over the text and without an index:
/// the same positions [`LineIndex::position`] gives, for a file read only to locate findings.
pub fn positions_of(text: &str, offsets: &[usize]) -> Vec<Position> {
    let mut walk = Walk::new(text.as_bytes());
    offsets.iter().map(|&offset| walk.to(offset)).collect()
}

/// A walk forward through a text that knows the line and column it is at, counting each byte
/// once.
struct Walk<'t> {
    /// UTF-8 text's bytes.
    text: &'t [u8],
    at: usize,
    /// Line feeds before `at`.
    line: usize,
    /// Characters from the start of the current line to `at`.
    chars: usize,
}

impl<'t> Walk<'t> {
    fn new(text: &'t [u8]) -> Self {
        Walk {
            text,
            at: 0,
            line: 0,
            chars: 0,
        }
    }

    /// Moves to `offset` (or the character it falls in; never back) and gives its position.
    fn to(&mut self, offset: usize) -> Position {
        let bytes = self.text;
        let offset = floor_byte_boundary(bytes, offset.min(bytes.len())).max(self.at);
        let between = &bytes[self.at..offset];
        let newlines = count_matching(between, |b| b == b'\n');
        if newlines > 0 {
            self.line += newlines;
            self.at += between.iter().rposition(|b| *b == b'\n').unwrap_or(0) + 1;
            self.chars = 0;
        }
        self.chars += count_chars(&bytes[self.at..offset]);
        self.at = offset;
        Position {
            line: self.line + 1,
            column: self.chars + 1,
        }
    }
}

/// Line and column across a text read piece by piece, none of which is kept: what a piece's
/// positions need from the pieces before it.
#[derive(Debug, Default)]
pub struct RunningPosition {
    lines_before: usize,
    /// Characters on the last line of the text so far, after its last line feed.
    chars_in_line: usize,
}

impl RunningPosition {
    /// The positions of ascending offsets into `piece`, the text's next piece, and moves past it.
    /// `piece` is UTF-8 text's bytes: a streamed block, checked piece by piece, need not be
    /// checked again as a whole to be placed. A piece is walked in parts of a megabyte on every
    /// core: each part's positions are counted from its own start, then continued from the
    /// parts before it.
    pub fn place(&mut self, piece: &[u8], offsets: &[usize]) -> Vec<Position> {
        self.place_in_parts(piece, offsets, 1 << 20)
    }

    fn place_in_parts(&mut self, piece: &[u8], offsets: &[usize], part: usize) -> Vec<Position> {
        use rayon::prelude::*;
        let mut cuts: Vec<usize> = (0..piece.len())
            .step_by(part.max(1))
            .map(|at| floor_byte_boundary(piece, at))
            .collect();
        cuts.dedup();
        cuts.push(piece.len());
        let parts: Vec<(Vec<Position>, Position)> = cuts
            .par_windows(2)
            .enumerate()
            .map(|(n, bounds)| {
                let (start, end) = (bounds[0], bounds[1]);
                let first = offsets.partition_point(|&at| at < start);
                // The last part takes any offset past the piece's end, as one walk would.
                let last = match n + 2 == cuts.len() {
                    true => offsets.len(),
                    false => offsets.partition_point(|&at| at < end),
                };
                let mut walk = Walk::new(&piece[start..end]);
                let positions = offsets[first..last]
                    .iter()
                    .map(|&at| walk.to(at - start))
                    .collect();
                (positions, walk.to(end - start))
            })
            .collect();
        let mut positions = Vec::with_capacity(offsets.len());
        for (placed, end) in parts {
            positions.extend(placed.into_iter().map(|p| self.continued(p)));
            let end = self.continued(end);
            self.lines_before = end.line - 1;
            self.chars_in_line = end.column - 1;
        }
        positions
    }

    /// A position in the next piece as a position in the whole text.
    fn continued(&self, mut position: Position) -> Position {
        if position.line == 1 {
            position.column += self.chars_in_line;
        }
        position.line += self.lines_before;
        position
    }
}

/// How many bytes match, counted in blocks of 255 into a byte-wide counter: that compiles to
/// wide vector compares, where counting into a `usize` handles a few bytes at a time. Every byte
/// of every reported file goes through here.
fn count_matching(bytes: &[u8], matches: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|block| {
            block
                .iter()
                .fold(0u8, |count, b| count + u8::from(matches(*b))) as usize
        })
        .sum()
}

/// How many characters UTF-8 bytes hold: every byte but continuation bytes starts one.
fn count_chars(bytes: &[u8]) -> usize {
    count_matching(bytes, |b| b & 0xC0 != 0x80)
}

/// The last character boundary at or before `offset`.
pub(crate) fn floor_char_boundary(text: &str, offset: usize) -> usize {
    floor_byte_boundary(text.as_bytes(), offset)
}

/// [`floor_char_boundary`] in UTF-8 text's bytes: back over continuation bytes.
fn floor_byte_boundary(bytes: &[u8], mut offset: usize) -> usize {
    while offset > 0 && bytes.get(offset).is_some_and(|b| b & 0xC0 == 0x80) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_of_a_text_read_in_pieces_are_those_of_the_whole() {
        let text = "{\n  \"a\": \"Zoë\",\n  \"b\": [1,\n\n 2], \"c\": \"Ångström\" }\n{\"d\": 1}";
        let offsets: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
        let whole = positions_of(text, &offsets);
        for cuts in [vec![5, 17], vec![1, 2, 3, 40], vec![text.len() - 1], vec![]] {
            let mut running = RunningPosition::default();
            let mut from = 0;
            let mut found = Vec::new();
            for to in cuts.into_iter().chain([text.len()]) {
                let to = floor_char_boundary(text, to);
                let inside: Vec<usize> = offsets
                    .iter()
                    .filter(|&&at| at >= from && at < to)
                    .map(|at| at - from)
                    .collect();
                found.extend(running.place(&text.as_bytes()[from..to], &inside));
                from = to;
            }
            assert_eq!(found, whole);
        }
    }

    #[test]
    fn a_piece_walked_in_parts_gives_the_positions_of_one_walk() {
        let text =
            "{\n  \"a\": \"Zoë\",\n\n  \"b\": [1,\r\n 2], \"c\": \"Ångström 😀\" }\n{\"d\": 1}\n";
        // Every byte, so some offsets fall inside characters, and one past the end.
        let offsets: Vec<usize> = (0..=text.len() + 1).collect();
        let whole = positions_of(text, &offsets);
        for part in [1, 2, 3, 7, 16, text.len(), text.len() * 2] {
            let mut running = RunningPosition::default();
            let mut walked = running.place_in_parts(&text.as_bytes()[..20], &offsets[..20], part);
            let rest: Vec<usize> = offsets[20..].iter().map(|at| at - 20).collect();
            walked.extend(running.place_in_parts(&text.as_bytes()[20..], &rest, part));
            assert_eq!(walked, whole, "parts of {part} bytes");
        }
    }

    #[test]
    fn a_byte_column_inside_a_character_is_moved_to_its_start() {
        let text = "{\"id\":\"é";
        let index = LineIndex::new(text);
        // serde_json reports the end of this cut file one byte into the two-byte `é`.
        let offset = index.offset_of_byte_column(1, text.len());
        assert!(text.is_char_boundary(offset));
        assert_eq!(offset, text.len() - 2);
    }

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
    fn columns_on_long_lines_count_characters_from_the_nearest_mark() {
        let line: String = (0..3000)
            .map(|i| if i % 7 == 0 { "é" } else { "ab" })
            .collect();
        let text = format!("x\n{line}\n{line}");
        let index = LineIndex::new(&text);
        for offset in (0..text.len())
            .filter(|o| text.is_char_boundary(*o))
            .step_by(997)
        {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = text[line_start..offset].chars().count() + 1;
            assert_eq!(index.position(offset).column, expected, "at {offset}");
        }
    }

    #[test]
    fn one_pass_positions_equal_the_line_index() {
        let long: String = (0..2000)
            .map(|i| if i % 5 == 0 { "é" } else { "ab" })
            .collect();
        let text = format!("{{\r\n  \"a\": \"ü\",\n{long}\n\n  \"b\": 1\r\n}}\n");
        let index = LineIndex::new(&text);
        let mut offsets: Vec<usize> = (0..=text.len() + 3).step_by(7).collect();
        offsets.extend([0, 1, 2, 3, text.len() - 1, text.len()]);
        offsets.sort_unstable();
        let positions = positions_of(&text, &offsets);
        for (offset, position) in offsets.iter().zip(positions) {
            assert_eq!(position, index.position(*offset), "at {offset}");
        }
    }

    #[test]
    fn counting_in_blocks_counts_every_byte_once() {
        let bytes: Vec<u8> = (0..2000u32).map(|i| (i * 7 % 251) as u8).collect();
        for len in [0, 1, 254, 255, 256, 510, 511, 1999, 2000] {
            let part = &bytes[..len];
            let naive = |f: fn(u8) -> bool| part.iter().filter(|b| f(**b)).count();
            assert_eq!(
                count_matching(part, |b| b == 42),
                naive(|b| b == 42),
                "{len}"
            );
            assert_eq!(count_chars(part), naive(|b| b & 0xC0 != 0x80), "{len}");
        }
        assert_eq!(count_matching(&[b'\n'; 1000], |b| b == b'\n'), 1000);
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
