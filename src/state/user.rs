//! Who is signed in, the idle lock, reception mode, and the counter that keeps event ids
//! unique.

use leptos::prelude::*;

use super::SettingsCtx;
use crate::domain::access::Session;
use crate::domain::vocabulary::{Settings, Staff};
use crate::platform;
use crate::platform::access::{self as glue, ReceptionMode};
use crate::service::Ctx;

/// How often an input refreshes the stored session (ms): often enough for the idle lock,
/// rarely enough not to write on every key press.
const TOUCH_EVERY_MS: i64 = 5_000;

/// Who is signed in, and the operation counter. `Copy`: arena handles.
#[derive(Clone, Copy)]
pub struct UserCtx {
    /// The signed-in person; `None` while the app is locked or nobody signed in.
    name: RwSignal<Option<String>>,
    /// Who was signed in before the lock, offered first on the lock screen.
    last: RwSignal<Option<String>>,
    /// This device's reception mode, if on.
    reception: RwSignal<Option<ReceptionMode>>,
    /// When the stored session was last refreshed.
    touched: StoredValue<i64>,
    /// A counter that keeps event ids unique within a millisecond; it starts at a random
    /// value in each tab, so two tabs of one device acting in the same millisecond still
    /// make different ids.
    seq: StoredValue<u32>,
}

/// The stored session's person, if it is still valid with these settings: not expired, on
/// the staff list, active.
fn valid_session(settings: &Settings) -> Option<String> {
    glue::session()
        .filter(|s| !s.expired(glue::now_ms(), settings.lock_minutes))
        .filter(|s| settings.staff_named(&s.name).is_some_and(|m| m.active))
        .map(|s| s.name)
}

impl UserCtx {
    /// Provides the session stored on this device (when still valid) and its reception mode.
    pub fn provide(settings: &Settings) -> UserCtx {
        let name = valid_session(settings);
        if name.is_none() {
            glue::clear_session();
        }
        let ctx = UserCtx {
            last: RwSignal::new(glue::session().map(|s| s.name)),
            name: RwSignal::new(name),
            reception: RwSignal::new(glue::reception()),
            touched: StoredValue::new(0),
            seq: StoredValue::new((js_sys::Math::random() * f64::from(u32::MAX)) as u32),
        };
        provide_context(ctx);
        ctx
    }

    /// The context; panics only if called outside the app shell.
    pub fn expect_context() -> UserCtx {
        expect_context::<UserCtx>()
    }

    /// The signed-in person's name (tracked); `None` when locked.
    pub fn name(&self) -> Option<String> {
        self.name.get()
    }

    /// The signed-in person's name, untracked.
    pub fn name_untracked(&self) -> Option<String> {
        self.name.get_untracked()
    }

    /// Who was signed in before the lock, if still an active staff member (offered first on
    /// the lock screen).
    pub fn last_untracked_active(&self, settings: SettingsCtx) -> Option<String> {
        let last = self.last.get_untracked()?;
        settings
            .with_untracked(|s| s.staff_named(&last).is_some_and(|m| m.active))
            .then_some(last)
    }

    /// Signs `name` in (their PIN was checked).
    pub fn signed_in(&self, name: String) {
        let now = glue::now_ms();
        glue::set_session(&Session {
            name: name.clone(),
            last_input_ms: now,
        });
        self.touched.set_value(now);
        self.last.set(Some(name.clone()));
        self.name.set(Some(name));
    }

    /// Locks the app: nothing of the data shows until a PIN is typed again.
    pub fn lock(&self) {
        glue::clear_session();
        if let Some(n) = self.name.get_untracked() {
            self.last.set(Some(n));
        }
        self.name.set(None);
    }

    /// Signs out to choose another person.
    pub fn switch(&self) {
        self.lock();
        self.last.set(None);
    }

    /// An input: keeps the session alive (written now and then, not on every key press).
    pub fn touch(&self) {
        let now = glue::now_ms();
        let Some(name) = self.name.get_untracked() else {
            return;
        };
        if now - self.touched.get_value() < TOUCH_EVERY_MS {
            return;
        }
        // Another tab may have locked or switched the device meanwhile: follow it instead.
        match glue::session() {
            Some(s) if s.name == name => {
                self.touched.set_value(now);
                glue::set_session(&Session {
                    name,
                    last_input_ms: now,
                });
            }
            _ => self.lock(),
        }
    }

    /// Locks the app when the stored session expired or another tab locked or switched the
    /// device (checked on a timer and whenever the page becomes visible).
    pub fn check(&self, settings: &Settings) {
        match valid_session(settings) {
            None if self.name.get_untracked().is_some() => self.lock(),
            Some(other) if self.name.get_untracked().as_deref() != Some(other.as_str()) => {
                self.last.set(Some(other.clone()));
                self.name.set(Some(other));
            }
            _ => {}
        }
    }

    /// This device's reception mode, untracked.
    pub fn reception_untracked(&self) -> Option<ReceptionMode> {
        self.reception.get_untracked()
    }

    /// This device's reception mode (tracked).
    pub fn reception(&self) -> Option<ReceptionMode> {
        self.reception.get()
    }

    /// The signed-in person's staff entry.
    pub fn actor(&self, settings: SettingsCtx) -> Option<Staff> {
        let name = self.name.get_untracked()?;
        settings.with_untracked(|s| s.staff_named(&name).filter(|m| m.active).cloned())
    }

    /// Everything an operation needs, taken now: settings, the signed-in person, time and a
    /// fresh counter.
    pub fn op(&self, settings: SettingsCtx) -> Op {
        let actor = self.actor(settings);
        self.op_as(settings, actor)
    }

    /// The same with `actor` acting: the GM whose PIN was just typed at someone's desk, or
    /// whoever opened reception mode.
    pub fn op_as(&self, settings: SettingsCtx, actor: Option<Staff>) -> Op {
        self.seq.update_value(|s| *s = s.wrapping_add(1));
        let snapshot = settings.get_untracked();
        Op {
            actor,
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
