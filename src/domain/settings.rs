//! The office's settings: its codes, staff and categories. Part of every export.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::model::{Role, Staff, DEFAULT_CATEGORIES};

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
    /// The office's offset from UTC in minutes (Asia/Shanghai: 480).
    #[serde(default = "default_offset")]
    pub utc_offset_minutes: i32,
}

fn default_offset() -> i32 {
    480
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
}

fn code_ok(code: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

impl Settings {
    /// Fresh settings for a device, with the default categories and a starter staff list.
    pub fn new(office_code: &str, device_code: &str) -> Self {
        Settings {
            office_code: office_code.trim().to_ascii_uppercase(),
            device_code: device_code.trim().to_ascii_uppercase(),
            office_name: String::new(),
            staff: vec![
                Staff {
                    name: "客服专员".into(),
                    role: Role::Desk,
                },
                Staff {
                    name: "处理人".into(),
                    role: Role::Handler,
                },
                Staff {
                    name: "经理".into(),
                    role: Role::Manager,
                },
                Staff {
                    name: "总经理".into(),
                    role: Role::Gm,
                },
            ],
            categories: DEFAULT_CATEGORIES.iter().map(|c| c.to_string()).collect(),
            utc_offset_minutes: default_offset(),
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
        Ok(())
    }

    /// The staff member with this name.
    pub fn staff_named(&self, name: &str) -> Option<&Staff> {
        self.staff.iter().find(|s| s.name == name)
    }

    /// The office's UTC offset.
    pub fn offset(&self) -> chrono::FixedOffset {
        chrono::FixedOffset::east_opt(self.utc_offset_minutes * 60)
            .unwrap_or_else(|| chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset"))
    }
}
