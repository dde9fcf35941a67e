//! Live sync's reads and writes (issue 17), without the network: which documents to send
//! from the outbox, and how documents pulled from the server are merged in. The platform
//! does the HTTP calls; the state runs the loop.

use chrono::{DateTime, FixedOffset};

use super::access::record;
use super::ServiceError;
use crate::domain::access::AuditChange;
use crate::domain::attachments::NewFile;
use crate::domain::case::{Complaint, ComplaintState};
use crate::domain::exchange::{merge_stored, office_of};
use crate::domain::queue::Summary;
use crate::domain::sync::{
    adopt, digest, docs::doc_json, office_settings, office_wins, DocKey, InDoc, OutboxEntry,
    SettingsDoc, Stamp, SyncConfig, Synced,
};
use crate::domain::vocabulary::Settings;
use crate::store::{Ledger, Pulled, Store, StoreError};

/// The meta key of this device's sync settings (address, user, password).
pub const CONFIG_KEY: &str = "sync_config";
/// The meta key of who saved the settings last, when ([`Stamp`]).
pub const STAMP_KEY: &str = "settings_stamp";
/// The meta key of this device's last successful sync (RFC 3339 text).
pub const LAST_OK_KEY: &str = "sync_last_ok";

/// A value that could not be written as JSON, as a storage failure.
fn json_err(e: serde_json::Error) -> StoreError {
    StoreError::Io(e.to_string())
}

/// This device's sync settings, if set.
pub async fn config<S: Store>(store: &S) -> Result<Option<SyncConfig>, StoreError> {
    Ok(store
        .get_meta(CONFIG_KEY)
        .await?
        .and_then(|json| serde_json::from_str(&json).ok()))
}

/// Sets this device to sync with `config` by `actor`: the outbox gets everything stored
/// (the server may lack all of it), and a new address starts its pull from the beginning.
pub async fn set_config<S: Store + Ledger>(
    store: &S,
    config: &SyncConfig,
    actor: &str,
    at: DateTime<FixedOffset>,
) -> Result<(), ServiceError> {
    let json = serde_json::to_string(config).map_err(json_err)?;
    let before = self::config(store).await?;
    store.queue_writes(true);
    if before.as_ref().is_none_or(|b| b.url != config.url) {
        store.forget_sync().await?;
        store.queue_everything().await?;
    }
    store.put_meta(CONFIG_KEY, &json).await?;
    audit(
        store,
        actor,
        at,
        AuditChange::SyncSet {
            name: config.server().to_string(),
        },
    )
    .await
}

/// Stops syncing: forgets the credentials, the outbox and the record of the server's
/// documents. The data stays.
pub async fn switch_off<S: Store + Ledger>(
    store: &S,
    actor: &str,
    at: DateTime<FixedOffset>,
) -> Result<(), ServiceError> {
    store.queue_writes(false);
    store.put_meta(CONFIG_KEY, "null").await?;
    store.forget_sync().await?;
    audit(store, actor, at, AuditChange::SyncOff).await
}

async fn audit<S: Store>(
    store: &S,
    actor: &str,
    at: DateTime<FixedOffset>,
    change: AuditChange,
) -> Result<(), ServiceError> {
    record(store, actor, at, vec![change])
        .await
        .map_err(|e| ServiceError::Store(StoreError::Io(e.to_string())))
}

/// Records who saved the settings, when (the latest manager's change wins across devices).
pub async fn stamp_settings<S: Store>(store: &S, stamp: &Stamp) -> Result<(), StoreError> {
    let json = serde_json::to_string(stamp).map_err(json_err)?;
    store.put_meta(STAMP_KEY, &json).await
}

async fn settings_stamp<S: Store>(store: &S) -> Result<Option<Stamp>, StoreError> {
    Ok(store
        .get_meta(STAMP_KEY)
        .await?
        .and_then(|json| serde_json::from_str(&json).ok()))
}

/// What to send for some outbox entries.
#[derive(Debug, Default)]
pub struct Outgoing {
    /// Complaint, buyer and settings documents (JSON text), for `_bulk_docs`.
    pub docs: Vec<String>,
    /// For each of `docs`: its id and the digest of its content.
    pub digests: Vec<(String, String)>,
    /// The hashes of files to send (after `_revs_diff` says the server lacks them).
    pub files: Vec<String>,
    /// The entries `docs` and `files` come from.
    pub entries: Vec<OutboxEntry>,
    /// Entries with nothing to send: equal to the server's copy already, or not stored.
    pub done: Vec<OutboxEntry>,
}

