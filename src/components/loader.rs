//! One way to load a value and show it: under a `<Transition>`, with a typed error shown as a
//! card.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;

use crate::service::ServiceError;

/// Loads a value under a `<Transition>` and shows it, or the typed error as a card.
///
/// ```ignore
/// <Loaded load=move || { let db = db.get(); async move { service::load(db.as_ref(), &n).await } }
///     error_testid="detail-error" show=move |(complaint, state)| view! { … } />
/// ```
///
/// Only the conversion to and from the erased value is generic: the resource, the
/// `<Transition>` and the error card are one copy in the bundle, whatever the pages load.
#[component]
pub fn Loaded<T, Fut, V>(
    /// Starts the load; the signals it reads (a reload counter) run it again.
    load: impl Fn() -> Fut + 'static,
    /// The error card's test id (`detail-error` on the detail page); none by default.
    #[prop(optional)]
    error_testid: Option<&'static str>,
    /// Draws the loaded value.
    show: impl Fn(T) -> V + 'static,
) -> impl IntoView
where
    Fut: Future<Output = Result<T, ServiceError>> + 'static,
    T: Clone + 'static,
    V: IntoView + 'static,
{
    let load: Rc<dyn Fn() -> Loading> = Rc::new(move || {
        let f = load();
        Box::pin(async move { f.await.map(|v| Rc::new(v) as Rc<dyn Any>).map_err(Rc::new) })
    });
    let show: Shows = Rc::new(move |v| match v.downcast_ref::<T>() {
        Some(v) => show(v.clone()).into_any(),
        None => ().into_any(),
    });
    erased(load, show, error_testid)
}

/// Draws an erased loaded value.
type Shows = Rc<dyn Fn(&dyn Any) -> AnyView>;

/// A load in progress: the value erased, or the typed error.
type Loading = Pin<Box<dyn Future<Output = Result<Rc<dyn Any>, Rc<ServiceError>>>>>;

/// The one copy of the loader behind [`Loaded`].
fn erased(load: Rc<dyn Fn() -> Loading>, show: Shows, testid: Option<&'static str>) -> AnyView {
    let res = LocalResource::new(move || load());
    let show = StoredValue::new_local(show);
    view! {
        <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
            {move || {
                res.get()
                    .map(|r| match r {
                        Ok(v) => show.with_value(|f| f(v.as_ref())),
                        Err(e) => view! { <ErrorCard error=e testid=testid /> }.into_any(),
                    })
            }}
        </Transition>
    }
    .into_any()
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
