//! An in-memory [`Store`] for host tests.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use super::{Ledger, Pulled, Since, Store, StoreError, StoredFile};
use crate::domain::aftersales::Buyer;
use crate::domain::attachments::NewFile;
use crate::domain::case::Complaint;
use crate::domain::queue::{unpack, PackedRow, SnapshotHead, Summary, PACK_VERSION};
use crate::domain::sync::{DocKey, OutboxEntry, Synced};
use crate::domain::vocabulary::Settings;

/// Keeps everything in maps behind `RefCell`s; single-threaded like the browser.
#[derive(Default)]
pub struct MemoryStore {
    settings: RefCell<Option<Settings>>,
    counters: RefCell<HashMap<String, u32>>,
    meta: RefCell<HashMap<String, String>>,
    complaints: RefCell<BTreeMap<String, (Complaint, Summary)>>,
    buyers: RefCell<BTreeMap<String, Buyer>>,
    files: RefCell<BTreeMap<String, StoredFile>>,
    /// When set, the next write fails as a full storage would (and writes nothing).
    full: std::cell::Cell<bool>,
    /// Whether writes are queued in the outbox (see [`Ledger::queue_writes`]).
    queue_on: std::cell::Cell<bool>,
    /// The outbox: document id → stamp.
    outbox: RefCell<BTreeMap<String, f64>>,
    /// The last stamp handed out.
    stamp: std::cell::Cell<f64>,
    /// What is known of the server's documents.
    synced: RefCell<HashMap<String, Synced>>,
    /// Each stored summary's write sequence, by number.
    seqs: RefCell<HashMap<String, u64>>,
    /// The last write sequence handed out.
    seq: std::cell::Cell<u64>,
    /// No snapshot reflecting a sequence below this may be stored (set by a clear).
    floor: std::cell::Cell<u64>,
    /// The queue's snapshot: its head and chunks.
    snapshot: RefCell<Option<(SnapshotHead, Vec<Vec<u8>>)>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes the next write that stores files fail with [`StoreError::Full`], writing
    /// nothing (as a browser over its quota does).
    pub fn fill_up(&self) {
        self.full.set(true);
    }

    /// How many files are stored (each once, however many attachments name it).
    pub fn file_count(&self) -> usize {
        self.files.borrow().len()
    }

    /// Queues `keys` in the outbox while writes are queued.
    fn queue_keys(&self, keys: impl IntoIterator<Item = DocKey>) {
        if self.queue_on.get() {
            self.queue_ids(keys.into_iter().map(|k| k.id()));
        }
    }

    /// The stored complaints `numbers` (`None` where one is not stored).
    fn read(&self, numbers: &[String]) -> Vec<Option<Complaint>> {
        let map = self.complaints.borrow();
        numbers
            .iter()
            .map(|n| map.get(n).map(|(c, _)| c.clone()))
            .collect()
    }

    /// Stores complaints with their summaries (each stamped with its write sequence),
    /// telling `progress` how many are done.
    fn write(&self, writes: Vec<(Complaint, Summary)>, progress: &dyn Fn(usize)) {
        self.sequence(writes.iter().map(|(c, _)| &c.number));
        let mut map = self.complaints.borrow_mut();
        for (i, (c, s)) in writes.into_iter().enumerate() {
            map.insert(c.number.clone(), (c, s));
            progress(i + 1);
        }
    }

