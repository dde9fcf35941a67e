//! The IndexedDB implementation of [`Store`], on `web-sys` directly.
//!
//! Layout (schema version [`SCHEMA_VERSION`]):
//! - `complaints`: key `number`; `{number, data}` where `data` is the complaint as JSON text
//!   (its whole history). Read one at a time (detail page) or all (export).
//! - `summaries`: key `number`; `{number, received, seq, data}` with an index on `received`
//!   and `seq`; `data` is the [`Summary`] as JSON text, `seq` the write sequence it was
//!   written at (schema 5). The queue opens from the `received` index and searches all
//!   summaries in memory.
//! - `buyers` (schema version 2, issue 12): key `id`; `{id, data}` where `data` is the
//!   [`Buyer`] with their whole service record as JSON text.
//! - `meta`: out-of-line keys: `settings` (JSON text) and per-device daily counters (numbers).
//! - `files` (schema version 3, issue 13): out-of-line keys, the SHA-256 hex of each attached file; the value
//!   is the file as a `Blob` (its type the file's media type). Written in the transaction of
//!   the event that attaches it.
//! - `outbox`, `synced` (schema 4, issue 17): sync's bookkeeping (see `ledger`).
//! - `queue` (schema 5, issue 15): the summaries' write sequence and the queue's snapshot
//!   (see `snapshot`).
//!
//! Every write is one transaction. Requests are awaited through promises, which keeps the
//! transaction alive between them (no other await may happen inside one).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbCursorDirection, IdbCursorWithValue, IdbDatabase, IdbIndexParameters, IdbKeyRange,
    IdbObjectStoreParameters, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode,
    IdbVersionChangeEvent,
};

use super::{Since, Store, StoreError, StoredFile, SCHEMA_VERSION};
use crate::domain::aftersales::Buyer;
use crate::domain::attachments::NewFile;
use crate::domain::case::Complaint;
use crate::domain::queue::{PackedRow, SnapshotHead, Summary};
use crate::domain::sync::DocKey;
use crate::domain::vocabulary::Settings;

mod ledger;
mod snapshot;

const COMPLAINTS: &str = "complaints";
const SUMMARIES: &str = "summaries";
const META: &str = "meta";
const BUYERS: &str = "buyers";
const FILES: &str = "files";
/// Sync's outbox: document id → the stamp it was queued with (issue 17).
const OUTBOX: &str = "outbox";
/// What this device knows of the server's documents: document id → `Synced` as JSON text.
const SYNCED: &str = "synced";
/// The queue's snapshot and the summaries' write sequence (schema 5).
const QUEUE: &str = "queue";
/// The summary fields schema 1 indexed; schema 5 keeps `received` alone (nothing read the
/// others, and each cost every write) and adds `seq`.
const INDEXES: &[&str] = &["status", "category", "severity", "received"];
/// How many summaries one read of the queue's index takes.
const READ_PAGE: u32 = 5000;
/// How many writes of an import go between two progress reports.
const PROGRESS_EVERY: usize = 2000;

fn js_err(e: JsValue) -> StoreError {
    if e.dyn_ref::<web_sys::DomException>()
        .is_some_and(|d| d.name() == "QuotaExceededError")
    {
        return StoreError::Full { used: 0, quota: 0 };
    }
    let msg = e
        .dyn_ref::<web_sys::DomException>()
        .map(|d| format!("{}: {}", d.name(), d.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"));
    StoreError::Io(msg)
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// An event handler that is dropped (freed) once its request or transaction is settled.
type Handler = Closure<dyn FnMut(web_sys::Event)>;

/// Resolves with the request's result on success, rejects with its error. The handlers are
/// removed and freed afterwards, so no request (and no result it holds) outlives its use.
async fn done(req: &IdbRequest) -> Result<JsValue, StoreError> {
    // A request that has settled already (its event fired while the page waited on another)
    // is read as it is: its event will not fire again.
    let ready = Reflect::get(req, &JsValue::from_str("readyState")).ok();
    if ready.and_then(|r| r.as_string()).as_deref() == Some("done") {
        return match req.error() {
            Ok(Some(e)) => Err(js_err(e.into())),
            _ => req.result().map_err(js_err),
        };
    }
    let mut handlers: Option<(Handler, Handler)> = None;
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let r = req.clone();
        let ok = Closure::once(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &r.result().unwrap_or(JsValue::UNDEFINED));
        });
        let r = req.clone();
        let fail = Closure::once(move |_: web_sys::Event| {
            let err = r
                .error()
                .ok()
                .flatten()
                .map(JsValue::from)
                .unwrap_or_else(|| JsValue::from_str("request failed"));
            let _ = reject.call1(&JsValue::NULL, &err);
        });
        req.set_onsuccess(Some(ok.as_ref().unchecked_ref()));
        req.set_onerror(Some(fail.as_ref().unchecked_ref()));
        handlers = Some((ok, fail));
    });
    let result = JsFuture::from(promise).await.map_err(js_err);
    req.set_onsuccess(None);
    req.set_onerror(None);
    drop(handlers);
    result
}

