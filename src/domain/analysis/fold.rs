//! Indicators (issue 5, R-24..R-27): volumes, timeliness, satisfaction, resolution, repeats,
//! escalations and root causes of the complaints of any [`Period`] under any
//! [`IndicatorFilter`], computed from the complaints' histories, and the change from one
//! period to the one before ([`month_on_month`]).
//!
//! # How a period is read
//! A period is `[from, to)`. Two kinds of figure come out of it:
//!
//! - **Period figures** depend only on what had happened by `to`: a complaint's status and
//!   closing time at `to` come from replaying its events before `to` (not from its status
//!   today), so a complaint archived in March and reopened in April is closed in March's
//!   figures and open in April's. These are: received, closed, open, satisfaction, resolution
//!   rate, handling time, escalations, repeats and group complaints.
//! - **Cohort figures** take the complaints selected by something in the period and follow
//!   them through their whole history as given: timeliness (complaints received in the period,
//!   with every stage done so far, even after `to`), the callback rate (complaints answered in
//!   the period, called back at any time after), the GM's approval of major complaints and the
//!   root causes (the latest responsibility attribution). A past month's cohort figures can
//!   still move while its complaints are being worked on; its period figures cannot.
//!
//! The filter and every breakdown use a complaint's *current* classification (category and
//! severity after any 调整分类, handler after any 改派): a reclassification corrects the
//! record, so past months are counted under the corrected values too.
//!
//! Every ratio is a [`Ratio`] (numerator and denominator); its value is `None`, never a
//! division by zero, when there is nothing to divide.

use std::collections::BTreeMap;

use crate::domain::fasthash::FastMap;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeDelta, TimeZone};

use crate::domain::complaint::{Complaint, Summary};
use crate::domain::deadlines::{EscalationLevel, Stage};
use crate::domain::facts::CrossFlags;
use crate::domain::model::{coded_enum, Channel, Kind, Severity};
use crate::domain::settings::Settings;
use crate::domain::workflow::{ComplaintState, Status};

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
                format!(
                    "{} 至 {}",
                    crate::domain::timefmt::ymd(from.date()),
                    crate::domain::timefmt::ymd(self.last_day())
                )
            }
        }
    }
}

/// `(year, month)` moved by `delta` months.
fn add_months(year: i32, month: u32, delta: i32) -> (i32, u32) {
    let index = year * 12 + month as i32 - 1 + delta;
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

/// Which complaints the indicators look at; `None` (the default) means any. Every field
/// compares with the complaint's current value (see the module documentation).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndicatorFilter {
    /// Project (楼盘), compared without surrounding spaces.
    pub project: Option<String>,
    /// Office code of the office that registered the complaint.
    pub office: Option<String>,
    /// Current category.
    pub category: Option<String>,
    /// Current severity.
    pub severity: Option<Severity>,
    /// Channel it came in by.
    pub channel: Option<Channel>,
    /// Kind (complaint, inquiry, suggestion, after-sales).
    pub kind: Option<Kind>,
}

impl IndicatorFilter {
    /// Whether the complaint passes every condition that is set.
    /// Whether the summary passes every condition that is set.
    pub fn matches_summary(&self, row: &Summary) -> bool {
        self.project
            .as_deref()
            .is_none_or(|p| row.project.trim() == p.trim())
            && self.office.as_deref().is_none_or(|o| row.office == o)
            && self.category.as_deref().is_none_or(|c| row.category == c)
            && self.severity.is_none_or(|s| row.severity == s)
            && self.channel.is_none_or(|c| row.channel == c)
            && self.kind.is_none_or(|k| row.kind == k)
    }

    pub fn matches(&self, complaint: &Complaint, state: &ComplaintState) -> bool {
        self.project
            .as_deref()
            .is_none_or(|p| state.intake.project.trim() == p.trim())
            && self.office.as_deref().is_none_or(|o| complaint.office == o)
            && self.category.as_deref().is_none_or(|c| state.category == c)
            && self.severity.is_none_or(|s| state.severity == s)
            && self.channel.is_none_or(|c| state.intake.channel == c)
            && self.kind.is_none_or(|k| state.intake.kind == k)
    }
}

