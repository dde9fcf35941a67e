//! Changes made in another tab of this browser, taken in here.

use super::{DbCtx, QueueCtx, SettingsCtx};
use crate::domain::queue::Summary;
use crate::platform::{self, Announcement};
use crate::store::Store;

/// A change another tab made to the stored data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TabChange {
    /// Counts the announcements, so two equal ones are still two changes.
    pub rev: u64,
    /// The complaints changed, or `None` when everything may have changed (an import).
    pub numbers: Option<Vec<String>>,
}

impl TabChange {
    /// Whether this change may concern complaint `number`.
    pub fn concerns(&self, number: &str) -> bool {
        self.rev > 0
            && self
                .numbers
                .as_ref()
                .is_none_or(|list| list.iter().any(|n| n == number))
    }
}

/// Listens to what other tabs announce (see [`platform::announce_changes`]): re-reads the
/// settings, or the complaints they changed (or everything), updates the queue, and lets
/// open pages know through [`QueueCtx::changed`].
pub fn listen(db: DbCtx, settings: SettingsCtx, queue: QueueCtx) {
    platform::listen_for_changes(move |what| take_here(db, settings, queue, what));
}

/// Takes in a change made elsewhere (another tab, or another device through sync).
pub fn take_here(db: DbCtx, settings: SettingsCtx, queue: QueueCtx, what: Announcement) {
    /// Above this many numbers, reading everything again is simpler and not slower.
    const MAX_LISTED: usize = 2000;
    match what {
        Announcement::Complaints(list) if list.len() <= MAX_LISTED => {
            leptos::task::spawn_local(async move {
                if let Ok(found) = db.get().get_many(&list).await {
                    let snapshot = settings.get_untracked();
                    let rows = found
                        .iter()
                        .filter_map(|c| Summary::of(c, &snapshot))
                        .collect();
                    queue.upsert_many_here(rows);
                }
                queue.note_change(Some(list));
            });
        }
        Announcement::Settings => reload_settings(db, settings),
        Announcement::Complaints(_) | Announcement::Everything => {
            reload_settings(db, settings);
            queue.reload();
            queue.note_change(None);
        }
    }
}

/// Reads the settings another tab saved.
fn reload_settings(db: DbCtx, settings: SettingsCtx) {
    leptos::task::spawn_local(async move {
        if let Ok(Some(s)) = db.get().load_settings().await {
            settings.replace(s);
        }
    });
}
