//! The queue: filter, sort and search every complaint, rendering only the rows in view.
//! It opens on the newest rows read from the `received` index, and switches to the full
//! in-memory index of summaries as soon as that has loaded.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::field::{options, text_options};
use crate::components::queue_list::{LastResult, QueueList};
use crate::domain::case::Status;
use crate::domain::queue::{Clock, DueFilter, Filter, QueueLink, Sort};
use crate::domain::vocabulary::{Channel, Criteria, Severity};
use crate::state::{QueueCtx, SettingsCtx};

/// The queue screen.
#[component]
pub fn QueuePage(
    /// What follows `#/queue` in the link: a [`QueueLink`] (filter conditions), or empty.
    link: String,
) -> impl IntoView {
    let settings = SettingsCtx::expect_context();
    let queue = QueueCtx::expect_context();
    let link = QueueLink::parse(&link);
    let text = RwSignal::new(String::new());
    let status = RwSignal::new(
        link.status
            .map(|s| s.code().to_string())
            .unwrap_or_default(),
    );
    let category = RwSignal::new(link.criteria.category.clone().unwrap_or_default());
    let severity = RwSignal::new(
        link.criteria
            .severity
            .map(|s| s.code().to_string())
            .unwrap_or_default(),
    );
    let channel = RwSignal::new(
        link.criteria
            .channel
            .map(|s| s.code().to_string())
            .unwrap_or_default(),
    );
    let handler = RwSignal::new(link.handler.clone().unwrap_or_default());
    let office = RwSignal::new(link.criteria.office.clone().unwrap_or_default());
    let sort = RwSignal::new("newest".to_string());
    let due = RwSignal::new(
        DueFilter::ALL
            .iter()
            .find(|(f, _, _)| *f == link.due)
            .map(|(_, code, _)| code.to_string())
            .unwrap_or_default(),
    );
    // Conditions a link can set that have no menu here (from a dashboard bar): the project
    // and the registration period, shown as a chip that can be cleared.
    let project = RwSignal::new(link.criteria.project.clone());
    let received = RwSignal::new(link.criteria.received);
    // A kind a link may carry (no menu or chip here): kept as the link says.
    let kind = link.criteria.kind;
    // Deadlines are judged at the moment the filter is built; a tick refreshes it each minute.
    let tick = RwSignal::new(0u32);
    let clock = move || {
        tick.track();
        settings.with(|s| Clock::at(crate::platform::now(s.offset()), s))
    };
    let open_only = RwSignal::new(false);

    let filter = Memo::new(move |_| Filter {
        criteria: Criteria {
            category: Some(category.get()).filter(|c| !c.is_empty()),
            severity: Severity::from_code(&severity.get()),
            channel: Channel::from_code(&channel.get()),
            office: Some(office.get()).filter(|o| !o.is_empty()),
            project: project.get(),
            received: received.get(),
            kind,
        },
        status: Status::from_code(&status.get()),
        open_only: open_only.get(),
        handler: Some(handler.get()).filter(|h| !h.is_empty()),
        due: DueFilter::from_code(&due.get()),
        clock: if due.get().is_empty() {
            Clock::default()
        } else {
            clock()
        },
        text: text.get(),
        sort: Sort::from_code(&sort.get()),
    });

    // The matching rows' positions in the index; recomputed when the filter or the index
    // changes, scanning only the previous result when the new filter just narrows it.
    let last: StoredValue<Option<LastResult>> = StoredValue::new(None);
    let results = Memo::new(move |_| {
        let f = filter.get();
        let rev = queue.rev();
        if !queue.ready() {
            return None;
        }
        let prev = last.get_value();
        let within = prev
            .as_ref()
            .filter(|(pf, prev_rev, _)| *prev_rev == rev && f.narrows(pf))
            .map(|(_, _, ids)| ids.clone());
        let ids = Arc::new(queue.with(|q| q.select(&f, within.as_deref().map(|v| v.as_slice()))));
        last.set_value(Some((f, rev, ids.clone())));
        Some(ids)
    });

    let total = Signal::derive(move || match results.get() {
        Some(ids) => ids.len(),
        None => queue.stored() as usize,
    });

    // The rows of the current filter, as a CSV file for Excel.
    let export_csv = move |_| {
        let Some(ids) = results.get_untracked() else {
            return;
        };
        let (offset, now) =
            settings.with_untracked(|s| (s.offset(), crate::platform::now(s.offset())));
        let text = queue.with_untracked(|q| {
            crate::domain::exchange::summaries_csv(ids.iter().filter_map(|&i| q.get(i)), offset)
        });
        let name = format!(
            "complaints-{}.csv",
            crate::domain::vocabulary::ymd_hm_compact(&now)
        );
        let _ = crate::platform::download(&name, "text/csv;charset=utf-8", &text);
    };

    let offices = move || queue.with(|q| q.offices());
    let handlers = move || queue.with(|q| q.handlers());
    // The office's categories, plus the one a link asked for if it is not among them (a
    // category of another office's data).
    let categories = move || {
        let mut list = settings.with(|s| s.categories.clone());
        let current = category.get();
        if !current.is_empty() && !list.contains(&current) {
            list.push(current);
        }
        list
    };
    let scope = move || {
        let offset = settings.with(|s| s.offset());
        let mut parts = Vec::new();
        if let Some(p) = project.get() {
            parts.push(format!("项目：{p}"));
        }
        if let Some((from, to)) = received.get() {
            parts.push(format!(
                "登记时间：{} 至 {}",
                crate::domain::vocabulary::ymd_of_millis(from, offset),
                crate::domain::vocabulary::ymd_of_millis(to - 1, offset)
            ));
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    };

    view! {
        <div class="queue-page">
            <h1 class="sr-only">"投诉列表"</h1>
            <div class="toolbar card">
                <input
                    type="search"
                    class="search"
                    data-testid="queue-search"
                    aria-label="搜索"
                    placeholder="搜索编号、姓名、电话、房号或内容"
                    bind:value=text
                />
                <select data-testid="filter-status" aria-label="状态" bind:value=status>
                    <option value="">"全部状态"</option>
                    {options!(Status)}
                </select>
                <select data-testid="filter-category" aria-label="类别" bind:value=category>
                    <option value="">"全部类别"</option>
                    {move || text_options(&categories())}
                </select>
                <select data-testid="filter-severity" aria-label="级别" bind:value=severity>
                    <option value="">"全部级别"</option>
                    {options!(Severity)}
                </select>
                <select data-testid="filter-channel" aria-label="渠道" bind:value=channel>
                    <option value="">"全部渠道"</option>
                    {options!(Channel)}
                </select>
                <select data-testid="filter-handler" aria-label="处理人" bind:value=handler>
                    <option value="">"全部处理人"</option>
                    {move || text_options(&handlers())}
                </select>
                <select data-testid="filter-due" aria-label="期限" bind:value=due>
                    {DueFilter::ALL
                        .iter()
                        .map(|(_, code, label)| view! { <option value=*code>{*label}</option> })
                        .collect_view()}
                </select>
                <Show when=move || { offices().len() > 1 }>
                    <select data-testid="filter-office" aria-label="办公室" bind:value=office>
                        <option value="">"全部办公室"</option>
                        {move || text_options(&offices())}
                    </select>
                </Show>
                <select data-testid="queue-sort" aria-label="排序" bind:value=sort>
                    {Sort::ALL
                        .iter()
                        .map(|(_, code, label)| view! { <option value=*code>{*label}</option> })
                        .collect_view()}
                </select>
                <label class="check">
                    <input type="checkbox" data-testid="filter-open" bind:checked=open_only />
                    "仅未结案"
                </label>
                <button data-testid="queue-csv" on:click=export_csv disabled=move || results.get().is_none()>
                    "导出 Excel（CSV）"
                </button>
                <span class="count">
                    "共 "
                    // Where the rows came from (for tests and the benchmark): the newest page
                    // only, every summary read, or the persisted snapshot.
                    <b data-testid="queue-count" data-source=move || match (queue.ready(), queue.from_snapshot()) {
                        (false, _) => "first-page",
                        (true, false) => "summaries",
                        (true, true) => "snapshot",
                    }
                    data-snapshot=move || match queue.snapshot_stored() {
                        None => "pending",
                        Some(true) => "stored",
                        Some(false) => "kept",
                    }>{total}</b>
                    " 条"
                    <Show when=move || !queue.ready()>
                        <small class="muted" data-testid="queue-loading">" （正在建立搜索索引…）"</small>
                    </Show>
                </span>
            </div>
            {move || {
                scope()
                    .map(|text| {
                        view! {
                            <p class="scope" data-testid="queue-scope">
                                {text}
                                <button
                                    class="link"
                                    data-testid="queue-scope-clear"
                                    on:click=move |_| {
                                        project.set(None);
                                        received.set(None);
                                    }
                                >
                                    "✕ 清除"
                                </button>
                            </p>
                        }
                    })
            }}
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
            <QueueList results=results clock=Signal::derive(clock) />
        </div>
    }
}
