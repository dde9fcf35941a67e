//! The acting user and the counter that keeps event ids unique.

use leptos::prelude::*;

use super::SettingsCtx;
use crate::domain::vocabulary::{Settings, Staff};
use crate::platform;
use crate::service::Ctx;

/// Who is working, and the operation counter. `Copy`: arena handles.
#[derive(Clone, Copy)]
pub struct UserCtx {
    /// The current user's name.
    name: RwSignal<Option<String>>,
    /// A counter that keeps event ids unique within a millisecond; it starts at a random
    /// value in each tab, so two tabs of one device acting in the same millisecond still
    /// make different ids.
    seq: StoredValue<u32>,
}

impl UserCtx {
    /// Provides the user remembered on this device (if still on the staff list), else the
    /// first staff member.
    pub fn provide(settings: &Settings) -> UserCtx {
        let name = platform::current_user()
            .filter(|u| settings.staff_named(u).is_some())
            .or_else(|| settings.staff.first().map(|s| s.name.clone()));
        let ctx = UserCtx {
            name: RwSignal::new(name),
            seq: StoredValue::new((js_sys::Math::random() * f64::from(u32::MAX)) as u32),
        };
        provide_context(ctx);
        ctx
    }

    /// The user; panics only if called outside the app shell.
    pub fn expect_context() -> UserCtx {
        expect_context::<UserCtx>()
    }

    /// The current user's name (tracked).
    pub fn name(&self) -> Option<String> {
        self.name.get()
    }

    /// The current user's name, untracked.
    pub fn name_untracked(&self) -> Option<String> {
        self.name.get_untracked()
    }

    /// Makes `name` the current user, remembered on this device.
    pub fn choose(&self, name: String) {
        platform::set_current_user(&name);
        self.name.set(Some(name));
    }

    /// The current user's staff entry.
    pub fn actor(&self, settings: SettingsCtx) -> Option<Staff> {
        let name = self.name.get_untracked()?;
        settings.with_untracked(|s| s.staff_named(&name).cloned())
    }

    /// Everything an operation needs, taken now: settings, actor, time and a fresh counter.
    pub fn op(&self, settings: SettingsCtx) -> Op {
        self.seq.update_value(|s| *s = s.wrapping_add(1));
        let snapshot = settings.get_untracked();
        Op {
            actor: self.actor(settings),
            now: platform::now(snapshot.offset()),
            seq: self.seq.get_value(),
            settings: snapshot,
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
