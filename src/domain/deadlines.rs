//! Deadlines (issue 3): the time limits of R-10, R-12, R-13, R-17 as settings, the deadline of
//! each stage of a complaint derived from its history, how urgent a deadline is, and the
//! escalation ladder of R-18.
//!
//! # Calendar time or working time
//! Every limit is a [`TimeLimit`]: a number and a unit, so an office can switch any clock
//! between working time (counted by the [`WorkCalendar`]: work periods of workdays only) and
//! calendar time. The defaults:
//!
//! | clock | default | seed wording | why |
//! |---|---|---|---|
//! | forward to the handler (R-12) | 1 work hour; same calendar day on a non-workday | 001: 工作时间…1小时内送达; 非工作时间…上班后1小时内; 节假日…当日内 | the source itself counts from work start |
//! | acknowledge (R-10) | 2 work hours | 000: 规定时间内确认接收 (no figure) | a handler acknowledges at work |
//! | department reply (R-13) | 24 calendar hours | 001: "274小时内" read as 24 | as briefed; switchable to work days |
//! | plan to the customer (R-17) | 2 work days | 003: 48小时内反馈给客户 | see below |
//! | answer, general (R-17) | 3 work days | 002: 一般投诉 3天内 | see below |
//! | answer, major (R-17) | 10 work days | 002: 重大投诉 10天内 | see below |
//! | answer, inquiry (R-17) | 1 work day | 003: 咨询 24小时内反馈 | see below |
//! | answer, after-sales (R-17) | 1 work day | 003: 售后 24小时内确认 | see below |
//! | satisfaction callback (R-22) | 3 work days after the answer | 000: 处理完成后…回访 (no figure) | — |
//!
//! The answer limits are work days: 002's "天" is the time an office needs to investigate,
//! get departments' replies (R-13) and an approval (R-14, the GM's for a major complaint), all
//! of which happen only on workdays. Read as calendar days, a major complaint registered the
//! Friday before Spring Festival 2026 (nine days off, 02-15..02-23) would leave one workday for
//! ten "days" of work. "24/48 小时" are read as 1/2 work days: between two ordinary workdays
//! that is exactly 24/48 hours (same clock time the next workday), and over a weekend or
//! holiday it moves to the first workday, when someone is there to answer.
//!
//! ```
//! use chrono::DateTime;
//! use complaint_desk::domain::calendar::WorkCalendar;
//! use complaint_desk::domain::deadlines::{forward_due, DeadlineSettings};
//!
//! let cal = WorkCalendar::default();
//! let cfg = DeadlineSettings::default();
//! let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
//! // An email on Saturday 2026-03-07: forwarded the same day (节假日…当日内).
//! assert_eq!(forward_due(at("2026-03-07T10:00:00+08:00"), &cal, &cfg),
//!            at("2026-03-07T23:59:59+08:00"));
//! ```

use std::fmt;

use chrono::{DateTime, FixedOffset, TimeDelta};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::calendar::WorkCalendar;
use super::event::{Event, EventData};
use super::model::{coded_enum, Kind, Severity};
use super::workflow::ComplaintState;

coded_enum! {
    /// The unit of a [`TimeLimit`]: working time (by the calendar) or calendar time.
    LimitUnit {
        /// 工作小时: 60 minutes inside work periods of workdays.
        WorkHours => "work_hours", "工作小时";
        /// 工作日: one full workday of working time, ending at the same clock time the next
        /// workday; a start outside work hours counts as the close of the work period
        /// before it (see [`WorkCalendar::add_work_days`]).
        WorkDays => "work_days", "工作日";
        /// 自然小时: clock hours, nights and holidays included.
        CalendarHours => "calendar_hours", "自然小时";
        /// 自然日: 24 clock hours.
        CalendarDays => "calendar_days", "自然日";
    }
}

/// A time limit: how much time, in working or calendar time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeLimit {
    /// How many units.
    pub value: u32,
    /// Working hours, work days, calendar hours or calendar days.
    pub unit: LimitUnit,
}

impl TimeLimit {
    /// `value` work hours.
    pub const fn work_hours(value: u32) -> Self {
        TimeLimit {
            value,
            unit: LimitUnit::WorkHours,
        }
    }

    /// `value` work days.
    pub const fn work_days(value: u32) -> Self {
        TimeLimit {
            value,
            unit: LimitUnit::WorkDays,
        }
    }

