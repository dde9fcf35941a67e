//! The append-only history of a complaint. A complaint's status and current fields are
//! derived from its events by the workflow ([`super::workflow::ComplaintState::replay`]);
//! events are never edited.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::domain::attachments::Attachment;
use crate::domain::vocabulary::{
    EscalationLevel, GmDecision, Intake, Role, Severity, Stage, TransferTarget,
};

/// One entry in a complaint's history. Read through [`RawEvent`]: one flat struct and a
/// `match` on the action are much less code in the browser bundle than serde's internally
/// tagged, flattened enum, for the same JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawEvent")]
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
// The registration carries the whole form; it is one event per complaint, so boxing it would
// cost every reader a pointer for no saving worth having.
#[allow(clippy::large_enum_variant)]
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
    /// the customer was told the complaint is received (告知客户已受理), by the
    /// channel's own means; status unchanged.
    NotifyReceived {
        /// What the customer was told or sent (the channel's script, as said).
        script: String,
    },
    /// settled on the spot by whoever received it: the answer is given at once
    /// (registered → answered); the satisfaction callback follows as usual.
    Settle {
        /// The reply given.
        reply: String,
    },
    /// the general manager's first look (总经理批示); status unchanged.
    GmReview {
        /// How it is to be handled.
        decision: GmDecision,
        /// The incident lead named for a major handling; empty otherwise.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        incident_lead: String,
        /// Whether the platform president must approve.
        president_needed: bool,
    },
    /// the platform president's approval came back, with its reference.
    PresidentApproval {
        /// The reference of the president's reply (e.g. a document or message number).
        reference: String,
    },
    /// the chain of command of a major or group complaint (统一指挥).
    IncidentTeam {
        /// The incident lead.
        lead: String,
        /// The team's members, as typed (names separated by 、 or commas).
        team: String,
    },
    /// a meeting with the complainants.
    Meeting {
        /// When it was held (`YYYY-MM-DDTHH:MM`, office time, as typed).
        held_at: String,
        /// Where.
        place: String,
        /// Who attended.
        attendees: String,
        /// What was agreed.
        agreed: String,
    },
    /// a third-party mediator brought in.
    Mediator {
        /// Who mediates (person or organisation).
        mediator: String,
        /// What they did.
        involvement: String,
    },
    /// a compensation proposal with its amount; its id is the event's id.
    Compensate {
        /// Amount in yuan.
        amount: u64,
        /// What is proposed.
        proposal: String,
    },
    /// a compensation proposal approved by a role whose limit covers it.
    ApproveCompensation {
        /// The id of the [`EventData::Compensate`] event approved.
        compensation: String,
    },
    /// the 客户投诉处理表 of a case forwarded by group HQ was sent back.
    ReturnHq,
    /// a written reply to the customer (书面答复) drafted; it passes each approval
    /// level before it is sent (a new draft starts the approvals again).
    DraftReply {
        /// The reply's text.
        reply: String,
    },
    /// one approval level passed the written reply drafted last.
    ApproveReply,
    /// Photos or documents were attached (at registration or with a later action, recorded
    /// right after it in the same write). Status unchanged. The files are stored under their
    /// hashes in the same transaction.
    Attach {
        /// What was attached.
        attachments: Vec<Attachment>,
    },
    /// An attachment was removed from view (the file stays until the complaint is purged).
    /// Status unchanged.
    Detach {
        /// The removed attachment's id.
        attachment: String,
    },
    /// A manager or the GM purged the stored files of removed attachments of an archived
    /// complaint (the files no other complaint refers to). Status unchanged; the attach and
    /// detach events stay in the history.
    PurgeFiles {
        /// The SHA-256 hex of each file deleted.
        hashes: Vec<String>,
    },
    /// Written by a merge (an import or a sync) when the union of two devices' histories
    /// does not replay: the events the workflow refused are set aside (kept in the history,
    /// not replayed) until a manager resolves the conflict. By 系统; its id is derived from
    /// its content (see [`super::conflict::marker`]), so two devices that find the same
    /// conflict write the same event. Status unchanged.
    Conflict {
        /// The ids of the events set aside, in history order.
        set_aside: Vec<String>,
        /// The ids of the other branch's events, replayed in their place (since the fork).
        #[serde(default)]
        applied: Vec<String>,
    },
    /// A manager's or the GM's resolution of a conflict: the events in `keep` are replayed
    /// again, those in `discard` are set aside for good (they stay in the history).
    ResolveConflict {
        /// The ids of set-aside events to replay again.
        keep: Vec<String>,
        /// The ids of events no longer replayed.
        discard: Vec<String>,
    },
}