    /// Stamps the summaries of one write with the next write sequences.
    fn sequence<'a>(&self, numbers: impl IntoIterator<Item = &'a String>) {
        let mut seqs = self.seqs.borrow_mut();
        for n in numbers {
            self.seq.set(self.seq.get() + 1);
            seqs.insert(n.clone(), self.seq.get());
        }
    }

    /// Replaces one chunk of the stored snapshot (to test how a damaged one is read).
    pub fn damage_snapshot(&self, k: usize, bytes: Vec<u8>) {
        if let Some((_, chunks)) = self.snapshot.borrow_mut().as_mut() {
            if let Some(c) = chunks.get_mut(k) {
                *c = bytes;
            }
        }
    }

    fn queue_ids(&self, ids: impl IntoIterator<Item = String>) {
        let mut outbox = self.outbox.borrow_mut();
        for id in ids {
            self.stamp.set(self.stamp.get() + 1.0);
            outbox.insert(id, self.stamp.get());
        }
    }

    fn file_keys(files: &[NewFile]) -> impl Iterator<Item = DocKey> + '_ {
        files.iter().map(|f| DocKey::File(f.hash.clone()))
    }

    fn put_files(&self, files: &[NewFile]) -> Result<(), StoreError> {
        if files.is_empty() {
            return Ok(());
        }
        if self.full.replace(false) {
            return Err(StoreError::Full { used: 0, quota: 0 });
        }
        let mut map = self.files.borrow_mut();
        for f in files {
            map.insert(
                f.hash.clone(),
                StoredFile {
                    mime: f.mime.clone(),
                    bytes: f.bytes.clone(),
                },
            );
        }
        Ok(())
    }
}

impl Store for MemoryStore {
    async fn load_settings(&self) -> Result<Option<Settings>, StoreError> {
        Ok(self.settings.borrow().clone())
    }

    async fn save_settings(&self, settings: &Settings) -> Result<(), StoreError> {
        *self.settings.borrow_mut() = Some(settings.clone());
        self.queue_keys([DocKey::Settings(settings.office_code.clone())]);
        Ok(())
    }

    async fn create_with_files<F>(
        &self,
        counter: &str,
        files: &[NewFile],
        mut build: F,
    ) -> Result<Complaint, StoreError>
    where
        F: FnMut(u32) -> Result<(Complaint, Summary), StoreError>,
    {
        let first = self.counters.borrow().get(counter).copied().unwrap_or(0) + 1;
        let mut next = first;
        let (complaint, summary) = loop {
            let (c, s) = build(next)?;
            if !self.complaints.borrow().contains_key(&c.number) {
                break (c, s);
            }
            if next - first >= super::MAX_SKIP {
                return Err(StoreError::Exists(c.number));
            }
            next += 1;
        };
        self.put_files(files)?;
        self.queue_keys(Self::file_keys(files));
        self.queue_keys([DocKey::Complaint(complaint.number.clone())]);
        self.counters.borrow_mut().insert(counter.to_string(), next);
        self.sequence([&complaint.number]);
        self.complaints
            .borrow_mut()
            .insert(complaint.number.clone(), (complaint.clone(), summary));
        Ok(complaint)
    }

    async fn update_with_files<T, E, F>(
        &self,
        numbers: &[String],
        files: &[NewFile],
        progress: &dyn Fn(usize),
        change: F,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnOnce(Vec<Option<Complaint>>) -> Result<(Vec<(Complaint, Summary)>, T), E>,
    {
        // Nothing else runs between the read and the write: the host is single-threaded and
        // this method does not await.
        let found = self.read(numbers);
        let (writes, out) = change(found)?;
        self.put_files(files)?;
        self.queue_keys(Self::file_keys(files));
        self.queue_keys(
            writes
                .iter()
                .map(|(c, _)| DocKey::Complaint(c.number.clone())),
        );
        self.write(writes, progress);
        Ok(out)
    }

    async fn update_deleting_files<T, E, F>(&self, numbers: &[String], change: F) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnOnce(Vec<Option<Complaint>>) -> Result<(Vec<(Complaint, Summary)>, Vec<String>, T), E>,
    {
        let found = self.read(numbers);
        let (writes, gone, out) = change(found)?;
        self.queue_keys(
            writes
                .iter()
                .map(|(c, _)| DocKey::Complaint(c.number.clone())),
        );
        let mut files = self.files.borrow_mut();
        for h in &gone {
            files.remove(h);
        }
        self.write(writes, &|_| {});
        Ok(out)
    }

    async fn put_many(
        &self,
        items: &[(Complaint, Summary)],
        progress: &dyn Fn(usize),
    ) -> Result<(), StoreError> {
        self.queue_keys(
            items
                .iter()
                .map(|(c, _)| DocKey::Complaint(c.number.clone())),
        );
        self.write(items.to_vec(), progress);
        Ok(())
    }

    async fn get_file(&self, hash: &str) -> Result<Option<StoredFile>, StoreError> {
        Ok(self.files.borrow().get(hash).cloned())
    }

    async fn get(&self, number: &str) -> Result<Option<Complaint>, StoreError> {
        Ok(self.complaints.borrow().get(number).map(|(c, _)| c.clone()))
    }

    async fn get_many(&self, numbers: &[String]) -> Result<Vec<Complaint>, StoreError> {
        let map = self.complaints.borrow();
        Ok(numbers
            .iter()
            .filter_map(|n| map.get(n).map(|(c, _)| c.clone()))
            .collect())
    }

    async fn first_page(&self, limit: u32) -> Result<Vec<Summary>, StoreError> {
        let mut all: Vec<Summary> = self
            .complaints
            .borrow()
            .values()
            .map(|(_, s)| s.clone())
            .collect();
        all.sort_unstable_by_key(|s| std::cmp::Reverse(s.received));
        all.truncate(limit as usize);
        Ok(all)
    }

    async fn count(&self) -> Result<u32, StoreError> {
        Ok(self.complaints.borrow().len() as u32)
    }

    async fn numbers(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.complaints.borrow().keys().cloned().collect())
    }

