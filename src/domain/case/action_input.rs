//! Turning what a person typed into an action's form into the event it records.

use chrono::FixedOffset;

use super::event::EventData;
use super::workflow::{Action, WorkflowError};
use crate::domain::vocabulary::{parse_local_minute, GmDecision, Severity, TransferTarget};

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
    /// What the customer was told on acknowledgement.
    pub script: String,
    /// The GM's decision code.
    pub decision: String,
    /// The incident lead the GM names for a major handling.
    pub incident_lead: String,
    /// Whether the president must approve.
    pub president_needed: bool,
    /// The president's reply's reference.
    pub reference: String,
    /// The incident lead.
    pub lead: String,
    /// The incident team.
    pub team: String,
    /// When a meeting was held (`YYYY-MM-DDTHH:MM`).
    pub held_at: String,
    /// Where.
    pub place: String,
    /// Who attended.
    pub attendees: String,
    /// What was agreed.
    pub agreed: String,
    /// The mediator.
    pub mediator: String,
    /// What the mediator did.
    pub involvement: String,
    /// Compensation amount in yuan, as typed.
    pub amount: String,
    /// What is offered.
    pub proposal: String,
    /// Which compensation proposal is approved (its id).
    pub compensation: String,
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
        Action::NotifyReceived => EventData::NotifyReceived {
            script: text(&input.script),
        },
        Action::Settle => EventData::Settle {
            reply: text(&input.reply),
        },
        Action::GmReview => {
            let decision =
                GmDecision::from_code(&input.decision).ok_or(WorkflowError::Missing("处理意见"))?;
            EventData::GmReview {
                decision,
                incident_lead: if decision == GmDecision::Major {
                    text(&input.incident_lead)
                } else {
                    String::new()
                },
                president_needed: input.president_needed,
            }
        }
        Action::PresidentApproval => EventData::PresidentApproval {
            reference: text(&input.reference),
        },
        Action::IncidentTeam => EventData::IncidentTeam {
            lead: text(&input.lead),
            team: text(&input.team),
        },
        Action::Meeting => EventData::Meeting {
            held_at: text(&input.held_at),
            place: text(&input.place),
            attendees: text(&input.attendees),
            agreed: text(&input.agreed),
        },
        Action::Mediator => EventData::Mediator {
            mediator: text(&input.mediator),
            involvement: text(&input.involvement),
        },
        Action::Compensate => EventData::Compensate {
            amount: parse_yuan(&input.amount).ok_or(WorkflowError::BadAmount)?,
            proposal: text(&input.proposal),
        },
        Action::ApproveCompensation => EventData::ApproveCompensation {
            compensation: text(&input.compensation),
        },
        Action::ReturnHq => EventData::ReturnHq,
        Action::DraftReply => EventData::DraftReply {
            reply: text(&input.reply),
        },
        Action::ApproveReply => EventData::ApproveReply,
        Action::Reclassify => EventData::Reclassify {
            category: text(&input.category),
            severity: Severity::from_code(&input.severity)
                .ok_or(WorkflowError::Missing("严重程度"))?,
        },
    })
}

/// An amount in whole yuan as typed: digits, optionally with thousands separators (`,`
/// or `，`) and a trailing 元; `None` for anything else.
pub fn parse_yuan(typed: &str) -> Option<u64> {
    let t = typed.trim();
    let t = t.strip_suffix('元').unwrap_or(t).trim();
    let digits: String = t.chars().filter(|c| !matches!(c, ',' | '，')).collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
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
            decision: GmDecision::Normal.code().into(),
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
