//! This device's sync bookkeeping (issue 17), beside the data: the outbox of documents the
//! server may lack, and what this device knows of each document on the server.

use super::StoreError;
use crate::domain::attachments::NewFile;
use crate::domain::case::Complaint;
use crate::domain::queue::Summary;
use crate::domain::sync::{OutboxEntry, Synced};

/// What merging pulled documents decided to write.
#[derive(Debug, Default)]
pub struct Pulled {
    /// Complaints to store (the merge of the stored copy and the server's).
    pub writes: Vec<(Complaint, Summary)>,
    /// What the server holds now, by document id.
    pub synced: Vec<(String, Synced)>,
    /// Documents the server lacks something of (a union with events of this device): queued.
    pub queue: Vec<String>,
}

/// The outbox and the record of the server's documents. Every write of the [`super::Store`]
/// queues the documents it changes while [`Ledger::queue_writes`] is on (sync is set), in
/// the same transaction as the write, so nothing written is ever missed by the next push.
#[allow(async_fn_in_trait)]
pub trait Ledger {
    /// Starts or stops queueing writes in the outbox.
    fn queue_writes(&self, on: bool);
    /// Queues every stored complaint, buyer and file and the settings, in one transaction
    /// (sync was just set on a device that has data). Returns how many were queued.
    async fn queue_everything(&self) -> Result<u32, StoreError>;
    /// Queues the documents `ids`.
    async fn queue(&self, ids: &[String]) -> Result<(), StoreError>;
    /// Every entry of the outbox.
    async fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError>;
    /// How many entries wait in the outbox.
    async fn outbox_len(&self) -> Result<u32, StoreError>;
    /// Empties the outbox and forgets every document's record (sync was switched off, or
    /// set to another database).
    async fn forget_sync(&self) -> Result<(), StoreError>;
    /// Records what the server holds now and removes the entries `sent` that were not
    /// queued again since they were read, in one transaction.
    async fn sent(
        &self,
        sent: &[OutboxEntry],
        synced: &[(String, Synced)],
    ) -> Result<(), StoreError>;
    /// What this device knows of the documents `ids` on the server.
    async fn synced(&self, ids: &[String]) -> Result<Vec<Option<Synced>>, StoreError>;
    /// Reads the stored complaints `numbers`, lets `change` merge the pulled copies into
    /// them, and writes the merged complaints, `files`, the records of the server's
    /// documents and the queue entries `change` asks for, all in one transaction. Pulled
    /// writes are not queued themselves: the server has them.
    async fn apply_pulled<T, E, F>(
        &self,
        numbers: &[String],
        files: &[NewFile],
        change: F,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnOnce(Vec<Option<Complaint>>) -> Result<(Pulled, T), E>;
}
