//! Live sync's loops (issue 17): one sends what waits in the outbox, one follows the
//! server's changes feed from this device's checkpoint. Both retry with backoff while the
//! server cannot be reached; the header shows where they stand.

use leptos::prelude::*;

use super::{DbCtx, QueueCtx, SettingsCtx};
use crate::domain::attachments::NewFile;
use crate::domain::sync::docs::SettingsInDoc;
use crate::domain::sync::{
    file_rev, DocKey, InDoc, OutboxEntry, SyncConfig, SyncError, SyncStatus,
};
use crate::domain::vocabulary::Settings;
use crate::platform::couch::{since_param, Changes, Couch};
use crate::platform::{self, Announcement};
use crate::service::sync as svc;
use crate::service::ServiceError;
use crate::store::idb::IdbStore;
use crate::store::{Ledger, Store};

/// How many documents one `_bulk_docs` carries.
const PUSH_BATCH: usize = 500;
/// How many changes one page of the feed carries.
const PULL_BATCH: u32 = 1000;
/// How long a long poll waits for a change.
const LONG_POLL_MS: u32 = 20_000;
/// How often the outbox is looked at while nothing is being sent.
const IDLE_MS: u32 = 300;
/// The longest wait between two tries while the server cannot be reached.
const MAX_BACKOFF_MS: u32 = 10_000;

/// Where one loop stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
enum Leg {
    #[default]
    Idle,
    Busy,
    Failed(SyncError),
}

/// Sync's state for the header and the settings page. `Copy`: arena handles.
#[derive(Clone, Copy)]
pub struct SyncCtx {
    /// Whether a server is set.
    on: RwSignal<bool>,
    push: RwSignal<Leg>,
    pull: RwSignal<Leg>,
    /// Changes waiting to be sent.
    pending: RwSignal<u32>,
    /// When the last round of both loops ended well (RFC 3339).
    last_ok: RwSignal<Option<String>>,
    /// Counts restarts: a loop whose generation is old stops.
    generation: RwSignal<u32>,
}

impl SyncCtx {
    /// Provides the desk's context and starts its loops when a server is set.
    pub fn provide(db: DbCtx, settings: SettingsCtx, queue: QueueCtx) -> SyncCtx {
        let ctx = Self::new();
        ctx.restart(db, settings, queue);
        ctx
    }

    /// Provides the reception tablet's context: its own registrations go out, only the
    /// office's settings come in. Chosen when the entry is compiled, so the tablet's bundle
    /// carries none of the merge of pulled complaints.
    pub fn provide_reception(db: DbCtx, settings: SettingsCtx) -> SyncCtx {
        let ctx = Self::new();
        ctx.start::<SettingsInDoc>(db, settings, None);
        ctx
    }

    fn new() -> SyncCtx {
        let ctx = SyncCtx {
            on: RwSignal::new(false),
            push: RwSignal::new(Leg::Idle),
            pull: RwSignal::new(Leg::Idle),
            pending: RwSignal::new(0),
            last_ok: RwSignal::new(None),
            generation: RwSignal::new(0),
        };
        provide_context(ctx);
        ctx
    }

    /// The context; panics only outside the app.
    pub fn expect_context() -> SyncCtx {
        expect_context::<SyncCtx>()
    }

    /// What the header shows.
    pub fn status(&self) -> SyncStatus {
        if !self.on.get() {
            return SyncStatus::Off;
        }
        let (push, pull) = (self.push.get(), self.pull.get());
        let failed = [&push, &pull].into_iter().find_map(|l| match l {
            Leg::Failed(e) => Some(e.clone()),
            _ => None,
        });
        match failed {
            Some(e) if e.is_offline() => SyncStatus::Offline,
            Some(e) => SyncStatus::Error(e.to_string()),
            None if push == Leg::Busy || pull == Leg::Busy || self.pending.get() > 0 => {
                SyncStatus::Syncing
            }
            None => SyncStatus::Synced,
        }
    }

    /// Changes waiting to be sent.
    pub fn pending(&self) -> u32 {
        self.pending.get()
    }

    /// When sync last succeeded here.
    pub fn last_ok(&self) -> Option<String> {
        self.last_ok.get()
    }

    /// (Re)starts the loops from the stored sync settings: after they were set or
    /// switched off.
    pub fn restart(&self, db: DbCtx, settings: SettingsCtx, queue: QueueCtx) {
        self.start::<InDoc>(db, settings, Some(queue));
    }

