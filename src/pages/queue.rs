//! The queue: filter, sort and search every complaint, rendering only the rows in view.
//! It opens on the newest rows read from the `received` index, and switches to the full
//! in-memory index of summaries as soon as that has loaded.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::{AppCtx, Route};
use crate::components::badges::{SeverityBadge, StatusBadge};
use crate::components::field::options;
use crate::domain::complaint::Summary;
use crate::domain::model::{Channel, Severity};
use crate::domain::query::{Filter, Sort};
use crate::domain::timefmt;
use crate::domain::workflow::Status;

/// Height of one row in pixels (touch-friendly); the list positions rows by it.
const ROW_H: i32 = 60;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 8;

fn fmt_time(millis: i64, offset: chrono::FixedOffset) -> String {
    timefmt::md_hm(&timefmt::from_millis(millis, offset))
}

/// The previous filter, the index revision it ran on, and its result.
type LastResult = (Filter, u64, Arc<Vec<u32>>);

/// One row of the list.
#[component]
fn Row(
    /// What it shows.
    summary: Summary,
    /// Its top offset in pixels.
    top: i32,
    /// The office's UTC offset.
    offset: chrono::FixedOffset,
) -> impl IntoView {
    let href = Route::Detail(summary.number.clone()).href();
    view! {
        <a
            class="queue-row"
            data-testid="queue-row"
            data-number=summary.number.clone()
            href=href
            style=format!("top:{top}px")
        >
            <span class="num">{summary.number.clone()}</span>
            <span class="who">
                <b>{summary.name.clone()}</b>
                " "
                <small>{summary.phone.clone()}</small>
            </span>
            <span class="where">{format!("{} {}", summary.project, summary.unit)}</span>
            <span class="cat">{summary.category.clone()}</span>
            <span class="sev">
                <SeverityBadge severity=summary.severity />
            </span>
            <span class="st">
                <StatusBadge status=summary.status />
            </span>
            <span class="handler">{summary.handler.clone()}</span>
            <span class="time">{fmt_time(summary.received, offset)}</span>
        </a>
    }
}

