//! The history of a complaint, newest last.

use leptos::prelude::*;

use crate::components::attachments::{AttachmentThumbs, AttachmentViewer, Gallery};
use crate::domain::attachments::Attachment;
use crate::domain::case::{Event, EventData};
use crate::domain::vocabulary::ymd_hm;

/// What an event says, in a line of Chinese.
pub fn describe(data: &EventData) -> String {
    match data {
        EventData::Register { intake } => format!(
            "登记（{}，{}）",
            intake.channel.label(),
            intake.kind.label()
        ),
        EventData::Dispatch { handler } => format!("分派给 {handler}"),
        EventData::Reassign { handler } => format!("改派给 {handler}"),
        EventData::Investigate {
            findings,
            responsibility,
        } => {
            format!("调查结果：{findings}；责任归属：{responsibility}")
        }
        EventData::Propose {
            plan,
            expected_done,
        } if expected_done.is_empty() => format!("提交方案：{plan}"),
        EventData::Propose {
            plan,
            expected_done,
        } => format!("提交方案：{plan}（预计 {expected_done} 完成）"),
        EventData::CarryOut { result } => format!("执行完成：{result}"),
        EventData::Feedback { result } => format!("外部反馈：{result}"),
        EventData::Answer { reply } => format!("答复客户：{reply}"),
        EventData::Callback { score, accepted } => format!(
            "满意度回访：{score} 分，{}",
            if *accepted {
                "客户认可"
            } else {
                "客户不认可"
            }
        ),
        EventData::Transfer { target } => format!("转出至{}", target.label()),
        EventData::Reclassify { category, severity } => {
            format!("调整为 {category} / {}", severity.label())
        }
        EventData::IssueSheet {
            department,
            request,
            due,
            ..
        } => format!(
            "发工作联系单至{department}：{request}（{} 前回复）",
            ymd_hm(due)
        ),
        EventData::SheetReply { reply, .. } => format!("部门回复：{reply}"),
        EventData::Escalate { stage, level, .. } => {
            format!("{}逾期，升级至{}", stage.label(), level.label())
        }
        EventData::NotifyReceived { script } => format!("告知客户已受理：{script}"),
        EventData::Settle { reply } => format!("当场答复客户：{reply}"),
        EventData::GmReview {
            decision,
            incident_lead,
            president_needed,
        } => format!(
            "总经理批示：{}{}{}",
            decision.label(),
            if incident_lead.is_empty() {
                String::new()
            } else {
                format!("，事件负责人 {incident_lead}")
            },
            if *president_needed {
                "，需报总裁审批"
            } else {
                ""
            }
        ),
        EventData::PresidentApproval { reference } => format!("总裁已批复（{reference}）"),
        EventData::IncidentTeam { lead, team } => {
            format!("事件负责人 {lead}；工作小组：{team}")
        }
        EventData::Meeting {
            held_at,
            place,
            attendees,
            agreed,
        } => format!(
            "会谈：{} 于{place}，参加：{attendees}；商定：{agreed}",
            held_at.replace('T', " ")
        ),
        EventData::Mediator {
            mediator,
            involvement,
        } => format!("第三方调解（{mediator}）：{involvement}"),
        EventData::Compensate { amount, proposal } => {
            format!("赔偿方案 {amount} 元：{proposal}")
        }
        EventData::ApproveCompensation { .. } => "批准赔偿方案".into(),
        EventData::ReturnHq => "客户投诉处理表已回传集团客服".into(),
        EventData::DraftReply { reply } => format!("拟写书面答复：{reply}"),
        EventData::ApproveReply => "书面答复审核通过".into(),
        EventData::Attach { attachments } => format!("添加附件 {} 个", attachments.len()),
        EventData::Detach { .. } => "移除附件".to_string(),
        EventData::PurgeFiles { hashes } => {
            format!("清除已移除附件的文件 {} 个", hashes.len())
        }
        EventData::Conflict { set_aside, .. } => format!(
            "两台设备的处理互不相容：{} 条处理记录被搁置，双方记录都已保留，待经理处理",
            set_aside.len()
        ),
        EventData::ResolveConflict { keep, discard } if keep.is_empty() => format!(
            "处理冲突：保留已生效的处理，{} 条被搁置的记录不再生效",
            discard.len()
        ),
        EventData::ResolveConflict { keep, discard } => format!(
            "处理冲突：改用被搁置的处理（恢复 {} 条），另一方 {} 条记录不再生效",
            keep.len(),
            discard.len()
        ),
        other => other
            .action()
            .map(|a| a.label().to_string())
            .unwrap_or_default(),
    }
}

/// The timeline of events.
#[component]
pub fn Timeline(
    /// The complaint's events, oldest first.
    events: Vec<Event>,
    /// The complaint's number: given, the viewer offers to remove a photo.
    #[prop(optional, into)]
    number: Option<String>,
    /// Called after an attachment was removed (the page reloads the complaint).
    #[prop(optional)]
    on_change: Option<Callback<()>>,
    /// The ids of events not in effect (set aside by a conflict or discarded by its
    /// resolution): shown, marked as such.
    #[prop(optional)]
    skipped: Vec<String>,
) -> impl IntoView {
    // The attachments shown: every attached file not removed since, in timeline order.
    let removed: Vec<&str> = events
        .iter()
        .filter_map(|e| match &e.data {
            EventData::Detach { attachment } => Some(attachment.as_str()),
            _ => None,
        })
        .collect();
    let shown_of = |e: &Event| -> Vec<Attachment> {
        match &e.data {
            EventData::Attach { attachments } => attachments
                .iter()
                .filter(|a| !removed.contains(&a.id.as_str()))
                .cloned()
                .collect(),
            _ => Vec::new(),
        }
    };
    let shown: Vec<Attachment> = events.iter().flat_map(shown_of).collect();
    let gallery = Gallery::new(&shown);
    let thumbs: Vec<Vec<Attachment>> = events.iter().map(shown_of).collect();
    view! {
        <section class="card">
            <h2>"处理记录"</h2>
            <ol class="timeline" data-testid="timeline">
                {events
                    .into_iter()
                    .zip(thumbs)
                    .map(|(e, attachments)| {
                        let action = match &e.data {
                            EventData::Register { .. } => "register",
                            EventData::Escalate { .. } => "escalate",
                            EventData::Attach { .. } => "attach",
                            EventData::Detach { .. } => "detach",
                            EventData::PurgeFiles { .. } => "purge_files",
                            EventData::Conflict { .. } => "conflict",
                            EventData::ResolveConflict { .. } => "resolve_conflict",
                            d => d.action().map(|a| a.code()).unwrap_or_default(),
                        };
                        let off = skipped.contains(&e.id);
                        view! {
                            <li data-testid="timeline-event" data-action=action class:set-aside=off>
                                <time>{ymd_hm(&e.at)}</time>
                                <span class="who">{format!("{}（{}）", e.actor, e.role.label())}</span>
                                <span class="what">{describe(&e.data)}</span>
                                {off.then(|| view! { <small class="flag" data-testid="timeline-set-aside">"未生效"</small> })}
                                {(!e.note.is_empty()).then(|| view! { <span class="note">{format!("备注：{}", e.note)}</span> })}
                                {(!attachments.is_empty()).then(|| view! { <AttachmentThumbs attachments gallery /> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <AttachmentViewer gallery number on_change />
        </section>
    }
}
