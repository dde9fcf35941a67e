//! The virtual list of complaints shared by the queue and the start screen: rows are
//! absolutely positioned in a spacer as tall as all of them, and only those in view (plus a
//! few above and below) exist in the DOM.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::{AppCtx, Route};
use crate::components::badges::{SeverityBadge, StatusBadge};
use crate::domain::complaint::Summary;
use crate::domain::query::{Clock, DueFilter, Filter};
use crate::domain::timefmt;

/// Height of one row in pixels (touch-friendly); the list positions rows by it.
const ROW_H: i32 = 60;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 8;

fn fmt_time(millis: i64, offset: chrono::FixedOffset) -> String {
    timefmt::md_hm(&timefmt::from_millis(millis, offset))
}

/// The previous filter, the index revision it ran on, and its result.
pub type LastResult = (Filter, u64, Arc<Vec<u32>>);

/// One row of the list.
#[component]
fn Row(
    /// What it shows.
    summary: Summary,
    /// Its top offset in pixels.
    top: i32,
    /// The office's UTC offset.
    offset: chrono::FixedOffset,
    /// Now and the deadline windows.
    clock: Clock,
) -> impl IntoView {
    let due = summary.next_due().map(|d| {
        let class = if clock.passes(Some(d), DueFilter::Overdue) {
            "due overdue"
        } else if clock.passes(Some(d), DueFilter::DueSoon) {
            "due soon"
        } else {
            "due"
        };
        (class, timefmt::due_text(d, clock.now))
    });
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
            <span class="time">
                {fmt_time(summary.received, offset)}
                {due.map(|(class, text)| view! { <small class=class data-testid="row-due">{text}</small> })}
            </span>
        </a>
    }
}

/// The list. `results` are positions in the queue index (`None` while it loads: the newest
/// rows read at start are shown instead).
#[component]
pub fn QueueList(
    /// Matching rows, in order.
    results: Memo<Option<Arc<Vec<u32>>>>,
    /// The moment deadlines are shown against.
    clock: Signal<Clock>,
) -> impl IntoView {
    let ctx = AppCtx::use_ctx();
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
        None => ctx.first_page.with(|p| p.len()),
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
    view! {
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
                    key=|(i, s)| (*i, s.number.clone(), s.updated, s.status, s.escalation)
                    children=move |(i, s)| {
                        view! { <Row summary=s top=i as i32 * ROW_H offset=offset() clock=clock.get_untracked() /> }
                    }
                />
            </div>
            <Show when=move || total() == 0 && ctx.counted.get()>
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
    }
}
