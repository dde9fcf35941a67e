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
        <table class="form" data-testid=format!("{prefix}-quota")>
            <thead>
                <tr><th>"签约一个月内回访（按时/应回访，目标 100%）"</th><th>"交房后一个月内抽样回访（按时/抽中，30%）"</th><th>"平均满意度"</th><th>"回访中提出的投诉"</th></tr>
            </thead>
            <tbody>
                {move || figures().map(|q| view! {
                    <tr>
                        <td data-testid=format!("{prefix}-quota-signing")>{q.signing_text()}</td>
                        <td data-testid=format!("{prefix}-quota-handover")>{format!("{}（交房 {} 户）", q.handover_text(), q.handovers)}</td>
                        <td>{q.average_text()}</td>
                        <td>{q.complaints}</td>
                    </tr>
                })}
            </tbody>
        </table>
    }
}
