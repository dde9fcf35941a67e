//! The workflow state machine (R-10..R-23): statuses, actions, the transition table, and the
//! fold that derives a complaint's current state from its events.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::event::{Event, EventData};
use crate::domain::attachments::{Attachment, MAX_FILES_PER_EVENT};
use crate::domain::vocabulary::{
    coded_enum, EscalationLevel, Intake, Role, Severity, Stage, TransferTarget,
};

coded_enum! {
    /// Where a complaint stands.
    Status {
        /// 已登记
        Registered => "registered", "已登记";
        /// 已分派
        Dispatched => "dispatched", "已分派";
        /// 已接收
        Acknowledged => "acknowledged", "已接收";
        /// 调查中
        Investigating => "investigating", "调查中";
        /// 方案待审批
        PlanProposed => "plan_proposed", "方案待审批";
        /// 方案已批准
        PlanApproved => "plan_approved", "方案已批准";
        /// 已执行
        CarriedOut => "carried_out", "已执行";
        /// 已答复客户
        Answered => "answered", "已答复";
        /// 已回访
        CalledBack => "called_back", "已回访";
        /// 已归档
        Archived => "archived", "已归档";
        /// 已转出
        TransferredOut => "transferred", "已转出";
        /// 已作废
        Cancelled => "cancelled", "已作废";
    }
}

impl Status {
    /// Closed complaints: archived or cancelled. Everything else is open.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Archived | Status::Cancelled)
    }
}

coded_enum! {
    /// What a person can do to a complaint. The code is the `action-<code>` test id and the
    /// `action` tag of the event it records.
    Action {
        /// 分派
        Dispatch => "dispatch", "分派";
        /// 确认接收
        Acknowledge => "acknowledge", "确认接收";
        /// 记录调查
        Investigate => "investigate", "记录调查";
        /// 提交方案
        Propose => "propose", "提交方案";
        /// 批准方案
        Approve => "approve", "批准方案";
        /// 驳回方案
        Reject => "reject", "驳回方案";
        /// 执行完成
        CarryOut => "carry_out", "执行完成";
        /// 答复客户
        Answer => "answer", "答复客户";
        /// 满意度回访
        Callback => "callback", "满意度回访";
        /// 归档
        Archive => "archive", "归档";
        /// 重新打开
        Reopen => "reopen", "重新打开";
        /// 改派
        Reassign => "reassign", "改派";
        /// 转出
        Transfer => "transfer", "转出";
        /// 外部反馈
        Feedback => "feedback", "外部反馈";
        /// 作废
        Cancel => "cancel", "作废";
        /// 跟进沟通
        FollowUp => "follow_up", "跟进沟通";
        /// 调整分类
        Reclassify => "reclassify", "调整分类";
        /// 发工作联系单
        IssueSheet => "issue_sheet", "发工作联系单";
        /// 登记部门回复
        SheetReply => "sheet_reply", "登记部门回复";
    }
}

/// What an action needs from the person doing it (drives the action's form).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// A handler chosen from the staff list.
    Handler,
    /// Investigation findings.
    Findings,
    /// Responsibility attribution.
    Responsibility,
    /// The handling plan.
    Plan,
    /// Expected completion date.
    ExpectedDone,
    /// What was done.
    Result,
    /// The reply to the customer.
    Reply,
    /// Satisfaction score 1..=5.
    Score,
    /// Whether the customer accepts.
    Accepted,
    /// Transfer target.
    Target,
    /// New category.
    Category,
    /// New severity.
    Severity,
    /// The department a work-contact sheet goes to.
    Department,
    /// What the sheet asks.
    Request,
    /// When the sheet's reply is due.
    SheetDue,
    /// Which open sheet is answered.
    Sheet,
    /// A department's reply.
    SheetReplyText,
    /// A remark; required where the action says so.
    Note,
}

