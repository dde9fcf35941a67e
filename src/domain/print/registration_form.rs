//! The paper registration form 《客户投诉登记表》: its handling steps, each filled from the
//! latest event of its kind (who, when, what), with a blank left for a signature.

use chrono::{DateTime, FixedOffset};

use crate::domain::case::{Complaint, EventData};

/// One handling step of the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormStep {
    /// The step's name on the form.
    pub label: &'static str,
    /// What was recorded (empty when the step has not happened).
    pub text: String,
    /// When.
    pub at: Option<DateTime<FixedOffset>>,
    /// By whom.
    pub by: String,
}

/// The steps, in the form's order: dispatch, investigation, plan, approval, result, answer,
/// callback, archive. A step that happened more than once (after a reassignment or a
/// reopen) shows its latest record.
pub fn form_steps(complaint: &Complaint) -> Vec<FormStep> {
    type Pick = fn(&EventData) -> Option<String>;
    let steps: [(&'static str, Pick); 8] = [
        ("分派处理人", |d| match d {
            EventData::Dispatch { handler } | EventData::Reassign { handler } => {
                Some(handler.clone())
            }
            _ => None,
        }),
        ("调查结果与责任", |d| match d {
            EventData::Investigate {
                findings,
                responsibility,
            } => Some(format!("{findings}（责任：{responsibility}）")),
            _ => None,
        }),
        ("处理方案", |d| match d {
            EventData::Propose { plan, .. } => Some(plan.clone()),
            _ => None,
        }),
        ("方案审批", |d| match d {
            EventData::Approve => Some("批准".into()),
            EventData::Reject => Some("退回".into()),
            _ => None,
        }),
        ("执行结果", |d| match d {
            EventData::CarryOut { result } | EventData::Feedback { result } => Some(result.clone()),
            _ => None,
        }),
        ("答复客户", |d| match d {
            EventData::Answer { reply } | EventData::Settle { reply } => Some(reply.clone()),
            _ => None,
        }),
        ("满意度回访", |d| match d {
            EventData::Callback { score, accepted } => Some(format!(
                "{score} 分，{}",
                if *accepted {
                    "客户认可"
                } else {
                    "客户不认可"
                }
            )),
            _ => None,
        }),
        ("结案归档", |d| match d {
            EventData::Archive => Some("已归档".into()),
            EventData::Cancel => Some("作废".into()),
            _ => None,
        }),
    ];
    // Events set aside by a conflict (or discarded by its resolution) are not printed.
    let skipped = complaint.state().map(|s| s.skipped).unwrap_or_default();
    steps
        .iter()
        .map(|(label, pick)| {
            let latest = complaint
                .events
                .iter()
                .rev()
                .filter(|e| !skipped.contains(&e.id))
                .find_map(|e| pick(&e.data).map(|text| (e, text)));
            match latest {
                Some((e, text)) => FormStep {
                    label,
                    text,
                    at: Some(e.at),
                    by: e.actor.clone(),
                },
                None => FormStep {
                    label,
                    text: String::new(),
                    at: None,
                    by: String::new(),
                },
            }
        })
        .collect()
}

/// The attachments line of the form: each file shown now, as `name（照片，342 KB）`, joined
/// by `；` (empty when there is none).
pub fn attachment_list(state: &crate::domain::case::ComplaintState) -> String {
    state
        .attachments
        .iter()
        .map(|a| {
            let kind = if a.is_photo() { "照片" } else { "文件" };
            format!(
                "{}（{kind}，{}）",
                a.name,
                crate::domain::attachments::size_text(a.size)
            )
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// The paper form's title: a case forwarded by group customer service goes back to it as the
/// 客户投诉处理表 (R-32, source 002); every other complaint prints as the 客户投诉登记表.
pub fn form_title(channel: crate::domain::vocabulary::Channel) -> &'static str {
    match channel {
        crate::domain::vocabulary::Channel::GroupHq => "客户投诉处理表",
        _ => "客户投诉登记表",
    }
}
