//! Maps and sets keyed by object ids and other short strings from the export.
//!
//! A tenant holds hundreds of thousands of ids, and the standard hasher (SipHash, built to
//! resist flooding by an attacker choosing keys) is most of the cost of indexing them. The keys
//! come from the export being linted, not from a remote party, so a multiply-rotate hash in the
//! style of FxHash is enough.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

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
    let bytes = id.as_bytes();
    // Asked of every registration's id: the dashes first, then each run of digits whole.
    bytes.len() == 36
        && [8, 13, 18, 23].iter().all(|&at| bytes[at] == b'-')
        && [0..8, 9..13, 14..18, 19..23, 24..36]
            .into_iter()
            .all(|run| bytes[run].iter().all(u8::is_ascii_hexdigit))
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
}
