//! The dashboard (R-24..R-27): the indicators of a chosen period and project (and office, at
//! head office) with their month-on-month change, drawn as SVG charts whose bars open the
//! queue filtered to what they count; below, the whole data set today and the offices side
//! by side. Every figure comes from the domain (the [`IndicatorTable`](crate::domain::analysis::IndicatorTable)
//! kept by [`AnalysisCtx`]); this page only picks the period and the filter and lays the
//! figures out.

use chrono::Datelike;
use leptos::prelude::*;

use crate::components::charts::{Bar, BarChart, ShareBar, StageGauges, TrendChart, TrendRow};
use crate::components::field::text_options;
use crate::domain::analysis::{
    month_on_month, AllFigures, Changes, Indicators, Period, PeriodPreset,
};
use crate::domain::queue::QueueLink;
use crate::domain::vocabulary::Criteria;
use crate::routes::Route;
use crate::state::{AnalysisCtx, DbCtx, QueueCtx, SettingsCtx};

/// The figures of one period and the one before.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    /// This period.
    pub current: Indicators,
    /// The changes from the period before.
    pub changes: Changes,
}

/// One headline figure with its month-on-month change.
#[component]
fn Kpi(
    /// What it is.
    label: &'static str,
    /// The value shown.
    value: String,
    /// The change shown under it.
    change: String,
    /// Test id of the value.
    testid: &'static str,
) -> impl IntoView {
    let tone = if change.starts_with('+') {
        "up"
    } else if change.starts_with('-') {
        "down"
    } else {
        ""
    };
    view! {
        <div class="kpi card">
            <span>{label}</span>
            <b data-testid=testid>{value}</b>
            <small class=format!("change {tone}")>"环比 " {change}</small>
        </div>
    }
}

fn non_empty(s: String) -> Option<String> {
    Some(s).filter(|s| !s.trim().is_empty())
}

/// The period and filter chosen on the dashboard (shared with the monthly report link).
#[derive(Clone, Copy)]
pub struct Choice {
    /// A [`PeriodPreset`] code, or `custom`.
    pub preset: RwSignal<String>,
    /// First day of a custom period, `YYYY-MM-DD`.
    pub first: RwSignal<String>,
    /// Last day of a custom period.
    pub last: RwSignal<String>,
    /// Project, empty for all.
    pub project: RwSignal<String>,
    /// Office, empty for all.
    pub office: RwSignal<String>,
}

