//! The print button of the A4 pages (work-contact sheet, registration form, monthly report):
//! opens the browser's print dialog, where 另存为 PDF is one of the printers.

use leptos::prelude::*;

/// A button that prints the page (the print style sheet hides navigation and buttons).
#[component]
pub fn PrintButton(
    /// Test id of the button.
    testid: &'static str,
    /// Its label.
    #[prop(default = "打印")]
    label: &'static str,
) -> impl IntoView {
    view! {
        <button
            class="primary"
            data-testid=testid
            on:click=move |_| {
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
            }
        >
            {label}
        </button>
    }
}
