//! The accumulators of the one pass of [`super::indicators_of`]: one small tally per figure,
//! each fed one row at a time with `add` and turned into its figure with `finish`. They share
//! no state, so the order of the `add` calls inside one row does not matter.

use std::collections::BTreeMap;

use super::cross_flags::CrossFlags;
use crate::domain::case::Status;
use crate::domain::queue::Summary;
use crate::domain::queue::{Facts, FactsView};
use crate::domain::vocabulary::{Channel, EscalationLevel, FastMap, Kind, Severity, Stage};

use super::figures::{Escalations, HandlingTime, Ratio, Satisfaction, StageTimeliness};
use super::period::Period;

/// A period as epoch milliseconds, `[from, to)`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Span {
    /// First millisecond in the period.
    pub(super) from: i64,
    /// First millisecond after the period.
    pub(super) to: i64,
}

impl Span {
    /// The span of `period`.
    pub(super) fn of(period: &Period) -> Self {
        Span {
            from: period.from.timestamp_millis(),
            to: period.to.timestamp_millis(),
        }
    }

    /// Whether `t` is in the span.
    pub(super) fn inside(self, t: i64) -> bool {
        t >= self.from && t < self.to
    }
}

/// Stock and flow at the period's end: closed in the period (archived, cancelled), open at
/// `to`, and the resolution rate over the archived. Its fields are the figures.
#[derive(Debug, Default)]
pub(super) struct Flow {
    /// Closed at `to`, the closing in the period.
    pub(super) closed: usize,
    /// Of `closed`, archived.
    pub(super) archived: usize,
    /// Of `closed`, cancelled.
    pub(super) cancelled: usize,
    /// Not closed at `to`.
    pub(super) open: usize,
    /// Archived in the period and accepted by the customer, out of the archived.
    pub(super) resolution: Ratio,
}

impl Flow {
    /// Counts one complaint registered before `to`.
    #[inline]
    pub(super) fn add(&mut self, f: FactsView<'_>, span: Span) {
        match f.closed_at(span.to) {
            Some(c) if c.at >= span.from => {
                self.closed += 1;
                if c.archived {
                    self.archived += 1;
                    self.resolution.den += 1;
                    if c.accepted == Some(true) {
                        self.resolution.num += 1;
                    }
                } else {
                    self.cancelled += 1;
                }
            }
            Some(_) => {}
            None => self.open += 1,
        }
    }
}

/// Satisfaction: per complaint the latest callback in the period.
#[derive(Debug, Default)]
pub(super) struct SatisfactionTally {
    scored: usize,
    score_sum: u32,
    satisfied: usize,
    not_accepted: usize,
}

impl SatisfactionTally {
    /// Counts one complaint's latest callback in the period, if any.
    #[inline]
    pub(super) fn add(&mut self, f: FactsView<'_>, span: Span) {
        if let Some(c) = f.callback_in(span.from, span.to) {
            self.scored += 1;
            self.score_sum += u32::from(c.score);
            if c.score >= 4 {
                self.satisfied += 1;
            }
            if !c.accepted {
                self.not_accepted += 1;
            }
        }
    }

    /// The figure: the average (and in hundredths, rounded half up) and both shares.
    pub(super) fn finish(self) -> Satisfaction {
        let (avg_score, avg_score_x100) = if self.scored > 0 {
            let (sum, n) = (u64::from(self.score_sum), self.scored as u64);
            (
                Some(self.score_sum as f64 / self.scored as f64),
                Some(u32::try_from((sum * 200 + n) / (2 * n)).unwrap_or(u32::MAX)),
            )
        } else {
            (None, None)
        };
        Satisfaction {
            scored: self.scored,
            score_sum: self.score_sum,
            avg_score,
            avg_score_x100,
            satisfied: Ratio {
                num: self.satisfied,
                den: self.scored,
            },
            not_accepted: Ratio {
                num: self.not_accepted,
                den: self.scored,
            },
        }
    }
}

/// Callback rate: of the complaints answered in the period and not cancelled, those called
/// back after that answer.
#[derive(Debug, Default)]
pub(super) struct CallbackTally(Ratio);

