//! Links between complaints over the queue's summaries: the earlier complaint a complaint
//! repeats and the group of same-issue complaints it belongs to.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset, TimeDelta};

use super::index::QueueIndex;
use super::summary::Summary;
use crate::domain::vocabulary::{phone_key, RepeatRules, Settings, SeverityRules};

const DAY_MS: i64 = 86_400_000;

/// The most recent earlier complaint by the same customer in the same category within the
/// repeat window before `s`, if any. The same customer: the same phone, or the same
/// buyer picked at intake (issue 12: a buyer who calls from another phone is still known).
pub fn repeat_of<'a>(rows: &'a [Summary], s: &Summary, rules: &RepeatRules) -> Option<&'a Summary> {
    let phone = phone_key(&s.phone);
    if phone.is_empty() && s.buyer.is_empty() {
        return None;
    }
    let same = |o: &Summary| {
        (!phone.is_empty() && phone_key(&o.phone) == phone)
            || (!s.buyer.is_empty() && o.buyer == s.buyer)
    };
    let oldest = s.received - i64::from(rules.window_days) * DAY_MS;
    rows.iter()
        .filter(|o| {
            o.number != s.number
                && o.category == s.category
                && (o.received, &o.number) < (s.received, &s.number)
                && o.received >= oldest
                && same(o)
        })
        .max_by(|a, b| (a.received, &a.number).cmp(&(b.received, &b.number)))
}

/// The complaints about the same project, building and category as `s` registered within the
/// same-issue window before it (and `s` itself), when they come from at least the rule's
/// number of different phones: a group complaint. Empty otherwise.
pub fn same_issue_group<'a>(
    rows: &'a [Summary],
    s: &Summary,
    rules: &SeverityRules,
) -> Vec<&'a Summary> {
    let oldest = s.received - i64::from(rules.same_issue_window_days) * DAY_MS;
    let members: Vec<&Summary> = rows
        .iter()
        .filter(|o| {
            o.received >= oldest
                && o.received <= s.received
                && o.category == s.category
                && o.project.trim() == s.project.trim()
                && o.building.trim() == s.building.trim()
        })
        .collect();
    let phones: HashSet<String> = members
        .iter()
        .map(|o| phone_key(&o.phone))
        .filter(|p| !p.is_empty())
        .collect();
    if phones.len() >= rules.same_issue_min as usize {
        members
    } else {
        Vec::new()
    }
}

/// How many of `rows` repeat an earlier one of them under [`repeat_of`]'s rule (R-24's
/// 投诉再发生率 numerator), in one pass.
pub fn repeat_count(rows: &[Summary], rules: &RepeatRules) -> usize {
    let mut order: Vec<&Summary> = rows.iter().collect();
    order.sort_unstable_by(|a, b| (a.received, &a.number).cmp(&(b.received, &b.number)));
    let window = i64::from(rules.window_days) * DAY_MS;
    let mut latest: crate::domain::vocabulary::FastMap<(String, &str), i64> = Default::default();
    // The same by buyer (issue 12), for complaints whose buyer was picked at intake.
    let mut by_buyer: crate::domain::vocabulary::FastMap<(&str, &str), i64> = Default::default();
    let mut repeats = 0;
    for s in order {
        let phone = phone_key(&s.phone);
        let by_phone = if phone.is_empty() {
            None
        } else {
            latest.insert((phone, s.category.as_str()), s.received)
        };
        let buyer = if s.buyer.is_empty() {
            None
        } else {
            by_buyer.insert((s.buyer.as_str(), s.category.as_str()), s.received)
        };
        if by_phone
            .max(buyer)
            .is_some_and(|prev| s.received - prev <= window)
        {
            repeats += 1;
        }
    }
    repeats
}

/// R-07's "3+ different complainants with the same complaint": how many different phones
/// complained about the same project, building and category within the rule's window before
/// `now`, the customer at `phone` included. The intake form shows it and feeds it to the
/// severity suggestion.
pub fn same_issue_complainants(
    rows: &[Summary],
    project: &str,
    building: &str,
    category: &str,
    phone: &str,
    rules: &SeverityRules,
    now: DateTime<FixedOffset>,
) -> u32 {
    let (project, building, category) = (project.trim(), building.trim(), category.trim());
    let oldest =
        (now - TimeDelta::days(i64::from(rules.same_issue_window_days))).timestamp_millis();
    let mut phones: HashSet<String> = rows
        .iter()
        .filter(|s| {
            s.received >= oldest
                && s.project.trim() == project
                && s.building.trim() == building
                && s.category == category
        })
        .map(|s| phone_key(&s.phone))
        .filter(|p| !p.is_empty())
        .collect();
    let own = phone_key(phone);
    if !own.is_empty() {
        phones.insert(own);
    }
    u32::try_from(phones.len()).unwrap_or(u32::MAX)
}

/// The same count for the intake form as it is being typed: 0 until a project and a
/// category are given (nothing to compare yet).
pub fn same_issue_for(
    rows: &[Summary],
    project: &str,
    building: &str,
    category: &str,
    phone: &str,
    rules: &SeverityRules,
    now: DateTime<FixedOffset>,
) -> u32 {
    if project.trim().is_empty() || category.is_empty() {
        return 0;
    }
    same_issue_complainants(rows, project, building, category, phone, rules, now)
}

/// The complaints one complaint is linked to (the detail page's links).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Related {
    /// The earlier complaint it repeats, if any.
    pub repeat: Option<String>,
    /// Its same-issue group, oldest first; empty when it belongs to none.
    pub group: Vec<String>,
}

impl QueueIndex {
    /// The complaints `number` is linked to by the repeat and same-issue rules of `settings`;
    /// `None` when the index does not hold it.
    pub fn related(&self, number: &str, settings: &Settings) -> Option<Related> {
        let rows = self.rows();
        let me = rows.iter().find(|s| s.number == number)?;
        Some(Related {
            repeat: repeat_of(rows, me, &settings.repeat_rules).map(|r| r.number.clone()),
            group: same_issue_group(rows, me, &settings.severity_rules)
                .into_iter()
                .map(|g| g.number.clone())
                .collect(),
        })
    }
}
