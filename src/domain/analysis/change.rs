//! Month-on-month: how each headline indicator moved from one period to the one before.

use crate::domain::vocabulary::Stage;

use super::figures::{Indicators, Ratio};

/// How one indicator moved from the previous period to the current one.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Change {
    /// This period's value (`None`: a ratio with nothing to divide).
    pub current: Option<f64>,
    /// The previous period's value.
    pub previous: Option<f64>,
    /// `current − previous` (for a ratio, in its own unit: 0.25 is 25 percentage points);
    /// `None` when either is `None`.
    pub absolute: Option<f64>,
    /// `(current − previous) / previous`; `None` when either is `None` or `previous` is 0.
    pub relative: Option<f64>,
}

impl Change {
    /// The change from `previous` to `current`.
    pub fn between(current: Option<f64>, previous: Option<f64>) -> Self {
        let absolute = current.zip(previous).map(|(c, p)| c - p);
        let relative = absolute
            .zip(previous)
            .and_then(|(d, p)| (p != 0.0).then(|| d / p));
        Change {
            current,
            previous,
            absolute,
            relative,
        }
    }

    fn counts(current: usize, previous: usize) -> Self {
        Change::between(Some(current as f64), Some(previous as f64))
    }

    fn ratios(current: Ratio, previous: Ratio) -> Self {
        Change::between(current.value(), previous.value())
    }
}

/// Month-on-month changes of the headline indicators.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changes {
    /// Received.
    pub received: Change,
    /// Closed.
    pub closed: Change,
    /// Open at the end of the period.
    pub open: Change,
    /// Resolution rate.
    pub resolution_rate: Change,
    /// Callback rate.
    pub callback_rate: Change,
    /// Average satisfaction score.
    pub avg_score: Change,
    /// Share satisfied (4-5).
    pub satisfied_share: Change,
    /// Share not accepted.
    pub not_accepted_share: Change,
    /// Repeat rate.
    pub repeat_rate: Change,
    /// Group complaints received.
    pub group_complaints: Change,
    /// Escalations recorded.
    pub escalations: Change,
    /// Major complaints received.
    pub major_received: Change,
    /// Average handling time, working hours.
    pub avg_handling_hours: Change,
    /// 90th percentile handling time, working hours.
    pub p90_handling_hours: Change,
    /// Share of each stage met, in stage order.
    pub stage_met: Vec<(Stage, Change)>,
}

/// The change of every headline indicator from `previous` (usually the indicators of
/// [`Period::previous`](super::Period::previous) under the same filter) to `current`: absolute and relative, `None`
/// where a value is missing or the previous value is 0.
pub fn month_on_month(current: &Indicators, previous: &Indicators) -> Changes {
    let met = |i: &Indicators, stage: Stage| i.stage(stage).map(|t| t.met).unwrap_or_default();
    Changes {
        received: Change::counts(current.received, previous.received),
        closed: Change::counts(current.closed, previous.closed),
        open: Change::counts(current.open, previous.open),
        resolution_rate: Change::ratios(current.resolution, previous.resolution),
        callback_rate: Change::ratios(current.callback, previous.callback),
        avg_score: Change::between(
            current.satisfaction.avg_score,
            previous.satisfaction.avg_score,
        ),
        satisfied_share: Change::ratios(
            current.satisfaction.satisfied,
            previous.satisfaction.satisfied,
        ),
        not_accepted_share: Change::ratios(
            current.satisfaction.not_accepted,
            previous.satisfaction.not_accepted,
        ),
        repeat_rate: Change::ratios(current.repeats, previous.repeats),
        group_complaints: Change::counts(current.group_complaints, previous.group_complaints),
        escalations: Change::counts(current.escalations.total, previous.escalations.total),
        major_received: Change::counts(current.major_received, previous.major_received),
        avg_handling_hours: Change::between(
            current.handling.avg_work_hours,
            previous.handling.avg_work_hours,
        ),
        p90_handling_hours: Change::between(
            current.handling.p90_work_hours,
            previous.handling.p90_work_hours,
        ),
        stage_met: Stage::ALL
            .iter()
            .map(|s| (*s, Change::ratios(met(current, *s), met(previous, *s))))
            .collect(),
    }
}
