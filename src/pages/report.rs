//! The monthly analysis report 《客户投诉分析报告》, built with one click from the dashboard:
//! the figures come from [`monthly_report`]; the improvement actions a manager types are
//! kept in the database per month and filter. It prints on A4 (print CSS: no navigation,
//! each section on its own page) and can be saved as one self-contained HTML file.

use leptos::prelude::*;

use crate::components::badges::StatusBadge;
use crate::components::charts::{Bar, BarChart, StageGauges, TrendChart, TrendRow};
use crate::components::print::PrintButton;
use crate::domain::analysis::{
    actions_key, monthly_report, parse_month_key, Change, Indicators, MonthlyReport, Period, Ratio,
    LIST_LIMIT,
};
use crate::domain::queue::QueueLink;
use crate::domain::vocabulary::Criteria;
use crate::routes::Route;
use crate::state::{AnalysisCtx, DbCtx, SettingsCtx};

/// One row of the indicator table: name, this month, last month, change.
fn row(name: &str, now: String, before: String, change: String) -> impl IntoView {
    view! {
        <tr>
            <th>{name.to_string()}</th>
            <td data-testid="report-value">{now}</td>
            <td>{before}</td>
            <td>{change}</td>
        </tr>
    }
}

fn ratio_row(name: &str, now: Ratio, before: Ratio, change: &Change) -> impl IntoView {
    row(
        name,
        format!("{}（{}/{}）", now.percent_text(), now.num, now.den),
        before.percent_text(),
        change.points_text(),
    )
}

/// The indicator table of the report.
fn indicator_table(
    i: &Indicators,
    p: &Indicators,
    c: &crate::domain::analysis::Changes,
) -> impl IntoView {
    let count = |name: &str, a: usize, b: usize, ch: &Change| {
        row(name, a.to_string(), b.to_string(), ch.relative_text())
    };
    let stages = i
        .timeliness
        .iter()
        .zip(p.timeliness.iter())
        .zip(c.stage_met.iter())
        .map(|((now, before), (_, ch))| {
            ratio_row(
                &format!("{}及时率", now.stage.label()),
                now.met,
                before.met,
                ch,
            )
        })
        .collect_view();
    view! {
        <table class="form report-table" data-testid="report-indicators">
            <thead>
                <tr><th>"指标"</th><th>"本月"</th><th>"上月"</th><th>"环比"</th></tr>
            </thead>
            <tbody>
                {count("受理投诉", i.received, p.received, &c.received)}
                {count("结案", i.closed, p.closed, &c.closed)}
                {count("月末未结案", i.open, p.open, &c.open)}
                {ratio_row("解决率（客户认可的结案/归档）", i.resolution, p.resolution, &c.resolution_rate)}
                {ratio_row("回访率（已回访/已答复）", i.callback, p.callback, &c.callback_rate)}
                {row("平均满意度", i.satisfaction.avg_text(), p.satisfaction.avg_text(), c.avg_score.absolute_text(" 分"))}
                {ratio_row("满意（4-5 分）占比", i.satisfaction.satisfied, p.satisfaction.satisfied, &c.satisfied_share)}
                {ratio_row("不认可占比", i.satisfaction.not_accepted, p.satisfaction.not_accepted, &c.not_accepted_share)}
                {ratio_row("重复投诉率", i.repeats, p.repeats, &c.repeat_rate)}
                {count("群诉（同一问题）", i.group_complaints, p.group_complaints, &c.group_complaints)}
                {row("平均处理时长（工作小时）", i.handling.avg_hours_text(), p.handling.avg_hours_text(), c.avg_handling_hours.absolute_text(" 小时"))}
                {row("90% 处理时长（工作小时）", i.handling.p90_hours_text(), p.handling.p90_hours_text(), c.p90_handling_hours.absolute_text(" 小时"))}
                {stages}
                {count("升级次数", i.escalations.total, p.escalations.total, &c.escalations)}
                {count("重大投诉", i.major_received, p.major_received, &c.major_received)}
                {row(
                    "重大投诉经总经理批准方案",
                    format!("{}/{}", i.major_gm_approved.num, i.major_gm_approved.den),
                    format!("{}/{}", p.major_gm_approved.num, p.major_gm_approved.den),
                    "—".into(),
                )}
            </tbody>
        </table>
    }
}