impl Action {
    /// The status this action leads to from `from`, or `None` when it is not allowed there.
    /// This is the workflow table; the README reproduces it.
    pub fn next(self, from: Status) -> Option<Status> {
        use Action as A;
        use Status as S;
        let open_early = matches!(
            from,
            S::Registered | S::Dispatched | S::Acknowledged | S::Investigating
        );
        match (self, from) {
            (A::Dispatch, S::Registered) => Some(S::Dispatched),
            (A::Acknowledge, S::Dispatched) => Some(S::Acknowledged),
            (A::Investigate, S::Acknowledged | S::Investigating) => Some(S::Investigating),
            (A::Propose, S::Investigating) => Some(S::PlanProposed),
            (A::Approve, S::PlanProposed) => Some(S::PlanApproved),
            (A::Reject, S::PlanProposed) => Some(S::Investigating),
            (A::CarryOut, S::PlanApproved) => Some(S::CarriedOut),
            (A::Answer, S::CarriedOut) => Some(S::Answered),
            (A::Callback, S::Answered) => Some(S::CalledBack),
            (A::Archive, S::CalledBack) => Some(S::Archived),
            (A::Reopen, S::Answered | S::CalledBack | S::Archived) => Some(S::Investigating),
            (A::Reassign, S::Dispatched | S::Acknowledged | S::Investigating) => {
                Some(S::Dispatched)
            }
            (A::Transfer, _) if open_early => Some(S::TransferredOut),
            (A::Feedback, S::TransferredOut) => Some(S::CarriedOut),
            (A::Cancel, _) if open_early => Some(S::Cancelled),
            (A::FollowUp | A::Reclassify | A::IssueSheet | A::SheetReply, s) if !s.is_closed() => {
                Some(s)
            }
            _ => None,
        }
    }

    /// The roles allowed to take this action on a complaint of the given severity.
    /// Plan approval is a manager's; for a major complaint only the GM's, and so is the reply
    /// to the customer (R-14: "major complaints' replies approved by the general manager
    /// before the customer is answered": the GM records the approved reply).
    pub fn allowed_roles(self, severity: Severity) -> &'static [Role] {
        use Role::*;
        match self {
            Action::Answer if severity == Severity::Major => &[Gm],
            Action::Approve | Action::Reject => match severity {
                Severity::Major => &[Gm],
                Severity::General => &[Manager, Gm],
            },
            Action::Dispatch | Action::Reassign | Action::Cancel | Action::Transfer => {
                &[Desk, Manager, Gm]
            }
            Action::Reclassify => &[Desk, Manager, Gm],
            _ => &[Desk, Handler, Manager, Gm],
        }
    }

    /// Whether taking this action asks the GM for their PIN at that moment, whoever is signed
    /// in: approving (or rejecting) a major complaint's plan and recording its approved reply
    /// . The GM may be standing at someone else's desk; the event is then the GM's.
    pub fn asks_gm_pin(self, severity: Severity) -> bool {
        self.allowed_roles(severity) == [Role::Gm]
    }

    /// What the action's form asks for.
    pub fn fields(self) -> &'static [Field] {
        use Field::*;
        match self {
            Action::Dispatch | Action::Reassign => &[Handler, Note],
            Action::Investigate => &[Findings, Responsibility, Note],
            Action::Propose => &[Plan, ExpectedDone, Note],
            Action::CarryOut | Action::Feedback => &[Result, Note],
            Action::Answer => &[Reply, Note],
            Action::Callback => &[Score, Accepted, Note],
            Action::Transfer => &[Target, Note],
            Action::Reclassify => &[Category, Severity, Note],
            Action::IssueSheet => &[Department, Request, SheetDue, Note],
            Action::SheetReply => &[Sheet, SheetReplyText, Note],
            Action::Acknowledge | Action::Approve | Action::Archive => &[Note],
            Action::Reject | Action::Reopen | Action::Cancel | Action::FollowUp => &[Note],
        }
    }

    /// Whether the remark is required (a reason for rejecting, reopening, cancelling,
    /// reclassifying, or the content of a follow-up).
    pub fn note_required(self) -> bool {
        matches!(
            self,
            Action::Reject
                | Action::Reopen
                | Action::Cancel
                | Action::FollowUp
                | Action::Reclassify
        )
    }
}

impl EventData {
    /// The workflow action this event records; `None` for the registration itself and for
    /// the events the app records by itself (escalation).
    pub fn action(&self) -> Option<Action> {
        Some(match self {
            EventData::Register { .. }
            | EventData::Escalate { .. }
            | EventData::Attach { .. }
            | EventData::Detach { .. } => return None,
            EventData::IssueSheet { .. } => Action::IssueSheet,
            EventData::SheetReply { .. } => Action::SheetReply,
            EventData::Dispatch { .. } => Action::Dispatch,
            EventData::Acknowledge => Action::Acknowledge,
            EventData::Investigate { .. } => Action::Investigate,
            EventData::Propose { .. } => Action::Propose,
            EventData::Approve => Action::Approve,
            EventData::Reject => Action::Reject,
            EventData::CarryOut { .. } => Action::CarryOut,
            EventData::Answer { .. } => Action::Answer,
            EventData::Callback { .. } => Action::Callback,
            EventData::Archive => Action::Archive,
            EventData::Reopen => Action::Reopen,
            EventData::Reassign { .. } => Action::Reassign,
            EventData::Transfer { .. } => Action::Transfer,
            EventData::Feedback { .. } => Action::Feedback,
            EventData::Cancel => Action::Cancel,
            EventData::FollowUp => Action::FollowUp,
            EventData::Reclassify { .. } => Action::Reclassify,
        })
    }
}

