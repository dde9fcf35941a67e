//! The reception tablet's only screen (案场接待模式): a customer registers their complaint in
//! large type, sees the number and the promised reply date, and the next customer gets a
//! blank form. No route leads anywhere else; leaving takes a staff PIN.

use leptos::prelude::*;

use crate::components::attach::{self, AttachInput, Pending};
use crate::components::field::enum_options;
use crate::components::pin_pad::{PinPad, StaffButtons};
use crate::domain::access::{promised_reply, AuditChange, ReceptionForm};
use crate::domain::intake::FieldErrors;
use crate::domain::vocabulary::{ymd, CustomerType, Mood};
use crate::platform::access::{self as glue, now_ms, WebKdf};
use crate::service::{self, access, ServiceError};
use crate::state::{DbCtx, SettingsCtx, UserCtx};

/// What the screen shows.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    /// The form (its round number makes each customer's form a new one).
    Form(u32),
    /// Thank you: the number and the promised reply date.
    Thanks {
        /// The complaint's number.
        number: String,
        /// The promised reply date, as shown.
        due: String,
        /// The round after this one.
        next: u32,
    },
}

/// The reception screen.
#[component]
pub fn ReceptionPage() -> impl IntoView {
    let step = RwSignal::new(Step::Form(0));
    let exiting = RwSignal::new(false);
    glue::keep_address_clean();
    view! {
        <main class="page reception" id="main" data-testid="reception">
            {move || match step.get() {
                Step::Form(round) => view! { <Form round=round step=step /> }.into_any(),
                Step::Thanks { number, due, next } => view! { <Thanks number=number due=due next=next step=step /> }.into_any(),
            }}
            <div class="reception-foot no-print">
                <button class="quiet" data-testid="reception-exit" on:click=move |_| exiting.set(true)>"工作人员"</button>
            </div>
            {move || exiting.get().then(|| view! { <ExitDialog on_close=move || exiting.set(false) /> })}
        </main>
    }
}

/// The four mood faces, drawn (no emoji font needed).
fn face(mood: Mood) -> impl IntoView {
    let mouth = match mood {
        Mood::Calm => "M14 27 Q20 32 26 27",
        Mood::Upset => "M14 29 L26 29",
        Mood::Anxious => "M14 28 Q17 25 20 28 Q23 31 26 28",
        Mood::Angry => "M14 30 Q20 24 26 30",
    };
    let brows = match mood {
        Mood::Angry => "M11 12 L17 15 M29 12 L23 15",
        Mood::Anxious => "M11 14 L17 12 M29 14 L23 12",
        _ => "",
    };
    view! {
        <svg viewBox="0 0 40 40" width="48" height="48" aria-hidden="true">
            <circle cx="20" cy="20" r="18" fill="none" stroke="currentColor" stroke-width="2.5" />
            <circle cx="14" cy="17" r="2.2" fill="currentColor" />
            <circle cx="26" cy="17" r="2.2" fill="currentColor" />
            <path d=mouth fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" />
            <path d=brows fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" />
        </svg>
    }
}