/// The dashboard screen.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let settings = SettingsCtx::expect_context();
    let queue = QueueCtx::expect_context();
    let choice = Choice {
        preset: RwSignal::new(PeriodPreset::ThisMonth.code().to_string()),
        first: RwSignal::new(String::new()),
        last: RwSignal::new(String::new()),
        project: RwSignal::new(String::new()),
        office: RwSignal::new(String::new()),
    };
    let period = Memo::new(move |_| -> Result<Period, String> {
        let now = settings.with(|s| crate::platform::now(s.offset()));
        Period::chosen(
            &choice.preset.get(),
            &choice.first.get(),
            &choice.last.get(),
            now,
        )
        .map_err(|e| e.to_string())
    });
    let filter = Memo::new(move |_| Criteria {
        project: non_empty(choice.project.get()),
        office: non_empty(choice.office.get()),
        ..Criteria::default()
    });
    // Every figure of the period, the period before and the trend in one pass over the
    // prepared summaries (kept once per change of the data, repeats and groups included).
    let analysis = AnalysisCtx::expect_context();
    let computed = Memo::new(move |_| {
        let p = period.get().ok()?;
        let f = filter.get();
        let fig = analysis.with(|q, t| t.figures(q.rows(), &p, &f, &p.trailing_months(12)));
        let changes = month_on_month(&fig.current, &fig.previous);
        let trend: Vec<TrendRow> = fig
            .trend
            .into_iter()
            .map(|t| TrendRow {
                label: format!("{}月", t.period.from.month()),
                received: t.received,
                closed: t.closed,
            })
            .collect();
        Some((
            Figures {
                current: fig.current,
                changes,
            },
            trend,
        ))
    });
    let figures = Memo::new(move |_| computed.with(|c| c.as_ref().map(|c| c.0.clone())));
    let trend = Memo::new(move |_| computed.with(|c| c.as_ref().map(|c| c.1.clone())));
    // The whole data set today, the offices side by side and the menus: one more pass.
    let all = Memo::new(move |_| {
        let now = settings.with(|s| crate::platform::now(s.offset()).timestamp_millis());
        analysis.with(|q, t| (t.overview(q.rows(), now), t.flags().repeat_count()))
    });
    let projects = Memo::new(move |_| all.with(|a| a.0.project_names.clone()));
    let offices_list = Memo::new(move |_| all.with(|a| a.0.office_names.clone()));
    // The queue link of the complaints a figure counts: the period's registrations under the
    // dashboard's filter, plus the bar's own condition.
    let base_link = move || {
        let p = period.get().ok();
        QueueLink {
            criteria: Criteria {
                project: non_empty(choice.project.get()),
                office: non_empty(choice.office.get()),
                received: p.map(|p| (p.from.timestamp_millis(), p.to.timestamp_millis())),
                ..Criteria::default()
            },
            ..QueueLink::default()
        }
    };
    let href = |link: QueueLink| Route::Queue(link.to_query()).href();
    let report_href = move || {
        let p = period.get().ok()?;
        // The report is of the period's last month (this month, last month, a quarter's
        // latest month, the month a custom range ends in).
        let month = crate::domain::analysis::month_key(p.last_day());
        let scope = QueueLink {
            criteria: Criteria {
                project: non_empty(choice.project.get()),
                office: non_empty(choice.office.get()),
                ..Criteria::default()
            },
            ..QueueLink::default()
        };
        Some(Route::Report(format!("{month}{}", scope.to_query())).href())
    };

    view! {
        <h1>"统计分析"</h1>
        <div class="toolbar card dash-controls">
            <label>
                "统计期间 "
                <select data-testid="dash-period" bind:value=choice.preset>
                    {PeriodPreset::ALL
                        .iter()
                        .map(|p| view! { <option value=p.code()>{p.label()}</option> })
                        .collect_view()}
                    <option value="custom">"自定义"</option>
                </select>
            </label>
            <Show when=move || choice.preset.get() == "custom">
                <input type="date" data-testid="dash-from" bind:value=choice.first />
                " 至 "
                <input type="date" data-testid="dash-to" bind:value=choice.last />
            </Show>
            <label>
                "项目 "
                <select data-testid="dash-project" bind:value=choice.project>
                    <option value="">"全部项目"</option>
                    {move || projects.with(|p| text_options(p))}
                </select>
            </label>
            <Show when=move || { offices_list.with(|o| o.len() > 1) }>
                <label>
                    "办公室 "
                    <select data-testid="dash-office" bind:value=choice.office>
                        <option value="">"全部办公室"</option>
                        {move || offices_list.with(|o| text_options(o))}
                    </select>
                </label>
            </Show>
            <span class="period-label" data-testid="dash-period-label">
                {move || period.get().map(|p| p.label()).unwrap_or_default()}
            </span>
            {move || {
                report_href()
                    .map(|h| {
                        view! {
                            <a class="button primary" href=h data-testid="dash-report">
                                "月度分析报告"
                            </a>
                        }
                    })
            }}
        </div>
        {move || {
            period
                .get()
                .err()
                .map(|e| view! { <p class="error" data-testid="dash-period-error">{e}</p> })
        }}
        <Show when=move || !queue.ready()>
            <p class="muted">"正在加载数据…"</p>
        </Show>
        {move || {
            figures
                .get()
                .map(|fig| {
                    let i = fig.current;
                    let c = fig.changes;
                    let base = base_link();
                    let categories: Vec<Bar> = i
                        .by_category
                        .iter()
                        .map(|(name, n)| Bar {
                            label: name.clone(),
                            value: *n,
                            href: href(QueueLink {
                                criteria: Criteria {
                                    category: Some(name.clone()),
                                    ..base.criteria.clone()
                                },
                                ..base.clone()
                            }),
                        })
                        .collect();
                    let channels: Vec<Bar> = i
                        .by_channel
                        .iter()
                        .filter(|(_, n)| *n > 0)
                        .map(|(ch, n)| Bar {
                            label: ch.label().to_string(),
                            value: *n,
                            href: href(QueueLink {
                                criteria: Criteria {
                                    channel: Some(*ch),
                                    ..base.criteria.clone()
                                },
                                ..base.clone()
                            }),
                        })
                        .collect();
                    let severities: Vec<(Bar, String)> = i
                        .by_severity
                        .iter()
                        .enumerate()
                        .map(|(k, (sev, n))| {
                            (
                                Bar {
                                    label: sev.label().to_string(),
                                    value: *n,
                                    href: href(QueueLink {
                                        criteria: Criteria {
                                            severity: Some(*sev),
                                            ..base.criteria.clone()
                                        },
                                        ..base.clone()
                                    }),
                                },
                                format!("sev-{k}"),
                            )
                        })
                        .collect();
                    let statuses: Vec<(Bar, String)> = i
                        .by_status
                        .iter()
                        .map(|(st, n)| {
                            (
                                Bar {
                                    label: st.label().to_string(),
                                    value: *n,
                                    href: href(QueueLink {
                                        status: Some(*st),
                                        ..base.clone()
                                    }),
                                },
                                format!("st-{}", st.code()),
                            )
                        })
                        .collect();
                    let gauges = view! { <StageGauges stages=i.timeliness.clone() /> };
                    let stage_met = c.stage_met.clone();
                    let escalation_levels = i
                        .escalations
                        .by_level
                        .iter()
                        .map(|(l, n)| format!("{} {}", l.label(), n))
                        .collect::<Vec<_>>()
                        .join(" · ");
                    view! {
                        <div class="kpis" data-testid="dash-kpis">
                            <Kpi label="受理" value=i.received.to_string() change=c.received.relative_text() testid="kpi-received" />
                            <Kpi label="结案" value=i.closed.to_string() change=c.closed.relative_text() testid="kpi-closed" />
                            <Kpi label="期末未结案" value=i.open.to_string() change=c.open.relative_text() testid="kpi-open" />
                            <Kpi label="解决率" value=i.resolution.percent_text() change=c.resolution_rate.points_text() testid="kpi-resolution" />
                            <Kpi label="回访率" value=i.callback.percent_text() change=c.callback_rate.points_text() testid="kpi-callback" />
                            <Kpi label="平均满意度" value=i.satisfaction.avg_text() change=c.avg_score.absolute_text(" 分") testid="kpi-score" />
                            <Kpi label="满意（4-5 分）" value=i.satisfaction.satisfied.percent_text() change=c.satisfied_share.points_text() testid="kpi-satisfied" />
                            <Kpi label="不认可" value=i.satisfaction.not_accepted.percent_text() change=c.not_accepted_share.points_text() testid="kpi-not-accepted" />
                            <Kpi label="重复投诉率" value=i.repeats.percent_text() change=c.repeat_rate.points_text() testid="kpi-repeats" />
                            <Kpi label="群诉（同一问题）" value=i.group_complaints.to_string() change=c.group_complaints.relative_text() testid="kpi-groups" />
                            <Kpi label="平均处理时长（工作小时）" value=i.handling.avg_hours_text() change=c.avg_handling_hours.absolute_text(" 小时") testid="kpi-handling" />
                            <Kpi label="90% 处理时长（工作小时）" value=i.handling.p90_hours_text() change=c.p90_handling_hours.absolute_text(" 小时") testid="kpi-handling-p90" />
                            <Kpi label="升级次数" value=i.escalations.total.to_string() change=c.escalations.relative_text() testid="kpi-escalations" />
                            <Kpi
                                label="重大投诉（总经理批准方案）"
                                value=format!("{}（{}/{}）", i.major_received, i.major_gm_approved.num, i.major_gm_approved.den)
                                change=c.major_received.relative_text()
                                testid="kpi-major"
                            />
                        </div>
                        <p class="muted small">
                            "升级按级别：" {escalation_levels}
                        </p>
                        <div class="dash-grid">
                            {move || trend.get().map(|months| view! { <TrendChart title="近 12 个月受理与结案".to_string() months=months /> })}
                            <BarChart title="按类别（点击查看）".to_string() testid="dash-category-chart" bars=categories />
                            <BarChart title="按来源渠道".to_string() testid="dash-channel-chart" bars=channels />
                            <ShareBar title="严重程度" testid="dash-severity-chart" segments=severities />
                            <ShareBar title="当前状态" testid="dash-status-chart" segments=statuses />
                            <section class="card chart wide" data-testid="dash-timeliness">
                                <h2>"各环节及时率（本期受理的投诉）"</h2>
                                <div class="gauges">{gauges}</div>
                                <p class="muted small">
                                    {stage_met
                                        .iter()
                                        .map(|(s, ch)| format!("{} 环比 {}", s.label(), ch.points_text()))
                                        .collect::<Vec<_>>()
                                        .join(" · ")}
                                </p>
                            </section>
                        </div>
                    }
                })
        }}
        <section class="card" data-testid="dash-aftersales">
            <h2>"已购客户回访（本期最后一个月）"</h2>
            <crate::components::quota_card::QuotaFigures
                month=Signal::derive(move || period.get().map(|p| crate::domain::analysis::month_key(p.last_day())).unwrap_or_default())
                project=choice.project
                office=choice.office
                prefix="dash"
            />
        </section>
        <AllData all=all />
    }
}

