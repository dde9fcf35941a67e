//! The queue index: the summaries held once, with a lower-cased search text per row, answering
//! a [`Filter`] with row positions, so a keystroke never clones complaints.

use memchr::memmem::Finder;

use super::filter::{DueFilter, Filter, Sort, SORTS};
use super::grams::{Grams, FIELD_SEP};
use super::pack::{pack, PackedRow, SNAPSHOT_ROWS};
use super::positions::Positions;
use super::search_text::SearchText;
use super::summary::Summary;

use crate::domain::vocabulary::{Criteria, FastSet, Severity, Stage};

/// Up to this many rows the index keeps unigram and bigram posting lists for Chinese words
/// (about 4 bytes per distinct character or pair per row); above it a search scans the
/// joined text, as the lists would cost more memory than the scan costs time.
pub const GRAM_ROWS_MAX: usize = 200_000;

/// A result smaller than the rows divided by this is put in order by sorting it by each
/// row's rank; a larger one by walking the whole sorted order.
const SMALL_RESULT: usize = 16;

/// The summaries and their search text, in one place. A summary's content is kept in its
/// search text alone (nothing else reads it from the queue): the rows hold it empty, which at
/// head office's million rows saves about 120 MB.
#[derive(Clone, Debug, Default)]
pub struct QueueIndex {
    rows: Vec<Summary>,
    /// Every row's lower-cased search text, in one string.
    text: SearchText,
    by_number: Positions,
    /// Each row's position in number order, computed when the number sort first needs it.
    number_rank: std::sync::OnceLock<Vec<u32>>,
    /// Every row in each sort order, computed when first needed: a keystroke then filters an
    /// already sorted list instead of sorting its result.
    orders: [std::sync::OnceLock<Vec<u32>>; SORTS],
    /// Each row's position in each sort order (the inverse of `orders`), computed when a
    /// small result first needs it.
    ranks: [std::sync::OnceLock<Vec<u32>>; SORTS],
    /// Posting lists of the search text's Chinese characters and pairs.
    grams: GramState,
    /// Which index this is, and the positions upserted into it since it was built (for
    /// readers that keep something per row: see [`QueueIndex::edits`]).
    edits: (u64, Vec<u32>),
}

