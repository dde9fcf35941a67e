//! The monthly analysis report 《客户投诉分析报告》 (R-24..R-27): a month's indicators with
//! the month before and the change, the trend, the top categories and root causes, the late
//! and escalated cases, the repeat customers, and the improvement actions a manager writes
//! (kept per month and filter under [`actions_key`]).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::domain::case::Status;
use crate::domain::queue::Summary;
use crate::domain::vocabulary::{phone_key, Criteria};

use super::change::{month_on_month, Changes};
use super::cross_flags::CrossFlags;
use super::figures::Indicators;
use super::fold::indicators_of;
use super::period::Period;
use super::trend::{monthly_trend, TrendPoint};

/// How many months the report's trend covers (the month and the five before).
pub const TREND_MONTHS: u32 = 6;

/// How many cases a list of the report shows at most; the rest are counted.
pub const LIST_LIMIT: usize = 200;

/// `2026-03`: the key of a month in links and in stored improvement actions.
pub fn month_key(day: NaiveDate) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

/// Reads a [`month_key`]; `None` unless it is `YYYY-MM` with a month 1..=12.
pub fn parse_month_key(key: &str) -> Option<(i32, u32)> {
    let (y, m) = key.trim().split_once('-')?;
    let (y, m) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
    ((1..=12).contains(&m) && (1900..=9999).contains(&y)).then_some((y, m))
}

/// The meta key under which a month's improvement actions are kept: one text per month and
/// filter (project, office), so a project's report keeps its own.
pub fn actions_key(month: &str, filter: &Criteria) -> String {
    format!(
        "report-actions:{month}:{}:{}",
        filter.office.as_deref().unwrap_or("*"),
        filter.project.as_deref().map(str::trim).unwrap_or("*")
    )
}

/// A case the report lists, with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseLine {
    /// Complaint number.
    pub number: String,
    /// Project.
    pub project: String,
    /// Category.
    pub category: String,
    /// Status today.
    pub status: Status,
    /// Handler, empty when none.
    pub handler: String,
    /// Why it is listed, e.g. `答复客户超时`, `升级至总经理`.
    pub reasons: Vec<String>,
}

/// A customer with repeat complaints in the month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepeatCustomer {
    /// Customer name (of the latest complaint).
    pub name: String,
    /// Phone as registered (of the latest complaint).
    pub phone: String,
    /// Repeat complaints received in the month (flagged as repeats, R-24).
    pub repeats_in_month: usize,
    /// All complaints from that phone registered before the month's end.
    pub total: usize,
    /// Numbers of the complaints received in the month, oldest first.
    pub numbers: Vec<String>,
}

/// Everything the report shows except the improvement actions.
#[derive(Clone, Debug, PartialEq)]
pub struct MonthlyReport {
    /// The month.
    pub period: Period,
    /// The month's indicators.
    pub current: Indicators,
    /// The month before's.
    pub previous: Indicators,
    /// The changes.
    pub changes: Changes,
    /// Received and closed for the month and the months before.
    pub trend: Vec<TrendPoint>,
    /// Received in the month with a stage done late or overdue now, or escalated in the
    /// month; the oldest first, at most [`LIST_LIMIT`].
    pub late_or_escalated: Vec<CaseLine>,
    /// How many such cases there are in all.
    pub late_or_escalated_total: usize,
    /// Repeat customers, most repeats first, at most [`LIST_LIMIT`].
    pub repeat_customers: Vec<RepeatCustomer>,
}

/// Builds the report of `period` (a month) over the summaries that pass `filter`, judging
/// open deadlines at `now` (epoch milliseconds).
pub fn monthly_report(
    rows: &[Summary],
    flags: &CrossFlags,
    period: &Period,
    filter: &Criteria,
    now: i64,
) -> MonthlyReport {
    let current = indicators_of(rows, flags, period, filter);
    let previous = indicators_of(rows, flags, &period.previous(), filter);
    let changes = month_on_month(&current, &previous);
    let trend = monthly_trend(rows, &period.trailing_months(TREND_MONTHS), filter);
    let (from, to) = (period.from.timestamp_millis(), period.to.timestamp_millis());
    let in_month = |t: i64| t >= from && t < to;

    let mut cases: Vec<(i64, CaseLine)> = Vec::new();
    for row in rows.iter().filter(|r| r.meets(filter)) {
        let mut reasons: Vec<String> = Vec::new();
        if in_month(row.received) {
            for (stage, met) in &row.facts.stages {
                if *met == Some(false) {
                    reasons.push(format!("{}超时", stage.label()));
                }
            }
            if let (Some(due), Some(stage)) = (row.due, row.due_stage) {
                if due < now && !row.status.is_closed() {
                    reasons.push(format!("{}已逾期", stage.label()));
                }
            }
        }
        let top = row
            .facts
            .escalations
            .iter()
            .filter(|(at, _)| in_month(*at))
            .map(|(_, level)| *level)
            .max();
        if let Some(level) = top {
            reasons.push(format!("升级至{}", level.label()));
        }
        if !reasons.is_empty() {
            cases.push((
                row.received,
                CaseLine {
                    number: row.number.clone(),
                    project: row.project.trim().to_string(),
                    category: row.category.clone(),
                    status: row.status,
                    handler: row.handler.clone(),
                    reasons,
                },
            ));
        }
    }
    cases.sort_by(|a, b| (a.0, &a.1.number).cmp(&(b.0, &b.1.number)));
    let late_or_escalated_total = cases.len();
    let late_or_escalated = cases.into_iter().take(LIST_LIMIT).map(|(_, c)| c).collect();

    // Repeat customers: phones with a repeat received in the month.
    let mut by_phone: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        if row.received < to && row.meets(filter) {
            let key = phone_key(&row.phone);
            if !key.is_empty() {
                by_phone.entry(key).or_default().push(i);
            }
        }
    }
    let mut customers: Vec<RepeatCustomer> = by_phone
        .into_values()
        .filter_map(|mut list| {
            list.sort_by_key(|&i| (rows[i].received, rows[i].number.clone()));
            let repeats_in_month = list
                .iter()
                .filter(|&&i| in_month(rows[i].received) && flags.repeat.get(i) == Some(&true))
                .count();
            if repeats_in_month == 0 {
                return None;
            }
            let latest = &rows[*list.last()?];
            Some(RepeatCustomer {
                name: latest.name.clone(),
                phone: latest.phone.clone(),
                repeats_in_month,
                total: list.len(),
                numbers: list
                    .iter()
                    .filter(|&&i| in_month(rows[i].received))
                    .map(|&i| rows[i].number.clone())
                    .collect(),
            })
        })
        .collect();
    customers.sort_by(|a, b| {
        b.repeats_in_month
            .cmp(&a.repeats_in_month)
            .then(b.total.cmp(&a.total))
            .then_with(|| a.phone.cmp(&b.phone))
    });
    customers.truncate(LIST_LIMIT);

    MonthlyReport {
        period: *period,
        current,
        previous,
        changes,
        trend,
        late_or_escalated,
        late_or_escalated_total,
        repeat_customers: customers,
    }
}