    /// `value` calendar hours.
    pub const fn calendar_hours(value: u32) -> Self {
        TimeLimit {
            value,
            unit: LimitUnit::CalendarHours,
        }
    }

    /// `value` calendar days.
    pub const fn calendar_days(value: u32) -> Self {
        TimeLimit {
            value,
            unit: LimitUnit::CalendarDays,
        }
    }

    /// Whether the limit counts working time only.
    pub fn is_working_time(self) -> bool {
        matches!(self.unit, LimitUnit::WorkHours | LimitUnit::WorkDays)
    }

    /// The deadline for something started at `start`, in the calendar's offset. Work hours
    /// and work days count working time only ([`WorkCalendar::add_work_minutes`],
    /// [`WorkCalendar::add_work_days`]) under one rule: a start outside work hours counts as
    /// the close of the work period before it, and the (non-zero) limit is added from there
    /// (on a workday, `n` work days from 12:30 end at 12:00 `n` workdays later; from 07:45
    /// at 18:00 `n` - 1 workdays later, i.e. the same day for one; from 19:00 at 18:00 `n`
    /// workdays later). Calendar hours and days run on through nights and holidays.
    pub fn after(self, start: DateTime<FixedOffset>, cal: &WorkCalendar) -> DateTime<FixedOffset> {
        let hours = |h: u32| (start + TimeDelta::hours(i64::from(h))).with_timezone(&cal.offset());
        match self.unit {
            LimitUnit::WorkHours => cal.add_work_minutes(start, self.value.saturating_mul(60)),
            LimitUnit::WorkDays => cal.add_work_days(start, self.value),
            LimitUnit::CalendarHours => hours(self.value),
            LimitUnit::CalendarDays => hours(self.value.saturating_mul(24)),
        }
    }
}

impl fmt::Display for TimeLimit {
    /// E.g. `3 工作日`, `24 自然小时`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.value, self.unit.label())
    }
}

/// The office's time limits. Every one is a setting; see the module documentation for the
/// seed each default comes from and why it is working or calendar time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeadlineSettings {
    /// R-12, forwarding a complaint to the handler (转达处理负责人), counted from registration
    /// on a workday. Working time, default 1 work hour (001: phone or email in work hours
    /// "1小时内送达"; after hours on a workday "上班后1小时内", which working time gives by
    /// itself: the count starts at the next work start).
    pub forward: TimeLimit,
    /// R-12, received on a non-workday (weekend or holiday): when true (default), due by the
    /// end (23:59:59) of that calendar day (001: "节假日收到的投诉信息,应在当日内…送达", the
    /// desk watches the mailbox on holidays); when false, [`Self::forward`] applies from the
    /// next work start.
    pub forward_holiday_same_day: bool,
    /// R-10, the handler confirms receipt after dispatch. Working time, default 2 work hours
    /// (000: "在规定时间内确认接收", no figure given).
    pub acknowledge: TimeLimit,
    /// R-13, a department's written reply to a work-contact sheet (工作联系单). Calendar time,
    /// default 24 hours (001: "274小时内提供回复意见", read as 24).
    pub department_reply: TimeLimit,
    /// R-17, the handling plan fed back to the customer, from registration. Working time,
    /// default 2 work days (003: "48小时内反馈给客户", 48 hours read as two workdays).
    pub plan_to_customer: TimeLimit,
    /// R-17, answering a general complaint or a suggestion, from registration. Working time,
    /// default 3 work days (002: 一般投诉 "3天内").
    pub answer_general: TimeLimit,
    /// R-17, answering a major complaint, from registration. Working time, default 10 work
    /// days (002: 重大投诉 "10天内"; over Spring Festival calendar days would leave no time).
    pub answer_major: TimeLimit,
    /// R-17, answering an inquiry (售前咨询), from registration. Working time, default 1 work
    /// day (003: "24小时内给予客户反馈").
    pub answer_inquiry: TimeLimit,
    /// R-17, confirming an after-sales request (售后服务), from registration. Working time,
    /// default 1 work day (003: "24小时内确认服务内容及时间").
    pub answer_after_sales: TimeLimit,
    /// R-22, the satisfaction callback after the answer. Working time, default 3 work days
    /// (000: "处理完成后…确认其对处理结果的满意度", no figure given).
    pub callback: TimeLimit,
    /// How long before a deadline it shows as due soon (amber), in calendar hours; default 4.
    pub amber_hours: u32,
    /// R-18, how long an overdue complaint stays at one escalation level before it rises to
    /// the next. Working time, default 1 work day (7.5 work hours with the default periods).
    pub escalation_step: TimeLimit,
}

