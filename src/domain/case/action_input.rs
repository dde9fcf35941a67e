//! Turning what a person typed into an action's form into the event it records.

use chrono::FixedOffset;

use super::event::EventData;
use super::workflow::{Action, WorkflowError};
use crate::domain::vocabulary::{parse_local_minute, Severity, TransferTarget};

/// An action's form as typed: text from inputs, codes from selects.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActionInput {
    /// Handler name.
    pub handler: String,
    /// Findings.
    pub findings: String,
    /// Responsibility.
    pub responsibility: String,
    /// Plan.
    pub plan: String,
    /// Expected completion date.
    pub expected_done: String,
    /// Result.
    pub result: String,
    /// Reply.
    pub reply: String,
    /// Score as typed ("1".."5").
    pub score: String,
    /// Whether the customer accepts.
    pub accepted: bool,
    /// Transfer target code.
    pub target: String,
    /// New category.
    pub category: String,
    /// New severity code.
    pub severity: String,
    /// Department of a work-contact sheet.
    pub department: String,
    /// What the sheet asks.
    pub request: String,
    /// When the sheet's reply is due (`YYYY-MM-DDTHH:MM`, office time).
    pub sheet_due: String,
    /// Which sheet a reply answers.
    pub sheet: String,
    /// The department's reply.
    pub sheet_reply: String,
    /// Remark or reason.
    pub note: String,
}

/// Builds the event data for `action` from the form, with `offset` the office's UTC offset
/// (for typed times). Field checks that need the complaint's state (required notes, roles)
/// happen in [`super::workflow::ComplaintState::check`]. A new sheet's id is left empty: the
/// service gives it the id of the event that issues it.
pub fn event_data(
    action: Action,
    input: &ActionInput,
    offset: FixedOffset,
) -> Result<EventData, WorkflowError> {
    let text = |s: &str| s.trim().to_string();
    Ok(match action {
        Action::Dispatch => EventData::Dispatch {
            handler: text(&input.handler),
        },
        Action::Reassign => EventData::Reassign {
            handler: text(&input.handler),
        },
        Action::Acknowledge => EventData::Acknowledge,
        Action::Investigate => EventData::Investigate {
            findings: text(&input.findings),
            responsibility: text(&input.responsibility),
        },
        Action::Propose => EventData::Propose {
            plan: text(&input.plan),
            expected_done: text(&input.expected_done),
        },
        Action::Approve => EventData::Approve,
        Action::Reject => EventData::Reject,
        Action::CarryOut => EventData::CarryOut {
            result: text(&input.result),
        },
        Action::Feedback => EventData::Feedback {
            result: text(&input.result),
        },
        Action::Answer => EventData::Answer {
            reply: text(&input.reply),
        },
        Action::Callback => EventData::Callback {
            score: input
                .score
                .trim()
                .parse()
                .map_err(|_| WorkflowError::BadScore)?,
            accepted: input.accepted,
        },
        Action::Archive => EventData::Archive,
        Action::Reopen => EventData::Reopen,
        Action::Transfer => EventData::Transfer {
            target: TransferTarget::from_code(&input.target)
                .ok_or(WorkflowError::Missing("转出对象"))?,
        },
        Action::Cancel => EventData::Cancel,
        Action::FollowUp => EventData::FollowUp,
        Action::IssueSheet => EventData::IssueSheet {
            sheet: String::new(),
            department: text(&input.department),
            request: text(&input.request),
            due: parse_local_minute(&input.sheet_due)
                .and_then(|t| t.and_local_timezone(offset).single())
                .ok_or(WorkflowError::Missing("回复期限"))?,
        },
        Action::SheetReply => EventData::SheetReply {
            sheet: text(&input.sheet),
            reply: text(&input.sheet_reply),
        },
        Action::Reclassify => EventData::Reclassify {
            category: text(&input.category),
            severity: Severity::from_code(&input.severity)
                .ok_or(WorkflowError::Missing("严重程度"))?,
        },
    })
}

impl ActionInput {
    /// An action's form as it opens: score 5, accepted, transfer to the developer, the
    /// complaint's current `severity`, a new sheet due at `sheet_due` (`YYYY-MM-DDTHH:MM`) and
    /// the first of the open sheets (`first_sheet`, empty when none is open).
    pub fn prefilled(severity: Severity, sheet_due: String, first_sheet: String) -> ActionInput {
        ActionInput {
            score: "5".into(),
            accepted: true,
            target: TransferTarget::Developer.code().into(),
            severity: severity.code().into(),
            sheet_due,
            sheet: first_sheet,
            ..ActionInput::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_action_form_opens_with_its_defaults() {
        let input =
            ActionInput::prefilled(Severity::General, "2026-03-03T10:00".into(), "S1".into());
        assert_eq!(input.score, "5");
        assert!(input.accepted);
        assert_eq!(input.target, TransferTarget::Developer.code());
        assert_eq!(input.severity, Severity::General.code());
        assert_eq!(input.sheet_due, "2026-03-03T10:00");
        assert_eq!(input.sheet, "S1");
        assert_eq!(input.handler, "");
    }
}
