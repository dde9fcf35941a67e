//! The buyers 已购客户 (issue 12, R-28, R-30): the list (search by name, phone or unit, paged so
//! thousands stay fast), the import of the sales system's spreadsheet with a preview, and the
//! hand-over of a salesperson's buyers to a colleague.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::domain::aftersales::{decode_csv, Buyer, ImportPlan};
use crate::platform;
use crate::routes::Route;
use crate::service::buyers;
use crate::state::{DbCtx, SettingsCtx, UserCtx};

/// How many rows one page of the list shows.
const PAGE: usize = 100;

/// The buyer list screen.
#[component]
pub fn BuyersPage() -> impl IntoView {
    let db = DbCtx::expect_context();
    let settings = SettingsCtx::expect_context();
    let user = UserCtx::expect_context();
    let rev = RwSignal::new(0u32);
    let all = LocalResource::new(move || {
        rev.get();
        let db = db.get();
        async move { buyers::list(db.as_ref()).await.map_err(|e| e.to_string()) }
    });
    let list = move || all.get().and_then(|r| r.ok()).unwrap_or_default();
    let load_error = move || all.get().and_then(|r| r.err()).map(|e| e.to_string());
    let query = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);

    // Import: the file's text, its preview, then the result.
    let text = RwSignal::new(None::<String>);
    let preview = RwSignal::new(None::<ImportPlan>);
    let result = RwSignal::new(None::<(bool, String)>);
    let read = Action::new_local(move |file: &web_sys::File| {
        let file = file.clone();
        async move {
            preview.set(None);
            text.set(None);
            let bytes = match platform::read_bytes(&file).await {
                Ok(b) => b,
                Err(_) => {
                    result.set(Some((false, "无法读取所选文件".into())));
                    return;
                }
            };
            let decoded = match decode_csv(&bytes, platform::decode_gbk) {
                Ok(t) => t,
                Err(e) => {
                    result.set(Some((false, format!("未导入：{e}"))));
                    return;
                }
            };
            let db = db.get();
            match buyers::preview_import(db.as_ref(), &settings.get_untracked(), &decoded).await {
                Ok(plan) => {
                    result.set(None);
                    preview.set(Some(plan));
                    text.set(Some(decoded));
                }
                Err(e) => result.set(Some((false, format!("未导入，没有写入任何数据：{e}")))),
            }
        }
    });
    let write = Action::new_local(move |_: &()| async move {
        let Some(t) = text.get_untracked() else {
            return;
        };
        let db = db.get();
        match buyers::import(db.as_ref(), &settings.get_untracked(), &t).await {
            Ok(plan) => {
                result.set(Some((
                    true,
                    format!(
                        "已导入：新增 {} 位，更新 {} 位，已有未变 {} 位。",
                        plan.new, plan.updated, plan.unchanged
                    ),
                )));
                preview.set(None);
                text.set(None);
                rev.update(|r| *r += 1);
            }
            Err(e) => result.set(Some((false, format!("未导入，没有写入任何数据：{e}")))),
        }
    });
    let choose = move |ev: leptos::ev::Event| {
        if let Some(f) = platform::take_file(&ev) {
            result.set(None);
            read.dispatch_local(f);
        }
    };

    // Hand-over: from whom, to whom, and (optionally) which buyers.
    let reassigning = RwSignal::new(false);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let picked = RwSignal::new(BTreeSet::<String>::new());
    let reassign_msg = RwSignal::new(None::<(bool, String)>);
    let hand_over = Action::new_local(move |_: &()| async move {
        let op = user.op(settings);
        let chosen =
            picked.with_untracked(|p| (!p.is_empty()).then(|| p.iter().cloned().collect()));
        let db = db.get();
        match buyers::hand_over(
            db.as_ref(),
            &op.ctx(),
            &from.get_untracked(),
            &to.get_untracked(),
            chosen,
        )
        .await
        {
            Ok(r) => {
                let closed = if r.closed > 0 {
                    format!("（另有 {} 位售后服务期已结束，未移交）", r.closed)
                } else {
                    String::new()
                };
                reassign_msg.set(Some((
                    true,
                    format!(
                        "已将 {} 位客户移交给 {}{closed}；{} 的待回访中已列出每位客户的接手联系。",
                        r.moved.len(),
                        to.get_untracked(),
                        to.get_untracked()
                    ),
                )));
                picked.set(BTreeSet::new());
                rev.update(|r| *r += 1);
            }
            Err(e) => reassign_msg.set(Some((false, e.to_string()))),
        }
    });
    let salespeople = move || {
        list()
            .iter()
            .map(|b| b.current_salesperson().to_string())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
    };
    let active_staff =
        move || settings.with(|s| s.active_staff().map(|m| m.name.clone()).collect::<Vec<_>>());

    let today = move || settings.with(|s| platform::now(s.offset()).date_naive());
    let matching = Memo::new(move |_| {
        let q = query.get();
        let from = reassigning
            .get()
            .then(|| from.get())
            .filter(|f| !f.is_empty());
        list()
            .into_iter()
            .filter(|b| q.trim().is_empty() || b.matches(&q))
            .filter(|b| from.as_deref().is_none_or(|f| b.current_salesperson() == f))
            .collect::<Vec<Buyer>>()
    });
    let row = move |b: Buyer| {
        let open = settings.with_untracked(|s| b.in_service(s.project_named(&b.project), today()));
        let id = b.id.clone();
        let pick_id = b.id.clone();
        let checked = move || picked.with(|p| p.contains(&pick_id));
        let toggle_id = b.id.clone();
        view! {
            <tr data-testid="buyer-row" data-id=id.clone()>
                <Show when=move || reassigning.get()>
                    <td>
                        <input
                            type="checkbox"
                            data-testid="buyer-pick"
                            aria-label="选择移交"
                            prop:checked=checked.clone()
                            on:change:target={
                                let id = toggle_id.clone();
                                move |ev| {
                                    let on = ev.target().checked();
                                    picked.update(|p| {
                                        if on {
                                            p.insert(id.clone());
                                        } else {
                                            p.remove(&id);
                                        }
                                    });
                                }
                            }
                        />
                    </td>
                </Show>
                <td><a href=Route::Buyer(b.id.clone()).href()>{b.name.clone()}</a></td>
                <td>{b.phones.join("、")}</td>
                <td>{format!("{} {} {}", b.project, b.building, b.unit)}</td>
                <td>{b.signed_on.format("%Y-%m-%d").to_string()}</td>
                <td>{b.handover_on.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "—".into())}</td>
                <td>{b.current_salesperson().to_string()}</td>
                <td>{if open { "服务中" } else { "服务期已结束" }}</td>
            </tr>
        }
    };

    view! {
        <h1>"已购客户"</h1>
        <section class="card">
            <h2>"导入客户名单"</h2>
            <p class="muted">"从销售系统导出的 CSV 文件（UTF-8 或 Excel 的 GBK 编码），表头需含姓名、电话、项目、房号、签约日期、销售顾问，可含楼栋、交房日期。导入前先预览；有错误的行会整份拒绝。"</p>
            <label class="field">
                <span class="label">"选择文件"</span>
                <input type="file" accept=".csv,text/csv" data-testid="buyer-import-file" on:change=choose />
            </label>
            {move || {
                preview.get().map(|plan| {
                    let rows = plan
                        .rows
                        .iter()
                        .take(PAGE)
                        .map(|r| {
                            view! {
                                <tr>
                                    <td>{r.row.line}</td>
                                    <td>{r.row.name.clone()}</td>
                                    <td>{r.row.phones.join("、")}</td>
                                    <td>{format!("{} {} {}", r.row.project, r.row.building, r.row.unit)}</td>
                                    <td>{r.row.signed_on.format("%Y-%m-%d").to_string()}</td>
                                    <td>{r.row.salesperson.clone()}</td>
                                    <td>{r.outcome}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    let more = plan.rows.len().saturating_sub(PAGE);
                    view! {
                        <div data-testid="buyer-import-preview">
                            <p>{format!("共 {} 行：新增 {} 位，更新 {} 位，已有未变 {} 位。", plan.rows.len(), plan.new, plan.updated, plan.unchanged)}</p>
                            <table>
                                <thead><tr><th>"行"</th><th>"姓名"</th><th>"电话"</th><th>"房号"</th><th>"签约日期"</th><th>"销售顾问"</th><th>"导入后"</th></tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                            {(more > 0).then(|| view! { <p class="muted">{format!("另有 {more} 行未列出")}</p> })}
                            <button class="primary" data-testid="buyer-import-confirm" disabled=move || write.pending().get() on:click=move |_| { write.dispatch_local(()); }>
                                "确认导入"
                            </button>
                        </div>
                    }
                })
            }}
            <p data-testid="buyer-import-result" role="status" class:error=move || result.get().is_some_and(|(ok, _)| !ok)>
                {move || result.get().map(|(_, m)| m)}
            </p>
        </section>
        <section class="card">
            <div class="toolbar">
                <label class="field">
                    <span class="label">"查找（姓名、电话或房号）"</span>
                    <input type="search" data-testid="buyer-search" bind:value=query on:input=move |_| shown.set(PAGE) />
                </label>
                <button data-testid="buyers-reassign" aria-expanded=move || reassigning.get().to_string() on:click=move |_| {
                    reassigning.update(|r| *r = !*r);
                    reassign_msg.set(None);
                }>
                    "移交客户"
                </button>
            </div>
            <Show when=move || reassigning.get()>
                <div class="reassign card" data-testid="reassign-panel">
                    <p class="muted">"只选移交人：移交其服务期内的全部客户；在下表勾选：只移交勾选的客户。"</p>
                    <label class="field">
                        <span class="label">"移交人（原销售顾问）"</span>
                        <select data-testid="reassign-from" prop:value=move || from.get() on:change:target=move |ev| {
                            from.set(ev.target().value());
                            picked.set(BTreeSet::new());
                        }>
                            <option value="">"请选择"</option>
                            {move || crate::components::field::text_options(&salespeople())}
                        </select>
                    </label>
                    <label class="field">
                        <span class="label">"接手人"</span>
                        <select data-testid="reassign-to" prop:value=move || to.get() on:change:target=move |ev| to.set(ev.target().value())>
                            <option value="">"请选择"</option>
                            {move || crate::components::field::text_options(&active_staff())}
                        </select>
                    </label>
                    <button class="primary" data-testid="reassign-confirm" disabled=move || hand_over.pending().get() on:click=move |_| {
                        hand_over.dispatch_local(());
                    }>
                        {move || {
                            let n = picked.with(|p| p.len());
                            if n > 0 { format!("移交勾选的 {n} 位客户") } else { "移交全部客户".to_string() }
                        }}
                    </button>
                </div>
            </Show>
            <p data-testid="reassign-result" role="status" class:error=move || reassign_msg.get().is_some_and(|(ok, _)| !ok)>
                {move || reassign_msg.get().map(|(_, m)| m)}
            </p>
            <p class="muted" data-testid="buyer-count">
                {move || {
                    let n = matching.with(|m| m.len());
                    let s = shown.get().min(n);
                    if s < n { format!("共 {n} 位，显示前 {s} 位") } else { format!("共 {n} 位") }
                }}
            </p>
            {load_error}
            <table class="buyers">
                <thead>
                    <tr>
                        <Show when=move || reassigning.get()><th>"选择"</th></Show>
                        <th>"姓名"</th><th>"电话"</th><th>"项目 楼栋 房号"</th><th>"签约日期"</th><th>"交房日期"</th><th>"销售顾问"</th><th>"售后服务"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || matching.with(|m| m.iter().take(shown.get()).cloned().map(row).collect_view())}
                </tbody>
            </table>
            <Show when=move || { matching.with(|m| m.len()) > shown.get() }>
                <button data-testid="buyer-more" on:click=move |_| shown.update(|s| *s += PAGE)>"显示更多"</button>
            </Show>
        </section>
    }
}