/// A share: `num` out of `den`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ratio {
    /// How many have the property.
    pub num: usize,
    /// How many were looked at.
    pub den: usize,
}

impl Ratio {
    /// `num / den`, or `None` when `den` is 0.
    pub fn value(self) -> Option<f64> {
        (self.den > 0).then(|| self.num as f64 / self.den as f64)
    }

    /// The share in tenths of a percent (667 = 66.7%), rounded half up; `None` when `den` is
    /// 0. For display without floating-point formatting.
    pub fn per_mille(self) -> Option<u32> {
        let (num, den) = (self.num as u64, self.den as u64);
        (den > 0).then(|| u32::try_from((num * 2000 + den) / (2 * den)).unwrap_or(u32::MAX))
    }

    /// The share as text, `66.7%`, or `—` when `den` is 0 (integer arithmetic only).
    pub fn percent_text(self) -> String {
        match self.per_mille() {
            Some(x) => format!("{}.{}%", x / 10, x % 10),
            None => "—".into(),
        }
    }
}

/// Timeliness of one stage over the complaints received in the period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StageTimeliness {
    /// The stage, as in [`stage_deadlines`].
    pub stage: Stage,
    /// Stages done by their deadline (at the due second counts as met) out of the stages
    /// done: `met / done`. The stage, its deadline and when it was done are exactly those of
    /// [`stage_deadlines`] over the complaint's whole history (a cohort figure: a stage done
    /// after the period still counts; after a reopen, the stage of the latest round).
    pub met: Ratio,
    /// Stages not done yet (not counted in `met`). Stages that do not apply (no plan stage
    /// for an inquiry; stages left open when a complaint was closed or transferred) are in
    /// neither.
    pub open: usize,
}

/// Handling time: working time from registration to the first answer to the customer
/// (答复客户), over the complaints whose *first* answer falls in the period. A complaint
/// answered again after a reopen is counted once, in the period of its first answer; the
/// working time is [`crate::domain::calendar::WorkCalendar::work_minutes_between`] of the
/// office's calendar (work periods of workdays only).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HandlingTime {
    /// Complaints first answered in the period.
    pub answered: usize,
    /// Their working minutes, summed.
    pub total_work_minutes: i64,
    /// The 90th percentile in working minutes, by the nearest-rank method: the
    /// ⌈0.9 × n⌉-th smallest value (with fewer than 10 values, the largest). `None` when
    /// nothing was answered.
    pub p90_work_minutes: Option<i64>,
    /// The average in working hours, `total_work_minutes / 60 / answered`.
    pub avg_work_hours: Option<f64>,
    /// The 90th percentile in working hours.
    pub p90_work_hours: Option<f64>,
}

/// Working minutes as hours with one decimal, rounded half up: `16.0`.
fn hours_text(minutes: i64, count: i64) -> String {
    let tenths = (minutes * 10 + 30 * count) / (60 * count);
    format!("{}.{}", tenths / 10, tenths % 10)
}

impl HandlingTime {
    /// The average in working hours with one decimal, `16.5`; `—` when nothing was answered.
    pub fn avg_hours_text(&self) -> String {
        match self.answered {
            0 => "—".into(),
            n => hours_text(self.total_work_minutes, n as i64),
        }
    }

    /// The 90th percentile in working hours with one decimal; `—` when nothing was answered.
    pub fn p90_hours_text(&self) -> String {
        self.p90_work_minutes
            .map(|m| hours_text(m, 1))
            .unwrap_or_else(|| "—".into())
    }
}

