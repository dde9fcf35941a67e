//! The first dashboard: counts by status, category, severity and channel; open versus
//! closed; average satisfaction. Computed by the domain over the in-memory summaries.

use leptos::prelude::*;

use crate::app::AppCtx;
use crate::domain::links;
use crate::domain::stats::{by_office, Overview};

/// A titled list of labelled bars.
#[component]
fn Bars(
    /// Title.
    title: &'static str,
    /// Test id of the section.
    testid: &'static str,
    /// (label, count) rows.
    rows: Vec<(String, usize)>,
) -> impl IntoView {
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    view! {
        <section class="card bars" data-testid=testid>
            <h2>{title}</h2>
            {rows
                .into_iter()
                .map(|(label, n)| {
                    let permille = n * 1000 / max;
                    view! {
                        <div class="bar-row" data-count=n>
                            <span class="bar-label">{label}</span>
                            <span class="bar-track">
                                <span class="bar" style=format!("width:{}.{}%", permille / 10, permille % 10)></span>
                            </span>
                            <span class="bar-count">{n}</span>
                        </div>
                    }
                })
                .collect_view()}
        </section>
    }
}

/// The dashboard screen.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let ctx = AppCtx::use_ctx();
    let overview = Memo::new(move |_| {
        ctx.queue_rev.track();
        ctx.queue.with_value(|q| Overview::of(q.rows().iter()))
    });
    let exports = LocalResource::new(move || {
        ctx.queue_rev.track();
        let db = ctx.db();
        async move {
            crate::service::office_exports(db.as_ref())
                .await
                .unwrap_or_default()
        }
    });
    let offices = Memo::new(move |_| {
        ctx.queue_rev.track();
        let now = ctx
            .settings
            .with(|s| crate::platform::now(s.offset()).timestamp_millis());
        ctx.queue.with_value(|q| by_office(q.rows().iter(), now))
    });
    let repeats = Memo::new(move |_| {
        ctx.queue_rev.track();
        let rules = ctx.settings.with(|s| s.repeat_rules.clone());
        ctx.queue
            .with_value(|q| links::repeat_count(q.rows(), &rules))
    });
    view! {
        <h1>"统计概览"</h1>
        <Show when=move || !ctx.queue_ready.get()>
            <p class="muted">"正在加载数据…"</p>
        </Show>
        {move || {
            let o = overview.get();
            view! {
                <div class="kpis">
                    <div class="kpi card">
                        <span>"投诉总数"</span>
                        <b data-testid="dash-total">{o.total}</b>
                    </div>
                    <div class="kpi card">
                        <span>"未结案"</span>
                        <b data-testid="dash-open">{o.open}</b>
                    </div>
                    <div class="kpi card">
                        <span>"已结案"</span>
                        <b data-testid="dash-closed">{o.closed}</b>
                    </div>
                    <div class="kpi card">
                        <span>"重复投诉（R-24）"</span>
                        <b data-testid="dash-repeats">
                            {move || {
                                let n = repeats.get();
                                let total = overview.with(|o| o.total).max(1);
                                format!("{n}（{}.{}%）", n * 100 / total, n * 1000 / total % 10)
                            }}
                        </b>
                    </div>
                    <div class="kpi card">
                        <span>{format!("平均满意度（{} 次回访）", o.scored)}</span>
                        <b data-testid="dash-score">
                            {o.avg_score_text()}
                        </b>
                    </div>
                </div>
                <div class="dash-grid">
                    <Bars
                        title="按状态"
                        testid="dash-status"
                        rows=o.by_status.iter().map(|(s, n)| (s.label().to_string(), *n)).collect()
                    />
                    <Bars title="按类别" testid="dash-category" rows=o.by_category.clone() />
                    <Bars
                        title="按严重程度"
                        testid="dash-severity"
                        rows=o.by_severity.iter().map(|(s, n)| (s.label().to_string(), *n)).collect()
                    />
                    <Bars
                        title="按来源渠道"
                        testid="dash-channel"
                        rows=o.by_channel.iter().map(|(s, n)| (s.label().to_string(), *n)).collect()
                    />
                </div>
            }
        }}
        <section class="card" data-testid="dash-offices">
            <h2>"各办公室（集团汇总）"</h2>
            <table class="plain">
                <thead>
                    <tr>
                        <th>"办公室"</th><th>"投诉"</th><th>"未结案"</th><th>"逾期"</th>
                        <th>"平均满意度"</th><th>"最新导出文件"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let exports = exports.get().unwrap_or_default();
                        offices
                            .get()
                            .into_iter()
                            .map(|o| {
                                let at = exports
                                    .get(&o.office)
                                    .map(crate::domain::timefmt::ymd_hm)
                                    .unwrap_or_else(|| "本机登记".into());
                                view! {
                                    <tr data-testid="office-row" data-office=o.office.clone()>
                                        <td>{o.office.clone()}</td>
                                        <td>{o.total}</td>
                                        <td>{o.open}</td>
                                        <td class:overdue={o.overdue > 0}>{o.overdue}</td>
                                        <td>{o.avg_score_text()}</td>
                                        <td>{at}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </section>
    }
}
