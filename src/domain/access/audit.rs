//! The audit list of staff changes: who changed whom, when, and what. Append-only, kept on
//! the device and shown in settings.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::domain::vocabulary::{ymd_hm, Role, Staff};

/// One change to the staff list or a PIN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditChange {
    /// The first manager was set up (a new device, or the first PIN on an older database).
    FirstManager {
        /// Their name.
        name: String,
    },
    /// A staff member was added.
    Added {
        /// Their name.
        name: String,
        /// Their role.
        role: Role,
    },
    /// A staff member's role was changed.
    RoleChanged {
        /// Their name.
        name: String,
        /// The role before.
        from: Role,
        /// The role now.
        to: Role,
    },
    /// A staff member was disabled.
    Disabled {
        /// Their name.
        name: String,
    },
    /// A disabled staff member was enabled again.
    Enabled {
        /// Their name.
        name: String,
    },
    /// A staff member was removed from the list.
    Removed {
        /// Their name.
        name: String,
    },
    /// A manager set an initial PIN (a new one, or a reset).
    PinReset {
        /// Whose PIN.
        name: String,
    },
    /// A person chose their own PIN.
    PinChanged {
        /// Whose PIN.
        name: String,
    },
    /// The device was switched into reception mode.
    ReceptionStarted,
    /// The device left reception mode.
    ReceptionEnded,
    /// A settings change of the entry's actor lost to a later one, by `name`, made on
    /// another device (sync: the latest manager's change wins).
    SettingsSuperseded {
        /// Who made the change that won.
        name: String,
    },
    /// This device was set to sync with the server `name`.
    SyncSet {
        /// The server's address.
        name: String,
    },
    /// This device stopped syncing.
    SyncOff,
}

impl AuditChange {
    /// What happened, in Chinese.
    pub fn text(&self) -> String {
        match self {
            AuditChange::FirstManager { name } => format!("设置首位经理 {name} 及其密码"),
            AuditChange::Added { name, role } => format!("添加员工 {name}（{}）", role.label()),
            AuditChange::RoleChanged { name, from, to } => {
                format!("{name} 的角色由{}改为{}", from.label(), to.label())
            }
            AuditChange::Disabled { name } => format!("停用员工 {name}"),
            AuditChange::Enabled { name } => format!("重新启用员工 {name}"),
            AuditChange::Removed { name } => format!("从名单中删除员工 {name}"),
            AuditChange::PinReset { name } => format!("为 {name} 设置初始密码"),
            AuditChange::SettingsSuperseded { name } => {
                format!("此次设置修改未被采用：{name} 在其他设备上更晚的修改生效")
            }
            AuditChange::SyncSet { name } => format!("设置本设备与同步服务器 {name} 同步"),
            AuditChange::SyncOff => "关闭本设备的同步".to_string(),
            AuditChange::PinChanged { name } => format!("{name} 修改了自己的密码"),
            AuditChange::ReceptionStarted => "本设备进入案场接待模式".into(),
            AuditChange::ReceptionEnded => "本设备退出案场接待模式".into(),
        }
    }
}

/// One entry of the audit list. Stored through one flat record ([`RawAudit`]): a derived
/// enum with data costs the browser bundle several times the code for the same JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawAudit", into = "RawAudit")]
pub struct AuditEntry {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Who made the change.
    pub actor: String,
    /// What changed.
    pub change: AuditChange,
}

/// An audit entry as stored: the change's code and whichever of its data it has.
#[derive(Serialize, Deserialize)]
struct RawAudit {
    at: DateTime<FixedOffset>,
    actor: String,
    change: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from: Option<Role>,
}

impl From<AuditEntry> for RawAudit {
    fn from(e: AuditEntry) -> RawAudit {
        let (code, name, role, from) = match e.change {
            AuditChange::FirstManager { name } => ("first_manager", name, None, None),
            AuditChange::Added { name, role } => ("added", name, Some(role), None),
            AuditChange::RoleChanged { name, from, to } => {
                ("role_changed", name, Some(to), Some(from))
            }
            AuditChange::Disabled { name } => ("disabled", name, None, None),
            AuditChange::Enabled { name } => ("enabled", name, None, None),
            AuditChange::Removed { name } => ("removed", name, None, None),
            AuditChange::PinReset { name } => ("pin_reset", name, None, None),
            AuditChange::PinChanged { name } => ("pin_changed", name, None, None),
            AuditChange::ReceptionStarted => ("reception_started", String::new(), None, None),
            AuditChange::ReceptionEnded => ("reception_ended", String::new(), None, None),
            AuditChange::SettingsSuperseded { name } => ("settings_superseded", name, None, None),
            AuditChange::SyncSet { name } => ("sync_set", name, None, None),
            AuditChange::SyncOff => ("sync_off", String::new(), None, None),
        };
        RawAudit {
            at: e.at,
            actor: e.actor,
            change: code.to_string(),
            name,
            role,
            from,
        }
    }
}

impl TryFrom<RawAudit> for AuditEntry {
    type Error = String;

    fn try_from(r: RawAudit) -> Result<AuditEntry, String> {
        let name = r.name;
        let role = |r: Option<Role>| r.ok_or_else(|| "缺少角色".to_string());
        let change = match r.change.as_str() {
            "first_manager" => AuditChange::FirstManager { name },
            "added" => AuditChange::Added {
                name,
                role: role(r.role)?,
            },
            "role_changed" => AuditChange::RoleChanged {
                name,
                from: role(r.from)?,
                to: role(r.role)?,
            },
            "disabled" => AuditChange::Disabled { name },
            "enabled" => AuditChange::Enabled { name },
            "removed" => AuditChange::Removed { name },
            "pin_reset" => AuditChange::PinReset { name },
            "pin_changed" => AuditChange::PinChanged { name },
            "reception_started" => AuditChange::ReceptionStarted,
            "settings_superseded" => AuditChange::SettingsSuperseded { name },
            "sync_set" => AuditChange::SyncSet { name },
            "sync_off" => AuditChange::SyncOff,
            "reception_ended" => AuditChange::ReceptionEnded,
            other => return Err(format!("未知的变更记录：{other}")),
        };
        Ok(AuditEntry {
            at: r.at,
            actor: r.actor,
            change,
        })
    }
}

impl AuditEntry {
    /// The entry as one line: time, who, what.
    pub fn line(&self) -> String {
        format!(
            "{} {}：{}",
            ymd_hm(&self.at),
            self.actor,
            self.change.text()
        )
    }
}

/// What saving the staff list `after` over `before` changes, in the list's order: additions,
/// role changes, staff disabled or enabled again, then removals.
pub fn staff_changes(before: &[Staff], after: &[Staff]) -> Vec<AuditChange> {
    let mut out = Vec::new();
    for s in after {
        match before.iter().find(|b| b.name == s.name) {
            None => out.push(AuditChange::Added {
                name: s.name.clone(),
                role: s.role,
            }),
            Some(b) => {
                if b.role != s.role {
                    out.push(AuditChange::RoleChanged {
                        name: s.name.clone(),
                        from: b.role,
                        to: s.role,
                    });
                }
                if b.active && !s.active {
                    out.push(AuditChange::Disabled {
                        name: s.name.clone(),
                    });
                } else if !b.active && s.active {
                    out.push(AuditChange::Enabled {
                        name: s.name.clone(),
                    });
                }
            }
        }
    }
    for b in before {
        if !after.iter().any(|s| s.name == b.name) {
            out.push(AuditChange::Removed {
                name: b.name.clone(),
            });
        }
    }
    out
}
