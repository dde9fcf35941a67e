//! The compact summary of a complaint that the queue pages, filters and searches.

use serde::{Deserialize, Serialize};

use super::facts::Facts;
use crate::domain::case::{Complaint, ComplaintState, Status};
use crate::domain::deadlines::current_deadline;
use crate::domain::vocabulary::{
    Channel, Criteria, EscalationLevel, Kind, Settings, Severity, Stage,
};

/// The compact record the queue pages, filters and searches: no history, no long texts
/// except the content used by full-text search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Complaint number (the key).
    pub number: String,
    /// Office code.
    pub office: String,
    /// Status code.
    pub status: Status,
    /// Category.
    pub category: String,
    /// Severity.
    pub severity: Severity,
    /// Channel.
    pub channel: Channel,
    /// Kind.
    pub kind: Kind,
    /// Current handler, empty when none.
    pub handler: String,
    /// Customer name.
    pub name: String,
    /// Customer phone.
    pub phone: String,
    /// Project.
    pub project: String,
    /// Building and unit, e.g. `3栋 1202`.
    pub unit: String,
    /// The complaint's content (searched as text).
    pub content: String,
    /// Registration time, epoch milliseconds (the queue's default sort, newest first).
    pub received: i64,
    /// Latest event time, epoch milliseconds.
    pub updated: i64,
    /// Satisfaction score, when a callback was recorded.
    pub score: Option<u8>,
    /// Building alone (for grouping same-issue complaints).
    #[serde(default)]
    pub building: String,
    /// The current open stage's deadline, epoch milliseconds.
    #[serde(default)]
    pub due: Option<i64>,
    /// Which stage that deadline belongs to.
    #[serde(default)]
    pub due_stage: Option<Stage>,
    /// The earliest due time of a work-contact sheet still unanswered, epoch milliseconds.
    #[serde(default)]
    pub sheet_due: Option<i64>,
    /// The latest escalation recorded (stage, level).
    #[serde(default)]
    pub escalation: Option<(Stage, EscalationLevel)>,
    /// The deadline that escalation was for, epoch milliseconds.
    #[serde(default)]
    pub escalation_deadline: Option<i64>,
    /// What the indicators need from the history (see [`Facts`]).
    #[serde(default)]
    pub facts: Facts,
    /// a case forwarded by group HQ, answered, whose 客户投诉处理表 was not sent back.
    #[serde(default)]
    pub hq_unreturned: bool,
    /// The buyer picked at intake (their id), empty when none (issue 12).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub buyer: String,
    /// Two devices' incompatible edits were merged: the complaint waits for a manager to
    /// resolve the conflict (summaries written before conflicts were kept read as `false`,
    /// which they were).
    #[serde(default, skip_serializing_if = "is_false")]
    pub conflict: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Summary {
    /// Builds the summary from a complaint, its derived state and the office's settings (whose
    /// calendar and time limits give the current deadline).
    pub fn new(complaint: &Complaint, state: &ComplaintState, settings: &Settings) -> Self {
        let events = state.in_effect(&complaint.events);
        let current = current_deadline(&events, state, &settings.calendar, &settings.deadlines);
        let sheet_due = if state.status.is_closed() {
            None
        } else {
            state
                .sheets
                .iter()
                .filter(|s| s.reply.is_none())
                .map(|s| s.due.timestamp_millis())
                .min()
        };
        let i = &state.intake;
        let unit = match (i.building.trim(), i.unit.trim()) {
            ("", u) => u.to_string(),
            (b, "") => b.to_string(),
            (b, u) => format!("{b} {u}"),
        };
        Summary {
            number: complaint.number.clone(),
            office: complaint.office.clone(),
            status: state.status,
            category: state.category.clone(),
            severity: state.severity,
            channel: i.channel,
            kind: i.kind,
            handler: state.handler.clone().unwrap_or_default(),
            name: i.customer_name.clone(),
            phone: i.phone.clone(),
            project: i.project.clone(),
            unit,
            content: i.content.clone(),
            received: state.received_at.timestamp_millis(),
            updated: state.updated_at.timestamp_millis(),
            score: state.score,
            building: i.building.clone(),
            due: current.as_ref().map(|d| d.due.timestamp_millis()),
            due_stage: current.map(|d| d.stage),
            sheet_due,
            escalation: state.escalation,
            escalation_deadline: state.escalation_deadline.map(|d| d.timestamp_millis()),
            facts: Facts::of(complaint, state, &settings.calendar, &settings.deadlines),
            // R-32 asks it of cases received under the rule (see
            // `DeadlineSettings::first_contact_from`): older ones were returned on paper.
            hq_unreturned: i.channel == Channel::GroupHq
                && settings.deadlines.first_contact_applies(state.received_at)
                && matches!(
                    state.status,
                    Status::Answered | Status::CalledBack | Status::Archived
                )
                && state.returned_hq_at.is_none(),
            buyer: i.buyer.clone(),
            conflict: state.has_conflict(),
        }
    }

    /// Whether `stage` is open on this complaint (R-11: the GM's look still awaited).
    pub fn awaits(&self, stage: Stage) -> bool {
        self.facts.stages.contains(&(stage, None))
    }
}

impl Summary {
    /// The summary of a complaint whose state is not at hand: its history is replayed first;
    /// `None` when the history does not replay (a damaged record).
    pub fn of(complaint: &Complaint, settings: &Settings) -> Option<Summary> {
        let state = complaint.state().ok()?;
        Some(Summary::new(complaint, &state, settings))
    }

    /// The nearest deadline: the current stage's or an unanswered sheet's, whichever is first.
    pub fn next_due(&self) -> Option<i64> {
        match (self.due, self.sheet_due) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Whether the summary passes every condition of `criteria` that is set: the project
    /// compared without surrounding spaces (on both sides), the office, category, severity,
    /// channel and kind exactly, and the registration time within `[from, to)`.
    #[inline]
    pub fn meets(&self, criteria: &Criteria) -> bool {
        let c = criteria;
        c.project
            .as_deref()
            .is_none_or(|p| self.project.trim() == p.trim())
            && c.office.as_deref().is_none_or(|o| self.office == o)
            && c.category.as_deref().is_none_or(|x| self.category == x)
            && c.severity.is_none_or(|s| self.severity == s)
            && c.channel.is_none_or(|x| self.channel == x)
            && c.kind.is_none_or(|k| self.kind == k)
            && c.received
                .is_none_or(|(from, to)| self.received >= from && self.received < to)
    }
}
