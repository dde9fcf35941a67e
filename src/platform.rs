//! Browser glue the pages share: the clock, file download and upload, persistent storage,
//! the service worker and the other tabs; sign-in's glue is in [`access`].

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

pub mod access;
pub mod couch;

/// Now, in the given offset.
pub fn now(offset: FixedOffset) -> DateTime<FixedOffset> {
    let millis = js_sys::Date::now() as i64;
    Utc.timestamp_millis_opt(millis)
        .single()
        .unwrap_or_default()
        .with_timezone(&offset)
}

/// Milliseconds since page start, for timing marks.
pub fn perf_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_default()
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    download_blob(name, &blob)
}

/// Offers `blob` as a file download named `name`.
fn download_blob(name: &str, blob: &web_sys::Blob) -> Result<(), JsValue> {
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    if let Some(body) = document.body() {
        body.append_child(&a)?;
        a.click();
        body.remove_child(&a)?;
    }
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// The first file chosen in the `<input type="file">` that fired `ev` (see [`take_files`]).
pub fn take_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    take_files(ev).into_iter().next()
}

/// Every file chosen in the `<input type="file" multiple>` that fired `ev`; the input is
/// cleared so that choosing the same files again fires again.
pub fn take_files(ev: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input
        .files()
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default();
    input.set_value("");
    files
}

/// Every file dropped by the drag-and-drop `ev` (its default, opening the file, is
/// prevented).
pub fn dropped_files(ev: &web_sys::DragEvent) -> Vec<web_sys::File> {
    ev.prevent_default();
    ev.data_transfer()
        .and_then(|dt| dt.files())
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default()
}

/// The text of every style rule the page uses (to embed in a saved HTML file).
pub fn page_css() -> String {
    let mut out = String::new();
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return out;
    };
    let sheets = doc.style_sheets();
    for i in 0..sheets.length() {
        let Some(sheet) = sheets
            .item(i)
            .and_then(|s| s.dyn_into::<web_sys::CssStyleSheet>().ok())
        else {
            continue;
        };
        if let Ok(rules) = sheet.css_rules() {
            for j in 0..rules.length() {
                if let Some(rule) = rules.item(j) {
                    out.push_str(&rule.css_text());
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// Reads a chosen file as text.
pub async fn read_file(file: &web_sys::File) -> Result<String, JsValue> {
    let text = JsFuture::from(file.text()).await?;
    text.as_string()
        .ok_or_else(|| JsValue::from_str("file is not text"))
}

/// Decodes GBK / GB18030 bytes (Chinese Excel's CSV) with the browser's `TextDecoder`;
/// `None` when the browser cannot.
pub fn decode_gbk(bytes: &[u8]) -> Option<String> {
    let decoder = web_sys::TextDecoder::new_with_label("gbk").ok()?;
    decoder.decode_with_u8_array(bytes).ok()
}

/// Asks the browser to keep our storage even under pressure (best effort).
pub fn request_persistence() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(promise) = window.navigator().storage().persist() {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(promise).await;
        });
    }
}

/// Registers the service worker that makes the app work offline (release builds only, so
/// that a development server never serves stale code).
pub fn register_service_worker() {
    if cfg!(debug_assertions) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    let _ = container.register("./sw.js");
}

/// Scrolls the window to the top (after a route change).
pub fn scroll_top() {
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Waits `ms` milliseconds (a timer; the page goes on meanwhile).
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(
        &mut |resolve: js_sys::Function, _reject: js_sys::Function| {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    &resolve,
                    ms.min(i32::MAX as u32) as i32,
                );
            }
        },
    );
    let _ = JsFuture::from(promise).await;
}

/// Lets the page handle input and paint before going on (a zero-delay timer).
pub async fn yield_to_page() {
    let promise = js_sys::Promise::new(
        &mut |resolve: js_sys::Function, _reject: js_sys::Function| {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback(&resolve);
            }
        },
    );
    let _ = JsFuture::from(promise).await;
}

/// How many bytes this site uses and may use, as the browser estimates them
/// (`navigator.storage.estimate()`); zeros when it does not say.
pub async fn storage_estimate() -> (u64, u64) {
    let Some(window) = web_sys::window() else {
        return (0, 0);
    };
    let Ok(promise) = window.navigator().storage().estimate() else {
        return (0, 0);
    };
    let Ok(estimate) = JsFuture::from(promise).await else {
        return (0, 0);
    };
    let field = |name: &str| {
        js_sys::Reflect::get(&estimate, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_f64())
            .map_or(0, |v| v as u64)
    };
    (field("usage"), field("quota"))
}

/// The channel on which this app's tabs tell each other which complaints they changed.
const CHANGES_CHANNEL: &str = "complaint-desk-changes";