/// A transaction's outcome, awaited with [`Committed::wait`]; its handlers are set at once
/// (before any request runs) and freed once it is settled.
struct Committed {
    tx: IdbTransaction,
    future: JsFuture,
    _handlers: Option<(Handler, Handler, Handler)>,
}

impl Committed {
    /// Resolves when the transaction commits, fails when it aborts or fails.
    async fn wait(self) -> Result<(), JsValue> {
        let Committed {
            tx,
            future,
            _handlers,
        } = self;
        let result = future.await.map(|_| ());
        tx.set_oncomplete(None);
        tx.set_onerror(None);
        tx.set_onabort(None);
        drop(_handlers);
        result
    }
}

/// Watches a transaction: see [`Committed`].
fn committed(tx: &IdbTransaction) -> Committed {
    let mut handlers = None;
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let ok = Closure::once(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let t = tx.clone();
        let r2 = reject.clone();
        let fail = Closure::once(move |_: web_sys::Event| {
            let err = t
                .error()
                .map(JsValue::from)
                .unwrap_or_else(|| JsValue::from_str("transaction failed"));
            let _ = reject.call1(&JsValue::NULL, &err);
        });
        let t = tx.clone();
        let abort = Closure::once(move |_: web_sys::Event| {
            // A transaction aborted by the browser (storage full, say) says why in its error.
            let err = t
                .error()
                .map(JsValue::from)
                .unwrap_or_else(|| JsValue::from_str("transaction aborted"));
            let _ = r2.call1(&JsValue::NULL, &err);
        });
        tx.set_oncomplete(Some(ok.as_ref().unchecked_ref()));
        tx.set_onerror(Some(fail.as_ref().unchecked_ref()));
        tx.set_onabort(Some(abort.as_ref().unchecked_ref()));
        handlers = Some((ok, fail, abort));
    });
    Committed {
        tx: tx.clone(),
        future: JsFuture::from(promise),
        _handlers: handlers,
    }
}

