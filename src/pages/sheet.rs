//! A work-contact sheet 《工作联系单》 laid out for one A4 page.

use leptos::prelude::*;

use crate::components::loader::Loaded;
use crate::components::print::PrintButton;
use crate::domain::vocabulary::ymd_hm;
use crate::routes::Route;
use crate::state::{DbCtx, SettingsCtx};

/// The printable sheet `sheet` of complaint `number`.
#[component]
pub fn SheetPage(
    /// The complaint's number.
    number: String,
    /// The sheet's id.
    sheet: String,
) -> impl IntoView {
    let db = DbCtx::expect_context();
    let settings = SettingsCtx::expect_context();
    let key = StoredValue::new((number, sheet));
    let office = move || settings.with(|s| s.office_name.clone());
    view! {
        <Loaded
            load=move || {
                let db = db.get();
                let (number, sheet) = key.get_value();
                async move { crate::service::load_sheet(db.as_ref(), &number, &sheet).await }
            }
            show=move |(state, s)| {
                            let i = state.intake;
                            let number = key.get_value().0;
                            view! {
                                <div class="no-print actions">
                                    <a href=Route::Detail(number.clone()).href()>"← 返回投诉"</a>
                                    <PrintButton testid="sheet-print" />
                                </div>
                                <article class="a4 sheet" data-testid="sheet-page">
                                    <h1>{move || format!("{}工作联系单", office())}</h1>
                                    <table class="form">
                                        <tr><th>"联系单编号"</th><td>{s.id.clone()}</td><th>"投诉编号"</th><td>{number}</td></tr>
                                        <tr><th>"发往部门"</th><td>{s.department.clone()}</td><th>"发出人"</th><td>{s.issued_by.clone()}</td></tr>
                                        <tr><th>"发出时间"</th><td>{ymd_hm(&s.issued_at)}</td><th>"回复期限"</th><td>{ymd_hm(&s.due)}</td></tr>
                                        <tr><th>"客户"</th><td>{format!("{} {}", i.customer_name, i.phone)}</td><th>"项目/房号"</th><td>{format!("{} {} {}", i.project, i.building, i.unit)}</td></tr>
                                        <tr><th>"投诉内容"</th><td colspan="3" class="tall">{i.content.clone()}</td></tr>
                                        <tr><th>"联系事项"</th><td colspan="3" class="tall">{s.request.clone()}</td></tr>
                                        <tr><th>"部门回复"</th><td colspan="3" class="taller">{s.reply.clone().unwrap_or_default()}</td></tr>
                                        <tr><th>"回复时间"</th><td>{s.replied_at.map(|t| ymd_hm(&t)).unwrap_or_default()}</td><th>"部门负责人签字"</th><td></td></tr>
                                    </table>
                                    <p class="fine">"请于回复期限前书面回复客服部。"</p>
                                </article>
                            }
                                .into_any()
                        }
        />
    }
}