impl Default for DeadlineSettings {
    fn default() -> Self {
        DeadlineSettings {
            forward: TimeLimit::work_hours(1),
            forward_holiday_same_day: true,
            acknowledge: TimeLimit::work_hours(2),
            department_reply: TimeLimit::calendar_hours(24),
            plan_to_customer: TimeLimit::work_days(2),
            answer_general: TimeLimit::work_days(3),
            answer_major: TimeLimit::work_days(10),
            answer_inquiry: TimeLimit::work_days(1),
            answer_after_sales: TimeLimit::work_days(1),
            callback: TimeLimit::work_days(3),
            amber_hours: 4,
            escalation_step: TimeLimit::work_days(1),
        }
    }
}

/// Why deadline settings were refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DeadlineError {
    /// A limit of zero.
    #[error("「{0}」的时限必须大于 0")]
    Zero(&'static str),
}

impl DeadlineSettings {
    /// Every limit with its Chinese name, in the order a settings form shows them.
    pub fn limits(&self) -> [(&'static str, TimeLimit); 10] {
        [
            ("转达处理人", self.forward),
            ("确认接收", self.acknowledge),
            ("部门书面回复", self.department_reply),
            ("方案反馈客户", self.plan_to_customer),
            ("一般投诉答复", self.answer_general),
            ("重大投诉答复", self.answer_major),
            ("咨询答复", self.answer_inquiry),
            ("售后服务确认", self.answer_after_sales),
            ("满意度回访", self.callback),
            ("逾期升级间隔", self.escalation_step),
        ]
    }

    /// The limit at `index` in [`Self::limits`]' order, to change it.
    pub fn limit_mut(&mut self, index: usize) -> Option<&mut TimeLimit> {
        Some(match index {
            0 => &mut self.forward,
            1 => &mut self.acknowledge,
            2 => &mut self.department_reply,
            3 => &mut self.plan_to_customer,
            4 => &mut self.answer_general,
            5 => &mut self.answer_major,
            6 => &mut self.answer_inquiry,
            7 => &mut self.answer_after_sales,
            8 => &mut self.callback,
            9 => &mut self.escalation_step,
            _ => return None,
        })
    }

    /// Checks that no limit is zero.
    pub fn validate(&self) -> Result<(), DeadlineError> {
        match self
            .limits()
            .into_iter()
            .find(|(_, limit)| limit.value == 0)
        {
            Some((name, _)) => Err(DeadlineError::Zero(name)),
            None => Ok(()),
        }
    }

    /// The answer limit for a request of this kind and severity (R-17): inquiries and
    /// after-sales requests by kind; complaints and suggestions by severity.
    pub fn answer_limit(&self, kind: Kind, severity: Severity) -> TimeLimit {
        match (kind, severity) {
            (Kind::Inquiry, _) => self.answer_inquiry,
            (Kind::AfterSales, _) => self.answer_after_sales,
            (Kind::Complaint | Kind::Suggestion, Severity::Major) => self.answer_major,
            (Kind::Complaint | Kind::Suggestion, Severity::General) => self.answer_general,
        }
    }
}

/// R-12: when a complaint received at `received` must reach the handler. On a workday
/// (in or out of work hours) [`DeadlineSettings::forward`] of working time, which from outside
/// work hours counts from the next work start (a call at 17:50 on Friday: Monday 09:50; an
/// email at 20:00 on Wednesday: Thursday 10:00; a call in the lunch break at 12:30:
/// 14:30). On a non-workday (weekend, holiday), by the end of the same calendar day, unless
/// [`DeadlineSettings::forward_holiday_same_day`] is off. Whether the day is a workday is
/// decided by the date of receipt: Friday 19:00 is after hours on a workday.
pub fn forward_due(
    received: DateTime<FixedOffset>,
    cal: &WorkCalendar,
    cfg: &DeadlineSettings,
) -> DateTime<FixedOffset> {
    let day = received.with_timezone(&cal.offset()).date_naive();
    if cfg.forward_holiday_same_day && !cal.is_workday(day) {
        cal.end_of_day(received)
    } else {
        cfg.forward.after(received, cal)
    }
}

/// R-13: when a department's reply to a work-contact sheet sent at `sent` is due; the sheet's
/// form is pre-filled with it (the issuer may change it).
pub fn department_reply_due(
    sent: DateTime<FixedOffset>,
    cal: &WorkCalendar,
    cfg: &DeadlineSettings,
) -> DateTime<FixedOffset> {
    cfg.department_reply.after(sent, cal)
}

coded_enum! {
    /// A clock running on a complaint.
    Stage {
        /// 转达处理人 (R-12)
        Forward => "forward", "转达处理人";
        /// 确认接收 (R-10)
        Acknowledge => "acknowledge", "确认接收";
        /// 方案反馈客户 (R-17)
        PlanToCustomer => "plan_to_customer", "方案反馈客户";
        /// 答复客户 (R-17)
        Answer => "answer", "答复客户";
        /// 满意度回访 (R-22)
        Callback => "callback", "满意度回访";
    }
}

/// One stage's deadline and whether it was met.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageDeadline {
    /// Which clock.
    pub stage: Stage,
    /// When it is due.
    pub due: DateTime<FixedOffset>,
    /// When the stage was done; `None` while open.
    pub done_at: Option<DateTime<FixedOffset>>,
    /// Whether it was done by the deadline (at the due second counts as met); `None` while
    /// open.
    pub met: Option<bool>,
}

