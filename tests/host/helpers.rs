//! Fixtures shared by the host tests: wall-clock times in Shanghai and an office's settings
//! with one staff member per role.

// Each test file uses its own part of these.
#![allow(dead_code)]

use chrono::{DateTime, FixedOffset, TimeZone};

use complaint_desk::domain::model::{Role, Staff};
use complaint_desk::domain::settings::Settings;

/// A wall-clock time in Shanghai (+08:00).
pub fn cst(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<FixedOffset> {
    cst_s(y, m, d, h, min, 0)
}

/// The same, to the second.
pub fn cst_s(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .with_ymd_and_hms(y, m, d, h, min, s)
        .unwrap()
}

/// Epoch milliseconds of a wall-clock time in Shanghai.
pub fn ms(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
    cst(y, m, d, h, min).timestamp_millis()
}

/// An office's settings with its staff: 前台小周 (desk), 李处理 (handler), 经理老王 (manager),
/// 总经理老陈 (GM).
pub fn staffed(office: &str, device: &str) -> Settings {
    let mut s = Settings::new(office, device);
    s.staff = [
        ("前台小周", Role::Desk),
        ("李处理", Role::Handler),
        ("经理老王", Role::Manager),
        ("总经理老陈", Role::Gm),
    ]
    .into_iter()
    .map(|(name, role)| Staff {
        name: name.into(),
        role,
    })
    .collect();
    s
}