    /// Starts the loops of the desk (`DESK`) or of the reception tablet.
    fn start<F: Feed>(&self, db: DbCtx, settings: SettingsCtx, queue: Option<QueueCtx>) {
        let ctx = *self;
        let generation = ctx.generation.get_untracked() + 1;
        ctx.generation.set(generation);
        leptos::task::spawn_local(async move {
            let store = db.get();
            let config = svc::config(store.as_ref()).await.ok().flatten();
            if let Ok(Some(t)) = store.get_meta(svc::LAST_OK_KEY).await {
                ctx.last_ok.set(Some(t));
            }
            let Some(config) = config else {
                store.queue_writes(false);
                ctx.on.set(false);
                return;
            };
            store.queue_writes(true);
            // Busy until each loop has looked: the outbox read, the feed caught up.
            ctx.push.set(Leg::Busy);
            ctx.pull.set(Leg::Busy);
            ctx.pending
                .set(store.outbox_len().await.unwrap_or_default());
            ctx.on.set(true);
            let couch = Couch::new(&config);
            let c2 = couch.clone();
            leptos::task::spawn_local(async move {
                ctx.push_loop::<F>(db, settings, queue, c2, generation)
                    .await;
            });
            ctx.pull_loop::<F>(db, settings, queue, couch, config, generation)
                .await;
        });
    }

    fn current(&self, generation: u32) -> bool {
        self.generation.try_get_untracked() == Some(generation)
    }

    async fn note_ok(&self, db: DbCtx, settings: SettingsCtx) {
        if self.push.get_untracked() == Leg::Idle && self.pull.get_untracked() == Leg::Idle {
            let now = platform::now(settings.with_untracked(|s| s.offset())).to_rfc3339();
            let _ = db.get().put_meta(svc::LAST_OK_KEY, &now).await;
            self.last_ok.set(Some(now));
        }
    }

    /// Sends the outbox, then looks at it again every [`IDLE_MS`].
    async fn push_loop<F: Feed>(
        &self,
        db: DbCtx,
        settings: SettingsCtx,
        queue: Option<QueueCtx>,
        couch: Couch,
        generation: u32,
    ) {
        let mut backoff = 1_000;
        while self.current(generation) {
            let store = db.get();
            let entries = store.outbox().await.unwrap_or_default();
            self.pending.set(entries.len() as u32);
            if entries.is_empty() {
                if self.push.get_untracked() != Leg::Idle {
                    self.push.set(Leg::Idle);
                }
                platform::sleep(IDLE_MS).await;
                continue;
            }
            self.push.set(Leg::Busy);
            let pushed = match push::<_, F>(store.as_ref(), &couch, entries).await {
                Ok(merged) => settle(db, settings, queue, &couch, merged).await,
                Err(e) => Err(e),
            };
            match pushed {
                Ok(()) => {
                    backoff = 1_000;
                    self.pending
                        .set(store.outbox_len().await.unwrap_or_default());
                }
                Err(e) => {
                    self.push.set(Leg::Failed(e));
                    // While it waits to try again, the count follows what is written here
                    // (and drops what was sent before the failure).
                    let mut waited = 0;
                    while waited < backoff && self.current(generation) {
                        self.pending
                            .set(store.outbox_len().await.unwrap_or_default());
                        platform::sleep(IDLE_MS).await;
                        waited += IDLE_MS;
                    }
                    backoff = (backoff * 2).min(MAX_BACKOFF_MS);
                }
            }
        }
    }

