//! Repeat complaints (R-24, source 000: 投诉再发生率 — the same customer complaining about the
//! same issue again). "Same customer" is the same phone number, "same issue" the same
//! category, "again" within a window of days (default 90) after the earlier complaint.
//!
//! ```
//! use chrono::DateTime;
//! use complaint_desk::domain::intake::{find_repeat_of, CaseItem};
//! use complaint_desk::domain::vocabulary::RepeatRules;
//!
//! let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
//! let earlier = CaseItem {
//!     number: "SH01-A-20260302-0001", phone: "138-0000-1111", project: "滨江花园",
//!     building: "3栋", category: "工程质量", received: at("2026-03-02T10:00:00+08:00"),
//! };
//! let later = CaseItem { number: "SH01-A-20260410-0004", phone: "13800001111",
//!     received: at("2026-04-10T09:00:00+08:00"), ..earlier };
//! assert_eq!(
//!     find_repeat_of(&later, &[earlier], &RepeatRules::default()),
//!     Some("SH01-A-20260302-0001".to_string())
//! );
//! ```

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::domain::vocabulary::{phone_key, RepeatRules};

/// The few fields of a complaint that the repeat and same-issue rules look at (built from a
/// complaint's state or summary by the caller).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaseItem<'a> {
    /// Complaint number.
    pub number: &'a str,
    /// Customer phone as typed; compared through [`phone_key`].
    pub phone: &'a str,
    /// Project (楼盘).
    pub project: &'a str,
    /// Building (楼栋), may be empty.
    pub building: &'a str,
    /// Category.
    pub category: &'a str,
    /// Registration time.
    pub received: DateTime<FixedOffset>,
}

/// The key two complaints must share to be the same customer's same issue; `None` when the
/// phone has no digits (an unknown customer never repeats).
fn repeat_key(item: &CaseItem<'_>) -> Option<(String, String)> {
    let phone = phone_key(item.phone);
    (!phone.is_empty()).then(|| (phone, item.category.trim().to_string()))
}

/// Whether `a` comes before `b` in registration order (ties broken by number).
fn before(a: &CaseItem<'_>, b: &CaseItem<'_>) -> bool {
    (a.received, a.number) < (b.received, b.number)
}

/// The number of the most recent earlier complaint that `item` repeats: same phone (see
/// [`phone_key`]), same category, registered before `item` and at most
/// [`RepeatRules::window_days`] before it. `others` may contain `item` itself and later
/// complaints; they are ignored.
pub fn find_repeat_of(
    item: &CaseItem<'_>,
    others: &[CaseItem<'_>],
    rules: &RepeatRules,
) -> Option<String> {
    let key = repeat_key(item)?;
    let oldest = item.received - rules.window();
    others
        .iter()
        .filter(|o| o.number != item.number && before(o, item) && o.received >= oldest)
        .filter(|o| repeat_key(o).as_ref() == Some(&key))
        .max_by(|a, b| (a.received, a.number).cmp(&(b.received, b.number)))
        .map(|o| o.number.to_string())
}

/// The repeat rate of a set of complaints (R-26's 投诉再发生率).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RepeatRate {
    /// Complaints looked at.
    pub complaints: usize,
    /// Of them, repeats of an earlier complaint in the set.
    pub repeats: usize,
}

impl RepeatRate {
    /// `repeats / complaints`, 0 when there are none.
    pub fn rate(&self) -> f64 {
        if self.complaints == 0 {
            0.0
        } else {
            self.repeats as f64 / self.complaints as f64
        }
    }
}

