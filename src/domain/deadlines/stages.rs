//! Each stage's deadline, derived from a complaint's history: forward, acknowledge, plan to
//! the customer, answer and callback.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::domain::case::{ComplaintState, Event, EventData};
use crate::domain::vocabulary::{DeadlineSettings, Kind, Stage, WorkCalendar};

/// when a complaint received at `received` must reach the handler. On a workday
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

/// when a department's reply to a work-contact sheet sent at `sent` is due; the sheet's
/// form is pre-filled with it (the issuer may change it).
pub fn department_reply_due(
    sent: DateTime<FixedOffset>,
    cal: &WorkCalendar,
    cfg: &DeadlineSettings,
) -> DateTime<FixedOffset> {
    cfg.department_reply.after(sent, cal)
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

/// a complaint settled on the spot was handled by whoever received it: nothing
/// is left to forward.
fn is_settle(data: &EventData) -> bool {
    matches!(data, EventData::Settle { .. })
}

/// when the GM's first look at a complaint received at `received` is due: its own
/// limit ([`DeadlineSettings::gm_review`]), but never after the forwarding deadline of R-12
/// (001: the GM is told first, within the hour), which still counts from receipt.
pub fn gm_review_due(
    received: DateTime<FixedOffset>,
    cal: &WorkCalendar,
    cfg: &DeadlineSettings,
) -> DateTime<FixedOffset> {
    cfg.gm_review
        .after(received, cal)
        .min(forward_due(received, cal, cfg))
}

/// when the customer must have been told that a complaint received at `received` by
/// `channel` is received.
pub fn notify_due(
    received: DateTime<FixedOffset>,
    channel: crate::domain::vocabulary::Channel,
    cal: &WorkCalendar,
    cfg: &DeadlineSettings,
) -> DateTime<FixedOffset> {
    cfg.notify_limit(channel).after(received, cal)
}

/// the reply date promised to the customer when acknowledging: the answer deadline
/// of R-17 (from registration or the latest reopening).
pub fn promised_reply(
    events: &[Event],
    state: &ComplaintState,
    cal: &WorkCalendar,
    cfg: &DeadlineSettings,
) -> DateTime<FixedOffset> {
    let start = events
        .iter()
        .rev()
        .find(|e| matches!(e.data, EventData::Reopen))
        .map_or(state.received_at, |e| e.at);
    cfg.answer_limit(state.intake.kind, state.severity)
        .after(start, cal)
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
/// Answer, Callback, Notify, GmReview; a stage that does not apply is left out.
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
/// - **Notify** (R-04): from registration until the customer is told it is received
///   (NotifyReceived), by the channel's limit; an answer (or settling on the spot, R-05)
///   tells the customer too.
/// - **GmReview** (R-11, when [`DeadlineSettings::needs_gm_review`] says so for the current
///   severity): from registration ([`gm_review_due`]) until the GM's look; no longer owed
///   once the customer was answered without one. Dispatching does not wait for it.
///
/// A complaint settled on the spot counts as forwarded, planned and answered then.
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
    let mut out = Vec::with_capacity(7);
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
        outcome(
            events,
            |d| is_dispatch(d) || is_transfer(d) || is_settle(d),
            never,
        ),
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
                |d| matches!(d, EventData::Approve) || d.is_answer(),
                is_transfer,
            ),
        );
    }

    let answer_limit = cfg.answer_limit(state.intake.kind, state.severity);
    let answered = cycle.iter().position(|e| e.data.is_answer());
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

    // The first-contact clocks run only for complaints received under them.
    let first_contact = cfg.first_contact_applies(received);
    if first_contact {
        push(
            Stage::Notify,
            notify_due(received, state.intake.channel, cal, cfg),
            outcome(
                events,
                |d| matches!(d, EventData::NotifyReceived { .. }) || d.is_answer(),
                never,
            ),
        );
    }

    if first_contact && cfg.needs_gm_review(state.severity) {
        push(
            Stage::GmReview,
            gm_review_due(received, cal, cfg),
            outcome(
                events,
                |d| matches!(d, EventData::GmReview { .. }),
                EventData::is_answer,
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
