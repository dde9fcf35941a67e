//! The app shell: opens the database, runs the first-run setup, provides the shared context,
//! and routes by the URL's hash (`#/queue`, `#/c/<number>`, ...) so that every deep link works
//! on a plain static file server with no rewrite rules.

use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::components::nav::Nav;
use crate::domain::complaint::Summary;
use crate::domain::model::Staff;
use crate::domain::query::QueueIndex;
use crate::domain::settings::Settings;
use crate::pages::{
    dashboard::DashboardPage, detail::DetailPage, exchange::ExchangePage, form::FormPage,
    intake::IntakePage, queue::QueuePage, report::ReportPage, settings::SettingsPage,
    setup::SetupPage, sheet::SheetPage, today::TodayPage,
};
use crate::platform::{self, Announcement};
use crate::service::Ctx;
use crate::store::idb::IdbStore;
use crate::store::Store;

/// The IndexedDB database name.
pub const DB_NAME: &str = "complaint-desk";

/// Where the app is, parsed from the URL's hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `#/today` (also the default): what is overdue or due today.
    Today,
    /// `#/intake`: the registration form.
    Intake,
    /// `#/queue`, `#/queue/<due filter code>` or `#/queue/?<conditions>`: the list, with
    /// the [`crate::domain::queue_link::QueueLink`] text that follows.
    Queue(String),
    /// `#/sheet/<number>/<sheet id>`: a work-contact sheet, for printing.
    Sheet(String, String),
    /// `#/c/<number>`: one complaint.
    Detail(String),
    /// `#/dashboard`.
    Dashboard,
    /// `#/report/<YYYY-MM>[?project=…&office=…]`: the monthly analysis report.
    Report(String),
    /// `#/form/<number>`: a complaint's registration form, for printing.
    Form(String),
    /// `#/settings`.
    Settings,
    /// `#/exchange`: export and import.
    Exchange,
}

impl Route {
    /// Parses a `location.hash`.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let (head, rest) = path.split_once('/').unwrap_or((path, ""));
        let decode = |s: &str| {
            js_sys::decode_uri_component(s)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_else(|| s.to_string())
        };
        match head {
            "intake" => Route::Intake,
            // A query keeps its escapes: its values are decoded one by one.
            "queue" if rest.starts_with('?') => Route::Queue(rest.to_string()),
            "queue" => Route::Queue(decode(rest)),
            "c" if !rest.is_empty() => Route::Detail(decode(rest)),
            "sheet" => match rest.split_once('/') {
                Some((n, s)) => Route::Sheet(decode(n), decode(s)),
                None => Route::Today,
            },
            "dashboard" => Route::Dashboard,
            "report" => Route::Report(rest.to_string()),
            "form" if !rest.is_empty() => Route::Form(decode(rest)),
            "settings" => Route::Settings,
            "exchange" => Route::Exchange,
            _ => Route::Today,
        }
    }

    /// The hash that leads here.
    pub fn href(&self) -> String {
        match self {
            Route::Today => "#/today".into(),
            Route::Intake => "#/intake".into(),
            Route::Queue(due) if due.is_empty() => "#/queue".into(),
            Route::Queue(due) => format!("#/queue/{due}"),
            Route::Sheet(n, s) => format!("#/sheet/{n}/{s}"),
            Route::Detail(n) => format!("#/c/{n}"),
            Route::Dashboard => "#/dashboard".into(),
            Route::Report(key) => format!("#/report/{key}"),
            Route::Form(n) => format!("#/form/{n}"),
            Route::Settings => "#/settings".into(),
            Route::Exchange => "#/exchange".into(),
        }
    }
}

/// Navigates to a route.
pub fn go(route: &Route) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(&route.href());
    }
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// What every page shares. `Copy`: every field is an arena handle.
#[derive(Clone, Copy)]
pub struct AppCtx {
    /// The database.
    pub db: StoredValue<Rc<IdbStore>, LocalStorage>,
    /// The device's settings.
    pub settings: RwSignal<Settings>,
    /// The current user's name.
    pub user: RwSignal<Option<String>>,
    /// All summaries with their search text; not reactive, see `queue_rev`.
    pub queue: StoredValue<QueueIndex>,
    /// Bumped whenever `queue` changes.
    pub queue_rev: RwSignal<u64>,
    /// Whether `queue` holds every summary yet.
    pub queue_ready: RwSignal<bool>,
    /// The newest rows, read from the index at start while `queue` loads.
    pub first_page: RwSignal<Vec<Summary>>,
    /// How many complaints are stored.
    pub stored: RwSignal<u32>,
    /// Whether `stored` has been read from storage yet.
    pub counted: RwSignal<bool>,
    /// The current route.
    pub route: RwSignal<Route>,
    /// A counter that keeps event ids unique within a millisecond; it starts at a random
    /// value in each tab, so two tabs of one device acting in the same millisecond still
    /// make different ids.
    pub seq: StoredValue<u32>,
    /// The latest change to stored complaints that another tab announced (see
    /// [`platform::announce_changes`]).
    pub changes: RwSignal<Changes>,
}

