//! The callback quotas of a month: signing callbacks done on time of those due (target
//! 100%), the handover sample done on time of those drawn (30% of the handovers), the average
//! satisfaction and the complaints raised from callbacks. A callback counts in the month of
//! the signing or handover it follows.

use std::collections::{BTreeMap, BTreeSet};

use super::buyer::Buyer;
use super::callback::{callback_due, CallbackKind};
use super::month::Month;
use super::sample::handover_sample;

/// One month's quota figures for a selection of buyers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QuotaFigures {
    /// Buyers who signed in the month: every one is due a signing callback.
    pub signing_due: usize,
    /// Of those, reached within one month of signing (the first reached attempt on or before
    /// [`callback_due`]).
    pub signing_on_time: usize,
    /// Of those, reached at all (on time or late).
    pub signing_done: usize,
    /// Buyers handed over in the month.
    pub handovers: usize,
    /// Of those, drawn for the handover callback ([`handover_sample`] per project).
    pub handover_drawn: usize,
    /// Of the drawn, reached within one month of handover.
    pub handover_on_time: usize,
    /// Of the drawn, reached at all.
    pub handover_done: usize,
    /// Sum of the satisfaction scores of the callbacks counted in the month (per buyer and
    /// kind, the first reached attempt's score).
    pub score_sum: u32,
    /// How many scores are in [`Self::score_sum`].
    pub scored: u32,
    /// Complaints registered from callbacks counted in the month.
    pub complaints: usize,
}

impl QuotaFigures {
    /// Average satisfaction, when any callback was scored.
    pub fn average_score(&self) -> Option<f64> {
        (self.scored > 0).then(|| f64::from(self.score_sum) / f64::from(self.scored))
    }

    /// `on time/due` of the signing callbacks, e.g. `47/50`.
    pub fn signing_text(&self) -> String {
        format!("{}/{}", self.signing_on_time, self.signing_due)
    }

    /// `on time/drawn` of the handover sample, e.g. `3/4`.
    pub fn handover_text(&self) -> String {
        format!("{}/{}", self.handover_on_time, self.handover_drawn)
    }

    /// The average score with two decimals, or `—`.
    pub fn average_text(&self) -> String {
        self.average_score()
            .map(|a| format!("{a:.2}"))
            .unwrap_or_else(|| "—".into())
    }

    fn count(&mut self, b: &Buyer, kind: CallbackKind, since: chrono::NaiveDate) {
        let reached = b.reached(kind);
        let on_time = reached.is_some_and(|(e, _)| e.at.date_naive() <= callback_due(since));
        let (done, in_time) = match kind {
            CallbackKind::Signing => (&mut self.signing_done, &mut self.signing_on_time),
            CallbackKind::Handover => (&mut self.handover_done, &mut self.handover_on_time),
        };
        *done += usize::from(reached.is_some());
        *in_time += usize::from(on_time);
        if let Some(score) = reached.and_then(|(_, r)| r.score) {
            self.score_sum += u32::from(score);
            self.scored += 1;
        }
        self.complaints += b.complaints_from_callbacks(kind);
    }
}

/// The quota figures of `month` over the buyers of `office` and `project` (`None`: all).
pub fn quota_figures(
    buyers: &[Buyer],
    office: Option<&str>,
    project: Option<&str>,
    month: Month,
) -> QuotaFigures {
    let selected: Vec<&Buyer> = buyers
        .iter()
        .filter(|b| office.is_none_or(|o| b.office == o))
        .filter(|b| project.is_none_or(|p| b.project.trim() == p.trim()))
        .collect();
    let mut q = QuotaFigures::default();
    let mut groups: BTreeSet<(&str, &str)> = BTreeSet::new();
    for b in &selected {
        if month.contains(b.signed_on) {
            q.signing_due += 1;
            q.count(b, CallbackKind::Signing, b.signed_on);
        }
        if let Some(h) = b.handover_on.filter(|h| month.contains(*h)) {
            let _ = h;
            q.handovers += 1;
            groups.insert((b.office.as_str(), b.project.trim()));
        }
    }
    for (o, p) in groups {
        let drawn = handover_sample(buyers, o, p, month);
        for b in selected.iter().filter(|b| drawn.contains(&b.id)) {
            if let Some(h) = b.handover_on {
                q.handover_drawn += 1;
                q.count(b, CallbackKind::Handover, h);
            }
        }
    }
    q
}

/// The quota figures of `month` per office (head office's table), over one project or all.
pub fn office_quotas(
    buyers: &[Buyer],
    project: Option<&str>,
    month: Month,
) -> BTreeMap<String, QuotaFigures> {
    let offices: BTreeSet<&str> = buyers.iter().map(|b| b.office.as_str()).collect();
    offices
        .into_iter()
        .map(|o| {
            (
                o.to_string(),
                quota_figures(buyers, Some(o), project, month),
            )
        })
        .collect()
}
