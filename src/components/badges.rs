//! Small labels: status and severity badges.

use leptos::prelude::*;

use crate::domain::model::Severity;
use crate::domain::workflow::Status;

/// A coloured status label.
#[component]
pub fn StatusBadge(
    /// The status shown.
    status: Status,
) -> impl IntoView {
    view! {
        <span class=format!("badge status-{}", status.code()) data-status=status.code()>
            {status.label()}
        </span>
    }
}

/// A severity label; major shows in red.
#[component]
pub fn SeverityBadge(
    /// The severity shown.
    severity: Severity,
) -> impl IntoView {
    view! { <span class=format!("badge sev-{}", severity.code())>{severity.label()}</span> }
}
