//! A page read by the scanner (`scan`): a large page's `value` is cut into pieces at item
//! boundaries, and each piece is parsed on its own thread; a small page is one piece.
//!
//! Where an item starts cannot be known without reading everything before it (a `{` may be
//! inside a string), so the cuts are guesses: a `}`, a comma and a `{"`, with only whitespace
//! between. A guess is checked, never trusted. A piece is parsed from a slice that ends at the
//! next cut, so its last item must end exactly there: the first piece starts at the true first
//! item, and a piece that starts at a true boundary and ends exactly at the next cut makes that
//! cut true too. A guess inside a string breaks the piece that holds it (its item runs past the
//! slice's end), and then the page is read in one pass instead: a guess costs time, never a
//! record.

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{is_registration_context, read_item, scan, Page, WHITESPACE};
use crate::model::{Registration, Registrations};
use crate::source::FileId;

/// Pages smaller than this are read in one piece: cutting costs more than it saves.
const FROM: usize = 8 << 20;
/// About how many bytes each piece holds.
const PIECE: usize = 2 << 20;

/// The page, a large one read in pieces on every core; `None` when anything is unusual or a cut
/// was not at an item boundary (serde_json's one-pass reader then decides).
pub fn read_page(file: FileId, text: &str) -> Option<Page<'_>> {
    let piece = match text.len() >= FROM {
        true => PIECE,
        false => text.len(),
    };
    read_page_in(file, text, piece)
}

/// [`read_page`], cutting about every `piece` bytes.
fn read_page_in(file: FileId, text: &str, piece: usize) -> Option<Page<'_>> {
    let mut cursor = Cursor { text, at: 0 };
    cursor.expect(b'{')?;
    let mut page = Partial::default();
    loop {
        let key: &str = cursor.value()?;
        cursor.expect(b':')?;
        match key {
            "@odata.context" if page.context.is_none() => page.context = Some(cursor.value()?),
            // The context comes first, as Graph writes it; anything else is the one-pass
            // reader's to judge.
            "value"
                if page.records.is_none()
                    && page.context.as_deref().is_some_and(is_registration_context) =>
            {
                cursor.expect(b'[')?;
                let items = ItemText::Checked(text);
                let (records, end) = read_items(file, items, cursor.at, None, piece, (0, 0))?;
                page.records = Some(records);
                cursor.at = end?;
            }
            "@odata.nextLink" if page.next_link.is_none() => {
                page.next_link = Some(cursor.value::<Option<&RawValue>>()?)
            }
            "@odata.count" if page.count.is_none() => page.count = Some(cursor.value()?),
            _ => return None,
        }
        cursor.skip_whitespace();
        match cursor.next_byte()? {
            b',' => continue,
            b'}' => break,
            _ => return None,
        }
    }
    cursor.skip_whitespace();
    if cursor.at != text.len() {
        return None;
    }
    Some(Page {
        context: page.context?,
        records: page.records?,
        next_link: page.next_link.flatten(),
        count: page.count,
    })
}

#[derive(Default)]
struct Partial<'a> {
    context: Option<String>,
    records: Option<Registrations>,
    next_link: Option<Option<&'a RawValue>>,
    count: Option<&'a RawValue>,
}

/// The text a page's items are read from.
#[derive(Clone, Copy)]
pub(super) enum ItemText<'a> {
    /// Known to be UTF-8: a file read whole was decoded.
    Checked(&'a str),
    /// A streamed block's bytes: each piece checks its own as it reads them, on its own thread,
    /// where checking the block first would take one thread through all of it.
    Unchecked(&'a [u8]),
}

impl<'a> ItemText<'a> {
    fn bytes(self) -> &'a [u8] {
        match self {
            ItemText::Checked(text) => text.as_bytes(),
            ItemText::Unchecked(bytes) => bytes,
        }
    }

    /// The text from `from` to `to`; `None` when it is not UTF-8 (the file is then read whole,
    /// and its decoding says where).
    fn text(self, from: usize, to: usize) -> Option<&'a str> {
        match self {
            ItemText::Checked(text) => text.get(from..to),
            ItemText::Unchecked(bytes) => std::str::from_utf8(bytes.get(from..to)?).ok(),
        }
    }
}

