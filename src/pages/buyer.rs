//! One buyer's service record (issue 12, R-28, R-30, R-31): what they bought and when, the
//! after-sales period, who served them from when to when, their complaints, and the log of
//! contacts, documents and callbacks, with the forms to add to it while the period runs.

use leptos::prelude::*;

use crate::components::field::options;
use crate::domain::aftersales::{
    Buyer, BuyerEntry, ContactKind, DocumentMove, EntryData, ServicePeriod,
};
use crate::platform;
use crate::routes::Route;
use crate::service::buyers;
use crate::state::{DbCtx, SettingsCtx, UserCtx};

/// A log entry as the page lists it: what kind, and what was recorded.
fn entry_texts(e: &BuyerEntry) -> (&'static str, String) {
    match &e.data {
        EntryData::Contact { kind, note, .. } => (kind.label(), note.clone()),
        EntryData::Document {
            direction,
            item,
            party,
            signed_by,
        } => (
            "资料",
            format!(
                "{}：{item}（对象：{party}，签收：{signed_by}）",
                direction.label()
            ),
        ),
        EntryData::Callback(r) => {
            let mut t = if r.reached {
                format!("已接通，满意度 {} 分", r.score.unwrap_or(0))
            } else {
                "未接通".to_string()
            };
            if !r.praise.is_empty() {
                t.push_str(&format!("；表扬：{}", r.praise));
            }
            if !r.grievance.is_empty() {
                t.push_str(&format!("；抱怨或投诉：{}", r.grievance));
            }
            (r.kind.label(), t)
        }
        EntryData::Assigned { salesperson } => ("移交", format!("移交给 {salesperson}")),
        EntryData::Introduced { salesperson, note } => (
            "接手联系",
            format!("{salesperson} 已联系客户并告知联系方式。{note}"),
        ),
    }
}

