//! The desk's app shell: opens the database (see [`boot`], shared with the reception
//! tablet's entry in [`reception`]), runs the first-run setup, provides the shared contexts
//! (see [`crate::state`]), shows the sign-in or reception screen when they apply, and routes
//! by the URL's hash (see [`crate::routes`]).

use std::rc::Rc;

use leptos::prelude::*;

pub mod boot;
pub mod reception;

use crate::components::nav::Nav;
use crate::domain::vocabulary::Settings;
use crate::pages::{buyer::BuyerPage, buyers::BuyersPage, callbacks::CallbacksPage};
use crate::pages::{
    dashboard::DashboardPage, detail::DetailPage, exchange::ExchangePage, form::FormPage,
    intake::IntakePage, queue::QueuePage, report::ReportPage, settings::SettingsPage,
    setup::SetupPage, sheet::SheetPage, signin::SignInPage, today::TodayPage,
};
use crate::platform::{self, access::Entry};
use crate::routes::{Route, RouteCtx};
use crate::state::{self, DbCtx, QueueCtx, SettingsCtx, SyncCtx, UserCtx};
use crate::store::idb::IdbStore;

/// The root component of the desk's entry (`index.html`).
#[component]
pub fn App() -> impl IntoView {
    boot::start(state::open, |db, settings| {
        view! { <Boot db=db settings=settings /> }.into_any()
    })
}

/// Shows the first-run setup until settings exist, then the shell.
#[component]
fn Boot(
    /// The opened database.
    db: Rc<IdbStore>,
    /// Saved settings, if any.
    settings: Option<Settings>,
) -> impl IntoView {
    let saved = RwSignal::new(settings);
    DbCtx::provide(db);
    move || match saved.get() {
        None => view! { <SetupPage on_done=move |s| saved.set(Some(s)) /> }.into_any(),
        Some(s) => view! { <Shell settings=s /> }.into_any(),
    }
}

/// The app once set up: the reception screen on a device in reception mode; otherwise the
/// sign-in screen until someone signs in (and again once the app locks), then the header,
/// navigation and the routed page.
#[component]
fn Shell(
    /// The device's settings.
    settings: Settings,
) -> impl IntoView {
    let db = DbCtx::expect_context();
    let user = UserCtx::provide(&settings);
    let settings = SettingsCtx::provide(settings);
    if user.reception_untracked().is_some() {
        // The device went into reception mode after the page's own check (another tab, or
        // the first-run setup just now): its own small entry shows it. Nothing of the desk
        // is loaded meanwhile: no queue, no routes, no other tab's changes.
        platform::access::go_to(Entry::Reception);
        return ().into_any();
    }
    let queue = QueueCtx::provide(db, settings, user);
    state::AnalysisCtx::provide(queue, settings);
    SyncCtx::provide(db, settings, queue);
    let route = RouteCtx::provide();
    queue.reload();
    state::listen(db, settings, queue);
    route.follow_hash();
    // The idle lock: every input keeps the session alive; a timer and the page becoming
    // visible again lock it once the idle time has passed (or another tab locked it).
    platform::access::watch_activity(
        move || user.touch(),
        move || settings.with_untracked(|s| user.check(s)),
    );
    platform::access::every(5_000, move || settings.with_untracked(|s| user.check(s)));
    // The desk is made at the first sign-in and then only hidden while the app is locked, so
    // a form half typed before the lock is still there after it.
    let made = RwSignal::new(false);
    Effect::new(move |_| {
        if user.name().is_some() {
            made.set(true);
        }
    });
    let locked = move || user.name().is_none();
    view! {
        {move || locked().then(|| view! { <SignInPage /> })}
        {move || made.get().then(|| view! {
            <div class="desk" class:locked=locked inert=move || locked().then_some("") aria-hidden=move || locked().then_some("true")>
                <Desk route=route />
            </div>
        })}
    }
    .into_any()
}

/// The desk: header, navigation and the routed page.
#[component]
fn Desk(
    /// The route.
    route: RouteCtx,
) -> impl IntoView {
    // The skip link moves focus to the page itself without touching the hash (the route).
    let main_ref = NodeRef::<leptos::html::Main>::new();
    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = main_ref.get_untracked() {
            let _ = main.focus();
        }
    };

    view! {
        <a class="skip-link no-print" href="#main" data-testid="skip-link" on:click=skip>
            "跳到主要内容"
        </a>
        <Nav />
        <main class="page" id="main" tabindex="-1" node_ref=main_ref>
            // Pages that load data hold it in their own `Transition`; this one catches any
            // other resource so that a page's loading never falls back to the boot screen
            // above (which would take the navigation away while it loads).
            <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
            {move || match route.get() {
                Route::Today => view! { <TodayPage /> }.into_any(),
                Route::Intake => view! { <IntakePage /> }.into_any(),
                Route::Queue(link) => view! { <QueuePage link=link /> }.into_any(),
                Route::Sheet(n, s) => view! { <SheetPage number=n sheet=s /> }.into_any(),
                Route::Detail(n) => view! { <DetailPage number=n /> }.into_any(),
                Route::Dashboard => view! { <DashboardPage /> }.into_any(),
                Route::Report(key) => view! { <ReportPage key=key /> }.into_any(),
                Route::Form(n) => view! { <FormPage number=n /> }.into_any(),
                Route::Settings => view! { <SettingsPage /> }.into_any(),
                Route::Exchange => view! { <ExchangePage /> }.into_any(),
                Route::Buyers => view! { <BuyersPage /> }.into_any(),
                Route::Buyer(id) => view! { <BuyerPage id=id /> }.into_any(),
                Route::Callbacks => view! { <CallbacksPage /> }.into_any(),
                Route::IntakeFor(b, c) => view! { <IntakePage buyer=b callback=c /> }.into_any(),
            }}
            </Transition>
        </main>
    }
}
