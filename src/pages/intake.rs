//! The intake form 《客户投诉登记表》. Errors show next to the fields and the typed
//! values stay; on save the new number is shown and the form is cleared for the next one.

use leptos::prelude::*;

use crate::components::attach::{self, AttachInput, Pending};
use crate::components::buyer_pick::{fill_from, BuyerPick};
use crate::components::field::{
    options, slice, whole, CheckField, ChoiceGroup, SelectField, TextField,
};
use crate::domain::intake::{suggestion_text, FieldErrors, IntakeForm};
use crate::domain::queue::same_issue_for;
use crate::domain::vocabulary::{Channel, CustomerType, Kind, Mood, Severity};
use crate::platform;
use crate::routes::Route;
use crate::service::{self, ServiceError};
use crate::state::{DbCtx, QueueCtx, SettingsCtx, UserCtx};

/// The registration screen; opened for a buyer (`#/intake/<buyer>[/<callback>]`), it
/// starts filled from their record and linked to it.
#[component]
pub fn IntakePage(
    /// The buyer to start from (their id), empty for a blank form.
    #[prop(optional)]
    buyer: String,
    /// The callback (entry id) the complaint was heard in, if any.
    #[prop(optional)]
    callback: String,
) -> impl IntoView {
    let db = DbCtx::expect_context();
    let settings = SettingsCtx::expect_context();
    let user = UserCtx::expect_context();
    let queue = QueueCtx::expect_context();
    let form = RwSignal::new(IntakeForm::with_defaults());
    if !buyer.is_empty() {
        let db = db.get();
        leptos::task::spawn_local(async move {
            if let Ok(b) = crate::service::buyers::get(db.as_ref(), &buyer).await {
                form.update(|f| {
                    fill_from(f, &b);
                    f.buyer_callback = callback;
                    f.customer_type = CustomerType::Owner.code().into();
                });
            }
        });
    }
    let project = slice!(form.project);
    let building = slice!(form.building);
    let category = slice!(form.category);
    let phone = slice!(form.phone);
    let severity = slice!(form.severity);
    // different complainants with the same issue (same project, building and category)
    // within the window, this customer included, looked up in the queue's index.
    let same_issue = Memo::new(move |_| {
        let (p, b, c, ph) = (
            project.0.get(),
            building.0.get(),
            category.0.get(),
            phone.0.get(),
        );
        let (rules, now) =
            settings.with_untracked(|s| (s.severity_rules.clone(), platform::now(s.offset())));
        queue.with(|q| same_issue_for(q.rows(), &p, &b, &c, &ph, &rules, now))
    });
    let form_now = move || IntakeForm {
        same_issue: same_issue.get(),
        ..form.get()
    };
    let suggestion = Memo::new(move |_| {
        let rules = settings.with(|s| s.severity_rules.clone());
        form_now().suggestion(&rules)
    });
    let errors = RwSignal::new(FieldErrors::new());
    let message = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    // Photos and documents, stored with the registration.
    let attached = RwSignal::new(Vec::<Pending>::new());
    let preparing = RwSignal::new(false);
    // settled on the spot by whoever received it, with the reply given.
    let settled = RwSignal::new(false);
    let settle_reply = RwSignal::new(String::new());
    // The form as it is when the action is dispatched.
    let register = Action::new_local(move |_: &()| {
        let typed = untrack(form_now);
        let files = attach::pending_files(&attached.get_untracked());
        let reply = settled
            .get_untracked()
            .then(|| settle_reply.get_untracked());
        async move {
            let db = db.get();
            let op = user.op(settings);
            let done = match &reply {
                // Settled on the spot: registration, answer and files in one transaction.
                Some(reply) => {
                    service::register_settled_attaching(
                        db.as_ref(),
                        &op.ctx(),
                        &typed,
                        reply,
                        &files,
                    )
                    .await
                }
                None => service::register_attaching(db.as_ref(), &op.ctx(), &typed, &files).await,
            };
            match done {
                Ok((complaint, summary)) => {
                    attach::clear(attached);
                    errors.set(FieldErrors::new());
                    message.set(None);
                    saved.set(Some(complaint.number.clone()));
                    queue.upsert(summary);
                    form.update(|f| *f = f.next());
                    settled.set(false);
                    settle_reply.set(String::new());
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
        if busy.get_untracked() || preparing.get_untracked() {
            return;
        }
        saved.set(None);
        register.dispatch_local(());
    };

    let categories =
        move || settings.with(|s| crate::components::field::text_options(&s.categories));

    view! {
        <h1>"客户投诉登记"</h1>
        // Always in the page, so that screen readers announce the number when it appears.
        <div aria-live="polite">
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
        </div>
        <form class="card grid" data-testid="intake-form" on:submit=submit novalidate>
            <BuyerPick form=form />
            <TextField label="客户姓名" name="name" testid="intake-name" value=slice!(form.name) errors=errors required=true autocomplete="off" />
            <TextField label="联系电话" name="phone" testid="intake-phone" value=phone errors=errors required=true inputmode="tel" autocomplete="off" />
            <SelectField label="客户类型" name="customer_type" testid="intake-customer_type" value=slice!(form.customer_type) errors=errors>
                {options!(CustomerType)}
            </SelectField>
            <SelectField label="来源渠道" name="channel" testid="intake-channel" value=slice!(form.channel) errors=errors required=true>
                {options!(Channel)}
            </SelectField>
            <SelectField label="类型" name="kind" testid="intake-kind" value=slice!(form.kind) errors=errors>
                {options!(Kind)}
            </SelectField>
            <SelectField label="类别" name="category" testid="intake-category" value=category errors=errors required=true>
                <option value="">"请选择"</option>
                {categories}
            </SelectField>
            <SelectField label="严重程度" name="severity" testid="intake-severity" value=severity errors=errors>
                {options!(Severity)}
            </SelectField>
            <ChoiceGroup legend="重大投诉判定" testid="intake-facts">
                <CheckField label="可能引发法律诉讼" testid="intake-lawsuit" value=slice!(form.lawsuit_risk) />
                <CheckField label="媒体曝光" testid="intake-media" value=slice!(form.media_exposure) />
                <CheckField label="涉及经济赔偿" testid="intake-compensation" value=slice!(form.compensation) />
                <CheckField label="员工违纪违规" testid="intake-violation" value=slice!(form.staff_violation) />
                <TextField label="共同投诉人数" name="complainants" testid="intake-complainants" value=slice!(form.complainants) errors=errors inputmode="numeric" placeholder="1" />
                <p class="suggestion wide" data-testid="intake-suggestion" data-severity=move || suggestion.get().0.code()>
                    {move || {
                        let (severity, reasons) = suggestion.get();
                        suggestion_text(severity, &reasons, same_issue.get())
                    }}
                </p>
                <Show when=move || form.with(|f| f.overrides_suggestion(suggestion.get().0))>
                    <TextField label="与建议不同的理由" name="severity_reason" testid="intake-severity_reason" value=slice!(form.severity_reason) errors=errors required=true wide=true />
                </Show>
            </ChoiceGroup>
            <SelectField label="客户情绪" name="mood" testid="intake-mood" value=slice!(form.mood) errors=errors>
                {options!(Mood)}
            </SelectField>
            <TextField label="项目" name="project" testid="intake-project" value=project errors=errors required=true list="project-list" />
            <TextField label="楼栋" name="building" testid="intake-building" value=building errors=errors list="building-list" />
            // The office's projects and the chosen project's buildings are offered; others can
            // still be typed.
            <datalist id="project-list">
                {move || settings.with(|s| s.projects.iter().map(|p| view! { <option value=p.name.clone()></option> }).collect_view())}
            </datalist>
            <datalist id="building-list">
                {move || {
                    let chosen = project.0.get();
                    settings.with(|s| s.project_named(chosen.trim()).map(|p| p.buildings.iter().map(|b| view! { <option value=b.clone()></option> }).collect_view()))
                }}
            </datalist>
            <TextField label="房号" name="unit" testid="intake-unit" value=slice!(form.unit) errors=errors />
            <TextField label="事件时间" name="event_time" testid="intake-event_time" value=slice!(form.event_time) errors=errors kind="datetime-local" />
            <TextField label="事件地点" name="event_place" testid="intake-event_place" value=slice!(form.event_place) errors=errors />
            <TextField label="投诉内容" name="content" testid="intake-content" value=slice!(form.content) errors=errors required=true wide=true rows=5 />
            <TextField label="客户期望的解决方式" name="remedy" testid="intake-remedy" value=slice!(form.remedy) errors=errors wide=true rows=2 />
            <TextField label="接待人（由他人接待、代为登记时填写）" name="received_by" testid="intake-received_by" value=slice!(form.received_by) errors=errors />
            <ChoiceGroup legend="当场处理" testid="intake-settle">
                <CheckField label="已当场答复客户（登记后等待满意度回访）" testid="intake-settled" value=whole(settled) />
                <Show when=move || settled.get()>
                    <TextField label="当场答复内容" name="settle_reply" testid="intake-settle-reply" value=whole(settle_reply) required=true wide=true rows=2 />
                </Show>
            </ChoiceGroup>
            <AttachInput files=attached busy=preparing />
            <p class="error wide" data-testid="intake-message" role="alert">
                {move || message.get()}
            </p>
            <div class="actions wide">
                <button type="submit" class="primary" data-testid="intake-submit" disabled=move || busy.get() || preparing.get()>
                    "保存登记"
                </button>
            </div>
        </form>
    }
}