/// One customer's form. Made anew for every customer, so nothing typed before survives.
#[component]
fn Form(round: u32, step: RwSignal<Step>) -> impl IntoView {
    let db = DbCtx::expect_context();
    let settings = SettingsCtx::expect_context();
    let user = UserCtx::expect_context();
    let form = RwSignal::new(ReceptionForm::default());
    let errors = RwSignal::new(FieldErrors::new());
    let message = RwSignal::new(None::<String>);
    // Photos the customer takes with the tablet's camera (or documents), stored with the
    // registration in its transaction.
    let attached = RwSignal::new(Vec::<Pending>::new());
    let preparing = RwSignal::new(false);
    let submit = Action::new_local(move |_: &()| {
        let typed = form.get_untracked();
        let files = attach::pending_files(&attached.get_untracked());
        let s = settings.get_untracked();
        let opener = user.reception().and_then(|r| s.staff_named(&r.by).cloned());
        let db = db.get();
        async move {
            let Some(opener) = opener else {
                message.set(Some(
                    "开启接待模式的员工已不在名单中，请工作人员重新开启接待模式。".into(),
                ));
                return;
            };
            let intake = match typed.intake_form(&s) {
                Ok(f) => f,
                Err(e) => {
                    errors.set(e);
                    message.set(Some("请检查标红的栏目".into()));
                    return;
                }
            };
            let op = user.op_as(settings, Some(opener));
            match service::register_at_reception(db.as_ref(), &op.ctx(), &intake, &files).await {
                Ok((c, _)) => {
                    attach::clear(attached);
                    let due = c
                        .state()
                        .ok()
                        .and_then(|st| promised_reply(&c.events, &st, &s))
                        .map(|d| ymd(d.date_naive()))
                        .unwrap_or_default();
                    step.set(Step::Thanks {
                        number: c.number,
                        due,
                        next: round + 1,
                    });
                }
                Err(ServiceError::Form(e)) => {
                    errors.set(e);
                    message.set(Some("请检查标红的栏目".into()));
                }
                Err(e) => message.set(Some(e.to_string())),
            }
        }
    });
    let pending = submit.pending();
    let busy = Signal::derive(move || pending.get() || preparing.get());
    let err = move |f: &'static str| move || errors.with(|e| e.get(f).cloned());
    let has = move |f: &'static str| move || errors.with(|e| e.contains_key(f));
    // The field being typed in stays above the on-screen keyboard.
    let keep_visible = move |ev: leptos::ev::FocusEvent| glue::scroll_into_view_later(&ev);
    let text = move |label: &'static str,
                     f: &'static str,
                     kind: &'static str,
                     mode: &'static str,
                     get: fn(&ReceptionForm) -> String,
                     set: fn(&mut ReceptionForm, String)| {
        view! {
            <label class="field" class:invalid=has(f)>
                <span class="label">{label}</span>
                <input
                    type=kind
                    inputmode=mode
                    data-testid=format!("reception-{f}")
                    aria-invalid=move || if has(f)() { "true" } else { "false" }
                    prop:value=move || form.with(get)
                    on:input:target=move |ev| form.update(|x| set(x, ev.target().value()))
                />
                <span class="error">{err(f)}</span>
            </label>
        }
    };
    let buildings = move || {
        settings.with(|s| {
            form.with(|f| {
                s.project_named(&f.project)
                    .map(|p| p.buildings.clone())
                    .unwrap_or_default()
            })
        })
    };
    view! {
        <form class="card reception-form" data-testid="reception-form" on:focusin=keep_visible
            on:submit=move |ev| { ev.prevent_default(); if !busy.get_untracked() { submit.dispatch_local(()); } }>
            <h1>"客户意见登记"</h1>
            <p class="lead">"请留下您的意见，我们会尽快联系您并在承诺日期前给您答复。"</p>
            {text("您的姓名", "name", "text", "text", |f| f.name.clone(), |f, v| f.name = v)}
            {text("联系电话", "phone", "tel", "numeric", |f| f.phone.clone(), |f, v| f.phone = v)}
            <label class="field">
                <span class="label">"您的身份"</span>
                <select data-testid="reception-customer_type"
                    prop:value=move || form.with(|f| f.customer_type.clone())
                    on:change:target=move |ev| form.update(|f| f.customer_type = ev.target().value())>
                    {enum_options(CustomerType::ALL, CustomerType::code, CustomerType::label)}
                </select>
            </label>
            <label class="field" class:invalid=has("project")>
                <span class="label">"楼盘"</span>
                <select data-testid="reception-project"
                    prop:value=move || form.with(|f| f.project.clone())
                    on:change:target=move |ev| form.update(|f| { f.project = ev.target().value(); f.building.clear(); })>
                    <option value="">"请选择"</option>
                    {move || settings.with(|s| crate::components::field::text_options(&s.projects.iter().map(|p| p.name.clone()).collect::<Vec<_>>()))}
                </select>
                <span class="error">{err("project")}</span>
            </label>
            {move || {
                let list = buildings();
                if list.is_empty() {
                    text("楼栋", "building", "text", "text", |f| f.building.clone(), |f, v| f.building = v).into_any()
                } else {
                    view! {
                        <label class="field" class:invalid=has("building")>
                            <span class="label">"楼栋"</span>
                            <select data-testid="reception-building"
                                prop:value=move || form.with(|f| f.building.clone())
                                on:change:target=move |ev| form.update(|f| f.building = ev.target().value())>
                                <option value="">"请选择"</option>
                                {crate::components::field::text_options(&list)}
                            </select>
                            <span class="error">{err("building")}</span>
                        </label>
                    }.into_any()
                }
            }}
            {text("房号", "unit", "text", "text", |f| f.unit.clone(), |f, v| f.unit = v)}
            <label class="field wide" class:invalid=has("content")>
                <span class="label">"发生了什么"</span>
                <textarea rows="5" data-testid="reception-content"
                    aria-invalid=move || if has("content")() { "true" } else { "false" }
                    prop:value=move || form.with(|f| f.content.clone())
                    on:input:target=move |ev| form.update(|f| f.content = ev.target().value())></textarea>
                <span class="error">{err("content")}</span>
            </label>
            <label class="field wide">
                <span class="label">"您希望我们怎么做"</span>
                <textarea rows="3" data-testid="reception-remedy"
                    prop:value=move || form.with(|f| f.remedy.clone())
                    on:input:target=move |ev| form.update(|f| f.remedy = ev.target().value())></textarea>
            </label>
            <fieldset class="field wide moods" class:invalid=has("mood")>
                <legend class="label">"您现在的心情"</legend>
                <div class="faces">
                    {Mood::ALL.iter().map(|&m| view! {
                        <button type="button" class="face" data-testid="reception-mood" data-mood=m.code()
                            aria-pressed=move || if form.with(|f| f.mood == m.code()) { "true" } else { "false" }
                            on:click=move |_| form.update(|f| f.mood = m.code().into())>
                            {face(m)}
                            <span>{m.label()}</span>
                        </button>
                    }).collect_view()}
                </div>
                <span class="error">{err("mood")}</span>
            </fieldset>
            <AttachInput files=attached busy=preparing />
            <label class="check consent wide" class:invalid=has("consent")>
                <input type="checkbox" data-testid="reception-consent"
                    prop:checked=move || form.with(|f| f.consent)
                    on:change:target=move |ev| form.update(|f| f.consent = ev.target().checked()) />
                <span>"我同意售楼处依照《个人信息保护法》使用以上信息，仅用于处理本次投诉并与我联系。"</span>
            </label>
            <span class="error wide">{err("consent")}</span>
            <p class="error wide" role="alert" data-testid="reception-error">{move || message.get()}</p>
            <button type="submit" class="primary big wide" data-testid="reception-submit" disabled=busy>"提交"</button>
        </form>
    }
}

