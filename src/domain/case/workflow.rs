//! The workflow state machine (R-10..R-23): statuses, actions, the transition table, and the
//! fold that derives a complaint's current state from its events.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::event::{Event, EventData};
use crate::domain::attachments::{Attachment, MAX_FILES_PER_EVENT};
use crate::domain::vocabulary::{
    coded_enum, Channel, EscalationLevel, GmDecision, Intake, Role, Severity, Stage, TransferTarget,
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
        /// 告知客户已受理
        NotifyReceived => "notify_received", "告知客户已受理";
        /// 当场答复: settled by whoever received it
        Settle => "settle", "当场答复";
        /// 总经理批示
        GmReview => "gm_review", "总经理批示";
        /// 记录总裁批复
        PresidentApproval => "president_approval", "记录总裁批复";
        /// 指定事件负责人
        IncidentTeam => "incident_team", "指定事件负责人";
        /// 记录会谈
        Meeting => "meeting", "记录会谈";
        /// 第三方调解
        Mediator => "mediator", "第三方调解";
        /// 赔偿方案
        Compensate => "compensate", "赔偿方案";
        /// 批准赔偿
        ApproveCompensation => "approve_compensation", "批准赔偿";
        /// 回传集团客服
        ReturnHq => "return_hq", "回传集团客服";
        /// 拟写书面答复
        DraftReply => "draft_reply", "拟写书面答复";
        /// 审核书面答复
        ApproveReply => "approve_reply", "审核书面答复";
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
    /// What the customer was told on acknowledgement.
    Script,
    /// The GM's handling decision.
    Decision,
    /// The incident lead named by the GM for a major handling.
    IncidentLead,
    /// Whether the platform president must approve.
    PresidentNeeded,
    /// The reference of the president's reply.
    Reference,
    /// The incident lead of a major or group complaint.
    Lead,
    /// The incident team.
    Team,
    /// When a meeting was held.
    HeldAt,
    /// Where a meeting was held.
    Place,
    /// Who attended a meeting.
    Attendees,
    /// What a meeting agreed.
    Agreed,
    /// The third-party mediator.
    MediatorName,
    /// What the mediator did.
    Involvement,
    /// A compensation amount in yuan.
    Amount,
    /// What the compensation proposal offers.
    Proposal,
    /// Which compensation proposal is approved.
    Compensation,
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
            (A::Settle, S::Registered) => Some(S::Answered),
            (
                A::NotifyReceived
                | A::GmReview
                | A::PresidentApproval
                | A::IncidentTeam
                | A::Meeting
                | A::Mediator
                | A::Compensate
                | A::ApproveCompensation
                | A::DraftReply
                | A::ApproveReply,
                s,
            ) if !s.is_closed() => Some(s),
            (A::ReturnHq, s @ (S::Answered | S::CalledBack | S::Archived)) => Some(s),
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
            Action::Answer | Action::Settle if severity == Severity::Major => &[Gm],
            Action::GmReview => &[Gm],
            Action::PresidentApproval => &[Desk, Gm],
            Action::IncidentTeam | Action::ApproveCompensation | Action::ApproveReply => {
                &[Manager, Gm]
            }
            Action::ReturnHq => &[Desk, Manager, Gm],
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
            Action::NotifyReceived => &[Script, Note],
            Action::Settle => &[Reply, Note],
            Action::GmReview => &[Decision, IncidentLead, PresidentNeeded, Note],
            Action::PresidentApproval => &[Reference, Note],
            Action::IncidentTeam => &[Lead, Team, Note],
            Action::Meeting => &[HeldAt, Place, Attendees, Agreed, Note],
            Action::Mediator => &[MediatorName, Involvement, Note],
            Action::Compensate => &[Amount, Proposal, Note],
            Action::ApproveCompensation => &[Compensation, Note],
            Action::ReturnHq | Action::ApproveReply => &[Note],
            Action::DraftReply => &[Reply, Note],
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
            | EventData::Detach { .. }
            | EventData::PurgeFiles { .. }
            | EventData::Conflict { .. }
            | EventData::ResolveConflict { .. } => return None,
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
            EventData::NotifyReceived { .. } => Action::NotifyReceived,
            EventData::Settle { .. } => Action::Settle,
            EventData::GmReview { .. } => Action::GmReview,
            EventData::PresidentApproval { .. } => Action::PresidentApproval,
            EventData::IncidentTeam { .. } => Action::IncidentTeam,
            EventData::Meeting { .. } => Action::Meeting,
            EventData::Mediator { .. } => Action::Mediator,
            EventData::Compensate { .. } => Action::Compensate,
            EventData::ApproveCompensation { .. } => Action::ApproveCompensation,
            EventData::ReturnHq => Action::ReturnHq,
            EventData::DraftReply { .. } => Action::DraftReply,
            EventData::ApproveReply => Action::ApproveReply,
        })
    }

    /// Whether this event gives the customer the answer: an answer after handling, or one
    /// given on the spot by whoever received the complaint.
    pub fn is_answer(&self) -> bool {
        matches!(self, EventData::Answer { .. } | EventData::Settle { .. })
    }

    /// Whether this event is a conflict's bookkeeping (a merge's marker or a manager's
    /// resolution): it decides which events are replayed, and is not a step of the workflow.
    pub fn is_conflict_record(&self) -> bool {
        matches!(
            self,
            EventData::Conflict { .. } | EventData::ResolveConflict { .. }
        )
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
    /// the GM asked for the platform president's approval, which has not come back.
    #[error("总经理批示需报总裁审批，请先记录总裁批复，再「{0}」")]
    AwaitingPresident(&'static str),
    /// a president's approval recorded when none was asked for.
    #[error("总经理批示没有要求总裁审批，无需记录总裁批复")]
    NoPresidentAsked,
    /// the compensation proposal to approve is not one of this complaint's open ones.
    #[error("找不到待批准的赔偿方案 {0}")]
    NoSuchCompensation(String),
    /// only a case forwarded by group customer service is returned to it.
    #[error("只有集团客服转来的投诉需要回传集团客服")]
    NotFromHq,
    /// no written reply was drafted to approve.
    #[error("还没有拟写书面答复，无法审核")]
    NoDraftReply,
    /// A compensation amount that is not a whole number of yuan.
    #[error("赔偿金额请填写整数元，例如 5000")]
    BadAmount,
    /// A compensation of no amount.
    #[error("赔偿金额须大于 0 元")]
    ZeroAmount,
    /// An attach event names no file, too many, or a file without name, type or address.
    #[error("附件记录不完整：{0}")]
    BadAttachment(String),
    /// An attachment id is used twice within the complaint.
    #[error("附件编号重复：{0}")]
    DuplicateAttachment(String),
    /// A removal names no attachment shown now.
    #[error("找不到附件 {0}")]
    NoSuchAttachment(String),
    /// A purge names no file, or a file that is not one of this complaint's removed
    /// attachments (or was purged already).
    #[error("没有可清除的已移除附件{0}")]
    NothingToPurge(String),
    /// A conflict's record names an event that is not in the history, or one that cannot be
    /// set aside (the registration, or another conflict record).
    #[error("冲突记录所指的处理记录 {0} 不存在或不能搁置")]
    BadConflictRecord(String),
    /// A resolution asked of a complaint with no open conflict, or one that does not replay.
    #[error("无法「{0}」：没有待处理的冲突，或这样处理后记录不符合处理流程")]
    NoConflictChoice(&'static str),
}

/// The label of a resolution of a conflict, as messages and the timeline name it.
pub const RESOLVE_LABEL: &str = "处理冲突";

/// The label of a purge of removed attachments' files, as messages and the timeline name it.
pub const PURGE_LABEL: &str = "清除已移除附件的文件";

/// The GM's first look as recorded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GmLook {
    /// Who recorded it.
    pub by: String,
    /// When.
    pub at: DateTime<FixedOffset>,
    /// The handling decision.
    pub decision: GmDecision,
    /// The incident lead named for a major handling.
    pub incident_lead: String,
    /// Whether the president must approve.
    pub president_needed: bool,
}

/// A meeting with the complainants.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingRecord {
    /// Who recorded it.
    pub by: String,
    /// When it was held, as typed.
    pub held_at: String,
    /// Where.
    pub place: String,
    /// Who attended.
    pub attendees: String,
    /// What was agreed.
    pub agreed: String,
}

