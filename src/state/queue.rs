//! The queue index: every summary with its search text, and the revision that tells readers
//! it changed.

use leptos::prelude::*;

use super::{DbCtx, SettingsCtx, TabChange, UserCtx};
use crate::domain::queue::{QueueIndex, Summary};
use crate::platform::{self, Announcement};
use crate::service::queue_load::{in_step, load_queue, save_queue_snapshot};
use crate::store::Store;

/// How many of the newest rows the queue shows before its index is ready.
const FIRST_PAGE: usize = 50;

/// How many rows one step of building the Chinese search lists takes (a few milliseconds).
const GRAM_STEP: usize = 2_000;

/// The queue index and what the pages read about it. `Copy`: arena handles. Read the index
/// with [`QueueCtx::with`] (tracks its revision) or [`QueueCtx::with_untracked`].
#[derive(Clone, Copy)]
pub struct QueueCtx {
    /// All summaries with their search text; not reactive, see `rev`.
    index: StoredValue<QueueIndex>,
    /// Bumped whenever `index` changes.
    rev: RwSignal<u64>,
    /// Whether `index` holds every summary yet.
    ready: RwSignal<bool>,
    /// Counts the reloads: a snapshot write of an index a later reload replaced stops.
    loads: StoredValue<u64>,
    /// Whether the index was loaded from the persisted snapshot (shown to tests as
    /// `data-source` on the queue).
    from_snapshot: RwSignal<bool>,
    /// Whether a snapshot of the index was written since it loaded (shown to tests and the
    /// benchmark as `data-snapshot`): `None` while none was due or while one is written.
    snapshot_stored: RwSignal<Option<bool>>,
    /// The newest rows, read from the index at start while `index` loads.
    first_page: RwSignal<Vec<Summary>>,
    /// How many complaints are stored.
    stored: RwSignal<u32>,
    /// Whether `stored` has been read from storage yet.
    counted: RwSignal<bool>,
    /// The latest change to stored complaints that another tab announced.
    changed: RwSignal<TabChange>,
    db: DbCtx,
    settings: SettingsCtx,
    user: UserCtx,
}

impl QueueCtx {
    /// Provides an empty queue to everything below; [`QueueCtx::reload`] fills it.
    pub fn provide(db: DbCtx, settings: SettingsCtx, user: UserCtx) -> QueueCtx {
        let ctx = QueueCtx {
            index: StoredValue::new(QueueIndex::default()),
            rev: RwSignal::new(0),
            ready: RwSignal::new(false),
            loads: StoredValue::new(0),
            from_snapshot: RwSignal::new(false),
            snapshot_stored: RwSignal::new(None),
            first_page: RwSignal::new(Vec::new()),
            stored: RwSignal::new(0),
            counted: RwSignal::new(false),
            changed: RwSignal::new(TabChange::default()),
            db,
            settings,
            user,
        };
        provide_context(ctx);
        ctx
    }

    /// The queue; panics only if called outside the app shell.
    pub fn expect_context() -> QueueCtx {
        expect_context::<QueueCtx>()
    }

    /// Reads the index, tracking its revision: the caller runs again when the index changes.
    pub fn with<R>(&self, f: impl FnOnce(&QueueIndex) -> R) -> R {
        self.rev.track();
        self.index.with_value(f)
    }

    /// Reads the index without tracking it.
    pub fn with_untracked<R>(&self, f: impl FnOnce(&QueueIndex) -> R) -> R {
        self.index.with_value(f)
    }

    /// Tracks the index's revision without reading it: for a load that must run again
    /// whenever the queue changes.
    pub fn track(&self) {
        self.rev.track();
    }

    /// The index's revision (tracked), for callers that cache by it.
    pub fn rev(&self) -> u64 {
        self.rev.get()
    }

    /// Whether the index holds every summary yet (tracked).
    pub fn ready(&self) -> bool {
        self.ready.get()
    }

    /// Whether the index was loaded from the persisted snapshot (tracked).
    pub fn from_snapshot(&self) -> bool {
        self.from_snapshot.get()
    }