/// A change another tab made to the stored data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Counts the announcements, so two equal ones are still two changes.
    pub rev: u64,
    /// The complaints changed, or `None` when everything may have changed (an import).
    pub numbers: Option<Vec<String>>,
}

impl Changes {
    /// Whether this change may concern complaint `number`.
    pub fn concerns(&self, number: &str) -> bool {
        self.rev > 0
            && self
                .numbers
                .as_ref()
                .is_none_or(|list| list.iter().any(|n| n == number))
    }
}

impl AppCtx {
    /// The shared context; panics only if called outside the app shell.
    pub fn use_ctx() -> AppCtx {
        expect_context::<AppCtx>()
    }

    /// The database handle.
    pub fn db(&self) -> Rc<IdbStore> {
        self.db.get_value()
    }

    /// The current user's staff entry.
    pub fn actor(&self) -> Option<Staff> {
        let name = self.user.get_untracked()?;
        self.settings
            .with_untracked(|s| s.staff_named(&name).cloned())
    }

    /// Everything an operation needs, taken now: settings, actor, time and a fresh counter.
    pub fn op(&self) -> Op {
        self.seq.update_value(|s| *s = s.wrapping_add(1));
        let settings = self.settings.get_untracked();
        Op {
            actor: self.actor(),
            now: platform::now(settings.offset()),
            seq: self.seq.get_value(),
            settings,
        }
    }

    /// Adds or replaces one summary in the queue after a save, and tells the other tabs.
    pub fn upsert(&self, summary: Summary) {
        platform::announce_changes(&Announcement::Complaints(vec![summary.number.clone()]));
        self.upsert_here(summary);
    }

    /// Reloads everything after a write that changed many complaints (import, clearing the
    /// data, generated test data), and tells the other tabs to do the same.
    pub fn changed_everything(&self) {
        platform::announce_changes(&Announcement::Everything);
        self.reload_queue();
    }

    /// Saves the settings' new value here and tells the other tabs.
    pub fn settings_saved(&self, settings: Settings) {
        self.settings.set(settings);
        platform::announce_changes(&Announcement::Settings);
    }

    /// Takes in what another tab announced: re-reads the settings, or the complaints it
    /// changed (or everything), updates the queue, and lets open pages know through
    /// [`AppCtx::changes`].
    fn take_changes(&self, what: Announcement) {
        /// Above this many numbers, reading everything again is simpler and not slower.
        const MAX_LISTED: usize = 2000;
        let ctx = *self;
        let list = match what {
            Announcement::Complaints(list) if list.len() <= MAX_LISTED => Some(list),
            Announcement::Settings => {
                leptos::task::spawn_local(async move {
                    if let Ok(Some(s)) = ctx.db().load_settings().await {
                        ctx.settings.set(s);
                    }
                });
                return;
            }
            _ => None,
        };
        let Some(list) = list else {
            leptos::task::spawn_local(async move {
                if let Ok(Some(s)) = ctx.db().load_settings().await {
                    ctx.settings.set(s);
                }
            });
            ctx.reload_queue();
            ctx.changes.update(|c| {
                *c = Changes {
                    rev: c.rev + 1,
                    numbers: None,
                }
            });
            return;
        };
        leptos::task::spawn_local(async move {
            if let Ok(found) = ctx.db().get_many(&list).await {
                let settings = ctx.settings.get_untracked();
                for c in found {
                    if let Ok(state) = c.state() {
                        ctx.upsert_here(Summary::new(&c, &state, &settings));
                    }
                }
            }
            ctx.changes.update(|c| {
                *c = Changes {
                    rev: c.rev + 1,
                    numbers: Some(list),
                }
            });
        });
    }

    fn upsert_here(&self, summary: Summary) {
        let added = self.queue.with_value(|q| !q.contains(&summary.number));
        self.first_page.update(|rows| {
            rows.retain(|s| s.number != summary.number);
            rows.insert(0, summary.clone());
        });
        self.queue.update_value(|q| q.upsert(summary));
        if added {
            self.stored.update(|n| *n += 1);
        }
        self.queue_rev.update(|r| *r += 1);
    }

    /// Reloads the count, first page and every summary from storage (after import, clear or
    /// generating test data).
    pub fn reload_queue(&self) {
        let ctx = *self;
        leptos::task::spawn_local(async move {
            let db = ctx.db();
            if let Ok(rows) = db.first_page(50).await {
                ctx.first_page.set(rows);
            }
            if let Ok(n) = db.count().await {
                ctx.stored.set(n);
                ctx.counted.set(true);
            }
            if let Ok(all) = db.summaries().await {
                ctx.queue.set_value(QueueIndex::new(all));
                ctx.queue_ready.set(true);
                ctx.queue_rev.update(|r| *r += 1);
                ctx.escalate().await;
            }
        });
    }

