//! The intake form 《客户投诉登记表》. Errors show next to the fields and the typed
//! values stay; on save the new number is shown and the form is cleared for the next one.

use leptos::prelude::*;

use crate::components::field::{options, Field};
use crate::domain::intake::{same_issue_complainants, FieldErrors, IntakeForm};
use crate::domain::model::{Channel, CustomerType, Kind, Mood, Severity};
use crate::platform;
use crate::routes::Route;
use crate::service::{self, ServiceError};
use crate::state::{DbCtx, QueueCtx, SettingsCtx, UserCtx};

/// The registration screen.
#[component]
pub fn IntakePage() -> impl IntoView {
    let db = DbCtx::expect_context();
    let settings = SettingsCtx::expect_context();
    let user = UserCtx::expect_context();
    let queue = QueueCtx::expect_context();
    let defaults = IntakeForm::with_defaults();
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let customer_type = RwSignal::new(defaults.customer_type.clone());
    let project = RwSignal::new(String::new());
    let building = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let event_time = RwSignal::new(String::new());
    let event_place = RwSignal::new(String::new());
    let content = RwSignal::new(String::new());
    let remedy = RwSignal::new(String::new());
    let mood = RwSignal::new(defaults.mood.clone());
    let channel = RwSignal::new(defaults.channel.clone());
    let kind = RwSignal::new(defaults.kind.clone());
    let category = RwSignal::new(String::new());
    let severity = RwSignal::new(defaults.severity.clone());
    let lawsuit = RwSignal::new(false);
    let media = RwSignal::new(false);
    let compensation = RwSignal::new(false);
    let violation = RwSignal::new(false);
    let complainants = RwSignal::new(String::new());
    let severity_reason = RwSignal::new(String::new());
    // different complainants with the same issue (same project, building and category)
    // within the window, this customer included, looked up in the queue's index.
    let same_issue = Memo::new(move |_| {
        let (p, b, c, ph) = (project.get(), building.get(), category.get(), phone.get());
        if p.trim().is_empty() || c.is_empty() {
            return 0;
        }
        let (rules, now) =
            settings.with_untracked(|s| (s.severity_rules.clone(), platform::now(s.offset())));
        queue.with(|q| same_issue_complainants(q.rows(), &p, &b, &c, &ph, &rules, now))
    });
    let form_now = move || IntakeForm {
        name: name.get(),
        phone: phone.get(),
        customer_type: customer_type.get(),
        project: project.get(),
        building: building.get(),
        unit: unit.get(),
        event_time: event_time.get(),
        event_place: event_place.get(),
        content: content.get(),
        remedy: remedy.get(),
        mood: mood.get(),
        channel: channel.get(),
        kind: kind.get(),
        category: category.get(),
        severity: severity.get(),
        lawsuit_risk: lawsuit.get(),
        media_exposure: media.get(),
        compensation: compensation.get(),
        staff_violation: violation.get(),
        complainants: complainants.get(),
        same_issue: same_issue.get(),
        severity_reason: severity_reason.get(),
    };
    let suggestion = Memo::new(move |_| {
        let rules = settings.with(|s| s.severity_rules.clone());
        form_now().suggestion(&rules)
    });
    let errors = RwSignal::new(FieldErrors::new());
    let message = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    let register = Action::new_local(move |form: &IntakeForm| {
        let form = form.clone();
        async move {
            let db = db.get();
            let op = user.op(settings);
            match service::register(db.as_ref(), &op.ctx(), &form).await {
                Ok((complaint, summary)) => {
                    errors.set(FieldErrors::new());
                    message.set(None);
                    saved.set(Some(complaint.number.clone()));
                    queue.upsert(summary);
                    for s in [
                        name,
                        phone,
                        project,
                        building,
                        unit,
                        event_time,
                        event_place,
                        content,
                        remedy,
                    ] {
                        s.set(String::new());
                    }
                }
                Err(ServiceError::Form(e)) => {
                    errors.set(e);
                    message.set(Some("表单有误，请检查标红的栏目。".into()));
                }
                Err(e) => message.set(Some(e.to_string())),
            }
        }
    });
    let busy = register.pending();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let form = untrack(form_now);
        saved.set(None);
        register.dispatch_local(form);
    };

    let categories =
        move || settings.with(|s| crate::components::field::text_options(&s.categories));

    view! {
        <h1>"客户投诉登记"</h1>
        <Show when=move || saved.get().is_some()>
            <div class="notice ok" role="status">
                "已登记，投诉编号："
                <a
                    data-testid="new-number"
                    href=move || Route::Detail(saved.get().unwrap_or_default()).href()
                >
                    {move || saved.get()}
                </a>
            </div>
        </Show>
        <form class="card grid" data-testid="intake-form" on:submit=submit novalidate>
            <Field label="客户姓名" name="name" errors=errors required=true>
                <input data-testid="intake-name" bind:value=name autocomplete="off" />
            </Field>
            <Field label="联系电话" name="phone" errors=errors required=true>
                <input data-testid="intake-phone" bind:value=phone inputmode="tel" autocomplete="off" />
            </Field>
            <Field label="客户类型" name="customer_type" errors=errors>
                <select data-testid="intake-customer_type" bind:value=customer_type>
                    {options!(CustomerType)}
                </select>
            </Field>
            <Field label="来源渠道" name="channel" errors=errors required=true>
                <select data-testid="intake-channel" bind:value=channel>
                    {options!(Channel)}
                </select>
            </Field>
            <Field label="类型" name="kind" errors=errors>
                <select data-testid="intake-kind" bind:value=kind>
                    {options!(Kind)}
                </select>
            </Field>
            <Field label="类别" name="category" errors=errors required=true>
                <select data-testid="intake-category" bind:value=category>
                    <option value="">"请选择"</option>
                    {categories}
                </select>
            </Field>
            <Field label="严重程度" name="severity" errors=errors>
                <select data-testid="intake-severity" bind:value=severity>
                    {options!(Severity)}
                </select>
            </Field>
            <fieldset class="facts wide" data-testid="intake-facts">
                <legend>"重大投诉判定"</legend>
                <label class="check"><input type="checkbox" data-testid="intake-lawsuit" bind:checked=lawsuit />"可能引发法律诉讼"</label>
                <label class="check"><input type="checkbox" data-testid="intake-media" bind:checked=media />"媒体曝光"</label>
                <label class="check"><input type="checkbox" data-testid="intake-compensation" bind:checked=compensation />"涉及经济赔偿"</label>
                <label class="check"><input type="checkbox" data-testid="intake-violation" bind:checked=violation />"员工违纪违规"</label>
                <Field label="共同投诉人数" name="complainants" errors=errors>
                    <input data-testid="intake-complainants" inputmode="numeric" placeholder="1" bind:value=complainants />
                </Field>
                <p class="suggestion wide" data-testid="intake-suggestion" data-severity=move || suggestion.get().0.code()>
                    {move || {
                        let (sev, reasons) = suggestion.get();
                        let why = reasons.iter().map(|r| r.label()).collect::<Vec<_>>().join("、");
                        let same = same_issue.get();
                        let group = if same >= 2 { format!("（近期同楼栋同类投诉 {same} 人）") } else { String::new() };
                        if why.is_empty() {
                            format!("系统建议：{}{group}", sev.label())
                        } else {
                            format!("系统建议：{}（{why}）{group}", sev.label())
                        }
                    }}
                </p>
                <Show when=move || Severity::from_code(&severity.get()) != Some(suggestion.get().0)>
                    <Field label="与建议不同的理由" name="severity_reason" errors=errors required=true wide=true>
                        <input data-testid="intake-severity_reason" bind:value=severity_reason />
                    </Field>
                </Show>
            </fieldset>
            <Field label="客户情绪" name="mood" errors=errors>
                <select data-testid="intake-mood" bind:value=mood>
                    {options!(Mood)}
                </select>
            </Field>
            <Field label="项目" name="project" errors=errors required=true>
                <input data-testid="intake-project" bind:value=project />
            </Field>
            <Field label="楼栋" name="building" errors=errors>
                <input data-testid="intake-building" bind:value=building />
            </Field>
            <Field label="房号" name="unit" errors=errors>
                <input data-testid="intake-unit" bind:value=unit />
            </Field>
            <Field label="事件时间" name="event_time" errors=errors>
                <input type="datetime-local" data-testid="intake-event_time" bind:value=event_time />
            </Field>
            <Field label="事件地点" name="event_place" errors=errors>
                <input data-testid="intake-event_place" bind:value=event_place />
            </Field>
            <Field label="投诉内容" name="content" errors=errors required=true wide=true>
                <textarea data-testid="intake-content" bind:value=content rows="5"></textarea>
            </Field>
            <Field label="客户期望的解决方式" name="remedy" errors=errors wide=true>
                <textarea data-testid="intake-remedy" bind:value=remedy rows="2"></textarea>
            </Field>
            <p class="error wide" data-testid="intake-message" role="alert">
                {move || message.get()}
            </p>
            <div class="actions wide">
                <button type="submit" class="primary" data-testid="intake-submit" disabled=busy>
                    "保存登记"
                </button>
            </div>
        </form>
    }
}
