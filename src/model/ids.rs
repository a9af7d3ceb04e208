//! Maps and sets keyed by object ids and other short strings from the export.
//!
//! A tenant holds hundreds of thousands of ids, and the standard hasher (SipHash, built to
//! resist flooding by an attacker choosing keys) is most of the cost of indexing them. The keys
//! come from the export being linted, not from a remote party, so a multiply-rotate hash in the
//! style of FxHash is enough.

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

/// An id's hash, for indexes that sort by it rather than put it in a map.
pub fn id_hash(id: &str) -> u64 {
    let mut hasher = IdHasher::default();
    hasher.write(id.as_bytes());
    hasher.finish()
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
}
