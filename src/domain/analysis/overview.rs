//! Dashboard figures over the queue's summaries: counts by status, category, severity and
//! channel, open versus closed, and the average satisfaction score.

use std::collections::BTreeMap;

use crate::domain::case::Status;
use crate::domain::queue::Summary;
use crate::domain::vocabulary::{count_and_share_text, Channel, Severity};

/// The first dashboard's figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overview {
    /// Complaints counted.
    pub total: usize,
    /// Not archived or cancelled.
    pub open: usize,
    /// Archived or cancelled.
    pub closed: usize,
    /// Count per status, in workflow order; statuses with no complaint are included.
    pub by_status: Vec<(Status, usize)>,
    /// Count per category, largest first.
    pub by_category: Vec<(String, usize)>,
    /// Count per severity.
    pub by_severity: Vec<(Severity, usize)>,
    /// Count per channel, in menu order.
    pub by_channel: Vec<(Channel, usize)>,
    /// Average callback score over the complaints that have one, in hundredths (425 = 4.25),
    /// rounded half up.
    pub avg_score_x100: Option<u32>,
    /// How many complaints have a callback score.
    pub scored: usize,
}

fn tally<K: Copy + Eq>(all: &[K], items: impl Iterator<Item = K>) -> Vec<(K, usize)> {
    let mut counts: Vec<(K, usize)> = all.iter().map(|k| (*k, 0)).collect();
    for item in items {
        if let Some(slot) = counts.iter_mut().find(|(k, _)| *k == item) {
            slot.1 += 1;
        }
    }
    counts
}

impl Overview {
    /// Computes the figures over `rows`.
    pub fn of<'a>(rows: impl Iterator<Item = &'a Summary> + Clone) -> Self {
        let mut total = 0;
        let mut open = 0;
        let mut score_sum = 0u64;
        let mut scored = 0usize;
        let mut categories: BTreeMap<&str, usize> = BTreeMap::new();
        for s in rows.clone() {
            total += 1;
            if !s.status.is_closed() {
                open += 1;
            }
            if let Some(score) = s.score {
                score_sum += u64::from(score);
                scored += 1;
            }
            *categories.entry(s.category.as_str()).or_default() += 1;
        }
        let mut by_category: Vec<(String, usize)> = categories
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        by_category.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Overview {
            total,
            open,
            closed: total - open,
            by_status: tally(Status::ALL, rows.clone().map(|s| s.status)),
            by_category,
            by_severity: tally(Severity::ALL, rows.clone().map(|s| s.severity)),
            by_channel: tally(Channel::ALL, rows.map(|s| s.channel)),
            avg_score_x100: (scored > 0)
                .then(|| ((score_sum * 200 + scored as u64) / (2 * scored as u64)) as u32),
            scored,
        }
    }
}

/// One office's line in head office's side-by-side table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OfficeLine {
    /// Office code.
    pub office: String,
    /// Complaints.
    pub total: usize,
    /// Not archived or cancelled.
    pub open: usize,
    /// Open with the current deadline (stage or work-contact sheet) past `now`.
    pub overdue: usize,
    /// Complaints with a callback score.
    pub scored: usize,
    /// Sum of their scores.
    pub score_sum: u64,
}

impl OfficeLine {
    /// The average score in hundredths (425 = 4.25), rounded half up; `None` when no
    /// complaint has a score.
    pub fn avg_score_x100(&self) -> Option<u32> {
        (self.scored > 0).then(|| {
            let x100 = (self.score_sum * 200 + self.scored as u64) / (2 * self.scored as u64);
            u32::try_from(x100).unwrap_or(u32::MAX)
        })
    }
}

/// Every office's figures side by side, ordered by office code, with `now_ms` the moment
/// overdue is judged at.
pub fn by_office<'a>(rows: impl Iterator<Item = &'a Summary>, now_ms: i64) -> Vec<OfficeLine> {
    let mut lines: BTreeMap<&str, OfficeLine> = BTreeMap::new();
    for s in rows {
        let line = lines
            .entry(s.office.as_str())
            .or_insert_with(|| OfficeLine {
                office: s.office.clone(),
                ..OfficeLine::default()
            });
        line.total += 1;
        if !s.status.is_closed() {
            line.open += 1;
            if s.next_due().is_some_and(|d| d < now_ms) {
                line.overdue += 1;
            }
        }
        if let Some(score) = s.score {
            line.scored += 1;
            line.score_sum += u64::from(score);
        }
    }
    lines.into_values().collect()
}

impl Overview {
    /// `repeats` repeat complaints with their share of all complaints counted, as the
    /// dashboard's card shows it: `12（3.4%）` (tenths of a percent, cut, not rounded).
    pub fn repeats_text(&self, repeats: usize) -> String {
        count_and_share_text(repeats, self.total)
    }
}
