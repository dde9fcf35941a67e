//! The virtual list of complaints shared by the queue and the start screen: rows are
//! absolutely positioned in a spacer as tall as all of them, and only those in view (plus a
//! few above and below) exist in the DOM.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::badges::{severity_class, status_class};
use crate::domain::case::Status;
use crate::domain::queue::{Clock, DueFilter, Filter, Summary};
use crate::domain::vocabulary::{due_text, from_millis, md_hm, Severity};
use crate::routes::Route;
use crate::state::{QueueCtx, SettingsCtx};

/// Height of one row in pixels (touch-friendly); the list positions rows by it.
const ROW_H: i32 = 60;
/// How many row slots exist: enough for a tall screen plus the overscan above and below.
const SLOTS: usize = 64;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 8;

fn fmt_time(millis: i64, offset: chrono::FixedOffset) -> String {
    md_hm(&from_millis(millis, offset))
}

/// The previous filter, the index revision it ran on, and its result.
pub type LastResult = (Filter, u64, Arc<Vec<u32>>);

/// What one row shows, computed from a summary: slots compare it to update only what changed.
#[derive(Clone, Debug, PartialEq)]
struct RowView {
    index: usize,
    top: i64,
    number: String,
    name: String,
    phone: String,
    place: String,
    category: String,
    severity: Severity,
    status: Status,
    handler: String,
    time: String,
    due: Option<(&'static str, String)>,
    /// Two devices' incompatible edits wait for a manager.
    conflict: bool,
}

impl RowView {
    fn new(i: usize, s: &Summary, offset: chrono::FixedOffset, clock: &Clock) -> Self {
        let due = s.next_due().map(|d| {
            let class = if clock.passes(Some(d), DueFilter::Overdue) {
                "due overdue"
            } else if clock.passes(Some(d), DueFilter::DueSoon) {
                "due soon"
            } else {
                "due"
            };
            (class, due_text(d, clock.now))
        });
        RowView {
            index: i,
            top: i as i64 * i64::from(ROW_H),
            number: s.number.clone(),
            name: s.name.clone(),
            phone: s.phone.clone(),
            place: format!("{} {}", s.project, s.unit),
            category: s.category.clone(),
            severity: s.severity,
            status: s.status,
            handler: s.handler.clone(),
            time: fmt_time(s.received, offset),
            due,
            conflict: s.conflict,
        }
    }
}

/// One of the list's fixed row slots: it stays mounted while the list scrolls or the result
/// changes, and only the texts that differ are rewritten (no rows are created per keystroke).
#[component]
fn Slot(
    /// What the slot shows, `None` when the list is shorter than the slots.
    row: Memo<Option<RowView>>,
) -> impl IntoView {
    let text = move |f: fn(&RowView) -> String| {
        move || row.with(|r| r.as_ref().map(f).unwrap_or_default())
    };
    view! {
        <Show when=move || row.with(Option::is_some)>
            <a
                class="queue-row"
                data-testid="queue-row"
                data-number=text(|r| r.number.clone())
                href=text(|r| Route::Detail(r.number.clone()).href())
                style=text(|r| format!("top:{}px", r.top))
            >
                <span class="num">{text(|r| r.number.clone())}</span>
                <span class="who">
                    <b>{text(|r| r.name.clone())}</b>
                    " "
                    <small>{text(|r| r.phone.clone())}</small>
                </span>
                <span class="where">{text(|r| r.place.clone())}</span>
                <span class="cat">{text(|r| r.category.clone())}</span>
                <span class="sev">
                    <span class=text(|r| severity_class(r.severity))>
                        {text(|r| r.severity.label().to_string())}
                    </span>
                </span>
                <span class="st">
                    <span
                        class=text(|r| status_class(r.status))
                        data-status=text(|r| r.status.code().to_string())
                    >
                        {text(|r| r.status.label().to_string())}
                    </span>
                    {move || {
                        row.with(|r| r.as_ref().is_some_and(|r| r.conflict))
                            .then(|| view! { <small class="flag conflict" data-testid="row-conflict">"有冲突待处理"</small> })
                    }}
                </span>
                <span class="handler">{text(|r| r.handler.clone())}</span>
                <span class="time">
                    {text(|r| r.time.clone())}
                    {move || {
                        row.with(|r| r.as_ref().and_then(|r| r.due.clone()))
                            .map(|(class, due)| view! { <small class=class data-testid="row-due">{due}</small> })
                    }}
                </span>
            </a>
        </Show>
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
    let settings = SettingsCtx::expect_context();
    let queue = QueueCtx::expect_context();
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
        None => queue.first_page_len(),
    };
    let offset = move || settings.with(|s| s.offset());
    let visible = move || -> Vec<(usize, Summary)> {
        let first = ((scroll.get() / ROW_H).max(0) as usize).saturating_sub(OVERSCAN);
        let count = ((viewport.get() / ROW_H).max(0) as usize + 2 * OVERSCAN).min(SLOTS);
        match results.get() {
            Some(ids) => queue.with_untracked(|q| {
                ids.iter()
                    .enumerate()
                    .skip(first)
                    .take(count)
                    .filter_map(|(i, &pos)| q.get(pos).map(|s| (i, s.clone())))
                    .collect()
            }),
            None => queue
                .first_page()
                .into_iter()
                .enumerate()
                .skip(first)
                .take(count)
                .collect(),
        }
    };
    // The rows in view, computed once per scroll or result; each slot picks its own.
    let window = Memo::new(move |_| {
        let offset = offset();
        let clock = clock.get();
        visible()
            .into_iter()
            .map(|(i, s)| RowView::new(i, &s, offset, &clock))
            .collect::<Vec<_>>()
    });
    let slots = (0..SLOTS)
        .map(|k| {
            // Row i always lands in slot i % SLOTS: scrolling rewrites only the slots of the
            // rows that came into view.
            let row = Memo::new(move |_| {
                window.with(|w| w.iter().find(|r| r.index % SLOTS == k).cloned())
            });
            view! { <Slot row=row /> }
        })
        .collect_view();
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
                {slots}
            </div>
            <Show when=move || total() == 0 && queue.counted()>
                <p class="empty" data-testid="queue-empty">
                    {move || {
                        if queue.stored() == 0 {
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
