//! A complaint's attachments on its timeline: a thumbnail per photo and a tile per
//! document; a photo opens full size in the viewer (closed by its button or Escape; arrows
//! and a swipe go between photos), a document opens in a new tab. Files are read from the
//! store once per page as `blob:` URLs, revoked when the page goes.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::domain::attachments::{size_text, Attachment};
use crate::platform;
use crate::state::DbCtx;
use crate::store::Store;

/// The files of the page and the viewer's state.
#[derive(Clone, Copy)]
pub struct Gallery {
    /// `blob:` URL by hash, once read (absent: not read yet, or not stored on this device).
    urls: RwSignal<HashMap<String, String>>,
    /// Whether reading is done (a hash still without URL is not stored here).
    loaded: RwSignal<bool>,
    /// Every photo shown, in timeline order (what the viewer goes through).
    photos: StoredValue<Vec<Attachment>>,
    /// The photo open in the viewer (index into `photos`).
    viewing: RwSignal<Option<usize>>,
}

impl Gallery {
    /// Reads the files of `shown` (each once) and frees their URLs when the page goes.
    pub fn new(shown: &[Attachment]) -> Self {
        let db = DbCtx::expect_context();
        let g = Gallery {
            urls: RwSignal::new(HashMap::new()),
            loaded: RwSignal::new(false),
            photos: StoredValue::new(shown.iter().filter(|a| a.is_photo()).cloned().collect()),
            viewing: RwSignal::new(None),
        };
        let mut hashes: Vec<String> = shown.iter().map(|a| a.hash.clone()).collect();
        hashes.sort();
        hashes.dedup();
        leptos::task::spawn_local(async move {
            let db = db.get();
            for hash in hashes {
                if let Ok(Some(f)) = db.get_file(&hash).await {
                    if let Ok(url) = platform::object_url(&f.bytes, &f.mime) {
                        if g.urls.try_update(|m| m.insert(hash, url.clone())).is_none() {
                            // The page is gone already.
                            platform::revoke_url(&url);
                        }
                    }
                }
            }
            let _ = g.loaded.try_set(true);
        });
        // Free the URLs without touching the map (nothing may react while the page goes).
        on_cleanup(move || {
            let _ = g.urls.try_with_untracked(|m| {
                for url in m.values() {
                    platform::revoke_url(url);
                }
            });
        });
        g
    }

    fn url(&self, hash: &str) -> Option<String> {
        self.urls.try_with(|m| m.get(hash).cloned()).flatten()
    }

    fn step(&self, by: isize) {
        let n = self.photos.try_with_value(Vec::len).unwrap_or(0) as isize;
        if n == 0 {
            return;
        }
        self.viewing
            .try_update(|v| *v = v.map(|i| (i as isize + by).rem_euclid(n) as usize));
    }
}

/// The thumbnails of one attach event.
#[component]
pub fn AttachmentThumbs(
    /// The event's attachments still shown.
    attachments: Vec<Attachment>,
    /// The page's files.
    gallery: Gallery,
) -> impl IntoView {
    let thumbs = attachments
        .into_iter()
        .map(|a| {
            let hash = a.hash.clone();
            let name = a.name.clone();
            let label = format!("{}（{}）", a.name, size_text(a.size));
            let hash = StoredValue::new(hash);
            let missing = move || {
                gallery.loaded.try_get().unwrap_or(false)
                    && hash
                        .try_with_value(|h| gallery.url(h).is_none())
                        .unwrap_or(false)
            };
            if a.is_photo() {
                let index = gallery
                    .photos
                    .try_with_value(|p| p.iter().position(|x| x.id == a.id))
                    .flatten();
                let h = a.hash.clone();
                let src = move || gallery.url(&h);
                view! {
                    <button
                        type="button"
                        class="thumb"
                        data-testid="attachment-thumb"
                        data-kind="photo"
                        data-hash=a.hash.clone()
                        data-name=name.clone()
                        data-missing=move || missing().to_string()
                        title=label.clone()
                        aria-label=format!("查看照片 {name}")
                        on:click=move |_| {
                            let _ = gallery.viewing.try_set(index);
                        }
                    >
                        {move || match src() {
                            Some(u) => view! { <img src=u alt="" /> }.into_any(),
                            None => view! { <span class="muted">{if missing() { "本机无此文件" } else { "…" }}</span> }.into_any(),
                        }}
                    </button>
                }
                .into_any()
            } else {
                let h = a.hash.clone();
                let mime = a.mime.clone();
                let open = move |_| {
                    if let Some(url) = gallery.url(&h) {
                        if let Some(w) = web_sys::window() {
                            let _ = w.open_with_url_and_target(&url, "_blank");
                        }
                    }
                };
                view! {
                    <button
                        type="button"
                        class="thumb doc"
                        data-testid="attachment-thumb"
                        data-kind="document"
                        data-hash=a.hash.clone()
                        data-name=name.clone()
                        data-type=mime
                        data-missing=move || missing().to_string()
                        aria-label=format!("在新标签页打开文件 {name}")
                        on:click=open
                    >
                        <span class="doc-icon" aria-hidden="true">"📄"</span>
                        <span>{label}</span>
                    </button>
                }
                .into_any()
            }
        })
        .collect_view();
    view! { <div class="thumbs">{thumbs}</div> }
}