    async fn summaries(&self) -> Result<Vec<Summary>, StoreError> {
        Ok(self
            .complaints
            .borrow()
            .values()
            .map(|(_, s)| s.clone())
            .collect())
    }

    async fn complaints(&self) -> Result<Vec<Complaint>, StoreError> {
        Ok(self
            .complaints
            .borrow()
            .values()
            .map(|(c, _)| c.clone())
            .collect())
    }

    async fn get_meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.meta.borrow().get(key).cloned())
    }

    async fn put_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.meta.borrow_mut().insert(key.into(), value.into());
        Ok(())
    }

    async fn read_snapshot(
        &self,
        head: &SnapshotHead,
        sink: &mut dyn FnMut(Vec<PackedRow<'_>>),
    ) -> Result<bool, StoreError> {
        let stored = self.snapshot.borrow();
        let Some((_, chunks)) = stored.as_ref().filter(|(h, _)| h == head) else {
            return Ok(false);
        };
        if chunks.len() != head.chunks {
            return Ok(false);
        }
        let mut rows = 0;
        for c in chunks {
            match unpack(c) {
                Ok(part) => {
                    rows += part.len();
                    sink(part);
                }
                Err(_) => return Ok(false),
            }
        }
        Ok(rows == head.rows)
    }

    async fn summaries_since(&self, seq: u64) -> Result<Since, StoreError> {
        let seqs = self.seqs.borrow();
        let map = self.complaints.borrow();
        let mut changed: Vec<(u64, &Summary)> = map
            .iter()
            .filter_map(|(n, (_, s))| seqs.get(n).filter(|&&q| q > seq).map(|&q| (q, s)))
            .collect();
        changed.sort_unstable_by_key(|&(q, _)| q);
        Ok(Since {
            rows: changed.into_iter().map(|(_, s)| s.clone()).collect(),
            seq: self.seq.get(),
        })
    }

    async fn snapshot_head(&self) -> Result<Option<SnapshotHead>, StoreError> {
        Ok(self
            .snapshot
            .borrow()
            .as_ref()
            .map(|(h, _)| h.clone())
            .filter(|h| h.version == PACK_VERSION))
    }

    async fn write_seq(&self) -> Result<u64, StoreError> {
        Ok(self.seq.get())
    }

    async fn save_snapshot(
        &self,
        upto: u64,
        chunk: &mut dyn FnMut(usize) -> Option<(Vec<u8>, usize)>,
        keep: &dyn Fn() -> bool,
    ) -> Result<bool, StoreError> {
        let mut chunks = Vec::new();
        let mut rows = 0;
        while let Some((bytes, n)) = chunk(chunks.len()) {
            if !keep() {
                return Ok(false);
            }
            chunks.push(bytes);
            rows += n;
        }
        if !keep() || upto < self.floor.get() {
            return Ok(false);
        }
        let head = SnapshotHead {
            version: PACK_VERSION,
            set: format!("{upto}"),
            upto,
            rows,
            chunks: chunks.len(),
        };
        *self.snapshot.borrow_mut() = Some((head, chunks));
        Ok(true)
    }

    async fn clear(&self) -> Result<(), StoreError> {
        self.snapshot.borrow_mut().take();
        self.seqs.borrow_mut().clear();
        self.seq.set(self.seq.get() + 1);
        self.floor.set(self.seq.get());
        self.complaints.borrow_mut().clear();
        self.files.borrow_mut().clear();
        Ok(())
    }

    async fn buyers(&self) -> Result<Vec<Buyer>, StoreError> {
        Ok(self.buyers.borrow().values().cloned().collect())
    }

    async fn update_buyers<T, E, F>(&self, ids: &[String], change: F) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnOnce(Vec<Option<Buyer>>) -> Result<(Vec<Buyer>, T), E>,
    {
        let found = {
            let map = self.buyers.borrow();
            ids.iter().map(|id| map.get(id).cloned()).collect()
        };
        let (writes, out) = change(found)?;
        self.queue_keys(writes.iter().map(|b| DocKey::Buyer(b.id.clone())));
        let mut map = self.buyers.borrow_mut();
        for b in writes {
            map.insert(b.id.clone(), b);
        }
        Ok(out)
    }
}