/// The buyer screen.
#[component]
pub fn BuyerPage(
    /// The buyer's id.
    id: String,
) -> impl IntoView {
    let db = DbCtx::expect_context();
    let settings = SettingsCtx::expect_context();
    let user = UserCtx::expect_context();
    let rev = RwSignal::new(0u32);
    let key = StoredValue::new(id);
    let loaded = LocalResource::new(move || {
        rev.get();
        let db = db.get();
        let id = key.get_value();
        async move {
            buyers::get(db.as_ref(), &id)
                .await
                .map_err(|e| e.to_string())
        }
    });
    let message = RwSignal::new(None::<(bool, String)>);
    let save = Action::new_local(move |data: &EntryData| {
        let data = data.clone();
        async move {
            let op = user.op(settings);
            let db = db.get();
            match buyers::record(db.as_ref(), &op.ctx(), &key.get_value(), data).await {
                Ok(_) => {
                    message.set(Some((true, "已记录".into())));
                    rev.update(|r| *r += 1);
                }
                Err(e) => message.set(Some((false, e.to_string()))),
            }
        }
    });
    let kind = RwSignal::new(ContactKind::Progress.code().to_string());
    let note = RwSignal::new(String::new());
    let direction = RwSignal::new(DocumentMove::HandedOver.code().to_string());
    let item = RwSignal::new(String::new());
    let party = RwSignal::new(String::new());
    let signed = RwSignal::new(String::new());

    let show = move |b: Buyer| {
        let today = settings.with_untracked(|s| platform::now(s.offset()).date_naive());
        let period = settings.with_untracked(|s| b.period(s.project_named(&b.project), today));
        let (open, period_text) = match period {
            ServicePeriod::Open { until: Some(d) } => {
                (true, format!("服务中（至 {}）", d.format("%Y-%m-%d")))
            }
            ServicePeriod::Open { until: None } => (true, "服务中（交房日期未定）".to_string()),
            ServicePeriod::Closed { ended } => (
                false,
                format!(
                    "售后服务期已于 {} 结束，记录只能查看",
                    ended.format("%Y-%m-%d")
                ),
            ),
        };
        let ownership = b
            .ownership()
            .into_iter()
            .map(|o| {
                view! {
                    <tr>
                        <td>{o.salesperson}</td>
                        <td>{o.from.format("%Y-%m-%d").to_string()}</td>
                        <td>{o.until.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "至今".into())}</td>
                    </tr>
                }
            })
            .collect_view();
        let complaints = b
            .complaints()
            .into_iter()
            .map(|n| view! { <li><a href=Route::Detail(n.to_string()).href()>{n.to_string()}</a></li> })
            .collect_view();
        let log = b
            .entries
            .iter()
            .rev()
            .map(|e| {
                let (label, text) = entry_texts(e);
                view! {
                    <li data-testid="buyer-log-entry">
                        <b>{label}</b>" "{crate::domain::vocabulary::ymd_hm(&e.at)}" "{e.by.clone()}"：" {text}
                    </li>
                }
            })
            .collect_view();
        let task = b.open_handover_task().map(|(s, _)| s.to_string());
        let id = b.id.clone();
        view! {
            <h1 data-testid="buyer-name">{b.name.clone()}</h1>
            <div class="card">
                <p>{format!("电话：{}", b.phones.join("、"))}</p>
                <p>{format!("{} {} {}", b.project, b.building, b.unit)}</p>
                <p>{format!("签约日期：{}；交房日期：{}", b.signed_on.format("%Y-%m-%d"), b.handover_on.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "未定".into()))}</p>
                <p>{format!("销售顾问：{}", b.current_salesperson())}</p>
                <p data-testid="buyer-period" data-open=open.to_string()>{period_text}</p>
                <a data-testid="buyer-complaint" href=Route::IntakeFor(id, String::new()).href()>"为该客户登记投诉"</a>
            </div>
            {task.map(|s| {
                let who = s.clone();
                view! {
                    <div class="card notice">
                        <p>{format!("{s} 新接手该客户：请主动联系，告知原销售顾问已调离、今后由自己跟进，并留下联系方式。")}</p>
                        <button data-testid="buyer-introduced" on:click=move |_| {
                            save.dispatch_local(EntryData::Introduced { salesperson: who.clone(), note: String::new() });
                        }>"已联系客户"</button>
                    </div>
                }
            })}
            <section class="card">
                <h2>"服务归属"</h2>
                <table data-testid="buyer-ownership">
                    <thead><tr><th>"销售顾问"</th><th>"起"</th><th>"止"</th></tr></thead>
                    <tbody>{ownership}</tbody>
                </table>
            </section>
            <section class="card">
                <h2>"投诉"</h2>
                <ul data-testid="buyer-complaints">{complaints}</ul>
            </section>
            <Show when=move || open>
                <section class="card grid">
                    <h2 class="wide">"登记沟通"</h2>
                    <label class="field">
                        <span class="label">"内容类别"</span>
                        <select data-testid="buyer-contact-kind" prop:value=move || kind.get() on:change:target=move |ev| kind.set(ev.target().value())>
                            {options!(ContactKind)}
                        </select>
                    </label>
                    <label class="field wide">
                        <span class="label">"沟通内容"</span>
                        <textarea data-testid="buyer-contact-note" bind:value=note rows=2></textarea>
                    </label>
                    <div class="actions wide">
                        <button class="primary" data-testid="buyer-contact-save" on:click=move |_| {
                            let k = ContactKind::from_code(&kind.get_untracked()).unwrap_or(ContactKind::Other);
                            save.dispatch_local(EntryData::Contact { kind: k, note: note.get_untracked(), complaint: None, callback: None });
                            note.set(String::new());
                        }>"保存沟通记录"</button>
                    </div>
                    <h2 class="wide">"资料发放与收回"</h2>
                    <label class="field">
                        <span class="label">"方向"</span>
                        <select data-testid="buyer-doc-direction" prop:value=move || direction.get() on:change:target=move |ev| direction.set(ev.target().value())>
                            {options!(DocumentMove)}
                        </select>
                    </label>
                    <label class="field"><span class="label">"资料（合同、银行卡、收据…）"</span><input data-testid="buyer-doc-item" bind:value=item /></label>
                    <label class="field"><span class="label">"交给 / 收自"</span><input data-testid="buyer-doc-party" bind:value=party /></label>
                    <label class="field"><span class="label">"签收人"</span><input data-testid="buyer-doc-signed" bind:value=signed /></label>
                    <div class="actions wide">
                        <button data-testid="buyer-doc-save" on:click=move |_| {
                            let d = DocumentMove::from_code(&direction.get_untracked()).unwrap_or(DocumentMove::HandedOver);
                            save.dispatch_local(EntryData::Document { direction: d, item: item.get_untracked(), party: party.get_untracked(), signed_by: signed.get_untracked() });
                            item.set(String::new());
                        }>"保存资料记录"</button>
                    </div>
                </section>
            </Show>
            <section class="card">
                <h2>"服务记录"</h2>
                <ul class="log" data-testid="buyer-log">{log}</ul>
            </section>
        }
    };
    view! {
        <p data-testid="buyer-message" role="status" class:error=move || message.get().is_some_and(|(ok, _)| !ok)>
            {move || message.get().map(|(_, m)| m)}
        </p>
        <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
            {move || loaded.get().map(|r| match r {
                Ok(b) => show(b).into_any(),
                Err(e) => view! { <div class="card error" data-testid="buyer-error">{e}</div> }.into_any(),
            })}
        </Transition>
    }
}
