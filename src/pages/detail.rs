//! One complaint: every registration field, its timeline, and the actions its status allows.

use leptos::prelude::*;

use crate::components::action_form::ActionForm;
use crate::components::badges::{SeverityBadge, StatusBadge};
use crate::components::loader::Loaded;
use crate::components::timeline::Timeline;
use crate::domain::case::{Action, ComplaintState, Sheet};
use crate::domain::deadlines::{promised_reply, stage_deadlines, StageDeadline};
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

/// A major or group complaint's chain of command, meetings, mediators and compensation
/// proposals, and the GM's first look; nothing when none was recorded.
#[component]
fn Incident(
    /// The complaint's state.
    state: ComplaintState,
) -> impl IntoView {
    let look = state.gm_look.clone();
    let any = look.is_some()
        || state.incident_lead.is_some()
        || !state.meetings.is_empty()
        || !state.mediators.is_empty()
        || !state.compensations.is_empty();
    any.then(|| {
        let meetings = state
            .meetings
            .iter()
            .map(|m| {
                view! {
                    <tr data-testid="meeting-row">
                        <td>{m.held_at.replace('T', " ")}</td>
                        <td>{m.place.clone()}</td>
                        <td>{m.attendees.clone()}</td>
                        <td>{m.agreed.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        let compensations = state
            .compensations
            .iter()
            .map(|c| {
                let approved = if c.approvals.is_empty() {
                    "待批准".to_string()
                } else {
                    c.approvals
                        .iter()
                        .map(|(n, r)| format!("{n}（{}）", r.label()))
                        .collect::<Vec<_>>()
                        .join("、")
                };
                view! {
                    <tr data-testid="compensation-row">
                        <td>{format!("{} 元", c.amount)}</td>
                        <td>{c.proposal.clone()}</td>
                        <td>{format!("{}（{}）", c.by.0, c.by.1.label())}</td>
                        <td>{approved}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="card" data-testid="detail-incident">
                <h2>"总经理批示与事件处理"</h2>
                {look.map(|l| view! {
                    <p data-testid="detail-gm-look">
                        {format!(
                            "总经理批示（{}，{}）：{}{}",
                            l.by,
                            ymd_hm(&l.at),
                            l.decision.label(),
                            if l.president_needed { "，需报总裁审批" } else { "" },
                        )}
                    </p>
                })}
                {state.president_pending.then(|| view! {
                    <p class="notice" data-testid="detail-president-pending">"等待总裁批复：批复后请记录批复文号。"</p>
                })}
                {state.president_reference.clone().map(|r| view! {
                    <p data-testid="detail-president">{format!("总裁批复：{r}")}</p>
                })}
                {state.incident_lead.clone().map(|l| view! {
                    <p data-testid="detail-incident-lead">
                        {format!("事件负责人：{l}　工作小组：{}", state.incident_team.clone().unwrap_or_default())}
                    </p>
                })}
                {(!state.meetings.is_empty()).then(|| view! {
                    <table class="plain">
                        <caption>"会谈记录"</caption>
                        <thead><tr><th>"时间"</th><th>"地点"</th><th>"参加人员"</th><th>"商定事项"</th></tr></thead>
                        <tbody>{meetings}</tbody>
                    </table>
                })}
                {state.mediators.iter().map(|(who, what)| view! {
                    <p data-testid="mediator-row">{format!("第三方调解：{who}，{what}")}</p>
                }).collect_view()}
                {(!state.compensations.is_empty()).then(|| view! {
                    <table class="plain">
                        <caption>"赔偿方案"</caption>
                        <thead><tr><th>"金额"</th><th>"方案"</th><th>"提出人"</th><th>"批准"</th></tr></thead>
                        <tbody>{compensations}</tbody>
                    </table>
                })}
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
                            let skipped = state.skipped.clone();
                            let conflict_events = complaint.events.clone();
                            let conflict_state = state.clone();
                            let (deadlines, clock) = settings.with_untracked(|s| {
                                (
                                    stage_deadlines(&state.in_effect(&complaint.events), &state, &s.calendar, &s.deadlines),
                                    Clock::at(platform::now(s.offset()), s),
                                )
                            });
                            let open_sheets = StoredValue::new(state.open_sheets());
                            // the channel's script with this complaint's promised reply date.
                            let script = settings.with_untracked(|s| {
                                let reply_by = promised_reply(&state.in_effect(&complaint.events), &state, &s.calendar, &s.deadlines);
                                crate::domain::vocabulary::fill_script(
                                    crate::domain::vocabulary::script_template(&s.notify_scripts, i.channel),
                                    &i.customer_name,
                                    &complaint.number,
                                    &ymd_hm(&reply_by),
                                )
                            });
                            let script = StoredValue::new(script);
                            let open_compensations = StoredValue::new(
                                state
                                    .compensations
                                    .iter()
                                    .filter(|c| c.approvals.is_empty())
                                    .map(|c| (c.id.clone(), format!("{} 元：{}", c.amount, c.proposal)))
                                    .collect::<Vec<_>>(),
                            );
                            let customer = StoredValue::new(i.clone());
                            let hq_case = i.channel == crate::domain::vocabulary::Channel::GroupHq;
                            let returned = state.returned_hq_at;
                            let incident = state.clone();
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
                                    <crate::components::conflict_card::ConflictCard
                                        number=number.get_value()
                                        events=conflict_events
                                        state=conflict_state
                                        on_change=Callback::new(move |_| reload.update(|r| *r += 1))
                                    />
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
                                                        script=script.get_value()
                                                        open_compensations=open_compensations.get_value()
                                                        customer=customer.get_value()
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
                                    {hq_case.then(|| view! {
                                        <section class="card no-print" data-testid="detail-hq">
                                            <p data-testid="detail-hq-state">
                                                {match returned {
                                                    Some(at) => format!("集团客服转来：客户投诉处理表已于 {} 回传", ymd_hm(&at)),
                                                    None => "集团客服转来：答复客户后打印客户投诉处理表、导出本投诉文件，回传集团客服并记录".to_string(),
                                                }}
                                            </p>
                                            <button data-testid="detail-export-one" on:click=move |_| export_one(db, settings, number.get_value())>
                                                "导出本投诉文件"
                                            </button>
                                        </section>
                                    })}
                                    <Incident state=incident />
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
                                    {
                                        let items = [
                                            ("调查结果", state.findings.clone(), true),
                                            ("责任归属", state.responsibility.clone(), false),
                                            ("处理方案", state.plan.clone(), true),
                                            ("批准人", state.approved_by.clone(), false),
                                            ("处理结果", state.result.clone(), true),
                                            ("答复内容", state.reply.clone(), true),
                                            (
                                                "书面答复审核",
                                                state.written_reply.as_ref().map(|w| {
                                                    let passed = w
                                                        .approvals
                                                        .iter()
                                                        .map(|(n, r)| format!("{n}（{}）", r.label()))
                                                        .collect::<Vec<_>>();
                                                    format!(
                                                        "{}；已审核：{}",
                                                        w.text,
                                                        if passed.is_empty() { "无".to_string() } else { passed.join("、") },
                                                    )
                                                }),
                                                true,
                                            ),
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
                                            .collect::<Vec<_>>();
                                        // Nothing handled yet: no empty card.
                                        (!items.is_empty()).then(|| view! {
                                            <section class="card grid" data-testid="detail-handling">{items}</section>
                                        })
                                    }
                                    <crate::components::attachments::PurgeFiles
                                        number=number.get_value()
                                        state=state.clone()
                                        on_change=Callback::new(move |_| reload.update(|r| *r += 1))
                                    />
                                    <Timeline
                                        events=events
                                        skipped=skipped
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

/// downloads the export file of complaint `number` alone (sent back to group HQ with
/// its 客户投诉处理表).
fn export_one(db: DbCtx, settings: SettingsCtx, number: String) {
    leptos::task::spawn_local(async move {
        let s = settings.get_untracked();
        let now = platform::now(s.offset());
        let db = db.get();
        if let Ok(text) = crate::service::export_one(db.as_ref(), &s, &number, now).await {
            let _ = platform::download(&format!("{number}.json"), "application/json", &text);
        }
    });
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
