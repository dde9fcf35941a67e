//! The office's settings: its codes, staff and categories. Part of every export.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::attachment_limits::AttachmentLimits;
use super::calendar::WorkCalendar;
use super::codes::Role;
use super::limits::DeadlineSettings;
use super::procedure::{default_reply_levels, default_scripts, AuthorityLimits, NotifyScript};
use super::projects::Project;
use super::thresholds::{RepeatRules, SeverityRules};

/// The default complaint categories; the list is editable in settings.
pub const DEFAULT_CATEGORIES: &[&str] = &[
    "工程质量",
    "规划设计",
    "销售管理",
    "物业管理",
    "客户服务",
    "合同问题",
    "付款事务",
    "房源信息",
    "售后服务",
    "其他",
];

/// One staff member; actions record who did them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    /// Display name, unique within the office.
    pub name: String,
    /// What they may do.
    pub role: Role,
    /// Whether they may still sign in and be given complaints; a manager disables a leaver
    /// instead of deleting them, so the names in histories stay on the list.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

impl Staff {
    /// An active staff member.
    pub fn new(name: &str, role: Role) -> Staff {
        Staff {
            name: name.to_string(),
            role,
            active: true,
        }
    }
}

/// Settings kept per device (office and device codes) and per office (staff, categories).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The office's code, unique within the group, e.g. `SH01`.
    pub office_code: String,
    /// This device's code, unique within the office, e.g. `A`.
    pub device_code: String,
    /// Office name shown in the header and on printouts.
    #[serde(default)]
    pub office_name: String,
    /// Staff list.
    pub staff: Vec<Staff>,
    /// Complaint categories.
    pub categories: Vec<String>,
    /// The office's projects with their buildings (offered at intake and at reception).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<Project>,
    /// Work hours, work days, time zone, holidays and make-up workdays (issue 3).
    #[serde(default)]
    pub calendar: WorkCalendar,
    /// Every stage's time limit, the due-soon window and the escalation step.
    #[serde(default)]
    pub deadlines: DeadlineSettings,
    /// Thresholds of the major-severity suggestion.
    #[serde(default)]
    pub severity_rules: SeverityRules,
    /// The repeat-complaint window.
    #[serde(default)]
    pub repeat_rules: RepeatRules,
    /// each channel's acknowledgement script (editable).
    #[serde(default = "default_scripts")]
    pub notify_scripts: Vec<NotifyScript>,
    /// each role's authority limit for compensation, in yuan.
    #[serde(default)]
    pub authority: AuthorityLimits,
    /// the approval levels a written reply passes, in order.
    #[serde(default = "default_reply_levels")]
    pub written_reply_levels: Vec<Role>,
    /// How large a document may be, and whether photos' originals are kept (issue 13).
    #[serde(default)]
    pub attachments: AttachmentLimits,
    /// Minutes without input after which the app locks itself.
    #[serde(default = "default_lock_minutes")]
    pub lock_minutes: u32,
    /// Seconds the reception tablet shows its thank-you screen before a blank form.
    #[serde(default = "default_reception_reset_secs")]
    pub reception_reset_secs: u32,
    /// The office's phone, printed on the reception receipt slip.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub office_phone: String,
}

fn default_lock_minutes() -> u32 {
    10
}

fn default_reception_reset_secs() -> u32 {
    30
}

/// Why settings were refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SettingsError {
    /// Office code is not 2-8 letters/digits.
    #[error("办公室编码须为 2 到 8 位大写字母或数字")]
    OfficeCode,
    /// Device code is not 1-4 letters/digits.
    #[error("设备编码须为 1 到 4 位大写字母或数字")]
    DeviceCode,
    /// A staff member has no name, or two share a name.
    #[error("员工姓名不能为空且不能重复：{0}")]
    StaffName(String),
    /// No category, or two share a name.
    #[error("类别不能为空且不能重复：{0}")]
    Category(String),
    /// A project has no name, or two share a name.
    #[error("楼盘名称不能为空且不能重复：{0}")]
    Project(String),
    /// The work calendar is invalid.
    #[error("{0}")]
    Calendar(String),
    /// A time limit or threshold is invalid.
    #[error("{0}")]
    Rules(String),
    /// The idle lock is not 1 to 240 minutes.
    #[error("自动锁定时间须为 1 到 240 分钟")]
    LockMinutes,
    /// The reception thank-you time is not 5 to 600 seconds.
    #[error("接待感谢页停留时间须为 5 到 600 秒")]
    ReceptionReset,
}

