//! Small labels: status and severity badges.

use leptos::prelude::*;

use crate::domain::case::Status;
use crate::domain::vocabulary::Severity;

/// The CSS classes of a status badge.
pub fn status_class(status: Status) -> String {
    format!("badge status-{}", status.code())
}

/// The CSS classes of a severity badge.
pub fn severity_class(severity: Severity) -> String {
    format!("badge sev-{}", severity.code())
}

/// A coloured status label.
#[component]
pub fn StatusBadge(
    /// The status shown.
    status: Status,
) -> impl IntoView {
    view! {
        <span class=status_class(status) data-status=status.code()>
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
    view! { <span class=severity_class(severity)>{severity.label()}</span> }
}