/// The items of a `value` from `start` (an item, or just after the `[`): up to `end`, an item
/// start that the last item must end at exactly, or else to the `]`, and where that ends.
/// Their records come a chunk per piece, as read (never copied into one vector): numbered
/// from `first_index` and placed `base` bytes further into the file than `text` starts (a
/// streamed block's offset), all on the pieces' threads.
pub(super) fn read_items(
    file: FileId,
    text: ItemText,
    start: usize,
    end: Option<usize>,
    piece: usize,
    (first_index, base): (usize, usize),
) -> Option<(Registrations, Option<usize>)> {
    let bytes = text.bytes();
    let cuts = guess_cuts(&bytes[..end.unwrap_or(bytes.len())], start, piece);
    let pieces: Vec<Option<Piece>> = cuts
        .par_iter()
        .enumerate()
        .map(|(n, &from)| {
            let to = cuts.get(n + 1).copied().or(end);
            read_piece(file, text, from, to, base)
        })
        .collect();
    let mut pieces: Vec<Piece> = pieces.into_iter().collect::<Option<_>>()?;
    // Each piece numbered its items from zero; they are numbered on from the pieces before.
    let mut next = first_index;
    let firsts: Vec<usize> = pieces
        .iter()
        .map(|piece| {
            next += piece.records.len();
            next - piece.records.len()
        })
        .collect();
    pieces
        .par_iter_mut()
        .zip(firsts)
        .for_each(|(piece, first)| {
            for (n, record) in piece.records.iter_mut().enumerate() {
                record.set_item_index(first + n);
            }
        });
    let end = pieces.last().and_then(|piece| piece.closed_at);
    let mut records = Registrations::default();
    for piece in pieces {
        records.push_chunk(piece.records);
    }
    Some((records, end))
}

/// Where the pieces start: `start` (just after the `[`, or an item), then a likely item start
/// about every `piece` bytes.
fn guess_cuts(text: &[u8], start: usize, piece: usize) -> Vec<usize> {
    let mut cuts = vec![start];
    let mut from = start + piece;
    while from < text.len() {
        match next_likely_item(text, from) {
            Some(cut) => {
                cuts.push(cut);
                from = cut + piece;
            }
            None => break,
        }
    }
    cuts
}

/// The next `{` at or after `from` that looks like the start of an item after another.
/// (In UTF-8 a `{` byte is always the character, never part of another.)
fn next_likely_item(text: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        at += text.get(at..)?.iter().position(|&b| b == b'{')?;
        if looks_like_an_item_start(text, at) {
            return Some(at);
        }
        at += 1;
    }
}

/// The last `{` after `from` that looks like the start of an item after another.
pub(super) fn last_likely_item(text: &[u8], from: usize) -> Option<usize> {
    let mut end = text.len();
    loop {
        let at = text[..end].iter().rposition(|&b| b == b'{')?;
        if at <= from {
            return None;
        }
        if looks_like_an_item_start(text, at) {
            return Some(at);
        }
        end = at;
    }
}

/// Whether the `{` at `at` has `}` and `,` before it and `"` after it, with only whitespace
/// between: how one item of a list of objects follows another.
fn looks_like_an_item_start(text: &[u8], at: usize) -> bool {
    let is_whitespace = |b: &u8| WHITESPACE.contains(&char::from(*b));
    let before = trim_end(&text[..at], is_whitespace);
    let after = &text[at + 1..];
    let after = &after[after.iter().take_while(|b| is_whitespace(b)).count()..];
    let follows_an_item = before
        .strip_suffix(b",")
        .map(|b| trim_end(b, is_whitespace))
        .is_some_and(|b| b.ends_with(b"}"));
    follows_an_item && after.starts_with(b"\"")
}

