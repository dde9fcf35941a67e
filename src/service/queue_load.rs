//! Loading the queue's index at start (issue 15): from the stored snapshot and the summaries
//! written since it when there is one that matches, otherwise from every summary; and writing
//! the snapshot again when enough changed.

use crate::domain::queue::{snapshot_due, QueueIndex, SnapshotHead};
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
/// [`QueueIndex::deferred`]): from the snapshot `head` names ([`Store::snapshot_head`]) and
/// the summaries written since it, when it reads whole; otherwise (none, or a chunk missing
/// or damaged) from every summary. Whether a snapshot's rows are as many as the
/// summaries stored is checked afterwards, off the start's path ([`in_step`]). `rows_hint`
/// (the count, when known) is the room made for the rows read one by one.
pub async fn load_queue(
    store: &impl Store,
    head: Option<&SnapshotHead>,
    rows_hint: usize,
) -> Result<(QueueIndex, Loaded), StoreError> {
    if let Some(head) = head {
        let mut index = QueueIndex::deferred(Vec::new());
        index.reserve(head.rows);
        if store
            .read_snapshot(head, &mut |rows| index.extend_packed(rows))
            .await?
        {
            let since = store.summaries_since(head.upto).await?;
            let changed = since.rows.len();
            index.extend(since.rows);
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
    let mut index = QueueIndex::deferred(Vec::new());
    index.reserve(rows_hint);
    store.each_summary(&mut |page| index.extend(page)).await?;
    let changed = index.len();
    Ok((
        index,
        Loaded {
            from_snapshot: false,
            changed,
            upto,
        },
    ))
}

/// Whether an index of `rows` rows holds as many as the summaries stored (counting them is a
/// walk over every record, so it is done after the start): when not, the snapshot was out of
/// step and the caller loads again without it.
pub async fn in_step(store: &impl Store, rows: usize) -> Result<bool, StoreError> {
    Ok(store.count().await? as usize == rows)
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