impl StageDeadline {
    fn new(
        stage: Stage,
        due: DateTime<FixedOffset>,
        done_at: Option<DateTime<FixedOffset>>,
    ) -> Self {
        StageDeadline {
            stage,
            due,
            done_at,
            met: done_at.map(|done| done <= due),
        }
    }

    /// Whether the stage is still open.
    pub fn is_open(&self) -> bool {
        self.done_at.is_none()
    }
}

fn is_dispatch(data: &EventData) -> bool {
    matches!(
        data,
        EventData::Dispatch { .. } | EventData::Reassign { .. }
    )
}

fn is_transfer(data: &EventData) -> bool {
    matches!(data, EventData::Transfer { .. })
}

/// How a stage ended, as read from the events after its start.
enum Outcome {
    /// Done at this time.
    Done(DateTime<FixedOffset>),
    /// Still open.
    Open,
    /// No longer applies (e.g. transferred out before it was done).
    Abandoned,
}

/// The first event in `events` that `done` accepts, unless one that `abandon` accepts comes
/// before it.
fn outcome(
    events: &[Event],
    done: impl Fn(&EventData) -> bool,
    abandon: impl Fn(&EventData) -> bool,
) -> Outcome {
    for event in events {
        if done(&event.data) {
            return Outcome::Done(event.at);
        }
        if abandon(&event.data) {
            return Outcome::Abandoned;
        }
    }
    Outcome::Open
}