fn trim_end(bytes: &[u8], trimmed: impl Fn(&u8) -> bool) -> &[u8] {
    let kept = bytes
        .iter()
        .rposition(|b| !trimmed(b))
        .map_or(0, |last| last + 1);
    &bytes[..kept]
}

/// What one piece held: its items, and where the `]` ends if the array ended in it.
struct Piece {
    records: Vec<Registration>,
    closed_at: Option<usize>,
}

/// The items from `from` to the next cut `to`, which the last item (and its comma) must end at
/// exactly; the last piece (`to` is `None`) must end with the array's `]`.
fn read_piece(
    file: FileId,
    text: ItemText,
    from: usize,
    to: Option<usize>,
    base: usize,
) -> Option<Piece> {
    let end = to.unwrap_or(text.bytes().len());
    // Offsets below are in the piece, and moved into the file once it is read.
    let text = text.text(from, end)?;
    let mut cursor = Cursor { text, at: 0 };
    let mut records: Vec<Registration> = Vec::new();
    cursor.skip_whitespace();
    // An empty array: only the first piece can see one.
    if to.is_none() && cursor.peek() == Some(b']') {
        return Some(Piece::at((from, base), records, Some(cursor.at + 1)));
    }
    loop {
        let fields = scan::item(&mut cursor)?;
        records.push(read_item(file, text, records.len(), fields)?);
        if records.len() == 1 {
            // Items are alike: the first one's size tells about how many the piece holds. A
            // quarter more, so that a first item a little larger than the rest does not
            // double the vector (and leave the old one as a hole) near its end.
            let estimate = text.len() / cursor.at.max(1);
            records.reserve(estimate + estimate / 4);
        }
        cursor.skip_whitespace();
        match (cursor.next_byte()?, to) {
            (b',', Some(_)) => {
                cursor.skip_whitespace();
                if cursor.at == text.len() {
                    return Some(Piece::at((from, base), records, None));
                }
            }
            (b',', None) => {}
            (b']', None) => return Some(Piece::at((from, base), records, Some(cursor.at))),
            _ => return None,
        }
    }
}

impl Piece {
    /// A piece that starts at `from` in a text that starts at `base` in its file, from what was
    /// read in it: records are placed in the file, the `]` in the text.
    fn at(
        (from, base): (usize, usize),
        mut records: Vec<Registration>,
        closed_at: Option<usize>,
    ) -> Piece {
        // The records stay in this vector, sized by a guess: what it holds beyond them goes
        // back, which half a million records would otherwise keep.
        records.shrink_to_fit();
        let shift = from + base;
        for record in &mut records {
            record.span = record.span.start + shift..record.span.end + shift;
        }
        Piece {
            records,
            closed_at: closed_at.map(|at| at + from),
        }
    }
}

/// A position in the text, read one JSON token or value at a time.
pub(super) struct Cursor<'a> {
    pub text: &'a str,
    pub at: usize,
}