/// Satisfaction from the callbacks recorded in the period: per complaint the
/// latest callback recorded in the period. A callback counts even when the complaint was
/// reopened afterwards (it is what the customer said when asked; leaving out the callbacks
/// that led to a reopen would flatter the average).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Satisfaction {
    /// Complaints with a callback in the period.
    pub scored: usize,
    /// Their scores (1..=5), summed.
    pub score_sum: u32,
    /// The average score, `score_sum / scored`.
    pub avg_score: Option<f64>,
    /// The average score in hundredths (333 = 3.33), rounded half up.
    pub avg_score_x100: Option<u32>,
    /// Scores 4 or 5 out of `scored`.
    pub satisfied: Ratio,
    /// Callbacks where the customer did not accept the outcome, out of `scored`.
    pub not_accepted: Ratio,
}

impl Satisfaction {
    /// The average score with two decimals, `4.25`; `—` when nobody was called back.
    pub fn avg_text(&self) -> String {
        self.avg_score_x100
            .map(|x| format!("{}.{:02}", x / 100, x % 100))
            .unwrap_or_else(|| "—".into())
    }
}

/// Escalations the app recorded in the period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Escalations {
    /// `escalate` events dated in the period, of the complaints passing the filter (whenever
    /// those were received).
    pub total: usize,
    /// The same by the level risen to, lowest first; the counts sum to [`Self::total`]. The
    /// ladder's levels (project manager, general manager, head office) are always listed; the
    /// handler only when events at that level were counted: the app's ladder starts above
    /// the handler and never records it, but the export format allows it and other copies'
    /// files may carry it, and the total counts it.
    pub by_level: Vec<(EscalationLevel, usize)>,
}

/// The indicators of one period under one filter. See the module documentation for period
/// and cohort figures; every field says which complaints it counts.
#[derive(Clone, Debug, PartialEq)]
pub struct Indicators {
    /// The period they are for.
    pub period: Period,
    /// **Received**: complaints registered in the period (passing the filter).
    pub received: usize,
    /// **Closed**: complaints closed (archived or cancelled) at `to` whose closing happened
    /// in the period, i.e. `closed_at` of the state replayed up to `to` is in the period. A
    /// complaint archived and reopened within the period is not closed in it.
    pub closed: usize,
    /// Of `closed`, archived (已归档).
    pub archived: usize,
    /// Of `closed`, cancelled (已作废).
    pub cancelled: usize,
    /// **Open**: complaints registered before `to` and not closed at `to` (replaying their
    /// events before `to`); transferred complaints are open.
    pub open: usize,
    /// Received by current category, largest first (ties by name).
    pub by_category: Vec<(String, usize)>,
    /// Received by current severity, general then major.
    pub by_severity: Vec<(Severity, usize)>,
    /// Received by current status (today's, not at `to`), in workflow order, every status
    /// listed.
    pub by_status: Vec<(Status, usize)>,
    /// Received by channel, in menu order (channels with none included).
    pub by_channel: Vec<(Channel, usize)>,
    /// Received by kind, in menu order.
    pub by_kind: Vec<(Kind, usize)>,
    /// Received by project, largest first.
    pub by_project: Vec<(String, usize)>,
    /// Received by current handler, largest first; the empty name counts those never
    /// dispatched.
    pub by_handler: Vec<(String, usize)>,
    /// Received by office code, largest first.
    pub by_office: Vec<(String, usize)>,
    /// **Timeliness** per stage (forward, acknowledge, plan to customer, answer, callback, in
    /// that order) over the complaints received in the period.
    pub timeliness: Vec<StageTimeliness>,
    /// **Handling time**: registration → first answer, in working time, of the complaints
    /// first answered in the period.
    pub handling: HandlingTime,
    /// **Satisfaction** from the callbacks recorded in the period.
    pub satisfaction: Satisfaction,
    /// **Resolution rate**: of the complaints archived in the period (as in `archived`), those
    /// whose latest callback before the archive says the customer accepts. Cancelled
    /// complaints are in neither part (they were invalid, not resolved).
    pub resolution: Ratio,
    /// **Callback rate**: of the complaints answered in the period (their latest answer in
    /// the period), those with a callback recorded after that answer and before any later
    /// answer, at any time (a cohort figure: an answer on the last day called back the next
    /// month counts once it is). Complaints cancelled by now are in neither part. (Counting
    /// archived complaints with a callback, as first briefed, would always give 100%: the
    /// workflow archives only after a callback.)
    pub callback: Ratio,
    /// **Repeat rate** (R-24's 投诉再发生率): received complaints that repeat an earlier one
    /// (same phone by [`phone_key`], same current category, the earlier one registered at
    /// most [`crate::domain::repeats::RepeatRules::window_days`] days before; the rule of
    /// [`crate::domain::links::repeat_of`]) out of received. The earlier complaint may be
    /// before the period and outside the filter: it is the same flag the detail page shows.
    pub repeats: Ratio,
    /// **Group complaints** (R-07): received complaints that belong to a same-issue group,
    /// i.e. are members of [`crate::domain::links::same_issue_group`] of some complaint
    /// registered before `to` (itself or a later one): same project, building and category,
    /// within [`crate::domain::severity::SeverityRules::same_issue_window_days`], at least
    /// [`crate::domain::severity::SeverityRules::same_issue_min`] different phones. The
    /// other members may be outside the filter.
    pub group_complaints: usize,
    /// **Escalations** recorded in the period.
    pub escalations: Escalations,
    /// **Major complaints received** (current severity major).
    pub major_received: usize,
    /// Of the major complaints received, those whose plan was approved by the GM (an
    /// `approve` event by role gm, at any time): `num` approved out of `den` =
    /// `major_received`.
    pub major_gm_approved: Ratio,
    /// **Root causes** (R-27): the received complaints' latest responsibility attribution
    /// (责任归属 of the latest 记录调查), largest first (ties by name).
    pub root_causes: Vec<(String, usize)>,
    /// Received complaints with no responsibility recorded yet.
    pub uninvestigated: usize,
}

