//! Received and closed month by month, for the trend chart.

use crate::domain::queue::{Closing, Summary};
use crate::domain::vocabulary::Criteria;

use super::period::Period;

/// One month of a trend chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrendPoint {
    /// The month.
    pub period: Period,
    /// Received in it, as [`Indicators::received`](super::Indicators::received).
    pub received: usize,
    /// Closed in it, as [`Indicators::closed`](super::Indicators::closed).
    pub closed: usize,
}

/// Received and closed per period of `months` (e.g. [`Period::trailing_months`]) over the
/// summaries that pass `filter`, in one pass: each figure equals that of [`indicators_of`](super::indicators_of)
/// for the same month.
pub fn monthly_trend(rows: &[Summary], months: &[Period], filter: &Criteria) -> Vec<TrendPoint> {
    let mut trend = TrendTally::new(months);
    for row in rows.iter().filter(|r| r.meets(filter)) {
        trend.add(row.received, &row.facts.closings);
    }
    trend.finish()
}

/// The trend's months being counted, one row at a time.
pub(super) struct TrendTally {
    bounds: Vec<(i64, i64)>,
    out: Vec<TrendPoint>,
}

impl TrendTally {
    /// Nothing counted yet in `months`.
    pub(super) fn new(months: &[Period]) -> Self {
        TrendTally {
            bounds: months
                .iter()
                .map(|p| (p.from.timestamp_millis(), p.to.timestamp_millis()))
                .collect(),
            out: months
                .iter()
                .map(|p| TrendPoint {
                    period: *p,
                    received: 0,
                    closed: 0,
                })
                .collect(),
        }
    }

    fn month_of(&self, t: i64) -> Option<usize> {
        self.bounds
            .iter()
            .position(|(from, to)| t >= *from && t < *to)
    }

    /// Counts one complaint that passes the filter: its registration time and closed spells.
    #[inline]
    pub(super) fn add(&mut self, received: i64, closings: &[Closing]) {
        if let Some(k) = self.month_of(received) {
            self.out[k].received += 1;
        }
        for c in closings {
            // Closed in month k when this spell is the one current at the month's end.
            if let Some(k) = self.month_of(c.at) {
                if c.reopened.is_none_or(|r| r >= self.bounds[k].1) {
                    self.out[k].closed += 1;
                }
            }
        }
    }

    /// The months, oldest first.
    pub(super) fn finish(self) -> Vec<TrendPoint> {
        self.out
    }
}