    /// Records the escalations that overdue complaints are owed; the app has no server
    /// to do it, so it does it whenever it loads the queue.
    pub async fn escalate(&self) {
        let op = self.op();
        let c = op.ctx();
        let now = c.now.timestamp_millis();
        let overdue: Vec<Summary> = self.queue.with_value(|q| {
            q.rows()
                .iter()
                .filter(|s| s.due.is_some_and(|d| d < now))
                .cloned()
                .collect()
        });
        match crate::service::escalate_overdue(self.db().as_ref(), &c, &overdue).await {
            Ok(updated) => {
                if !updated.is_empty() {
                    let numbers = updated.iter().map(|s| s.number.clone()).collect();
                    platform::announce_changes(&Announcement::Complaints(numbers));
                    self.queue.update_value(|q| {
                        for s in updated {
                            q.upsert(s);
                        }
                    });
                    self.queue_rev.update(|r| *r += 1);
                }
            }
            Err(e) => leptos::logging::warn!("escalation: {e}"),
        }
    }
}

/// An owned snapshot for one operation; [`Op::ctx`] lends it as a [`Ctx`].
pub struct Op {
    settings: Settings,
    actor: Option<Staff>,
    now: chrono::DateTime<chrono::FixedOffset>,
    seq: u32,
}

impl Op {
    /// The operation context.
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            settings: &self.settings,
            actor: self.actor.as_ref(),
            now: self.now,
            seq: self.seq,
        }
    }
}

/// Opens the database and the saved settings, bringing stored summaries up to date.
async fn open() -> Result<(Rc<IdbStore>, Option<Settings>), crate::service::ServiceError> {
    let db = IdbStore::open(DB_NAME).await?;
    let settings = db.load_settings().await?;
    // Summaries written by an older version are rebuilt once (a fresh database only
    // records the current version).
    let upgrade_with = settings.clone().unwrap_or_else(|| Settings::new("", ""));
    crate::service::upgrade_summaries(&db, &upgrade_with).await?;
    Ok((Rc::new(db), settings))
}

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    let boot = LocalResource::new(|| async { open().await.map_err(|e| e.to_string()) });
    platform::request_persistence();
    platform::register_service_worker();
    view! {
        <Suspense fallback=|| view! { <p class="loading">"正在打开本地数据库…"</p> }>
            {move || {
                boot.get()
                    .map(|result| match result {
                        Err(e) => {
                            view! {
                                <div class="fatal" data-testid="fatal-error">
                                    <h1>"无法启动"</h1>
                                    <p>{e}</p>
                                    <p>"请确认浏览器允许本站使用本地存储（非无痕模式）。"</p>
                                </div>
                            }
                                .into_any()
                        }
                        Ok((db, settings)) => view! { <Boot db=db settings=settings /> }.into_any(),
                    })
            }}
        </Suspense>
    }
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
    let db = StoredValue::new_local(db);
    move || match saved.get() {
        None => view! { <SetupPage db=db on_done=move |s| saved.set(Some(s)) /> }.into_any(),
        Some(s) => view! { <Shell db=db settings=s /> }.into_any(),
    }
}

/// The app once set up: header, navigation and the routed page.
#[component]
fn Shell(
    /// The database.
    db: StoredValue<Rc<IdbStore>, LocalStorage>,
    /// The device's settings.
    settings: Settings,
) -> impl IntoView {
    let user = platform::current_user()
        .filter(|u| settings.staff_named(u).is_some())
        .or_else(|| settings.staff.first().map(|s| s.name.clone()));
    let ctx = AppCtx {
        db,
        settings: RwSignal::new(settings),
        user: RwSignal::new(user),
        queue: StoredValue::new(QueueIndex::default()),
        queue_rev: RwSignal::new(0),
        queue_ready: RwSignal::new(false),
        first_page: RwSignal::new(Vec::new()),
        stored: RwSignal::new(0),
        counted: RwSignal::new(false),
        route: RwSignal::new(Route::parse(&current_hash())),
        seq: StoredValue::new((js_sys::Math::random() * f64::from(u32::MAX)) as u32),
        changes: RwSignal::new(Changes::default()),
    };
    provide_context(ctx);
    ctx.reload_queue();
    platform::listen_for_changes(move |what| ctx.take_changes(what));

    let on_hash = Closure::<dyn Fn()>::new(move || {
        ctx.route.set(Route::parse(&current_hash()));
        platform::scroll_top();
    });
    if let Some(w) = web_sys::window() {
        w.set_onhashchange(Some(on_hash.as_ref().unchecked_ref()));
    }
    on_hash.forget();

    view! {
        <Nav />
        <main class="page">
            // Pages that load data hold it in their own `Transition`; this one catches any
            // other resource so that a page's loading never falls back to the boot screen
            // above (which would take the navigation away while it loads).
            <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
            {move || match ctx.route.get() {
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
            }}
            </Transition>
        </main>
    }
}