/// An event as it is written in JSON: the common fields, the `action` tag, and every action's
/// data field, each optional. [`Event`] is read through it.
#[derive(Deserialize)]
pub struct RawEvent {
    id: String,
    at: DateTime<FixedOffset>,
    actor: String,
    role: Role,
    #[serde(default)]
    note: String,
    action: String,
    intake: Option<Intake>,
    handler: Option<String>,
    findings: Option<String>,
    responsibility: Option<String>,
    plan: Option<String>,
    expected_done: Option<String>,
    result: Option<String>,
    reply: Option<String>,
    score: Option<u8>,
    accepted: Option<bool>,
    target: Option<TransferTarget>,
    category: Option<String>,
    severity: Option<Severity>,
    sheet: Option<String>,
    department: Option<String>,
    request: Option<String>,
    due: Option<DateTime<FixedOffset>>,
    stage: Option<Stage>,
    level: Option<EscalationLevel>,
    deadline: Option<DateTime<FixedOffset>>,
    script: Option<String>,
    decision: Option<GmDecision>,
    incident_lead: Option<String>,
    president_needed: Option<bool>,
    reference: Option<String>,
    lead: Option<String>,
    team: Option<String>,
    held_at: Option<String>,
    place: Option<String>,
    attendees: Option<String>,
    agreed: Option<String>,
    mediator: Option<String>,
    involvement: Option<String>,
    amount: Option<u64>,
    proposal: Option<String>,
    compensation: Option<String>,
    attachments: Option<Vec<Attachment>>,
    attachment: Option<String>,
    hashes: Option<Vec<String>>,
    set_aside: Option<Vec<String>>,
    applied: Option<Vec<String>>,
    keep: Option<Vec<String>>,
    discard: Option<Vec<String>>,
}

/// The data fields an event of `action` must carry, as [`Event`] is read (`None`: no such
/// action). Messages about a damaged file name the missing one from this table; a test
/// checks it against the reader.
pub fn required_fields(action: &str) -> Option<&'static [&'static str]> {
    Some(match action {
        "register" => &["intake"],
        "dispatch" | "reassign" => &["handler"],
        "investigate" => &["findings", "responsibility"],
        "propose" => &["plan"],
        "carry_out" | "feedback" => &["result"],
        "answer" => &["reply"],
        "callback" => &["score", "accepted"],
        "transfer" => &["target"],
        "reclassify" => &["category", "severity"],
        "issue_sheet" => &["sheet", "department", "request", "due"],
        "sheet_reply" => &["sheet", "reply"],
        "escalate" => &["stage", "level"],
        "attach" => &["attachments"],
        "detach" => &["attachment"],
        "purge_files" => &["hashes"],
        "conflict" => &["set_aside"],
        "resolve_conflict" => &["keep", "discard"],
        "notify_received" => &["script"],
        "settle" => &["reply"],
        "gm_review" => &["decision", "president_needed"],
        "president_approval" => &["reference"],
        "incident_team" => &["lead", "team"],
        "meeting" => &["held_at", "place", "attendees", "agreed"],
        "mediator" => &["mediator", "involvement"],
        "compensate" => &["amount", "proposal"],
        "approve_compensation" => &["compensation"],
        "draft_reply" => &["reply"],
        "acknowledge" | "approve" | "reject" | "archive" | "reopen" | "cancel" | "follow_up"
        | "return_hq" | "approve_reply" => &[],
        _ => return None,
    })
}

