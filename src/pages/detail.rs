//! One complaint: every registration field, its timeline, and the actions its status allows.

use leptos::prelude::*;

use crate::components::action_form::ActionForm;
use crate::components::badges::{SeverityBadge, StatusBadge};
use crate::components::loader::Loaded;
use crate::components::timeline::Timeline;
use crate::domain::case::{Action, Sheet};
use crate::domain::deadlines::{stage_deadlines, StageDeadline};
use crate::domain::queue::{Clock, DueFilter};
use crate::domain::vocabulary::{due_text, ymd_hm, EscalationLevel, Stage};
use crate::platform;
use crate::routes::Route;
use crate::state::{DbCtx, QueueCtx, SettingsCtx};

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

/// The stage deadlines with time left or how they were met.
#[component]
fn Deadlines(
    /// Every stage's deadline.
    deadlines: Vec<StageDeadline>,
    /// Now.
    clock: Clock,
    /// The latest escalation recorded.
    escalation: Option<(Stage, EscalationLevel)>,
) -> impl IntoView {
    let rows = deadlines
        .into_iter()
        .map(|d| {
            let due = d.due.timestamp_millis();
            let (class, text) = match (d.met, d.done_at) {
                (Some(true), Some(at)) => ("met", format!("按时完成（{}）", ymd_hm(&at))),
                (_, Some(at)) => ("late", format!("逾期完成（{}）", ymd_hm(&at))),
                _ if clock.passes(Some(due), DueFilter::Overdue) => {
                    ("overdue", due_text(due, clock.now))
                }
                _ if clock.passes(Some(due), DueFilter::DueSoon) => {
                    ("soon", due_text(due, clock.now))
                }
                _ => ("open", due_text(due, clock.now)),
            };
            view! {
                <tr data-testid="deadline-row" data-stage=d.stage.code() data-state=class class=class>
                    <td>{d.stage.label()}</td>
                    <td>{ymd_hm(&d.due)}</td>
                    <td>{text}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="detail-deadlines">
            <h2>"处理时限"</h2>
            {escalation.map(|(stage, level)| view! {
                <p class="notice error" data-testid="detail-escalation">
                    {format!("{}逾期，已升级至：{}", stage.label(), level.label())}
                </p>
            })}
            <table class="plain deadlines">
                <thead><tr><th>"环节"</th><th>"期限"</th><th>"状态"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// The earlier complaint this one repeats and its same-issue group.
#[component]
fn Links(
    /// The number of the complaint this one repeats.
    repeat: Option<String>,
    /// The same-issue group, oldest first (empty when none).
    group: Vec<String>,
) -> impl IntoView {
    let link = |n: String| {
        let href = Route::Detail(n.clone()).href();
        view! { <a href=href>{n}</a> " " }
    };
    (repeat.is_some() || !group.is_empty()).then(|| {
        view! {
            <section class="card links">
                {repeat.map(|n| view! {
                    <p data-testid="detail-repeat">
                        <span class="flag">"重复投诉"</span>
                        " 同一客户同类问题，前次投诉："
                        {link(n)}
                    </p>
                })}
                {(!group.is_empty()).then(|| view! {
                    <p data-testid="detail-group">
                        <span class="flag">"群体投诉"</span>
                        {format!(" 同项目同楼栋同类问题 {} 件：", group.len())}
                        {group.into_iter().map(link).collect_view()}
                    </p>
                })}
            </section>
        }
    })
}

/// The work-contact sheets issued for this complaint.
#[component]
fn Sheets(
    /// The complaint's number.
    number: String,
    /// Its sheets.
    sheets: Vec<Sheet>,
    /// Now.
    clock: Clock,
) -> impl IntoView {
    (!sheets.is_empty()).then(|| {
        let rows = sheets
            .into_iter()
            .map(|s| {
                let due = s.due.timestamp_millis();
                let overdue = s.reply.is_none() && clock.passes(Some(due), DueFilter::Overdue);
                let state = match (&s.reply, overdue) {
                    (Some(_), _) => "已回复".to_string(),
                    (None, _) => due_text(due, clock.now),
                };
                let href = Route::Sheet(number.clone(), s.id.clone()).href();
                view! {
                    <tr data-testid="sheet-row" class:overdue=overdue>
                        <td>{s.department.clone()}</td>
                        <td>{s.request.clone()}</td>
                        <td>{ymd_hm(&s.due)}</td>
                        <td>{state}</td>
                        <td>{s.reply.clone().unwrap_or_default()}</td>
                        <td><a href=href data-testid="sheet-open">"打印"</a></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="card" data-testid="detail-sheets">
                <h2>"工作联系单"</h2>
                <table class="plain">
                    <thead><tr><th>"部门"</th><th>"联系事项"</th><th>"回复期限"</th><th>"状态"</th><th>"回复"</th><th><span class="sr-only">"打印"</span></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        }
    })
}

/// The detail screen for complaint `number`.
#[component]
pub fn DetailPage(
    /// The complaint's number.
    number: String,
) -> impl IntoView {
    let db = DbCtx::expect_context();
    let settings = SettingsCtx::expect_context();
    let queue = QueueCtx::expect_context();
    let number = StoredValue::new(number);
    let reload = RwSignal::new(0u32);
    let open_action = RwSignal::new(None::<Action>);
    // Another tab changed this complaint: the page shows it at once, unless an action form
    // is open, which then says so and keeps what was typed; the page refreshes when it closes.
    let changed_under_form = RwSignal::new(false);
    Effect::watch(
        move || queue.changed(),
        move |changes, _, _| {
            if changes.concerns(&number.get_value()) {
                if open_action.get_untracked().is_some() {
                    changed_under_form.set(true);
                } else {
                    reload.update(|r| *r += 1);
                }
            }
        },
        false,
    );
    let close_form = move || {
        let closed = open_action.get_untracked();
        open_action.set(None);
        // Back to the button that opened the form, so the keyboard user stays in place.
        if let Some(a) = closed {
            focus_testid(&format!("action-{}", a.code()));
        }
        if changed_under_form.get_untracked() {
            changed_under_form.set(false);
            reload.update(|r| *r += 1);
        }
    };

    view! {
        <Loaded
            load=move || {
                reload.track();
                let db = db.get();
                let number = number.get_value();
                async move { crate::service::load(db.as_ref(), &number).await }
            } error_testid="detail-error"
            show=move |(complaint, state)| {
                            let i = state.intake.clone();
                            let actions = state.allowed_actions();
                            let severity = state.severity;
                            let events = complaint.events.clone();
                            let (deadlines, clock) = settings.with_untracked(|s| {
                                (
                                    stage_deadlines(&complaint.events, &state, &s.calendar, &s.deadlines),
                                    Clock::at(platform::now(s.offset()), s),
                                )
                            });
                            let open_sheets = StoredValue::new(state.open_sheets());
                            let sheets = state.sheets.clone();
                            let escalation = state.escalation;
                            let links = settings.with_untracked(|settings| {
                                queue.with_untracked(|q| q.related(&complaint.number, settings))
                            });
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
                                        <a
                                            class="button no-print push-right"
                                            data-testid="detail-print-form"
                                            href=Route::Form(complaint.number.clone()).href()
                                        >
                                            "打印登记表"
                                        </a>
                                    </div>
                                    <div class="card actions-bar" data-testid="detail-actions">
                                        {actions
                                            .into_iter()
                                            .map(|a| {
                                                view! {
                                                    <button
                                                        class="action"
                                                        class:selected=move || open_action.get() == Some(a)
                                                        aria-expanded=move || {
                                                            (open_action.get() == Some(a)).to_string()
                                                        }
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
                                                        open_sheets=open_sheets.get_value()
                                                        changed_elsewhere=changed_under_form
                                                        on_cancel=close_form
                                                        on_done=move || {
                                                            open_action.set(None);
                                                            changed_under_form.set(false);
                                                            reload.update(|r| *r += 1);
                                                        }
                                                    />
                                                }
                                            })
                                    }}
                                    {links.map(|r| view! { <Links repeat=r.repeat group=r.group /> })}
                                    <Deadlines deadlines=deadlines clock=clock escalation=escalation />
                                    <Sheets number=number.get_value() sheets=sheets clock=clock />
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
                                            value=crate::domain::vocabulary::ymd_hm(&state.received_at)
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
                                    <Timeline
                                        events=events
                                        number=number.get_value()
                                        on_change=Callback::new(move |_| reload.update(|r| *r += 1))
                                    />
                                </div>
                            }
                                .into_any()
                        }
        />
    }
}

/// Moves the keyboard focus to the element with test id `testid`, if it is on the page.
fn focus_testid(testid: &str) {
    use wasm_bindgen::JsCast;
    let found = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(&format!("[data-testid=\"{testid}\"]"))
                .ok()
                .flatten()
        })
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = found {
        let _ = el.focus();
    }
}