    /// Whether a snapshot was written since the index loaded: `Some(true)` stored,
    /// `Some(false)` not due or given up, `None` while loading or writing (tracked).
    pub fn snapshot_stored(&self) -> Option<bool> {
        self.snapshot_stored.get()
    }

    /// How many complaints are stored (tracked).
    pub fn stored(&self) -> u32 {
        self.stored.get()
    }

    /// How many complaints are stored, untracked.
    pub fn stored_untracked(&self) -> u32 {
        self.stored.get_untracked()
    }

    /// Whether the stored count has been read yet (tracked).
    pub fn counted(&self) -> bool {
        self.counted.get()
    }

    /// How many rows the first page holds (tracked).
    pub fn first_page_len(&self) -> usize {
        self.first_page.with(|p| p.len())
    }

    /// The newest rows, read at start while the index loads (tracked).
    pub fn first_page(&self) -> Vec<Summary> {
        self.first_page.get()
    }

    /// Reads the newest rows read at start, without cloning them (tracked).
    pub fn with_first_page<R>(&self, f: impl FnOnce(&[Summary]) -> R) -> R {
        self.first_page.with(|p| f(p))
    }

    /// The latest change another tab announced (tracked).
    pub fn changed(&self) -> TabChange {
        self.changed.get()
    }

    /// Adds or replaces one summary in the queue after a save, and tells the other tabs.
    pub fn upsert(&self, summary: Summary) {
        platform::announce_changes(&Announcement::Complaints(vec![summary.number.clone()]));
        self.upsert_here(summary);
    }

    /// Reloads everything after a write that changed many complaints (import, clearing the
    /// data, generated test data), and tells the other tabs to do the same.
    pub fn changed_everything(&self) {
        platform::announce_changes(&Announcement::Everything);
        self.reload();
    }

    /// Records what another tab changed, for the open pages.
    pub(super) fn note_change(&self, numbers: Option<Vec<String>>) {
        self.changed.update(|c| {
            *c = TabChange {
                rev: c.rev + 1,
                numbers,
            }
        });
    }

    /// Takes complaints another device changed (through sync): their rows, and the open
    /// pages told which complaints changed.
    pub(super) fn take_synced(&self, summaries: Vec<Summary>, numbers: Vec<String>) {
        self.upsert_many_here(summaries);
        self.note_change(Some(numbers));
    }

    /// [`QueueCtx::upsert_here`] for many rows at once (another tab's or device's changes):
    /// the list is told once, not once per row.
    pub(super) fn upsert_many_here(&self, summaries: Vec<Summary>) {
        if summaries.is_empty() {
            return;
        }
        let mut added = 0;
        self.index.update_value(|q| {
            for s in &summaries {
                if !q.contains(&s.number) {
                    added += 1;
                }
                q.upsert(s.clone());
            }
        });
        // The first page (shown until the index is ready) keeps its length: the rows
        // changed come first.
        self.first_page.update(|rows| {
            let keep = rows.len().max(FIRST_PAGE);
            let changed: std::collections::HashSet<&str> =
                summaries.iter().map(|s| s.number.as_str()).collect();
            rows.retain(|r| !changed.contains(r.number.as_str()));
            let mut merged: Vec<Summary> = summaries.iter().take(keep).cloned().collect();
            merged.append(rows);
            merged.truncate(keep);
            *rows = merged;
        });
        if added > 0 {
            self.stored.update(|n| *n += added);
        }
        self.rev.update(|r| *r += 1);
    }

    /// Adds or replaces one summary here only.
    pub(super) fn upsert_here(&self, summary: Summary) {
        let added = self.index.with_value(|q| !q.contains(&summary.number));
        self.first_page.update(|rows| {
            rows.retain(|s| s.number != summary.number);
            rows.insert(0, summary.clone());
        });
        self.index.update_value(|q| q.upsert(summary));
        if added {
            self.stored.update(|n| *n += 1);
        }
        self.rev.update(|r| *r += 1);
    }