    /// Follows the changes feed from the stored checkpoint: pages of [`PULL_BATCH`] until
    /// caught up, then long polls.
    async fn pull_loop<F: Feed>(
        &self,
        db: DbCtx,
        settings: SettingsCtx,
        queue: Option<QueueCtx>,
        couch: Couch,
        config: SyncConfig,
        generation: u32,
    ) {
        let key = config.checkpoint_key();
        let mut backoff = 1_000;
        let mut caught_up = false;
        let mut ahead: Option<(String, Ahead<F>)> = None;
        let settings_id = DocKey::Settings(settings.with_untracked(|s| s.office_code.clone())).id();
        let only_ids = [settings_id.as_str()];
        let only: Option<&[&str]> = (!F::DESK).then_some(&only_ids);
        while self.current(generation) {
            let store = db.get();
            let since = store
                .get_meta(&key)
                .await
                .ok()
                .flatten()
                .unwrap_or_else(|| "0".into());
            if !caught_up {
                self.pull.set(Leg::Busy);
            }
            let wait = if caught_up { LONG_POLL_MS } else { 0 };
            let fetched = match ahead.take() {
                Some((from, page)) if from == since => page.wait().await,
                _ => couch.changes(&since, PULL_BATCH, wait, only).await,
            };
            let page = match fetched {
                Ok(page) => page,
                Err(e) => {
                    caught_up = false;
                    self.pull.set(Leg::Failed(e));
                    platform::sleep(backoff).await;
                    backoff = (backoff * 2).min(MAX_BACKOFF_MS);
                    continue;
                }
            };
            backoff = 1_000;
            let full = page.results.len() as u32 >= PULL_BATCH;
            let next = since_param(&page.last_seq);
            // While catching up, the next page is asked for while this one is merged.
            if full && F::DESK {
                ahead = Some((next.clone(), Ahead::start(&couch, &next)));
            }
            let docs: Vec<_> = page.results.into_iter().filter_map(|c| c.doc).collect();
            if !docs.is_empty() {
                self.pull.set(Leg::Busy);
                if let Err(e) = take_in::<F>(db, settings, queue, &couch, docs).await {
                    self.pull.set(Leg::Failed(e));
                    platform::sleep(backoff).await;
                    continue;
                }
            }
            let _ = store.put_meta(&key, &next).await;
            caught_up = !full;
            if caught_up {
                self.pull.set(Leg::Idle);
                self.note_ok(db, settings).await;
            }
        }
    }
}

/// A page of the changes feed asked for ahead of time: the request runs while the page
/// before it is merged.
/// Where a page asked for ahead lands.
type Slot<F> = std::rc::Rc<std::cell::RefCell<Option<Result<Changes<F>, SyncError>>>>;

struct Ahead<F> {
    slot: Slot<F>,
    done: js_sys::Promise,
}

impl<F: Feed> Ahead<F> {
    fn start(couch: &Couch, since: &str) -> Ahead<F> {
        let slot = std::rc::Rc::new(std::cell::RefCell::new(None));
        let (into, couch, since) = (slot.clone(), couch.clone(), since.to_string());
        let done = wasm_bindgen_futures::future_to_promise(async move {
            let page = couch.changes(&since, PULL_BATCH, 0, None).await;
            *into.borrow_mut() = Some(page);
            Ok(wasm_bindgen::JsValue::NULL)
        });
        Ahead { slot, done }
    }

    async fn wait(self) -> Result<Changes<F>, SyncError> {
        let _ = wasm_bindgen_futures::JsFuture::from(self.done).await;
        self.slot
            .borrow_mut()
            .take()
            .unwrap_or(Err(SyncError::Unreachable))
    }
}

/// Sends `entries`: files the server lacks (asked with `_revs_diff`), then the documents
/// in batches; a document whose copy on the server changed meanwhile is read back, merged
/// here and sent again on the next round.
async fn push<S: Store + Ledger, F: Feed>(
    store: &S,
    couch: &Couch,
    mut entries: Vec<OutboxEntry>,
) -> Result<Vec<svc::Incoming>, SyncError> {
    let mut merged = Vec::new();
    // Files first, so a complaint never arrives before the photos it shows.
    entries.sort_by_key(|e| !e.id.starts_with("f:"));
    let local = |e: crate::store::StoreError| SyncError::Local(e.to_string());
    for batch in entries.chunks(PUSH_BATCH) {
        let out = if F::DESK {
            svc::outgoing(store, batch).await
        } else {
            svc::outgoing_registrations(store, batch).await
        }
        .map_err(local)?;
        let mut written = Vec::new();
        if !out.files.is_empty() {
            let revs: Vec<(String, String)> = out
                .files
                .iter()
                .map(|h| (DocKey::File(h.clone()).id(), file_rev(h)))
                .collect();
            let missing = couch.revs_diff(&revs).await?;
            for (id, rev) in &revs {
                if !missing.contains(id) {
                    written.push((id.clone(), rev.clone()));
                    continue;
                }
                let hash = &id[2..];
                if let Some(f) = store.get_file(hash).await.map_err(local)? {
                    let doc = crate::domain::sync::docs::file_doc(hash, &f.mime, &f.bytes);
                    couch.bulk_docs(&[doc], false).await?;
                }
                written.push((id.clone(), rev.clone()));
            }
        }
        written.extend(couch.bulk_docs(&out.docs, true).await?);
        svc::after_push(store, &out, &written)
            .await
            .map_err(local)?;
        let taken: std::collections::HashSet<&str> =
            written.iter().map(|(id, _)| id.as_str()).collect();
        let refused: Vec<String> = out
            .digests
            .iter()
            .filter(|(id, _)| !taken.contains(id.as_str()))
            .map(|(id, _)| id.clone())
            .collect();
        if !refused.is_empty() && !F::DESK {
            // The tablet only registers: a copy the server refuses is one a desk extended
            // already, with the tablet's registration in it.
            let done: Vec<OutboxEntry> = out
                .entries
                .iter()
                .filter(|e| refused.contains(&e.id))
                .cloned()
                .collect();
            store.sent(&done, &[]).await.map_err(local)?;
        } else if !refused.is_empty() {
            // The server's copies changed since this device last saw them: merge them here;
            // the merged copies stay queued and go out on the next round.
            let docs = couch.all_docs(&refused).await?;
            let settings = store.load_settings().await.map_err(local)?;
            if let Some(settings) = settings {
                merged.push(
                    svc::incoming(store, &settings, docs)
                        .await
                        .map_err(|e| SyncError::Local(e.to_string()))?,
                );
            }
        }
    }
    Ok(merged)
}

