//! The IndexedDB side of sync's bookkeeping ([`Ledger`]): the `outbox` and `synced` stores.

use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::IdbTransaction;

use super::{
    abandon, committed, done, js_err, put_files, read_keys, with_files, IdbStore, BUYERS,
    COMPLAINTS, FILES, OUTBOX, QUEUE, SUMMARIES, SYNCED,
};
use crate::domain::attachments::NewFile;
use crate::domain::case::Complaint;
use crate::domain::queue::Summary;
use crate::domain::sync::{DocKey, OutboxEntry, Synced};
use crate::store::{Ledger, Pulled, StoreError};

/// A new outbox stamp: now in milliseconds plus a random fraction, so an entry queued again
/// always differs from the one read before.
fn stamp() -> f64 {
    js_sys::Date::now() + js_sys::Math::random()
}

/// Queues `keys` in the transaction's outbox when `on` (the transaction includes it then).
pub(super) fn queue_keys(
    tx: &IdbTransaction,
    on: bool,
    keys: impl IntoIterator<Item = DocKey>,
) -> Result<(), StoreError> {
    if !on {
        return Ok(());
    }
    queue_ids(tx, keys.into_iter().map(|k| k.id()))
}

fn queue_ids(tx: &IdbTransaction, ids: impl IntoIterator<Item = String>) -> Result<(), StoreError> {
    let outbox = tx.object_store(OUTBOX).map_err(js_err)?;
    for id in ids {
        outbox
            .put_with_key(&JsValue::from_f64(stamp()), &JsValue::from_str(&id))
            .map_err(js_err)?;
    }
    Ok(())
}

/// The outbox keys of stored files.
pub(super) fn file_keys(files: &[NewFile]) -> impl Iterator<Item = DocKey> + '_ {
    files.iter().map(|f| DocKey::File(f.hash.clone()))
}

/// The outbox keys of written complaints.
pub(super) fn complaint_keys(writes: &[(Complaint, Summary)]) -> impl Iterator<Item = DocKey> + '_ {
    writes
        .iter()
        .map(|(c, _)| DocKey::Complaint(c.number.clone()))
}

fn put_synced(tx: &IdbTransaction, synced: &[(String, Synced)]) -> Result<(), StoreError> {
    if synced.is_empty() {
        return Ok(());
    }
    let store = tx.object_store(SYNCED).map_err(js_err)?;
    for (id, s) in synced {
        let json = serde_json::to_string(s).map_err(super::corrupt)?;
        store
            .put_with_key(&JsValue::from_str(&json), &JsValue::from_str(id))
            .map_err(js_err)?;
    }
    Ok(())
}

/// An outbox entry's stamp.
fn parse_stamp(value: &JsValue) -> Result<f64, StoreError> {
    value
        .as_f64()
        .ok_or_else(|| super::corrupt("outbox entry without a stamp"))
}

/// A record of the server's document (JSON text).
fn parse_synced(value: &JsValue) -> Result<Synced, StoreError> {
    let json = value
        .as_string()
        .ok_or_else(|| super::corrupt("sync record without text"))?;
    serde_json::from_str(&json).map_err(super::corrupt)
}

async fn all_keys(tx: &IdbTransaction, name: &str) -> Result<Vec<String>, StoreError> {
    let req = tx
        .object_store(name)
        .map_err(js_err)?
        .get_all_keys()
        .map_err(js_err)?;
    let keys: Array = done(&req).await?.unchecked_into();
    Ok(keys.iter().filter_map(|k| k.as_string()).collect())
}

impl Ledger for IdbStore {
    fn queue_writes(&self, on: bool) {
        self.queue_on.set(on);
    }

    async fn queue_everything(&self) -> Result<u32, StoreError> {
        let office = crate::store::Store::load_settings(self)
            .await?
            .map(|s| s.office_code);
        let tx = self.tx(&[COMPLAINTS, BUYERS, FILES, OUTBOX], true)?;
        let done_tx = committed(&tx);
        let mut ids: Vec<String> = office
            .map(|o| DocKey::Settings(o).id())
            .into_iter()
            .collect();
        for (store, key) in [
            (FILES, DocKey::File as fn(String) -> DocKey),
            (BUYERS, DocKey::Buyer),
            (COMPLAINTS, DocKey::Complaint),
        ] {
            match all_keys(&tx, store).await {
                Ok(keys) => ids.extend(keys.into_iter().map(|k| key(k).id())),
                Err(e) => return Err(abandon(&tx, done_tx, e).await),
            }
        }
        let n = ids.len() as u32;
        if let Err(e) = queue_ids(&tx, ids) {
            return Err(abandon(&tx, done_tx, e).await);
        }
        done_tx.wait().await.map_err(js_err)?;
        Ok(n)
    }

