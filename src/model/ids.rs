//! Maps and sets keyed by object ids and other short strings from the export.
//!
//! A tenant holds hundreds of thousands of ids, and the standard hasher (SipHash, built to
//! resist flooding by an attacker choosing keys) is most of the cost of indexing them. The keys
//! come from the export being linted, not from a remote party, so a multiply-rotate hash in the
//! style of FxHash is enough.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::source::Origin;

pub type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;
pub type IdSet<K> = HashSet<K, BuildHasherDefault<IdHasher>>;

#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl IdHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        }
        let mut tail = [0u8; 8];
        let rest = chunks.remainder();
        tail[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(tail) ^ ((rest.len() as u64) << 56));
    }

    fn write_u8(&mut self, n: u8) {
        self.add(n.into());
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// An id's hash, for indexes that sort by it rather than put it in a map. Object ids are GUIDs,
/// which compare ignoring case: the hash is the lower-case id's.
pub fn id_hash(id: &str) -> u64 {
    let mut hasher = IdHasher::default();
    let folded = fold(id);
    hasher.write(folded.as_bytes());
    hasher.finish()
}

/// An object id as the model keys it: GUIDs compare ignoring case, and Graph writes them in
/// lower case, so this borrows nearly always.
pub fn fold(id: &str) -> Cow<'_, str> {
    if id.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(id.to_ascii_lowercase())
    } else {
        Cow::Borrowed(id)
    }
}

/// Whether `id` is written as Graph writes an object id: a GUID, 8-4-4-4-12 hexadecimal digits,
/// with nothing around it (no braces, spaces or second id).
pub fn is_guid(id: &str) -> bool {
    // Asked of every registration's id: each byte's class from a table, against the class its
    // place wants, with no branch per byte.
    const fn classes() -> [u8; 256] {
        let mut table = [0u8; 256];
        let mut byte = 0;
        while byte < 256 {
            table[byte] = match byte as u8 {
                b'0'..=b'9' | b'a'..=b'f' | b'A'..=b'F' => 1,
                b'-' => 2,
                _ => 0,
            };
            byte += 1;
        }
        table
    }
    const CLASS: [u8; 256] = classes();
    const WANTED: [u8; 36] = {
        let mut wanted = [1u8; 36];
        wanted[8] = 2;
        wanted[13] = 2;
        wanted[18] = 2;
        wanted[23] = 2;
        wanted
    };
    let bytes = id.as_bytes();
    bytes.len() == 36
        && bytes.iter().zip(WANTED).fold(true, |ok, (byte, wanted)| {
            ok & (CLASS[*byte as usize] == wanted)
        })
}

/// A list of object ids as a policy writes it, held compactly: a policy may exclude millions of
/// users, and a `String` and an [`Origin`] per id cost several times the file. The ids sit end to
/// end in one buffer; an id's origin is rebuilt from the list's when a finding needs it.
#[derive(Debug, Clone, Default)]
pub struct IdList {
    /// Where the list is written: a JSON array, or a single string standing for a one-item list.
    origin: Option<Origin>,
    single: bool,
    text: String,
    items: Vec<IdItem>,
    /// Indexes of `items` ordered by folded id, for lists too long to search one by one.
    sorted: Vec<u32>,
}

#[derive(Debug, Clone, Copy)]
struct IdItem {
    /// Where the id ends in `text`; it starts where the previous one ends.
    end: u32,
    /// The id's string in the file, quotes included.
    span_start: usize,
    span_len: u32,
}

/// An [`IdList`] cannot hold more ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListFull;

/// One id of an [`IdList`].
#[derive(Debug, Clone, Copy)]
pub struct IdRef<'a> {
    pub value: &'a str,
    list: &'a IdList,
    index: usize,
}

impl IdRef<'_> {
    pub fn origin(&self) -> Origin {
        self.list.origin_of(self.index)
    }
}

