//! Deadlines (issue 3): the deadline of each stage of a complaint derived from its history
//! (the time limits of R-10, R-12, R-13, R-17 are settings in the vocabulary), how urgent a
//! deadline is, and the escalation ladder of R-18. Imports the vocabulary and case.
//!
//! # Calendar time or working time
//! Every limit is a [`TimeLimit`](crate::domain::vocabulary::TimeLimit): a number and a unit,
//! so an office can switch any clock between working time (counted by the
//! [`WorkCalendar`](crate::domain::vocabulary::WorkCalendar): work periods of workdays only) and
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
//! use complaint_desk::domain::deadlines::forward_due;
//! use complaint_desk::domain::vocabulary::{DeadlineSettings, WorkCalendar};
//!
//! let cal = WorkCalendar::default();
//! let cfg = DeadlineSettings::default();
//! let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
//! // An email on Saturday 2026-03-07: forwarded the same day (节假日…当日内).
//! assert_eq!(forward_due(at("2026-03-07T10:00:00+08:00"), &cal, &cfg),
//!            at("2026-03-07T23:59:59+08:00"));
//! ```

mod escalation;
mod stages;
mod urgency;

pub use escalation::{escalation_due, escalation_rises};
pub use stages::{
    current_deadline, department_reply_due, forward_due, gm_review_due, notify_due, promised_reply,
    stage_deadlines, StageDeadline,
};
pub use urgency::{urgency, Urgency};