fn code_ok(code: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

impl Settings {
    /// Whether saving `self` over `before` moves the deadlines of stored complaints: a changed
    /// work calendar or time limit does, and every summary must then be rebuilt.
    pub fn moves_clocks(&self, before: &Settings) -> bool {
        self.calendar != before.calendar || self.deadlines != before.deadlines
    }

    /// The staff who may be chosen as a complaint's handler, in the list's order.
    pub fn handlers(&self) -> impl Iterator<Item = &Staff> {
        self.active_staff().filter(|m| m.role.may_handle())
    }

    /// The staff who may sign in and act (not disabled), in the list's order.
    pub fn active_staff(&self) -> impl Iterator<Item = &Staff> {
        self.staff.iter().filter(|m| m.active)
    }

    /// Fresh settings for a device, with the default categories and a starter staff list.
    pub fn new(office_code: &str, device_code: &str) -> Self {
        Settings {
            office_code: office_code.trim().to_ascii_uppercase(),
            device_code: device_code.trim().to_ascii_uppercase(),
            office_name: String::new(),
            staff: vec![
                Staff::new("客服专员", Role::Desk),
                Staff::new("处理人", Role::Handler),
                Staff::new("经理", Role::Manager),
                Staff::new("总经理", Role::Gm),
            ],
            categories: DEFAULT_CATEGORIES.iter().map(|c| c.to_string()).collect(),
            projects: Vec::new(),
            calendar: WorkCalendar::default(),
            deadlines: DeadlineSettings::default(),
            severity_rules: SeverityRules::default(),
            repeat_rules: RepeatRules::default(),
            notify_scripts: default_scripts(),
            authority: AuthorityLimits::default(),
            written_reply_levels: default_reply_levels(),
            attachments: AttachmentLimits::default(),
            lock_minutes: default_lock_minutes(),
            reception_reset_secs: default_reception_reset_secs(),
            office_phone: String::new(),
        }
    }

    /// Checks codes, staff and categories.
    pub fn validate(&self) -> Result<(), SettingsError> {
        if !code_ok(&self.office_code, 2, 8) {
            return Err(SettingsError::OfficeCode);
        }
        if !code_ok(&self.device_code, 1, 4) {
            return Err(SettingsError::DeviceCode);
        }
        let mut seen = std::collections::HashSet::new();
        for s in &self.staff {
            if s.name.trim().is_empty() || !seen.insert(s.name.trim()) {
                return Err(SettingsError::StaffName(s.name.clone()));
            }
        }
        let mut seen = std::collections::HashSet::new();
        if self.categories.is_empty() {
            return Err(SettingsError::Category(String::new()));
        }
        for c in &self.categories {
            if c.trim().is_empty() || !seen.insert(c.trim()) {
                return Err(SettingsError::Category(c.clone()));
            }
        }
        if !(1..=240).contains(&self.lock_minutes) {
            return Err(SettingsError::LockMinutes);
        }
        if !(5..=600).contains(&self.reception_reset_secs) {
            return Err(SettingsError::ReceptionReset);
        }
        let mut seen = std::collections::HashSet::new();
        for p in &self.projects {
            if p.name.trim().is_empty() || !seen.insert(p.name.trim()) {
                return Err(SettingsError::Project(p.name.clone()));
            }
        }
        self.calendar
            .validate()
            .map_err(|e| SettingsError::Calendar(e.to_string()))?;
        self.deadlines
            .validate()
            .map_err(|e| SettingsError::Rules(e.to_string()))?;
        self.severity_rules
            .validate()
            .map_err(|e| SettingsError::Rules(e.to_string()))?;
        self.repeat_rules
            .validate()
            .map_err(|e| SettingsError::Rules(e.to_string()))?;
        self.attachments.validate().map_err(SettingsError::Rules)?;
        Ok(())
    }

    /// The project with this name.
    pub fn project_named(&self, name: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.name == name)
    }

    /// The staff member with this name.
    pub fn staff_named(&self, name: &str) -> Option<&Staff> {
        self.staff.iter().find(|s| s.name == name)
    }

    /// The office's UTC offset (from the work calendar).
    pub fn offset(&self) -> chrono::FixedOffset {
        self.calendar.offset()
    }
}