/// Builds the documents for `entries`: each complaint, buyer and the settings as stored
/// now, leaving out what equals the server's copy this device knows of.
pub async fn outgoing<S: Store + Ledger>(
    store: &S,
    entries: &[OutboxEntry],
) -> Result<Outgoing, StoreError> {
    outgoing_of::<S, true>(store, entries).await
}

/// [`outgoing`] for the reception tablet, which keeps no buyers (their code stays out of
/// its bundle).
pub async fn outgoing_registrations<S: Store + Ledger>(
    store: &S,
    entries: &[OutboxEntry],
) -> Result<Outgoing, StoreError> {
    outgoing_of::<S, false>(store, entries).await
}

async fn outgoing_of<S: Store + Ledger, const BUYERS: bool>(
    store: &S,
    entries: &[OutboxEntry],
) -> Result<Outgoing, StoreError> {
    let mut out = Outgoing::default();
    let ids: Vec<String> = entries.iter().map(|e| e.id.clone()).collect();
    let known = store.synced(&ids).await?;
    let mut numbers = Vec::new();
    let mut buyers = Vec::new();
    let mut settings_entry = None;
    for (e, k) in entries.iter().zip(&known) {
        match DocKey::parse(&e.id) {
            Some(DocKey::Complaint(n)) => numbers.push((n, e, k)),
            Some(DocKey::Buyer(id)) => buyers.push((id, e, k)),
            Some(DocKey::File(h)) => {
                if k.is_some() {
                    out.done.push(e.clone());
                } else {
                    out.files.push(h);
                    out.entries.push(e.clone());
                }
            }
            Some(DocKey::Settings(_)) => settings_entry = Some((e, k)),
            None => out.done.push(e.clone()),
        }
    }
    let add = |out: &mut Outgoing, e: &OutboxEntry, k: &Option<Synced>, field, body: String| {
        let d = digest(&body);
        if k.as_ref().is_some_and(|k| k.digest == d) {
            out.done.push(e.clone());
            return;
        }
        out.docs.push(doc_json(
            &e.id,
            k.as_ref().map(|k| k.rev.as_str()),
            field,
            &body,
        ));
        out.digests.push((e.id.clone(), d));
        out.entries.push(e.clone());
    };
    if !numbers.is_empty() {
        let list: Vec<String> = numbers.iter().map(|(n, _, _)| n.clone()).collect();
        let stored = store.get_many(&list).await?;
        let mut by_number: std::collections::HashMap<&str, &Complaint> =
            stored.iter().map(|c| (c.number.as_str(), c)).collect();
        for (n, e, k) in &numbers {
            match by_number.remove(n.as_str()) {
                Some(c) => {
                    let body = serde_json::to_string(c).map_err(json_err)?;
                    add(&mut out, e, k, "complaint", body);
                }
                None => out.done.push((*e).clone()),
            }
        }
    }
    if !BUYERS {
        out.done.extend(buyers.iter().map(|(_, e, _)| (*e).clone()));
    } else if !buyers.is_empty() {
        let list: Vec<String> = buyers.iter().map(|(id, _, _)| id.clone()).collect();
        let found = store
            .update_buyers(&list, |found| Ok::<_, StoreError>((Vec::new(), found)))
            .await?;
        for ((_, e, k), b) in buyers.iter().zip(found) {
            match b {
                Some(b) => {
                    let body = serde_json::to_string(&b).map_err(json_err)?;
                    add(&mut out, e, k, "buyer", body);
                }
                None => out.done.push((*e).clone()),
            }
        }
    }
    if let Some((e, k)) = settings_entry {
        match store.load_settings().await? {
            Some(s) => {
                let doc = SettingsDoc {
                    office: office_settings(&s),
                    stamp: settings_stamp(store).await?,
                };
                let body = serde_json::to_string(&doc).map_err(json_err)?;
                add(&mut out, e, k, "settings", body);
            }
            None => out.done.push(e.clone()),
        }
    }
    Ok(out)
}

/// What merging pulled documents changed here.
#[derive(Debug, Default)]
pub struct Incoming {
    /// Complaints whose history changed here.
    pub numbers: Vec<String>,
    /// Their summaries as written (for the queue on screen).
    pub summaries: Vec<Summary>,
    /// The office's settings, when they were adopted from the server.
    pub settings: Option<Settings>,
    /// Whether buyers' records changed here.
    pub buyers: bool,
    /// Files the server has and this device lacks: (hash, media type), to download.
    pub files: Vec<(String, String)>,
    /// Complaints whose copy on the server could not be taken in (a damaged document):
    /// left as they are here.
    pub refused: Vec<String>,
}