fn need<T>(value: Option<T>, action: &str, field: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{field}` for action `{action}`"))
}

impl TryFrom<RawEvent> for Event {
    type Error = String;

    fn try_from(r: RawEvent) -> Result<Self, String> {
        let a = r.action.as_str();
        let data = match a {
            "register" => EventData::Register {
                intake: need(r.intake, a, "intake")?,
            },
            "dispatch" => EventData::Dispatch {
                handler: need(r.handler, a, "handler")?,
            },
            "reassign" => EventData::Reassign {
                handler: need(r.handler, a, "handler")?,
            },
            "acknowledge" => EventData::Acknowledge,
            "investigate" => EventData::Investigate {
                findings: need(r.findings, a, "findings")?,
                responsibility: need(r.responsibility, a, "responsibility")?,
            },
            "propose" => EventData::Propose {
                plan: need(r.plan, a, "plan")?,
                expected_done: r.expected_done.unwrap_or_default(),
            },
            "approve" => EventData::Approve,
            "reject" => EventData::Reject,
            "carry_out" => EventData::CarryOut {
                result: need(r.result, a, "result")?,
            },
            "feedback" => EventData::Feedback {
                result: need(r.result, a, "result")?,
            },
            "answer" => EventData::Answer {
                reply: need(r.reply, a, "reply")?,
            },
            "callback" => EventData::Callback {
                score: need(r.score, a, "score")?,
                accepted: need(r.accepted, a, "accepted")?,
            },
            "archive" => EventData::Archive,
            "reopen" => EventData::Reopen,
            "transfer" => EventData::Transfer {
                target: need(r.target, a, "target")?,
            },
            "cancel" => EventData::Cancel,
            "follow_up" => EventData::FollowUp,
            "reclassify" => EventData::Reclassify {
                category: need(r.category, a, "category")?,
                severity: need(r.severity, a, "severity")?,
            },
            "issue_sheet" => EventData::IssueSheet {
                sheet: need(r.sheet, a, "sheet")?,
                department: need(r.department, a, "department")?,
                request: need(r.request, a, "request")?,
                due: need(r.due, a, "due")?,
            },
            "sheet_reply" => EventData::SheetReply {
                sheet: need(r.sheet, a, "sheet")?,
                reply: need(r.reply, a, "reply")?,
            },
            "escalate" => EventData::Escalate {
                stage: need(r.stage, a, "stage")?,
                level: need(r.level, a, "level")?,
                deadline: r.deadline,
            },
            "notify_received" => EventData::NotifyReceived {
                script: need(r.script, a, "script")?,
            },
            "settle" => EventData::Settle {
                reply: need(r.reply, a, "reply")?,
            },
            "gm_review" => EventData::GmReview {
                decision: need(r.decision, a, "decision")?,
                incident_lead: r.incident_lead.unwrap_or_default(),
                president_needed: need(r.president_needed, a, "president_needed")?,
            },
            "president_approval" => EventData::PresidentApproval {
                reference: need(r.reference, a, "reference")?,
            },
            "incident_team" => EventData::IncidentTeam {
                lead: need(r.lead, a, "lead")?,
                team: need(r.team, a, "team")?,
            },
            "meeting" => EventData::Meeting {
                held_at: need(r.held_at, a, "held_at")?,
                place: need(r.place, a, "place")?,
                attendees: need(r.attendees, a, "attendees")?,
                agreed: need(r.agreed, a, "agreed")?,
            },
            "mediator" => EventData::Mediator {
                mediator: need(r.mediator, a, "mediator")?,
                involvement: need(r.involvement, a, "involvement")?,
            },
            "compensate" => EventData::Compensate {
                amount: need(r.amount, a, "amount")?,
                proposal: need(r.proposal, a, "proposal")?,
            },
            "approve_compensation" => EventData::ApproveCompensation {
                compensation: need(r.compensation, a, "compensation")?,
            },
            "return_hq" => EventData::ReturnHq,
            "draft_reply" => EventData::DraftReply {
                reply: need(r.reply, a, "reply")?,
            },
            "approve_reply" => EventData::ApproveReply,
            "attach" => EventData::Attach {
                attachments: need(r.attachments, a, "attachments")?,
            },
            "detach" => EventData::Detach {
                attachment: need(r.attachment, a, "attachment")?,
            },
            "purge_files" => EventData::PurgeFiles {
                hashes: need(r.hashes, a, "hashes")?,
            },
            "conflict" => EventData::Conflict {
                set_aside: need(r.set_aside, a, "set_aside")?,
                applied: r.applied.unwrap_or_default(),
            },
            "resolve_conflict" => EventData::ResolveConflict {
                keep: need(r.keep, a, "keep")?,
                discard: need(r.discard, a, "discard")?,
            },
            other => return Err(format!("unknown action `{other}`")),
        };
        Ok(Event {
            id: r.id,
            at: r.at,
            actor: r.actor,
            role: r.role,
            note: r.note,
            data,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value for every data field an event can carry.
    fn every_field() -> serde_json::Map<String, serde_json::Value> {
        let v = serde_json::json!({
            "id": "SH01-A-1-1", "at": "2026-11-22T10:00:00+08:00", "actor": "经理",
            "role": "manager", "intake": {
                "customer_name": "王芳", "phone": "13812345678", "customer_type": "owner",
                "project": "滨江华府", "content": "渗水", "mood": "calm", "channel": "phone",
                "kind": "complaint", "category": "工程质量", "severity": "general"
            },
            "handler": "李处理", "findings": "x", "responsibility": "x", "plan": "x",
            "result": "x", "reply": "x", "score": 5, "accepted": true, "target": "developer",
            "category": "工程质量", "severity": "general", "sheet": "x", "department": "x",
            "request": "x", "due": "2026-11-23T10:00:00+08:00", "stage": "answer",
            "level": "head_office", "script": "x", "decision": "normal",
            "incident_lead": "x", "president_needed": false, "reference": "x", "lead": "x",
            "team": "x", "held_at": "2026-11-22T10:00", "place": "x", "attendees": "x",
            "agreed": "x", "mediator": "x", "involvement": "x", "amount": 100,
            "proposal": "x", "compensation": "x"
        });
        match v {
            serde_json::Value::Object(mut m) => {
                m.insert(
                    "attachments".into(),
                    serde_json::json!([{"id": "SH01-A-1-1-1", "name": "a.jpg", "type": "image/jpeg",
                        "size": 3, "hash": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}]),
                );
                m.insert("attachment".into(), "SH01-A-1-1-1".into());
                for key in ["set_aside", "applied", "keep", "discard"] {
                    m.insert(key.into(), serde_json::json!(["SH01-A-1-1"]));
                }
                m.insert(
                    "hashes".into(),
                    serde_json::json!([
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
                    ]),
                );
                m
            }
            _ => unreachable!("an object"),
        }
    }

    /// [`required_fields`] says exactly what the reader needs: with every field an event of
    /// each action reads, without any one of its required fields it does not, and an action
    /// the table does not know is not read either.
    #[test]
    fn the_table_of_required_fields_is_the_readers() {
        let actions = std::iter::once("register")
            .chain(super::super::workflow::Action::ALL.iter().map(|a| a.code()))
            .chain([
                "escalate",
                "attach",
                "detach",
                "purge_files",
                "conflict",
                "resolve_conflict",
            ]);
        for action in actions {
            let required = required_fields(action).expect("a known action");
            let mut all = every_field();
            all.insert("action".into(), action.into());
            let read = |m: &serde_json::Map<String, serde_json::Value>| {
                serde_json::from_value::<Event>(serde_json::Value::Object(m.clone()))
            };
            assert!(read(&all).is_ok(), "{action}");
            for key in required {
                let mut without = all.clone();
                without.remove(*key);
                assert!(read(&without).is_err(), "{action} without {key}");
            }
            // Every other data field may be left out.
            let mut minimal = all.clone();
            minimal.retain(|k, _| {
                ["id", "at", "actor", "role", "action"].contains(&k.as_str())
                    || required.contains(&k.as_str())
            });
            assert!(
                read(&minimal).is_ok(),
                "{action} with only its required fields"
            );
        }
        assert_eq!(required_fields("teleport"), None);
        let mut all = every_field();
        all.insert("action".into(), "teleport".into());
        assert!(serde_json::from_value::<Event>(serde_json::Value::Object(all)).is_err());
    }
}
