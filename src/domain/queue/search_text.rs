//! Every row's lower-cased search text held once, in one string: one substring scan over it
//! finds a word in all rows at once, and a row's own text is a slice of it (no second copy per
//! row, which at head office's million rows would be ~300 MB).
//!
//! A row whose new text has the length of its old one is overwritten in place; otherwise the
//! old text is left as a dead stretch and the new one appended, and the string is rebuilt once
//! dead stretches are half of it, so a save costs its own row's bytes, not the whole text.

use memchr::memmem::Finder;

/// Marks a stretch of the text that no row owns any more.
const DEAD: u32 = u32::MAX;

/// The search text of every row (see the module's documentation).
#[derive(Clone, Debug, Default)]
pub struct SearchText {
    /// Every stretch followed by `\n`.
    text: String,
    /// Each row's stretch: where it starts and its length in bytes.
    spans: Vec<(u32, u32)>,
    /// Every stretch in text order: where it starts and the row owning it ([`DEAD`] when
    /// none), for mapping a hit of a scan back to its row.
    stretches: Vec<(u32, u32)>,
    /// Bytes of dead stretches.
    dead: usize,
}

impl SearchText {
    /// An empty text with room for `rows` rows of about `bytes` bytes in all.
    pub fn with_capacity(rows: usize, bytes: usize) -> Self {
        SearchText {
            text: String::with_capacity(bytes),
            spans: Vec::with_capacity(rows),
            stretches: Vec::with_capacity(rows),
            dead: 0,
        }
    }

    /// Room for `rows` more rows of about `bytes` bytes in all.
    pub fn reserve(&mut self, rows: usize, bytes: usize) {
        self.text.reserve(bytes);
        self.spans.reserve(rows);
        self.stretches.reserve(rows);
    }

    /// How many rows it holds.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Adds the next row's text (it must not contain `\n`).
    pub fn push(&mut self, row_text: &str) {
        let row = self.spans.len() as u32;
        let span = self.append(row_text, row);
        self.spans.push(span);
    }

    fn append(&mut self, row_text: &str, row: u32) -> (u32, u32) {
        let start = self.text.len() as u32;
        self.text.push_str(row_text);
        self.text.push('\n');
        self.stretches.push((start, row));
        (start, row_text.len() as u32)
    }

    /// Row `row`'s text.
    pub fn row(&self, row: usize) -> &str {
        let (start, len) = self.spans[row];
        &self.text[start as usize..(start + len) as usize]
    }

    /// Replaces row `row`'s text.
    pub fn set(&mut self, row: usize, row_text: &str) {
        let (start, len) = self.spans[row];
        if row_text.len() == len as usize {
            self.text
                .replace_range(start as usize..(start + len) as usize, row_text);
            return;
        }
        // Its stretch is found by where it starts: stretches are in text order.
        if let Ok(k) = self.stretches.binary_search_by_key(&start, |&(s, _)| s) {
            self.stretches[k].1 = DEAD;
        }
        self.dead += len as usize + 1;
        self.spans[row] = self.append(row_text, row as u32);
        if self.dead * 2 > self.text.len() {
            self.compact();
        }
    }

    /// Rebuilds the text from the live rows alone, in row order.
    fn compact(&mut self) {
        let mut fresh = SearchText::with_capacity(self.len(), self.text.len() - self.dead);
        for row in 0..self.len() {
            fresh.push(self.row(row));
        }
        *self = fresh;
    }

    /// The rows whose text contains `needle`, ascending, from one scan of the whole text.
    pub fn rows_containing(&self, needle: &Finder<'_>) -> Vec<u32> {
        let bytes = self.text.as_bytes();
        let mut out: Vec<u32> = Vec::new();
        let mut k = 0usize;
        let mut from = 0usize;
        while let Some(hit) = needle.find(&bytes[from..]) {
            let at = (from + hit) as u32;
            // Stretches are in text order: walk forward to the one holding the hit.
            while k + 1 < self.stretches.len() && self.stretches[k + 1].0 <= at {
                k += 1;
            }
            let row = self.stretches[k].1;
            if row != DEAD {
                out.push(row);
            }
            // Continue after this stretch: one hit per row is enough.
            from = match self.stretches.get(k + 1) {
                Some(&(next, _)) => next as usize,
                None => break,
            };
        }
        if self.dead > 0 {
            out.sort_unstable();
        }
        out
    }
}