fn set(obj: &Object, key: &str, value: &JsValue) -> Result<(), StoreError> {
    Reflect::set(obj, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(js_err)
}

fn data_of(value: &JsValue) -> Result<String, StoreError> {
    Reflect::get(value, &JsValue::from_str("data"))
        .map_err(js_err)?
        .as_string()
        .ok_or_else(|| corrupt("record without data"))
}

/// A record of `value` as JSON text under `data`, with its key `key_path` = `key`.
fn keyed_record(
    key_path: &str,
    key: &str,
    value: &impl serde::Serialize,
) -> Result<Object, StoreError> {
    let obj = Object::new();
    set(&obj, key_path, &JsValue::from_str(key))?;
    let json = serde_json::to_string(value).map_err(corrupt)?;
    set(&obj, "data", &JsValue::from_str(&json))?;
    Ok(obj)
}

fn complaint_record(c: &Complaint) -> Result<Object, StoreError> {
    keyed_record("number", &c.number, c)
}

fn summary_record(s: &Summary, seq: u64) -> Result<Object, StoreError> {
    let obj = Object::new();
    set(&obj, "number", &JsValue::from_str(&s.number))?;
    set(&obj, "received", &JsValue::from_f64(s.received as f64))?;
    set(&obj, "seq", &JsValue::from_f64(seq as f64))?;
    let json = serde_json::to_string(s).map_err(corrupt)?;
    set(&obj, "data", &JsValue::from_str(&json))?;
    Ok(obj)
}

fn buyer_record(b: &Buyer) -> Result<Object, StoreError> {
    keyed_record("id", &b.id, b)
}

fn parse_buyer(value: &JsValue) -> Result<Buyer, StoreError> {
    serde_json::from_str(&data_of(value)?).map_err(corrupt)
}

fn parse_summary(value: &JsValue) -> Result<Summary, StoreError> {
    serde_json::from_str(&data_of(value)?).map_err(corrupt)
}

fn parse_complaint(value: &JsValue) -> Result<Complaint, StoreError> {
    serde_json::from_str(&data_of(value)?).map_err(corrupt)
}

/// Reads complaints by number within the store's transaction (see [`read_keys`]).
async fn read_many(
    store: &web_sys::IdbObjectStore,
    numbers: &[String],
) -> Result<Vec<Option<Complaint>>, StoreError> {
    read_keys(store, numbers, parse_complaint).await
}

/// Reads records by key within the store's transaction: every request is made at once, then
/// their results are awaited in order and parsed (`None` where a key is not stored).
async fn read_keys<T>(
    store: &web_sys::IdbObjectStore,
    keys: &[String],
    parse: fn(&JsValue) -> Result<T, StoreError>,
) -> Result<Vec<Option<T>>, StoreError> {
    let requests = keys
        .iter()
        .map(|k| store.get(&JsValue::from_str(k)).map_err(js_err))
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::with_capacity(requests.len());
    for req in &requests {
        let value = done(req).await?;
        out.push(if value.is_undefined() {
            None
        } else {
            Some(parse(&value)?)
        });
    }
    Ok(out)
}

/// Puts complaints and their summaries within the stores' transaction (which includes the
/// `queue` store: each summary is stamped with the next write sequence), telling `progress`
/// every [`PROGRESS_EVERY`] writes (waiting on a request keeps the transaction alive and
/// lets the page paint the progress bar). The page prepares the next [`PROGRESS_EVERY`]
/// records while IndexedDB writes the ones before: it waits on the previous batch's last
/// request, not on the one it just made.
async fn write_all(
    tx: &IdbTransaction,
    complaints: &web_sys::IdbObjectStore,
    summaries: &web_sys::IdbObjectStore,
    items: &[(Complaint, Summary)],
    progress: &dyn Fn(usize),
) -> Result<(), StoreError> {
    if items.is_empty() {
        return Ok(());
    }
    let base = snapshot::take_seqs(tx, items.len()).await?;
    let mut in_flight: Option<(IdbRequest, usize)> = None;
    for (i, (c, s)) in items.iter().enumerate() {
        complaints
            .put(&complaint_record(c)?.into())
            .map_err(js_err)?;
        let seq = base + 1 + i as u64;
        let req = summaries
            .put(&summary_record(s, seq)?.into())
            .map_err(js_err)?;
        if (i + 1) % PROGRESS_EVERY == 0 {
            if let Some((previous, written)) = in_flight.replace((req, i + 1)) {
                done(&previous).await?;
                progress(written);
            }
        }
    }
    Ok(())
}

/// Reads the complaints stored under `numbers` (`None` where one is not stored), as
/// [`read_many`] does, asking first which of them are stored at all: one request for the
/// keys between the smallest and the largest number, then a read of those alone (an import
/// of new complaints reads nothing one by one).
async fn read_stored(
    store: &web_sys::IdbObjectStore,
    numbers: &[String],
) -> Result<Vec<Option<Complaint>>, StoreError> {
    if numbers.len() <= 16 {
        return read_many(store, numbers).await;
    }
    // IndexedDB orders strings by UTF-16 code units.
    let by_key = |a: &&String, b: &&String| a.encode_utf16().cmp(b.encode_utf16());
    let (Some(low), Some(high)) = (numbers.iter().min_by(by_key), numbers.iter().max_by(by_key))
    else {
        return Ok(Vec::new());
    };
    let range =
        IdbKeyRange::bound(&JsValue::from_str(low), &JsValue::from_str(high)).map_err(js_err)?;
    let keys = done(&store.get_all_keys_with_key(&range).map_err(js_err)?).await?;
    let stored: std::collections::HashSet<String> = Array::from(&keys)
        .iter()
        .filter_map(|k| k.as_string())
        .collect();
    let wanted: Vec<String> = numbers
        .iter()
        .filter(|n| stored.contains(n.as_str()))
        .cloned()
        .collect();
    let mut found = read_many(store, &wanted).await?.into_iter();
    Ok(numbers
        .iter()
        .map(|n| {
            if stored.contains(n.as_str()) {
                found.next().flatten()
            } else {
                None
            }
        })
        .collect())
}

/// Puts every file (a `Blob` of its type under its hash) within the transaction.
fn put_files(tx: &IdbTransaction, files: &[NewFile]) -> Result<(), StoreError> {
    if files.is_empty() {
        return Ok(());
    }
    let store = tx.object_store(FILES).map_err(js_err)?;
    for f in files {
        let parts = Array::of1(&js_sys::Uint8Array::from(f.bytes.as_slice()));
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type(&f.mime);
        let blob =
            web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts).map_err(js_err)?;
        store
            .put_with_key(&blob, &JsValue::from_str(&f.hash))
            .map_err(js_err)?;
    }
    Ok(())
}

