//! One way to load a value and show it: under a `<Transition>`, with a typed error shown as a
//! card.

use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;

use crate::service::ServiceError;

/// Loads a value under a `<Transition>` and shows it, or the typed error as a card.
///
/// ```ignore
/// <Loaded load=move || { let db = db.get(); async move { service::load(db.as_ref(), &n).await } }
///     error_testid="detail-error" show=move |(complaint, state)| view! { … } />
/// ```
#[component]
pub fn Loaded<T, Fut, V>(
    /// Starts the load; the signals it reads (a reload counter) run it again.
    load: impl Fn() -> Fut + 'static,
    /// The error card's test id (`detail-error` on the detail page); none by default.
    #[prop(optional)]
    error_testid: Option<&'static str>,
    /// Draws the loaded value.
    show: impl Fn(T) -> V + Send + 'static,
) -> impl IntoView
where
    Fut: Future<Output = Result<T, ServiceError>> + 'static,
    T: Clone + 'static,
    V: IntoView + 'static,
{
    let res = LocalResource::new(move || {
        let f = load();
        async move { f.await.map_err(Rc::new) }
    });
    view! {
        <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
            {move || {
                res.get()
                    .map(|r| match r {
                        Ok(v) => show(v).into_any(),
                        Err(e) => view! { <ErrorCard error=e testid=error_testid /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

/// A [`ServiceError`] shown to the user as a card.
#[component]
pub fn ErrorCard(
    /// The error; its message is the card's text.
    error: Rc<ServiceError>,
    /// The card's test id; no attribute when `None`.
    #[prop(optional_no_strip)]
    testid: Option<&'static str>,
) -> impl IntoView {
    view! { <div class="card error" data-testid=testid>{error.to_string()}</div> }
}
