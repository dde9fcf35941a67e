//! The flags of each summary that depend on the other complaints (repeats, same-issue groups),
//! computed once over all summaries for the indicators.

use crate::domain::queue::{Ms, Summary};
use crate::domain::vocabulary::{phone_key, FastMap, Settings};

/// The flags of each summary that depend on the other complaints, by index into the
/// summaries they were computed from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CrossFlags {
    /// Repeats an earlier complaint: same phone by [`phone_key`], same current
    /// category, the earlier one registered at most the repeat window before (ties by
    /// number). The earlier one is registered no later, so the flag holds for any period
    /// that contains the complaint.
    pub repeat: Vec<bool>,
    /// When the complaint became a member of a same-issue group: the registration
    /// time of the complaint whose group first reached the threshold with it in it. A
    /// period ending at `to` counts it as a group complaint when this is before `to`.
    pub group_from: Vec<Option<Ms>>,
}

impl CrossFlags {
    /// How many complaints repeat an earlier one (the same number as
    /// [`crate::domain::queue::repeat_count`]).
    pub fn repeat_count(&self) -> usize {
        self.repeat.iter().filter(|r| **r).count()
    }

    /// Computes the flags over all summaries with the repeat and same-issue rules.
    pub fn build(rows: &[Summary], settings: &Settings) -> CrossFlags {
        CrossFlags {
            repeat: repeat_flags(rows, settings),
            group_from: group_from(rows, settings),
        }
    }
}

fn repeat_flags(rows: &[Summary], settings: &Settings) -> Vec<bool> {
    let window = i64::from(settings.repeat_rules.window_days) * 86_400_000;
    let mut by_key: FastMap<(String, &str), Vec<usize>> = FastMap::default();
    for (i, s) in rows.iter().enumerate() {
        let phone = phone_key(&s.phone);
        if !phone.is_empty() {
            by_key
                .entry((phone, s.category.as_str()))
                .or_default()
                .push(i);
        }
    }
    let mut flags = vec![false; rows.len()];
    for list in by_key.values_mut() {
        list.sort_unstable_by(|&a, &b| {
            (rows[a].received, rows[a].number.as_str())
                .cmp(&(rows[b].received, rows[b].number.as_str()))
        });
        for pair in list.windows(2) {
            if rows[pair[0]].received >= rows[pair[1]].received - window {
                flags[pair[1]] = true;
            }
        }
    }
    flags
}

fn group_from(rows: &[Summary], settings: &Settings) -> Vec<Option<Ms>> {
    let rules = &settings.severity_rules;
    let window = i64::from(rules.same_issue_window_days) * 86_400_000;
    let mut by_key: FastMap<(&str, &str, &str), Vec<usize>> = FastMap::default();
    for (i, s) in rows.iter().enumerate() {
        by_key
            .entry((s.project.trim(), s.building.trim(), s.category.as_str()))
            .or_default()
            .push(i);
    }
    let mut out = vec![None; rows.len()];
    for list in by_key.values_mut() {
        list.sort_unstable_by_key(|&i| rows[i].received);
        let phones: Vec<String> = list.iter().map(|&i| phone_key(&rows[i].phone)).collect();
        let mut in_window: FastMap<&str, usize> = FastMap::default();
        let (mut lo, mut hi, mut marked_to) = (0, 0, 0);
        for w in 0..list.len() {
            // The group of list[w]: everything registered in [received - window, received].
            let newest = rows[list[w]].received;
            while hi < list.len() && rows[list[hi]].received <= newest {
                if !phones[hi].is_empty() {
                    *in_window.entry(phones[hi].as_str()).or_default() += 1;
                }
                hi += 1;
            }
            while rows[list[lo]].received < newest - window {
                if let Some(n) = in_window.get_mut(phones[lo].as_str()) {
                    *n -= 1;
                    if *n == 0 {
                        in_window.remove(phones[lo].as_str());
                    }
                }
                lo += 1;
            }
            if in_window.len() >= rules.same_issue_min as usize {
                // Windows are visited in time order, so the first that holds a member is
                // the earliest moment it was in a group.
                for &member in &list[lo.max(marked_to)..hi] {
                    out[member] = Some(newest);
                }
                marked_to = marked_to.max(hi);
            }
        }
    }
    out
}