/// Thank you: the number, the promised reply date, a receipt slip to print; a blank form
/// for the next customer after a while or a tap.
#[component]
fn Thanks(number: String, due: String, next: u32, step: RwSignal<Step>) -> impl IntoView {
    let settings = SettingsCtx::expect_context();
    let (secs, office, phone) = settings.with_untracked(|s| {
        (
            s.reception_reset_secs,
            s.office_name.clone(),
            s.office_phone.clone(),
        )
    });
    let timer = glue::after(secs as i32 * 1000, move || step.set(Step::Form(next)));
    on_cleanup(move || glue::cancel_timer(timer));
    let today = settings.with_untracked(|s| ymd(crate::platform::now(s.offset()).date_naive()));
    view! {
        <section class="card reception-thanks" data-testid="reception-thanks" role="status">
            <h1>"谢谢您，我们已收到您的意见"</h1>
            <p>"登记编号"</p>
            <p class="big-number" data-testid="reception-number">{number.clone()}</p>
            <p>"我们将在以下日期前答复您"</p>
            <p class="big-date" data-testid="reception-due">{due.clone()}</p>
            <div class="actions no-print">
                <button class="big" data-testid="reception-print" on:click=move |_| glue::print()>"打印回执"</button>
                <button class="primary big" data-testid="reception-next" on:click=move |_| step.set(Step::Form(next))>"完成"</button>
            </div>
        </section>
        <section class="receipt print-only" aria-hidden="true">
            <h2>{if office.is_empty() { "客户意见登记回执".to_string() } else { format!("{office} 客户意见登记回执") }}</h2>
            <p>{format!("登记编号：{number}")}</p>
            <p>{format!("登记日期：{today}")}</p>
            <p>{format!("承诺答复日期：{due}")}</p>
            {(!phone.is_empty()).then(|| view! { <p>{format!("联系电话：{phone}")}</p> })}
        </section>
    }
}