/// The stores a write touches: `stores`, and `files` when it stores files.
fn with_files<'a>(stores: &[&'a str], files: &[NewFile]) -> Vec<&'a str> {
    let mut out = stores.to_vec();
    if !files.is_empty() {
        out.push(FILES);
    }
    out
}

/// Completes a failed write's error: when the storage is full, asks the browser how much is
/// used and allowed, so the message can say it.
async fn with_estimate(e: StoreError) -> StoreError {
    match e {
        StoreError::Full { .. } => {
            let (used, quota) = crate::platform::storage_estimate().await;
            StoreError::Full { used, quota }
        }
        other => other,
    }
}

/// Aborts a transaction after `e` and waits until it has ended (so its handlers are removed
/// before they are freed); returns the error to report: `e`, or the transaction's own error
/// when it says more (the storage is full).
async fn abandon(tx: &IdbTransaction, done_tx: Committed, e: StoreError) -> StoreError {
    let _ = tx.abort();
    let ended = done_tx.wait().await.err().map(js_err);
    match (e, ended) {
        (StoreError::Full { .. }, _) | (_, Some(StoreError::Full { .. })) => {
            with_estimate(StoreError::Full { used: 0, quota: 0 }).await
        }
        (e, _) => e,
    }
}

/// Creates or upgrades the stores: one step per schema version, so a database of any older
/// version is brought up to date in order.
fn upgrade(db: &IdbDatabase, tx: &IdbTransaction, old_version: u32) -> Result<(), JsValue> {
    if old_version < 1 {
        let params = IdbObjectStoreParameters::new();
        params.set_key_path(&JsValue::from_str("number"));
        db.create_object_store_with_optional_parameters(COMPLAINTS, &params)?;
        let summaries = db.create_object_store_with_optional_parameters(SUMMARIES, &params)?;
        let index_params = IdbIndexParameters::new();
        for name in INDEXES {
            summaries.create_index_with_str_and_optional_parameters(name, name, &index_params)?;
        }
        db.create_object_store(META)?;
    }
    if old_version < 2 {
        // The buyers of after-sales service (issue 12).
        let params = IdbObjectStoreParameters::new();
        params.set_key_path(&JsValue::from_str("id"));
        db.create_object_store_with_optional_parameters(BUYERS, &params)?;
    }
    if old_version < 3 {
        // Attached photos and documents, by SHA-256 (issue 13).
        db.create_object_store(FILES)?;
    }
    if old_version < 4 {
        // Live sync's bookkeeping (issue 17).
        db.create_object_store(OUTBOX)?;
        db.create_object_store(SYNCED)?;
    }
    if old_version < 5 {
        // The queue's snapshot and the summaries' write sequence (issue 15). Summaries
        // written before have no `seq`: the first start reads them all and writes the
        // snapshot, which then holds them.
        db.create_object_store(QUEUE)?;
        let summaries = tx.object_store(SUMMARIES)?;
        // Step 1 made them, so every database at this step has them.
        for name in &INDEXES[..3] {
            summaries.delete_index(name)?;
        }
        summaries.create_index_with_str_and_optional_parameters(
            "seq",
            "seq",
            &IdbIndexParameters::new(),
        )?;
    }
    Ok(())
}

/// The browser's IndexedDB database for one name.
pub struct IdbStore {
    db: IdbDatabase,
    /// Whether writes are queued in the outbox (sync is set).
    queue_on: std::cell::Cell<bool>,
}

impl IdbStore {
    /// Opens (creating or upgrading) the database `name`.
    pub async fn open(name: &str) -> Result<Self, StoreError> {
        let factory = web_sys::window()
            .ok_or_else(|| StoreError::Open("no window".into()))?
            .indexed_db()
            .map_err(|e| StoreError::Open(format!("{e:?}")))?
            .ok_or_else(|| StoreError::Open("此浏览器不支持 IndexedDB".into()))?;
        let req: IdbOpenDbRequest = factory
            .open_with_u32(name, SCHEMA_VERSION)
            .map_err(|e| StoreError::Open(format!("{e:?}")))?;
        let upgrade_error: Rc<RefCell<Option<String>>> = Rc::default();
        let slot = upgrade_error.clone();
        let r = req.clone();
        let on_upgrade =
            Closure::<dyn FnMut(IdbVersionChangeEvent)>::new(move |ev: IdbVersionChangeEvent| {
                let result = r.result().and_then(|db| {
                    let tx = r
                        .transaction()
                        .ok_or_else(|| JsValue::from_str("no upgrade transaction"))?;
                    upgrade(&db.unchecked_into(), &tx, ev.old_version() as u32)
                });
                if let Err(e) = result {
                    *slot.borrow_mut() = Some(format!("{e:?}"));
                }
            });
        req.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
        let db = done(&req)
            .await
            .map_err(|e| StoreError::Open(e.to_string()))?;
        drop(on_upgrade);
        if let Some(e) = upgrade_error.borrow_mut().take() {
            return Err(StoreError::Open(e));
        }
        Ok(IdbStore {
            db: db.unchecked_into(),
            queue_on: std::cell::Cell::new(false),
        })
    }

