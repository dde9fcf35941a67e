//! A fast, non-cryptographic hasher for the maps that count over every complaint (the
//! indicators' breakdowns, repeat and group detection, the queue's number map). The standard
//! library's SipHash resists hash flooding, which nothing here needs (the keys are our own
//! data), and costs several times more per key: over a head office's million complaints that
//! is the difference between a dashboard refresh under and over a second.
//!
//! The mixing step is the one of rustc's `FxHasher`: rotate, xor a word, multiply.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The hasher; see the module documentation.
#[derive(Clone, Copy, Debug, Default)]
pub struct FastHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            // The length keeps "ab" and "ab\0" apart.
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 56));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The multiply carries every input bit upwards only: rotate the well-mixed high bits
        // down to where the table takes its bucket index (as rustc's FxHasher does since
        // 2.0), or keys differing in their last bytes crowd into the same buckets.
        self.hash.rotate_left(26)
    }
}

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A `HashSet` with [`FastHasher`].
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    fn hash(v: impl Hash) -> u64 {
        let mut h = FastHasher::default();
        v.hash(&mut h);
        h.finish()
    }

    #[test]
    fn equal_keys_hash_equal_and_near_keys_differ() {
        assert_eq!(hash("滨江华府"), hash(String::from("滨江华府")));
        let keys = [
            "",
            "a",
            "ab",
            "ab\0",
            "abcdefgh",
            "abcdefghi",
            "13800138000",
            "13800138001",
        ];
        let hashes: FastSet<u64> = keys.iter().map(hash).collect();
        assert_eq!(hashes.len(), keys.len());
        assert_ne!(hash(("a", "bc")), hash(("ab", "c")));
    }

    #[test]
    fn a_map_counts_like_any_map() {
        let mut m: FastMap<&str, usize> = FastMap::default();
        for k in ["工程质量", "物业管理", "工程质量"] {
            *m.entry(k).or_default() += 1;
        }
        assert_eq!((m["工程质量"], m["物业管理"], m.len()), (2, 1, 2));
    }
}
