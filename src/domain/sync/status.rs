//! The state the header shows at a glance.

use chrono::{DateTime, FixedOffset};

use crate::domain::vocabulary::ymd_hm;

/// Where sync stands on this device.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SyncStatus {
    /// No server set: nothing is shown.
    #[default]
    Off,
    /// Everything written here is on the server and the server's news is here.
    Synced,
    /// Sending or receiving now.
    Syncing,
    /// The server cannot be reached; what waits is sent when it can.
    Offline,
    /// The server refused (wrong password, no database, ...): why.
    Error(String),
}

impl SyncStatus {
    /// The code the header's `data-state` carries (for tests and styles).
    pub fn code(&self) -> &'static str {
        match self {
            SyncStatus::Off => "off",
            SyncStatus::Synced => "synced",
            SyncStatus::Syncing => "syncing",
            SyncStatus::Offline => "offline",
            SyncStatus::Error(_) => "error",
        }
    }

    /// The header's words, with `pending` changes waiting to be sent.
    pub fn label(&self, pending: u32) -> String {
        match self {
            SyncStatus::Off => String::new(),
            SyncStatus::Synced if pending == 0 => "已同步".into(),
            SyncStatus::Syncing if pending == 0 => "同步中".into(),
            SyncStatus::Synced | SyncStatus::Syncing => format!("同步中（{pending} 项待发送）"),
            SyncStatus::Offline => format!("离线（{pending} 项待发送）"),
            SyncStatus::Error(why) => format!("同步出错：{why}"),
        }
    }
}

impl SyncStatus {
    /// The settings page's line: the state, the last successful sync and what waits.
    pub fn summary(&self, pending: u32, last_ok: Option<DateTime<FixedOffset>>) -> String {
        if *self == SyncStatus::Off {
            return "本设备未设置同步。".into();
        }
        let last = last_ok.map_or_else(|| "尚未成功同步".into(), |t| ymd_hm(&t));
        format!(
            "{}。上次成功同步：{last}；待发送 {pending} 项。",
            self.label(pending)
        )
    }
}