/// Counts how many of `items` repeat an earlier one of `items` under the same rule as
/// [`find_repeat_of`], in one pass (O(n log n), for the monthly report over many complaints).
/// The caller chooses the set (e.g. only kind 投诉, one office, a period plus the window
/// before it).
pub fn repeat_rate(items: &[CaseItem<'_>], rules: &RepeatRules) -> RepeatRate {
    let mut order: Vec<&CaseItem<'_>> = items.iter().collect();
    order.sort_by(|a, b| (a.received, a.number).cmp(&(b.received, b.number)));
    let mut latest: HashMap<(String, String), DateTime<FixedOffset>> = HashMap::new();
    let mut repeats = 0;
    for item in order {
        let Some(key) = repeat_key(item) else {
            continue;
        };
        if let Some(previous) = latest.insert(key, item.received) {
            if item.received - previous <= rules.window() {
                repeats += 1;
            }
        }
    }
    RepeatRate {
        complaints: items.len(),
        repeats,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn item<'a>(
        number: &'a str,
        phone: &'a str,
        category: &'a str,
        received: &str,
    ) -> CaseItem<'a> {
        CaseItem {
            number,
            phone,
            project: "滨江花园",
            building: "3栋",
            category,
            received: at(received),
        }
    }

    #[test]
    fn repeats_table() {
        let rules = RepeatRules::default();
        let earlier = [
            item("A1", "13800001111", "工程质量", "2026-01-05T10:00:00+08:00"),
            item(
                "A2",
                "138-0000-1111",
                "工程质量",
                "2026-03-01T10:00:00+08:00",
            ),
            item("B1", "13900002222", "工程质量", "2026-03-01T10:00:00+08:00"),
            item("C1", "13700003333", "销售管理", "2025-10-01T10:00:00+08:00"),
        ];
        // (case, new item, expected)
        let cases = [
            (
                "same phone and category: the most recent earlier one",
                item(
                    "N1",
                    "+8613800001111",
                    "工程质量",
                    "2026-03-20T09:00:00+08:00",
                ),
                Some("A2"),
            ),
            (
                "other category is not a repeat",
                item("N2", "13800001111", "物业管理", "2026-03-20T09:00:00+08:00"),
                None,
            ),
            (
                "other phone is not a repeat",
                item("N3", "13600004444", "工程质量", "2026-03-20T09:00:00+08:00"),
                None,
            ),
            (
                // 2025-10-01 + 90 days = 2025-12-30 10:00: exactly on the window's edge.
                "exactly 90 days later still counts",
                item("N4", "13700003333", "销售管理", "2025-12-30T10:00:00+08:00"),
                Some("C1"),
            ),
            (
                "90 days and a minute later does not",
                item("N5", "13700003333", "销售管理", "2025-12-30T10:01:00+08:00"),
                None,
            ),
            (
                "an earlier complaint is not a repeat of a later one",
                item("N6", "13900002222", "工程质量", "2026-02-01T09:00:00+08:00"),
                None,
            ),
            (
                "an empty phone never repeats",
                item("N7", "", "工程质量", "2026-03-20T09:00:00+08:00"),
                None,
            ),
        ];
        for (case, new, expected) in cases {
            assert_eq!(
                find_repeat_of(&new, &earlier, &rules),
                expected.map(str::to_string),
                "{case}"
            );
        }
    }

    #[test]
    fn item_is_not_its_own_repeat() {
        let a = item("A1", "13800001111", "工程质量", "2026-01-05T10:00:00+08:00");
        assert_eq!(find_repeat_of(&a, &[a], &RepeatRules::default()), None);
    }

    #[test]
    fn rate_counts_repeats_within_the_window() {
        let items = [
            item("A1", "13800001111", "工程质量", "2026-01-05T10:00:00+08:00"),
            item("A2", "13800001111", "工程质量", "2026-02-05T10:00:00+08:00"), // repeat of A1
            item("A3", "13800001111", "工程质量", "2026-08-05T10:00:00+08:00"), // 181 days after A2
            item("B1", "13900002222", "工程质量", "2026-02-05T10:00:00+08:00"),
            item("B2", "13900002222", "物业管理", "2026-02-06T10:00:00+08:00"),
        ];
        let rate = repeat_rate(&items, &RepeatRules::default());
        assert_eq!(
            rate,
            RepeatRate {
                complaints: 5,
                repeats: 1
            }
        );
        assert!((rate.rate() - 0.2).abs() < 1e-9);
        assert_eq!(RepeatRate::default().rate(), 0.0);
        // The one-pass count agrees with the per-item rule.
        let by_item = items
            .iter()
            .filter(|i| find_repeat_of(i, &items, &RepeatRules::default()).is_some())
            .count();
        assert_eq!(by_item, rate.repeats);
    }
}
