//! The form of one workflow action: asks for what the action needs, confirms with
//! `action-confirm`, shows the workflow's refusal in Chinese and keeps what was typed.

use leptos::prelude::*;

use crate::components::field::options;
use crate::domain::command::{event_data, ActionInput};
use crate::domain::event::EventData;
use crate::domain::model::{Role, Severity, TransferTarget};
use crate::domain::workflow::{Action, Field};
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
    /// Closes the form without doing anything.
    on_cancel: impl Fn() + 'static,
    /// Called after the action was saved.
    on_done: impl Fn() + Clone + 'static,
) -> impl IntoView {
    let db = DbCtx::expect_context();
    let settings = SettingsCtx::expect_context();
    let user = UserCtx::expect_context();
    let queue = QueueCtx::expect_context();
    let handler = RwSignal::new(String::new());
    let findings = RwSignal::new(String::new());
    let responsibility = RwSignal::new(String::new());
    let plan = RwSignal::new(String::new());
    let expected_done = RwSignal::new(String::new());
    let result = RwSignal::new(String::new());
    let reply = RwSignal::new(String::new());
    let score = RwSignal::new("5".to_string());
    let accepted = RwSignal::new(true);
    let target = RwSignal::new(TransferTarget::Developer.code().to_string());
    let category = RwSignal::new(String::new());
    let new_severity = RwSignal::new(severity.code().to_string());
    let note = RwSignal::new(String::new());
    let department = RwSignal::new(String::new());
    let request = RwSignal::new(String::new());
    // A sheet's reply is due 24 hours after it is issued by default.
    let default_due = settings.with_untracked(|s| {
        let now = crate::platform::now(s.offset());
        crate::domain::deadlines::department_reply_due(now, &s.calendar, &s.deadlines)
    });
    let sheet_due = RwSignal::new(crate::domain::timefmt::local_minute(&default_due));
    let sheet = RwSignal::new(
        open_sheets
            .first()
            .map(|(id, _)| id.clone())
            .unwrap_or_default(),
    );
    let sheet_reply = RwSignal::new(String::new());
    let open_sheets = StoredValue::new(open_sheets);
    let error = RwSignal::new(None::<String>);
    let number = StoredValue::new(number);
    let act = leptos::prelude::Action::new_local(move |(data, note): &(EventData, String)| {
        let (data, note) = (data.clone(), note.clone());
        let on_done = on_done.clone();
        async move {
            let op = user.op(settings);
            let db = db.get();
            match service::act(db.as_ref(), &op.ctx(), &number.get_value(), data, &note).await {
                Ok((_, _, summary)) => {
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
            s.staff
                .iter()
                .filter(|m| matches!(m.role, Role::Handler | Role::Manager | Role::Gm))
                .map(|m| {
                    let n = m.name.clone();
                    view! { <option value=n.clone()>{format!("{}（{}）", n, m.role.label())}</option> }
                })
                .collect_view()
        })
    };

    let confirm = move |_| {
        if busy.get_untracked() {
            return;
        }
        let input = ActionInput {
            handler: handler.get_untracked(),
            findings: findings.get_untracked(),
            responsibility: responsibility.get_untracked(),
            plan: plan.get_untracked(),
            expected_done: expected_done.get_untracked(),
            result: result.get_untracked(),
            reply: reply.get_untracked(),
            score: score.get_untracked(),
            accepted: accepted.get_untracked(),
            target: target.get_untracked(),
            category: category.get_untracked(),
            severity: new_severity.get_untracked(),
            department: department.get_untracked(),
            request: request.get_untracked(),
            sheet_due: sheet_due.get_untracked(),
            sheet: sheet.get_untracked(),
            sheet_reply: sheet_reply.get_untracked(),
            note: note.get_untracked(),
        };
        let offset = settings.with_untracked(|s| s.offset());
        let data = match event_data(action, &input, offset) {
            Ok(d) => d,
            Err(e) => {
                error.set(Some(e.to_string()));
                return;
            }
        };
        act.dispatch_local((data, input.note));
    };

    let field = move |f: Field| -> AnyView {
        match f {
            Field::Handler => view! {
                <label class="field">
                    <span class="label">"处理人"</span>
                    <select data-testid="action-field-handler" bind:value=handler>
                        <option value="">"请选择"</option>
                        {handlers}
                    </select>
                </label>
            }
            .into_any(),
            Field::Findings => view! {
                <label class="field wide">
                    <span class="label">"调查结果"</span>
                    <textarea data-testid="action-field-findings" bind:value=findings rows="3"></textarea>
                </label>
            }
            .into_any(),
            Field::Responsibility => view! {
                <label class="field">
                    <span class="label">"责任归属"</span>
                    <input data-testid="action-field-responsibility" bind:value=responsibility />
                </label>
            }
            .into_any(),
            Field::Plan => view! {
                <label class="field wide">
                    <span class="label">"处理方案"</span>
                    <textarea data-testid="action-field-plan" bind:value=plan rows="3"></textarea>
                </label>
            }
            .into_any(),
            Field::ExpectedDone => view! {
                <label class="field">
                    <span class="label">"预计完成日期"</span>
                    <input type="date" data-testid="action-field-expected_done" bind:value=expected_done />
                </label>
            }
            .into_any(),
            Field::Result => view! {
                <label class="field wide">
                    <span class="label">"处理结果"</span>
                    <textarea data-testid="action-field-result" bind:value=result rows="3"></textarea>
                </label>
            }
            .into_any(),
            Field::Reply => view! {
                <label class="field wide">
                    <span class="label">"答复内容"</span>
                    <textarea data-testid="action-field-reply" bind:value=reply rows="3"></textarea>
                </label>
            }
            .into_any(),
            Field::Score => view! {
                <label class="field">
                    <span class="label">"满意度评分（1-5）"</span>
                    <select data-testid="action-field-score" bind:value=score>
                        {(1..=5).rev().map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view()}
                    </select>
                </label>
            }
            .into_any(),
            Field::Accepted => view! {
                <label class="field check">
                    <input type="checkbox" data-testid="action-field-accepted" bind:checked=accepted />
                    <span>"客户认可处理结果"</span>
                </label>
            }
            .into_any(),
            Field::Target => view! {
                <label class="field">
                    <span class="label">"转出对象"</span>
                    <select data-testid="action-field-target" bind:value=target>
                        {options!(TransferTarget)}
                    </select>
                </label>
            }
            .into_any(),
            Field::Category => view! {
                <label class="field">
                    <span class="label">"类别"</span>
                    <select data-testid="action-field-category" bind:value=category>
                        <option value="">"请选择"</option>
                        {move || settings.with(|s| crate::components::field::text_options(&s.categories))}
                    </select>
                </label>
            }
            .into_any(),
            Field::Severity => view! {
                <label class="field">
                    <span class="label">"严重程度"</span>
                    <select data-testid="action-field-severity" bind:value=new_severity>
                        {options!(Severity)}
                    </select>
                </label>
            }
            .into_any(),
            Field::Department => view! {
                <label class="field">
                    <span class="label">"部门"</span>
                    <input data-testid="action-field-department" bind:value=department />
                </label>
            }
            .into_any(),
            Field::Request => view! {
                <label class="field wide">
                    <span class="label">"联系事项"</span>
                    <textarea data-testid="action-field-request" bind:value=request rows="3"></textarea>
                </label>
            }
            .into_any(),
            Field::SheetDue => view! {
                <label class="field">
                    <span class="label">"回复期限"</span>
                    <input type="datetime-local" data-testid="action-field-sheet_due" bind:value=sheet_due />
                </label>
            }
            .into_any(),
            Field::Sheet => view! {
                <label class="field">
                    <span class="label">"工作联系单"</span>
                    <select data-testid="action-field-sheet" bind:value=sheet>
                        {open_sheets.get_value().into_iter().map(|(id, dept)| view! { <option value=id.clone()>{format!("{dept}（{id}）")}</option> }).collect_view()}
                    </select>
                </label>
            }
            .into_any(),
            Field::SheetReplyText => view! {
                <label class="field wide">
                    <span class="label">"部门回复"</span>
                    <textarea data-testid="action-field-sheet_reply" bind:value=sheet_reply rows="3"></textarea>
                </label>
            }
            .into_any(),
            Field::Note => view! {
                <label class="field wide">
                    <span class="label">
                        {if action.note_required() { "原因/说明（必填）" } else { "备注" }}
                    </span>
                    <textarea data-testid="action-field-note" bind:value=note rows="2"></textarea>
                </label>
            }
            .into_any(),
        }
    };

    view! {
        <section class="card action-form" data-testid="action-form" data-action=action.code()>
            <h2>{action.label()}</h2>
            <p class="muted">{format!("可操作角色：{who_may}")}</p>
            {move || changed_elsewhere.get().then(|| view! {
                <p class="notice" data-testid="action-changed-elsewhere" role="status">
                    "这条投诉刚在另一个窗口有了新的处理记录。确认时将接在最新记录之后办理；若流程已不允许此操作，会说明原因。取消后可查看最新记录。"
                </p>
            })}
            <div class="grid">{action.fields().iter().map(|f| field(*f)).collect_view()}</div>
            <p class="error" data-testid="action-error" role="alert">{move || error.get()}</p>
            <div class="actions">
                <button class="primary" data-testid="action-confirm" on:click=confirm disabled=busy>
                    "确认"
                </button>
                <button data-testid="action-cancel" on:click=move |_| on_cancel()>"取消"</button>
            </div>
        </section>
    }
}
