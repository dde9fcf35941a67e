//! Periods: a span `[from, to)`, calendar months, quarters and years, the dashboard's
//! presets, and the period before.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeDelta, TimeZone};

use thiserror::Error;

use crate::domain::vocabulary::{coded_enum, ymd};

/// A span of time `[from, to)`: `from` included, `to` excluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// First instant in the period.
    pub from: DateTime<FixedOffset>,
    /// First instant after the period.
    pub to: DateTime<FixedOffset>,
}

impl Period {
    /// The period `[from, to)`.
    pub fn new(from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> Self {
        Period { from, to }
    }

    /// A calendar month in the office's UTC offset: from the 1st at 00:00 to the 1st of the
    /// next month at 00:00.
    ///
    /// # Panics
    /// When `month` is not 1..=12 or the year is outside chrono's range.
    pub fn month(year: i32, month: u32, offset: FixedOffset) -> Period {
        assert!(
            (1..=12).contains(&month),
            "month must be 1..=12, not {month}"
        );
        let (next_year, next_month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        let first = |y: i32, m: u32| {
            offset
                .with_ymd_and_hms(y, m, 1, 0, 0, 0)
                .single()
                .expect("the first of a month exists at a fixed offset")
        };
        Period {
            from: first(year, month),
            to: first(next_year, next_month),
        }
    }

    /// `count` calendar months (at least 1) from the first of `month` of `year`, in
    /// `offset`: a quarter is `months(y, 4, 3, …)`, a year `months(y, 1, 12, …)`.
    ///
    /// # Panics
    /// When `month` is not 1..=12 or the year is outside chrono's range.
    pub fn months(year: i32, month: u32, count: u32, offset: FixedOffset) -> Period {
        let start = Period::month(year, month, offset);
        let last = add_months(year, month, count.max(1) as i32 - 1);
        Period {
            from: start.from,
            to: Period::month(last.0, last.1, offset).to,
        }
    }

    /// How many whole calendar months the period spans, when it runs from the first of a
    /// month at 00:00 to the first of a later month at 00:00 (in `from`'s offset).
    pub fn whole_months(&self) -> Option<u32> {
        let from = self.from.naive_local();
        let to = self.to.with_timezone(self.from.offset()).naive_local();
        let aligned = |d: chrono::NaiveDateTime| d.day() == 1 && d.time() == NaiveTime::MIN;
        if !aligned(from) || !aligned(to) {
            return None;
        }
        let n = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
        u32::try_from(n).ok().filter(|n| *n > 0)
    }

    /// The period just before this one: for whole calendar months (a month, a quarter, a
    /// year, as made by [`Period::month`] or [`Period::months`], in `from`'s offset) the same
    /// number of months before (March → February, January → the December before, Q2 → Q1);
    /// otherwise the span of the same length that ends at `from`.
    pub fn previous(&self) -> Period {
        if let Some(n) = self.whole_months() {
            let local = self.from.naive_local();
            let (y, m) = add_months(local.year(), local.month(), -(n as i32));
            return Period::months(y, m, n, *self.from.offset());
        }
        let length = self.to - self.from;
        Period {
            from: self.from - length,
            to: self.from,
        }
    }

    /// The `count` calendar months ending with the month that holds the period's last
    /// instant, oldest first (for a trend chart).
    pub fn trailing_months(&self, count: u32) -> Vec<Period> {
        let offset = *self.from.offset();
        let last = (self.to - chrono::TimeDelta::milliseconds(1))
            .with_timezone(&offset)
            .naive_local();
        (0..count)
            .rev()
            .map(|back| {
                let (y, m) = add_months(last.year(), last.month(), -(back as i32));
                Period::month(y, m, offset)
            })
            .collect()
    }

    /// Whether `at` is in the period (`from <= at < to`).
    pub fn contains(&self, at: DateTime<FixedOffset>) -> bool {
        self.from <= at && at < self.to
    }

    /// Whether the period contains no instant at all (`to <= from`).
    pub fn is_empty(&self) -> bool {
        self.to <= self.from
    }
}

coded_enum! {
    /// The dashboard's period choices (besides a custom range of days).
    PeriodPreset {
        /// 本月
        ThisMonth => "month", "本月";
        /// 上月
        LastMonth => "last_month", "上月";
        /// 本季度
        ThisQuarter => "quarter", "本季度";
        /// 本年
        ThisYear => "year", "本年";
    }
}

impl PeriodPreset {
    /// The period this choice means at `now`, in `now`'s offset.
    pub fn period(self, now: DateTime<FixedOffset>) -> Period {
        let offset = *now.offset();
        let (y, m) = (now.year(), now.month());
        match self {
            PeriodPreset::ThisMonth => Period::month(y, m, offset),
            PeriodPreset::LastMonth => Period::month(y, m, offset).previous(),
            PeriodPreset::ThisQuarter => Period::months(y, (m - 1) / 3 * 3 + 1, 3, offset),
            PeriodPreset::ThisYear => Period::months(y, 1, 12, offset),
        }
    }
}

impl Period {
    /// The days `first..=last` (local midnights in `offset`); `None` when `last` is before
    /// `first`.
    pub fn days(first: NaiveDate, last: NaiveDate, offset: FixedOffset) -> Option<Period> {
        if last < first {
            return None;
        }
        let midnight = |d: NaiveDate| {
            offset
                .from_local_datetime(&d.and_time(NaiveTime::MIN))
                .single()
        };
        Some(Period {
            from: midnight(first)?,
            to: midnight(last.succ_opt()?)?,
        })
    }

    /// The local date of the period's last instant (for `[03-01, 04-01)`, 03-31): the month a
    /// report of the period is for.
    pub fn last_day(&self) -> NaiveDate {
        (self.to - TimeDelta::milliseconds(1))
            .with_timezone(self.from.offset())
            .date_naive()
    }

    /// The period in words: `2026年3月`, `2026年第2季度`, `2026年`, or
    /// `2026-03-10 至 2026-03-16` (the last day included).
    pub fn label(&self) -> String {
        let from = self.from.naive_local();
        match self.whole_months() {
            Some(1) => format!("{}年{}月", from.year(), from.month()),
            Some(3) if (from.month() - 1) % 3 == 0 => {
                format!("{}年第{}季度", from.year(), (from.month() - 1) / 3 + 1)
            }
            Some(12) if from.month() == 1 => format!("{}年", from.year()),
            _ => {
                format!("{} 至 {}", ymd(from.date()), ymd(self.last_day()))
            }
        }
    }
}

/// `(year, month)` moved by `delta` months.
fn add_months(year: i32, month: u32, delta: i32) -> (i32, u32) {
    let index = year * 12 + month as i32 - 1 + delta;
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}
/// Why the dashboard's chosen period cannot be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum PeriodError {
    /// Custom days with the last before the first.
    #[error("结束日期不能早于开始日期")]
    Reversed,
    /// Custom days with a day missing.
    #[error("请选择开始和结束日期")]
    Missing,
}

impl Period {
    /// The period the dashboard's choice stands for at `now`: a preset by its code, or
    /// otherwise the custom days `first` to `last` (both included, `YYYY-MM-DD`).
    pub fn chosen(
        preset: &str,
        first: &str,
        last: &str,
        now: DateTime<FixedOffset>,
    ) -> Result<Period, PeriodError> {
        if let Some(p) = PeriodPreset::from_code(preset) {
            return Ok(p.period(now));
        }
        let day = crate::domain::vocabulary::parse_ymd;
        match (day(first), day(last)) {
            (Some(a), Some(b)) => Period::days(a, b, *now.offset()).ok_or(PeriodError::Reversed),
            _ => Err(PeriodError::Missing),
        }
    }
}
