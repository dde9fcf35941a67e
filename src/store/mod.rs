//! Storage behind a small trait: [`memory::MemoryStore`] for host tests, and the IndexedDB
//! implementation (`idb`) in the browser.

#[cfg(target_arch = "wasm32")]
pub mod idb;
pub mod ledger;
pub mod memory;

pub use ledger::{Ledger, Pulled};

use thiserror::Error;

use crate::domain::aftersales::Buyer;
use crate::domain::attachments::NewFile;
use crate::domain::case::Complaint;
use crate::domain::queue::{PackedRow, SnapshotHead, Summary};
use crate::domain::vocabulary::Settings;

/// The version of the stored shape (IndexedDB schema and record layout). Opening a database
/// of an older version runs the upgrade steps in `idb::upgrade`.
pub const SCHEMA_VERSION: u32 = 5;

/// How many taken numbers [`Store::create`] skips before it gives up.
pub const MAX_SKIP: u32 = 100_000;

/// Storage failures, shown to the user in Chinese.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum StoreError {
    /// The database could not be opened (private mode, blocked, quota).
    #[error("无法打开本地数据库：{0}")]
    Open(String),
    /// A read or write failed.
    #[error("本地数据库读写失败：{0}")]
    Io(String),
    /// The device's storage is full: nothing was written.
    #[error("{}", quota_message(*.used, *.quota))]
    Full {
        /// Bytes this site uses now (0 when the browser does not say).
        used: u64,
        /// Bytes this site may use (0 when the browser does not say).
        quota: u64,
    },
    /// A stored record could not be read back.
    #[error("本地数据已损坏：{0}")]
    Corrupt(String),
    /// The complaint number to create exists already.
    #[error("投诉编号 {0} 已存在")]
    Exists(String),
}

/// The message for a full storage: how much is used and allowed (when the browser says),
/// and what to do about it.
fn quota_message(used: u64, quota: u64) -> String {
    let mb = |b: u64| format!("{} MB", b.div_ceil(1_048_576));
    let amount = if quota > 0 {
        format!("（已用 {}，上限 {}）", mb(used), mb(quota))
    } else {
        String::new()
    };
    format!(
        "本设备的浏览器存储空间已满{amount}，本次没有写入任何数据。\
         请先导出并清理不再需要的数据、释放磁盘空间，或改用存储空间更大的设备后重试。"
    )
}