/// Merges documents pulled from the server into the stored data, as an import merges a
/// file: complaints by the union of both histories, buyers by the union of their records,
/// the settings by the latest manager's change.
pub async fn incoming<S: Store + Ledger>(
    store: &S,
    settings: &Settings,
    docs: Vec<InDoc>,
) -> Result<Incoming, ServiceError> {
    let mut out = Incoming::default();
    let mut complaints: Vec<(String, String, Complaint)> = Vec::new();
    let mut buyers = Vec::new();
    let mut synced = Vec::new();
    let mut office_doc = None;
    // This device's own writes come back in the feed: a revision it knows already is skipped
    // without reading anything else.
    let ids: Vec<String> = docs.iter().map(|d| d.id.clone()).collect();
    let known = store.synced(&ids).await?;
    for (doc, known) in docs.into_iter().zip(known) {
        if doc.deleted || known.is_some_and(|k| k.rev == doc.rev) {
            continue;
        }
        match DocKey::parse(&doc.id) {
            Some(DocKey::Complaint(n)) => match doc.complaint {
                Some(c) if c.number == n && office_of(&n) == Some(c.office.as_str()) => {
                    complaints.push((doc.id, doc.rev, c));
                }
                _ => out.refused.push(n),
            },
            Some(DocKey::Buyer(_)) => {
                if let Some(b) = doc.buyer {
                    let body = serde_json::to_string(&b).map_err(json_err)?;
                    synced.push((
                        doc.id,
                        Synced {
                            rev: doc.rev,
                            digest: digest(&body),
                        },
                    ));
                    buyers.push(b);
                }
            }
            Some(DocKey::File(h)) => {
                let missing = store.get_file(&h).await?.is_none();
                if missing {
                    out.files.push((h, doc.mime.unwrap_or_default()));
                }
            }
            // Another office's settings (head office's database holds every office's).
            Some(DocKey::Settings(office)) if office != settings.office_code => {}
            Some(DocKey::Settings(_)) => {
                if let Some(s) = doc
                    .settings
                    .filter(|s| s.office.office_code == settings.office_code)
                {
                    office_doc = Some((doc.rev, s));
                }
            }
            None => {}
        }
    }
    if !complaints.is_empty() {
        merge_complaints(store, settings, complaints, &mut out).await?;
    }
    if !buyers.is_empty() {
        let (added, merged, entries) = super::buyers::merge_in(store, buyers).await?;
        out.buyers = added + merged + entries > 0;
    }
    if !synced.is_empty() {
        store.sent(&[], &synced).await?;
    }
    if let Some((rev, doc)) = office_doc {
        take_settings(store, settings, rev, doc, &mut out).await?;
    }
    Ok(out)
}

/// [`incoming`] for the reception tablet: only the office's settings are taken.
pub async fn incoming_settings<S: Store + Ledger>(
    store: &S,
    settings: &Settings,
    docs: Vec<crate::domain::sync::docs::SettingsInDoc>,
) -> Result<Incoming, ServiceError> {
    let mut out = Incoming::default();
    let own = DocKey::Settings(settings.office_code.clone()).id();
    for doc in docs {
        if doc.id != own || doc.deleted {
            continue;
        }
        if let Some(s) = doc
            .settings
            .filter(|s| s.office.office_code == settings.office_code)
        {
            take_settings(store, settings, doc.rev, s, &mut out).await?;
        }
    }
    Ok(out)
}

async fn merge_complaints<S: Store + Ledger>(
    store: &S,
    settings: &Settings,
    docs: Vec<(String, String, Complaint)>,
    out: &mut Incoming,
) -> Result<(), ServiceError> {
    let numbers: Vec<String> = docs.iter().map(|(_, _, c)| c.number.clone()).collect();
    let (changed, refused) = store
        .apply_pulled(&numbers, &[], |found| {
            let mut pulled = Pulled::default();
            let (mut changed, mut refused) = (Vec::new(), Vec::new());
            for ((id, rev, theirs), ours) in docs.into_iter().zip(found) {
                let body = serde_json::to_string(&theirs).map_err(json_err)?;
                let record = Synced {
                    rev,
                    digest: digest(&body),
                };
                let merged = match &ours {
                    None => ComplaintState::replay(&theirs.events)
                        .map(|state| Some((theirs.clone(), state, true)))
                        .ok(),
                    Some(o) if o.events == theirs.events => Some(None),
                    Some(o) => merge_stored(o, &theirs, false).ok().map(|m| {
                        let write = m.outcome.changes_ours();
                        Some((m.complaint, m.state, write))
                    }),
                };
                match merged {
                    // The server's copy cannot be taken in: keep ours, and do not record
                    // the server's revision, so it is looked at again on the next change.
                    None => refused.push(theirs.number),
                    Some(None) => pulled.synced.push((id, record)),
                    Some(Some((c, state, write))) => {
                        if c.events != theirs.events {
                            pulled.queue.push(id.clone());
                        }
                        pulled.synced.push((id, record));
                        if write {
                            let s = Summary::new(&c, &state, settings);
                            changed.push(s.clone());
                            pulled.writes.push((c, s));
                        }
                    }
                }
            }
            Ok::<_, ServiceError>((pulled, (changed, refused)))
        })
        .await?;
    out.numbers.extend(changed.iter().map(|s| s.number.clone()));
    out.summaries.extend(changed);
    out.refused.extend(refused);
    Ok(())
}