/// Why an event cannot be applied.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum WorkflowError {
    /// The history does not start with a registration, or registers twice.
    #[error("投诉记录必须以登记开始，且只能登记一次")]
    BadStart,
    /// The action is not allowed in the current status.
    #[error("当前状态「{status}」不允许「{action}」")]
    NotAllowed {
        /// Current status label.
        status: &'static str,
        /// Action label.
        action: &'static str,
    },
    /// The actor's role may not take this action.
    #[error("「{action}」需要以下角色之一：{roles}")]
    Forbidden {
        /// Action label.
        action: &'static str,
        /// Allowed role labels.
        roles: String,
    },
    /// A required field is empty or out of range.
    #[error("请填写「{0}」")]
    Missing(&'static str),
    /// The score is outside 1..=5.
    #[error("满意度评分须为 1 到 5")]
    BadScore,
    /// A sheet reply names no open sheet of this complaint.
    #[error("找不到待回复的工作联系单 {0}")]
    NoSuchSheet(String),
    /// A new work-contact sheet reuses an id.
    #[error("工作联系单编号重复：{0}")]
    DuplicateSheet(String),
    /// Two events of one complaint share an id.
    #[error("处理记录编号重复：{0}")]
    DuplicateEventId(String),
    /// Events must not go back in time.
    #[error("事件时间早于上一条记录")]
    OutOfOrder,
    /// An attach event names no file, too many, or a file without name, type or address.
    #[error("附件记录不完整：{0}")]
    BadAttachment(String),
    /// An attachment id is used twice within the complaint.
    #[error("附件编号重复：{0}")]
    DuplicateAttachment(String),
    /// A removal names no attachment shown now.
    #[error("找不到附件 {0}")]
    NoSuchAttachment(String),
}

/// A complaint's current state, derived from its events.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComplaintState {
    /// The registration form as registered.
    pub intake: Intake,
    /// Current status.
    pub status: Status,
    /// Current category (may be changed by reclassification).
    pub category: String,
    /// Current severity.
    pub severity: Severity,
    /// When it was registered.
    pub received_at: DateTime<FixedOffset>,
    /// Who registered it.
    pub received_by: String,
    /// Current handler.
    pub handler: Option<String>,
    /// Latest findings.
    pub findings: Option<String>,
    /// Latest responsibility attribution.
    pub responsibility: Option<String>,
    /// Latest plan.
    pub plan: Option<String>,
    /// Who approved the latest plan.
    pub approved_by: Option<String>,
    /// Latest result (carried out, or the outside party's feedback).
    pub result: Option<String>,
    /// Latest reply to the customer.
    pub reply: Option<String>,
    /// Latest satisfaction score.
    pub score: Option<u8>,
    /// Whether the customer accepted, at the latest callback.
    pub accepted: Option<bool>,
    /// Where it was transferred, if it was.
    pub transferred_to: Option<TransferTarget>,
    /// How many times it was reopened.
    pub reopened: u32,
    /// When it was last archived or cancelled, while it stays closed.
    pub closed_at: Option<DateTime<FixedOffset>>,
    /// Time of the latest event.
    pub updated_at: DateTime<FixedOffset>,
    /// Work-contact sheets issued, oldest first.
    pub sheets: Vec<Sheet>,
    /// The latest escalation the app recorded: the stage and the level.
    pub escalation: Option<(Stage, EscalationLevel)>,
    /// The deadline that latest escalation was for.
    pub escalation_deadline: Option<DateTime<FixedOffset>>,
    /// The attachments shown now, oldest first (removed ones left out).
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// The ids of removed attachments (their files stay until the complaint is purged).
    #[serde(default)]
    pub detached: Vec<String>,
}

/// A work-contact sheet (工作联系单) and its reply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    /// Id, unique within the complaint.
    pub id: String,
    /// Department asked.
    pub department: String,
    /// What is asked.
    pub request: String,
    /// Who issued it.
    pub issued_by: String,
    /// When it was issued.
    pub issued_at: DateTime<FixedOffset>,
    /// When the reply is due.
    pub due: DateTime<FixedOffset>,
    /// The reply, once recorded.
    pub reply: Option<String>,
    /// When the reply was recorded.
    pub replied_at: Option<DateTime<FixedOffset>>,
}