    fn tx(&self, stores: &[&str], write: bool) -> Result<IdbTransaction, StoreError> {
        let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
        let mode = if write {
            IdbTransactionMode::Readwrite
        } else {
            IdbTransactionMode::Readonly
        };
        self.db
            .transaction_with_str_sequence_and_mode(&names, mode)
            .map_err(js_err)
    }

    /// `stores`, with the outbox when writes are queued now; the second value says whether
    /// they are (read once, so a write queues exactly when its transaction includes it).
    fn queued<'a>(&self, mut stores: Vec<&'a str>) -> (Vec<&'a str>, bool) {
        let on = self.queue_on.get();
        if on {
            stores.push(OUTBOX);
        }
        (stores, on)
    }

    async fn meta_value(&self, key: &str) -> Result<JsValue, StoreError> {
        let tx = self.tx(&[META], false)?;
        let req = tx
            .object_store(META)
            .map_err(js_err)?
            .get(&JsValue::from_str(key))
            .map_err(js_err)?;
        done(&req).await
    }
}

impl IdbStore {
    /// One read-change-write transaction over `stores` (the complaints, summaries and
    /// `queue` stores among them): reads the complaints `numbers`, lets `change` decide from
    /// exactly what it read, lets `book` write its bookkeeping (files, outbox, sync records),
    /// writes the complaints and summaries `writes` names, and waits for the commit. When any
    /// step fails the transaction is aborted and nothing is written; `change`'s own error is
    /// returned as it is.
    async fn read_change_write<X, T, E>(
        &self,
        stores: &[&str],
        numbers: &[String],
        progress: &dyn Fn(usize),
        change: impl FnOnce(Vec<Option<Complaint>>) -> Result<(X, T), E>,
        book: impl FnOnce(&IdbTransaction, &X) -> Result<(), StoreError>,
        writes: fn(&X) -> &[(Complaint, Summary)],
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let tx = self.tx(stores, true)?;
        let done_tx = committed(&tx);
        let complaints = tx.object_store(COMPLAINTS).map_err(js_err)?;
        let summaries = tx.object_store(SUMMARIES).map_err(js_err)?;
        let found = match read_stored(&complaints, numbers).await {
            Ok(found) => found,
            Err(e) => return Err(abandon(&tx, done_tx, e).await.into()),
        };
        // `change` is synchronous: the transaction stays active, and no other transaction
        // that writes these stores can start before this one ends.
        let (decided, out) = match change(found) {
            Ok(result) => result,
            Err(e) => {
                let _ = abandon(&tx, done_tx, StoreError::Io(String::new())).await;
                return Err(e);
            }
        };
        if let Err(e) = book(&tx, &decided) {
            return Err(abandon(&tx, done_tx, e).await.into());
        }
        let writes = writes(&decided);
        if let Err(e) = write_all(&tx, &complaints, &summaries, writes, progress).await {
            return Err(abandon(&tx, done_tx, e).await.into());
        }
        if let Err(e) = done_tx.wait().await {
            return Err(with_estimate(js_err(e)).await.into());
        }
        progress(writes.len());
        Ok(out)
    }
}

impl Store for IdbStore {
    async fn load_settings(&self) -> Result<Option<Settings>, StoreError> {
        match self.meta_value("settings").await?.as_string() {
            Some(json) => serde_json::from_str(&json).map(Some).map_err(corrupt),
            None => Ok(None),
        }
    }