    /// Reloads the count, first page and every summary from storage (at start, after import,
    /// clear or generating test data), then records the escalations owed; and writes the
    /// queue's snapshot again when enough changed since the one read (issue 15).
    pub fn reload(&self) {
        self.load(true);
    }

    /// [`QueueCtx::reload`], from the snapshot when `use_snapshot` (and one is stored).
    fn load(&self, use_snapshot: bool) {
        let ctx = *self;
        // A later reload replaces the index: a snapshot still being written of this one stops.
        let load = ctx.loads.get_value() + 1;
        ctx.loads.set_value(load);
        ctx.snapshot_stored.set(None);
        leptos::task::spawn_local(async move {
            let db = ctx.db.get();
            // Counting walks every record: with a snapshot its head says how many there are,
            // shown with the first rows.
            let head = match use_snapshot {
                true => db.snapshot_head().await.ok().flatten(),
                false => None,
            };
            if let Some(h) = &head {
                ctx.stored.set(h.rows as u32);
                ctx.counted.set(true);
            }
            if let Ok(rows) = db.first_page(FIRST_PAGE as u32).await {
                ctx.first_page.set(rows);
            }
            if head.is_none() {
                if let Ok(n) = db.count().await {
                    ctx.stored.set(n);
                    ctx.counted.set(true);
                }
            }
            let hint = ctx.stored.get_untracked() as usize;
            let Ok((index, loaded)) = load_queue(db.as_ref(), head.as_ref(), hint).await else {
                return;
            };
            if ctx.loads.get_value() != load {
                return;
            }
            let rows = index.len();
            ctx.stored.set(rows as u32);
            ctx.index.set_value(index);
            ctx.ready.set(true);
            ctx.from_snapshot.set(loaded.from_snapshot);
            ctx.rev.update(|r| *r += 1);
            // A snapshot out of step with the summaries (which no write should leave) is
            // dropped for every summary read again.
            if loaded.from_snapshot && !in_step(db.as_ref(), rows).await.unwrap_or(true) {
                leptos::logging::warn!("queue snapshot out of step: reading every summary");
                if ctx.loads.get_value() == load {
                    ctx.load(false);
                }
                return;
            }
            // The Chinese search lists, a step at a time with the page free between
            // them (searches scan until they are complete). A later reload replaces the
            // index, and this loop then finishes that one's lists instead.
            let mut complete = false;
            while !complete {
                ctx.index
                    .update_value(|q| complete = q.index_step(GRAM_STEP));
                crate::platform::yield_to_page().await;
            }
            ctx.escalate().await;
            let mut stored = false;
            if loaded.snapshot_due(ctx.index.with_value(QueueIndex::len)) {
                let current = move || ctx.loads.get_value() == load;
                let chunk = move |k: usize| ctx.index.with_value(|q| q.pack_chunk(k));
                match save_queue_snapshot(db.as_ref(), loaded.upto, &chunk, &current).await {
                    Ok(done) => stored = done,
                    Err(e) => leptos::logging::warn!("queue snapshot: {e}"),
                }
            }
            if ctx.loads.get_value() == load {
                ctx.snapshot_stored.set(Some(stored));
            }
        });
    }

    /// Records the escalations that overdue complaints are owed; the app has no server
    /// to do it, so it does it whenever it loads the queue.
    pub async fn escalate(&self) {
        let op = self.user.op(self.settings);
        let c = op.ctx();
        let now = c.now.timestamp_millis();
        let overdue: Vec<Summary> = self.index.with_value(|q| q.overdue(now));
        match crate::service::escalate_overdue(self.db.get().as_ref(), &c, &overdue).await {
            Ok(updated) => {
                if !updated.is_empty() {
                    let numbers = updated.iter().map(|s| s.number.clone()).collect();
                    platform::announce_changes(&Announcement::Complaints(numbers));
                    self.index.update_value(|q| {
                        for s in updated {
                            q.upsert(s);
                        }
                    });
                    self.rev.update(|r| *r += 1);
                }
            }
            Err(e) => leptos::logging::warn!("escalation: {e}"),
        }
    }
}
