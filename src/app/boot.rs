//! What both entries (the desk and the reception tablet) do first: refuse to run in a frame,
//! ask for persistent storage, register the service worker, open the database and its
//! settings, and show a fatal error card when that fails.

use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;

use crate::domain::vocabulary::Settings;
use crate::platform;
use crate::service::ServiceError;
#[cfg(doc)]
use crate::state;
use crate::store::idb::IdbStore;

/// What an entry does to open the database and its settings ([`state::open`] at the desk,
/// [`state::open_settings`] at reception).
pub type Opened = Result<(Rc<IdbStore>, Option<Settings>), ServiceError>;

/// Opens the database with `open`, then shows `opened(db, settings)`; a fatal card when the
/// page is framed or the database cannot be opened.
pub fn start<F>(open: fn() -> F, opened: fn(Rc<IdbStore>, Option<Settings>) -> AnyView) -> AnyView
where
    F: Future<Output = Opened> + 'static,
{
    if platform::access::framed() {
        return view! {
            <div class="fatal" data-testid="fatal-error">
                <h1>"无法在此打开"</h1>
                <p>"投诉台不能嵌入其他网页中使用，请直接在浏览器中打开。"</p>
            </div>
        }
        .into_any();
    }
    // A plain task and one signal rather than a resource under `Suspense`: the reception
    // entry has no other async view, so this keeps the async-view machinery out of its
    // bundle. `None` while opening.
    let boot = RwSignal::new_local(None::<Result<(Rc<IdbStore>, Option<Settings>), String>>);
    leptos::task::spawn_local(async move {
        boot.set(Some(open().await.map_err(|e| e.to_string())));
    });
    platform::request_persistence();
    platform::register_service_worker();
    view! {
        {move || match boot.get() {
            None => view! { <p class="loading">"正在打开本地数据库…"</p> }.into_any(),
            Some(Err(e)) => view! {
                <div class="fatal" data-testid="fatal-error">
                    <h1>"无法启动"</h1>
                    <p>{e}</p>
                    <p>"请确认浏览器允许本站使用本地存储（非无痕模式）。"</p>
                </div>
            }
            .into_any(),
            Some(Ok((db, settings))) => opened(db, settings),
        }}
    }
    .into_any()
}