/// The build number of the next index made (tells one index from another).
static BUILDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A new build number.
fn next_build() -> u64 {
    BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// At most this many edits are listed ([`QueueIndex::edits`]); one more, and the index
/// counts as another one.
const EDITS_MAX: usize = 4_096;

/// Where the Chinese posting lists stand.
#[derive(Clone, Debug, Default)]
enum GramState {
    /// None: every search scans (above [`GRAM_ROWS_MAX`] rows, or not asked for).
    #[default]
    Off,
    /// Being built a step at a time: the lists of the first `.1` rows.
    Building(Grams, usize),
    /// Complete: searches use them.
    Ready(Grams),
}

/// Writes a row's lower-cased search text into `out` (cleared first).
fn haystack_into(s: &Summary, out: &mut String) {
    out.clear();
    for (k, field) in [
        &s.number, &s.name, &s.phone, &s.project, &s.unit, &s.content,
    ]
    .into_iter()
    .enumerate()
    {
        if k > 0 {
            out.push(FIELD_SEP);
        }
        out.push_str(field);
    }
    out.make_ascii_lowercase();
    // `\n` separates rows in the joined text, so it must not occur inside one.
    if out.contains('\n') {
        *out = out.replace('\n', " ");
    }
}

fn haystack(s: &Summary) -> String {
    let mut out = String::new();
    haystack_into(s, &mut out);
    out
}

impl QueueIndex {
    /// Builds the index from all summaries (with the Chinese posting lists up to
    /// [`GRAM_ROWS_MAX`] rows).
    pub fn new(rows: Vec<Summary>) -> Self {
        let mut index = Self::deferred(rows);
        while !index.index_step(usize::MAX) {}
        index
    }

    /// Builds the index without the Chinese posting lists: every search scans the joined
    /// text, as it does above [`GRAM_ROWS_MAX`] rows.
    pub fn scanning(rows: Vec<Summary>) -> Self {
        let mut index = Self::build(rows);
        index.grams = GramState::Off;
        index
    }

    /// Builds the index with its Chinese posting lists still to build, by
    /// [`QueueIndex::index_step`]: searches scan the joined text until they are complete.
    pub fn deferred(rows: Vec<Summary>) -> Self {
        Self::build(rows)
    }

    /// Adds up to `rows` more rows to the Chinese posting lists; returns whether nothing is left to do. A caller on the
    /// page's thread calls it in steps, letting the page run between them.
    pub fn index_step(&mut self, rows: usize) -> bool {
        match std::mem::take(&mut self.grams) {
            // Rows added since the build was planned took the index over the limit.
            GramState::Building(..) if self.rows.len() > GRAM_ROWS_MAX => true,
            GramState::Building(mut g, from) => {
                let to = from.saturating_add(rows).min(self.text.len());
                g.extend(from, (from..to).map(|i| self.text.row(i)));
                self.grams = if to == self.text.len() {
                    GramState::Ready(g)
                } else {
                    GramState::Building(g, to)
                };
                false
            }
            done => {
                self.grams = done;
                true
            }
        }
    }

    /// Room for `rows` more rows, so a load that knows how many it will add grows nothing
    /// (the page's memory keeps its highest mark: a doubling vector's old and new buffers
    /// would stay in it).
    pub fn reserve(&mut self, rows: usize) {
        self.rows.reserve_exact(rows);
        self.text.reserve(rows, rows * 200);
        self.by_number.reserve(rows);
    }

    /// Adds or replaces many rows (the summaries written since a snapshot).
    pub fn extend(&mut self, rows: Vec<Summary>) {
        self.by_number.reserve(rows.len());
        let mut h = String::new();
        for mut s in rows {
            haystack_into(&s, &mut h);
            s.content = String::new();
            self.put_quietly(s, &h);
        }
        self.changed();
    }

    /// Adds or replaces the rows of a chunk of the snapshot, each with its search text as
    /// it was packed.
    pub fn extend_packed(&mut self, rows: Vec<PackedRow<'_>>) {
        self.by_number.reserve(rows.len());
        self.rows.reserve(rows.len());
        for r in rows {
            self.put_quietly(r.summary, r.text);
        }
        self.changed();
    }

    /// Row `pos`'s lower-cased search text.
    pub fn text_of(&self, pos: u32) -> Option<&str> {
        ((pos as usize) < self.text.len()).then(|| self.text.row(pos as usize))
    }

    /// The `k`-th chunk of the persisted snapshot ([`SNAPSHOT_ROWS`] rows from row
    /// `k × SNAPSHOT_ROWS` on, packed) and how many rows it holds; `None` past the last
    /// (chunk 0 is given even when the index is empty, so a snapshot always has one).
    pub fn pack_chunk(&self, k: usize) -> Option<(Vec<u8>, usize)> {
        let from = k.saturating_mul(SNAPSHOT_ROWS);
        if from >= self.rows.len() && k > 0 {
            return None;
        }
        let range =
            from.min(self.rows.len())..from.saturating_add(SNAPSHOT_ROWS).min(self.rows.len());
        let n = range.len();
        let rows = range.map(|i| (&self.rows[i], self.text.row(i)));
        Some((pack(rows), n))
    }

    fn build(rows: Vec<Summary>) -> Self {
        let mut rows = rows;
        let mut text = SearchText::with_capacity(rows.len(), rows.len() * 160);
        let mut buf = String::new();
        for s in &mut rows {
            haystack_into(s, &mut buf);
            text.push(&buf);
            s.content = String::new();
        }
        let grams = if rows.len() <= GRAM_ROWS_MAX {
            GramState::Building(Grams::default(), 0)
        } else {
            GramState::Off
        };
        let mut by_number = Positions::default();
        by_number.reserve(rows.len());
        for (i, s) in rows.iter().enumerate() {
            by_number.insert(&s.number, i, &rows);
        }
        QueueIndex {
            rows,
            text,
            by_number,
            number_rank: std::sync::OnceLock::new(),
            orders: Default::default(),
            ranks: Default::default(),
            grams,
            edits: (next_build(), Vec::new()),
        }
    }

    /// Every row, in `sort`'s order.
    fn order(&self, sort: Sort) -> &[u32] {
        self.orders[sort.slot()].get_or_init(|| {
            let mut all: Vec<u32> = (0..self.rows.len() as u32).collect();
            self.sort(&mut all, sort);
            all
        })
    }

    /// Each row's position in `sort`'s order.
    fn rank(&self, sort: Sort) -> &[u32] {
        self.ranks[sort.slot()].get_or_init(|| {
            let mut rank = vec![0; self.rows.len()];
            for (r, &i) in self.order(sort).iter().enumerate() {
                rank[i as usize] = r as u32;
            }
            rank
        })
    }

    /// Puts `rows` (ascending positions) in `sort`'s order: a small set by sorting it by rank,
    /// a large one by walking the whole order.
    fn in_order(&self, mut rows: Vec<u32>, sort: Sort) -> Vec<u32> {
        if rows.len() * SMALL_RESULT < self.rows.len() {
            let rank = self.rank(sort);
            rows.sort_unstable_by_key(|&i| rank[i as usize]);
            rows
        } else {
            let mut hit = vec![false; self.rows.len()];
            for &i in &rows {
                hit[i as usize] = true;
            }
            self.order(sort)
                .iter()
                .copied()
                .filter(|&i| hit[i as usize])
                .collect()
        }
    }

    fn changed(&mut self) {
        self.orders = Default::default();
        self.ranks = Default::default();
    }

    /// How many row entries the Chinese posting lists hold (0 when there are none).
    pub fn gram_entries(&self) -> usize {
        match &self.grams {
            GramState::Ready(g) => g.entries(),
            _ => 0,
        }
    }

    fn number_rank(&self) -> &[u32] {
        self.number_rank.get_or_init(|| {
            let mut order: Vec<u32> = (0..self.rows.len() as u32).collect();
            order.sort_unstable_by(|&a, &b| {
                self.rows[a as usize]
                    .number
                    .cmp(&self.rows[b as usize].number)
            });
            let mut rank = vec![0; self.rows.len()];
            for (r, i) in order.into_iter().enumerate() {
                rank[i as usize] = r as u32;
            }
            rank
        })
    }

    /// Number of complaints indexed.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Whether a complaint with this number is indexed.
    pub fn contains(&self, number: &str) -> bool {
        self.by_number.get(number, &self.rows).is_some()
    }

    /// The summary at a position returned by [`QueueIndex::select`].
    pub fn get(&self, pos: u32) -> Option<&Summary> {
        self.rows.get(pos as usize)
    }

    /// All summaries.
    pub fn rows(&self) -> &[Summary] {
        &self.rows
    }

    /// The complaints whose current stage was due before `now_ms` (the escalation check looks
    /// at these).
    pub fn overdue(&self, now_ms: i64) -> Vec<Summary> {
        self.rows
            .iter()
            .filter(|s| s.due.is_some_and(|d| d < now_ms))
            .cloned()
            .collect()
    }

    /// the complaints awaiting the GM's first look, due first.
    pub fn awaiting_gm(&self) -> Vec<Summary> {
        let mut out: Vec<Summary> = self
            .rows
            .iter()
            .filter(|s| s.awaits(Stage::GmReview))
            .cloned()
            .collect();
        out.sort_by_key(|s| s.received);
        out
    }

    /// the cases forwarded by group HQ, answered and not yet sent back, oldest first.
    pub fn hq_unreturned(&self) -> Vec<Summary> {
        let mut out: Vec<Summary> = self
            .rows
            .iter()
            .filter(|s| s.hq_unreturned)
            .cloned()
            .collect();
        out.sort_by_key(|s| s.received);
        out
    }

    /// How many complaints have a work-contact sheet whose reply was due before `now_ms`.
    pub fn overdue_sheets(&self, now_ms: i64) -> usize {
        self.rows
            .iter()
            .filter(|s| s.sheet_due.is_some_and(|d| d < now_ms))
            .count()
    }

    /// Which index this is (a number no other index built in this run has; 0 for an empty
    /// default one) and the positions added or replaced since it was built, oldest first: a
    /// reader that keeps something per row and saw `k` of them updates only those after.
    /// After [`EDITS_MAX`] of them the number changes and the list starts again.
    pub fn edits(&self) -> (u64, &[u32]) {
        (self.edits.0, &self.edits.1)
    }

    /// Adds or replaces one summary (after a save).
    pub fn upsert(&mut self, mut s: Summary) {
        let h = haystack(&s);
        s.content = String::new();
        self.put(s, &h);
    }

    /// Adds or replaces one row whose search text is `h`.
    fn put(&mut self, s: Summary, h: &str) {
        self.put_quietly(s, h);
        self.changed();
    }

    /// [`QueueIndex::put`] without forgetting the orders computed (the caller does, once
    /// after many rows).
    fn put_quietly(&mut self, s: Summary, h: &str) {
        let at = self.by_number.get(&s.number, &self.rows);
        if self.edits.1.len() < EDITS_MAX {
            self.edits.1.push(at.unwrap_or(self.rows.len()) as u32);
        } else {
            // Too many to take in one by one: to its readers, another index.
            self.edits = (next_build(), Vec::new());
        }
        match at {
            Some(i) => {
                match &mut self.grams {
                    GramState::Ready(g) => g.replace(i as u32, self.text.row(i), h),
                    // Rows from `upto` on are indexed when the build reaches them.
                    GramState::Building(g, upto) if i < *upto => {
                        g.replace(i as u32, self.text.row(i), h)
                    }
                    _ => {}
                }
                self.rows[i] = s;
                self.text.set(i, h);
            }
            None => {
                // A row being built is reached by the build later; a new row is the last.
                if let GramState::Ready(g) = &mut self.grams {
                    g.extend(self.rows.len(), [h]);
                }
                self.by_number
                    .insert(&s.number, self.rows.len(), &self.rows);
                self.rows.push(s);
                self.text.push(h);
                self.number_rank = std::sync::OnceLock::new();
            }
        }
    }

    /// The distinct non-empty values of one field, sorted (for a filter's menu).
    fn distinct(&self, field: impl Fn(&Summary) -> &str) -> Vec<String> {
        let set: FastSet<&str> = self
            .rows
            .iter()
            .map(|s| field(s).trim())
            .filter(|v| !v.is_empty())
            .collect();
        let mut out: Vec<String> = set.into_iter().map(str::to_string).collect();
        out.sort_unstable();
        out
    }

    /// The distinct office codes, sorted, for the office filter.
    pub fn offices(&self) -> Vec<String> {
        self.distinct(|s| &s.office)
    }

    /// The distinct handlers, sorted, for the handler filter.
    pub fn handlers(&self) -> Vec<String> {
        self.distinct(|s| &s.handler)
    }

    /// The distinct projects (without surrounding spaces), sorted, for the project filter.
    pub fn projects(&self) -> Vec<String> {
        self.distinct(|s| &s.project)
    }

    fn matches(&self, i: usize, f: &Filter, needles: &[Finder<'_>]) -> bool {
        let s = &self.rows[i];
        f.status.is_none_or(|x| s.status == x)
            && (!f.open_only || !s.status.is_closed())
            && f.handler.as_ref().is_none_or(|x| &s.handler == x)
            && s.meets(&f.criteria)
            && f.clock.passes(s.next_due(), f.due)
            && needles
                .iter()
                .all(|n| n.find(self.text.row(i).as_bytes()).is_some())
    }

    /// Positions of the rows that pass the filter, in the filter's order. When `within` is
    /// given (the previous result of a filter this one only narrows) and small, only those
    /// are checked.
    pub fn select(&self, f: &Filter, within: Option<&[u32]>) -> Vec<u32> {
        // Checking every row of a large previous result one by one costs more than the
        // posting lists or one scan of the joined text.
        let within = within.filter(|w| w.len() * SMALL_RESULT < self.rows.len());
        let text = f.text.to_ascii_lowercase();
        let mut words: Vec<&str> = text.split_whitespace().collect();
        // The longest word first: it narrows the most.
        words.sort_unstable_by_key(|w| std::cmp::Reverse(w.len()));
        let needles: Vec<Finder<'_>> = words.iter().map(Finder::new).collect();
        match (within, needles.split_first()) {
            // The previous result is in this order already.
            (Some(prev), _) => prev
                .iter()
                .copied()
                .filter(|&i| self.matches(i as usize, f, &needles))
                .collect(),
            // Words to find: the Chinese posting lists (or one scan of the joined text for
            // the longest word) give the rows that may hold them; each is then checked
            // against the whole filter, and the few left are put in order.
            (None, Some((first, rest))) => {
                // The scan confirmed the first word already; the lists confirm none.
                let lists = match &self.grams {
                    GramState::Ready(g) => g.candidates(&words),
                    _ => None,
                };
                let (found, check) = match lists {
                    Some(rows) => (rows, &needles[..]),
                    None => (self.text.rows_containing(first), rest),
                };
                let kept: Vec<u32> = found
                    .into_iter()
                    .filter(|&i| self.matches(i as usize, f, check))
                    .collect();
                self.in_order(kept, f.sort)
            }
            // Nothing to check: every row, in order.
            (None, None) if unfiltered(f) => self.order(f.sort).to_vec(),
            (None, None) => self
                .order(f.sort)
                .iter()
                .copied()
                .filter(|&i| self.matches(i as usize, f, &[]))
                .collect(),
        }
    }

    /// Sorts row positions. Every order is one integer key per row, so one sort routine
    /// serves them all (each sort closure would otherwise be its own copy in the bundle);
    /// ties keep index order.
    fn sort(&self, out: &mut [u32], sort: Sort) {
        let r = &self.rows;
        let number_rank = match sort {
            Sort::Number => self.number_rank(),
            _ => &[],
        };
        // Registration times are below 2^42 ms (year 2109), so they pack under a rank.
        const SPAN: i64 = 1 << 42;
        let key = |i: u32| -> i64 {
            let s = &r[i as usize];
            match sort {
                Sort::NewestFirst => -s.received,
                Sort::OldestFirst => s.received,
                Sort::UpdatedFirst => -s.updated,
                Sort::SeverityFirst => {
                    let rank = i64::from(s.severity != Severity::Major);
                    rank * SPAN + (SPAN - 1 - s.received.clamp(0, SPAN - 1))
                }
                Sort::DueFirst => s.next_due().unwrap_or(i64::MAX),
                Sort::Number => i64::from(number_rank[i as usize]),
            }
        };
        let mut keyed: Vec<(i64, u32)> = out.iter().map(|&i| (key(i), i)).collect();
        keyed.sort_unstable();
        for (slot, (_, i)) in out.iter_mut().zip(keyed) {
            *slot = i;
        }
    }
}

/// Whether the filter, its text aside, lets every row through.
fn unfiltered(f: &Filter) -> bool {
    f.criteria == Criteria::default()
        && f.status.is_none()
        && !f.open_only
        && f.handler.is_none()
        && f.due == DueFilter::Any
}
