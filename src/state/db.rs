//! The database handle.

use std::rc::Rc;

use leptos::prelude::*;

use crate::domain::vocabulary::Settings;
use crate::service::ServiceError;
use crate::store::idb::IdbStore;
use crate::store::Store;

/// The IndexedDB database name.
pub const DB_NAME: &str = "complaint-desk";

/// The opened database. `Copy`: an arena handle.
#[derive(Clone, Copy)]
pub struct DbCtx(StoredValue<Rc<IdbStore>, LocalStorage>);

impl DbCtx {
    /// Provides the opened database to everything below.
    pub fn provide(db: Rc<IdbStore>) -> DbCtx {
        let ctx = DbCtx(StoredValue::new_local(db));
        provide_context(ctx);
        ctx
    }

    /// The database; panics only if called outside the app.
    pub fn expect_context() -> DbCtx {
        expect_context::<DbCtx>()
    }

    /// The database handle.
    pub fn get(&self) -> Rc<IdbStore> {
        self.0.get_value()
    }
}

/// Opens the database and the saved settings, bringing stored summaries up to date (the
/// desk's start).
pub async fn open() -> Result<(Rc<IdbStore>, Option<Settings>), ServiceError> {
    let (db, settings) = open_settings().await?;
    // Summaries written by an older version are rebuilt once (a fresh database only
    // records the current version).
    let upgrade_with = settings.clone().unwrap_or_else(|| Settings::new("", ""));
    crate::service::upgrade_summaries(db.as_ref(), &upgrade_with).await?;
    Ok((db, settings))
}

/// Opens the database (its schema upgraded) and the saved settings, without the summaries'
/// rebuild: the reception tablet's start. The tablet only adds complaints, each with a
/// summary of the current version; older summaries are rebuilt when the desk next starts,
/// and the reception entry stays free of the code that reads every complaint.
pub async fn open_settings() -> Result<(Rc<IdbStore>, Option<Settings>), ServiceError> {
    let db = IdbStore::open(DB_NAME).await?;
    let mut settings = db.load_settings().await?;
    if let Some(s) = &settings {
        let now = crate::platform::now(s.offset());
        // A database from before these rules also has summaries of an older version, so
        // the desk's rebuild gives every summary the new clocks.
        if let Some(adopted) = crate::service::adopt_first_contact_rules(&db, s, now).await? {
            settings = Some(adopted);
        }
    }
    Ok((Rc::new(db), settings))
}