impl Ledger for MemoryStore {
    fn queue_writes(&self, on: bool) {
        self.queue_on.set(on);
    }

    async fn queue_everything(&self) -> Result<u32, StoreError> {
        let office = self
            .settings
            .borrow()
            .as_ref()
            .map(|s| s.office_code.clone());
        let mut keys: Vec<DocKey> = office.into_iter().map(DocKey::Settings).collect();
        keys.extend(self.files.borrow().keys().map(|h| DocKey::File(h.clone())));
        keys.extend(
            self.buyers
                .borrow()
                .keys()
                .map(|id| DocKey::Buyer(id.clone())),
        );
        keys.extend(
            self.complaints
                .borrow()
                .keys()
                .map(|n| DocKey::Complaint(n.clone())),
        );
        let n = keys.len() as u32;
        self.queue_ids(keys.into_iter().map(|k| k.id()));
        Ok(n)
    }

    async fn queue(&self, ids: &[String]) -> Result<(), StoreError> {
        self.queue_ids(ids.iter().cloned());
        Ok(())
    }

    async fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        Ok(self
            .outbox
            .borrow()
            .iter()
            .map(|(id, stamp)| OutboxEntry {
                id: id.clone(),
                stamp: *stamp,
            })
            .collect())
    }

    async fn outbox_len(&self) -> Result<u32, StoreError> {
        Ok(self.outbox.borrow().len() as u32)
    }

    async fn forget_sync(&self) -> Result<(), StoreError> {
        self.outbox.borrow_mut().clear();
        self.synced.borrow_mut().clear();
        Ok(())
    }

    async fn sent(
        &self,
        sent: &[OutboxEntry],
        synced: &[(String, Synced)],
    ) -> Result<(), StoreError> {
        let mut outbox = self.outbox.borrow_mut();
        for e in sent {
            if outbox.get(&e.id) == Some(&e.stamp) {
                outbox.remove(&e.id);
            }
        }
        self.synced.borrow_mut().extend(synced.iter().cloned());
        Ok(())
    }

    async fn synced(&self, ids: &[String]) -> Result<Vec<Option<Synced>>, StoreError> {
        let map = self.synced.borrow();
        Ok(ids.iter().map(|id| map.get(id).cloned()).collect())
    }

    async fn apply_pulled<T, E, F>(
        &self,
        numbers: &[String],
        files: &[NewFile],
        change: F,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnOnce(Vec<Option<Complaint>>) -> Result<(Pulled, T), E>,
    {
        let found = self.read(numbers);
        let (pulled, out) = change(found)?;
        self.put_files(files)?;
        self.write(pulled.writes, &|_| {});
        self.synced.borrow_mut().extend(pulled.synced);
        self.queue_ids(pulled.queue);
        Ok(out)
    }
}