impl CallbackTally {
    /// Counts one complaint's latest answer in the period, if any (`status`: its status
    /// today).
    #[inline]
    pub(super) fn add(&mut self, f: FactsView<'_>, status: Status, span: Span) {
        if let Some(a) = f.answer_in(span.from, span.to) {
            if status != Status::Cancelled {
                self.0.den += 1;
                if a.called_back {
                    self.0.num += 1;
                }
            }
        }
    }

    /// The callback rate.
    pub(super) fn finish(self) -> Ratio {
        self.0
    }
}

/// Handling time: the working minutes of the complaints first answered in the period.
#[derive(Debug, Default)]
pub(super) struct HandlingTally(Vec<i64>);

impl HandlingTally {
    /// Keeps one complaint's handling time when its first answer is in the period.
    #[inline]
    pub(super) fn add(&mut self, f: FactsView<'_>, span: Span) {
        if f.first_answer().is_some_and(|t| span.inside(t)) {
            if let Some(m) = f.handling_minutes {
                self.0.push(m);
            }
        }
    }

    /// The figure: count, sum, nearest-rank 90th percentile, and both in hours.
    pub(super) fn finish(mut self) -> HandlingTime {
        let answered = self.0.len();
        let total_work_minutes: i64 = self.0.iter().sum();
        let p90_work_minutes = nearest_rank(&mut self.0, 90);
        HandlingTime {
            answered,
            total_work_minutes,
            p90_work_minutes,
            avg_work_hours: (answered > 0)
                .then(|| total_work_minutes as f64 / 60.0 / answered as f64),
            p90_work_hours: p90_work_minutes.map(|m| m as f64 / 60.0),
        }
    }
}

/// Escalations dated in the period, by level.
#[derive(Debug, Default)]
pub(super) struct EscalationTally(BTreeMap<EscalationLevel, usize>);

impl EscalationTally {
    /// Counts one complaint's escalations in the period.
    #[inline]
    pub(super) fn add(&mut self, f: FactsView<'_>, span: Span) {
        for (at, level) in f.escalations {
            if span.inside(*at) {
                *self.0.entry(*level).or_default() += 1;
            }
        }
    }

    /// The figure: every level of the ladder, the handler only when counted.
    pub(super) fn finish(self) -> Escalations {
        Escalations {
            total: self.0.values().sum(),
            by_level: EscalationLevel::ALL
                .iter()
                .map(|l| (*l, self.0.get(l).copied().unwrap_or(0)))
                .filter(|(l, n)| *l != EscalationLevel::Handler || *n > 0)
                .collect(),
        }
    }
}

/// The received complaints by current category, severity, status, channel, kind, project,
/// handler and office.
#[derive(Debug)]
pub(super) struct Breakdowns<'a> {
    categories: FastMap<&'a str, usize>,
    projects: FastMap<&'a str, usize>,
    handlers: FastMap<&'a str, usize>,
    offices: FastMap<&'a str, usize>,
    severities: [usize; 2],
    channels: Vec<usize>,
    kinds: Vec<usize>,
    statuses: Vec<usize>,
}

/// What [`Breakdowns`] gives: the `by_*` lists of [`super::Indicators`].
pub(super) struct ReceivedBy {
    pub(super) category: Vec<(String, usize)>,
    pub(super) severity: Vec<(Severity, usize)>,
    pub(super) status: Vec<(Status, usize)>,
    pub(super) channel: Vec<(Channel, usize)>,
    pub(super) kind: Vec<(Kind, usize)>,
    pub(super) project: Vec<(String, usize)>,
    pub(super) handler: Vec<(String, usize)>,
    pub(super) office: Vec<(String, usize)>,
}

impl<'a> Breakdowns<'a> {
    /// Nothing counted yet.
    pub(super) fn new() -> Self {
        Breakdowns {
            categories: FastMap::default(),
            projects: FastMap::default(),
            handlers: FastMap::default(),
            offices: FastMap::default(),
            severities: [0; 2],
            channels: vec![0; Channel::ALL.len()],
            kinds: vec![0; Kind::ALL.len()],
            statuses: vec![0; Status::ALL.len()],
        }
    }

