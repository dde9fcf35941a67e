//! A complaint printed as the paper registration form 《客户投诉登记表》 on one A4 page:
//! the number, every registration field, the handling steps and blanks for
//! signatures, since offices still file paper.

use leptos::prelude::*;

use crate::components::loader::Loaded;
use crate::components::print::PrintButton;
use crate::domain::print::{attachment_list, form_steps, form_title};
use crate::domain::vocabulary::ymd_hm;
use crate::routes::Route;
use crate::state::{DbCtx, SettingsCtx};

/// The printable registration form of complaint `number`.
#[component]
pub fn FormPage(
    /// The complaint's number.
    number: String,
) -> impl IntoView {
    let db = DbCtx::expect_context();
    let settings = SettingsCtx::expect_context();
    let key = StoredValue::new(number);
    let office = move || settings.with(|s| s.office_name.clone());
    view! {
        <Loaded
            load=move || {
                let db = db.get();
                let number = key.get_value();
                async move { crate::service::load(db.as_ref(), &number).await }
            }
            show=move |(complaint, state)| {
                            let i = state.intake.clone();
                            let channel = i.channel;
                            let number = complaint.number.clone();
                            let attachments = attachment_list(&state);
                            let steps = form_steps(&complaint)
                                .into_iter()
                                .map(|s| {
                                    view! {
                                        <tr data-testid="form-step">
                                            <th>{s.label}</th>
                                            <td class="step-text"><div class="clip">{s.text}</div></td>
                                            <td class="step-when">{s.at.map(|t| ymd_hm(&t)).unwrap_or_default()}</td>
                                            <td class="step-by">{s.by}</td>
                                            <td class="sign"></td>
                                        </tr>
                                    }
                                })
                                .collect_view();
                            view! {
                                <div class="no-print actions">
                                    <a href=Route::Detail(number.clone()).href()>"← 返回投诉"</a>
                                    <PrintButton testid="form-print" />
                                </div>
                                <article class="a4 reg-form" data-testid="form-page">
                                    <h1 data-testid="form-title">{move || format!("{}{}", office(), form_title(channel))}</h1>
                                    <table class="form">
                                        <tr><th>"投诉编号"</th><td data-testid="form-number">{number.clone()}</td><th>"登记时间"</th><td>{ymd_hm(&state.received_at)}</td></tr>
                                        <tr><th>"来源渠道"</th><td>{i.channel.label()}</td><th>"类型"</th><td>{i.kind.label()}</td></tr>
                                        <tr><th>"客户姓名"</th><td>{i.customer_name.clone()}</td><th>"联系电话"</th><td>{i.phone.clone()}</td></tr>
                                        <tr><th>"客户类型"</th><td>{i.customer_type.label()}</td><th>"客户情绪"</th><td>{i.mood.label()}</td></tr>
                                        <tr><th>"项目"</th><td>{i.project.clone()}</td><th>"楼栋/房号"</th><td>{format!("{} {}", i.building, i.unit)}</td></tr>
                                        <tr><th>"事件时间"</th><td>{i.event_time.clone()}</td><th>"事件地点"</th><td>{i.event_place.clone()}</td></tr>
                                        <tr><th>"投诉类别"</th><td>{state.category.clone()}</td><th>"严重程度"</th><td>{state.severity.label()}</td></tr>
                                        <tr><th>"投诉内容"</th><td colspan="3"><div class="clip tall-clip">{i.content.clone()}</div></td></tr>
                                        <tr><th>"客户诉求"</th><td colspan="3"><div class="clip">{i.desired_remedy.clone()}</div></td></tr>
                                        <tr><th>"附件"</th><td colspan="3" data-testid="form-attachments">{if attachments.is_empty() { "无".to_string() } else { attachments }}</td></tr>
                                        <tr><th>"受理人"</th><td>{state.received_by.clone()}</td><th>"受理人签字"</th><td></td></tr>
                                    </table>
                                    <h2>"处理过程"</h2>
                                    <table class="form steps">
                                        <colgroup>
                                            <col style="width:16%" />
                                            <col style="width:42%" />
                                            <col style="width:17%" />
                                            <col style="width:13%" />
                                            <col style="width:12%" />
                                        </colgroup>
                                        <thead><tr><th>"环节"</th><th>"内容"</th><th>"时间"</th><th>"经办人"</th><th>"签字"</th></tr></thead>
                                        <tbody>{steps}</tbody>
                                    </table>
                                    <table class="form signoff">
                                        <tr><th>"部门负责人意见"</th><td class="tall"></td></tr>
                                        <tr><th>"总经理意见（重大投诉）"</th><td class="tall"></td></tr>
                                    </table>
                                    <p class="fine">"本表一式一份，结案后随投诉档案归档。"</p>
                                </article>
                            }
                                .into_any()
                        }
        />
    }
}
