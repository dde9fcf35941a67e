//! The callback quotas of a month (issue 12, R-29) as the dashboard and the monthly report
//! show them: signing callbacks on time / due, the handover sample on time / drawn, the
//! average satisfaction and the complaints raised from callbacks.

use leptos::prelude::*;

use crate::domain::aftersales::{quota_figures, Month};
use crate::service::buyers;
use crate::state::DbCtx;

/// The month's quota figures over the buyers of `project` and `office` (empty: all).
#[component]
pub fn QuotaFigures(
    /// The month, `YYYY-MM`.
    #[prop(into)]
    month: Signal<String>,
    /// Project, empty for all.
    #[prop(into)]
    project: Signal<String>,
    /// Office, empty for all.
    #[prop(into)]
    office: Signal<String>,
    /// The test id prefix (`dash` on the dashboard, `report` in the report).
    prefix: &'static str,
) -> impl IntoView {
    let db = DbCtx::expect_context();
    let all = LocalResource::new(move || {
        let db = db.get();
        async move { buyers::list(db.as_ref()).await.unwrap_or_default() }
    });
    let figures = move || {
        let m = Month::parse(&month.get())?;
        let (p, o) = (project.get(), office.get());
        let list = all.get()?;
        Some(quota_figures(
            &list,
            Some(o.as_str()).filter(|o| !o.is_empty()),
            Some(p.as_str()).filter(|p| !p.is_empty()),
            m,
        ))
    };
    view! {
        <div class="kpis" data-testid=format!("{prefix}-quota")>
            {move || figures().map(|q| view! {
                <div class="kpi card">
                    <span>"签约一个月内回访（按时/应回访）"</span>
                    <b data-testid=format!("{prefix}-quota-signing")>{q.signing_text()}</b>
                </div>
                <div class="kpi card">
                    <span>{format!("交房抽样回访（按时/抽中，交房 {} 户）", q.handovers)}</span>
                    <b data-testid=format!("{prefix}-quota-handover")>{q.handover_text()}</b>
                </div>
                <div class="kpi card">
                    <span>"回访平均满意度"</span>
                    <b>{q.average_text()}</b>
                </div>
                <div class="kpi card">
                    <span>"回访中提出的投诉"</span>
                    <b>{q.complaints}</b>
                </div>
            })}
        </div>
    }
}