fn required(value: &str, label: &'static str) -> Result<(), WorkflowError> {
    if value.trim().is_empty() {
        Err(WorkflowError::Missing(label))
    } else {
        Ok(())
    }
}

impl ComplaintState {
    /// Starts a state from the registration event.
    pub fn start(event: &Event) -> Result<Self, WorkflowError> {
        let EventData::Register { intake } = &event.data else {
            return Err(WorkflowError::BadStart);
        };
        Ok(ComplaintState {
            category: intake.category.clone(),
            severity: intake.severity,
            intake: intake.clone(),
            status: Status::Registered,
            received_at: event.at,
            received_by: event.actor.clone(),
            handler: None,
            findings: None,
            responsibility: None,
            plan: None,
            approved_by: None,
            result: None,
            reply: None,
            score: None,
            accepted: None,
            transferred_to: None,
            reopened: 0,
            closed_at: None,
            updated_at: event.at,
            sheets: Vec::new(),
            escalation: None,
            escalation_deadline: None,
            attachments: Vec::new(),
            detached: Vec::new(),
        })
    }

    /// The work-contact sheets still waiting for a reply, as (id, department), in the order
    /// issued (the reply form offers these).
    pub fn open_sheets(&self) -> Vec<(String, String)> {
        self.sheets
            .iter()
            .filter(|s| s.reply.is_none())
            .map(|s| (s.id.clone(), s.department.clone()))
            .collect()
    }