/// A two-column ranked list (name, count, share of `total`).
fn ranked(
    title: &str,
    testid: &'static str,
    rows: &[(String, usize)],
    total: usize,
) -> impl IntoView {
    let body = rows
        .iter()
        .take(10)
        .map(|(name, n)| {
            let share = Ratio {
                num: *n,
                den: total,
            };
            view! { <tr><td>{name.clone()}</td><td>{*n}</td><td>{share.percent_text()}</td></tr> }
        })
        .collect_view();
    view! {
        <table class="form" data-testid=testid>
            <thead><tr><th>{title.to_string()}</th><th>"件数"</th><th>"占比"</th></tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
}

/// The report for `key` (`YYYY-MM`, optionally `?project=…&office=…`).
#[component]
pub fn ReportPage(
    /// What follows `#/report/`.
    key: String,
) -> impl IntoView {
    let db = DbCtx::expect_context();
    let settings = SettingsCtx::expect_context();
    let analysis = AnalysisCtx::expect_context();
    let (month, query) = match key.split_once('?') {
        Some((m, q)) => (m.to_string(), format!("?{q}")),
        None => (key.clone(), String::new()),
    };
    let scope = QueueLink::parse(&query);
    let filter = Criteria {
        project: scope.criteria.project.clone(),
        office: scope.criteria.office.clone(),
        ..Criteria::default()
    };
    let offset = settings.with_untracked(|s| s.offset());
    let period = parse_month_key(&month).map(|(y, m)| Period::month(y, m, offset));
    let storage_key = StoredValue::new(actions_key(&month, &filter));
    let quota_month = StoredValue::new(month.clone());
    let filter = StoredValue::new(filter);

    let report =
        Memo::new(move |_| {
            let p = period?;
            let now = settings.with(|s| crate::platform::now(s.offset()).timestamp_millis());
            Some(analysis.with(|q, t| {
                filter.with_value(|f| monthly_report(q.rows(), t.flags(), &p, f, now))
            }))
        });

    // Improvement actions: loaded once, saved on demand.
    let actions = RwSignal::new(String::new());
    let loaded = LocalResource::new(move || {
        let db = db.get();
        let key = storage_key.get_value();
        async move {
            crate::service::report_actions(db.as_ref(), &key)
                .await
                .ok()
                .flatten()
                .unwrap_or_default()
        }
    });
    Effect::new(move |_| {
        if let Some(text) = loaded.get() {
            actions.set(text);
        }
    });
    let saved = RwSignal::new(None::<Result<(), String>>);
    let save_actions = Action::new_local(move |_: &()| {
        let db = db.get();
        let key = storage_key.get_value();
        let text = actions.get_untracked();
        async move {
            let r = crate::service::save_report_actions(db.as_ref(), &key, &text)
                .await
                .map_err(|e| e.to_string());
            saved.set(Some(r));
        }
    });
    let save = move |_| {
        save_actions.dispatch_local(());
    };
    let save_html = move |_| {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Some(el) = doc.query_selector("[data-testid=report]").ok().flatten() else {
            return;
        };
        let html = format!(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>客户投诉分析报告 {}</title><style>{}</style></head><body class=\"saved-report\">{}</body></html>",
            period.map(|p| p.label()).unwrap_or_default(),
            // The page's own style rules, so the file looks the same opened anywhere.
            crate::platform::page_css(),
            el.outer_html()
        );
        let _ = crate::platform::download(
            &format!(
                "complaint-report-{month_name}.html",
                month_name = period
                    .map(|p| crate::domain::analysis::month_key(p.from.date_naive()))
                    .unwrap_or_default()
            ),
            "text/html;charset=utf-8",
            &html,
        );
    };
    let office_name = move || settings.with(|s| s.office_name.clone());
    let scope_text = {
        let mut parts = Vec::new();
        if let Some(p) = &scope.criteria.project {
            parts.push(format!("项目：{p}"));
        }
        if let Some(o) = &scope.criteria.office {
            parts.push(format!("办公室：{o}"));
        }
        if parts.is_empty() {
            "全部项目".to_string()
        } else {
            parts.join(" · ")
        }
    };

    view! {
        <div class="no-print actions report-actions">
            <a href=Route::Dashboard.href()>"← 返回统计"</a>
            <PrintButton testid="report-print" label="打印 / 另存为 PDF" />
            <button data-testid="report-save-html" on:click=save_html>"保存为 HTML"</button>
        </div>
        {move || match report.get() {
            None => view! { <div class="card error" data-testid="report-error">"报告月份无效，请从统计页进入。"</div> }.into_any(),
            Some(r) => {
                // The month's callback quotas (issue 12) over the report's project and office.
                let quotas = view! {
                    <crate::components::quota_card::QuotaFigures
                        month=quota_month.get_value()
                        project=filter.with_value(|f| f.project.clone().unwrap_or_default())
                        office=filter.with_value(|f| f.office.clone().unwrap_or_default())
                        prefix="report"
                    />
                }
                .into_any();
                report_body(r, office_name(), scope_text.clone(), actions, saved, save, quotas).into_any()
            }
        }}
    }
}

fn report_body(
    r: MonthlyReport,
    office: String,
    scope: String,
    actions: RwSignal<String>,
    saved: RwSignal<Option<Result<(), String>>>,
    save: impl Fn(leptos::ev::MouseEvent) + 'static,
    quotas: AnyView,
) -> impl IntoView {
    let i = &r.current;
    let trend: Vec<TrendRow> = r
        .trend
        .iter()
        .map(|t| TrendRow {
            label: format!("{}月", chrono::Datelike::month(&t.period.from)),
            received: t.received,
            closed: t.closed,
        })
        .collect();
    let range = (
        r.period.from.timestamp_millis(),
        r.period.to.timestamp_millis(),
    );
    let categories: Vec<Bar> = i
        .by_category
        .iter()
        .take(8)
        .map(|(c, n)| Bar {
            label: c.clone(),
            value: *n,
            href: Route::Queue(
                QueueLink {
                    criteria: Criteria {
                        category: Some(c.clone()),
                        received: Some(range),
                        ..Criteria::default()
                    },
                    ..QueueLink::default()
                }
                .to_query(),
            )
            .href(),
        })
        .collect();
    let gauges = view! { <StageGauges stages=i.timeliness.clone() /> };
    let cases = r
        .late_or_escalated
        .iter()
        .map(|c| {
            view! {
                <tr data-testid="report-case">
                    <td><a href=Route::Detail(c.number.clone()).href()>{c.number.clone()}</a></td>
                    <td>{c.project.clone()}</td>
                    <td>{c.category.clone()}</td>
                    <td><StatusBadge status=c.status /></td>
                    <td>{c.handler.clone()}</td>
                    <td>{c.reasons.join("；")}</td>
                </tr>
            }
        })
        .collect_view();
    let more_cases = r.late_or_escalated_total.saturating_sub(LIST_LIMIT);
    let case_numbers = StoredValue::new(
        r.late_or_escalated
            .iter()
            .map(|c| c.number.clone())
            .collect::<Vec<_>>(),
    );
    let with_photos = RwSignal::new(false);
    let repeaters = r
        .repeat_customers
        .iter()
        .map(|c| {
            view! {
                <tr data-testid="report-repeat">
                    <td>{c.name.clone()}</td>
                    <td>{c.phone.clone()}</td>
                    <td>{c.repeats_in_month}</td>
                    <td>{c.total}</td>
                    <td>{c.numbers.join("、")}</td>
                </tr>
            }
        })
        .collect_view();
    let received = i.received;
    let uninvestigated = i.uninvestigated;
    view! {
        <article class="report" data-testid="report">
            <section class="report-section a4-flow">
                <h1>"客户投诉分析报告"</h1>
                <p class="report-meta">
                    <span>{office}</span>
                    <b data-testid="report-period">{r.period.label()}</b>
                    <span>{scope}</span>
                </p>
                <h2>"一、主要指标"</h2>
                {indicator_table(&r.current, &r.previous, &r.changes)}
                <p class="fine">"指标定义见使用说明中的「指标定义」一节。及时率按本月受理的投诉统计各环节是否在时限内完成。"</p>
            </section>
            <section class="report-section">
                <h2>"二、趋势与分布"</h2>
                <TrendChart title="近 6 个月受理与结案".to_string() months=trend />
                <BarChart title="本月投诉类别".to_string() testid="report-category-chart" bars=categories />
                <div class="gauges">{gauges}</div>
            </section>
            <section class="report-section">
                <h2>"三、主要投诉类别与原因"</h2>
                {ranked("类别", "report-top-categories", &r.current.by_category, received)}
                {ranked("责任归属（原因）", "report-root-causes", &r.current.root_causes, received)}
                <p class="fine">{format!("尚未记录调查结论：{uninvestigated} 件。")}</p>
            </section>
            <section class="report-section">
                <h2>"四、逾期与升级案件"</h2>
                <table class="form cases" data-testid="report-cases">
                    <thead><tr><th>"编号"</th><th>"项目"</th><th>"类别"</th><th>"状态"</th><th>"处理人"</th><th>"情况"</th></tr></thead>
                    <tbody>{cases}</tbody>
                </table>
                {(r.late_or_escalated_total == 0).then(|| view! { <p class="muted">"本月没有逾期或升级的案件。"</p> })}
                {(more_cases > 0).then(|| view! { <p class="fine">{format!("另有 {more_cases} 件未列出，请在投诉列表中筛选查看。")}</p> })}
                {(r.late_or_escalated_total > 0).then(|| view! {
                    <label class="no-print">
                        <input
                            type="checkbox"
                            data-testid="report-photos"
                            prop:checked=move || with_photos.get()
                            on:change=move |ev| with_photos.set(event_target_checked(&ev))
                        />
                        "附上案件照片"
                    </label>
                })}
                {move || with_photos.get().then(|| view! {
                    <crate::components::attachments::CasePhotos numbers=case_numbers.get_value() />
                })}
            </section>
            <section class="report-section">
                <h2>"五、重复投诉客户"</h2>
                <table class="form" data-testid="report-repeats">
                    <thead><tr><th>"客户"</th><th>"电话"</th><th>"本月重复"</th><th>"累计投诉"</th><th>"本月投诉编号"</th></tr></thead>
                    <tbody>{repeaters}</tbody>
                </table>
                {r.repeat_customers.is_empty().then(|| view! { <p class="muted">"本月没有重复投诉的客户。"</p> })}
            </section>
            <section class="report-section">
                <h2>"六、改进措施"</h2>
                <textarea
                    class="no-print"
                    rows="8"
                    data-testid="report-actions"
                    placeholder="针对本月的主要问题，填写改进措施、责任部门和完成时间"
                    prop:value=move || actions.get()
                    on:input=move |ev| actions.set(event_target_value(&ev))
                ></textarea>
                <div class="print-only actions-text" data-testid="report-actions-text">{move || actions.get()}</div>
                <div class="no-print row">
                    <button class="primary" data-testid="report-actions-save" on:click=save>"保存改进措施"</button>
                    {move || match saved.get() {
                        Some(Ok(())) => view! { <span class="ok" data-testid="report-actions-saved">"已保存"</span> }.into_any(),
                        Some(Err(e)) => view! { <span class="error">{format!("保存失败：{e}")}</span> }.into_any(),
                        None => ().into_any(),
                    }}
                </div>
                <p class="signatures">"编制：__________　　审核：__________　　日期：__________"</p>
            </section>
            <section class="report-section">
                <h2>"七、已购客户回访"</h2>
                {quotas}
            </section>
        </article>
    }
}