/// A written reply (书面答复) and the approval levels it passed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WrittenReply {
    /// The reply's text.
    pub text: String,
    /// Who drafted it.
    pub by: String,
    /// Who approved it, with their roles, in order.
    pub approvals: Vec<(String, Role)>,
}

/// A compensation proposal and its approvals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompensationProposal {
    /// The id of the event that proposed it.
    pub id: String,
    /// Amount in yuan.
    pub amount: u64,
    /// What is offered.
    pub proposal: String,
    /// Who proposed it, and their role.
    pub by: (String, Role),
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Who approved it, with their roles, in order.
    pub approvals: Vec<(String, Role)>,
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
    /// when the customer was first told the complaint is received.
    #[serde(default)]
    pub notified_at: Option<DateTime<FixedOffset>>,
    /// the GM's latest look.
    #[serde(default)]
    pub gm_look: Option<GmLook>,
    /// waiting for the platform president's approval.
    #[serde(default)]
    pub president_pending: bool,
    /// the reference of the president's latest approval.
    #[serde(default)]
    pub president_reference: Option<String>,
    /// the incident lead.
    #[serde(default)]
    pub incident_lead: Option<String>,
    /// the incident team, as typed.
    #[serde(default)]
    pub incident_team: Option<String>,
    /// meetings with the complainants, oldest first.
    #[serde(default)]
    pub meetings: Vec<MeetingRecord>,
    /// third-party mediators brought in: (who, what they did).
    #[serde(default)]
    pub mediators: Vec<(String, String)>,
    /// compensation proposals, oldest first.
    #[serde(default)]
    pub compensations: Vec<CompensationProposal>,
    /// when the 客户投诉处理表 was last sent back to group HQ.
    #[serde(default)]
    pub returned_hq_at: Option<DateTime<FixedOffset>>,
    /// the written reply drafted last, with its approvals.
    #[serde(default)]
    pub written_reply: Option<WrittenReply>,
    /// The attachments shown now, oldest first (removed ones left out).
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// The ids of removed attachments (their files stay until the complaint is purged).
    #[serde(default)]
    pub detached: Vec<String>,
    /// The hashes of removed attachments' files not purged yet (a manager may purge them
    /// once the complaint is archived).
    #[serde(default)]
    pub removed_files: Vec<String>,
    /// The ids of events a merge set aside (two devices' incompatible actions) that no
    /// manager's resolution has decided yet, in history order: while any is left, the
    /// complaint waits for a manager (see the `conflict` module).
    #[serde(default)]
    pub conflict: Vec<String>,
    /// The ids of the other branch's events replayed in place of those in
    /// [`Self::conflict`] (since the fork), in history order.
    #[serde(default)]
    pub conflict_applied: Vec<String>,
    /// The ids of every event not replayed (set aside and not kept again, or discarded by a
    /// resolution), in history order. They stay in the history.
    #[serde(default)]
    pub skipped: Vec<String>,
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
            notified_at: None,
            gm_look: None,
            president_pending: false,
            president_reference: None,
            incident_lead: None,
            incident_team: None,
            meetings: Vec::new(),
            mediators: Vec::new(),
            compensations: Vec::new(),
            returned_hq_at: None,
            written_reply: None,
            attachments: Vec::new(),
            detached: Vec::new(),
            removed_files: Vec::new(),
            conflict: Vec::new(),
            conflict_applied: Vec::new(),
            skipped: Vec::new(),
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

    /// The actions allowed in the current status (whoever takes them), without those whose
    /// occasion has not arisen (see [`Self::occasion`]).
    pub fn allowed_actions(&self) -> Vec<Action> {
        Action::ALL
            .iter()
            .copied()
            .filter(|a| a.next(self.status).is_some() && self.occasion(*a))
            .collect()
    }

    /// Whether the complaint gives `action` something to do beyond its status: a
    /// president's approval only while one is awaited, a compensation approval only while a
    /// proposal has none, the acknowledgement only until the customer was told, returning
    /// to group HQ only for a case it forwarded.
    pub fn occasion(&self, action: Action) -> bool {
        match action {
            Action::PresidentApproval => self.president_pending,
            Action::ApproveCompensation => {
                self.compensations.iter().any(|c| c.approvals.is_empty())
            }
            Action::NotifyReceived => self.notified_at.is_none(),
            Action::ReturnHq => self.intake.channel == Channel::GroupHq,
            Action::ApproveReply => self.written_reply.is_some(),
            _ => true,
        }
    }

    /// The compensation proposal with this id.
    pub fn compensation(&self, id: &str) -> Option<&CompensationProposal> {
        self.compensations.iter().find(|c| c.id == id)
    }

    /// Checks an event against the workflow without changing anything.
    pub fn check(&self, event: &Event) -> Result<Status, WorkflowError> {
        // A conflict's records are bookkeeping, dated by what they decide on: not checked
        // against the time of the events replayed before them.
        if event.at < self.updated_at && !event.data.is_conflict_record() {
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
                EventData::PurgeFiles { ref hashes } => self.check_purge(event.role, hashes),
                EventData::Conflict { .. } => Ok(self.status),
                // A conflict is resolved by a manager or the GM.
                EventData::ResolveConflict { .. } if event.role.manages_staff() => Ok(self.status),
                EventData::ResolveConflict { .. } => Err(WorkflowError::Forbidden {
                    action: RESOLVE_LABEL,
                    roles: "经理、总经理".to_string(),
                }),
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
        if self.president_pending
            && matches!(action, Action::Approve | Action::Answer | Action::Settle)
        {
            return Err(WorkflowError::AwaitingPresident(action.label()));
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
            EventData::NotifyReceived { script } => required(script, "告知内容")?,
            EventData::Settle { reply } => required(reply, "答复内容")?,
            EventData::GmReview {
                decision: GmDecision::Major,
                incident_lead,
                ..
            } => required(incident_lead, "事件负责人")?,
            EventData::PresidentApproval { reference } => {
                required(reference, "总裁批复文号")?;
                if !self.president_pending {
                    return Err(WorkflowError::NoPresidentAsked);
                }
            }
            EventData::IncidentTeam { lead, .. } => required(lead, "事件负责人")?,
            EventData::Meeting {
                held_at,
                place,
                attendees,
                agreed,
            } => {
                required(held_at, "会谈时间")?;
                required(place, "会谈地点")?;
                required(attendees, "参加人员")?;
                required(agreed, "商定事项")?;
            }
            EventData::Mediator {
                mediator,
                involvement,
            } => {
                required(mediator, "调解方")?;
                required(involvement, "调解情况")?;
            }
            EventData::Compensate { amount, proposal } => {
                required(proposal, "赔偿方案")?;
                if *amount == 0 {
                    return Err(WorkflowError::ZeroAmount);
                }
            }
            EventData::ApproveCompensation { compensation }
                if !self
                    .compensations
                    .iter()
                    .any(|c| &c.id == compensation && c.approvals.is_empty()) =>
            {
                return Err(WorkflowError::NoSuchCompensation(compensation.clone()));
            }
            EventData::DraftReply { reply } => required(reply, "书面答复内容")?,
            EventData::ApproveReply if self.written_reply.is_none() => {
                return Err(WorkflowError::NoDraftReply)
            }
            EventData::ReturnHq if self.intake.channel != Channel::GroupHq => {
                return Err(WorkflowError::NotFromHq)
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

    /// The files this complaint's purge may delete: removed attachments' files not purged
    /// yet, not shown on this complaint (the same file attached again), and not in `needed`
    /// (the files other stored complaints still refer to).
    pub fn purgeable(&self, needed: &std::collections::BTreeSet<String>) -> Vec<String> {
        self.removed_files
            .iter()
            .filter(|h| !self.attachments.iter().any(|a| &a.hash == *h) && !needed.contains(*h))
            .cloned()
            .collect()
    }

    /// The photos shown now (removed ones left out), oldest first.
    pub fn photos(&self) -> Vec<Attachment> {
        self.attachments
            .iter()
            .filter(|a| a.is_photo())
            .cloned()
            .collect()
    }

    /// Whether the detail page offers `role` the purge: an archived complaint with removed
    /// attachments' files not purged (and not shown again here), to a manager or the GM.
    /// (Which of them go is decided at the purge, against every stored complaint.)
    pub fn offers_purge(&self, role: Role) -> bool {
        self.status == Status::Archived
            && role.manages_staff()
            && !self
                .purgeable(&std::collections::BTreeSet::new())
                .is_empty()
    }

    /// The files this complaint still needs stored: every attached file not purged.
    pub fn needed_files(&self) -> impl Iterator<Item = &String> {
        self.attachments
            .iter()
            .map(|a| &a.hash)
            .chain(self.removed_files.iter())
    }

    /// Checks a purge of removed attachments' files: only on an archived complaint, only by
    /// a manager or the GM, and only files of attachments removed from this complaint and
    /// not purged before.
    fn check_purge(&self, role: Role, hashes: &[String]) -> Result<Status, WorkflowError> {
        if self.status != Status::Archived {
            return Err(WorkflowError::NotAllowed {
                status: self.status.label(),
                action: PURGE_LABEL,
            });
        }
        if !role.manages_staff() {
            return Err(WorkflowError::Forbidden {
                action: PURGE_LABEL,
                roles: "经理、总经理".to_string(),
            });
        }
        if hashes.is_empty() {
            return Err(WorkflowError::NothingToPurge(String::new()));
        }
        for h in hashes {
            if !self.removed_files.contains(h) || self.attachments.iter().any(|a| &a.hash == h) {
                return Err(WorkflowError::NothingToPurge(format!("：{h}")));
            }
        }
        Ok(self.status)
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
            // The marker changes nothing; which events replay is decided before the replay
            // (see the `conflict` module). A resolution counts as the latest activity.
            EventData::Conflict { .. } => return Ok(()),
            EventData::ResolveConflict { .. } => {
                self.updated_at = self.updated_at.max(event.at);
                return Ok(());
            }
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
            EventData::Answer { reply } | EventData::Settle { reply } => {
                self.reply = Some(reply.clone())
            }
            EventData::NotifyReceived { .. } => {
                self.notified_at.get_or_insert(event.at);
            }
            EventData::GmReview {
                decision,
                incident_lead,
                president_needed,
            } => {
                if *decision == GmDecision::Major {
                    self.severity = Severity::Major;
                    self.incident_lead = Some(incident_lead.clone());
                }
                self.president_pending = *president_needed;
                self.gm_look = Some(GmLook {
                    by: event.actor.clone(),
                    at: event.at,
                    decision: *decision,
                    incident_lead: incident_lead.clone(),
                    president_needed: *president_needed,
                });
            }
            EventData::PresidentApproval { reference } => {
                self.president_pending = false;
                self.president_reference = Some(reference.clone());
            }
            EventData::IncidentTeam { lead, team } => {
                self.incident_lead = Some(lead.clone());
                self.incident_team = Some(team.clone());
            }
            EventData::Meeting {
                held_at,
                place,
                attendees,
                agreed,
            } => self.meetings.push(MeetingRecord {
                by: event.actor.clone(),
                held_at: held_at.clone(),
                place: place.clone(),
                attendees: attendees.clone(),
                agreed: agreed.clone(),
            }),
            EventData::Mediator {
                mediator,
                involvement,
            } => self.mediators.push((mediator.clone(), involvement.clone())),
            EventData::Compensate { amount, proposal } => {
                self.compensations.push(CompensationProposal {
                    id: event.id.clone(),
                    amount: *amount,
                    proposal: proposal.clone(),
                    by: (event.actor.clone(), event.role),
                    at: event.at,
                    approvals: Vec::new(),
                })
            }
            EventData::ApproveCompensation { compensation } => {
                if let Some(c) = self
                    .compensations
                    .iter_mut()
                    .find(|c| &c.id == compensation)
                {
                    c.approvals.push((event.actor.clone(), event.role));
                }
            }
            EventData::ReturnHq => self.returned_hq_at = Some(event.at),
            EventData::DraftReply { reply } => {
                self.written_reply = Some(WrittenReply {
                    text: reply.clone(),
                    by: event.actor.clone(),
                    approvals: Vec::new(),
                })
            }
            EventData::ApproveReply => {
                if let Some(w) = self.written_reply.as_mut() {
                    w.approvals.push((event.actor.clone(), event.role));
                }
            }
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
                if let Some(a) = self.attachments.iter().find(|a| &a.id == attachment) {
                    if !self.removed_files.contains(&a.hash) {
                        self.removed_files.push(a.hash.clone());
                    }
                }
                self.attachments.retain(|a| &a.id != attachment);
                self.detached.push(attachment.clone());
            }
            EventData::PurgeFiles { hashes } => {
                self.removed_files.retain(|h| !hashes.contains(h));
            }
            EventData::Acknowledge
            | EventData::Reject
            | EventData::Archive
            | EventData::Cancel
            | EventData::FollowUp => {}
        }
        // Paperwork on a closed complaint (returning it to group HQ) keeps its closing time.
        if !(next.is_closed() && next == self.status) {
            self.closed_at = next.is_closed().then_some(event.at);
        }
        self.status = next;
        self.updated_at = event.at;
        Ok(())
    }

    /// Whether the complaint waits for a manager to resolve a conflict between two devices'
    /// histories.
    pub fn has_conflict(&self) -> bool {
        !self.conflict.is_empty()
    }

    /// The events of `events` (this state's history) that were replayed: all of them but
    /// those set aside or discarded (borrowed as they are when none was).
    pub fn in_effect<'a>(&self, events: &'a [Event]) -> std::borrow::Cow<'a, [Event]> {
        if self.skipped.is_empty() {
            std::borrow::Cow::Borrowed(events)
        } else {
            std::borrow::Cow::Owned(
                events
                    .iter()
                    .filter(|e| !self.skipped.contains(&e.id))
                    .cloned()
                    .collect(),
            )
        }
    }
}
