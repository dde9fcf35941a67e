//! The IndexedDB side of the queue's snapshot (schema 5, issue 15): the `queue` store holds
//! the summaries' write sequence (`seq`), the sequence below which no snapshot may be stored
//! (`floor`, set by a clear), the snapshot's head (`head`, JSON text) and its chunks
//! (`c/<set>/<k>`, the packed rows as bytes). Every write of summaries takes its sequences
//! from `seq` in its own transaction and stamps each summary with one (the summaries' `seq`
//! index), so a restart reads the snapshot and then only the summaries written after it.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{IdbKeyRange, IdbRequest, IdbTransaction};

use super::{committed, done, js_err, parse_summary, IdbStore, QUEUE, READ_PAGE, SUMMARIES};
use crate::domain::queue::{unpack, PackedRow, SnapshotHead, Summary, PACK_VERSION};
use crate::store::{Since, StoreError};

const SEQ: &str = "seq";
const FLOOR: &str = "floor";
const HEAD: &str = "head";
/// Chunks' keys start with this.
const CHUNK: &str = "c/";
/// How many chunks are asked for ahead of the one being unpacked.
const AHEAD: usize = 3;

fn chunk_key(set: &str, k: usize) -> JsValue {
    JsValue::from_str(&format!("{CHUNK}{set}/{k:05}"))
}

fn number(v: &JsValue) -> u64 {
    v.as_f64().unwrap_or(0.0) as u64
}

/// Takes `n` write sequences within the transaction (which must include the `queue` store):
/// returns the one before the first, so the writes get `base + 1 ..= base + n`.
pub(super) async fn take_seqs(tx: &IdbTransaction, n: usize) -> Result<u64, StoreError> {
    let queue = tx.object_store(QUEUE).map_err(js_err)?;
    let key = JsValue::from_str(SEQ);
    let base = number(&done(&queue.get(&key).map_err(js_err)?).await?);
    queue
        .put_with_key(&JsValue::from_f64((base + n as u64) as f64), &key)
        .map_err(js_err)?;
    Ok(base)
}

/// Within a clear's transaction: forgets the snapshot and sets the floor above every
/// sequence handed out, so no snapshot of the data before the clear is stored afterwards.
pub(super) async fn forget_snapshot(tx: &IdbTransaction) -> Result<(), StoreError> {
    let queue = tx.object_store(QUEUE).map_err(js_err)?;
    let next = number(&done(&queue.get(&JsValue::from_str(SEQ)).map_err(js_err)?).await?) + 1;
    queue.clear().map_err(js_err)?;
    let next = JsValue::from_f64(next as f64);
    queue
        .put_with_key(&next, &JsValue::from_str(SEQ))
        .map_err(js_err)?;
    queue
        .put_with_key(&next, &JsValue::from_str(FLOOR))
        .map_err(js_err)?;
    Ok(())
}

impl IdbStore {
    fn queue_get(&self, key: &JsValue) -> Result<IdbRequest, StoreError> {
        self.tx(&[QUEUE], false)?
            .object_store(QUEUE)
            .map_err(js_err)?
            .get(key)
            .map_err(js_err)
    }

    /// The stored snapshot's head, if there is one of this layout version.
    pub(super) async fn head(&self) -> Result<Option<SnapshotHead>, StoreError> {
        let head = done(&self.queue_get(&JsValue::from_str(HEAD))?).await?;
        Ok(head
            .as_string()
            .and_then(|t| serde_json::from_str::<SnapshotHead>(&t).ok())
            .filter(|h| h.version == PACK_VERSION))
    }

    pub(super) async fn snapshot_read(
        &self,
        head: &SnapshotHead,
        sink: &mut dyn FnMut(Vec<PackedRow<'_>>),
    ) -> Result<bool, StoreError> {
        let mut rows = 0;
        // Each chunk in its own transaction, the next few asked for before this one is
        // unpacked, with the page free between them.
        let mut ahead = std::collections::VecDeque::new();
        for k in 0..head.chunks.min(AHEAD) {
            ahead.push_back(self.queue_get(&chunk_key(&head.set, k))?);
        }
        for k in 0..head.chunks {
            let Some(req) = ahead.pop_front() else { break };
            let value = done(&req).await?;
            if k + AHEAD < head.chunks {
                ahead.push_back(self.queue_get(&chunk_key(&head.set, k + AHEAD))?);
            }
            let Some(bytes) = value.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec) else {
                return Ok(false);
            };
            match unpack(&bytes) {
                Ok(part) => {
                    rows += part.len();
                    sink(part);
                }
                Err(_) => return Ok(false),
            }
            crate::platform::yield_to_page().await;
        }
        Ok(rows == head.rows)
    }

