//! The attach control of the intake form, the reception screen and the action forms: choose
//! files, drop them, or take a photo with the tablet's camera. Photos are reduced in the
//! browser (decoded off the main thread, drawn on an offscreen canvas, encoded as JPEG) and
//! documents kept as they are within the size limit; each file is hashed (SHA-256) and held
//! here until the form's event is saved, when the files are stored in the same transaction.
//!
//! Use: `let files = RwSignal::new(Vec::new()); let busy = RwSignal::new(false);`
//! `<AttachInput files busy />`, then pass `pending_files(&files.get_untracked())` to
//! `service::register_attaching` / `act_attaching`, and [`clear`] the list once saved.

use leptos::prelude::*;

use crate::domain::attachments::{
    check_file, check_room, reduced_name, size_text, treatment, AttachError, NewFile, Room,
    Treatment, MAX_FILES_PER_EVENT, PHOTO_MAX_SIDE, PHOTO_QUALITY, PHOTO_TYPE,
};
use crate::domain::vocabulary::AttachmentLimits;
use crate::platform;
use crate::state::SettingsCtx;

/// A file ready to be stored, with its preview (`blob:` URL of a photo).
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    /// The file as it will be stored.
    pub file: NewFile,
    /// A preview URL (photos only), revoked when the file leaves the list.
    pub url: Option<String>,
}

/// The files of `pending`, to hand to the service.
pub fn pending_files(pending: &[Pending]) -> Vec<NewFile> {
    pending.iter().map(|p| p.file.clone()).collect()
}

/// Empties the list (after the event was saved), freeing the previews.
pub fn clear(files: RwSignal<Vec<Pending>>) {
    files.update(|list| {
        for p in list.drain(..) {
            if let Some(url) = p.url {
                platform::revoke_url(&url);
            }
        }
    });
}

/// One chosen file made ready: a photo reduced (and its original too when the settings
/// keep originals), a document read as it is; each checked and hashed.
async fn prepare(
    file: web_sys::File,
    limits: &AttachmentLimits,
) -> Result<Vec<Pending>, AttachError> {
    let name = file.name();
    let mime = file.type_();
    let how = treatment(&mime);
    let mut out = Vec::new();
    if how == Treatment::Reduce {
        let reduced = platform::reduce_photo(&file, PHOTO_MAX_SIDE, PHOTO_QUALITY)
            .await
            .map_err(|_| AttachError::Unreadable(name.clone()))?;
        let bytes = platform::read_bytes(&reduced)
            .await
            .map_err(|_| AttachError::Unreadable(name.clone()))?;
        let reduced_name = reduced_name(&name);
        check_file(&reduced_name, bytes.len() as u64, how, limits)?;
        out.push(ready(reduced_name, PHOTO_TYPE.to_string(), bytes).await?);
    }
    if how == Treatment::Keep || limits.keep_original_photos {
        // Refused by its size before it is read at all.
        check_file(&name, file.size() as u64, Treatment::Keep, limits)?;
        let bytes = platform::read_bytes(&file)
            .await
            .map_err(|_| AttachError::Unreadable(name.clone()))?;
        let mime = if mime.is_empty() {
            "application/octet-stream".to_string()
        } else {
            mime
        };
        out.push(ready(name, mime, bytes).await?);
    }
    Ok(out)
}

/// Hashes the bytes and makes a photo's preview.
async fn ready(name: String, mime: String, bytes: Vec<u8>) -> Result<Pending, AttachError> {
    // SubtleCrypto exists only in a secure context (https, localhost): opened at a LAN
    // address over http, the domain's own SHA-256 gives the same digest.
    let hash = match platform::sha256_hex(&bytes).await {
        Ok(h) => h,
        Err(_) => crate::domain::attachments::sha256_hex(&bytes),
    };
    let url = mime
        .starts_with("image/")
        .then(|| platform::object_url(&bytes, &mime).ok())
        .flatten();
    Ok(Pending {
        file: NewFile {
            name,
            mime,
            bytes,
            hash,
        },
        url,
    })
}

