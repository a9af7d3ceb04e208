//! A page of registration details too large to hold: read block by block, each block's items
//! parsed in pieces on every core ([`super::pieces`]) and the block dropped, so memory holds the
//! records and a block or two, never the file. The positions of the flags findings will point at
//! are placed as each block goes by, so the file need not be read again to report them.
//!
//! A block ends at the last likely item start it holds; like every cut, that guess is checked
//! (the block's last item must end exactly there). Anything unusual, a failed guess, a file
//! that is not UTF-8 or changes while it is read gives `None`, and the file is read whole.

use std::io::Read;
use std::path::Path;

use serde_json::value::RawValue;

use super::pieces::{last_likely_item, read_items, Cursor, ItemText};
use super::{is_registration_context, offset_in, unregistered_flag_ends};
use crate::ingest::{Document, EntityKind, Evidence};
use crate::model::Registrations;
use crate::source::decode::Encoding;
use crate::source::locate::{Position, RunningPosition};
use crate::source::{FileId, Opened, Origin, SourceFile, Stamp};

/// Regular files from this size are streamed; smaller ones are read whole.
pub const FROM: u64 = 64 << 20;
/// How much is read at a time.
const BLOCK: usize = 16 << 20;
/// About how many bytes each piece of a block holds.
const PIECE: usize = 2 << 20;
/// What the first read takes: the root's members before `value`.
const HEAD: usize = 64 << 10;
/// A block that holds no item boundary grows up to this before the file is read whole.
const LONGEST_ITEM: usize = 4 * BLOCK;

/// The file opened from `path` as a page of registration details, streamed; `None` when it must
/// be read whole (it is small, not such a page, or anything about it is unusual), from its
/// start: streaming may have read some of it.
pub fn read(
    file: FileId,
    path: &Path,
    opened: &mut Opened,
    limit: u64,
) -> Option<(SourceFile, Document)> {
    let large = opened.status.is_file() && opened.status.len() >= FROM;
    if !large || crate::ingest::entra_exporter::kind_from_path(path).is_some() {
        return None;
    }
    read_in(file, path, opened, limit, BLOCK, PIECE)
}

fn read_in(
    file: FileId,
    path: &Path,
    opened: &mut Opened,
    limit: u64,
    block: usize,
    piece: usize,
) -> Option<(SourceFile, Document)> {
    let status = opened.status.clone();
    if !status.is_file() || status.len() > limit {
        return None;
    }
    let mut reader = opened.reader();
    let stamp = Stamp::of(&status);
    let mut stream = Stream {
        buffer: Vec::with_capacity(block + block / 2),
        base: 0,
        read: 0,
        size: status.len(),
    };
    let mut parsed = Parsed {
        file,
        piece,
        positions: RunningPosition::default(),
        placed: Vec::new(),
        records: Registrations::default(),
    };
    // The members before `value` are in the file's first kilobytes: a large file that is not a
    // page of registration details is told from them, before any block of it is read.
    let first = read_block(&mut reader, HEAD, std::mem::take(&mut stream.buffer));
    let mut eof = stream.take(first)?;
    // The next block is read into the other buffer, after what is left of this one: only that
    // rest is copied (the whole block, while it holds no item boundary).
    let mut other = Vec::with_capacity(block + block / 2);
    let encoding = if stream.buffer.starts_with(&[0xEF, 0xBB, 0xBF]) {
        // Offsets are in the decoded text, which has no BOM.
        stream.buffer.drain(..3);
        Encoding::Utf8Bom
    } else {
        Encoding::Utf8
    };
    // The first kilobytes are checked whole; each block after them is checked piece by piece
    // as its items are read.
    let (mut page, mut at) = prefix(file, valid_utf8(&stream.buffer)?)?;
    let end = loop {
        let text = &stream.buffer[..];
        if eof {
            break parsed.items(text, stream.base, at, None)??;
        }
        let cut = last_likely_item(text, at);
        if cut.is_none() && stream.buffer.len() > LONGEST_ITEM {
            return None;
        }
        // What this block leaves unparsed starts the next; the next block is read after it
        // while this one is parsed.
        let kept = cut.unwrap_or(0);
        other.clear();
        other.extend_from_slice(&stream.buffer[kept..]);
        let base = stream.base;
        let (items, next) = rayon::join(
            || cut.map(|cut| parsed.items(text, base, at, Some(cut))),
            || read_block(&mut reader, block, std::mem::take(&mut other)),
        );
        if cut.is_some() {
            items.flatten()?;
            at = 0;
        }
        other = std::mem::take(&mut stream.buffer);
        stream.base += kept;
        eof = stream.take(next)?;
    };
    let rest = std::str::from_utf8(&stream.buffer[end..]).ok()?;
    suffix(file, rest, stream.base + end, &mut page)?;
    // A file rewritten while it was read is not what was parsed.
    let now = std::fs::metadata(path).ok().map(|m| Stamp::of(&m));
    let text_len = stream.base + stream.buffer.len();
    if now.as_ref() != Some(&stamp) || stream.read != status.len() {
        return None;
    }
    let mut document = Document::new(file);
    document.kind = Some((EntityKind::Registration, Evidence::ODataContext));
    document.collection = true;
    document.next_link = page.next_link.flatten();
    document.odata_count = page.count;
    document.registrations = parsed.records;
    let source = SourceFile::streamed(
        path.to_path_buf(),
        text_len,
        encoding,
        status.len(),
        parsed.placed,
    )
    .stamped(stamp);
    Some((source, document))
}