impl<'a> Cursor<'a> {
    pub fn skip_whitespace(&mut self) {
        let rest = &self.text[self.at..];
        self.at += rest.len() - rest.trim_start_matches(WHITESPACE).len();
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    pub fn next_byte(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    /// Skips whitespace, then the byte `wanted`.
    pub fn expect(&mut self, wanted: u8) -> Option<()> {
        self.skip_whitespace();
        (self.next_byte()? == wanted).then_some(())
    }

    /// The next value, parsed by serde_json; borrowed values borrow from the text.
    pub fn value<T: Deserialize<'a>>(&mut self) -> Option<T> {
        let rest = &self.text[self.at..];
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<T>();
        let value = values.next()?.ok()?;
        self.at += values.byte_offset();
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::{sample_page, SAMPLE_CONTEXT};

    fn records(page: &Page) -> String {
        format!("{:?}", page.records.iter().collect::<Vec<_>>())
    }

    #[test]
    fn pieces_give_the_records_of_one_pass_in_order_and_numbered() {
        let text = sample_page(500, |i| format!("User {i}"));
        let one_pass = super::super::read_page(0, &text).unwrap();
        for piece in [1, 100, 1000, 7919, text.len()] {
            let pieces = read_page_in(0, &text, piece).expect("cut at item boundaries");
            assert!(guess_cuts(text.as_bytes(), 0, piece).len() > 1 || piece >= text.len() / 2);
            assert_eq!(
                records(&pieces),
                records(&one_pass),
                "pieces of {piece} bytes"
            );
            assert_eq!(pieces.context, one_pass.context);
            assert_eq!(
                pieces.next_link.map(RawValue::get),
                one_pass.next_link.map(RawValue::get)
            );
        }
    }

    #[test]
    fn a_guess_that_starts_inside_a_character_is_moved_past_it() {
        // Two-, three- and four-byte characters of varying counts: guesses start at every
        // byte of them somewhere.
        let text = sample_page(300, |i| {
            format!("é{}名前{}🔑", "ü".repeat(i % 5), "字".repeat(i % 3))
        });
        let one_pass = super::super::read_page(0, &text).unwrap();
        // Piece sizes that put the first guess inside a character.
        let start = text.find('[').unwrap() + 1;
        let inside: Vec<usize> = (start..text.len())
            .filter(|&at| !text.is_char_boundary(at))
            .step_by(7)
            .take(60)
            .map(|at| at - start)
            .collect();
        assert_eq!(inside.len(), 60);
        for piece in inside {
            let pieces = read_page_in(0, &text, piece).expect("cut at item boundaries");
            assert_eq!(
                records(&pieces),
                records(&one_pass),
                "pieces of {piece} bytes"
            );
        }
    }

    #[test]
    fn a_cut_guessed_inside_a_string_is_caught_and_never_loses_a_record() {
        // Every name ends in what a cut looks for: `}`, a comma and `{"` (its closing quote).
        let text = sample_page(300, |i| format!("odd {i} }}, {{"));
        assert!(guess_cuts(text.as_bytes(), 0, 64)
            .iter()
            .any(|&cut| text[..cut].ends_with(" }, ")));
        // The guess is refused, and the page as a whole reads as in one pass.
        assert!(read_page_in(0, &text, 64).is_none());
        let read = crate::ingest::pages::read_registration_page(0, &text).unwrap();
        assert_eq!(read.registrations.len(), 300);
        assert_eq!(
            read.registrations.at(299).unwrap().display_name(),
            Some("odd 299 }, {")
        );
    }

    #[test]
    fn a_page_cut_short_or_with_anything_unusual_is_not_read_in_pieces() {
        let text = sample_page(200, |i| format!("User {i}"));
        for cut in [text.len() - 3, text.len() / 2, text.len() / 3 + 1] {
            assert!(read_page_in(0, &text[..cut], 100).is_none(), "cut at {cut}");
        }
        let trailing_comma = text.replacen("\n  ],", ",\n  ],", 1);
        assert!(read_page_in(0, &trailing_comma, 100).is_none());
        let extra_member = text.replacen("\"value\"", "\"note\": 1, \"value\"", 1);
        assert!(read_page_in(0, &extra_member, 100).is_none());
        // The context after the list, where the items cannot be known to be registrations.
        let context = format!("\"@odata.context\": \"{SAMPLE_CONTEXT}\",");
        let value_first = text.replacen(&format!("{context}\n"), "", 1).replacen(
            "\n  ],",
            &format!("\n  ], {context}"),
            1,
        );
        assert!(value_first.find("\"value\"") < value_first.find("@odata.context"));
        assert!(read_page_in(0, &value_first, 100).is_none());
        assert!(read_page_in(0, &format!("{text} []"), 100).is_none());
    }

    #[test]
    fn an_empty_page_is_read() {
        let text = format!("{{\"@odata.context\": \"{SAMPLE_CONTEXT}\", \"value\": [ ]}}");
        let page = read_page_in(0, &text, 1).unwrap();
        assert!(page.records.is_empty());
    }
}
