//! The time limits of the deadlines (issue 3) as settings: a [`TimeLimit`] per clock, in working
//! or calendar time, and the office's [`DeadlineSettings`]. How they are applied to a
//! complaint's history is in `deadlines`.

use std::fmt;

use chrono::{DateTime, FixedOffset, TimeDelta};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::calendar::WorkCalendar;
use super::codes::{coded_enum, Channel, GmReviewScope, Kind, Severity};

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
    /// R-04, how long after registration the customer must be told the complaint is
    /// received (告知客户已受理), per channel; a channel not listed uses
    /// [`Self::notify_other`]. Defaults in [`default_notify`].
    pub notify: Vec<NotifyLimit>,
    /// R-04, the limit of a channel not listed in [`Self::notify`]: 1 work day.
    pub notify_other: TimeLimit,
    /// R-11, which complaints need the GM's first look (总经理批示): every one (default,
    /// source 001: 投诉归口部门应首先向城市公司总经理汇报), major only, or none.
    pub gm_review_scope: GmReviewScope,
    /// R-11, the GM's look from registration; never later than the forwarding deadline of
    /// R-12, inside which it falls (001: 通话完毕后1小时内送达). Default 1 work hour.
    pub gm_review: TimeLimit,
    /// The acknowledgement and GM-look clocks, and the return of HQ cases
    /// apply to complaints received at or after this time: when the device was set
    /// up, or first started with these rules. Complaints received before were registered
    /// under rules without those steps and are not asked for them. `None` (settings written before these rules; host tests) applies
    /// them to every complaint; the app sets it on its first start.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_contact_from: Option<chrono::DateTime<chrono::FixedOffset>>,
}

/// one channel's acknowledgement clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifyLimit {
    /// The channel.
    pub channel: Channel,
    /// From registration until the customer is told.
    pub limit: TimeLimit,
}

/// R-04's defaults (source 002, 受理): a phone complaint is acknowledged during the call, so
/// within 1 work hour of registration (the desk records what it told the caller); e-mail
/// is checked daily and answered with a confirmation, a letter's sender is contacted to
/// confirm receipt, an on-site complaint's 案场投诉登记表 reaches operations, who contact
/// the customer, and a case forwarded by group HQ is contacted by operations: 1 work day
/// each. Channels not named (website, WeChat, staff hotline, other) take
/// [`DeadlineSettings::notify_other`].
pub fn default_notify() -> Vec<NotifyLimit> {
    [
        (Channel::Phone, TimeLimit::work_hours(1)),
        (Channel::Email, TimeLimit::work_days(1)),
        (Channel::Letter, TimeLimit::work_days(1)),
        (Channel::OnSite, TimeLimit::work_days(1)),
        (Channel::GroupHq, TimeLimit::work_days(1)),
    ]
    .into_iter()
    .map(|(channel, limit)| NotifyLimit { channel, limit })
    .collect()
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
            notify: default_notify(),
            notify_other: TimeLimit::work_days(1),
            gm_review_scope: GmReviewScope::Every,
            gm_review: TimeLimit::work_hours(1),
            first_contact_from: None,
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

    /// the acknowledgement limit of a channel.
    pub fn notify_limit(&self, channel: Channel) -> TimeLimit {
        self.notify
            .iter()
            .find(|n| n.channel == channel)
            .map_or(self.notify_other, |n| n.limit)
    }

    /// sets the acknowledgement limit of a channel.
    pub fn set_notify_limit(&mut self, channel: Channel, limit: TimeLimit) {
        match self.notify.iter_mut().find(|n| n.channel == channel) {
            Some(n) => n.limit = limit,
            None => self.notify.push(NotifyLimit { channel, limit }),
        }
    }

    /// Whether the acknowledgement and GM-look clocks run for a complaint received at
    /// `received` (see [`Self::first_contact_from`]).
    pub fn first_contact_applies(&self, received: chrono::DateTime<chrono::FixedOffset>) -> bool {
        self.first_contact_from.is_none_or(|from| received >= from)
    }

    /// whether a complaint of this (current) severity needs the GM's first look.
    pub fn needs_gm_review(&self, severity: Severity) -> bool {
        match self.gm_review_scope {
            GmReviewScope::Every => true,
            GmReviewScope::MajorOnly => severity == Severity::Major,
            GmReviewScope::Off => false,
        }
    }

    /// Checks that no limit is zero.
    pub fn validate(&self) -> Result<(), DeadlineError> {
        let extra = [
            ("总经理批示", self.gm_review),
            ("告知客户已受理", self.notify_other),
        ];
        let notify = self.notify.iter().map(|n| ("告知客户已受理", n.limit));
        match self
            .limits()
            .into_iter()
            .chain(extra)
            .chain(notify)
            .find(|(_, limit)| limit.value == 0)
        {
            Some((name, _)) => Err(DeadlineError::Zero(name)),
            None => Ok(()),
        }
    }

    /// The answer limit for a request of this kind and severity: inquiries and
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