impl Indicators {
    /// The timeliness of one stage.
    pub fn stage(&self, stage: Stage) -> Option<&StageTimeliness> {
        self.timeliness.iter().find(|t| t.stage == stage)
    }

    /// The top `n` categories of the received complaints, largest first.
    pub fn top_categories(&self, n: usize) -> &[(String, usize)] {
        &self.by_category[..n.min(self.by_category.len())]
    }

    /// The top `n` responsibility attributions, largest first.
    pub fn top_root_causes(&self, n: usize) -> &[(String, usize)] {
        &self.root_causes[..n.min(self.root_causes.len())]
    }
}

/// Counts per key, largest first, ties by key.
fn ranked(counts: FastMap<&str, usize>) -> Vec<(String, usize)> {
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

/// Computes the indicators of `period` over the complaints (each with its state replayed
/// from all its events, as the store keeps them) that pass `filter`, with the office's
/// calendar, time limits, repeat and same-issue rules from `settings`. Every figure is
/// defined on the field of [`Indicators`] that holds it.
///
/// This reads each history into its [`Facts`](crate::domain::facts::Facts) first; over many complaints, keep the
/// summaries (which carry their facts) and the [`CrossFlags`] and call [`indicators_of`].
pub fn indicators(
    items: &[(Complaint, ComplaintState)],
    period: &Period,
    filter: &IndicatorFilter,
    settings: &Settings,
) -> Indicators {
    let rows: Vec<Summary> = items
        .iter()
        .map(|(c, s)| Summary::new(c, s, settings))
        .collect();
    let flags = CrossFlags::build(&rows, settings);
    indicators_of(&rows, &flags, period, filter)
}

/// The indicators of `period` over the summaries that pass `filter`, from their [`Facts`](crate::domain::facts::Facts)
/// and the [`CrossFlags`] computed over the same summaries (same order).
pub fn indicators_of(
    rows: &[Summary],
    flags: &CrossFlags,
    period: &Period,
    filter: &IndicatorFilter,
) -> Indicators {
    let (from, to) = (period.from.timestamp_millis(), period.to.timestamp_millis());
    let inside = |t: i64| t >= from && t < to;
    let mut escalations: BTreeMap<EscalationLevel, usize> = BTreeMap::new();
    let mut out = Indicators {
        period: *period,
        received: 0,
        closed: 0,
        archived: 0,
        cancelled: 0,
        open: 0,
        by_category: Vec::new(),
        by_severity: Vec::new(),
        by_status: Vec::new(),
        by_channel: Vec::new(),
        by_kind: Vec::new(),
        by_project: Vec::new(),
        by_handler: Vec::new(),
        by_office: Vec::new(),
        timeliness: Vec::new(),
        handling: HandlingTime::default(),
        satisfaction: Satisfaction::default(),
        resolution: Ratio::default(),
        callback: Ratio::default(),
        repeats: Ratio::default(),
        group_complaints: 0,
        escalations: Escalations::default(),
        major_received: 0,
        major_gm_approved: Ratio::default(),
        root_causes: Vec::new(),
        uninvestigated: 0,
    };
    let mut categories: FastMap<&str, usize> = FastMap::default();
    let mut projects: FastMap<&str, usize> = FastMap::default();
    let mut handlers: FastMap<&str, usize> = FastMap::default();
    let mut offices: FastMap<&str, usize> = FastMap::default();
    let mut causes: FastMap<&str, usize> = FastMap::default();
    let mut severities = [0usize; 2];
    let mut channels = vec![0usize; Channel::ALL.len()];
    let mut kinds = vec![0usize; Kind::ALL.len()];
    let mut statuses = vec![0usize; Status::ALL.len()];
    let mut stages: Vec<(Stage, usize, usize, usize)> =
        Stage::ALL.iter().map(|s| (*s, 0, 0, 0)).collect();
    let mut handling_minutes: Vec<i64> = Vec::new();

    for (i, row) in rows.iter().enumerate() {
        if row.received >= to || !filter.matches_summary(row) {
            continue;
        }
        let f = &row.facts;
        for (at, level) in &f.escalations {
            if inside(*at) {
                *escalations.entry(*level).or_default() += 1;
            }
        }

        // Stock and flow at `to`.
        match f.closed_at(to) {
            Some(c) if c.at >= from => {
                out.closed += 1;
                if c.archived {
                    out.archived += 1;
                    out.resolution.den += 1;
                    if c.accepted == Some(true) {
                        out.resolution.num += 1;
                    }
                } else {
                    out.cancelled += 1;
                }
            }
            Some(_) => {}
            None => out.open += 1,
        }

        // Satisfaction: the latest callback in the period.
        if let Some(c) = f.callback_in(from, to) {
            let sat = &mut out.satisfaction;
            sat.scored += 1;
            sat.score_sum += u32::from(c.score);
            if c.score >= 4 {
                sat.satisfied.num += 1;
            }
            if !c.accepted {
                sat.not_accepted.num += 1;
            }
        }

        // Callback rate: answered in the period, not cancelled.
        if let Some(a) = f.answer_in(from, to) {
            if row.status != Status::Cancelled {
                out.callback.den += 1;
                if a.called_back {
                    out.callback.num += 1;
                }
            }
        }

        // Handling time: first answer in the period.
        if f.first_answer().is_some_and(inside) {
            if let Some(m) = f.handling_minutes {
                handling_minutes.push(m);
            }
        }

        if row.received < from {
            continue;
        }
        // Received in the period.
        out.received += 1;
        *categories.entry(row.category.as_str()).or_default() += 1;
        *projects.entry(row.project.trim()).or_default() += 1;
        *handlers.entry(row.handler.as_str()).or_default() += 1;
        *offices.entry(row.office.as_str()).or_default() += 1;
        severities[usize::from(row.severity == Severity::Major)] += 1;
        if let Some(k) = Channel::ALL.iter().position(|c| *c == row.channel) {
            channels[k] += 1;
        }
        if let Some(k) = Kind::ALL.iter().position(|c| *c == row.kind) {
            kinds[k] += 1;
        }
        if let Some(k) = Status::ALL.iter().position(|c| *c == row.status) {
            statuses[k] += 1;
        }
        if f.root_cause.is_empty() {
            out.uninvestigated += 1;
        } else {
            *causes.entry(f.root_cause.as_str()).or_default() += 1;
        }
        if flags.repeat.get(i).copied().unwrap_or(false) {
            out.repeats.num += 1;
        }
        if flags
            .group_from
            .get(i)
            .copied()
            .flatten()
            .is_some_and(|t| t < to)
        {
            out.group_complaints += 1;
        }
        if row.severity == Severity::Major {
            out.major_received += 1;
            if f.gm_approved {
                out.major_gm_approved.num += 1;
            }
        }
        for (stage, met) in &f.stages {
            let Some(slot) = stages.iter_mut().find(|t| t.0 == *stage) else {
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

    out.repeats.den = out.received;
    out.major_gm_approved.den = out.major_received;
    out.by_category = ranked(categories);
    out.by_project = ranked(projects);
    out.by_handler = ranked(handlers);
    out.by_office = ranked(offices);
    out.root_causes = ranked(causes);
    out.by_severity = vec![
        (Severity::General, severities[0]),
        (Severity::Major, severities[1]),
    ];
    out.by_channel = Channel::ALL.iter().copied().zip(channels).collect();
    out.by_kind = Kind::ALL.iter().copied().zip(kinds).collect();
    out.by_status = Status::ALL.iter().copied().zip(statuses).collect();
    out.timeliness = stages
        .into_iter()
        .map(|(stage, met, done, open)| StageTimeliness {
            stage,
            met: Ratio {
                num: met,
                den: done,
            },
            open,
        })
        .collect();

    let sat = &mut out.satisfaction;
    sat.satisfied.den = sat.scored;
    sat.not_accepted.den = sat.scored;
    if sat.scored > 0 {
        let (sum, n) = (u64::from(sat.score_sum), sat.scored as u64);
        sat.avg_score = Some(sat.score_sum as f64 / sat.scored as f64);
        sat.avg_score_x100 = Some(u32::try_from((sum * 200 + n) / (2 * n)).unwrap_or(u32::MAX));
    }

    let h = &mut out.handling;
    h.answered = handling_minutes.len();
    h.total_work_minutes = handling_minutes.iter().sum();
    h.p90_work_minutes = nearest_rank(&mut handling_minutes, 90);
    h.avg_work_hours =
        (h.answered > 0).then(|| h.total_work_minutes as f64 / 60.0 / h.answered as f64);
    h.p90_work_hours = h.p90_work_minutes.map(|m| m as f64 / 60.0);

    out.escalations = Escalations {
        total: escalations.values().sum(),
        by_level: EscalationLevel::ALL
            .iter()
            .map(|l| (*l, escalations.get(l).copied().unwrap_or(0)))
            .filter(|(l, n)| *l != EscalationLevel::Handler || *n > 0)
            .collect(),
    };
    out
}

/// One month of a trend chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrendPoint {
    /// The month.
    pub period: Period,
    /// Received in it, as [`Indicators::received`].
    pub received: usize,
    /// Closed in it, as [`Indicators::closed`].
    pub closed: usize,
}

/// Received and closed per period of `months` (e.g. [`Period::trailing_months`]) over the
/// summaries that pass `filter`, in one pass: each figure equals that of [`indicators_of`]
/// for the same month.
pub fn monthly_trend(
    rows: &[Summary],
    months: &[Period],
    filter: &IndicatorFilter,
) -> Vec<TrendPoint> {
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
    for row in rows.iter().filter(|r| filter.matches_summary(r)) {
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

    /// The relative change as text, `+12.5%` / `-3.0%`; `—` when there is none (nothing
    /// before, or the previous value was 0).
    pub fn relative_text(&self) -> String {
        self.relative
            .map(|r| format!("{}%", signed_tenths(r * 100.0)))
            .unwrap_or_else(|| "—".into())
    }

    /// The absolute change of a share in percentage points, `+3.2 个百分点`; `—` when
    /// either share is missing.
    pub fn points_text(&self) -> String {
        self.absolute
            .map(|a| format!("{} 个百分点", signed_tenths(a * 100.0)))
            .unwrap_or_else(|| "—".into())
    }

    /// The absolute change with a unit, `+1.5 小时`; `—` when either value is missing.
    pub fn absolute_text(&self, unit: &str) -> String {
        self.absolute
            .map(|a| format!("{}{unit}", signed_tenths(a)))
            .unwrap_or_else(|| "—".into())
    }

    fn counts(current: usize, previous: usize) -> Self {
        Change::between(Some(current as f64), Some(previous as f64))
    }

    fn ratios(current: Ratio, previous: Ratio) -> Self {
        Change::between(current.value(), previous.value())
    }
}

/// `x` rounded to tenths (half away from zero) with its sign: `+12.5`, `-0.3`, `0.0`;
/// integer formatting only.
pub fn signed_tenths(x: f64) -> String {
    let t = (x * 10.0).round() as i64;
    let sign = match t.signum() {
        1 => "+",
        -1 => "-",
        _ => "",
    };
    format!("{sign}{}.{}", t.abs() / 10, t.abs() % 10)
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
/// [`Period::previous`] under the same filter) to `current`: absolute and relative, `None`
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

    #[test]
    fn hours_and_score_texts() {
        let h = HandlingTime {
            answered: 3,
            total_work_minutes: 2_970,     // 16.5 h on average
            p90_work_minutes: Some(1_263), // 21.05 h
            ..HandlingTime::default()
        };
        assert_eq!(h.avg_hours_text(), "16.5");
        assert_eq!(h.p90_hours_text(), "21.1");
        assert_eq!(HandlingTime::default().avg_hours_text(), "—");
        let s = Satisfaction {
            avg_score_x100: Some(405),
            ..Satisfaction::default()
        };
        assert_eq!(s.avg_text(), "4.05");
        assert_eq!(Satisfaction::default().avg_text(), "—");
    }

    #[test]
    fn change_texts() {
        assert_eq!(signed_tenths(12.46), "+12.5");
        assert_eq!(signed_tenths(-0.26), "-0.3");
        assert_eq!(signed_tenths(0.04), "0.0");
        let c = Change::between(Some(15.0), Some(12.0));
        assert_eq!(c.relative_text(), "+25.0%");
        assert_eq!(Change::between(Some(3.0), Some(0.0)).relative_text(), "—");
        let share = Change::between(Some(0.5), Some(0.625));
        assert_eq!(share.points_text(), "-12.5 个百分点");
        assert_eq!(Change::between(None, Some(0.5)).points_text(), "—");
        assert_eq!(
            Change::between(Some(20.0), Some(18.5)).absolute_text(" 小时"),
            "+1.5 小时"
        );
    }

    #[test]
    fn ratio_text_without_floats() {
        assert_eq!(Ratio { num: 2, den: 3 }.percent_text(), "66.7%");
        assert_eq!(Ratio { num: 1, den: 3 }.per_mille(), Some(333));
        assert_eq!(Ratio { num: 1, den: 8 }.per_mille(), Some(125));
        assert_eq!(Ratio { num: 1, den: 1 }.percent_text(), "100.0%");
        assert_eq!(Ratio { num: 0, den: 0 }.percent_text(), "—");
        assert_eq!(Ratio::default().value(), None);
    }
}