/// What the pull loop reads the feed's documents as, and how it merges them: the desk
/// reads every kind; the reception tablet reads only the settings.
trait Feed: serde::de::DeserializeOwned + 'static {
    /// Whether this is the desk's feed.
    const DESK: bool;
    /// Merges pulled documents into the store.
    async fn merge(
        store: &IdbStore,
        settings: &Settings,
        docs: Vec<Self>,
    ) -> Result<svc::Incoming, ServiceError>;
}

impl Feed for InDoc {
    const DESK: bool = true;

    async fn merge(
        store: &IdbStore,
        settings: &Settings,
        docs: Vec<Self>,
    ) -> Result<svc::Incoming, ServiceError> {
        svc::incoming(store, settings, docs).await
    }
}

impl Feed for SettingsInDoc {
    const DESK: bool = false;

    async fn merge(
        store: &IdbStore,
        settings: &Settings,
        docs: Vec<Self>,
    ) -> Result<svc::Incoming, ServiceError> {
        svc::incoming_settings(store, settings, docs).await
    }
}

/// Merges pulled documents here, downloads the files they lack, and shows the changes.
async fn take_in<F: Feed>(
    db: DbCtx,
    settings: SettingsCtx,
    queue: Option<QueueCtx>,
    couch: &Couch,
    docs: Vec<F>,
) -> Result<(), SyncError> {
    let snapshot = settings.get_untracked();
    let came = F::merge(db.get().as_ref(), &snapshot, docs)
        .await
        .map_err(|e| SyncError::Local(e.to_string()))?;
    settle(db, settings, queue, couch, vec![came]).await
}

/// Downloads the files merged documents lack, and shows what changed here: the settings,
/// the complaints (in this tab's queue and in the other tabs).
async fn settle(
    db: DbCtx,
    settings: SettingsCtx,
    queue: Option<QueueCtx>,
    couch: &Couch,
    merged: Vec<svc::Incoming>,
) -> Result<(), SyncError> {
    for came in merged {
        show(db, settings, queue, couch, came).await?;
    }
    Ok(())
}

async fn show(
    db: DbCtx,
    settings: SettingsCtx,
    queue: Option<QueueCtx>,
    couch: &Couch,
    came: svc::Incoming,
) -> Result<(), SyncError> {
    let store = db.get();
    let mut files = Vec::new();
    for (hash, mime) in &came.files {
        let bytes = couch.attachment(&DocKey::File(hash.clone()).id()).await?;
        // A file is taken only when its bytes are the ones its hash names.
        if platform::sha256_hex(&bytes).await.ok().as_deref() == Some(hash.as_str()) {
            files.push(NewFile {
                name: String::new(),
                mime: mime.clone(),
                bytes,
                hash: hash.clone(),
            });
        }
    }
    svc::store_files(store.as_ref(), files)
        .await
        .map_err(|e| SyncError::Local(e.to_string()))?;
    if let Some(s) = came.settings {
        settings.replace(s);
        platform::announce_changes(&Announcement::Settings);
    }
    if !came.numbers.is_empty() {
        // The other tabs read the changed complaints; this one has their summaries.
        platform::announce_changes(&Announcement::Complaints(came.numbers.clone()));
        if let Some(queue) = queue {
            queue.take_synced(came.summaries, came.numbers);
        }
    }
    Ok(())
}