/// Lists shorter than this are searched one by one.
const INDEXED_FROM: usize = 64;

impl IdList {
    /// An empty list written at `origin`; `single` when the file wrote one string, not an array.
    pub fn written_at(origin: Origin, single: bool) -> Self {
        IdList {
            origin: Some(origin),
            single,
            ..Default::default()
        }
    }

    /// A list of ids as a test writes it, each at its own offset.
    #[cfg(test)]
    pub fn from_located(ids: &[crate::model::Located<String>]) -> Self {
        let mut list = IdList::default();
        for id in ids {
            list.origin.get_or_insert_with(|| Origin {
                file: id.origin.file,
                span: id.origin.span.clone(),
                pointer: id
                    .origin
                    .pointer
                    .rsplit_once('/')
                    .map_or(String::new(), |(parent, _)| parent.to_string()),
            });
            list.push(&id.value, id.origin.span.clone())
                .expect("a test's list is small");
        }
        list.finish();
        list
    }

    /// Adds an id read at `span` of the file. Offsets are held in 32 bits: past 4 GiB of ids
    /// (far beyond any real export, but within a raised --max-file-size) the list is full, and
    /// `Err` says so: the caller must not read the list as if it ended there.
    pub fn push(&mut self, id: &str, span: std::ops::Range<usize>) -> Result<(), ListFull> {
        let end = u32::try_from(self.text.len() + id.len()).map_err(|_| ListFull)?;
        let span_len = u32::try_from(span.len()).map_err(|_| ListFull)?;
        u32::try_from(self.items.len() + 1).map_err(|_| ListFull)?;
        self.text.push_str(id);
        self.items.push(IdItem {
            end,
            span_start: span.start,
            span_len,
        });
        Ok(())
    }

    /// Builds the lookup index once every id is in.
    pub fn finish(&mut self) {
        self.text.shrink_to_fit();
        self.items.shrink_to_fit();
        if self.items.len() >= INDEXED_FROM {
            let mut sorted: Vec<u32> = (0..self.items.len() as u32).collect();
            sorted.sort_unstable_by(|a, b| self.folded(*a as usize).cmp(&self.folded(*b as usize)));
            self.sorted = sorted;
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = IdRef<'_>> + '_ {
        (0..self.items.len()).map(|index| self.get(index))
    }

    pub fn first(&self) -> Option<IdRef<'_>> {
        (!self.is_empty()).then(|| self.get(0))
    }

    /// The first entry equal to `id`, ignoring case (ids are GUIDs, keywords such as `All`).
    pub fn find(&self, id: &str) -> Option<IdRef<'_>> {
        if self.sorted.is_empty() {
            return self.iter().find(|u| u.value.eq_ignore_ascii_case(id));
        }
        let wanted = fold(id);
        let at = self
            .sorted
            .partition_point(|&i| self.folded(i as usize).as_ref() < wanted.as_ref());
        // Among equal ids the first written is reported, as a scan would.
        self.sorted[at..]
            .iter()
            .take_while(|&&i| self.folded(i as usize) == wanted)
            .map(|&i| i as usize)
            .min()
            .map(|index| self.get(index))
    }

    pub fn contains(&self, id: &str) -> bool {
        self.find(id).is_some()
    }