    /// Counts one received complaint.
    pub(super) fn add(&mut self, row: &'a Summary) {
        *self.categories.entry(row.category.as_str()).or_default() += 1;
        *self.projects.entry(row.project.trim()).or_default() += 1;
        *self.handlers.entry(row.handler.as_str()).or_default() += 1;
        *self.offices.entry(row.office.as_str()).or_default() += 1;
        self.severities[usize::from(row.severity == Severity::Major)] += 1;
        if let Some(k) = Channel::ALL.iter().position(|c| *c == row.channel) {
            self.channels[k] += 1;
        }
        if let Some(k) = Kind::ALL.iter().position(|c| *c == row.kind) {
            self.kinds[k] += 1;
        }
        if let Some(k) = Status::ALL.iter().position(|c| *c == row.status) {
            self.statuses[k] += 1;
        }
    }

    /// The lists: named keys largest first (ties by name), the rest in menu order.
    pub(super) fn finish(self) -> ReceivedBy {
        ReceivedBy {
            category: ranked(self.categories),
            severity: vec![
                (Severity::General, self.severities[0]),
                (Severity::Major, self.severities[1]),
            ],
            status: Status::ALL.iter().copied().zip(self.statuses).collect(),
            channel: Channel::ALL.iter().copied().zip(self.channels).collect(),
            kind: Kind::ALL.iter().copied().zip(self.kinds).collect(),
            project: ranked(self.projects),
            handler: ranked(self.handlers),
            office: ranked(self.offices),
        }
    }
}

/// Root causes of the received complaints, and how many have none yet.
#[derive(Debug, Default)]
pub(super) struct RootCauses<'a> {
    causes: FastMap<&'a str, usize>,
    uninvestigated: usize,
}

impl<'a> RootCauses<'a> {
    /// Counts one received complaint's latest responsibility attribution.
    pub(super) fn add(&mut self, f: &'a Facts) {
        if f.root_cause.is_empty() {
            self.uninvestigated += 1;
        } else {
            *self.causes.entry(f.root_cause.as_str()).or_default() += 1;
        }
    }

    /// `(root causes largest first, uninvestigated)`.
    pub(super) fn finish(self) -> (Vec<(String, usize)>, usize) {
        (ranked(self.causes), self.uninvestigated)
    }
}

/// Repeats and group complaints among the received complaints.
#[derive(Debug, Default)]
pub(super) struct CrossTally {
    received: usize,
    repeats: usize,
    groups: usize,
}

impl CrossTally {
    /// Counts received complaint `i` (its index in the rows the flags were built over).
    pub(super) fn add(&mut self, i: usize, flags: &CrossFlags, span: Span) {
        self.received += 1;
        if flags.repeat.get(i).copied().unwrap_or(false) {
            self.repeats += 1;
        }
        if flags
            .group_from
            .get(i)
            .copied()
            .flatten()
            .is_some_and(|t| t < span.to)
        {
            self.groups += 1;
        }
    }

    /// `(repeat rate out of the received, group complaints)`.
    pub(super) fn finish(self) -> (Ratio, usize) {
        (
            Ratio {
                num: self.repeats,
                den: self.received,
            },
            self.groups,
        )
    }
}

/// Major complaints received, and of them those approved by the GM.
#[derive(Debug, Default)]
pub(super) struct MajorTally {
    received: usize,
    gm_approved: usize,
}

impl MajorTally {
    /// Counts one received complaint of `severity`.
    #[inline]
    pub(super) fn add(&mut self, severity: Severity, f: FactsView<'_>) {
        if severity == Severity::Major {
            self.received += 1;
            if f.gm_approved {
                self.gm_approved += 1;
            }
        }
    }

    /// `(major received, GM-approved out of them)`.
    pub(super) fn finish(self) -> (usize, Ratio) {
        (
            self.received,
            Ratio {
                num: self.gm_approved,
                den: self.received,
            },
        )
    }
}