/// The whole data set today (whatever the period) and the offices side by side.
#[component]
fn AllData(
    /// The whole data set's figures and the repeat count, computed by the dashboard.
    all: Memo<(AllFigures, usize)>,
) -> impl IntoView {
    let db = DbCtx::expect_context();
    let queue = QueueCtx::expect_context();
    let overview = Memo::new(move |_| all.with(|a| a.0.overview.clone()));
    let exports = LocalResource::new(move || {
        queue.track();
        let db = db.get();
        async move {
            crate::service::office_exports(db.as_ref())
                .await
                .unwrap_or_default()
        }
    });
    let offices = Memo::new(move |_| all.with(|a| a.0.offices.clone()));
    let repeats = Memo::new(move |_| all.with(|a| a.1));
    view! {
        <h2 class="section-title">"全部数据（截至现在）"</h2>
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
                        <span>"重复投诉"</span>
                        <b data-testid="dash-repeats">
                            {move || overview.with(|o| o.repeats_text(repeats.get()))}
                        </b>
                    </div>
                    <div class="kpi card">
                        <span>{format!("平均满意度（{} 次回访）", o.scored)}</span>
                        <b data-testid="dash-score">{o.avg_score_text()}</b>
                    </div>
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
                    <Transition fallback=|| ()>
                        {move || {
                            let exports = exports.get().unwrap_or_default();
                            offices
                                .get()
                                .into_iter()
                                .map(|o| {
                                    let at = exports
                                        .get(&o.office)
                                        .map(crate::domain::vocabulary::ymd_hm)
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
                    </Transition>
                </tbody>
            </table>
        </section>
    }
}