/// What the app needs from storage. Every method that writes does so in one transaction.
#[allow(async_fn_in_trait)]
pub trait Store {
    /// The saved settings, if the first-run setup was done.
    async fn load_settings(&self) -> Result<Option<Settings>, StoreError>;
    /// Saves the settings.
    async fn save_settings(&self, settings: &Settings) -> Result<(), StoreError>;
    /// Takes the next value of the named counter (1, 2, ...) and stores a new complaint built
    /// from it, in one transaction, so two saves never share a number. A number that is taken
    /// already (restored from a backup, say) is skipped: `build` is called with the next value.
    async fn create<F>(&self, counter: &str, build: F) -> Result<Complaint, StoreError>
    where
        F: FnMut(u32) -> Result<(Complaint, Summary), StoreError>,
    {
        self.create_with_files(counter, &[], build).await
    }
    /// [`Store::create`], storing `files` (each under its hash, once) in the same
    /// transaction: the new complaint's events refer to them, and either both are written or
    /// neither is.
    async fn create_with_files<F>(
        &self,
        counter: &str,
        files: &[NewFile],
        build: F,
    ) -> Result<Complaint, StoreError>
    where
        F: FnMut(u32) -> Result<(Complaint, Summary), StoreError>;
    /// Reads the stored complaints `numbers` (`None` where a number is not stored), lets
    /// `change` decide what to write from exactly what it read, and writes that, all in one
    /// readwrite transaction: no other write (another tab's, say) can come between the read
    /// and the write, so an action, an escalation or an import's merge never overwrites a
    /// change it did not see. When `change` fails nothing is written and its error is
    /// returned. `change` runs synchronously inside the transaction; `progress` is told how
    /// many of its writes are done now and then.
    async fn update<T, E, F>(
        &self,
        numbers: &[String],
        progress: &dyn Fn(usize),
        change: F,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnOnce(Vec<Option<Complaint>>) -> Result<(Vec<(Complaint, Summary)>, T), E>,
    {
        self.update_with_files(numbers, &[], progress, change).await
    }
    /// [`Store::update`], storing `files` (each under its hash, once) in the same
    /// transaction, so no event points at a file that is not stored and no file is stored
    /// for an event that was refused. Files are written only when `change` succeeds.
    async fn update_with_files<T, E, F>(
        &self,
        numbers: &[String],
        files: &[NewFile],
        progress: &dyn Fn(usize),
        change: F,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnOnce(Vec<Option<Complaint>>) -> Result<(Vec<(Complaint, Summary)>, T), E>;
    /// [`Store::update`] whose `change` also names stored files to delete (by hash): the
    /// complaints' writes and the deletions happen in one transaction (a purge's event and
    /// the files it purges), or neither does.
    async fn update_deleting_files<T, E, F>(&self, numbers: &[String], change: F) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnOnce(Vec<Option<Complaint>>) -> Result<(Vec<(Complaint, Summary)>, Vec<String>, T), E>;
    /// The file stored under `hash` (its media type and bytes), if it is stored.
    async fn get_file(&self, hash: &str) -> Result<Option<StoredFile>, StoreError>;
    /// Saves many complaints in one transaction, replacing whatever is stored under their
    /// numbers (new complaints made up by the synthetic generator; anything that changes
    /// stored complaints goes through [`Store::update`]); `progress` is told how many are
    /// done now and then.
    async fn put_many(
        &self,
        items: &[(Complaint, Summary)],
        progress: &dyn Fn(usize),
    ) -> Result<(), StoreError>;
    /// One complaint with its history.
    async fn get(&self, number: &str) -> Result<Option<Complaint>, StoreError>;
    /// Several complaints by number, in one transaction; missing ones are left out.
    async fn get_many(&self, numbers: &[String]) -> Result<Vec<Complaint>, StoreError>;
    /// The newest `limit` summaries by registration time (the queue's first screen).
    async fn first_page(&self, limit: u32) -> Result<Vec<Summary>, StoreError>;
    /// How many complaints are stored.
    async fn count(&self) -> Result<u32, StoreError>;
    /// The numbers of every stored complaint (keys only: nothing is parsed).
    async fn numbers(&self) -> Result<Vec<String>, StoreError>;
    /// Every summary (for search and the dashboard).
    async fn summaries(&self) -> Result<Vec<Summary>, StoreError>;
    /// Every summary, fed to `sink` a page at a time, so the queue's load without a snapshot
    /// never holds a list of them all beside its index.
    async fn each_summary(&self, sink: &mut dyn FnMut(Vec<Summary>)) -> Result<(), StoreError> {
        sink(self.summaries().await?);
        Ok(())
    }
    /// Every complaint (for export).
    async fn complaints(&self) -> Result<Vec<Complaint>, StoreError>;
    /// A small piece of bookkeeping kept beside the data (JSON text), by key.
    async fn get_meta(&self, key: &str) -> Result<Option<String>, StoreError>;
    /// Saves a piece of bookkeeping.
    async fn put_meta(&self, key: &str, value: &str) -> Result<(), StoreError>;
    /// Every buyer with their service record (the buyer list, the worklist, export).
    async fn buyers(&self) -> Result<Vec<Buyer>, StoreError>;
    /// Reads the stored buyers `ids` (`None` where an id is not stored), lets `change` decide
    /// what to write from exactly what it read, and writes that (new or replaced records), all
    /// in one readwrite transaction, like [`Store::update`]. When `change` fails nothing is
    /// written and its error is returned.
    async fn update_buyers<T, E, F>(&self, ids: &[String], change: F) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnOnce(Vec<Option<Buyer>>) -> Result<(Vec<Buyer>, T), E>;
    /// Feeds the rows of the queue's snapshot `head` names (issue 15) to `sink`, a chunk at
    /// a time; returns whether it read them whole (every summary written up to `head.upto`
    /// is in them). `false` when a chunk is missing (another snapshot replaced it) or damaged:
    /// the caller then discards whatever `sink` was fed and reads every summary.
    async fn read_snapshot(
        &self,
        head: &SnapshotHead,
        sink: &mut dyn FnMut(Vec<PackedRow<'_>>),
    ) -> Result<bool, StoreError>;
    /// The head of the queue's stored snapshot, if one of this layout version is stored (how
    /// many rows it holds: the count the queue shows while it loads).
    async fn snapshot_head(&self) -> Result<Option<SnapshotHead>, StoreError>;
    /// The summaries written after write sequence `seq`, oldest write first (a later write
    /// of the same complaint after an earlier one), with the sequence as of the last of them.
    async fn summaries_since(&self, seq: u64) -> Result<Since, StoreError>;
    /// The current write sequence of the summaries (0 before the first write).
    async fn write_seq(&self) -> Result<u64, StoreError>;
    /// Stores a new snapshot of the queue (issue 15), reflecting write sequence `upto`:
    /// `chunk(k)` gives the k-th chunk's bytes and rows (`None` past the last). Each chunk
    /// is written on its own, and the snapshot replaces the stored one only when every chunk
    /// is written, `keep()` still says yes and the data was not cleared after `upto`;
    /// returns whether it did.
    async fn save_snapshot(
        &self,
        upto: u64,
        chunk: &mut dyn FnMut(usize) -> Option<(Vec<u8>, usize)>,
        keep: &dyn Fn() -> bool,
    ) -> Result<bool, StoreError>;
    /// Deletes every complaint and every stored file. Settings and number counters stay, so numbers already handed
    /// out (and perhaps exported) are never reused.
    async fn clear(&self) -> Result<(), StoreError>;
}

/// The summaries written after a snapshot (see [`Store::summaries_since`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Since {
    /// The summaries written after the sequence asked for, oldest write first.
    pub rows: Vec<Summary>,
    /// The write sequence as of the last of them.
    pub seq: u64,
}

/// A file as stored: its media type and bytes (addressed by their SHA-256).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFile {
    /// The media type it was stored with.
    pub mime: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}