/// Timeliness per stage of the received complaints: `(stage, met, done, open)`.
#[derive(Debug)]
pub(super) struct Timeliness(Vec<(Stage, usize, usize, usize)>);

impl Timeliness {
    /// Every stage, nothing counted yet.
    pub(super) fn new() -> Self {
        Timeliness(Stage::ALL.iter().map(|s| (*s, 0, 0, 0)).collect())
    }

    /// Counts one received complaint's stages.
    #[inline]
    pub(super) fn add(&mut self, stages: &[(Stage, Option<bool>)]) {
        for (stage, met) in stages {
            let Some(slot) = self.0.iter_mut().find(|t| t.0 == *stage) else {
                continue;
            };
            match met {
                Some(met) => {
                    slot.1 += usize::from(*met);
                    slot.2 += 1;
                }
                None => slot.3 += 1,
            }
        }
    }

    /// Counts one received complaint's stages packed by [`pack_stages`].
    #[inline]
    pub(super) fn add_packed(&mut self, mut packed: u16) {
        for slot in self.0.iter_mut() {
            match packed & 3 {
                STAGE_OPEN => slot.3 += 1,
                STAGE_MET => {
                    slot.1 += 1;
                    slot.2 += 1;
                }
                STAGE_LATE => slot.2 += 1,
                _ => {}
            }
            packed >>= 2;
        }
    }

    /// The figure, in stage order.
    pub(super) fn finish(self) -> Vec<StageTimeliness> {
        self.0
            .into_iter()
            .map(|(stage, met, done, open)| StageTimeliness {
                stage,
                met: Ratio {
                    num: met,
                    den: done,
                },
                open,
            })
            .collect()
    }
}

const STAGE_OPEN: u16 = 1;
const STAGE_MET: u16 = 2;
const STAGE_LATE: u16 = 3;

/// A complaint's stages in two bits each, in the order of [`Stage::ALL`] (0: the stage does
/// not apply, then open, met, late), what [`Timeliness`] counts of them; `None` when a stage
/// is listed twice (then only the list says it).
pub(super) fn pack_stages(stages: &[(Stage, Option<bool>)]) -> Option<u16> {
    let mut packed = 0u16;
    for (stage, met) in stages {
        let k = Stage::ALL.iter().position(|s| s == stage)?;
        let shift = 2 * k as u32;
        if k >= 8 || packed >> shift & 3 != 0 {
            return None;
        }
        let state = match met {
            None => STAGE_OPEN,
            Some(true) => STAGE_MET,
            Some(false) => STAGE_LATE,
        };
        packed |= state << shift;
    }
    Some(packed)
}

/// Counts per key, largest first, ties by key.
pub(super) fn ranked<'a>(
    counts: impl IntoIterator<Item = (&'a str, usize)>,
) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    out.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// The nearest-rank percentile `p` (1..=100) of `values`: the ⌈p/100 × n⌉-th smallest.
fn nearest_rank(values: &mut [i64], p: usize) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let rank = (values.len() * p).div_ceil(100).max(1);
    Some(values[rank - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentile() {
        assert_eq!(nearest_rank(&mut [], 90), None);
        assert_eq!(nearest_rank(&mut [7], 90), Some(7));
        // n = 10: rank ⌈9⌉ = 9 → the 9th smallest.
        let mut ten: Vec<i64> = (1..=10).rev().collect();
        assert_eq!(nearest_rank(&mut ten, 90), Some(9));
        // n = 11: rank ⌈9.9⌉ = 10.
        let mut eleven: Vec<i64> = (1..=11).collect();
        assert_eq!(nearest_rank(&mut eleven, 90), Some(10));
        // n = 20: rank 18; n = 21: rank ⌈18.9⌉ = 19.
        assert_eq!(
            nearest_rank(&mut (1..=20).collect::<Vec<_>>(), 90),
            Some(18)
        );
        assert_eq!(
            nearest_rank(&mut (1..=21).collect::<Vec<_>>(), 90),
            Some(19)
        );
        // n = 5: rank ⌈4.5⌉ = 5, the largest.
        assert_eq!(nearest_rank(&mut [50, 10, 40, 20, 30], 90), Some(50));
    }
}