/// The deadlines of a complaint's stages, derived from its history (`events`, oldest first,
/// and the `state` replayed from them), in the order Forward, Acknowledge, PlanToCustomer,
/// Answer, Callback; a stage that does not apply is left out.
///
/// - **Forward** (R-12): from registration ([`forward_due`]) until the first Dispatch or
///   Transfer (handing it to an outside party is forwarding too).
/// - **Acknowledge** (R-10): from the latest Dispatch or Reassign until the Acknowledge after
///   it; a reassigned complaint's new handler has a fresh clock. Absent before any dispatch,
///   and when the complaint was transferred out before it was acknowledged.
/// - **PlanToCustomer** (R-17, kind 投诉 only): from registration until the plan is approved
///   (Approve, the moment the plan may be told to the customer under R-14; the app records no
///   separate "plan told" event), or the Answer if that comes first. Absent when the complaint
///   was transferred out before: the plan is then the outside party's.
/// - **Answer** (R-17): from registration until the Answer; the limit by kind, and for
///   complaints and suggestions by the *current* severity (a reclassification to major moves
///   the deadline).
/// - **Callback** (R-22): from the Answer until the Callback.
///
/// After a Reopen, PlanToCustomer and Answer start again from the Reopen (the customer is
/// owed a new answer), and Callback from the new Answer. Once the complaint is closed
/// (archived or cancelled) stages still open are left out: nothing is owed any more.
pub fn stage_deadlines(
    events: &[Event],
    state: &ComplaintState,
    cal: &WorkCalendar,
    cfg: &DeadlineSettings,
) -> Vec<StageDeadline> {
    let closed = state.status.is_closed();
    let mut out = Vec::with_capacity(5);
    let mut push = |stage: Stage, due, outcome: Outcome| match outcome {
        Outcome::Done(at) => out.push(StageDeadline::new(stage, due, Some(at))),
        Outcome::Open if !closed => out.push(StageDeadline::new(stage, due, None)),
        Outcome::Open | Outcome::Abandoned => {}
    };
    let never = |_: &EventData| false;

    let received = state.received_at;
    push(
        Stage::Forward,
        forward_due(received, cal, cfg),
        outcome(events, |d| is_dispatch(d) || is_transfer(d), never),
    );

    if let Some(i) = events.iter().rposition(|e| is_dispatch(&e.data)) {
        push(
            Stage::Acknowledge,
            cfg.acknowledge.after(events[i].at, cal),
            outcome(
                &events[i + 1..],
                |d| matches!(d, EventData::Acknowledge),
                is_transfer,
            ),
        );
    }

    let (cycle_start, cycle) = match events
        .iter()
        .rposition(|e| matches!(e.data, EventData::Reopen))
    {
        Some(i) => (events[i].at, &events[i + 1..]),
        None => (received, events),
    };
    if state.intake.kind == Kind::Complaint {
        push(
            Stage::PlanToCustomer,
            cfg.plan_to_customer.after(cycle_start, cal),
            outcome(
                cycle,
                |d| matches!(d, EventData::Approve | EventData::Answer { .. }),
                is_transfer,
            ),
        );
    }

    let answer_limit = cfg.answer_limit(state.intake.kind, state.severity);
    let answered = cycle
        .iter()
        .position(|e| matches!(e.data, EventData::Answer { .. }));
    push(
        Stage::Answer,
        answer_limit.after(cycle_start, cal),
        answered.map_or(Outcome::Open, |i| Outcome::Done(cycle[i].at)),
    );

    if let Some(i) = answered {
        push(
            Stage::Callback,
            cfg.callback.after(cycle[i].at, cal),
            outcome(
                &cycle[i + 1..],
                |d| matches!(d, EventData::Callback { .. }),
                never,
            ),
        );
    }
    out
}

/// The open stage due first, or `None` when nothing is open (see [`stage_deadlines`]).
pub fn current_deadline(
    events: &[Event],
    state: &ComplaintState,
    cal: &WorkCalendar,
    cfg: &DeadlineSettings,
) -> Option<StageDeadline> {
    stage_deadlines(events, state, cal, cfg)
        .into_iter()
        .filter(StageDeadline::is_open)
        .min_by_key(|s| s.due)
}

coded_enum! {
    /// How urgent an open deadline is.
    Urgency {
        /// 已逾期: past the due time.
        Overdue => "overdue", "已逾期";
        /// 即将到期: due within [`DeadlineSettings::amber_hours`].
        DueSoon => "due_soon", "即将到期";
        /// 正常
        Ok => "ok", "正常";
    }
}

/// How urgent a deadline `due` is at `now`: overdue once `now` is past `due` (the due second
/// itself is still in time), due soon within [`DeadlineSettings::amber_hours`] calendar hours
/// before it, else ok.
pub fn urgency(
    due: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    cfg: &DeadlineSettings,
) -> Urgency {
    if now > due {
        Urgency::Overdue
    } else if due - now <= TimeDelta::hours(i64::from(cfg.amber_hours)) {
        Urgency::DueSoon
    } else {
        Urgency::Ok
    }
}

coded_enum! {
    /// Who an overdue complaint is escalated to (R-18, source 002's 上报级别), lowest first.
    EscalationLevel {
        /// 处理人: the handler, no escalation.
        Handler => "handler", "处理人";
        /// 项目经理/经理: a general complaint's reporting level.
        ProjectManager => "project_manager", "项目经理";
        /// 行政部、总经理: a major complaint's reporting level.
        GeneralManager => "general_manager", "总经理";
        /// 集团客户服务部
        HeadOffice => "head_office", "集团客户服务部";
    }
}

impl EscalationLevel {
    /// The next level up, `None` at head office.
    pub fn next(self) -> Option<Self> {
        match self {
            EscalationLevel::Handler => Some(EscalationLevel::ProjectManager),
            EscalationLevel::ProjectManager => Some(EscalationLevel::GeneralManager),
            EscalationLevel::GeneralManager => Some(EscalationLevel::HeadOffice),
            EscalationLevel::HeadOffice => None,
        }
    }

    /// Who a complaint of this severity is reported to (002's table): general → project
    /// manager, major → general manager.
    pub fn reporting_level(severity: Severity) -> Self {
        match severity {
            Severity::General => EscalationLevel::ProjectManager,
            Severity::Major => EscalationLevel::GeneralManager,
        }
    }
}

