//! The append-only history of a complaint. A complaint's status and current fields are
//! derived from its events by [`crate::domain::workflow`]; events are never edited.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::deadlines::{EscalationLevel, Stage};
use super::model::{Intake, Role, Severity, TransferTarget};

/// One entry in a complaint's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Globally unique id: `<office>-<device>-<millis in hex>-<counter>`; merges match on it.
    pub id: String,
    /// When it happened, with the office's UTC offset.
    pub at: DateTime<FixedOffset>,
    /// Who did it (a staff name, or `系统` for events the app records itself).
    pub actor: String,
    /// The actor's role at the time.
    pub role: Role,
    /// A free-text remark.
    #[serde(default)]
    pub note: String,
    /// What happened, with the data it needs.
    #[serde(flatten)]
    pub data: EventData,
}

/// What an event did. The `action` tag is the workflow action's code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum EventData {
    /// The complaint was registered with this intake form (always the first event).
    Register {
        /// The registration form.
        intake: Intake,
    },
    /// Sent to a handler.
    Dispatch {
        /// The handler's name.
        handler: String,
    },
    /// The handler confirmed receipt.
    Acknowledge,
    /// Findings of the investigation and who is responsible.
    Investigate {
        /// What was found.
        findings: String,
        /// Responsibility attribution (责任归属).
        responsibility: String,
    },
    /// A handling plan was proposed.
    Propose {
        /// The measures.
        plan: String,
        /// Expected completion date (`YYYY-MM-DD`), may be empty.
        #[serde(default)]
        expected_done: String,
    },
    /// A manager (the GM for a major complaint) approved the plan.
    Approve,
    /// The plan was rejected and goes back to investigation.
    Reject,
    /// The plan was carried out.
    CarryOut {
        /// What was done.
        result: String,
    },
    /// The customer was given the answer.
    Answer {
        /// The reply given.
        reply: String,
    },
    /// Satisfaction callback.
    Callback {
        /// Satisfaction score 1..=5.
        score: u8,
        /// Whether the customer accepts the outcome.
        accepted: bool,
    },
    /// Closed and archived.
    Archive,
    /// Reopened after an answer, callback or archive.
    Reopen,
    /// Given to another handler.
    Reassign {
        /// The new handler's name.
        handler: String,
    },
    /// Transferred to the developer, group HQ or property company.
    Transfer {
        /// Where to.
        target: TransferTarget,
    },
    /// The outside party's result came back (the tracked feedback loop of R-08).
    Feedback {
        /// What they did.
        result: String,
    },
    /// Cancelled as invalid after review.
    Cancel,
    /// Progress communicated to the customer; status unchanged.
    FollowUp,
    /// A work-contact sheet (工作联系单) was issued to a department.
    IssueSheet {
        /// The sheet's id, unique within the complaint (`<event id>`).
        sheet: String,
        /// The department asked.
        department: String,
        /// What is asked of it.
        request: String,
        /// When its written reply is due.
        due: DateTime<FixedOffset>,
    },
    /// A department's reply to a work-contact sheet was recorded.
    SheetReply {
        /// The sheet answered.
        sheet: String,
        /// The reply.
        reply: String,
    },
    /// Recorded by the app when it notices a stage overdue: the complaint rises to
    /// `level`. Status unchanged.
    Escalate {
        /// The overdue stage.
        stage: Stage,
        /// The level it rose to.
        level: EscalationLevel,
        /// The deadline that was missed; a later deadline of the same stage (after a
        /// reassignment or a reopen) starts its own ladder.
        #[serde(default)]
        deadline: Option<DateTime<FixedOffset>>,
    },
    /// Category or severity changed, with the reason in the note.
    Reclassify {
        /// New category.
        category: String,
        /// New severity.
        severity: Severity,
    },
}