/// What a tab tells the others after a write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Announcement {
    /// These complaints changed (an action, a registration, an escalation).
    Complaints(Vec<String>),
    /// The settings changed, no complaint did.
    Settings,
    /// Too much changed to list (an import, clearing the data, generated test data, settings
    /// that moved every deadline): read everything again.
    Everything,
}

impl Announcement {
    fn to_message(&self) -> String {
        match self {
            Announcement::Complaints(list) => serde_json::to_string(list).unwrap_or_default(),
            Announcement::Settings => "settings".into(),
            Announcement::Everything => "*".into(),
        }
    }

    fn from_message(text: &str) -> Option<Self> {
        match text {
            "settings" => Some(Announcement::Settings),
            "*" => Some(Announcement::Everything),
            json => serde_json::from_str(json)
                .ok()
                .map(Announcement::Complaints),
        }
    }
}

/// Tells this app's other tabs (of this browser profile) what this one changed.
pub fn announce_changes(what: &Announcement) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANGES_CHANNEL) else {
        return;
    };
    let _ = channel.post_message(&JsValue::from_str(&what.to_message()));
    channel.close();
}

/// Calls `on_change` whenever another tab of this app announces a change (see
/// [`announce_changes`]). The listener lives as long as the page.
pub fn listen_for_changes(on_change: impl Fn(Announcement) + 'static) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANGES_CHANNEL) else {
        return;
    };
    let handler =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            if let Some(what) = ev
                .data()
                .as_string()
                .and_then(|t| Announcement::from_message(&t))
            {
                on_change(what);
            }
        });
    channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
    // The channel must stay open to receive: keep it for the page's lifetime.
    std::mem::forget(channel);
}

/// Reads a chosen file's (or any blob's) bytes.
pub async fn read_bytes(blob: &web_sys::Blob) -> Result<Vec<u8>, JsValue> {
    let buffer = JsFuture::from(blob.array_buffer()).await?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Reduces a photo: decoded off the main thread (`createImageBitmap`), drawn at most
/// `max_side` pixels on its longest side on an `OffscreenCanvas`, encoded as JPEG of
/// `quality` by the browser's encoder. The original is not touched.
pub async fn reduce_photo(
    file: &web_sys::Blob,
    max_side: u32,
    quality: f64,
) -> Result<web_sys::Blob, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(window.create_image_bitmap_with_blob(file)?)
        .await?
        .dyn_into()?;
    let (w, h) =
        crate::domain::attachments::reduced_size(bitmap.width(), bitmap.height(), max_side);
    let canvas = web_sys::OffscreenCanvas::new(w, h)?;
    let ctx: web_sys::OffscreenCanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d context"))?
        .dyn_into()?;
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, f64::from(w), f64::from(h))?;
    bitmap.close();
    let opts = web_sys::ImageEncodeOptions::new();
    opts.set_type(crate::domain::attachments::PHOTO_TYPE);
    opts.set_quality(quality);
    let blob = JsFuture::from(canvas.convert_to_blob_with_options(&opts)?).await?;
    blob.dyn_into()
}

/// The SHA-256 of `bytes` as 64 lower-case hex digits, by the browser (SubtleCrypto).
pub async fn sha256_hex(bytes: &[u8]) -> Result<String, JsValue> {
    let subtle = web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .crypto()?
        .subtle();
    let data = js_sys::Uint8Array::from(bytes);
    let digest = JsFuture::from(subtle.digest_with_str_and_js_u8_array("SHA-256", &data)?).await?;
    let digest = js_sys::Uint8Array::new(&digest).to_vec();
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// A `blob:` URL of `bytes` of type `mime` (revoke it with [`revoke_url`] when done).
pub fn object_url(bytes: &[u8], mime: &str) -> Result<String, JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)?;
    web_sys::Url::create_object_url_with_blob(&blob)
}

/// Frees a URL made by [`object_url`].
pub fn revoke_url(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// Opens `bytes` of type `mime` in a new tab through a `blob:` URL, revoked a minute later
/// (the tab has loaded it by then).
pub fn open_in_new_tab(bytes: &[u8], mime: &str) -> Result<(), JsValue> {
    let url = object_url(bytes, mime)?;
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    window.open_with_url_and_target(&url, "_blank")?;
    let revoke = Closure::once_into_js(move || revoke_url(&url));
    window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000)?;
    Ok(())
}

/// Collects the parts of a file being written (see [`download_parts`]).
pub struct Parts(js_sys::Array);

impl Default for Parts {
    fn default() -> Self {
        Parts(js_sys::Array::new())
    }
}

impl Parts {
    /// Adds the next part (copied out of the app's memory at once).
    pub fn push(&mut self, bytes: Vec<u8>) {
        self.0.push(&js_sys::Uint8Array::from(bytes.as_slice()));
    }
}

/// Offers `parts` as one file download named `name` of type `mime`.
pub fn download_parts(name: &str, mime: &str, parts: Parts) -> Result<(), JsValue> {
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts.0, &opts)?;
    download_blob(name, &blob)
}