/// R-18's ladder for an overdue deadline, walked from `start` (the level the complaint sat at
/// when its deadline `overdue_since` passed): every rise due by `now`, oldest first, each with
/// the moment it happened. Once `now` is past the deadline the complaint rises one level, at
/// the deadline; it rises one more at each further [`DeadlineSettings::escalation_step`]
/// (counted by [`TimeLimit::after`] from the previous rise) that `now` has reached, and never
/// above head office. Empty when not overdue yet or already at the top.
fn ladder(
    start: EscalationLevel,
    overdue_since: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    cal: &WorkCalendar,
    cfg: &DeadlineSettings,
) -> Vec<(EscalationLevel, DateTime<FixedOffset>)> {
    let mut rises = Vec::new();
    if now <= overdue_since {
        return rises;
    }
    let Some(mut level) = start.next() else {
        return rises;
    };
    let mut mark = overdue_since;
    rises.push((level, mark));
    while let Some(up) = level.next() {
        let next_mark = cfg.escalation_step.after(mark, cal);
        // A step that does not move time on (never with a validated setting) ends the walk.
        if next_mark <= mark || now < next_mark {
            break;
        }
        mark = next_mark;
        level = up;
        rises.push((level, mark));
    }
    rises
}

/// R-18's ladder for an overdue deadline. `current` is the level the complaint sat at when its
/// deadline passed (normally [`EscalationLevel::Handler`]), `overdue_since` that deadline.
/// The rule: once `now` is past `overdue_since` the complaint rises one level; it rises one
/// more each time a further [`DeadlineSettings::escalation_step`] passes while it stays
/// overdue (with the defaults: handler → project manager at the deadline, → general manager one
/// work day later, → head office two work days later, and no higher). Returns the level it
/// should be at now, or `None` when it is not overdue yet or already at head office. The
/// result depends only on the arguments, so asking again gives the same answer. It is the
/// last of the rises [`escalation_rises`] lists when `current` is the handler.
pub fn escalation_due(
    current: EscalationLevel,
    overdue_since: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    cal: &WorkCalendar,
    cfg: &DeadlineSettings,
) -> Option<EscalationLevel> {
    ladder(current, overdue_since, now, cal, cfg)
        .last()
        .map(|(level, _)| *level)
}

/// Every rise of R-18's ladder for the deadline `overdue_since` that is due by `now` and above
/// `recorded` (the highest level already recorded for this very deadline, `None` when none
/// is), oldest first, each with the moment it happened: the first (handler → project manager)
/// at the deadline, each later one an [`DeadlineSettings::escalation_step`] after the one
/// before (→ general manager, → head office), never higher. The ladder is the one
/// [`escalation_due`] walks from [`EscalationLevel::Handler`], so the last rise listed (when
/// any) is the level `escalation_due` gives. A complaint noticed late (after a weekend, or
/// first opened from an imported file) gets every rise it missed, each at its own time, so
/// each can be recorded as its own `escalate` event; asking again with the new `recorded`
/// lists nothing.
///
/// ```
/// use chrono::DateTime;
/// use complaint_desk::domain::calendar::WorkCalendar;
/// use complaint_desk::domain::deadlines::{escalation_rises, DeadlineSettings, EscalationLevel};
///
/// let (cal, cfg) = (WorkCalendar::default(), DeadlineSettings::default());
/// let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
/// // Due Friday 2026-03-06 10:00, first looked at on Tuesday at 08:30: two rises so far, one
/// // work day apart (head office is due at Tuesday 10:00).
/// let rises = escalation_rises(None, at("2026-03-06T10:00:00+08:00"),
///                              at("2026-03-10T08:30:00+08:00"), &cal, &cfg);
/// assert_eq!(rises, vec![
///     (EscalationLevel::ProjectManager, at("2026-03-06T10:00:00+08:00")),
///     (EscalationLevel::GeneralManager, at("2026-03-09T10:00:00+08:00")),
/// ]);
/// ```
pub fn escalation_rises(
    recorded: Option<EscalationLevel>,
    overdue_since: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    cal: &WorkCalendar,
    cfg: &DeadlineSettings,
) -> Vec<(EscalationLevel, DateTime<FixedOffset>)> {
    let mut rises = ladder(EscalationLevel::Handler, overdue_since, now, cal, cfg);
    rises.retain(|(level, _)| Some(*level) > recorded);
    rises
}