/// Takes the office's settings from the server when their change is the latest; otherwise
/// keeps ours and queues them, so ours replace the server's. The losing change is kept in
/// the audit list.
async fn take_settings<S: Store + Ledger>(
    store: &S,
    settings: &Settings,
    rev: String,
    doc: SettingsDoc,
    out: &mut Incoming,
) -> Result<(), ServiceError> {
    let body = serde_json::to_string(&doc).map_err(json_err)?;
    let key = DocKey::Settings(settings.office_code.clone()).id();
    let record = (
        key.clone(),
        Synced {
            rev,
            digest: digest(&body),
        },
    );
    let ours = settings_stamp(store).await?;
    if office_wins(doc.stamp.as_ref(), ours.as_ref()) {
        let adopted = adopt(settings, &doc.office);
        if adopted != *settings {
            super::save_settings(store, settings, &adopted, &|_| {}).await?;
            out.settings = Some(adopted);
        }
        match &doc.stamp {
            Some(t) => {
                stamp_settings(store, t).await?;
                if let Some(o) = ours.filter(|o| o != t) {
                    lost(store, &o, &t.by).await?;
                }
            }
            None => {
                store.put_meta(STAMP_KEY, "null").await?;
            }
        }
        store.sent(&[], &[record]).await?;
    } else {
        if let (Some(t), Some(o)) = (&doc.stamp, &ours) {
            lost(store, t, &o.by).await?;
        }
        store.sent(&[], &[record]).await?;
        store.queue(&[key]).await?;
    }
    Ok(())
}

/// Records that the settings change `loser` lost to one by `winner`.
async fn lost<S: Store>(store: &S, loser: &Stamp, winner: &str) -> Result<(), ServiceError> {
    audit(
        store,
        &loser.by,
        loser.at,
        AuditChange::SettingsSuperseded {
            name: winner.to_string(),
        },
    )
    .await
}

/// Stores files downloaded from the server (their hashes checked by the caller), and
/// records that the server has them.
pub async fn store_files<S: Store + Ledger>(
    store: &S,
    files: Vec<NewFile>,
) -> Result<(), StoreError> {
    if files.is_empty() {
        return Ok(());
    }
    let synced: Vec<(String, Synced)> = files
        .iter()
        .map(|f| {
            (
                DocKey::File(f.hash.clone()).id(),
                Synced {
                    rev: crate::domain::sync::file_rev(&f.hash),
                    digest: f.hash.clone(),
                },
            )
        })
        .collect();
    store
        .apply_pulled(&[], &files, |_| {
            Ok::<_, StoreError>((
                Pulled {
                    synced,
                    ..Pulled::default()
                },
                (),
            ))
        })
        .await
}

/// The results of a `_bulk_docs` write, sorted out: what was written (with its new
/// revision) and what the server refused because its copy changed meanwhile.
pub async fn after_push<S: Store + Ledger>(
    store: &S,
    sent: &Outgoing,
    written: &[(String, String)],
) -> Result<(), StoreError> {
    let revs: std::collections::HashMap<&str, &str> = written
        .iter()
        .map(|(id, rev)| (id.as_str(), rev.as_str()))
        .collect();
    let mut acked: Vec<OutboxEntry> = sent.done.clone();
    let mut synced = Vec::new();
    for (id, d) in &sent.digests {
        if let Some(rev) = revs.get(id.as_str()) {
            synced.push((
                id.clone(),
                Synced {
                    rev: rev.to_string(),
                    digest: d.clone(),
                },
            ));
        }
    }
    for (id, rev) in written.iter().filter(|(id, _)| id.starts_with("f:")) {
        synced.push((
            id.clone(),
            Synced {
                rev: rev.clone(),
                digest: id[2..].to_string(),
            },
        ));
    }
    for e in &sent.entries {
        if revs.contains_key(e.id.as_str()) {
            acked.push(e.clone());
        }
    }
    store.sent(&acked, &synced).await
}
