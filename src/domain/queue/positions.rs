//! Where each complaint's row is in the queue's index, by number, without a second copy of
//! every number: the map is keyed by a 64-bit hash of the number and each hit is confirmed
//! against the row's own number; the rare number whose hash another number has already is
//! kept by its text. At head office's million rows this saves about 36 MB.

use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};

use super::summary::Summary;
use crate::domain::vocabulary::FastMap;

/// The rows' positions by number (see the module's documentation).
#[derive(Clone, Debug)]
pub(super) struct Positions {
    by_hash: FastMap<u64, u32>,
    /// Numbers whose hash belongs to another number's row.
    clashes: FastMap<String, u32>,
    hash: fn(&str) -> u64,
}

impl Default for Positions {
    fn default() -> Self {
        Positions::with_hash(number_hash)
    }
}

fn number_hash(number: &str) -> u64 {
    let mut h = crate::domain::vocabulary::FastHasher::default();
    number.hash(&mut h);
    h.finish()
}

impl Positions {
    /// An empty map hashing numbers with `hash` (tests give one that clashes on purpose).
    pub(super) fn with_hash(hash: fn(&str) -> u64) -> Self {
        Positions {
            by_hash: FastMap::default(),
            clashes: FastMap::default(),
            hash,
        }
    }

    /// Room for `more` rows.
    pub(super) fn reserve(&mut self, more: usize) {
        self.by_hash.reserve(more);
    }

    /// The position of `number`'s row among `rows`.
    pub(super) fn get(&self, number: &str, rows: &[Summary]) -> Option<usize> {
        if let Some(&i) = self.by_hash.get(&(self.hash)(number)) {
            if rows.get(i as usize).is_some_and(|s| s.number == number) {
                return Some(i as usize);
            }
        }
        self.clashes.get(number).map(|&i| i as usize)
    }

    /// Records that `number`'s row is at `pos` (a row not recorded before).
    pub(super) fn insert(&mut self, number: &str, pos: usize, rows: &[Summary]) {
        match self.by_hash.entry((self.hash)(number)) {
            Entry::Vacant(e) => {
                e.insert(pos as u32);
            }
            Entry::Occupied(mut e) => {
                if rows
                    .get(*e.get() as usize)
                    .is_some_and(|s| s.number == number)
                {
                    e.insert(pos as u32);
                } else {
                    self.clashes.insert(number.to_string(), pos as u32);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(number: &str) -> Summary {
        let mut s: Summary = serde_json::from_str(
            r#"{"number":"","office":"","status":"registered","category":"","severity":"general",
            "channel":"phone","kind":"complaint","handler":"","name":"","phone":"","project":"",
            "unit":"","content":"","received":0,"updated":0,"score":null}"#,
        )
        .expect("a summary");
        s.number = number.into();
        s
    }

    #[test]
    fn numbers_whose_hashes_clash_keep_their_own_rows() {
        // Every number of the same length clashes.
        let mut p = Positions::with_hash(|n| n.len() as u64);
        let numbers = ["A-1", "B-2", "C-3", "LONGER-4"];
        let rows: Vec<Summary> = numbers.iter().map(|n| row(n)).collect();
        for (i, n) in numbers.iter().enumerate() {
            p.insert(n, i, &rows);
        }
        for (i, n) in numbers.iter().enumerate() {
            assert_eq!(p.get(n, &rows), Some(i), "{n}");
        }
        assert_eq!(p.get("D-5", &rows), None);
        assert_eq!(p.get("LONGER-9", &rows), None);
        assert_eq!(p.clashes.len(), 2, "B-2 and C-3 clash with A-1");
    }

    #[test]
    fn the_real_hash_finds_every_row() {
        let mut p = Positions::default();
        let rows: Vec<Summary> = (0..5000)
            .map(|i| row(&format!("SH01-A-2026{i:06}")))
            .collect();
        for (i, s) in rows.iter().enumerate() {
            p.insert(&s.number, i, &rows);
        }
        for (i, s) in rows.iter().enumerate() {
            assert_eq!(p.get(&s.number, &rows), Some(i));
        }
        assert_eq!(p.get("SH01-A-2026999999", &rows), None);
    }
}
