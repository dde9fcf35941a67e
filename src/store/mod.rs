//! Storage behind a small trait: [`memory::MemoryStore`] for host tests, and the IndexedDB
//! implementation (`idb`) in the browser.

#[cfg(target_arch = "wasm32")]
pub mod idb;
pub mod memory;

use thiserror::Error;

use crate::domain::complaint::{Complaint, Summary};
use crate::domain::settings::Settings;

/// The version of the stored shape (IndexedDB schema and record layout). Opening a database
/// of an older version runs the upgrade steps in `idb::upgrade`.
pub const SCHEMA_VERSION: u32 = 1;

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
    /// A stored record could not be read back.
    #[error("本地数据已损坏：{0}")]
    Corrupt(String),
    /// The complaint number to create exists already.
    #[error("投诉编号 {0} 已存在")]
    Exists(String),
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
        F: FnMut(u32) -> Result<(Complaint, Summary), StoreError>;
    /// Saves a complaint and its summary (after an action), in one transaction.
    async fn put(&self, complaint: &Complaint, summary: &Summary) -> Result<(), StoreError>;
    /// Saves many complaints in one transaction (import); `progress` is told how many are
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
    /// Every summary (for search and the dashboard).
    async fn summaries(&self) -> Result<Vec<Summary>, StoreError>;
    /// Every complaint (for export).
    async fn complaints(&self) -> Result<Vec<Complaint>, StoreError>;
    /// A small piece of bookkeeping kept beside the data (JSON text), by key.
    async fn get_meta(&self, key: &str) -> Result<Option<String>, StoreError>;
    /// Saves a piece of bookkeeping.
    async fn put_meta(&self, key: &str, value: &str) -> Result<(), StoreError>;
    /// Deletes every complaint. Settings and number counters stay, so numbers already handed
    /// out (and perhaps exported) are never reused.
    async fn clear(&self) -> Result<(), StoreError>;
}
