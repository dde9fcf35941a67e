//! The intake form's buyer picker (issue 12): search the buyers by name, phone or unit and
//! pick one, which fills the customer's fields and links the complaint to their record.

use leptos::prelude::*;

use crate::domain::aftersales::Buyer;
use crate::domain::intake::IntakeForm;
use crate::service::buyers;
use crate::state::DbCtx;

/// How many matches the picker lists.
const SHOWN: usize = 8;

/// Fills the form from a buyer: name, main phone, project, building, unit and the link.
pub fn fill_from(form: &mut IntakeForm, b: &Buyer) {
    form.name = b.name.clone();
    form.phone = b.phones.first().cloned().unwrap_or_default();
    form.project = b.project.clone();
    form.building = b.building.clone();
    form.unit = b.unit.clone();
    form.buyer = b.id.clone();
}

/// The picker: a search box, up to eight matches, and the buyer chosen (with a way back).
#[component]
pub fn BuyerPick(
    /// The intake form being typed.
    form: RwSignal<IntakeForm>,
) -> impl IntoView {
    let db = DbCtx::expect_context();
    let all = LocalResource::new(move || {
        let db = db.get();
        async move { buyers::list(db.as_ref()).await.unwrap_or_default() }
    });
    let query = RwSignal::new(String::new());
    let matches = move || {
        let q = query.get();
        if q.trim().is_empty() {
            return Vec::new();
        }
        all.with(|l| {
            l.as_ref()
                .map(|l| {
                    l.iter()
                        .filter(|b| b.matches(&q))
                        .take(SHOWN)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default()
        })
    };
    let chosen = move || {
        let id = form.with(|f| f.buyer.clone());
        if id.is_empty() {
            return None;
        }
        all.with(|l| {
            l.as_ref()
                .and_then(|l| l.iter().find(|b| b.id == id).cloned())
        })
    };
    view! {
        <fieldset class="buyer-pick wide" data-testid="intake-buyer-pick">
            <legend>"已购客户（可选）"</legend>
            {move || match chosen() {
                Some(b) => view! {
                    <p data-testid="intake-buyer" data-id=b.id.clone()>
                        {format!("{} · {} {} {}", b.name, b.project, b.building, b.unit)}
                        " "
                        <button type="button" data-testid="intake-buyer-clear" on:click=move |_| form.update(|f| f.buyer.clear())>
                            "取消关联"
                        </button>
                    </p>
                }
                .into_any(),
                None => view! {
                    <label class="field">
                        <span class="label">"按姓名、电话或房号查找"</span>
                        <input type="search" data-testid="intake-buyer-search" bind:value=query autocomplete="off" />
                    </label>
                    <ul class="picks">
                        {move || {
                            matches()
                                .into_iter()
                                .map(|b| {
                                    let text = format!(
                                        "{} · {} · {} {} {}",
                                        b.name,
                                        b.phones.first().cloned().unwrap_or_default(),
                                        b.project,
                                        b.building,
                                        b.unit
                                    );
                                    let id = b.id.clone();
                                    view! {
                                        <li>
                                            <button type="button" data-testid="intake-buyer-option" data-id=id on:click=move |_| {
                                                form.update(|f| fill_from(f, &b));
                                                query.set(String::new());
                                            }>
                                                {text}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                }
                .into_any(),
            }}
        </fieldset>
    }
}