/// The full-size viewer of the page's photos.
#[component]
pub fn AttachmentViewer(
    /// The page's files.
    gallery: Gallery,
    /// The complaint's number: given, the viewer offers to remove the photo shown.
    number: Option<String>,
    /// Called after a photo was removed.
    on_change: Option<Callback<()>>,
) -> impl IntoView {
    let number = StoredValue::new(number);
    let removing = RwSignal::new(None::<String>);
    // Removing records a detach event (the photo is hidden, its file stays).
    let remove = leptos::prelude::Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            let Some(number) = number.try_get_value().flatten() else {
                return;
            };
            let (db, settings, user, queue) = (
                DbCtx::expect_context(),
                crate::state::SettingsCtx::expect_context(),
                crate::state::UserCtx::expect_context(),
                crate::state::QueueCtx::expect_context(),
            );
            let op = user.op(settings);
            let db = db.get();
            match crate::service::detach(db.as_ref(), &op.ctx(), &number, &id, "").await {
                Ok((_, _, summary)) => {
                    queue.upsert(summary);
                    let _ = gallery.viewing.try_set(None);
                    if let Some(done) = on_change {
                        done.run(());
                    }
                }
                Err(e) => {
                    let _ = removing.try_set(Some(e.to_string()));
                }
            }
        }
    });
    let close = move || {
        let _ = gallery.viewing.try_set(None);
    };
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if gallery.viewing.try_get_untracked().flatten().is_none() {
            return;
        }
        match ev.key().as_str() {
            "Escape" => close(),
            "ArrowLeft" => gallery.step(-1),
            "ArrowRight" => gallery.step(1),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());
    let touch_x = StoredValue::new(None::<i32>);
    let close_ref = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if gallery.viewing.try_get().flatten().is_some() {
            if let Some(b) = close_ref.get() {
                let _ = b.focus();
            }
        }
    });
    let shown = move || {
        let i = gallery.viewing.try_get().flatten()?;
        let a = gallery
            .photos
            .try_with_value(|p| p.get(i).cloned())
            .flatten()?;
        Some((i, a))
    };
    move || {
        shown().map(|(i, a)| {
            let n = gallery.photos.try_with_value(Vec::len).unwrap_or(0);
            let src = gallery.url(&a.hash);
            view! {
                <div
                    class="viewer"
                    data-testid="attachment-view"
                    data-hash=a.hash.clone()
                    data-name=a.name.clone()
                    role="dialog"
                    aria-modal="true"
                    aria-label=format!("照片 {}", a.name)
                    on:touchstart=move |ev: leptos::ev::TouchEvent| {
                        let x = ev.changed_touches().get(0).map(|t| t.client_x());
                        touch_x.try_set_value(x);
                    }
                    on:touchend=move |ev: leptos::ev::TouchEvent| {
                        let end = ev.changed_touches().get(0).map(|t| t.client_x());
                        if let (Some(a), Some(b)) = (touch_x.try_get_value().flatten(), end) {
                            if (b - a).abs() > 50 {
                                gallery.step(if b < a { 1 } else { -1 });
                            }
                        }
                    }
                >
                    {src.map(|u| view! { <img src=u alt=a.name.clone() /> })}
                    <div class="viewer-bar">
                        <span data-testid="attachment-view-caption">{format!("{}（{}/{n}）", a.name, i + 1)}</span>
                        <button type="button" data-testid="attachment-prev" on:click=move |_| gallery.step(-1) disabled=n < 2>"上一张"</button>
                        <button type="button" data-testid="attachment-next" on:click=move |_| gallery.step(1) disabled=n < 2>"下一张"</button>
                        {number.with_value(Option::is_some).then(|| {
                            let id = a.id.clone();
                            view! {
                                <button type="button" data-testid="attachment-remove" on:click=move |_| { remove.dispatch_local(id.clone()); } disabled=move || remove.pending().get()>"移除这张照片"</button>
                            }
                        })}
                        <button type="button" class="primary" data-testid="attachment-close" node_ref=close_ref on:click=move |_| close()>"关闭"</button>
                    </div>
                    <p class="error" role="alert">{move || removing.try_get().flatten()}</p>
                </div>
            }
        })
    }
}

