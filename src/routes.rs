//! The routes: where the app is, parsed from the URL's hash (`#/queue`, `#/c/<number>`, ...),
//! so that every deep link works on a plain static file server with no rewrite rules.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Where the app is, parsed from the URL's hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `#/today` (also the default): what is overdue or due today.
    Today,
    /// `#/intake`: the registration form.
    Intake,
    /// `#/queue`, `#/queue/<due filter code>` or `#/queue/?<conditions>`: the list, with
    /// the [`crate::domain::queue::QueueLink`] text that follows.
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
    /// `#/buyers`: the buyers (已购客户), their import and hand-over (issue 12).
    Buyers,
    /// `#/buyer/<id>`: one buyer's service record.
    Buyer(String),
    /// `#/callbacks`: the callback worklist 待回访 with the month's quotas.
    Callbacks,
    /// `#/intake/<buyer id>[/<callback entry id>]`: the intake form prefilled from a buyer
    /// (and the callback the complaint was heard in).
    IntakeFor(String, String),
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
            "intake" if !rest.is_empty() => {
                let (b, c) = rest.split_once('/').unwrap_or((rest, ""));
                Route::IntakeFor(decode(b), decode(c))
            }
            "intake" => Route::Intake,
            "buyers" => Route::Buyers,
            "buyer" if !rest.is_empty() => Route::Buyer(decode(rest)),
            "callbacks" => Route::Callbacks,
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
            Route::Buyers => "#/buyers".into(),
            Route::Buyer(id) => format!("#/buyer/{id}"),
            Route::Callbacks => "#/callbacks".into(),
            Route::IntakeFor(b, c) if c.is_empty() => format!("#/intake/{b}"),
            Route::IntakeFor(b, c) => format!("#/intake/{b}/{c}"),
        }
    }
}

/// Navigates to a route.
pub fn go(route: &Route) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(&route.href());
    }
}

/// The URL's current hash (`#/queue`...), or an empty text.
pub fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The current route, shared with the pages. `Copy`: an arena handle.
#[derive(Clone, Copy)]
pub struct RouteCtx(RwSignal<Route>);

impl RouteCtx {
    /// Provides the route read from the current hash.
    pub fn provide() -> RouteCtx {
        let route = RouteCtx(RwSignal::new(Route::parse(&current_hash())));
        provide_context(route);
        route
    }

    /// The route; panics only if called outside the app shell.
    pub fn expect_context() -> RouteCtx {
        expect_context::<RouteCtx>()
    }

    /// The current route (tracked).
    pub fn get(&self) -> Route {
        self.0.get()
    }

    /// Follows the hash from now on: each change of it sets the route and scrolls to the top.
    pub fn follow_hash(&self) {
        let route = self.0;
        let on_hash = Closure::<dyn Fn()>::new(move || {
            route.set(Route::parse(&current_hash()));
            crate::platform::scroll_top();
        });
        if let Some(w) = web_sys::window() {
            w.set_onhashchange(Some(on_hash.as_ref().unchecked_ref()));
        }
        on_hash.forget();
    }
}