/// The queue screen.
#[component]
pub fn QueuePage() -> impl IntoView {
    let ctx = AppCtx::use_ctx();
    let text = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let severity = RwSignal::new(String::new());
    let channel = RwSignal::new(String::new());
    let handler = RwSignal::new(String::new());
    let sort = RwSignal::new("newest".to_string());
    let open_only = RwSignal::new(false);

    let filter = Memo::new(move |_| Filter {
        status: Status::from_code(&status.get()),
        open_only: open_only.get(),
        category: Some(category.get()).filter(|c| !c.is_empty()),
        severity: Severity::from_code(&severity.get()),
        channel: Channel::from_code(&channel.get()),
        handler: Some(handler.get()).filter(|h| !h.is_empty()),
        text: text.get(),
        sort: Sort::from_code(&sort.get()),
    });

    // The matching rows' positions in the index; recomputed when the filter or the index
    // changes, scanning only the previous result when the new filter just narrows it.
    let last: StoredValue<Option<LastResult>> = StoredValue::new(None);
    let results = Memo::new(move |_| {
        let f = filter.get();
        let rev = ctx.queue_rev.get();
        if !ctx.queue_ready.get() {
            return None;
        }
        let prev = last.get_value();
        let within = prev
            .as_ref()
            .filter(|(pf, prev_rev, _)| *prev_rev == rev && f.narrows(pf))
            .map(|(_, _, ids)| ids.clone());
        let ids = Arc::new(
            ctx.queue
                .with_value(|q| q.select(&f, within.as_deref().map(|v| v.as_slice()))),
        );
        last.set_value(Some((f, rev, ids.clone())));
        Some(ids)
    });

    let scroll = RwSignal::new(0i32);
    let viewport = RwSignal::new(900i32);
    let list_ref = NodeRef::<leptos::html::Div>::new();
    // Back to the top when the result changes.
    Effect::new(move |_| {
        results.track();
        if let Some(el) = list_ref.get_untracked() {
            el.set_scroll_top(0);
        }
        scroll.set(0);
    });

    let total = move || match results.get() {
        Some(ids) => ids.len(),
        None => ctx.stored.get() as usize,
    };
    let offset = move || ctx.settings.with(|s| s.offset());

    let visible = move || -> Vec<(usize, Summary)> {
        let first = ((scroll.get() / ROW_H).max(0) as usize).saturating_sub(OVERSCAN);
        let count = (viewport.get() / ROW_H).max(0) as usize + 2 * OVERSCAN;
        match results.get() {
            Some(ids) => ctx.queue.with_value(|q| {
                ids.iter()
                    .enumerate()
                    .skip(first)
                    .take(count)
                    .filter_map(|(i, &pos)| q.get(pos).map(|s| (i, s.clone())))
                    .collect()
            }),
            None => ctx
                .first_page
                .get()
                .into_iter()
                .enumerate()
                .skip(first)
                .take(count)
                .collect(),
        }
    };

    let handlers = move || {
        ctx.queue_rev.track();
        ctx.queue.with_value(|q| q.handlers())
    };
    let categories = move || ctx.settings.with(|s| s.categories.clone());

    view! {
        <div class="queue-page">
            <div class="toolbar card">
                <input
                    type="search"
                    class="search"
                    data-testid="queue-search"
                    placeholder="搜索编号、姓名、电话、房号或内容"
                    bind:value=text
                />
                <select data-testid="filter-status" bind:value=status>
                    <option value="">"全部状态"</option>
                    {options!(Status)}
                </select>
                <select data-testid="filter-category" bind:value=category>
                    <option value="">"全部类别"</option>
                    {move || {
                        categories()
                            .into_iter()
                            .map(|c| view! { <option value=c.clone()>{c.clone()}</option> })
                            .collect_view()
                    }}
                </select>
                <select data-testid="filter-severity" bind:value=severity>
                    <option value="">"全部级别"</option>
                    {options!(Severity)}
                </select>
                <select data-testid="filter-channel" bind:value=channel>
                    <option value="">"全部渠道"</option>
                    {options!(Channel)}
                </select>
                <select data-testid="filter-handler" bind:value=handler>
                    <option value="">"全部处理人"</option>
                    {move || {
                        handlers()
                            .into_iter()
                            .map(|h| view! { <option value=h.clone()>{h.clone()}</option> })
                            .collect_view()
                    }}
                </select>
                <select data-testid="queue-sort" bind:value=sort>
                    {Sort::ALL
                        .iter()
                        .map(|(_, code, label)| view! { <option value=*code>{*label}</option> })
                        .collect_view()}
                </select>
                <label class="check">
                    <input type="checkbox" data-testid="filter-open" bind:checked=open_only />
                    "仅未结案"
                </label>
                <span class="count">
                    "共 " <b data-testid="queue-count">{total}</b> " 条"
                    <Show when=move || !ctx.queue_ready.get()>
                        <small class="muted" data-testid="queue-loading">" （正在建立搜索索引…）"</small>
                    </Show>
                </span>
            </div>
            <div class="queue-head">
                <span>"编号"</span>
                <span>"客户"</span>
                <span>"项目/房号"</span>
                <span>"类别"</span>
                <span>"级别"</span>
                <span>"状态"</span>
                <span>"处理人"</span>
                <span>"登记时间"</span>
            </div>
            <div
                class="queue-list"
                data-testid="queue-list"
                node_ref=list_ref
                on:scroll=move |_| {
                    if let Some(el) = list_ref.get_untracked() {
                        scroll.set(el.scroll_top());
                        viewport.set(el.client_height());
                    }
                }
            >
                <div class="queue-spacer" style=move || format!("height:{}px", total() as i64 * i64::from(ROW_H))>
                    <For
                        each=visible
                        key=|(i, s)| (*i, s.number.clone(), s.updated, s.status)
                        children=move |(i, s)| {
                            view! { <Row summary=s top=i as i32 * ROW_H offset=offset() /> }
                        }
                    />
                </div>
                <Show when=move || total() == 0>
                    <p class="empty" data-testid="queue-empty">
                        {move || {
                            if ctx.stored.get() == 0 {
                                "还没有投诉记录。点击“登记”录入第一条。"
                            } else {
                                "没有符合条件的投诉。"
                            }
                        }}
                    </p>
                </Show>
            </div>
        </div>
    }
}
