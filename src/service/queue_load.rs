//! Loading the queue's index at start (issue 15): from the stored snapshot and the summaries
//! written since it when there is one that matches, otherwise from every summary; and writing
//! the snapshot again when enough changed.

use crate::domain::queue::{snapshot_due, QueueIndex};
use crate::store::{Store, StoreError};

/// How a load went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Loaded {
    /// Whether the rows came from the snapshot (and the summaries written since it).
    pub from_snapshot: bool,
    /// How many rows were read from the summaries one by one (all of them without a
    /// snapshot).
    pub changed: usize,
    /// The write sequence the index reflects: every summary written up to it is in it.
    pub upto: u64,
}

impl Loaded {
    /// Whether the snapshot should be written again from the index just loaded.
    pub fn snapshot_due(&self, rows: usize) -> bool {
        snapshot_due(rows, self.changed)
    }
}

/// Loads every summary into a new index (its Chinese posting lists still to build, see
/// [`QueueIndex::deferred`]). A snapshot is used only when the rows it gives, brought up to
/// date by the summaries written since, are exactly as many as the summaries stored;
/// otherwise (none stored, another version, damaged, out of step) every summary is read.
pub async fn load_queue(store: &impl Store) -> Result<(QueueIndex, Loaded), StoreError> {
    let mut index = QueueIndex::deferred(Vec::new());
    if let Some(upto) = store
        .read_snapshot(&mut |rows| index.extend_packed(rows))
        .await?
    {
        let since = store.summaries_since(upto).await?;
        let changed = since.rows.len();
        index.extend(since.rows);
        if index.len() == since.count as usize {
            let loaded = Loaded {
                from_snapshot: true,
                changed,
                upto: since.seq,
            };
            return Ok((index, loaded));
        }
    }
    // Read the sequence first: whatever is written during the read is then also written
    // after it, and found again next time.
    let upto = store.write_seq().await?;
    let rows = store.summaries().await?;
    let changed = rows.len();
    let index = QueueIndex::deferred(rows);
    Ok((
        index,
        Loaded {
            from_snapshot: false,
            changed,
            upto,
        },
    ))
}

/// Writes the snapshot of an index (reflecting write sequence `upto`) whose `k`-th chunk
/// `chunk(k)` packs ([`QueueIndex::pack_chunk`]), a chunk at a time, while `keep()` says
/// yes; returns whether it was stored.
pub async fn save_queue_snapshot(
    store: &impl Store,
    upto: u64,
    chunk: &dyn Fn(usize) -> Option<(Vec<u8>, usize)>,
    keep: &dyn Fn() -> bool,
) -> Result<bool, StoreError> {
    store.save_snapshot(upto, &mut |k| chunk(k), keep).await
}