    fn get(&self, index: usize) -> IdRef<'_> {
        let start = match index {
            0 => 0,
            _ => self.items[index - 1].end as usize,
        };
        IdRef {
            value: &self.text[start..self.items[index].end as usize],
            list: self,
            index,
        }
    }

    fn folded(&self, index: usize) -> Cow<'_, str> {
        fold(self.get(index).value)
    }

    fn origin_of(&self, index: usize) -> Origin {
        // Ids are only pushed into a list written somewhere (`written_at`, `from_located`).
        let (file, pointer) = self
            .origin
            .as_ref()
            .map_or((Default::default(), ""), |o| (o.file, o.pointer.as_str()));
        let item = self.items[index];
        Origin {
            file,
            span: item.span_start..item.span_start + item.span_len as usize,
            pointer: if self.single {
                pointer.to_string()
            } else {
                format!("{pointer}/{index}")
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_differ_in_one_character_land_apart() {
        let hash = |s: &str| {
            let mut h = IdHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        let a = "cd613e30-d8f1-6adf-91b7-584a2265b1f5";
        let b = "cd613e30-d8f1-6adf-91b7-584a2265b1f6";
        assert_ne!(hash(a), hash(b));
        assert_ne!(hash("ab"), hash("ab\0"), "the length counts");
        let set: IdSet<String> = (0..10_000).map(|i| format!("user{i}")).collect();
        assert_eq!(set.len(), 10_000);
        assert!(set.contains("user9999"));
    }

    #[test]
    fn ids_compare_ignoring_case_and_only_guids_are_guids() {
        let id = "62e90394-69f5-4237-9190-012177145e10";
        assert_eq!(id_hash(id), id_hash(&id.to_uppercase()));
        assert!(matches!(fold(id), Cow::Borrowed(_)));
        assert_eq!(fold("AbC"), "abc");
        assert!(is_guid(id));
        assert!(is_guid(&id.to_uppercase()));
        for wrong in [
            "{62e90394-69f5-4237-9190-012177145e10}",
            " 62e90394-69f5-4237-9190-012177145e10",
            "62e90394-69f5-4237-9190-012177145e10,62e90394-69f5-4237-9190-012177145e11",
            "62e90394x69f5-4237-9190-012177145e10",
            "<AdministratorGroup>",
        ] {
            assert!(!is_guid(wrong), "{wrong}");
        }
    }

    fn list(ids: &[&str]) -> IdList {
        let origin = Origin {
            file: 0,
            span: 0..1,
            pointer: "/conditions/users/excludeUsers".into(),
        };
        let mut list = IdList::written_at(origin, false);
        let mut offset = 1;
        for id in ids {
            list.push(id, offset..offset + id.len() + 2).unwrap();
            offset += id.len() + 3;
        }
        list.finish();
        list
    }

    #[test]
    fn an_id_past_what_the_list_can_place_is_refused_not_dropped() {
        let mut list = IdList::default();
        assert_eq!(list.push("a", 0..(u32::MAX as usize + 10)), Err(ListFull));
        assert!(list.is_empty(), "nothing half-added");
        assert_eq!(list.push("a", 0..3), Ok(()));
    }

    #[test]
    fn an_id_list_finds_ids_ignoring_case_and_places_each_one() {
        let ids: Vec<String> = (0..200)
            .map(|i| format!("a0000000-0000-4000-8000-{i:012x}"))
            .collect();
        let mut written: Vec<&str> = ids.iter().map(String::as_str).collect();
        written.push("All");
        written.push("A0000000-0000-4000-8000-000000000007");
        for long in [true, false] {
            let list = list(if long { &written } else { &written[195..] });
            assert_eq!(list.sorted.is_empty(), !long);
            let found = list.find("a0000000-0000-4000-8000-0000000000C7").unwrap();
            assert_eq!(found.value, "a0000000-0000-4000-8000-0000000000c7");
            assert!(list.contains("ALL"));
            assert!(!list.contains("a0000000-0000-4000-8000-0000000009999"));
            let last = list.iter().last().unwrap();
            assert_eq!(last.value, "A0000000-0000-4000-8000-000000000007");
            let origin = last.origin();
            assert_eq!(
                origin.pointer,
                format!("/conditions/users/excludeUsers/{}", list.len() - 1)
            );
            assert_eq!(origin.span.len(), 38);
        }
        let twice = list(&written);
        assert_eq!(
            twice
                .find("a0000000-0000-4000-8000-000000000007")
                .unwrap()
                .index,
            7,
            "the first copy written"
        );
    }
}
