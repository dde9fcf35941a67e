//! Sign-in's browser glue: PBKDF2 through Web Crypto, the session and the reception flag kept
//! in localStorage (the device's, shared by its tabs), input and visibility watching for the
//! idle lock, and the check that the app is not framed by another site.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::domain::access::{Session, SALT_LEN};
use crate::service::access::Kdf;

const SESSION: &str = "complaint-desk.session";
const RECEPTION: &str = "complaint-desk.reception";

/// PBKDF2-HMAC-SHA256 through the browser's `SubtleCrypto`, salts from `getRandomValues`.
pub struct WebKdf;

fn crypto() -> Result<web_sys::Crypto, String> {
    web_sys::window()
        .ok_or("no window")?
        .crypto()
        .map_err(|_| "浏览器不支持 Web Crypto".to_string())
}

fn js_text(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "未知错误".into())
}

impl Kdf for WebKdf {
    async fn derive(&self, pin: &[u8], salt: &[u8], iterations: u32) -> Result<Vec<u8>, String> {
        let subtle = crypto()?.subtle();
        let usages = js_sys::Array::of1(&JsValue::from_str("deriveBits"));
        let key = subtle
            .import_key_with_str(
                "raw",
                &js_sys::Uint8Array::from(pin),
                "PBKDF2",
                false,
                &usages,
            )
            .map_err(js_text)?;
        let key: web_sys::CryptoKey = JsFuture::from(key).await.map_err(js_text)?.unchecked_into();
        let params = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&params, &JsValue::from_str(k), v);
        set("name", &JsValue::from_str("PBKDF2")).map_err(js_text)?;
        set("hash", &JsValue::from_str("SHA-256")).map_err(js_text)?;
        set("salt", &js_sys::Uint8Array::from(salt)).map_err(js_text)?;
        set("iterations", &JsValue::from(iterations)).map_err(js_text)?;
        let bits = subtle
            .derive_bits_with_object(&params, &key, 256)
            .map_err(js_text)?;
        let bits = JsFuture::from(bits).await.map_err(js_text)?;
        Ok(js_sys::Uint8Array::new(&bits).to_vec())
    }

    fn salt(&self) -> Vec<u8> {
        let mut salt = vec![0u8; SALT_LEN];
        if let Ok(c) = crypto() {
            let _ = c.get_random_values_with_u8_array(&mut salt);
        }
        salt
    }
}

/// The signed-in session on this device, if any.
pub fn session() -> Option<Session> {
    LocalStorage::get(SESSION).ok()
}

/// Keeps the session (sign-in, or an input that keeps it alive).
pub fn set_session(s: &Session) {
    let _ = LocalStorage::set(SESSION, s);
}

/// Ends the session: the app is locked.
pub fn clear_session() {
    LocalStorage::delete(SESSION);
}

/// The device's reception mode: who switched it on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceptionMode {
    /// The staff member who opened it; complaints are received by them.
    pub by: String,
}

/// Whether this device is in reception mode, and who opened it.
pub fn reception() -> Option<ReceptionMode> {
    LocalStorage::get(RECEPTION).ok()
}

/// Switches the device into reception mode (kept across reloads and browser restarts).
pub fn set_reception(mode: &ReceptionMode) {
    let _ = LocalStorage::set(RECEPTION, mode);
}

/// Leaves reception mode.
pub fn clear_reception() {
    LocalStorage::delete(RECEPTION);
}

/// Calls `on_input` on every key press and pointer press in the page, and `on_visible` when
/// the page becomes visible again; the listeners live as long as the page.
pub fn watch_activity(on_input: impl Fn() + 'static, on_visible: impl Fn() + 'static) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let input = Closure::<dyn Fn()>::new(on_input);
    for kind in ["keydown", "pointerdown", "wheel", "touchstart"] {
        let _ = document.add_event_listener_with_callback(kind, input.as_ref().unchecked_ref());
    }
    input.forget();
    let doc = document.clone();
    let visible = Closure::<dyn Fn()>::new(move || {
        if doc.visibility_state() == web_sys::VisibilityState::Visible {
            on_visible();
        }
    });
    let _ = document
        .add_event_listener_with_callback("visibilitychange", visible.as_ref().unchecked_ref());
    visible.forget();
}

/// Calls `tick` every `ms` milliseconds for as long as the page lives.
pub fn every(ms: i32, tick: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let cb = Closure::<dyn Fn()>::new(tick);
    let _ = window
        .set_interval_with_callback_and_timeout_and_arguments_0(cb.as_ref().unchecked_ref(), ms);
    cb.forget();
}

/// Calls `done` once after `ms` milliseconds; returns the timer's id for [`cancel_timer`].
pub fn after(ms: i32, done: impl FnOnce() + 'static) -> i32 {
    let Some(window) = web_sys::window() else {
        return 0;
    };
    let cb = Closure::once_into_js(done);
    window
        .set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), ms)
        .unwrap_or(0)
}

/// Cancels a timer of [`after`].
pub fn cancel_timer(id: i32) {
    if let Some(w) = web_sys::window() {
        w.clear_timeout_with_handle(id);
    }
}

/// Whether another page frames this one (the policy cannot forbid it from a `<meta>` tag,
/// so the app refuses to show itself in a frame).
pub fn framed() -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    match w.top() {
        Ok(Some(top)) => top != w,
        _ => true,
    }
}

/// Millisecond clock for sign-in decisions.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Opens the print dialog.
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// The app's two entries, each its own page and bundle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// The desk (`index.html`): every screen but reception.
    Desk,
    /// The reception tablet's screen (`reception.html`).
    Reception,
}

impl Entry {
    /// The entry's address, relative to the page (the app works under any sub-path).
    pub fn href(self) -> &'static str {
        match self {
            Entry::Desk => "./",
            Entry::Reception => "reception.html",
        }
    }
}

/// Loads `entry` in place of this page (no route in the address, a fresh page in memory,
/// and this page not left in the history for the back button).
pub fn go_to(entry: Entry) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().replace(entry.href());
    }
}

/// Keeps the address bar free of routes while in reception mode: any hash typed (or reached
/// with the back button) is taken away at once, so no address leads anywhere.
pub fn keep_address_clean() {
    let Some(w) = web_sys::window() else {
        return;
    };
    let clean = move || {
        let Some(w) = web_sys::window() else {
            return;
        };
        let loc = w.location();
        if loc.hash().is_ok_and(|h| !h.is_empty()) {
            if let Ok(h) = w.history() {
                let path = loc.pathname().unwrap_or_default();
                let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&path));
            }
        }
    };
    clean();
    let cb = Closure::<dyn Fn()>::new(clean);
    let _ = w.add_event_listener_with_callback("hashchange", cb.as_ref().unchecked_ref());
    cb.forget();
}

/// Scrolls the focused field of `ev` to the middle of the screen once the on-screen keyboard
/// has opened, so the keyboard never hides it.
pub fn scroll_into_view_later(ev: &web_sys::FocusEvent) {
    let Some(el) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    after(300, move || {
        let opts = web_sys::ScrollIntoViewOptions::new();
        opts.set_block(web_sys::ScrollLogicalPosition::Center);
        el.scroll_into_view_with_scroll_into_view_options(&opts);
    });
}
