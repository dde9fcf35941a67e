//! The start screen: what is overdue or due today, every time the app opens (no server sends
//! reminders, so the app must tell on opening).

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::queue_list::QueueList;
use crate::domain::queue::{Clock, DueFilter, Filter, Sort};
use crate::domain::vocabulary::ymd_hm;
use crate::platform;
use crate::routes::Route;
use crate::state::{QueueCtx, SettingsCtx};

/// How many rows a waiting list shows (the rest are counted).
const SHOWN: usize = 20;

/// A short list of complaints waiting for one step (the GM's first look, R-11; returning
/// to group HQ, R-32), each a link to its detail page; nothing when none waits.
#[component]
fn Awaiting(
    /// The list's heading.
    title: &'static str,
    /// The list's test id; each row is `<testid>-row`.
    testid: &'static str,
    /// The complaints waiting.
    rows: Signal<Vec<crate::domain::queue::Summary>>,
) -> impl IntoView {
    move || {
        let rows = rows.get();
        (!rows.is_empty()).then(|| {
            let n = rows.len();
            view! {
                <section class="card" data-testid=testid>
                    <h2>{format!("{title}（{n} 件）")}</h2>
                    <ul class="plain-list">
                        {rows
                            .into_iter()
                            .take(SHOWN)
                            .map(|s| {
                                let href = Route::Detail(s.number.clone()).href();
                                view! {
                                    <li data-testid=format!("{testid}-row") data-number=s.number.clone()>
                                        <a href=href>{s.number.clone()}</a>
                                        {format!(" {} · {} · {}", s.name, s.project, s.status.label())}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    {(n > SHOWN).then(|| view! { <p class="muted">{format!("另有 {} 件未列出", n - SHOWN)}</p> })}
                </section>
            }
        })
    }
}

/// The start screen.
#[component]
pub fn TodayPage() -> impl IntoView {
    let settings = SettingsCtx::expect_context();
    let queue = QueueCtx::expect_context();
    let clock = Signal::derive(move || settings.with(|s| Clock::at(platform::now(s.offset()), s)));
    let count = move |due: DueFilter| {
        let f = Filter {
            due,
            clock: clock.get(),
            ..Filter::default()
        };
        queue.with(|q| q.select(&f, None).len())
    };
    let overdue_sheets = move || {
        let now = clock.get().now;
        queue.with(|q| q.overdue_sheets(now))
    };
    let results = Memo::new(move |_| {
        if !queue.ready() {
            return None;
        }
        let f = Filter {
            due: DueFilter::Attention,
            clock: clock.get(),
            sort: Sort::DueFirst,
            ..Filter::default()
        };
        Some(Arc::new(queue.with_untracked(|q| q.select(&f, None))))
    });
    let today = move || {
        settings
            .with(|s| ymd_hm(&platform::now(s.offset())))
            .chars()
            .take(10)
            .collect::<String>()
    };
    view! {
        <h1>{move || format!("今日待办 · {}", today())}</h1>
        <Show
            when=move || queue.ready()
            fallback=|| view! { <p class="muted" data-testid="today-loading">"正在检查期限…"</p> }
        >
            <div class="kpis">
                <a class="kpi card red" href=Route::Queue("overdue".into()).href()>
                    <span>"已逾期"</span>
                    <b data-testid="today-overdue">{move || count(DueFilter::Overdue)}</b>
                </a>
                <a class="kpi card amber" href=Route::Queue("today".into()).href()>
                    <span>"今日到期"</span>
                    <b data-testid="today-due">{move || count(DueFilter::DueToday)}</b>
                </a>
                <a class="kpi card" href=Route::Queue("due_soon".into()).href()>
                    <span>"即将到期"</span>
                    <b data-testid="today-soon">{move || count(DueFilter::DueSoon)}</b>
                </a>
                <div class="kpi card">
                    <span>"逾期未回复的工作联系单"</span>
                    <b data-testid="today-sheets">{overdue_sheets}</b>
                </div>
            </div>
            <Awaiting
                title="待总经理批示"
                testid="today-gm"
                rows=Signal::derive(move || queue.with(|q| q.awaiting_gm()))
            />
            <Awaiting
                title="集团客服转来、已答复未回传的投诉"
                testid="today-hq"
                rows=Signal::derive(move || queue.with(|q| q.hq_unreturned()))
            />
            <h2>"逾期和今日到期的投诉（最早到期在前）"</h2>
            <QueueList results=results clock=clock />
        </Show>
    }
}