    async fn save_settings(&self, settings: &Settings) -> Result<(), StoreError> {
        let json = serde_json::to_string(settings).map_err(corrupt)?;
        let (stores, queue) = self.queued(vec![META]);
        let tx = self.tx(&stores, true)?;
        let done_tx = committed(&tx);
        tx.object_store(META)
            .map_err(js_err)?
            .put_with_key(&JsValue::from_str(&json), &JsValue::from_str("settings"))
            .map_err(js_err)?;
        ledger::queue_keys(&tx, queue, [DocKey::Settings(settings.office_code.clone())])?;
        done_tx.wait().await.map_err(js_err)?;
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
        let (stores, queue) = self.queued(with_files(&[META, COMPLAINTS, SUMMARIES, QUEUE], files));
        let tx = self.tx(&stores, true)?;
        let done_tx = committed(&tx);
        let meta = tx.object_store(META).map_err(js_err)?;
        let complaints = tx.object_store(COMPLAINTS).map_err(js_err)?;
        let key = JsValue::from_str(counter);
        let current = done(&meta.get(&key).map_err(js_err)?).await?;
        let first = current.as_f64().unwrap_or(0.0) as u32 + 1;
        let mut next = first;
        // Skip numbers that are taken already (a restored backup), inside the transaction.
        let (complaint, summary) = loop {
            let built = build(next).and_then(|(c, s)| {
                if next - first > super::MAX_SKIP {
                    Err(StoreError::Exists(c.number))
                } else {
                    Ok((c, s))
                }
            });
            let (c, s) = match built {
                Ok(b) => b,
                Err(e) => {
                    let _ = tx.abort();
                    return Err(e);
                }
            };
            let taken = complaints
                .count_with_key(&JsValue::from_str(&c.number))
                .map_err(js_err)?;
            if done(&taken).await?.as_f64().unwrap_or(0.0) == 0.0 {
                break (c, s);
            }
            next += 1;
        };
        let keys = ledger::file_keys(files).chain([DocKey::Complaint(complaint.number.clone())]);
        if let Err(e) = put_files(&tx, files).and_then(|()| ledger::queue_keys(&tx, queue, keys)) {
            return Err(abandon(&tx, done_tx, e).await);
        }
        let seq = match snapshot::take_seqs(&tx, 1).await {
            Ok(base) => base + 1,
            Err(e) => return Err(abandon(&tx, done_tx, e).await),
        };
        meta.put_with_key(&JsValue::from_f64(f64::from(next)), &key)
            .map_err(js_err)?;
        complaints
            .add(&complaint_record(&complaint)?.into())
            .map_err(js_err)?;
        tx.object_store(SUMMARIES)
            .map_err(js_err)?
            .put(&summary_record(&summary, seq)?.into())
            .map_err(js_err)?;
        if let Err(e) = done_tx.wait().await {
            return Err(match js_err(e) {
                StoreError::Io(m) if m.contains("Constraint") => {
                    StoreError::Exists(complaint.number.clone())
                }
                other => with_estimate(other).await,
            });
        }
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
        let (stores, queue) = self.queued(with_files(&[COMPLAINTS, SUMMARIES, QUEUE], files));
        let book = |tx: &IdbTransaction, writes: &Vec<(Complaint, Summary)>| {
            let keys = ledger::file_keys(files).chain(ledger::complaint_keys(writes));
            put_files(tx, files).and_then(|()| ledger::queue_keys(tx, queue, keys))
        };
        self.read_change_write(&stores, numbers, progress, change, book, |w| w)
            .await
    }

    async fn update_deleting_files<T, E, F>(&self, numbers: &[String], change: F) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnOnce(Vec<Option<Complaint>>) -> Result<(Vec<(Complaint, Summary)>, Vec<String>, T), E>,
    {
        let (stores, queue) = self.queued(vec![COMPLAINTS, SUMMARIES, FILES, QUEUE]);
        let change = |found| change(found).map(|(writes, gone, out)| ((writes, gone), out));
        let book = |tx: &IdbTransaction,
                    (writes, gone): &(Vec<(Complaint, Summary)>, Vec<String>)| {
            let files = tx.object_store(FILES).map_err(js_err)?;
            for h in gone {
                files.delete(&JsValue::from_str(h)).map_err(js_err)?;
            }
            ledger::queue_keys(tx, queue, ledger::complaint_keys(writes))
        };
        self.read_change_write(&stores, numbers, &|_| {}, change, book, |(w, _)| w)
            .await
    }

    async fn put_many(
        &self,
        items: &[(Complaint, Summary)],
        progress: &dyn Fn(usize),
    ) -> Result<(), StoreError> {
        let (stores, queue) = self.queued(vec![COMPLAINTS, SUMMARIES, QUEUE]);
        let tx = self.tx(&stores, true)?;
        let done_tx = committed(&tx);
        let complaints = tx.object_store(COMPLAINTS).map_err(js_err)?;
        let summaries = tx.object_store(SUMMARIES).map_err(js_err)?;
        if let Err(e) = ledger::queue_keys(&tx, queue, ledger::complaint_keys(items)) {
            return Err(abandon(&tx, done_tx, e).await);
        }
        if let Err(e) = write_all(&tx, &complaints, &summaries, items, progress).await {
            return Err(abandon(&tx, done_tx, e).await);
        }
        if let Err(e) = done_tx.wait().await {
            return Err(with_estimate(js_err(e)).await);
        }
        progress(items.len());
        Ok(())
    }