/// The members around `value`, placed in the file.
#[derive(Default)]
struct Members {
    /// `Some(None)`: written as null.
    next_link: Option<Option<Origin>>,
    count: Option<(u64, Origin)>,
}

/// The file's bytes not parsed yet.
struct Stream {
    /// The text not parsed yet, from offset `base` of the decoded text.
    buffer: Vec<u8>,
    base: usize,
    /// Bytes read from the file so far, and its size when opened: a file that grows while it
    /// is read is left at once, not read for as long as it grows.
    read: u64,
    size: u64,
}

/// `bytes` with up to `block` more bytes read after what it holds, and whether they were the
/// file's last (fewer than asked for).
fn read_block(
    reader: &mut &std::fs::File,
    block: usize,
    mut bytes: Vec<u8>,
) -> std::io::Result<(Vec<u8>, bool, usize)> {
    let got = reader.take(block as u64).read_to_end(&mut bytes)?;
    Ok((bytes, got < block, got))
}

impl Stream {
    /// Makes a buffer read by [`read_block`] the text left to parse; true at the end of the file.
    fn take(&mut self, read: std::io::Result<(Vec<u8>, bool, usize)>) -> Option<bool> {
        let (bytes, last, got) = read.ok()?;
        self.read += got as u64;
        if self.read > self.size {
            return None;
        }
        self.buffer = bytes;
        Some(last)
    }
}

/// What the blocks read so far gave.
struct Parsed {
    file: FileId,
    piece: usize,
    positions: RunningPosition,
    placed: Vec<(usize, Position)>,
    records: Registrations,
}

impl Parsed {
    /// Parses the items of `text` (which starts at offset `base`) from `from` to the item start
    /// `to`, or to the `]`; keeps their records and places their unregistered flags. Gives
    /// where the `]` ends, when it was reached. Every byte of `text` from `from` is checked as
    /// UTF-8 (its bytes before `from` were already).
    fn items(
        &mut self,
        text: &[u8],
        base: usize,
        from: usize,
        to: Option<usize>,
    ) -> Option<Option<usize>> {
        let items = ItemText::Unchecked(text);
        let numbered_from = self.records.len();
        let (read, closed_at) = read_items(
            self.file,
            items,
            from,
            to,
            self.piece,
            (numbered_from, base),
        )?;
        if to.is_none() && closed_at.is_none() {
            return None;
        }
        // The flags' ends in the file, which are `base` bytes past their ends in the text.
        let ends = unregistered_flag_ends(read.iter());
        let in_text: Vec<usize> = ends.iter().map(|end| end - base).collect();
        let positions = self
            .positions
            .place(&text[..to.unwrap_or(text.len())], &in_text);
        self.placed.extend(ends.into_iter().zip(positions));
        self.records.append(read);
        Some(closed_at)
    }
}

/// The root object up to the `[` of `value`, which must follow `@odata.context` as Graph writes
/// it; where the first item starts.
fn prefix(file: FileId, text: &str) -> Option<(Members, usize)> {
    let mut cursor = Cursor { text, at: 0 };
    cursor.expect(b'{')?;
    let key: &str = cursor.value()?;
    cursor.expect(b':')?;
    let context: String = cursor.value()?;
    if key != "@odata.context" || !is_registration_context(&context) {
        return None;
    }
    let mut members = Members::default();
    loop {
        cursor.expect(b',')?;
        let key: &str = cursor.value()?;
        cursor.expect(b':')?;
        if key == "value" {
            cursor.expect(b'[')?;
            return Some((members, cursor.at));
        }
        member(file, 0, &mut cursor, key, &mut members)?;
    }
}

/// The root object after the `]`: `text`, from offset `base` to the end of the file.
fn suffix(file: FileId, text: &str, base: usize, members: &mut Members) -> Option<()> {
    let mut cursor = Cursor { text, at: 0 };
    loop {
        cursor.skip_whitespace();
        match cursor.next_byte()? {
            b'}' => break,
            b',' => {
                let key: &str = cursor.value()?;
                cursor.expect(b':')?;
                member(file, base, &mut cursor, key, members)?;
            }
            _ => return None,
        }
    }
    cursor.skip_whitespace();
    (cursor.at == text.len()).then_some(())
}