    /// The work-contact sheet with this id, if one was issued.
    pub fn sheet(&self, id: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.id == id)
    }

    /// The actions allowed in the current status (whoever takes them).
    pub fn allowed_actions(&self) -> Vec<Action> {
        Action::ALL
            .iter()
            .copied()
            .filter(|a| a.next(self.status).is_some())
            .collect()
    }

    /// Checks an event against the workflow without changing anything.
    pub fn check(&self, event: &Event) -> Result<Status, WorkflowError> {
        if event.at < self.updated_at {
            return Err(WorkflowError::OutOfOrder);
        }
        let Some(action) = event.data.action() else {
            return match event.data {
                // The app's own record: allowed on any open complaint, by nobody in particular.
                EventData::Escalate { .. } if !self.status.is_closed() => Ok(self.status),
                EventData::Escalate { .. } => Err(WorkflowError::NotAllowed {
                    status: self.status.label(),
                    action: "升级",
                }),
                // Photos and documents may come at any time, even after closing (a letter
                // arrives late): the status is unchanged.
                EventData::Attach { ref attachments } => {
                    self.check_attach(attachments)?;
                    Ok(self.status)
                }
                EventData::Detach { ref attachment } => {
                    if self.attachments.iter().any(|a| &a.id == attachment) {
                        Ok(self.status)
                    } else {
                        Err(WorkflowError::NoSuchAttachment(attachment.clone()))
                    }
                }
                _ => Err(WorkflowError::BadStart),
            };
        };
        let next = action.next(self.status).ok_or(WorkflowError::NotAllowed {
            status: self.status.label(),
            action: action.label(),
        })?;
        let roles = action.allowed_roles(self.severity);
        if !roles.contains(&event.role) {
            return Err(WorkflowError::Forbidden {
                action: action.label(),
                roles: roles
                    .iter()
                    .map(|r| r.label())
                    .collect::<Vec<_>>()
                    .join("、"),
            });
        }
        if action.note_required() {
            required(&event.note, "备注/原因")?;
        }
        match &event.data {
            EventData::Dispatch { handler } | EventData::Reassign { handler } => {
                required(handler, "处理人")?
            }
            EventData::Investigate {
                findings,
                responsibility,
            } => {
                required(findings, "调查结果")?;
                required(responsibility, "责任归属")?;
            }
            EventData::Propose { plan, .. } => required(plan, "处理方案")?,
            EventData::CarryOut { result } | EventData::Feedback { result } => {
                required(result, "处理结果")?
            }
            EventData::Answer { reply } => required(reply, "答复内容")?,
            EventData::Callback { score, .. } if !(1..=5).contains(score) => {
                return Err(WorkflowError::BadScore)
            }
            EventData::Reclassify { category, .. } => required(category, "类别")?,
            EventData::IssueSheet {
                sheet,
                department,
                request,
                ..
            } => {
                required(department, "部门")?;
                required(request, "联系事项")?;
                if self.sheets.iter().any(|s| &s.id == sheet) {
                    return Err(WorkflowError::DuplicateSheet(sheet.clone()));
                }
            }
            EventData::SheetReply { sheet, reply } => {
                required(reply, "部门回复")?;
                if !self
                    .sheets
                    .iter()
                    .any(|s| &s.id == sheet && s.reply.is_none())
                {
                    return Err(WorkflowError::NoSuchSheet(sheet.clone()));
                }
            }
            _ => {}
        }
        Ok(next)
    }

    /// Checks the records of an attach event: one to [`MAX_FILES_PER_EVENT`] well-formed
    /// records, their ids new to the complaint.
    fn check_attach(&self, attachments: &[Attachment]) -> Result<(), WorkflowError> {
        if attachments.is_empty() || attachments.len() > MAX_FILES_PER_EVENT {
            return Err(WorkflowError::BadAttachment(format!(
                "{} 个文件",
                attachments.len()
            )));
        }
        let mut seen = std::collections::BTreeSet::new();
        for a in attachments {
            if !a.is_well_formed() {
                return Err(WorkflowError::BadAttachment(a.name.clone()));
            }
            let taken =
                self.attachments.iter().any(|b| b.id == a.id) || self.detached.contains(&a.id);
            if taken || !seen.insert(a.id.as_str()) {
                return Err(WorkflowError::DuplicateAttachment(a.id.clone()));
            }
        }
        Ok(())
    }

    /// Applies one event, returning the new state; the state is unchanged on error.
    pub fn apply(&mut self, event: &Event) -> Result<(), WorkflowError> {
        let next = self.check(event)?;
        match &event.data {
            EventData::Register { .. } => return Err(WorkflowError::BadStart),
            EventData::Dispatch { handler } | EventData::Reassign { handler } => {
                self.handler = Some(handler.clone())
            }
            EventData::Investigate {
                findings,
                responsibility,
            } => {
                self.findings = Some(findings.clone());
                self.responsibility = Some(responsibility.clone());
            }
            EventData::Propose { plan, .. } => {
                self.plan = Some(plan.clone());
                self.approved_by = None;
            }
            EventData::Approve => self.approved_by = Some(event.actor.clone()),
            EventData::CarryOut { result } | EventData::Feedback { result } => {
                self.result = Some(result.clone())
            }
            EventData::Answer { reply } => self.reply = Some(reply.clone()),
            EventData::Callback { score, accepted } => {
                self.score = Some(*score);
                self.accepted = Some(*accepted);
            }
            EventData::Reopen => {
                // A new round: the previous callback no longer stands.
                self.reopened += 1;
                self.score = None;
                self.accepted = None;
            }
            EventData::Transfer { target } => self.transferred_to = Some(*target),
            EventData::Reclassify { category, severity } => {
                self.category = category.clone();
                self.severity = *severity;
            }
            EventData::IssueSheet {
                sheet,
                department,
                request,
                due,
            } => self.sheets.push(Sheet {
                id: sheet.clone(),
                department: department.clone(),
                request: request.clone(),
                issued_by: event.actor.clone(),
                issued_at: event.at,
                due: *due,
                reply: None,
                replied_at: None,
            }),
            EventData::SheetReply { sheet, reply } => {
                if let Some(s) = self
                    .sheets
                    .iter_mut()
                    .find(|s| &s.id == sheet && s.reply.is_none())
                {
                    s.reply = Some(reply.clone());
                    s.replied_at = Some(event.at);
                }
            }
            EventData::Escalate {
                stage,
                level,
                deadline,
            } => {
                self.escalation = Some((*stage, *level));
                self.escalation_deadline = *deadline;
            }
            EventData::Attach { attachments } => {
                self.attachments.extend(attachments.iter().cloned());
            }
            EventData::Detach { attachment } => {
                self.attachments.retain(|a| &a.id != attachment);
                self.detached.push(attachment.clone());
            }
            EventData::Acknowledge
            | EventData::Reject
            | EventData::Archive
            | EventData::Cancel
            | EventData::FollowUp => {}
        }
        self.status = next;
        // A closed complaint stays closed since its closing (a late attachment does not move
        // the date).
        let still_closed = next.is_closed() && next == self.status && self.closed_at.is_some();
        if !still_closed {
            self.closed_at = next.is_closed().then_some(event.at);
        }
        self.updated_at = event.at;
        Ok(())
    }

    /// Replays a whole history.
    pub fn replay(events: &[Event]) -> Result<Self, WorkflowError> {
        let (first, rest) = events.split_first().ok_or(WorkflowError::BadStart)?;
        let mut state = Self::start(first)?;
        for event in rest {
            state.apply(event)?;
        }
        Ok(state)
    }
}
