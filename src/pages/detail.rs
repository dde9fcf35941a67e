//! One complaint: every registration field, its timeline, and the actions its status allows.

use leptos::prelude::*;

use crate::app::AppCtx;
use crate::components::action_form::ActionForm;
use crate::components::badges::{SeverityBadge, StatusBadge};
use crate::components::timeline::Timeline;
use crate::domain::complaint::Complaint;
use crate::domain::workflow::{Action, ComplaintState};
use crate::service::ServiceError;
use crate::store::Store;

/// A label and a value in the detail grid.
#[component]
fn Item(
    /// Label.
    label: &'static str,
    /// Value.
    value: String,
    /// Span the whole row.
    #[prop(optional)]
    wide: bool,
) -> impl IntoView {
    view! {
        <div class="item" class:wide=wide>
            <span class="label">{label}</span>
            <span class="value">{if value.is_empty() { "—".to_string() } else { value }}</span>
        </div>
    }
}

/// The detail screen for complaint `number`.
#[component]
pub fn DetailPage(
    /// The complaint's number.
    number: String,
) -> impl IntoView {
    let ctx = AppCtx::use_ctx();
    let number = StoredValue::new(number);
    let reload = RwSignal::new(0u32);
    let loaded = LocalResource::new(move || {
        reload.track();
        let db = ctx.db();
        let number = number.get_value();
        async move {
            let load = async {
                let complaint = db
                    .get(&number)
                    .await?
                    .ok_or_else(|| ServiceError::NotFound(number.clone()))?;
                let state = complaint.state()?;
                Ok::<(Complaint, ComplaintState), ServiceError>((complaint, state))
            };
            load.await.map_err(|e| e.to_string())
        }
    });
    let open_action = RwSignal::new(None::<Action>);

    view! {
        <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
            {move || {
                loaded
                    .get()
                    .map(|result| match result {
                        Err(e) => {
                            view! {
                                <div class="card error" data-testid="detail-error">
                                    {e}
                                </div>
                            }
                                .into_any()
                        }
                        Ok((complaint, state)) => {
                            let i = state.intake.clone();
                            let actions = state.allowed_actions();
                            let severity = state.severity;
                            let events = complaint.events.clone();
                            view! {
                                <div class="detail">
                                    <div class="detail-head card">
                                        <h1 data-testid="detail-number">{complaint.number.clone()}</h1>
                                        <span data-testid="detail-status" data-status=state.status.code()>
                                            <StatusBadge status=state.status />
                                        </span>
                                        <SeverityBadge severity=severity />
                                        <span class="muted">
                                            {format!("{} · {}", i.kind.label(), state.category)}
                                        </span>
                                    </div>
                                    <div class="card actions-bar" data-testid="detail-actions">
                                        {actions
                                            .into_iter()
                                            .map(|a| {
                                                view! {
                                                    <button
                                                        class="action"
                                                        class:selected=move || open_action.get() == Some(a)
                                                        data-testid=format!("action-{}", a.code())
                                                        on:click=move |_| open_action.set(Some(a))
                                                    >
                                                        {a.label()}
                                                    </button>
                                                }
                                            })
                                            .collect_view()}
                                    </div>
                                    {move || {
                                        open_action
                                            .get()
                                            .map(|a| {
                                                view! {
                                                    <ActionForm
                                                        number=number.get_value()
                                                        action=a
                                                        severity=severity
                                                        on_cancel=move || open_action.set(None)
                                                        on_done=move || {
                                                            open_action.set(None);
                                                            reload.update(|r| *r += 1);
                                                        }
                                                    />
                                                }
                                            })
                                    }}
                                    <section class="card grid">
                                        <Item label="客户姓名" value=i.customer_name.clone() />
                                        <Item label="联系电话" value=i.phone.clone() />
                                        <Item label="客户类型" value=i.customer_type.label().into() />
                                        <Item label="来源渠道" value=i.channel.label().into() />
                                        <Item label="项目" value=i.project.clone() />
                                        <Item label="楼栋/房号" value=format!("{} {}", i.building, i.unit) />
                                        <Item label="事件时间" value=i.event_time.replace('T', " ") />
                                        <Item label="事件地点" value=i.event_place.clone() />
                                        <Item label="客户情绪" value=i.mood.label().into() />
                                        <Item label="受理人" value=state.received_by.clone() />
                                        <Item
                                            label="登记时间"
                                            value=crate::domain::timefmt::ymd_hm(&state.received_at)
                                        />
                                        <Item label="处理人" value=state.handler.clone().unwrap_or_default() />
                                        <Item label="投诉内容" value=i.content.clone() wide=true />
                                        <Item label="客户期望" value=i.desired_remedy.clone() wide=true />
                                    </section>
                                    <section class="card grid" data-testid="detail-handling">
                                        {[
                                            ("调查结果", state.findings.clone(), true),
                                            ("责任归属", state.responsibility.clone(), false),
                                            ("处理方案", state.plan.clone(), true),
                                            ("批准人", state.approved_by.clone(), false),
                                            ("处理结果", state.result.clone(), true),
                                            ("答复内容", state.reply.clone(), true),
                                            (
                                                "满意度",
                                                state
                                                    .score
                                                    .map(|s| {
                                                        format!(
                                                            "{s} 分 · {}",
                                                            if state.accepted == Some(true) { "客户认可" } else { "客户不认可" },
                                                        )
                                                    }),
                                                false,
                                            ),
                                            ("转出至", state.transferred_to.map(|t| t.label().to_string()), false),
                                        ]
                                            .into_iter()
                                            .filter_map(|(label, value, wide)| {
                                                value.map(|value| view! { <Item label=label value=value wide=wide /> })
                                            })
                                            .collect_view()}
                                    </section>
                                    <Timeline events=events />
                                </div>
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
    }
}
