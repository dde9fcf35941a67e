//! The virtual list of complaints shared by the queue and the start screen: rows are
//! absolutely positioned in a spacer as tall as all of them, and only those in view (plus a
//! few above and below) exist in the DOM.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::badges::{severity_class, status_class};
use crate::domain::queue::{Clock, DueFilter, Filter, Summary};
use crate::domain::vocabulary::{due_text, from_millis, md_hm};
use crate::routes::Route;
use crate::state::{QueueCtx, SettingsCtx};

/// Height of one row in pixels (touch-friendly); the list positions rows by it.
const ROW_H: i32 = 60;
/// How many row slots exist: enough for a tall screen plus the overscan above and below.
const SLOTS: usize = 48;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 3;

fn fmt_time(millis: i64, offset: chrono::FixedOffset) -> String {
    md_hm(&from_millis(millis, offset))
}

/// The previous filter, the index revision it ran on, and its result.
pub type LastResult = (Filter, u64, Arc<Vec<u32>>);

/// Appends `text` to `out` with the characters HTML gives a meaning escaped.
fn push_escaped(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// What one row shows, computed from a summary: the row's link and position, and its cells
/// as one piece of HTML (every text escaped), so a changed row is one DOM write.
#[derive(Clone, Debug, PartialEq)]
struct RowView {
    number: String,
    top: i64,
    cells: String,
}

impl RowView {
    fn new(i: usize, s: &Summary, offset: chrono::FixedOffset, clock: &Clock) -> Self {
        let mut h = String::with_capacity(512);
        let cell = |h: &mut String, class: &str, text: &str| {
            h.push_str("<span class=\"");
            h.push_str(class);
            h.push_str("\">");
            push_escaped(h, text);
            h.push_str("</span>");
        };
        cell(&mut h, "num", &s.number);
        h.push_str("<span class=\"who\"><b>");
        push_escaped(&mut h, &s.name);
        h.push_str("</b> <small>");
        push_escaped(&mut h, &s.phone);
        h.push_str("</small></span>");
        cell(&mut h, "where", &format!("{} {}", s.project, s.unit));
        cell(&mut h, "cat", &s.category);
        h.push_str("<span class=\"sev\">");
        cell(&mut h, &severity_class(s.severity), s.severity.label());
        h.push_str("</span><span class=\"st\"><span class=\"");
        h.push_str(&status_class(s.status));
        h.push_str("\" data-status=\"");
        h.push_str(s.status.code());
        h.push_str("\">");
        push_escaped(&mut h, s.status.label());
        h.push_str("</span>");
        if s.conflict {
            // Two devices' incompatible edits wait for a manager.
            h.push_str(
                "<small class=\"flag conflict\" data-testid=\"row-conflict\">有冲突待处理</small>",
            );
        }
        h.push_str("</span>");
        cell(&mut h, "handler", &s.handler);
        h.push_str("<span class=\"time\">");
        push_escaped(&mut h, &fmt_time(s.received, offset));
        if let Some(d) = s.next_due() {
            let class = if clock.passes(Some(d), DueFilter::Overdue) {
                "due overdue"
            } else if clock.passes(Some(d), DueFilter::DueSoon) {
                "due soon"
            } else {
                "due"
            };
            h.push_str("<small class=\"");
            h.push_str(class);
            h.push_str("\" data-testid=\"row-due\">");
            push_escaped(&mut h, &due_text(d, clock.now));
            h.push_str("</small>");
        }
        h.push_str("</span>");
        RowView {
            number: s.number.clone(),
            top: i as i64 * i64::from(ROW_H),
            cells: h,
        }
    }
}

/// One of the list's fixed row slots: it stays mounted while the list scrolls or the result
/// changes (so a focused row keeps its focus), and a row that changed is rewritten as a whole:
/// four DOM writes, not one reactive node per cell.
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
                inner_html=text(|r| r.cells.clone())
            ></a>
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
    // The list is never taller than the window; its own height replaces this once mounted.
    let viewport = RwSignal::new(
        window()
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .map_or(900, |h| h as i32),
    );
    let list_ref = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = list_ref.get() {
            viewport.set(el.client_height());
        }
    });
    // Back to the top when the result changes.
    Effect::new(move |_| {
        results.track();
        if scroll.get_untracked() != 0 {
            if let Some(el) = list_ref.get_untracked() {
                el.set_scroll_top(0);
            }
            scroll.set(0);
        }
    });
    let total = move || match results.get() {
        Some(ids) => ids.len(),
        None => queue.first_page_len(),
    };
    let offset = move || settings.with(|s| s.offset());
    // The first row rendered and how many: changes only when a row scrolls in or out.
    let range = Memo::new(move |_| {
        let first = ((scroll.get() / ROW_H).max(0) as usize).saturating_sub(OVERSCAN);
        let count = ((viewport.get() / ROW_H).max(0) as usize + 1 + 2 * OVERSCAN).min(SLOTS);
        (first, count)
    });
    // The rows in view, computed once per scroll or result; each slot picks its own.
    let window = Memo::new(move |_| {
        let (first, count) = range.get();
        let offset = offset();
        let clock = clock.get();
        let rows: Vec<RowView> = match results.get() {
            Some(ids) => queue.with_untracked(|q| {
                ids.iter()
                    .enumerate()
                    .skip(first)
                    .take(count)
                    .filter_map(|(i, &pos)| q.get(pos).map(|s| RowView::new(i, s, offset, &clock)))
                    .collect()
            }),
            None => queue.with_first_page(|page| {
                page.iter()
                    .enumerate()
                    .skip(first)
                    .take(count)
                    .map(|(i, s)| RowView::new(i, s, offset, &clock))
                    .collect()
            }),
        };
        (first, rows)
    });
    let slots = (0..SLOTS)
        .map(|k| {
            // Row i always lands in slot i % SLOTS: scrolling rewrites only the slots of the
            // rows that came into view.
            let row = Memo::new(move |_| {
                window.with(|(first, rows)| {
                    let i = first + (k + SLOTS - first % SLOTS) % SLOTS;
                    rows.get(i - first).cloned()
                })
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
