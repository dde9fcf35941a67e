//! The figures the indicators are made of: data only (their text is in `text.rs`, how they
//! are counted in `tally.rs` and `fold.rs`).

use crate::domain::case::Status;
use crate::domain::vocabulary::{Channel, EscalationLevel, Kind, Severity, Stage};

use super::period::Period;

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
}

/// Timeliness of one stage over the complaints received in the period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StageTimeliness {
    /// The stage, as in [`stage_deadlines`](crate::domain::deadlines::stage_deadlines).
    pub stage: Stage,
    /// Stages done by their deadline (at the due second counts as met) out of the stages
    /// done: `met / done`. The stage, its deadline and when it was done are exactly those of
    /// [`stage_deadlines`](crate::domain::deadlines::stage_deadlines) over the complaint's whole history (a cohort figure: a stage done
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
/// working time is [`crate::domain::vocabulary::WorkCalendar::work_minutes_between`] of the
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
    /// The same by the level risen to, lowest first; the counts sum to [`Self::total`]. The
    /// ladder's levels (project manager, general manager, head office) are always listed; the
    /// handler only when events at that level were counted: the app's ladder starts above
    /// the handler and never records it, but the export format allows it and other copies'
    /// files may carry it, and the total counts it.
    pub by_level: Vec<(EscalationLevel, usize)>,
}

/// The indicators of one period under one filter. See [the analysis
/// module](crate::domain::analysis) for period and cohort figures; every field says which
/// complaints it counts.
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
    /// (same phone by [`phone_key`](crate::domain::vocabulary::phone_key), same current category, the earlier one registered at
    /// most [`crate::domain::vocabulary::RepeatRules::window_days`] days before; the rule of
    /// [`crate::domain::queue::repeat_of`]) out of received. The earlier complaint may be
    /// before the period and outside the filter: it is the same flag the detail page shows.
    pub repeats: Ratio,
    /// **Group complaints** (R-07): received complaints that belong to a same-issue group,
    /// i.e. are members of [`crate::domain::queue::same_issue_group`] of some complaint
    /// registered before `to` (itself or a later one): same project, building and category,
    /// within [`crate::domain::vocabulary::SeverityRules::same_issue_window_days`], at least
    /// [`crate::domain::vocabulary::SeverityRules::same_issue_min`] different phones. The
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
