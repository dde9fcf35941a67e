//! The header's staff menu: switching this device into reception mode (案场接待模式).

use leptos::prelude::*;

use crate::domain::access::{may_start, AuditChange};
use crate::platform::access::{go_to, set_reception, Entry, ReceptionMode};
use crate::service::access;
use crate::state::{DbCtx, SettingsCtx, UserCtx};

/// The menu, with the reception-mode switch and why it cannot start when it cannot.
#[component]
pub fn StaffMenu() -> impl IntoView {
    let db = DbCtx::expect_context();
    let settings = SettingsCtx::expect_context();
    let user = UserCtx::expect_context();
    let message = RwSignal::new(None::<String>);
    let start = Action::new_local(move |_: &()| {
        let actor = user.actor(settings);
        let s = settings.get_untracked();
        let db = db.get();
        async move {
            let Some(actor) = actor else { return };
            if let Err(e) = may_start(&s, actor.role) {
                message.set(Some(e.to_string()));
                return;
            }
            let at = crate::platform::now(s.offset());
            let audit = access::record(
                db.as_ref(),
                &actor.name,
                at,
                vec![AuditChange::ReceptionStarted],
            )
            .await;
            if let Err(e) = audit {
                message.set(Some(e.to_string()));
                return;
            }
            set_reception(&ReceptionMode { by: actor.name });
            // The reception entry, a fresh page: nothing of the desk's data stays in memory
            // behind the form.
            go_to(Entry::Reception);
        }
    });
    view! {
        <details class="staff-menu" data-testid="staff-menu">
            <summary>"更多"</summary>
            <div class="menu">
                <button data-testid="reception-start" on:click=move |_| { start.dispatch_local(()); }>
                    "开启案场接待模式"
                </button>
                <p class="muted">"开启后本设备只显示客户登记页，退出须由员工输入密码。"</p>
                <p class="error" data-testid="reception-start-error" role="alert">{move || message.get()}</p>
            </div>
        </details>
    }
}