/// The attach control (see the module).
#[component]
pub fn AttachInput(
    /// The files chosen so far, ready to be stored with the form's event.
    files: RwSignal<Vec<Pending>>,
    /// True while chosen files are being prepared (the form waits for them).
    busy: RwSignal<bool>,
) -> impl IntoView {
    let settings = SettingsCtx::expect_context();
    let error = RwSignal::new(None::<String>);
    let warning = RwSignal::new(None::<String>);
    // How long the last batch took to prepare, in ms (shown to tests as `data-ms`).
    let took = RwSignal::new(0.0f64);
    let dragging = RwSignal::new(false);

    let add = move |chosen: Vec<web_sys::File>| {
        if chosen.is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        warning.set(None);
        let limits = settings.with_untracked(|s| s.attachments.clone());
        leptos::task::spawn_local(async move {
            let started = platform::perf_now();
            let mut refused: Vec<String> = Vec::new();
            let mut added: Vec<Pending> = Vec::new();
            let room_left =
                MAX_FILES_PER_EVENT.saturating_sub(files.try_with_untracked(Vec::len).unwrap_or(0));
            for file in chosen {
                match prepare(file, &limits).await {
                    Ok(list) => added.extend(list),
                    Err(e) => refused.push(e.to_string()),
                }
                // Let the form paint and take input between two files.
                platform::yield_to_page().await;
            }
            if added.len() > room_left {
                refused.push(AttachError::TooMany.to_string());
                drop_previews(added.drain(room_left..));
            }
            // Say so before the save fails when the storage is nearly full.
            let incoming: u64 = files
                .try_with_untracked(|l| l.iter().map(|p| p.file.bytes.len() as u64).sum::<u64>())
                .unwrap_or(0)
                + added.iter().map(|p| p.file.bytes.len() as u64).sum::<u64>();
            if !added.is_empty() {
                let (used, quota) = platform::storage_estimate().await;
                match check_room(used, quota, incoming) {
                    Err(e) => {
                        refused.push(e.to_string());
                        drop_previews(added.drain(..));
                    }
                    Ok(Room::Near) => warning.try_set(Some(format!(
                        "本设备的存储空间即将用完（已用 {}，上限 {}），请尽快导出备份并清理不再需要的数据。",
                        size_text(used),
                        size_text(quota)
                    )))
                    .map_or((), drop),
                    Ok(_) => {}
                }
            }
            // The form may be gone by now (the person left the page): then the files go too.
            if files.try_update(|l| l.append(&mut added)).is_none() {
                drop_previews(added.into_iter());
            }
            let _ = error.try_set((!refused.is_empty()).then(|| refused.join("\n")));
            let _ = took.try_set(platform::perf_now() - started);
            let _ = busy.try_set(false);
        });
    };
    let choose = move |ev: leptos::ev::Event| add(platform::take_files(&ev));
    let drop = move |ev: leptos::ev::DragEvent| {
        dragging.set(false);
        add(platform::dropped_files(&ev));
    };
    let remove = move |hash: String| {
        files.update(|l| {
            if let Some(i) = l.iter().position(|p| p.file.hash == hash) {
                let p = l.remove(i);
                drop_previews(std::iter::once(p));
            }
        });
    };
    // Free the previews without touching the list (nothing may react while the form goes).
    on_cleanup(move || {
        let _ = files.try_with_untracked(|l| drop_previews(l.iter().cloned()));
    });

    view! {
        <div class="field wide attach" data-testid="attach" data-busy=move || busy.get().to_string() data-ms=move || (took.get() as u64).to_string()>
            <span class="label">"照片与文件"</span>
            <div
                class="drop-zone"
                class:dragging=move || dragging.get()
                data-testid="attach-drop"
                on:dragover=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=drop
            >
                <label class="button">
                    "选择照片或文件"
                    <input type="file" multiple data-testid="attach-input" on:change=choose disabled=move || busy.get() />
                </label>
                <label class="button">
                    "拍照"
                    <input type="file" accept="image/*" capture="environment" data-testid="attach-camera" on:change=choose disabled=move || busy.get() />
                </label>
                <span class="muted">
                    {move || if busy.get() { "正在处理照片…".to_string() } else {
                        format!("或把文件拖到这里。照片会自动缩小；文件每个不超过 {} MB。", settings.with(|s| s.attachments.max_document_mb))
                    }}
                </span>
            </div>
            <ul class="attach-list">
                {move || files.get().into_iter().map(|p| {
                    let hash = p.file.hash.clone();
                    let label = format!("{}（{}）", p.file.name, size_text(p.file.bytes.len() as u64));
                    view! {
                        <li data-testid="attach-pending" data-name=p.file.name.clone() data-hash=p.file.hash.clone() data-size=p.file.bytes.len().to_string()>
                            {p.url.map(|u| view! { <img src=u alt="" /> })}
                            <span>{label}</span>
                            <button type="button" data-testid="attach-pending-remove" aria-label=format!("移除 {}", p.file.name) on:click=move |_| remove(hash.clone())>"移除"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="error" data-testid="attach-error" role="alert">{move || error.get()}</p>
            <p class="notice" data-testid="attach-warning" role="status" hidden=move || warning.get().is_none()>{move || warning.get()}</p>
        </div>
    }
}

/// Frees the previews of files leaving the list.
fn drop_previews(gone: impl Iterator<Item = Pending>) {
    for p in gone {
        if let Some(url) = p.url {
            platform::revoke_url(&url);
        }
    }
}