    pub(super) async fn since(&self, seq: u64) -> Result<Since, StoreError> {
        let mut out: Vec<Summary> = Vec::new();
        let mut after = seq;
        loop {
            let tx = self.tx(&[SUMMARIES, QUEUE], false)?;
            let summaries = tx.object_store(SUMMARIES).map_err(js_err)?;
            let range = IdbKeyRange::lower_bound_with_open(&JsValue::from_f64(after as f64), true)
                .map_err(js_err)?;
            let req = summaries
                .index("seq")
                .map_err(js_err)?
                .get_all_with_key_and_limit(&range, READ_PAGE)
                .map_err(js_err)?;
            // The sequence read with the page: a short page's is the sequence of everything
            // read.
            let now = tx
                .object_store(QUEUE)
                .map_err(js_err)?
                .get(&JsValue::from_str(SEQ))
                .map_err(js_err)?;
            let page: Array = done(&req).await?.unchecked_into();
            for v in page.iter() {
                let s = js_sys::Reflect::get(&v, &JsValue::from_str("seq")).map_err(js_err)?;
                after = after.max(number(&s));
                out.push(parse_summary(&v)?);
            }
            let now = number(&done(&now).await?);
            if page.length() < READ_PAGE {
                return Ok(Since {
                    rows: out,
                    seq: now.max(after),
                });
            }
            crate::platform::yield_to_page().await;
        }
    }

    pub(super) async fn seq_now(&self) -> Result<u64, StoreError> {
        Ok(number(
            &done(&self.queue_get(&JsValue::from_str(SEQ))?).await?,
        ))
    }

    pub(super) async fn snapshot_save(
        &self,
        upto: u64,
        chunk: &mut dyn FnMut(usize) -> Option<(Vec<u8>, usize)>,
        keep: &dyn Fn() -> bool,
    ) -> Result<bool, StoreError> {
        let set = format!(
            "{:x}{:08x}",
            js_sys::Date::now() as u64,
            (js_sys::Math::random() * 4_294_967_296.0) as u64
        );
        let mut k = 0;
        let mut rows = 0;
        while let Some((bytes, n)) = chunk(k) {
            if !keep() {
                break;
            }
            let tx = self.tx(&[QUEUE], true)?;
            let done_tx = committed(&tx);
            let value = Uint8Array::from(&bytes[..]);
            drop(bytes);
            tx.object_store(QUEUE)
                .map_err(js_err)?
                .put_with_key(&value, &chunk_key(&set, k))
                .map_err(js_err)?;
            done_tx.wait().await.map_err(js_err)?;
            rows += n;
            k += 1;
            crate::platform::yield_to_page().await;
        }
        // One transaction: check, sweep the other sets' chunks (an older snapshot, a write
        // that stopped half-way) and store the head.
        let tx = self.tx(&[QUEUE], true)?;
        let done_tx = committed(&tx);
        let queue = tx.object_store(QUEUE).map_err(js_err)?;
        let floor = queue.get(&JsValue::from_str(FLOOR)).map_err(js_err)?;
        let keys = queue.get_all_keys().map_err(js_err)?;
        let floor = number(&done(&floor).await?);
        let keys: Array = done(&keys).await?.unchecked_into();
        let mine = format!("{CHUNK}{set}/");
        let chunks: Vec<String> = keys
            .iter()
            .filter_map(|k| k.as_string())
            .filter(|k| k.starts_with(CHUNK))
            .collect();
        let written = chunks.iter().filter(|c| c.starts_with(&mine)).count();
        let stored = keep() && upto >= floor && written == k && k > 0;
        // Stored: every other set goes; refused: this one goes, the stored snapshot stays.
        for c in &chunks {
            if stored != c.starts_with(&mine) {
                queue.delete(&JsValue::from_str(c)).map_err(js_err)?;
            }
        }
        if stored {
            let head = SnapshotHead {
                version: PACK_VERSION,
                set,
                upto,
                rows,
                chunks: k,
            };
            let text = serde_json::to_string(&head).map_err(super::corrupt)?;
            queue
                .put_with_key(&JsValue::from_str(&text), &JsValue::from_str(HEAD))
                .map_err(js_err)?;
        }
        done_tx.wait().await.map_err(js_err)?;
        Ok(stored)
    }
}
