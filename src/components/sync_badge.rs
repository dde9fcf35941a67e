//! The header's sync state at a glance: 已同步, 同步中, 离线 or 同步出错 (issue 17).

use leptos::prelude::*;

use crate::domain::sync::SyncStatus;
use crate::state::SyncCtx;

/// Nothing while no server is set; otherwise the state and how many changes wait.
#[component]
pub fn SyncBadge() -> impl IntoView {
    let sync = SyncCtx::expect_context();
    move || {
        let status = sync.status();
        (status != SyncStatus::Off).then(|| {
            let pending = sync.pending();
            view! {
                <span
                    class=format!("sync-state {}", status.code())
                    data-testid="sync-state"
                    data-state=status.code()
                    data-pending=pending.to_string()
                    role="status"
                    title=status.label(pending)
                >
                    {status.label(pending)}
                </span>
            }
        })
    }
}
