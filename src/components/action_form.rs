//! The form of one workflow action: asks for what the action needs, confirms with
//! `action-confirm`, shows the workflow's refusal in Chinese and keeps what was typed.

use leptos::prelude::*;

use crate::components::attach::{self, AttachInput, Pending};
use crate::components::field::{options, slice, whole, SelectField, TextField};
use crate::components::pin_pad::PinPad;
use crate::domain::case::{disclosure_warnings, event_data, Action, ActionInput, Field};
use crate::domain::vocabulary::{GmDecision, Intake, Severity, TransferTarget};
use crate::service;
use crate::state::{DbCtx, QueueCtx, SettingsCtx, UserCtx};

/// The form for `action` on complaint `number`.
#[component]
pub fn ActionForm(
    /// The complaint's number.
    number: String,
    /// The action.
    action: Action,
    /// The complaint's severity (decides who may approve).
    severity: Severity,
    /// Its work-contact sheets still waiting for a reply: (id, department).
    #[prop(optional)]
    open_sheets: Vec<(String, String)>,
    /// True once another tab changed the complaint while this form is open: the form says
    /// so (the action is then applied to the history as stored, or refused with the reason).
    #[prop(optional, into)]
    changed_elsewhere: Signal<bool>,
    /// the acknowledgement's script, filled in for this complaint.
    #[prop(optional)]
    script: String,
    /// compensation proposals waiting for approval: (id, description).
    #[prop(optional)]
    open_compensations: Vec<(String, String)>,
    /// the complaint's registration, so that a reply naming another customer or phone
    /// number is warned about.
    #[prop(optional)]
    customer: Option<Intake>,
    /// Closes the form without doing anything.
    on_cancel: impl Fn() + 'static,
    /// Called after the action was saved.
    on_done: impl Fn() + Clone + 'static,
) -> impl IntoView {
    let db = DbCtx::expect_context();
    let settings = SettingsCtx::expect_context();
    let user = UserCtx::expect_context();
    let queue = QueueCtx::expect_context();
    // A sheet's reply is due 24 hours after it is issued by default.
    let default_due = settings.with_untracked(|s| {
        let now = crate::platform::now(s.offset());
        crate::domain::deadlines::department_reply_due(now, &s.calendar, &s.deadlines)
    });
    let input = RwSignal::new(ActionInput {
        script,
        compensation: open_compensations
            .first()
            .map(|(id, _)| id.clone())
            .unwrap_or_default(),
        ..ActionInput::prefilled(
            severity,
            crate::domain::vocabulary::local_minute(&default_due),
            open_sheets
                .first()
                .map(|(id, _)| id.clone())
                .unwrap_or_default(),
        )
    });
    let open_sheets = StoredValue::new(open_sheets);
    let open_compensations = StoredValue::new(open_compensations);
    let customer = StoredValue::new(customer);
    // what the reply names that is not this complaint's.
    let warnings = Memo::new(move |_| {
        let reply = input.with(|i| i.reply.clone());
        customer.with_value(|c| match c {
            Some(intake) if !reply.trim().is_empty() => queue.with_untracked(|q| {
                disclosure_warnings(&reply, intake, q.rows().iter().map(|s| s.name.as_str()))
            }),
            _ => Vec::new(),
        })
    });
    let error = RwSignal::new(None::<String>);
    let number = StoredValue::new(number);
    // Photos and documents, stored with the action.
    let attached = RwSignal::new(Vec::<Pending>::new());
    let preparing = RwSignal::new(false);
    // Approving a major complaint's plan or its reply asks the GM's PIN now.
    let asks_gm = action.asks_gm_pin(severity);
    let gms = settings.with_untracked(|s| {
        s.active_staff()
            .filter(|m| m.role == crate::domain::vocabulary::Role::Gm)
            .map(|m| m.name.clone())
            .collect::<Vec<_>>()
    });
    let gm_name = RwSignal::new(gms.first().cloned().unwrap_or_default());
    let gm_pin = RwSignal::new(String::new());
    let gms = StoredValue::new(gms);
    // The form as it is when the action is dispatched, checked before anything is saved.
    let act = leptos::prelude::Action::new_local(move |_: &()| {
        let typed = input.get_untracked();
        let offset = settings.with_untracked(|s| s.offset());
        let data = event_data(action, &typed, offset);
        let files = attach::pending_files(&attached.get_untracked());
        let on_done = on_done.clone();
        async move {
            let data = match data {
                Ok(d) => d,
                Err(e) => {
                    error.set(Some(e.to_string()));
                    return;
                }
            };
            let db = db.get();
            let op = if asks_gm {
                let s = settings.get_untracked();
                let typed = gm_pin.get_untracked();
                gm_pin.set(String::new());
                let checked = service::access::verify(
                    db.as_ref(),
                    &crate::platform::access::WebKdf,
                    &s,
                    &gm_name.get_untracked(),
                    &typed,
                    crate::platform::access::now_ms(),
                )
                .await
                .and_then(|v| {
                    v.require(
                        |r| r == crate::domain::vocabulary::Role::Gm,
                        "须由总经理输入自己的密码确认",
                    )
                });
                match checked {
                    Ok(gm) => user.op_as(settings, Some(gm)),
                    Err(e) => {
                        error.set(Some(e.to_string()));
                        return;
                    }
                }
            } else {
                user.op(settings)
            };
            match service::act_attaching(
                db.as_ref(),
                &op.ctx(),
                &number.get_value(),
                Some(data),
                &typed.note,
                &files,
            )
            .await
            {
                Ok((_, _, summary)) => {
                    attach::clear(attached);
                    queue.upsert(summary);
                    on_done();
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        }
    });
    let busy = act.pending();

    let roles = action.allowed_roles(severity);
    let who_may = roles
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join("、");
    let handlers = move || {
        settings.with(|s| {
            s.handlers()
                .map(|m| {
                    let n = m.name.clone();
                    view! { <option value=n.clone()>{format!("{}（{}）", n, m.role.label())}</option> }
                })
                .collect_view()
        })
    };

    let confirm = move |_| {
        if busy.get_untracked() || preparing.get_untracked() {
            return;
        }
        act.dispatch_local(());
    };

    let field = move |f: Field| -> AnyView {
        match f {
            Field::Handler => view! {
                <SelectField label="处理人" testid="action-field-handler" value=slice!(input.handler)>
                        <option value="">"请选择"</option>
                        {handlers}
                    </SelectField>
            }
            .into_any(),
            Field::Findings => view! {
                <TextField label="调查结果" testid="action-field-findings" value=slice!(input.findings) wide=true rows=3 />
            }
            .into_any(),
            Field::Responsibility => view! {
                <TextField label="责任归属" testid="action-field-responsibility" value=slice!(input.responsibility) />
            }
            .into_any(),
            Field::Plan => view! {
                <TextField label="处理方案" testid="action-field-plan" value=slice!(input.plan) wide=true rows=3 />
            }
            .into_any(),
            Field::ExpectedDone => view! {
                <TextField label="预计完成日期" testid="action-field-expected_done" value=slice!(input.expected_done) kind="date" />
            }
            .into_any(),
            Field::Result => view! {
                <TextField label="处理结果" testid="action-field-result" value=slice!(input.result) wide=true rows=3 />
            }
            .into_any(),
            Field::Reply => view! {
                <TextField label="答复内容" testid="action-field-reply" value=slice!(input.reply) wide=true rows=3 />
                {move || {
                    let w = warnings.get();
                    (!w.is_empty()).then(|| view! {
                        <div class="notice wide" data-testid="action-warning" role="status">
                            {w.into_iter().map(|t| view! { <p>{t}</p> }).collect_view()}
                        </div>
                    })
                }}
            }
            .into_any(),
            Field::Script => view! {
                <TextField label="告知客户的内容（话术）" testid="action-field-script" value=slice!(input.script) wide=true rows=3 />
            }
            .into_any(),
            Field::Decision => view! {
                <SelectField label="处理意见" testid="action-field-decision" value=slice!(input.decision)>
                        {options!(GmDecision)}
                    </SelectField>
            }
            .into_any(),
            Field::IncidentLead => view! {
                <TextField label="事件负责人（按重大投诉处理时必填）" testid="action-field-incident_lead" value=slice!(input.incident_lead) />
            }
            .into_any(),
            Field::PresidentNeeded => view! {
                <label class="field check">
                    <input type="checkbox" data-testid="action-field-president_needed" bind:checked=slice!(input.president_needed) />
                    <span>"需报平台总裁审批"</span>
                </label>
            }
            .into_any(),
            Field::Reference => view! {
                <TextField label="总裁批复文号" testid="action-field-reference" value=slice!(input.reference) />
            }
            .into_any(),
            Field::Lead => view! {
                <TextField label="事件负责人" testid="action-field-lead" value=slice!(input.lead) />
            }
            .into_any(),
            Field::Team => view! {
                <TextField label="工作小组成员" testid="action-field-team" value=slice!(input.team) wide=true />
            }
            .into_any(),
            Field::HeldAt => view! {
                <TextField label="会谈时间" testid="action-field-held_at" value=slice!(input.held_at) kind="datetime-local" />
            }
            .into_any(),
            Field::Place => view! {
                <TextField label="会谈地点" testid="action-field-place" value=slice!(input.place) />
            }
            .into_any(),
            Field::Attendees => view! {
                <TextField label="参加人员" testid="action-field-attendees" value=slice!(input.attendees) wide=true />
            }
            .into_any(),
            Field::Agreed => view! {
                <TextField label="商定事项" testid="action-field-agreed" value=slice!(input.agreed) wide=true rows=3 />
            }
            .into_any(),
            Field::MediatorName => view! {
                <TextField label="第三方调解方" testid="action-field-mediator" value=slice!(input.mediator) />
            }
            .into_any(),
            Field::Involvement => view! {
                <TextField label="调解情况" testid="action-field-involvement" value=slice!(input.involvement) wide=true rows=2 />
            }
            .into_any(),
            Field::Amount => view! {
                <TextField label="赔偿金额（元）" testid="action-field-amount" value=slice!(input.amount) />
            }
            .into_any(),
            Field::Proposal => view! {
                <TextField label="赔偿方案" testid="action-field-proposal" value=slice!(input.proposal) wide=true rows=2 />
            }
            .into_any(),
            Field::Compensation => view! {
                <SelectField label="赔偿方案" testid="action-field-compensation" value=slice!(input.compensation)>
                        {open_compensations.get_value().into_iter().map(|(id, text)| view! { <option value=id>{text}</option> }).collect_view()}
                    </SelectField>
            }
            .into_any(),
            Field::Score => view! {
                <SelectField label="满意度评分（1-5）" testid="action-field-score" value=slice!(input.score)>
                        {(1..=5).rev().map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view()}
                    </SelectField>
            }
            .into_any(),
            Field::Accepted => view! {
                <label class="field check">
                    <input type="checkbox" data-testid="action-field-accepted" bind:checked=slice!(input.accepted) />
                    <span>"客户认可处理结果"</span>
                </label>
            }
            .into_any(),
            Field::Target => view! {
                <SelectField label="转出对象" testid="action-field-target" value=slice!(input.target)>
                        {options!(TransferTarget)}
                    </SelectField>
            }
            .into_any(),
            Field::Category => view! {
                <SelectField label="类别" testid="action-field-category" value=slice!(input.category)>
                        <option value="">"请选择"</option>
                        {move || settings.with(|s| crate::components::field::text_options(&s.categories))}
                    </SelectField>
            }
            .into_any(),
            Field::Severity => view! {
                <SelectField label="严重程度" testid="action-field-severity" value=slice!(input.severity)>
                        {options!(Severity)}
                    </SelectField>
            }
            .into_any(),
            Field::Department => view! {
                <TextField label="部门" testid="action-field-department" value=slice!(input.department) />
            }
            .into_any(),
            Field::Request => view! {
                <TextField label="联系事项" testid="action-field-request" value=slice!(input.request) wide=true rows=3 />
            }
            .into_any(),
            Field::SheetDue => view! {
                <TextField label="回复期限" testid="action-field-sheet_due" value=slice!(input.sheet_due) kind="datetime-local" />
            }
            .into_any(),
            Field::Sheet => view! {
                <SelectField label="工作联系单" testid="action-field-sheet" value=slice!(input.sheet)>
                        {open_sheets.get_value().into_iter().map(|(id, dept)| view! { <option value=id.clone()>{format!("{dept}（{id}）")}</option> }).collect_view()}
                    </SelectField>
            }
            .into_any(),
            Field::SheetReplyText => view! {
                <TextField label="部门回复" testid="action-field-sheet_reply" value=slice!(input.sheet_reply) wide=true rows=3 />
            }
            .into_any(),
            Field::Note => view! {
                <TextField
                    label=if action.note_required() { "原因/说明（必填）" } else { "备注" }
                    testid="action-field-note"
                    value=slice!(input.note)
                    wide=true
                    rows=2
                />
            }
            .into_any(),
        }
    };

    // The keyboard focus moves into the form as it opens: to its first field.
    let form_ref = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        use wasm_bindgen::JsCast;
        let first = form_ref
            .get()
            .and_then(|form| {
                form.query_selector("input, select, textarea")
                    .ok()
                    .flatten()
            })
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = first {
            let _ = el.focus();
        }
    });
    // Cancel and Escape (anywhere in the form) both close it.
    let on_cancel = std::rc::Rc::new(on_cancel);
    let escape = {
        let on_cancel = on_cancel.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Escape" {
                on_cancel();
            }
        }
    };
    view! {
        <section
            class="card action-form"
            data-testid="action-form"
            data-action=action.code()
            node_ref=form_ref
            on:keydown=escape
        >
            <h2>{action.label()}</h2>
            <p class="muted">{format!("可操作角色：{who_may}")}</p>
            {move || changed_elsewhere.get().then(|| view! {
                <p class="notice" data-testid="action-changed-elsewhere" role="status">
                    "这条投诉刚在另一个窗口有了新的处理记录。确认时将接在最新记录之后办理；若流程已不允许此操作，会说明原因。取消后可查看最新记录。"
                </p>
            })}
            <div class="grid">
                {action.fields().iter().map(|f| field(*f)).collect_view()}
                <AttachInput files=attached busy=preparing />
            </div>
            <p class="error" data-testid="action-error" role="alert" aria-live="assertive">{move || error.get()}</p>
            {asks_gm.then(|| view! {
                <div class="stepup" data-testid="stepup">
                    <p class="notice">"重大投诉的方案审批和答复须由总经理当场输入密码确认，记录将以总经理的名义保存。"</p>
                    {(gms.with_value(|g| g.len()) > 1).then(|| view! {
                        <SelectField label="总经理" testid="stepup-name" value=whole(gm_name)>
                            {gms.get_value().into_iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                        </SelectField>
                    })}
                    <PinPad value=gm_pin testid="stepup-pin" label="总经理密码" on_enter=move || { if !busy.get_untracked() { act.dispatch_local(()); } } />
                </div>
            })}
            <div class="actions">
                {if asks_gm {
                    view! {
                        <button class="primary" data-testid="stepup-confirm" on:click=confirm disabled=move || busy.get() || preparing.get()>
                            "总经理确认"
                        </button>
                    }.into_any()
                } else {
                    view! {
                        <button class="primary" data-testid="action-confirm" on:click=confirm disabled=move || busy.get() || preparing.get()>
                            "确认"
                        </button>
                    }.into_any()
                }}
                <button data-testid="action-cancel" on:click=move |_| on_cancel()>"取消"</button>
            </div>
        </section>
    }
}