/// Leaving reception mode, or exporting this device's complaints: a staff PIN first.
#[component]
fn ExitDialog(on_close: impl Fn() + Copy + 'static) -> impl IntoView {
    let db = DbCtx::expect_context();
    let settings = SettingsCtx::expect_context();
    let user = UserCtx::expect_context();
    let chosen = RwSignal::new(None::<String>);
    let pin = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let exported = RwSignal::new(None::<String>);
    let staff = Signal::derive(move || {
        settings.with(|s| {
            s.active_staff()
                .filter(|m| m.role.may_run_reception())
                .map(|m| (m.clone(), ""))
                .collect()
        })
    });
    // Checks the PIN; the staff member on success.
    let check = move || {
        let (name, typed) = (chosen.get_untracked(), pin.get_untracked());
        let s = settings.get_untracked();
        let db = db.get();
        async move {
            let name = name.ok_or_else(|| "请先选择您的姓名".to_string())?;
            let v = access::verify(db.as_ref(), &WebKdf, &s, &name, &typed, now_ms())
                .await
                .map_err(|e| e.to_string());
            pin.set(String::new());
            v?.require(
                |r| r.may_run_reception(),
                "只有客服专员、经理或总经理可以退出接待模式",
            )
            .map_err(|e| e.to_string())
        }
    };
    let leave = Action::new_local(move |_: &()| {
        let checked = check();
        let offset = settings.with_untracked(|s| s.offset());
        let db = db.get();
        async move {
            match checked.await {
                Ok(staff) => {
                    let at = crate::platform::now(offset);
                    let _ = access::record(
                        db.as_ref(),
                        &staff.name,
                        at,
                        vec![AuditChange::ReceptionEnded],
                    )
                    .await;
                    glue::clear_reception();
                    user.signed_in(staff.name);
                    glue::go_to(glue::Entry::Desk);
                }
                Err(e) => message.set(Some(e)),
            }
        }
    });
    let export = Action::new_local(move |_: &()| {
        let checked = check();
        let s = settings.get_untracked();
        let db = db.get();
        async move {
            match checked.await {
                Ok(_) => {
                    message.set(None);
                    exported.set(Some(export_here(db.as_ref(), &s).await));
                }
                Err(e) => message.set(Some(e)),
            }
        }
    });
    let busy = Signal::derive(move || leave.pending().get() || export.pending().get());
    let go = move || {
        if !busy.get_untracked() {
            leave.dispatch_local(());
        }
    };
    view! {
        <div class="dialog-backdrop">
            <section class="card dialog" role="dialog" aria-modal="true" aria-label="工作人员操作" data-testid="reception-exit-dialog">
                <h2>"工作人员操作"</h2>
                <StaffButtons staff=staff chosen=chosen />
                <PinPad value=pin testid="reception-exit-pin" on_enter=go />
                <p class="error" role="alert" data-testid="reception-exit-error">{move || message.get()}</p>
                <p class="notice" role="status" data-testid="reception-export-result">{move || exported.get()}</p>
                <div class="actions">
                    <button class="primary big" data-testid="reception-exit-confirm" disabled=busy on:click=move |_| go()>"退出接待模式"</button>
                    <button class="big" data-testid="reception-export" disabled=busy on:click=move |_| { export.dispatch_local(()); }>"导出本机投诉"</button>
                    <button class="big" data-testid="reception-exit-cancel" on:click=move |_| on_close()>"返回"</button>
                </div>
            </section>
        </div>
    }
}

/// Exports this device's complaints as a file for the desk PC to import; the result message.
async fn export_here(
    db: &crate::store::idb::IdbStore,
    s: &crate::domain::vocabulary::Settings,
) -> String {
    let now = crate::platform::now(s.offset());
    match service::export_complaints(db, s, now).await {
        Ok((text, n)) => {
            let name = format!(
                "complaints-{}-{}-{}.json",
                s.office_code,
                s.device_code,
                crate::domain::vocabulary::ymd_hm_compact(&now)
            );
            match crate::platform::download(&name, "application/json", &text) {
                Ok(()) => format!("已导出 {n} 条投诉：{name}"),
                Err(_) => "导出失败：浏览器未能保存文件，请重试。".into(),
            }
        }
        Err(e) => format!("导出失败：{e}"),
    }
}