    async fn get_file(&self, hash: &str) -> Result<Option<StoredFile>, StoreError> {
        let tx = self.tx(&[FILES], false)?;
        let req = tx
            .object_store(FILES)
            .map_err(js_err)?
            .get(&JsValue::from_str(hash))
            .map_err(js_err)?;
        let value = done(&req).await?;
        let Some(blob) = value.dyn_ref::<web_sys::Blob>() else {
            return Ok(None);
        };
        let buffer = JsFuture::from(blob.array_buffer()).await.map_err(js_err)?;
        Ok(Some(StoredFile {
            mime: blob.type_(),
            bytes: js_sys::Uint8Array::new(&buffer).to_vec(),
        }))
    }

    async fn get(&self, number: &str) -> Result<Option<Complaint>, StoreError> {
        let tx = self.tx(&[COMPLAINTS], false)?;
        let req = tx
            .object_store(COMPLAINTS)
            .map_err(js_err)?
            .get(&JsValue::from_str(number))
            .map_err(js_err)?;
        let value = done(&req).await?;
        if value.is_undefined() {
            return Ok(None);
        }
        parse_complaint(&value).map(Some)
    }

    async fn get_many(&self, numbers: &[String]) -> Result<Vec<Complaint>, StoreError> {
        let tx = self.tx(&[COMPLAINTS], false)?;
        let store = tx.object_store(COMPLAINTS).map_err(js_err)?;
        Ok(read_many(&store, numbers)
            .await?
            .into_iter()
            .flatten()
            .collect())
    }

    async fn first_page(&self, limit: u32) -> Result<Vec<Summary>, StoreError> {
        let tx = self.tx(&[SUMMARIES], false)?;
        let req = tx
            .object_store(SUMMARIES)
            .map_err(js_err)?
            .index("received")
            .map_err(js_err)?
            .open_cursor_with_range_and_direction(&JsValue::NULL, IdbCursorDirection::Prev)
            .map_err(js_err)?;
        let mut out = Vec::with_capacity(limit as usize);
        // Each `continue` fires the same request's success event again.
        while out.len() < limit as usize {
            let cursor = done(&req).await?;
            let Some(cursor) = cursor.dyn_ref::<IdbCursorWithValue>() else {
                break;
            };
            out.push(parse_summary(&cursor.value().map_err(js_err)?)?);
            if out.len() < limit as usize {
                cursor.continue_().map_err(js_err)?;
            }
        }
        Ok(out)
    }

    async fn count(&self) -> Result<u32, StoreError> {
        let tx = self.tx(&[SUMMARIES], false)?;
        let req = tx
            .object_store(SUMMARIES)
            .map_err(js_err)?
            .count()
            .map_err(js_err)?;
        Ok(done(&req).await?.as_f64().unwrap_or(0.0) as u32)
    }

    async fn numbers(&self) -> Result<Vec<String>, StoreError> {
        let tx = self.tx(&[COMPLAINTS], false)?;
        let req = tx
            .object_store(COMPLAINTS)
            .map_err(js_err)?
            .get_all_keys()
            .map_err(js_err)?;
        let keys: Array = done(&req).await?.unchecked_into();
        Ok(keys.iter().filter_map(|k| k.as_string()).collect())
    }

    async fn summaries(&self) -> Result<Vec<Summary>, StoreError> {
        let mut out: Vec<Summary> = Vec::new();
        self.each_summary(&mut |page| out.extend(page)).await?;
        Ok(out)
    }

    async fn each_summary(&self, sink: &mut dyn FnMut(Vec<Summary>)) -> Result<(), StoreError> {
        // In pages by key, each in its own short transaction, yielding to the page between
        // them: the queue stays responsive while tens of thousands load.
        let mut after: Option<String> = None;
        loop {
            let tx = self.tx(&[SUMMARIES], false)?;
            let store = tx.object_store(SUMMARIES).map_err(js_err)?;
            let req = match &after {
                None => store.get_all_with_key_and_limit(&JsValue::UNDEFINED, READ_PAGE),
                Some(key) => {
                    let range = IdbKeyRange::lower_bound_with_open(&JsValue::from_str(key), true)
                        .map_err(js_err)?;
                    store.get_all_with_key_and_limit(&range, READ_PAGE)
                }
            }
            .map_err(js_err)?;
            let page: Array = done(&req).await?.unchecked_into();
            let n = page.length();
            let rows = page
                .iter()
                .map(|v| parse_summary(&v))
                .collect::<Result<Vec<_>, _>>()?;
            after = rows.last().map(|s| s.number.clone());
            sink(rows);
            if n < READ_PAGE {
                return Ok(());
            }
            crate::platform::yield_to_page().await;
        }
    }

