//! The app's operations: domain rules and storage put together, generic over [`Store`] so
//! they run on the host against [`crate::store::memory::MemoryStore`] in tests and against
//! IndexedDB in the browser. Components call these; they hold no business `if`s themselves.

use chrono::{DateTime, FixedOffset};
use thiserror::Error;

use crate::domain::attachments::{records, NewFile};
use crate::domain::case::{
    complaint_number, event_id, Complaint, ComplaintState, Event, EventData, Sheet, WorkflowError,
};
use crate::domain::exchange::{self, BackupError, ImportError, Imported, Outcome, ZipWriter};
use crate::domain::intake::{FieldErrors, IntakeForm};
use crate::domain::queue::Summary;
use crate::domain::vocabulary::{Settings, Staff};
use crate::store::{Store, StoreError};

pub mod access;
pub mod buyers;
pub mod queue_load;
pub mod sync;

/// Why an operation failed; the message is for the user.
#[derive(Debug, Error)]
pub enum ServiceError {
    /// The form has errors (per field).
    #[error("表单有误，请检查标红的栏目")]
    Form(FieldErrors),
    /// The workflow refused the action.
    #[error("{0}")]
    Workflow(#[from] WorkflowError),
    /// Storage failed.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The import file was refused.
    #[error("{0}")]
    Import(#[from] ImportError),
    /// The backup (.zip) was refused, or could not be written.
    #[error("{0}")]
    Backup(#[from] BackupError),
    /// No such complaint.
    #[error("找不到投诉 {0}")]
    NotFound(String),
    /// The settings were refused.
    #[error("{0}")]
    Settings(#[from] crate::domain::vocabulary::SettingsError),
    /// The complaint has no work-contact sheet with that id.
    #[error("找不到工作联系单 {0}")]
    SheetNotFound(String),
    /// The acting person is not on the staff list.
    #[error("请先登录")]
    NoActor,
    /// Beyond the actor's authority.
    #[error("{0}")]
    Authority(#[from] crate::domain::case::AuthorityError),
    /// The buyer list's file was refused (issue 12).
    #[error("{0}")]
    BuyerFile(#[from] crate::domain::aftersales::CsvError),
    /// An entry in a buyer's record was refused.
    #[error("{0}")]
    Buyer(#[from] crate::domain::aftersales::BuyerError),
    /// A hand-over of buyers was refused.
    #[error("{0}")]
    Reassign(#[from] crate::domain::aftersales::ReassignError),
    /// No buyer with that id.
    #[error("找不到该客户的记录")]
    BuyerNotFound(String),
}

/// Where and when an operation happens: the device's settings, the acting staff member and
/// the time (passed in, never read inside).
#[derive(Clone, Debug)]
pub struct Ctx<'a> {
    /// The device's settings.
    pub settings: &'a Settings,
    /// Who acts.
    pub actor: Option<&'a Staff>,
    /// Now, in the office's offset.
    pub now: DateTime<FixedOffset>,
    /// A per-session counter value that makes event ids unique within a millisecond.
    pub seq: u32,
}

impl Ctx<'_> {
    fn actor(&self) -> Result<&Staff, ServiceError> {
        self.actor.ok_or(ServiceError::NoActor)
    }

    fn event_id(&self) -> String {
        event_id(
            &self.settings.office_code,
            &self.settings.device_code,
            self.now.timestamp_millis(),
            self.seq,
        )
    }

    /// The id of the attach event recorded with this operation's event: a millisecond
    /// later in its time part, so it never meets the next operation's id (whose counter
    /// differs).
    fn attach_event_id(&self) -> String {
        event_id(
            &self.settings.office_code,
            &self.settings.device_code,
            self.now.timestamp_millis() + 1,
            self.seq,
        )
    }

    /// The event attaching `files`, by `actor` at `at` (`None` when there are none).
    fn attach_event(
        &self,
        actor: &Staff,
        at: DateTime<FixedOffset>,
        note: &str,
        files: &[NewFile],
    ) -> Option<Event> {
        if files.is_empty() {
            return None;
        }
        let id = self.attach_event_id();
        Some(Event {
            id: id.clone(),
            at,
            actor: actor.name.clone(),
            role: actor.role,
            note: note.trim().to_string(),
            data: EventData::Attach {
                attachments: records(&id, files),
            },
        })
    }
}

/// The counter that numbers a device's complaints on one day.
pub fn day_counter(settings: &Settings, now: DateTime<FixedOffset>) -> String {
    format!(
        "seq-{}-{}",
        settings.device_code,
        crate::domain::vocabulary::ymd_compact(now.date_naive())
    )
}

/// Validates the form and registers a new complaint; returns it with its new number.
pub async fn register<S: Store>(
    store: &S,
    ctx: &Ctx<'_>,
    form: &IntakeForm,
) -> Result<(Complaint, Summary), ServiceError> {
    register_attaching(store, ctx, form, &[]).await
}

/// [`register`] with photos and documents: the registration is followed by an attach event
/// naming `files`, and the files are stored in the same transaction as the complaint.
pub async fn register_attaching<S: Store>(
    store: &S,
    ctx: &Ctx<'_>,
    form: &IntakeForm,
    files: &[NewFile],
) -> Result<(Complaint, Summary), ServiceError> {
    register_with(store, ctx, form, None, files).await
}

/// R-05, the fast path: whoever received the complaint registers it and records the answer
/// given on the spot (`reply`) in one step; the complaint is then answered and waits for the
/// usual satisfaction callback. The form is checked as for [`register`], and the answer as
/// the workflow checks a settling (a reply is needed; a major complaint's is the GM's);
/// nothing is written when either is refused.
pub async fn register_settled<S: Store>(
    store: &S,
    ctx: &Ctx<'_>,
    form: &IntakeForm,
    reply: &str,
) -> Result<(Complaint, Summary), ServiceError> {
    register_with(store, ctx, form, Some(reply), &[]).await
}

/// [`register_settled`] with photos and documents, all in one transaction.
pub async fn register_settled_attaching<S: Store>(
    store: &S,
    ctx: &Ctx<'_>,
    form: &IntakeForm,
    reply: &str,
    files: &[NewFile],
) -> Result<(Complaint, Summary), ServiceError> {
    register_with(store, ctx, form, Some(reply), files).await
}

/// One registration: the checked form, then the answer given on the spot (when `reply`),
/// then the attach event (when `files`), each a millisecond after the one before in its id;
/// checked whole before a number is taken, written with the files in one transaction.
async fn register_unlinked<S: Store>(
    store: &S,
    ctx: &Ctx<'_>,
    form: &IntakeForm,
    reply: Option<&str>,
    files: &[NewFile],
) -> Result<(Complaint, Summary), ServiceError> {
    let actor = ctx.actor()?;
    let intake = form
        .validate(
            &ctx.settings.categories,
            ctx.now.naive_local(),
            &ctx.settings.severity_rules,
        )
        .map_err(ServiceError::Form)?;
    let office = ctx.settings.office_code.clone();
    let device = ctx.settings.device_code.clone();
    let day = ctx.now.date_naive();
    let later_id = |ms: i64| event_id(&office, &device, ctx.now.timestamp_millis() + ms, ctx.seq);
    let build = |seq: u32| -> Result<(Complaint, ComplaintState), WorkflowError> {
        let mut c = Complaint::register(
            complaint_number(&office, &device, day, seq),
            office.clone(),
            intake.clone(),
            ctx.event_id(),
            ctx.now,
            &actor.name,
            actor.role,
        );
        let mut state = c.state()?;
        let mut next_ms = 1;
        if let Some(reply) = reply {
            state = c.append(Event {
                id: later_id(next_ms),
                at: ctx.now,
                actor: actor.name.clone(),
                role: actor.role,
                note: String::new(),
                data: EventData::Settle {
                    reply: reply.trim().to_string(),
                },
            })?;
            next_ms += 1;
        }
        if let Some(mut attach) = ctx.attach_event(actor, ctx.now, "", files) {
            attach.id = later_id(next_ms);
            state = c.append(attach)?;
        }
        Ok((c, state))
    };
    // Checked before a number is taken.
    build(0)?;
    let mut summary = None;
    let complaint = store
        .create_with_files(&day_counter(ctx.settings, ctx.now), files, |seq| {
            let (c, state) = build(seq).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let s = Summary::new(&c, &state, ctx.settings);
            summary = Some(s.clone());
            Ok((c, s))
        })
        .await?;
    let summary = summary.ok_or_else(|| StoreError::Corrupt("summary".into()))?;
    Ok((complaint, summary))
}

/// [`register_with`] for the reception tablet: its form names no buyer, so the buyer link
/// (and the buyer records' code) stays out of the reception entry's bundle.
pub async fn register_at_reception<S: Store>(
    store: &S,
    ctx: &Ctx<'_>,
    form: &IntakeForm,
    files: &[NewFile],
) -> Result<(Complaint, Summary), ServiceError> {
    register_unlinked(store, ctx, form, None, files).await
}

/// One registration as [`register_unlinked`] writes it, then linked to the buyer picked at
/// intake.
async fn register_with<S: Store>(
    store: &S,
    ctx: &Ctx<'_>,
    form: &IntakeForm,
    reply: Option<&str>,
    files: &[NewFile],
) -> Result<(Complaint, Summary), ServiceError> {
    let (complaint, summary) = register_unlinked(store, ctx, form, reply, files).await?;
    if !form.buyer.trim().is_empty() {
        // Linked both ways: the complaint names the buyer, the buyer's record the complaint.
        let callback = Some(form.buyer_callback.trim()).filter(|c| !c.is_empty());
        buyers::link_complaint(store, ctx, form.buyer.trim(), &complaint.number, callback).await?;
    }
    Ok((complaint, summary))
}

/// the export file of one complaint (a case forwarded by group HQ, sent back with its
/// 客户投诉处理表), in the format of every export.
pub async fn export_one<S: Store>(
    store: &S,
    settings: &Settings,
    number: &str,
    now: DateTime<FixedOffset>,
) -> Result<String, ServiceError> {
    let (complaint, _) = load(store, number).await?;
    let file = exchange::export(settings, std::slice::from_ref(&complaint), now);
    Ok(serde_json::to_string(&file).map_err(|e| StoreError::Io(e.to_string()))?)
}

/// Records an action on a complaint, if the workflow allows it. Returns the updated complaint,
/// its state and summary; nothing is written on error.
///
/// The complaint is read and written in one transaction, so an action confirmed at the same
/// moment in another tab (or an escalation) is never overwritten: this action is applied to
/// the history as it is stored at that moment, after whatever came first, and refused only
/// when the workflow refuses it there. When the other action was recorded a moment later
/// than this one's `now`, this one takes that time, so the history stays in the order it was
/// written.
pub async fn act<S: Store>(
    store: &S,
    ctx: &Ctx<'_>,
    number: &str,
    data: EventData,
    note: &str,
) -> Result<(Complaint, ComplaintState, Summary), ServiceError> {
    act_attaching(store, ctx, number, Some(data), note, &[]).await
}

/// [`act`] with photos and documents: the action's event (if any: `None` attaches files
/// only, the note going with them) is followed by an attach event naming `files`, and the
/// files are stored in the same transaction. A refused action stores no file.
pub async fn act_attaching<S: Store>(
    store: &S,
    ctx: &Ctx<'_>,
    number: &str,
    data: Option<EventData>,
    note: &str,
    files: &[NewFile],
) -> Result<(Complaint, ComplaintState, Summary), ServiceError> {
    let actor = ctx.actor()?;
    let id = ctx.event_id();
    let data = data.map(|data| match data {
        // A sheet is named after the event that issues it: unique across devices.
        EventData::IssueSheet {
            sheet,
            department,
            request,
            due,
        } if sheet.is_empty() => EventData::IssueSheet {
            sheet: id.clone(),
            department,
            request,
            due,
        },
        other => other,
    });
    if data.is_none() && files.is_empty() {
        return Err(WorkflowError::BadAttachment("0 个文件".into()).into());
    }
    let numbers = [number.to_string()];
    store
        .update_with_files(&numbers, files, &|_| {}, |mut found| {
            let mut complaint = found
                .pop()
                .flatten()
                .ok_or_else(|| ServiceError::NotFound(number.to_string()))?;
            // The last event is the latest: the workflow keeps histories in time order.
            let at = match complaint.events.last() {
                Some(last) => after_latest(ctx.now, last.at),
                None => ctx.now,
            };
            let mut state = None;
            if let Some(data) = data {
                // Within authority: checked against the history as stored.
                let before = complaint.state()?;
                crate::domain::case::check_authority(
                    &before,
                    &data,
                    actor.role,
                    &ctx.settings.authority,
                )?;
                crate::domain::case::check_reply_levels(
                    &before,
                    &data,
                    actor.role,
                    &ctx.settings.written_reply_levels,
                )?;
                state = Some(complaint.append(Event {
                    id,
                    at,
                    actor: actor.name.clone(),
                    role: actor.role,
                    note: note.trim().to_string(),
                    data,
                })?);
            }
            let attach_note = if state.is_some() { "" } else { note };
            if let Some(attach) = ctx.attach_event(actor, at, attach_note, files) {
                state = Some(complaint.append(attach)?);
            }
            let state = match state {
                Some(state) => state,
                None => complaint.state()?,
            };
            let summary = Summary::new(&complaint, &state, ctx.settings);
            let out = (complaint.clone(), state, summary.clone());
            Ok((vec![(complaint, summary)], out))
        })
        .await
}

/// Removes attachment `attachment` from view: a detach event (with the reason in `note`);
/// the file stays stored until the complaint is purged.
pub async fn detach<S: Store>(
    store: &S,
    ctx: &Ctx<'_>,
    number: &str,
    attachment: &str,
    note: &str,
) -> Result<(Complaint, ComplaintState, Summary), ServiceError> {
    let data = EventData::Detach {
        attachment: attachment.to_string(),
    };
    act(store, ctx, number, data, note).await
}

/// Purges the stored files of complaint `number`'s removed attachments (a manager's or the
/// GM's step once it is archived): the files no other stored complaint refers to are
/// deleted, and a `purge_files` event naming them is recorded, in one transaction that reads
/// every stored complaint (so an attach elsewhere cannot come between the check and the
/// deletion). Returns the complaint as written and the hashes deleted.
pub async fn purge_files<S: Store>(
    store: &S,
    ctx: &Ctx<'_>,
    number: &str,
) -> Result<(Complaint, ComplaintState, Summary, Vec<String>), ServiceError> {
    let actor = ctx.actor()?;
    let id = ctx.event_id();
    let mut numbers = vec![number.to_string()];
    numbers.extend(store.numbers().await?.into_iter().filter(|n| n != number));
    store
        .update_deleting_files(&numbers, |found| {
            let mut found = found.into_iter();
            let mut complaint = found
                .next()
                .flatten()
                .ok_or_else(|| ServiceError::NotFound(number.to_string()))?;
            let mut needed = std::collections::BTreeSet::new();
            for other in found.flatten() {
                match other.state() {
                    Ok(state) => needed.extend(state.needed_files().cloned()),
                    // A history that does not replay keeps every file it names.
                    Err(_) => needed.extend(other.events.iter().flat_map(|e| match &e.data {
                        EventData::Attach { attachments } => {
                            attachments.iter().map(|a| a.hash.clone()).collect()
                        }
                        _ => Vec::new(),
                    })),
                }
            }
            let before = complaint.state()?;
            let hashes = before.purgeable(&needed);
            let at = match complaint.events.last() {
                Some(last) => after_latest(ctx.now, last.at),
                None => ctx.now,
            };
            let state = complaint.append(Event {
                id,
                at,
                actor: actor.name.clone(),
                role: actor.role,
                note: String::new(),
                data: EventData::PurgeFiles {
                    hashes: hashes.clone(),
                },
            })?;
            let summary = Summary::new(&complaint, &state, ctx.settings);
            let out = (complaint.clone(), state, summary.clone(), hashes.clone());
            Ok((vec![(complaint, summary)], hashes, out))
        })
        .await
}

/// Resolves the open conflict of complaint `number` (a manager's or the GM's step) as
/// `choice`: the resolution the domain offers for the history as stored (checked by a trial
/// replay, see [`crate::domain::case::resolution`]) is recorded as a `resolve_conflict`
/// event, with `note`, in one transaction. Refused when the actor is not a manager or the
/// GM, when no conflict is open, or when that choice does not replay.
pub async fn resolve_conflict<S: Store>(
    store: &S,
    ctx: &Ctx<'_>,
    number: &str,
    choice: crate::domain::case::Resolution,
    note: &str,
) -> Result<(Complaint, ComplaintState, Summary), ServiceError> {
    let actor = ctx.actor()?;
    let id = ctx.event_id();
    let numbers = [number.to_string()];
    store
        .update(&numbers, &|_| {}, |mut found| {
            let mut complaint = found
                .pop()
                .flatten()
                .ok_or_else(|| ServiceError::NotFound(number.to_string()))?;
            let before = complaint.state()?;
            let data = crate::domain::case::resolution(&complaint.events, &before, choice)
                .ok_or(WorkflowError::NoConflictChoice(choice.label()))?;
            let latest = complaint.events.iter().map(|e| e.at).max();
            let now = latest.map_or(ctx.now, |l| after_latest(ctx.now, l));
            let state = complaint.append(Event {
                id,
                at: crate::domain::case::resolution_time(&complaint.events, now),
                actor: actor.name.clone(),
                role: actor.role,
                note: note.trim().to_string(),
                data,
            })?;
            let summary = Summary::new(&complaint, &state, ctx.settings);
            let out = (complaint.clone(), state, summary.clone());
            Ok::<_, ServiceError>((vec![(complaint, summary)], out))
        })
        .await
}

/// How far behind the latest event an action's time may be and still be recorded right after
/// it: two tabs of one device confirming at once are milliseconds apart. A clock further
/// behind is a wrong clock, and the workflow refuses the action as out of order.
const SAME_MOMENT_MS: i64 = 60_000;

/// The time an action is recorded at: `now`, or the latest event's time when `now` is a
/// moment before it (see [`SAME_MOMENT_MS`]), so the history stays in the order written.
fn after_latest(
    now: DateTime<FixedOffset>,
    latest: DateTime<FixedOffset>,
) -> DateTime<FixedOffset> {
    let behind = (latest - now).num_milliseconds();
    if behind > 0 && behind <= SAME_MOMENT_MS {
        latest
    } else {
        now
    }
}

/// Builds the export file's text from everything stored.
pub async fn export_json<S: Store>(
    store: &S,
    settings: &Settings,
    now: DateTime<FixedOffset>,
) -> Result<(String, usize), ServiceError> {
    export_file(store, settings, now, ExportFormat::Json, false).await
}

/// The two shapes of the export file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// One JSON document (`.json`).
    Json,
    /// A header line, then one complaint per line (`.ndjson`), for DuckDB, pandas or Spark.
    Ndjson,
}

/// Builds an export file's text in `format`; `masked` hides customers' names and phones
/// (for sending outside the office; the file says it is masked).
pub async fn export_file<S: Store>(
    store: &S,
    settings: &Settings,
    now: DateTime<FixedOffset>,
    format: ExportFormat,
    masked: bool,
) -> Result<(String, usize), ServiceError> {
    let complaints = store.complaints().await?;
    let buyers = store.buyers().await?;
    export_text(
        exchange::export_all(settings, &complaints, &buyers, now),
        format,
        masked,
    )
}

/// The reception tablet's export (JSON): this device's complaints, for the desk to import.
/// No buyer records: the tablet registers walk-in customers only, and leaving them out keeps
/// the buyer records' code out of the reception entry's bundle.
pub async fn export_complaints<S: Store>(
    store: &S,
    settings: &Settings,
    now: DateTime<FixedOffset>,
) -> Result<(String, usize), ServiceError> {
    let complaints = store.complaints().await?;
    export_text(
        exchange::export(settings, &complaints, now),
        ExportFormat::Json,
        false,
    )
}

/// An export file as text in `format`, masked when asked; with its number of complaints.
fn export_text(
    mut file: crate::domain::exchange::ExportFile,
    format: ExportFormat,
    masked: bool,
) -> Result<(String, usize), ServiceError> {
    if masked {
        file = crate::domain::exchange::mask_export(&file);
    }
    let text = match format {
        ExportFormat::Json => {
            serde_json::to_string(&file).map_err(|e| StoreError::Io(e.to_string()))?
        }
        ExportFormat::Ndjson => crate::domain::exchange::to_ndjson(&file),
    };
    Ok((text, file.complaints.len()))
}

/// What a full backup holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupReport {
    /// Complaints in it.
    pub complaints: usize,
    /// Files in it.
    pub files: usize,
    /// Files its complaints refer to that this device does not have (they came in a
    /// head-office export without their files).
    pub missing: usize,
    /// Its size in bytes.
    pub bytes: u64,
}

/// Writes the full backup: a stored ZIP of the JSON export (`export.json`), every file the
/// complaints refer to once (`attachments/<sha256 hex>`) and the manifest (`backup.json`),
/// handed to `sink` part by part (a header, then the bytes it heads), so that the browser
/// never holds more than one file in the app's memory.
pub async fn export_backup<S: Store>(
    store: &S,
    settings: &Settings,
    now: DateTime<FixedOffset>,
    sink: &mut dyn FnMut(Vec<u8>),
) -> Result<BackupReport, ServiceError> {
    let complaints = store.complaints().await?;
    let file = exchange::export(settings, &complaints, now);
    let text = serde_json::to_vec(&file).map_err(|e| StoreError::Io(e.to_string()))?;
    let mut zip = ZipWriter::new(now.naive_local());
    let zip_err = |e| ServiceError::Backup(BackupError::Zip(e));
    let mut bytes = 0u64;
    let mut put = |part: Vec<u8>, sink: &mut dyn FnMut(Vec<u8>)| {
        bytes += part.len() as u64;
        sink(part);
    };
    put(
        zip.entry(exchange::EXPORT_ENTRY, &text).map_err(zip_err)?,
        sink,
    );
    put(text, sink);
    let (mut files, mut missing) = (0, Vec::new());
    for hash in exchange::referenced_files(&complaints).into_keys() {
        match store.get_file(&hash).await? {
            Some(f) => {
                let path = exchange::attachment_path(&hash);
                put(zip.entry(&path, &f.bytes).map_err(zip_err)?, sink);
                put(f.bytes, sink);
                files += 1;
            }
            None => missing.push(hash),
        }
    }
    let n_missing = missing.len();
    let manifest = serde_json::to_vec(&exchange::Manifest::new(files, missing))
        .map_err(|e| StoreError::Io(e.to_string()))?;
    put(
        zip.entry(exchange::MANIFEST_ENTRY, &manifest)
            .map_err(zip_err)?,
        sink,
    );
    put(manifest, sink);
    put(zip.finish().map_err(zip_err)?, sink);
    Ok(BackupReport {
        complaints: file.complaints.len(),
        files,
        missing: n_missing,
        bytes,
    })
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Complaints in the file.
    pub total: usize,
    /// Complaints that were new here.
    pub added: usize,
    /// Complaints that existed and were replaced by the file's longer history.
    pub updated: usize,
    /// Complaints that were the same here already (or newer here).
    pub unchanged: usize,
    /// Complaints whose history here and in the file each had events the other lacked
    /// (two devices' edits), stored as the union of both.
    pub merged: usize,
    /// Events added to those merged complaints.
    pub merged_events: usize,
    /// Merged complaints whose two copies held incompatible edits: both kept, the complaint
    /// marked for a manager (a conflict marker among the merged events).
    pub conflicts: usize,
    /// Buyers that were new here (version-2 files).
    pub buyers_added: usize,
    /// Buyers stored here whose record the file's copy extended (union of log entries).
    pub buyers_merged: usize,
    /// Log entries those buyers gained.
    pub buyer_entries_added: usize,
}

/// Parses, checks and writes an export file in one transaction; on any error nothing is
/// written. `progress` is told (written, to write) now and then. A complaint already stored is kept unless the file's history extends it.
pub async fn import_json<S: Store>(
    store: &S,
    settings: &Settings,
    text: &str,
    progress: &dyn Fn(usize, usize),
) -> Result<ImportReport, ServiceError> {
    let imported = exchange::parse_any(text)?;
    import_parsed(store, settings, imported, &[], progress).await
}

/// Reads, checks and writes a full backup (`.zip`): its export as [`import_json`] does and
/// every file its complaints refer to, each stored once, all in one transaction. A damaged,
/// missing or oversized file refuses the whole backup and nothing is written.
pub async fn import_backup<S: Store>(
    store: &S,
    settings: &Settings,
    bytes: &[u8],
    progress: &dyn Fn(usize, usize),
) -> Result<(ImportReport, usize), ServiceError> {
    let backup = exchange::read_backup(bytes)?;
    let files = backup.files.len();
    let report = import_parsed(store, settings, backup.imported, &backup.files, progress).await?;
    Ok((report, files))
}

/// Writes a parsed and checked file with `files` (see [`import_json`]).
async fn import_parsed<S: Store>(
    store: &S,
    settings: &Settings,
    mut imported: Imported,
    files: &[NewFile],
    progress: &dyn Fn(usize, usize),
) -> Result<ImportReport, ServiceError> {
    // The buyers' merge is checked before anything is written, so a buyer whose copies
    // cannot be merged refuses the file with nothing written.
    let file_buyers = std::mem::take(&mut imported.buyers);
    buyers::check_merge(store, &file_buyers).await?;
    let (office, exported_at) = (imported.office.clone(), imported.exported_at);
    let masked = imported.masked;
    let total = imported.complaints.len();
    // Only the complaints this file holds are read back (one batch of gets), never the
    // whole store: head office imports hundreds of files into a store that keeps growing.
    let numbers: Vec<String> = imported
        .complaints
        .iter()
        .map(|(c, _)| c.number.clone())
        .collect();
    // Read, merged and written in one transaction: a complaint changed in another tab
    // meanwhile is merged as it is stored, never overwritten.
    // How many complaints the merge decided to write: what the progress counts up to.
    let to_write = std::cell::Cell::new(0);
    let counts = store
        .update_with_files(
            &numbers,
            files,
            &|done| progress(done, to_write.get()),
            |existing| {
                let mut writes = Vec::with_capacity(total);
                let (mut added, mut updated, mut unchanged, mut merged, mut merged_events) =
                    (0, 0, 0, 0, 0);
                let mut conflicts = 0;
                for ((c, state), old) in imported.complaints.into_iter().zip(existing) {
                    let (c, state) = match old {
                        None => {
                            added += 1;
                            (c, state)
                        }
                        // Re-importing the same file: nothing to merge (and no history to replay
                        // again).
                        Some(old) if old.events == c.events => {
                            unchanged += 1;
                            continue;
                        }
                        Some(old) => {
                            let m = exchange::merge_stored(&old, &c, masked)?;
                            match m.outcome {
                                Outcome::Unchanged | Outcome::OursNewer => {
                                    unchanged += 1;
                                    continue;
                                }
                                Outcome::TheirsNewer => updated += 1,
                                Outcome::Union {
                                    added_events,
                                    conflict,
                                } => {
                                    merged += 1;
                                    merged_events += added_events;
                                    conflicts += usize::from(conflict);
                                }
                            }
                            (m.complaint, m.state)
                        }
                    };
                    let s = Summary::new(&c, &state, settings);
                    writes.push((c, s));
                }
                to_write.set(writes.len());
                let counts = ImportReport {
                    total,
                    added,
                    updated,
                    unchanged,
                    merged,
                    merged_events,
                    conflicts,
                    ..ImportReport::default()
                };
                Ok::<_, ServiceError>((writes, counts))
            },
        )
        .await?;
    let mut counts = counts;
    (
        counts.buyers_added,
        counts.buyers_merged,
        counts.buyer_entries_added,
    ) = buyers::merge_in(store, file_buyers).await?;
    record_export(store, &office, exported_at).await?;
    Ok(counts)
}

/// The name events recorded by the app itself carry as their actor.
pub const SYSTEM_ACTOR: &str = crate::domain::case::SYSTEM_ACTOR;

/// for every open complaint of this office whose current stage is overdue, records
/// each rise of the escalation ladder not recorded yet (one level at the deadline, one more
/// per escalation step while it stays overdue), each as its own `escalate` event dated when
/// it happened (never before the complaint's latest event: histories stay in time order), so
/// a complaint noticed late after a weekend still counts every rise. Each complaint is read
/// and written in one transaction; returns the updated summaries. Running it again changes
/// nothing.
pub async fn escalate_overdue<S: Store>(
    store: &S,
    ctx: &Ctx<'_>,
    summaries: &[Summary],
) -> Result<Vec<Summary>, ServiceError> {
    use crate::domain::deadlines::escalation_rises;
    use crate::domain::vocabulary::{EscalationLevel, Stage};
    type Rises = Vec<(EscalationLevel, DateTime<FixedOffset>)>;
    let settings = ctx.settings;
    let now_ms = ctx.now.timestamp_millis();
    let offset = settings.offset();
    // The rises of the current deadline's ladder not recorded yet, oldest first.
    let pending = |s: &Summary| -> Option<(Stage, DateTime<FixedOffset>, Rises)> {
        let (due, stage) = (s.due?, s.due_stage?);
        // A device escalates its own office's complaints only: another office's, imported
        // for consolidation, are that office's to escalate.
        if due >= now_ms || s.status.is_closed() || s.office != settings.office_code {
            return None;
        }
        let deadline = crate::domain::vocabulary::from_millis(due, offset);
        // Only an escalation for this very deadline counts: a new deadline of the same stage
        // (after a reassignment or a reopen) climbs its own ladder.
        let recorded = s
            .escalation
            .filter(|(st, _)| *st == stage && s.escalation_deadline == Some(due))
            .map(|(_, l)| l);
        let rises = escalation_rises(
            recorded,
            deadline,
            ctx.now,
            &settings.calendar,
            &settings.deadlines,
        );
        (!rises.is_empty()).then_some((stage, deadline, rises))
    };
    let todo: Vec<String> = summaries
        .iter()
        .filter(|s| pending(s).is_some())
        .map(|s| s.number.clone())
        .collect();
    if todo.is_empty() {
        return Ok(Vec::new());
    }
    // Each complaint is read again and written in one transaction: its rises are decided on
    // the history as stored, so an action confirmed meanwhile in another tab is kept.
    let writes = store
        .update(&todo, &|_| {}, |found| {
            let mut writes = Vec::with_capacity(found.len());
            // One counter over every event written here keeps their ids unique.
            let mut counter = ctx.seq;
            for mut complaint in found.into_iter().flatten() {
                let Ok(mut state) = complaint.state() else {
                    continue;
                };
                let summary = Summary::new(&complaint, &state, settings);
                let Some((stage, deadline, rises)) = pending(&summary) else {
                    continue;
                };
                let mut written = false;
                for (level, risen_at) in rises {
                    let event = Event {
                        id: event_id(
                            &settings.office_code,
                            &settings.device_code,
                            now_ms,
                            counter,
                        ),
                        at: risen_at.max(state.updated_at),
                        actor: SYSTEM_ACTOR.into(),
                        role: crate::domain::vocabulary::Role::System,
                        note: format!("{}逾期，自动升级至{}", stage.label(), level.label()),
                        data: EventData::Escalate {
                            stage,
                            level,
                            deadline: Some(deadline),
                        },
                    };
                    counter = counter.wrapping_add(1);
                    match complaint.append(event) {
                        Ok(next) => {
                            state = next;
                            written = true;
                        }
                        Err(_) => break,
                    }
                }
                if written {
                    let s = Summary::new(&complaint, &state, settings);
                    writes.push((complaint, s));
                }
            }
            let summaries: Vec<Summary> = writes.iter().map(|(_, s)| s.clone()).collect();
            Ok::<_, ServiceError>((writes, summaries))
        })
        .await?;
    Ok(writes)
}

/// Rebuilds every stored summary from its complaint (after the calendar or the time limits
/// changed, every deadline moves). Returns how many were rewritten.
pub async fn resummarize<S: Store>(store: &S, settings: &Settings) -> Result<usize, ServiceError> {
    let numbers = store.numbers().await?;
    // Only summaries change, but the complaints are read in the same transaction that
    // writes them back, so an action confirmed meanwhile is neither lost nor left out.
    store
        .update(&numbers, &|_| {}, |found| {
            let writes: Vec<(Complaint, Summary)> = found
                .into_iter()
                .flatten()
                .filter_map(|c| Summary::of(&c, settings).map(|s| (c, s)))
                .collect();
            let n = writes.len();
            Ok::<_, ServiceError>((writes, n))
        })
        .await
}

/// One complaint and its state replayed from its history; [`ServiceError::NotFound`] when
/// no complaint has that number.
pub async fn load<S: Store>(
    store: &S,
    number: &str,
) -> Result<(Complaint, ComplaintState), ServiceError> {
    let complaint = store
        .get(number)
        .await?
        .ok_or_else(|| ServiceError::NotFound(number.to_string()))?;
    let state = complaint.state()?;
    Ok((complaint, state))
}

/// One work-contact sheet of a complaint, with the complaint's state;
/// [`ServiceError::SheetNotFound`] when the complaint has no sheet `sheet`.
pub async fn load_sheet<S: Store>(
    store: &S,
    number: &str,
    sheet: &str,
) -> Result<(ComplaintState, Sheet), ServiceError> {
    let (_, state) = load(store, number).await?;
    let found = state
        .sheets
        .iter()
        .find(|s| s.id == sheet)
        .cloned()
        .ok_or_else(|| ServiceError::SheetNotFound(sheet.to_string()))?;
    Ok((state, found))
}

/// The improvement actions written for the monthly report stored under `key` (none yet:
/// `None`).
pub async fn report_actions<S: Store>(
    store: &S,
    key: &str,
) -> Result<Option<String>, ServiceError> {
    Ok(store.get_meta(key).await?)
}

/// Saves the improvement actions of the monthly report stored under `key`.
pub async fn save_report_actions<S: Store>(
    store: &S,
    key: &str,
    text: &str,
) -> Result<(), ServiceError> {
    Ok(store.put_meta(key, text).await?)
}

/// The meta key holding the version of the stored summaries' shape.
const SUMMARY_VERSION_KEY: &str = "summary-version";

/// The version of [`Summary`]'s shape: 2 added the indicator facts, 3 the stages of the
/// first contacts and the HQ cases not returned. Summaries stored by an
/// older version are rebuilt from their complaints by [`upgrade_summaries`].
pub const SUMMARY_VERSION: u32 = 3;

/// Brings stored summaries up to [`SUMMARY_VERSION`]: when they were written by an older
/// version of the app, rebuilds every one from its complaint (the history is the data; a
/// summary is derived). Returns how many were rebuilt (0 when already current).
pub async fn upgrade_summaries<S: Store>(
    store: &S,
    settings: &Settings,
) -> Result<usize, ServiceError> {
    let stored = store
        .get_meta(SUMMARY_VERSION_KEY)
        .await?
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(1);
    if stored >= SUMMARY_VERSION {
        return Ok(0);
    }
    let n = if store.count().await? > 0 {
        resummarize(store, settings).await?
    } else {
        0
    };
    store
        .put_meta(SUMMARY_VERSION_KEY, &SUMMARY_VERSION.to_string())
        .await?;
    Ok(n)
}

/// The bookkeeping key of each office's latest imported export time.
const OFFICE_EXPORTS: &str = "office-exports";

/// Each office's latest export time among the files imported here (R-32, R-33: head office
/// sees how fresh each office's data is), by office code.
pub async fn office_exports<S: Store>(
    store: &S,
) -> Result<std::collections::BTreeMap<String, DateTime<FixedOffset>>, ServiceError> {
    Ok(store
        .get_meta(OFFICE_EXPORTS)
        .await?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

async fn record_export<S: Store>(
    store: &S,
    office: &str,
    at: DateTime<FixedOffset>,
) -> Result<(), ServiceError> {
    let mut all = office_exports(store).await?;
    if all.get(office).is_none_or(|known| *known < at) {
        all.insert(office.to_string(), at);
        let json = serde_json::to_string(&all).map_err(|e| StoreError::Io(e.to_string()))?;
        store.put_meta(OFFICE_EXPORTS, &json).await?;
    }
    Ok(())
}

/// The first-run setup: settings for office `office` and device `device` (named `name`),
/// checked and saved.
pub async fn first_settings<S: Store>(
    store: &S,
    office: &str,
    device: &str,
    name: &str,
) -> Result<Settings, ServiceError> {
    let mut settings = Settings::new(office, device);
    settings.office_name = name.trim().to_string();
    settings.validate()?;
    store.save_settings(&settings).await?;
    Ok(settings)
}

/// Settings saved before the first-contact rules existed get the time they
/// start from: now, on the first start with them. Complaints received before keep the rules
/// they were registered under. Returns the settings when they changed (and were saved).
pub async fn adopt_first_contact_rules<S: Store>(
    store: &S,
    settings: &Settings,
    now: DateTime<FixedOffset>,
) -> Result<Option<Settings>, ServiceError> {
    if settings.deadlines.first_contact_from.is_some() {
        return Ok(None);
    }
    let mut s = settings.clone();
    s.deadlines.first_contact_from = Some(now);
    store.save_settings(&s).await?;
    Ok(Some(s))
}

/// Saves changed settings after checking them. `saved` is told, as soon as they are
/// written, whether they move the deadlines of stored complaints (a changed calendar or time
/// limit); when they do, every summary is rebuilt and the count is returned.
pub async fn save_settings<S: Store>(
    store: &S,
    before: &Settings,
    settings: &Settings,
    saved: &dyn Fn(bool),
) -> Result<Option<usize>, ServiceError> {
    settings.validate()?;
    store.save_settings(settings).await?;
    let moves = settings.moves_clocks(before);
    saved(moves);
    if moves {
        Ok(Some(resummarize(store, settings).await?))
    } else {
        Ok(None)
    }
}

/// How many synthetic complaints are written per transaction.
const SYNTHETIC_CHUNK: usize = 5000;

/// Generates `count` synthetic complaints (settings → 生成测试数据), numbered from
/// `first_seq`, and stores them in chunks; `progress` is told how many are stored after each
/// chunk. Returns how many were stored; a failing chunk stops it with the error.
pub async fn generate_synthetic<S: Store>(
    store: &S,
    ctx: &Ctx<'_>,
    count: usize,
    first_seq: u32,
    progress: &dyn Fn(usize),
) -> Result<usize, ServiceError> {
    let mut done = 0;
    while done < count {
        let n = SYNTHETIC_CHUNK.min(count - done);
        let batch = crate::domain::synthetic::generate(
            ctx.settings,
            n,
            first_seq + done as u32,
            365,
            ctx.now,
            (first_seq as u64) << 20 | done as u64,
        );
        let items: Vec<(Complaint, Summary)> = batch
            .into_iter()
            .filter_map(|c| Summary::of(&c, ctx.settings).map(|s| (c, s)))
            .collect();
        store.put_many(&items, &|_| {}).await?;
        done += n;
        progress(done);
    }
    Ok(done)
}

/// Deletes every complaint of this device; settings and number counters stay.
pub async fn clear_data<S: Store>(store: &S) -> Result<(), ServiceError> {
    Ok(store.clear().await?)
}
