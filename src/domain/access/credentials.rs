//! Every PIN record and wait on this device, and the sign-in decision around the hashing.
//! Device-only: kept in IndexedDB beside the data, never in settings or an export file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::lockout::Lockout;
use super::pin::PinRecord;
use crate::domain::vocabulary::Staff;

/// Whether a person can sign in with a PIN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinState {
    /// No PIN yet: a manager must set an initial one.
    Missing,
    /// A PIN of their own.
    Set,
    /// An initial PIN set by a manager, to be changed at the next sign-in.
    MustChange,
}

impl PinState {
    /// The Chinese label shown in the staff list.
    pub fn label(self) -> &'static str {
        match self {
            PinState::Missing => "未设置密码",
            PinState::Set => "已设置密码",
            PinState::MustChange => "初始密码（登录时须修改）",
        }
    }
}

/// Why a sign-in (or a PIN asked again) was refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SignInError {
    /// The name is not on the staff list.
    #[error("{0} 不在员工名单中")]
    Unknown(String),
    /// The person was disabled by a manager.
    #[error("{0} 已停用，不能登录")]
    Disabled(String),
    /// No PIN was set for them yet.
    #[error("{0} 还没有密码，请经理在“设置 → 员工”中设置初始密码")]
    NoPin(String),
    /// Wrong PIN, with the tries left before a wait.
    #[error("密码错误，再错 {0} 次需要等待后才能重试")]
    Wrong(u32),
    /// Too many wrong PINs: wait this many seconds.
    #[error("密码错误次数过多，请 {0} 秒后再试")]
    Wait(i64),
    /// The person's role may not do this.
    #[error("{0}")]
    Role(String),
}

/// The PIN records and waits, by staff name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    /// The version of this record's shape.
    #[serde(default = "one")]
    pub version: u32,
    /// PIN records by name.
    #[serde(default)]
    pub pins: BTreeMap<String, PinRecord>,
    /// Wrong-PIN waits by name.
    #[serde(default)]
    pub lockouts: BTreeMap<String, Lockout>,
}

fn one() -> u32 {
    1
}

impl Credentials {
    /// No PIN at all yet: a new device, or a database from before sign-in existed.
    pub fn is_empty(&self) -> bool {
        self.pins.is_empty()
    }

    /// Whether `name` can sign in with a PIN.
    pub fn pin_state(&self, name: &str) -> PinState {
        match self.pins.get(name) {
            None => PinState::Missing,
            Some(r) if r.must_change => PinState::MustChange,
            Some(_) => PinState::Set,
        }
    }

    /// The record a typed PIN of `staff` (looked up by `name`) is checked against, or why no
    /// PIN may be tried now (unknown, disabled, no PIN, still waiting).
    pub fn before_try(
        &self,
        staff: Option<&Staff>,
        name: &str,
        now_ms: i64,
    ) -> Result<&PinRecord, SignInError> {
        let staff = staff.ok_or_else(|| SignInError::Unknown(name.to_string()))?;
        if !staff.active {
            return Err(SignInError::Disabled(name.to_string()));
        }
        if let Some(wait) = self.lockouts.get(name).and_then(|l| l.wait_secs(now_ms)) {
            return Err(SignInError::Wait(wait));
        }
        self.pins
            .get(name)
            .ok_or_else(|| SignInError::NoPin(name.to_string()))
    }

    /// Records a wrong PIN of `name` at `now_ms` and says what the person is told.
    pub fn failed(&mut self, name: &str, now_ms: i64) -> SignInError {
        let next = self
            .lockouts
            .get(name)
            .copied()
            .unwrap_or_default()
            .after_failure(now_ms);
        self.lockouts.insert(name.to_string(), next);
        match next.wait_secs(now_ms) {
            Some(wait) => SignInError::Wait(wait),
            None => SignInError::Wrong(next.tries_left()),
        }
    }

    /// A good PIN: the wrong tries are forgotten. Returns whether anything changed.
    pub fn succeeded(&mut self, name: &str) -> bool {
        self.lockouts.remove(name).is_some()
    }

    /// Stores a new record for `name` (a PIN of their own, or an initial one a manager set);
    /// the wrong tries are forgotten.
    pub fn set(&mut self, name: &str, record: PinRecord) {
        self.lockouts.remove(name);
        self.pins.insert(name.to_string(), record);
    }
}
