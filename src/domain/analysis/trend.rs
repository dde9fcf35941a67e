//! Received and closed month by month, for the trend chart.

use crate::domain::queue::Summary;
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
    let bounds: Vec<(i64, i64)> = months
        .iter()
        .map(|p| (p.from.timestamp_millis(), p.to.timestamp_millis()))
        .collect();
    let month_of = |t: i64| bounds.iter().position(|(from, to)| t >= *from && t < *to);
    let mut out: Vec<TrendPoint> = months
        .iter()
        .map(|p| TrendPoint {
            period: *p,
            received: 0,
            closed: 0,
        })
        .collect();
    for row in rows.iter().filter(|r| r.meets(filter)) {
        if let Some(k) = month_of(row.received) {
            out[k].received += 1;
        }
        for c in &row.facts.closings {
            // Closed in month k when this spell is the one current at the month's end.
            if let Some(k) = month_of(c.at) {
                if c.reopened.is_none_or(|r| r >= bounds[k].1) {
                    out[k].closed += 1;
                }
            }
        }
    }
    out
}