    async fn complaints(&self) -> Result<Vec<Complaint>, StoreError> {
        let tx = self.tx(&[COMPLAINTS], false)?;
        let req = tx
            .object_store(COMPLAINTS)
            .map_err(js_err)?
            .get_all()
            .map_err(js_err)?;
        let all: Array = done(&req).await?.unchecked_into();
        all.iter().map(|v| parse_complaint(&v)).collect()
    }

    async fn get_meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.meta_value(key).await?.as_string())
    }

    async fn put_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let tx = self.tx(&[META], true)?;
        let done_tx = committed(&tx);
        tx.object_store(META)
            .map_err(js_err)?
            .put_with_key(&JsValue::from_str(value), &JsValue::from_str(key))
            .map_err(js_err)?;
        done_tx.wait().await.map_err(js_err)?;
        Ok(())
    }

    async fn read_snapshot(
        &self,
        head: &SnapshotHead,
        sink: &mut dyn FnMut(Vec<PackedRow<'_>>),
    ) -> Result<bool, StoreError> {
        self.snapshot_read(head, sink).await
    }

    async fn snapshot_head(&self) -> Result<Option<SnapshotHead>, StoreError> {
        self.head().await
    }

    async fn summaries_since(&self, seq: u64) -> Result<Since, StoreError> {
        self.since(seq).await
    }

    async fn write_seq(&self) -> Result<u64, StoreError> {
        self.seq_now().await
    }

    async fn save_snapshot(
        &self,
        upto: u64,
        chunk: &mut dyn FnMut(usize) -> Option<(Vec<u8>, usize)>,
        keep: &dyn Fn() -> bool,
    ) -> Result<bool, StoreError> {
        self.snapshot_save(upto, chunk, keep).await
    }

    async fn clear(&self) -> Result<(), StoreError> {
        let tx = self.tx(&[COMPLAINTS, SUMMARIES, FILES, QUEUE], true)?;
        let done_tx = committed(&tx);
        if let Err(e) = snapshot::forget_snapshot(&tx).await {
            return Err(abandon(&tx, done_tx, e).await);
        }
        tx.object_store(FILES)
            .map_err(js_err)?
            .clear()
            .map_err(js_err)?;
        tx.object_store(COMPLAINTS)
            .map_err(js_err)?
            .clear()
            .map_err(js_err)?;
        tx.object_store(SUMMARIES)
            .map_err(js_err)?
            .clear()
            .map_err(js_err)?;
        done_tx.wait().await.map_err(js_err)?;
        Ok(())
    }

    async fn buyers(&self) -> Result<Vec<Buyer>, StoreError> {
        let tx = self.tx(&[BUYERS], false)?;
        let req = tx
            .object_store(BUYERS)
            .map_err(js_err)?
            .get_all()
            .map_err(js_err)?;
        let all: Array = done(&req).await?.unchecked_into();
        all.iter().map(|v| parse_buyer(&v)).collect()
    }

    async fn update_buyers<T, E, F>(&self, ids: &[String], change: F) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnOnce(Vec<Option<Buyer>>) -> Result<(Vec<Buyer>, T), E>,
    {
        let (stores, queue) = self.queued(vec![BUYERS]);
        let tx = self.tx(&stores, true)?;
        let done_tx = committed(&tx);
        let store = tx.object_store(BUYERS).map_err(js_err)?;
        let found = match read_keys(&store, ids, parse_buyer).await {
            Ok(found) => found,
            Err(e) => return Err(abandon(&tx, done_tx, e).await.into()),
        };
        let (writes, out) = match change(found) {
            Ok(result) => result,
            Err(e) => {
                let _ = abandon(&tx, done_tx, StoreError::Io(String::new())).await;
                return Err(e);
            }
        };
        let put = || -> Result<(), StoreError> {
            for b in &writes {
                store.put(&buyer_record(b)?.into()).map_err(js_err)?;
            }
            ledger::queue_keys(
                &tx,
                queue,
                writes.iter().map(|b| DocKey::Buyer(b.id.clone())),
            )
        };
        if let Err(e) = put() {
            return Err(abandon(&tx, done_tx, e).await.into());
        }
        if let Err(e) = done_tx.wait().await {
            return Err(with_estimate(js_err(e)).await.into());
        }
        Ok(out)
    }
}
