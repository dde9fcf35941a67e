//! The device's settings.

use leptos::prelude::*;

use crate::domain::vocabulary::Settings;
use crate::platform::{self, Announcement};

/// The device's settings. `Copy`: an arena handle.
#[derive(Clone, Copy)]
pub struct SettingsCtx(RwSignal<Settings>);

impl SettingsCtx {
    /// Provides the settings to everything below.
    pub fn provide(settings: Settings) -> SettingsCtx {
        let ctx = SettingsCtx(RwSignal::new(settings));
        provide_context(ctx);
        ctx
    }

    /// The settings; panics only if called outside the app shell.
    pub fn expect_context() -> SettingsCtx {
        expect_context::<SettingsCtx>()
    }

    /// Reads the settings (tracked).
    pub fn with<R>(&self, f: impl FnOnce(&Settings) -> R) -> R {
        self.0.with(f)
    }

    /// Reads the settings without tracking them.
    pub fn with_untracked<R>(&self, f: impl FnOnce(&Settings) -> R) -> R {
        self.0.with_untracked(f)
    }

    /// A copy of the settings, untracked.
    pub fn get_untracked(&self) -> Settings {
        self.0.get_untracked()
    }

    /// Replaces the settings here only (another tab saved them).
    pub fn replace(&self, settings: Settings) {
        self.0.set(settings);
    }

    /// Saves the settings' new value here and tells the other tabs.
    pub fn saved(&self, settings: Settings) {
        self.0.set(settings);
        platform::announce_changes(&Announcement::Settings);
    }
}
