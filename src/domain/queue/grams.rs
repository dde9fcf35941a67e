//! The search text's unigram and bigram index (the usual index for Chinese text: single
//! characters and pairs of neighbours): for each character outside ASCII, and each pair of
//! neighbouring characters with one outside ASCII, the rows holding it, ascending. A Chinese
//! word is then found by intersecting a few short posting lists and confirming the few rows
//! left with a substring match, instead of scanning every row's text.
//!
//! Pairs of ASCII characters (digits, Latin letters) are left out: they are few and occur in
//! nearly every row (numbers, phones), so their lists would cost memory and narrow nothing;
//! an ASCII word is found by the joined-text scan instead.

use crate::domain::vocabulary::FastMap;

/// Separates the fields in a row's search text; no gram spans it.
pub(super) const FIELD_SEP: char = '\u{1}';

/// Unigram and bigram posting lists over the rows' search texts.
#[derive(Clone, Debug, Default)]
pub(super) struct Grams {
    lists: FastMap<u64, Vec<u32>>,
}

fn unigram(c: char) -> u64 {
    u64::from(c)
}

fn bigram(a: char, b: char) -> u64 {
    (1 << 63) | (u64::from(a) << 21) | u64::from(b)
}

/// Every gram of one search text, each once per call of `f` per occurrence.
fn each_gram(text: &str, mut f: impl FnMut(u64)) {
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if c == FIELD_SEP {
            prev = None;
            continue;
        }
        if !c.is_ascii() {
            f(unigram(c));
        }
        if let Some(p) = prev {
            if !(p.is_ascii() && c.is_ascii()) {
                f(bigram(p, c));
            }
        }
        prev = Some(c);
    }
}

/// The grams a query word needs (all of them occur in every row containing it), or `None`
/// when the word is ASCII only (not indexed).
fn word_grams(word: &str) -> Option<Vec<u64>> {
    let chars: Vec<char> = word.chars().collect();
    if chars.iter().all(char::is_ascii) {
        return None;
    }
    let mut out: Vec<u64> = Vec::new();
    if chars.len() == 1 {
        out.push(unigram(chars[0]));
    }
    for w in chars.windows(2) {
        if !(w[0].is_ascii() && w[1].is_ascii()) {
            out.push(bigram(w[0], w[1]));
        }
    }
    if out.is_empty() {
        // A word with a non-ASCII character has a unigram even when it has no pair.
        out.extend(chars.iter().filter(|c| !c.is_ascii()).map(|&c| unigram(c)));
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}

impl Grams {
    /// Adds rows `first`, `first + 1`, … with these search texts; every row already indexed
    /// is below `first`.
    pub(super) fn extend<'a>(&mut self, first: usize, texts: impl IntoIterator<Item = &'a str>) {
        for (i, text) in texts.into_iter().enumerate() {
            let row = (first + i) as u32;
            each_gram(text, |g| {
                let list = self.lists.entry(g).or_default();
                // Rows come in ascending order: one entry per row.
                if list.last() != Some(&row) {
                    list.push(row);
                }
            });
        }
    }

    /// Row `row`'s search text changed from `old` to `new`: only the grams that differ are
    /// touched (a status change leaves the text, and every list, as it was).
    pub(super) fn replace(&mut self, row: u32, old: &str, new: &str) {
        if old == new {
            return;
        }
        let grams = |text: &str| {
            let mut out: Vec<u64> = Vec::new();
            each_gram(text, |g| out.push(g));
            out.sort_unstable();
            out.dedup();
            out
        };
        let (before, after) = (grams(old), grams(new));
        for g in before.iter().filter(|g| after.binary_search(g).is_err()) {
            if let Some(list) = self.lists.get_mut(g) {
                if let Ok(at) = list.binary_search(&row) {
                    list.remove(at);
                }
            }
        }
        for g in after.iter().filter(|g| before.binary_search(g).is_err()) {
            let list = self.lists.entry(*g).or_default();
            if let Err(at) = list.binary_search(&row) {
                list.insert(at, row);
            }
        }
    }

    /// The rows that may contain every one of `words` (a superset: confirm each with a
    /// substring match), ascending; `None` when no word is indexed (all ASCII), so the caller
    /// must scan instead.
    pub(super) fn candidates(&self, words: &[&str]) -> Option<Vec<u32>> {
        let mut grams: Vec<u64> = words
            .iter()
            .filter_map(|w| word_grams(w))
            .flatten()
            .collect();
        if grams.is_empty() {
            return None;
        }
        grams.sort_unstable();
        grams.dedup();
        let mut lists: Vec<&[u32]> = Vec::with_capacity(grams.len());
        for g in grams {
            match self.lists.get(&g) {
                Some(list) => lists.push(list),
                // A gram no row holds: nothing matches.
                None => return Some(Vec::new()),
            }
        }
        lists.sort_unstable_by_key(|l| l.len());
        let (first, rest) = lists.split_first()?;
        let mut out: Vec<u32> = first.to_vec();
        for list in rest {
            if out.is_empty() {
                break;
            }
            // The candidates are the shorter side: look each up in the longer list.
            let mut from = 0usize;
            out.retain(|r| match list[from..].binary_search(r) {
                Ok(at) => {
                    from += at + 1;
                    true
                }
                Err(at) => {
                    from += at;
                    false
                }
            });
        }
        Some(out)
    }

    /// How many row entries the lists hold (for measuring the index's size).
    pub(super) fn entries(&self) -> usize {
        self.lists.values().map(Vec::len).sum()
    }
}