/// The manager's purge of an archived complaint's removed attachments (`attachment-purge`):
/// deletes their stored files that no other complaint refers to and records it on the
/// timeline. Shown only when the domain offers it to the signed-in person.
#[component]
pub fn PurgeFiles(
    /// The complaint's number.
    number: String,
    /// The complaint as loaded.
    state: crate::domain::case::ComplaintState,
    /// Called after the purge was recorded.
    on_change: Callback<()>,
) -> impl IntoView {
    let (settings, user) = (
        crate::state::SettingsCtx::expect_context(),
        crate::state::UserCtx::expect_context(),
    );
    let offered = move || {
        user.actor(settings)
            .is_some_and(|a| state.offers_purge(a.role))
    };
    let number = StoredValue::new(number);
    let message = RwSignal::new(None::<String>);
    let purge = leptos::prelude::Action::new_local(move |_: &()| async move {
        let (db, queue) = (
            DbCtx::expect_context(),
            crate::state::QueueCtx::expect_context(),
        );
        let op = user.op(settings);
        let db = db.get();
        let number = number.get_value();
        match crate::service::purge_files(db.as_ref(), &op.ctx(), &number).await {
            Ok((_, _, summary, _)) => {
                queue.upsert(summary);
                let _ = message.try_set(None);
                on_change.run(());
            }
            Err(e) => {
                let _ = message.try_set(Some(e.to_string()));
            }
        }
    });
    move || {
        offered().then(|| {
            view! {
                <section class="card no-print" data-testid="attachment-purge-section">
                    <p class="muted">"本投诉已归档：已移除的附件文件仍保存在本机，可以清除（其他投诉仍在使用的文件会保留，处理记录不变）。"</p>
                    <button
                        type="button"
                        data-testid="attachment-purge"
                        on:click=move |_| { purge.dispatch_local(()); }
                        disabled=move || purge.pending().get()
                    >
                        "清除已移除附件的文件"
                    </button>
                    <p class="error" role="alert" data-testid="attachment-purge-error">{move || message.try_get().flatten()}</p>
                </section>
            }
        })
    }
}

/// The photos of the complaints `numbers` (the monthly report's late and escalated cases,
/// when 附上案件照片 is ticked): each case with photos shown, its thumbnails, and the viewer.
/// Files are read once; their URLs are revoked when the list goes.
#[component]
pub fn CasePhotos(
    /// The cases' numbers, in the report's order.
    numbers: Vec<String>,
) -> impl IntoView {
    let db = DbCtx::expect_context();
    let loaded = RwSignal::new(None::<Vec<(String, Vec<Attachment>)>>);
    leptos::task::spawn_local(async move {
        let db = db.get();
        let complaints = db.get_many(&numbers).await.unwrap_or_default();
        let list: Vec<(String, Vec<Attachment>)> = complaints
            .iter()
            .filter_map(|c| {
                let photos = c.state().ok()?.photos();
                (!photos.is_empty()).then(|| (c.number.clone(), photos))
            })
            .collect();
        let _ = loaded.try_set(Some(list));
    });
    move || {
        loaded.try_get().flatten().map(|list| {
            let all: Vec<Attachment> = list.iter().flat_map(|(_, p)| p.iter().cloned()).collect();
            let gallery = Gallery::new(&all);
            let empty = list.is_empty();
            view! {
                <div class="case-photos" data-testid="report-photos-list">
                    {list
                        .into_iter()
                        .map(|(number, photos)| {
                            let title = number.clone();
                            view! {
                                <div class="case-photo-row" data-testid="report-case-photos" data-number=number>
                                    <h3>{title}</h3>
                                    <AttachmentThumbs attachments=photos gallery />
                                </div>
                            }
                        })
                        .collect_view()}
                    {empty.then(|| view! { <p class="muted">"这些案件没有照片。"</p> })}
                    <AttachmentViewer gallery number=None on_change=None />
                </div>
            }
        })
    }
}