/// `@odata.nextLink` or `@odata.count`, once each; anything else is unusual.
fn member(
    file: FileId,
    base: usize,
    cursor: &mut Cursor,
    key: &str,
    members: &mut Members,
) -> Option<()> {
    let raw: &RawValue = cursor.value()?;
    let start = base + offset_in(cursor.text, raw.get());
    let origin = |pointer: &str| Origin {
        file,
        span: start..start + raw.get().len(),
        pointer: pointer.into(),
    };
    match key {
        "@odata.nextLink" if members.next_link.is_none() => {
            members.next_link = Some((raw.get() != "null").then(|| origin("/@odata.nextLink")));
        }
        "@odata.count" if members.count.is_none() => {
            members.count = Some((raw.get().parse().ok()?, origin("/@odata.count")));
        }
        _ => return None,
    }
    Some(())
}

/// The first block as text, up to a character its end may cut.
fn valid_utf8(bytes: &[u8]) -> Option<&str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok(),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::locate::positions_of;

    use super::super::sample_page;

    fn on_disk(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("tenantlint-stream-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn streamed(path: &Path, block: usize, piece: usize) -> Option<(SourceFile, Document)> {
        let mut opened = Opened::open(path).unwrap();
        read_in(0, path, &mut opened, u64::MAX, block, piece)
    }

    /// Streaming gives the records, places and positions that reading the text whole gives.
    fn same_as_whole(text: &str, path: &Path, block: usize, piece: usize) {
        let (source, document) = streamed(path, block, piece).expect("streamed");
        let whole = super::super::read_registration_page(0, text).expect("read whole");
        assert_eq!(
            format!("{:?}", document.registrations.iter().collect::<Vec<_>>()),
            format!("{:?}", whole.registrations.iter().collect::<Vec<_>>()),
            "blocks of {block}"
        );
        assert_eq!(document.next_link, whole.next_link);
        assert_eq!(document.odata_count, whole.odata_count);
        assert_eq!(source.text_len(), text.len());
        let positions = positions_of(text, &whole.likely_reported);
        let placed: Vec<_> = whole
            .likely_reported
            .iter()
            .copied()
            .zip(positions)
            .collect();
        assert_eq!(source.placed_positions(), placed.as_slice());
    }

    #[test]
    fn blocks_of_any_size_give_what_the_whole_text_gives() {
        let text = sample_page(400, |i| format!("Zoë Ångström {i}"));
        let path = on_disk("page.json", text.as_bytes());
        for (block, piece) in [
            (100, 50),
            (997, 300),
            (4096, 1),
            (20_000, 5_000),
            (1 << 20, 1 << 20),
        ] {
            same_as_whole(&text, &path, block, piece);
        }
        // With a BOM, offsets are in the text after it.
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(text.as_bytes());
        let path = on_disk("bom.json", &bom);
        same_as_whole(&text, &path, 997, 300);
    }

    #[test]
    fn anything_unusual_is_left_to_reading_the_file_whole() {
        let text = sample_page(200, |i| format!("User {i}"));
        let cut_short = on_disk("short.json", &text.as_bytes()[..text.len() / 2]);
        assert!(streamed(&cut_short, 1000, 300).is_none());
        let fake_cuts = sample_page(200, |i| format!("odd {i} }}, {{"));
        let fake_cuts = on_disk("fake.json", fake_cuts.as_bytes());
        assert!(streamed(&fake_cuts, 1000, 300).is_none());
        let mut bad = text.clone().into_bytes();
        let at = bad.len() / 2;
        bad[at] = 0xFF;
        assert!(streamed(&on_disk("bad.json", &bad), 1000, 300).is_none());
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert!(streamed(&on_disk("utf16.json", &utf16), 1000, 300).is_none());
        let users = text.replace(
            "reports/authenticationMethods/userRegistrationDetails",
            "users",
        );
        assert!(streamed(&on_disk("users.json", users.as_bytes()), 1000, 300).is_none());
        let extra = text.replacen("\"value\"", "\"note\": 1, \"value\"", 1);
        assert!(streamed(&on_disk("extra.json", extra.as_bytes()), 1000, 300).is_none());
    }

    /// Blocks are checked as UTF-8 piece by piece: a byte that is not UTF-8 anywhere (before the
    /// items, inside one, between two, at a cut, after the `]`) is never streamed past.
    #[test]
    fn a_byte_that_is_not_utf8_anywhere_is_never_streamed() {
        let text = sample_page(30, |i| format!("Zoë {i}"));
        let path = on_disk("not-utf8.json", b"");
        let last = text.len() - 1;
        let mut checked = 0;
        for at in (0..text.len()).step_by(7).chain([last]) {
            for wrong in [0xFF, 0x80, 0xC3] {
                let mut bytes = text.clone().into_bytes();
                bytes[at] = wrong;
                // A continuation byte in place of another may still make a character.
                if std::str::from_utf8(&bytes).is_ok() {
                    continue;
                }
                checked += 1;
                std::fs::write(&path, &bytes).unwrap();
                for (block, piece) in [(1000, 300), (4096, 50)] {
                    assert!(
                        streamed(&path, block, piece).is_none(),
                        "{wrong:#x} at {at} of {}, blocks of {block}",
                        text.len()
                    );
                }
            }
        }
        assert!(checked > 3000, "{checked} texts that are not UTF-8");
    }
}