    async fn queue(&self, ids: &[String]) -> Result<(), StoreError> {
        if ids.is_empty() {
            return Ok(());
        }
        let tx = self.tx(&[OUTBOX], true)?;
        let done_tx = committed(&tx);
        queue_ids(&tx, ids.iter().cloned())?;
        done_tx.wait().await.map_err(js_err)?;
        Ok(())
    }

    async fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        let tx = self.tx(&[OUTBOX], false)?;
        let store = tx.object_store(OUTBOX).map_err(js_err)?;
        let keys = store.get_all_keys().map_err(js_err)?;
        let values = store.get_all().map_err(js_err)?;
        let keys: Array = done(&keys).await?.unchecked_into();
        let values: Array = done(&values).await?.unchecked_into();
        Ok(keys
            .iter()
            .zip(values.iter())
            .filter_map(|(k, v)| {
                Some(OutboxEntry {
                    id: k.as_string()?,
                    stamp: v.as_f64()?,
                })
            })
            .collect())
    }

    async fn outbox_len(&self) -> Result<u32, StoreError> {
        let tx = self.tx(&[OUTBOX], false)?;
        let req = tx
            .object_store(OUTBOX)
            .map_err(js_err)?
            .count()
            .map_err(js_err)?;
        Ok(done(&req).await?.as_f64().unwrap_or(0.0) as u32)
    }

    async fn forget_sync(&self) -> Result<(), StoreError> {
        let tx = self.tx(&[OUTBOX, SYNCED], true)?;
        let done_tx = committed(&tx);
        for name in [OUTBOX, SYNCED] {
            tx.object_store(name)
                .map_err(js_err)?
                .clear()
                .map_err(js_err)?;
        }
        done_tx.wait().await.map_err(js_err)?;
        Ok(())
    }

    async fn sent(
        &self,
        sent: &[OutboxEntry],
        synced: &[(String, Synced)],
    ) -> Result<(), StoreError> {
        let tx = self.tx(&[OUTBOX, SYNCED], true)?;
        let done_tx = committed(&tx);
        let outbox = tx.object_store(OUTBOX).map_err(js_err)?;
        let ids: Vec<String> = sent.iter().map(|e| e.id.clone()).collect();
        let stamps = match read_keys(&outbox, &ids, parse_stamp).await {
            Ok(stamps) => stamps,
            Err(err) => return Err(abandon(&tx, done_tx, err).await),
        };
        for (e, now) in sent.iter().zip(stamps) {
            // Queued again since it was read: a newer write waits to be sent.
            if now == Some(e.stamp) {
                outbox.delete(&JsValue::from_str(&e.id)).map_err(js_err)?;
            }
        }
        if let Err(e) = put_synced(&tx, synced) {
            return Err(abandon(&tx, done_tx, e).await);
        }
        done_tx.wait().await.map_err(js_err)?;
        Ok(())
    }

    async fn synced(&self, ids: &[String]) -> Result<Vec<Option<Synced>>, StoreError> {
        let tx = self.tx(&[SYNCED], false)?;
        let store = tx.object_store(SYNCED).map_err(js_err)?;
        read_keys(&store, ids, parse_synced).await
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
        let stores = with_files(&[COMPLAINTS, SUMMARIES, SYNCED, OUTBOX, QUEUE], files);
        let book = |tx: &IdbTransaction, pulled: &Pulled| {
            put_files(tx, files)
                .and_then(|()| put_synced(tx, &pulled.synced))
                .and_then(|()| queue_ids(tx, pulled.queue.iter().cloned()))
        };
        self.read_change_write(&stores, numbers, &|_| {}, change, book, |p| &p.writes)
            .await
    }
}
