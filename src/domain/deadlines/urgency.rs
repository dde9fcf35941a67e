//! How urgent an open deadline is.

use chrono::{DateTime, FixedOffset, TimeDelta};

use crate::domain::vocabulary::{coded_enum, DeadlineSettings};

coded_enum! {
    /// How urgent an open deadline is.
    Urgency {
        /// 已逾期: past the due time.
        Overdue => "overdue", "已逾期";
        /// 即将到期: due within [`DeadlineSettings::amber_hours`].
        DueSoon => "due_soon", "即将到期";
        /// 正常
        Ok => "ok", "正常";
    }
}

/// How urgent a deadline `due` is at `now`: overdue once `now` is past `due` (the due second
/// itself is still in time), due soon within [`DeadlineSettings::amber_hours`] calendar hours
/// before it, else ok.
pub fn urgency(
    due: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    cfg: &DeadlineSettings,
) -> Urgency {
    if now > due {
        Urgency::Overdue
    } else if due - now <= TimeDelta::hours(i64::from(cfg.amber_hours)) {
        Urgency::DueSoon
    } else {
        Urgency::Ok
    }
}
