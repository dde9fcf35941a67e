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

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, FixedOffset, NaiveTime, TimeDelta, TimeZone};

use super::complaint::Complaint;
use super::deadlines::{stage_deadlines, EscalationLevel, Stage};
use super::event::EventData;
use super::model::{Channel, Kind, Role, Severity};
use super::repeats::phone_key;
use super::settings::Settings;
use super::workflow::{ComplaintState, Status};

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

    /// The period just before this one: for a calendar month (as made by [`Period::month`],
    /// in `from`'s offset) the previous calendar month (March → February, January → the
    /// December before); otherwise the span of the same length that ends at `from`.
    pub fn previous(&self) -> Period {
        let offset = *self.from.offset();
        let local = self.from.naive_local();
        if local.day() == 1 && local.time() == NaiveTime::MIN {
            let (year, month) = (local.year(), local.month());
            if Period::month(year, month, offset).to == self.to {
                return if month == 1 {
                    Period::month(year - 1, 12, offset)
                } else {
                    Period::month(year, month - 1, offset)
                };
            }
        }
        let length = self.to - self.from;
        Period {
            from: self.from - length,
            to: self.from,
        }
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

/// Escalations the app recorded in the period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Escalations {
    /// `escalate` events dated in the period, of the complaints passing the filter (whenever
    /// those were received).
    pub total: usize,
    /// The same by the level risen to, lowest first (project manager, general manager, head
    /// office; nobody escalates to the handler).
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

/// What one complaint's history says about a period (one pass over its events).
struct Scan {
    /// Status at `to` (events before `to` replayed through the workflow table).
    status: Status,
    /// When it was closed, if closed at `to`.
    closed_at: Option<DateTime<FixedOffset>>,
    /// Whether the customer accepted, at the latest callback of the round current at `to`.
    accepted: Option<bool>,
    /// The latest callback recorded in the period: score and acceptance.
    callback_in_period: Option<(u8, bool)>,
    /// The first answer ever.
    first_answer: Option<DateTime<FixedOffset>>,
    /// Answered in the period: whether a callback followed the latest such answer.
    answered_in_period: Option<bool>,
    /// Whether a plan was approved by the GM.
    gm_approved: bool,
}

fn scan(
    complaint: &Complaint,
    period: &Period,
    escalations: &mut BTreeMap<EscalationLevel, usize>,
) -> Scan {
    let mut out = Scan {
        status: Status::Registered,
        closed_at: None,
        accepted: None,
        callback_in_period: None,
        first_answer: None,
        answered_in_period: None,
        gm_approved: false,
    };
    let mut watching_answer = false;
    for event in complaint.events.iter().skip(1) {
        let by_end = event.at < period.to;
        let inside = period.contains(event.at);
        match &event.data {
            EventData::Answer { .. } => {
                out.first_answer.get_or_insert(event.at);
                watching_answer = inside;
                if inside {
                    out.answered_in_period = Some(false);
                }
            }
            EventData::Callback { score, accepted } => {
                if by_end {
                    out.accepted = Some(*accepted);
                }
                if inside {
                    out.callback_in_period = Some((*score, *accepted));
                }
                if watching_answer {
                    out.answered_in_period = Some(true);
                    watching_answer = false;
                }
            }
            EventData::Reopen if by_end => out.accepted = None,
            EventData::Approve if event.role == Role::Gm => out.gm_approved = true,
            EventData::Escalate { level, .. } if inside => {
                *escalations.entry(*level).or_default() += 1;
            }
            _ => {}
        }
        if by_end {
            if let Some(next) = event.data.action().and_then(|a| a.next(out.status)) {
                out.status = next;
                out.closed_at = next.is_closed().then_some(event.at);
            }
        }
    }
    out
}

/// Counts per key, largest first, ties by key.
fn ranked(counts: HashMap<&str, usize>) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    out.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// Counts per variant of `all`, in its order.
fn tally<K: Copy + Eq>(all: &[K], items: &[K]) -> Vec<(K, usize)> {
    all.iter()
        .map(|k| (*k, items.iter().filter(|i| *i == k).count()))
        .collect()
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

type When = (DateTime<FixedOffset>, usize);

/// For each item registered before `to`: whether it repeats an earlier one, by
/// index into `items`.
fn repeat_flags(
    items: &[(Complaint, ComplaintState)],
    candidates: &[usize],
    window: TimeDelta,
) -> Vec<bool> {
    let mut by_key: HashMap<(String, &str), Vec<When>> = HashMap::new();
    for &i in candidates {
        let state = &items[i].1;
        let phone = phone_key(&state.intake.phone);
        if !phone.is_empty() {
            by_key
                .entry((phone, state.category.as_str()))
                .or_default()
                .push((state.received_at, i));
        }
    }
    let mut flags = vec![false; items.len()];
    for list in by_key.values_mut() {
        list.sort_unstable_by(|a, b| {
            (a.0, items[a.1].0.number.as_str()).cmp(&(b.0, items[b.1].0.number.as_str()))
        });
        for pair in list.windows(2) {
            let (earlier, later) = (pair[0], pair[1]);
            if earlier.0 >= later.0 - window {
                flags[later.1] = true;
            }
        }
    }
    flags
}

/// For each item: whether it is a member of the same-issue group of some item registered
/// before `to`, by index into `items`.
fn group_flags(
    items: &[(Complaint, ComplaintState)],
    candidates: &[usize],
    settings: &Settings,
) -> Vec<bool> {
    let rules = &settings.severity_rules;
    let window = TimeDelta::days(i64::from(rules.same_issue_window_days));
    let mut by_key: HashMap<(&str, &str, &str), Vec<When>> = HashMap::new();
    for &i in candidates {
        let state = &items[i].1;
        by_key
            .entry((
                state.intake.project.trim(),
                state.intake.building.trim(),
                state.category.as_str(),
            ))
            .or_default()
            .push((state.received_at, i));
    }
    let mut flags = vec![false; items.len()];
    for list in by_key.values_mut() {
        list.sort_unstable_by_key(|w| w.0);
        let phones: Vec<String> = list
            .iter()
            .map(|w| phone_key(&items[w.1].1.intake.phone))
            .collect();
        let mut in_window: HashMap<&str, usize> = HashMap::new();
        let (mut lo, mut hi, mut marked_to) = (0, 0, 0);
        for w in 0..list.len() {
            // The group of list[w]: everything registered in [received - window, received].
            let newest = list[w].0;
            while hi < list.len() && list[hi].0 <= newest {
                if !phones[hi].is_empty() {
                    *in_window.entry(phones[hi].as_str()).or_default() += 1;
                }
                hi += 1;
            }
            while list[lo].0 < newest - window {
                if let Some(n) = in_window.get_mut(phones[lo].as_str()) {
                    *n -= 1;
                    if *n == 0 {
                        in_window.remove(phones[lo].as_str());
                    }
                }
                lo += 1;
            }
            if in_window.len() >= rules.same_issue_min as usize {
                for member in &list[lo.max(marked_to)..hi] {
                    flags[member.1] = true;
                }
                marked_to = marked_to.max(hi);
            }
        }
    }
    flags
}

/// Computes the indicators of `period` over the complaints (each with its state replayed
/// from all its events, as the store keeps them) that pass `filter`, with the office's
/// calendar, time limits, repeat and same-issue rules from `settings`. Every figure is
/// defined on the field of [`Indicators`] that holds it.
pub fn indicators(
    items: &[(Complaint, ComplaintState)],
    period: &Period,
    filter: &IndicatorFilter,
    settings: &Settings,
) -> Indicators {
    let cal = &settings.calendar;
    // Complaints registered before `to`: the pool that repeats and groups are looked up in
    // (whatever the filter).
    let registered: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].1.received_at < period.to)
        .collect();
    let repeat_window = TimeDelta::days(i64::from(settings.repeat_rules.window_days));
    let repeat = repeat_flags(items, &registered, repeat_window);
    let group = group_flags(items, &registered, settings);

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
    let mut categories: HashMap<&str, usize> = HashMap::new();
    let mut projects: HashMap<&str, usize> = HashMap::new();
    let mut handlers: HashMap<&str, usize> = HashMap::new();
    let mut offices: HashMap<&str, usize> = HashMap::new();
    let mut causes: HashMap<&str, usize> = HashMap::new();
    let (mut severities, mut channels, mut kinds) = (Vec::new(), Vec::new(), Vec::new());
    let mut stages: Vec<(Stage, usize, usize, usize)> =
        Stage::ALL.iter().map(|s| (*s, 0, 0, 0)).collect();
    let mut handling_minutes: Vec<i64> = Vec::new();

    for (i, (complaint, state)) in items.iter().enumerate() {
        if !filter.matches(complaint, state) {
            continue;
        }
        let s = scan(complaint, period, &mut escalations);

        // Stock and flow at `to`.
        if state.received_at < period.to {
            match s.closed_at {
                Some(at) if period.contains(at) => {
                    out.closed += 1;
                    if s.status == Status::Archived {
                        out.archived += 1;
                        out.resolution.den += 1;
                        if s.accepted == Some(true) {
                            out.resolution.num += 1;
                        }
                    } else {
                        out.cancelled += 1;
                    }
                }
                Some(_) => {}
                None => out.open += 1,
            }
        }

        // Satisfaction: the latest callback in the period.
        if let Some((score, accepted)) = s.callback_in_period {
            let sat = &mut out.satisfaction;
            sat.scored += 1;
            sat.score_sum += u32::from(score);
            if score >= 4 {
                sat.satisfied.num += 1;
            }
            if !accepted {
                sat.not_accepted.num += 1;
            }
        }

        // Callback rate: answered in the period, not cancelled.
        if let Some(called_back) = s.answered_in_period {
            if state.status != Status::Cancelled {
                out.callback.den += 1;
                if called_back {
                    out.callback.num += 1;
                }
            }
        }

        // Handling time: first answer in the period.
        if let Some(answer) = s.first_answer.filter(|at| period.contains(*at)) {
            handling_minutes.push(cal.work_minutes_between(state.received_at, answer));
        }

        if !period.contains(state.received_at) {
            continue;
        }
        // Received in the period.
        out.received += 1;
        *categories.entry(state.category.as_str()).or_default() += 1;
        *projects.entry(state.intake.project.trim()).or_default() += 1;
        *handlers
            .entry(state.handler.as_deref().unwrap_or(""))
            .or_default() += 1;
        *offices.entry(complaint.office.as_str()).or_default() += 1;
        severities.push(state.severity);
        channels.push(state.intake.channel);
        kinds.push(state.intake.kind);
        match state.responsibility.as_deref().map(str::trim) {
            Some(cause) if !cause.is_empty() => *causes.entry(cause).or_default() += 1,
            _ => out.uninvestigated += 1,
        }
        if repeat[i] {
            out.repeats.num += 1;
        }
        if group[i] {
            out.group_complaints += 1;
        }
        if state.severity == Severity::Major {
            out.major_received += 1;
            if s.gm_approved {
                out.major_gm_approved.num += 1;
            }
        }
        for d in stage_deadlines(&complaint.events, state, cal, &settings.deadlines) {
            let Some(slot) = stages.iter_mut().find(|t| t.0 == d.stage) else {
                continue;
            };
            match d.met {
                Some(met) => {
                    slot.1 += usize::from(met);
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
    out.by_severity = tally(Severity::ALL, &severities);
    out.by_channel = tally(Channel::ALL, &channels);
    out.by_kind = tally(Kind::ALL, &kinds);
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
            .filter(|l| **l != EscalationLevel::Handler)
            .map(|l| (*l, escalations.get(l).copied().unwrap_or(0)))
            .collect(),
    };
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
    fn ratio_text_without_floats() {
        assert_eq!(Ratio { num: 2, den: 3 }.percent_text(), "66.7%");
        assert_eq!(Ratio { num: 1, den: 3 }.per_mille(), Some(333));
        assert_eq!(Ratio { num: 1, den: 8 }.per_mille(), Some(125));
        assert_eq!(Ratio { num: 1, den: 1 }.percent_text(), "100.0%");
        assert_eq!(Ratio { num: 0, den: 0 }.percent_text(), "—");
        assert_eq!(Ratio::default().value(), None);
    }
}
