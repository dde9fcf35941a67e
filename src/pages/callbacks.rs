//! The callback worklist 待回访 (issue 12, R-29, R-30): the month's signing callbacks, the
//! handover sample's callbacks and the open hand-over tasks, per salesperson and project,
//! with the month's quota figures (per project, and per office at head office). A callback
//! records reached or not, the score, praise and grievances; a complaint heard opens the
//! intake form filled from the buyer.

use std::collections::{BTreeSet, HashMap};

use leptos::prelude::*;

use crate::domain::aftersales::{
    office_quotas, quota_figures, worklist, Buyer, CallbackKind, CallbackResult, EntryData, Month,
    QuotaFigures, WorkItem, WorkKind,
};
use crate::platform;
use crate::routes::Route;
use crate::service::buyers;
use crate::state::{DbCtx, SettingsCtx, UserCtx};

/// How many rows the list shows at first.
const PAGE: usize = 200;

/// The worklist screen.
#[component]
pub fn CallbacksPage() -> impl IntoView {
    let db = DbCtx::expect_context();
    let settings = SettingsCtx::expect_context();
    let user = UserCtx::expect_context();
    let today = move || settings.with_untracked(|s| platform::now(s.offset()).date_naive());
    let month_text = RwSignal::new(Month::of(today()).to_string());
    let project = RwSignal::new(String::new());
    let salesperson = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);
    let rev = RwSignal::new(0u32);
    let all = LocalResource::new(move || {
        rev.get();
        let db = db.get();
        async move { buyers::list(db.as_ref()).await.unwrap_or_default() }
    });
    let list = move || all.get().unwrap_or_default();
    let month = move || Month::parse(&month_text.get()).unwrap_or_else(|| Month::of(today()));
    let by_id = Memo::new(move |_| {
        list()
            .into_iter()
            .map(|b| (b.id.clone(), b))
            .collect::<HashMap<String, Buyer>>()
    });
    let rows = Memo::new(move |_| {
        let (p, s) = (project.get(), salesperson.get());
        worklist(&list(), month(), today())
            .into_iter()
            .filter(|w| p.is_empty() || w.project.trim() == p)
            .filter(|w| s.is_empty() || w.salesperson == s)
            .collect::<Vec<WorkItem>>()
    });
    let quota = Memo::new(move |_| {
        let p = project.get();
        quota_figures(
            &list(),
            None,
            Some(p.as_str()).filter(|p| !p.is_empty()),
            month(),
        )
    });
    let projects = move || {
        list()
            .iter()
            .map(|b| b.project.trim().to_string())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
    };
    let salespeople = move || {
        list()
            .iter()
            .map(|b| b.current_salesperson().to_string())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
    };
    let offices = Memo::new(move |_| office_quotas(&list(), None, month()));

    // The open callback form: (buyer, kind).
    let open = RwSignal::new(None::<(String, WorkKind)>);
    let reached = RwSignal::new(true);
    let score = RwSignal::new("5".to_string());
    let praise = RwSignal::new(String::new());
    let grievance = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    // After a callback that heard a complaint: where to register it.
    let complaint_link = RwSignal::new(None::<String>);
    let save = Action::new_local(move |(buyer, data): &(String, EntryData)| {
        let (buyer, data) = (buyer.clone(), data.clone());
        async move {
            let op = user.op(settings);
            let db = db.get();
            let heard = matches!(&data, EntryData::Callback(r) if !r.grievance.trim().is_empty());
            match buyers::record(db.as_ref(), &op.ctx(), &buyer, data).await {
                Ok(b) => {
                    let entry = b.entries.last().map(|e| e.id.clone()).unwrap_or_default();
                    complaint_link.set(heard.then(|| Route::IntakeFor(buyer, entry).href()));
                    message.set(Some((true, format!("已记录：{}", b.name))));
                    open.set(None);
                    praise.set(String::new());
                    grievance.set(String::new());
                    rev.update(|r| *r += 1);
                }
                Err(e) => message.set(Some((false, e.to_string()))),
            }
        }
    });
    let submit = move |buyer: String, kind: WorkKind| {
        let data = match kind {
            WorkKind::HandoverTask => EntryData::Introduced {
                salesperson: by_id.with_untracked(|m| {
                    m.get(&buyer)
                        .map(|b| b.current_salesperson().to_string())
                        .unwrap_or_default()
                }),
                note: String::new(),
            },
            k => {
                let reached = reached.get_untracked();
                EntryData::Callback(CallbackResult {
                    kind: if k == WorkKind::Signing {
                        CallbackKind::Signing
                    } else {
                        CallbackKind::Handover
                    },
                    reached,
                    score: if reached {
                        score.get_untracked().parse().ok()
                    } else {
                        None
                    },
                    praise: praise.get_untracked().trim().to_string(),
                    grievance: grievance.get_untracked().trim().to_string(),
                    complaint: None,
                })
            }
        };
        save.dispatch_local((buyer, data));
    };

    let row = move |w: WorkItem| {
        let b = by_id.with_untracked(|m| m.get(&w.buyer).cloned());
        let name = b.as_ref().map(|b| b.name.clone()).unwrap_or_default();
        let unit = b
            .as_ref()
            .map(|b| format!("{} {} {}", b.project, b.building, b.unit))
            .unwrap_or_default();
        let (buyer, kind) = (w.buyer.clone(), w.kind);
        let is_open = {
            let buyer = buyer.clone();
            move || open.get().is_some_and(|(b, k)| b == buyer && k == kind)
        };
        let toggle = {
            let buyer = buyer.clone();
            move |_| {
                message.set(None);
                complaint_link.set(None);
                reached.set(true);
                open.set(Some((buyer.clone(), kind)));
            }
        };
        let done = w.state == crate::domain::aftersales::WorkState::Done;
        let action = match (kind, done) {
            (_, true) => view! { <span class="muted">"已完成"</span> }.into_any(),
            (WorkKind::HandoverTask, false) => {
                let buyer = buyer.clone();
                view! {
                    <button data-testid="callback-introduced" on:click=move |_| submit(buyer.clone(), kind)>"已联系客户"</button>
                }
                .into_any()
            }
            (_, false) => {
                view! { <button data-testid="callback-open" on:click=toggle>"记录回访"</button> }
                    .into_any()
            }
        };
        let form_buyer = buyer.clone();
        view! {
            <tr data-testid="callback-row" data-buyer=buyer.clone() data-kind=kind.code() data-state=w.state.code()>
                <td>{kind.label()}</td>
                <td><a href=Route::Buyer(buyer.clone()).href()>{name}</a></td>
                <td>{unit}</td>
                <td>{w.salesperson.clone()}</td>
                <td>{w.since.format("%Y-%m-%d").to_string()}</td>
                <td>{w.due.format("%Y-%m-%d").to_string()}</td>
                <td class=format!("state-{}", w.state.code())>{w.state.label()}</td>
                <td>{if w.unreached > 0 { format!("未接通 {} 次", w.unreached) } else { String::new() }}</td>
                <td>{action}</td>
            </tr>
            <Show when=is_open>
                <tr class="callback-form">
                    <td colspan="9">
                        <div class="grid" data-testid="callback-form">
                            <label class="field check">
                                <input type="checkbox" data-testid="callback-reached" prop:checked=move || reached.get() on:change:target=move |ev| reached.set(ev.target().checked()) />
                                <span>"已接通"</span>
                            </label>
                            <label class="field">
                                <span class="label">"满意度"</span>
                                <select data-testid="callback-score" prop:value=move || score.get() on:change:target=move |ev| score.set(ev.target().value()) disabled=move || !reached.get()>
                                    <option value="5">"5 非常满意"</option>
                                    <option value="4">"4 满意"</option>
                                    <option value="3">"3 一般"</option>
                                    <option value="2">"2 不满意"</option>
                                    <option value="1">"1 非常不满意"</option>
                                </select>
                            </label>
                            <label class="field wide"><span class="label">"表扬"</span><input data-testid="callback-praise" bind:value=praise /></label>
                            <label class="field wide"><span class="label">"抱怨或投诉"</span><input data-testid="callback-grievance" bind:value=grievance /></label>
                            <div class="actions wide">
                                <button class="primary" data-testid="callback-save" on:click={
                                    let b = form_buyer.clone();
                                    move |_| submit(b.clone(), kind)
                                }>"保存回访"</button>
                                <button data-testid="callback-cancel" on:click=move |_| open.set(None)>"取消"</button>
                            </div>
                        </div>
                    </td>
                </tr>
            </Show>
        }
    };
    let figures_row = |name: String, q: QuotaFigures| {
        view! {
            <tr>
                <td>{name}</td>
                <td>{q.signing_text()}</td>
                <td>{q.signing_done}</td>
                <td>{format!("{}（交房 {} 户）", q.handover_text(), q.handovers)}</td>
                <td>{q.average_text()}</td>
                <td>{q.complaints}</td>
            </tr>
        }
    };

    view! {
        <h1>"待回访"</h1>
        <div class="toolbar card">
            <label class="field">
                <span class="label">"月份（签约或交房所在月）"</span>
                <input type="month" data-testid="quota-month" bind:value=month_text />
            </label>
            <label class="field">
                <span class="label">"项目"</span>
                <select data-testid="callback-project" prop:value=move || project.get() on:change:target=move |ev| project.set(ev.target().value())>
                    <option value="">"全部项目"</option>
                    {move || crate::components::field::text_options(&projects())}
                </select>
            </label>
            <label class="field">
                <span class="label">"销售顾问"</span>
                <select data-testid="callback-salesperson" prop:value=move || salesperson.get() on:change:target=move |ev| salesperson.set(ev.target().value())>
                    <option value="">"全部"</option>
                    {move || crate::components::field::text_options(&salespeople())}
                </select>
            </label>
        </div>
        <div class="kpis">
            <div class="kpi card">
                <span>"签约一个月内回访（按时完成/应回访，目标 100%）"</span>
                <b data-testid="quota-signing">{move || quota.get().signing_text()}</b>
            </div>
            <div class="kpi card">
                <span>"交房后一个月内抽样回访（按时完成/抽中，抽样 30%）"</span>
                <b data-testid="quota-handover">{move || quota.get().handover_text()}</b>
            </div>
            <div class="kpi card">
                <span>"平均满意度"</span>
                <b data-testid="quota-score">{move || quota.get().average_text()}</b>
            </div>
            <div class="kpi card">
                <span>"回访中提出的投诉"</span>
                <b data-testid="quota-complaints">{move || quota.get().complaints}</b>
            </div>
        </div>
        <p data-testid="callback-message" role="status" class:error=move || message.get().is_some_and(|(ok, _)| !ok)>
            {move || message.get().map(|(_, m)| m)}
            {move || complaint_link.get().map(|href| view! { " " <a data-testid="callback-complaint" href=href>"为该客户登记投诉"</a> })}
        </p>
        <table class="worklist">
            <thead>
                <tr><th>"事项"</th><th>"客户"</th><th>"房号"</th><th>"销售顾问"</th><th>"起算日"</th><th>"最迟"</th><th>"状态"</th><th>"尝试"</th><th><span class="sr-only">"操作"</span></th></tr>
            </thead>
            <tbody>
                {move || rows.with(|r| r.iter().take(shown.get()).cloned().map(row).collect_view())}
            </tbody>
        </table>
        <Show when=move || { rows.with(|r| r.len()) > shown.get() }>
            <button data-testid="callback-more" on:click=move |_| shown.update(|s| *s += PAGE)>"显示更多"</button>
        </Show>
        <section class="card">
            <h2>"各项目回访指标"</h2>
            <table data-testid="quota-projects">
                <thead><tr><th>"项目"</th><th>"签约回访（按时/应回访）"</th><th>"签约回访已完成"</th><th>"交房抽样（按时/抽中）"</th><th>"平均满意度"</th><th>"回访投诉"</th></tr></thead>
                <tbody>
                    {move || {
                        let l = list();
                        let m = month();
                        projects().into_iter().map(|p| {
                            let q = quota_figures(&l, None, Some(&p), m);
                            figures_row(p, q)
                        }).collect_view()
                    }}
                </tbody>
            </table>
        </section>
        <Show when=move || { offices.with(|o| o.len()) > 1 }>
            <section class="card">
                <h2>"各办公室回访指标"</h2>
                <table data-testid="quota-offices">
                    <thead><tr><th>"办公室"</th><th>"签约回访（按时/应回访）"</th><th>"签约回访已完成"</th><th>"交房抽样（按时/抽中）"</th><th>"平均满意度"</th><th>"回访投诉"</th></tr></thead>
                    <tbody>
                        {move || offices.get().into_iter().map(|(o, q)| figures_row(o, q)).collect_view()}
                    </tbody>
                </table>
            </section>
        </Show>
    }
}
