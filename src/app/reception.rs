//! The reception tablet's entry (`reception.html`, the `reception` binary): the database,
//! the settings, who opened the mode, and the reception screen — nothing of the desk. A
//! device not in reception mode (or not set up) is sent to the desk at once.

use std::rc::Rc;

use leptos::prelude::*;

use super::boot;
use crate::domain::vocabulary::Settings;
use crate::pages::reception::ReceptionPage;
use crate::platform::access::{self as glue, Entry};
use crate::state::{self, DbCtx, SettingsCtx, SyncCtx, UserCtx};
use crate::store::idb::IdbStore;

/// The root component of the reception entry.
#[component]
pub fn ReceptionApp() -> impl IntoView {
    boot::start(state::open_settings, opened)
}

/// The reception screen once the database is open; the desk when this device is not in
/// reception mode or not set up (the desk's first-run setup comes first).
fn opened(db: Rc<IdbStore>, settings: Option<Settings>) -> AnyView {
    let Some(settings) = settings.filter(|_| glue::reception().is_some()) else {
        glue::clear_reception();
        glue::go_to(Entry::Desk);
        return ().into_any();
    };
    let db = DbCtx::provide(db);
    UserCtx::provide(&settings);
    let settings = SettingsCtx::provide(settings);
    // Sync sends the tablet's complaints and takes only the office's settings (no queue).
    SyncCtx::provide(db, settings, None);
    view! { <ReceptionPage /> }.into_any()
}
