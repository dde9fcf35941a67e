//! A labelled form field with its validation message underneath.

use leptos::prelude::*;

use crate::domain::intake::FieldErrors;

/// Wraps an input with a label and the field's error message (if any).
#[component]
pub fn Field(
    /// The label text.
    label: &'static str,
    /// The field's name, as in `intake-<name>` and the error map.
    name: &'static str,
    /// Current errors by field name.
    errors: RwSignal<FieldErrors>,
    /// Show the required marker.
    #[prop(optional)]
    required: bool,
    /// Span the whole row.
    #[prop(optional)]
    wide: bool,
    /// The input itself.
    children: Children,
) -> impl IntoView {
    let error = move || errors.with(|e| e.get(name).cloned());
    view! {
        <label class="field" class:wide=wide class:invalid=move || error().is_some()>
            <span class="label">{label} {required.then_some(view! { <b class="req">"*"</b> })}</span>
            {children()}
            <span class="error" data-testid=format!("error-{name}") role="alert">
                {error}
            </span>
        </label>
    }
}

/// The `<option>`s of a coded enum (value = code, text = Chinese label).
pub fn enum_options<T: Copy + Send + Sync + 'static>(
    all: &'static [T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> impl IntoView {
    all.iter()
        .map(|v| view! { <option value=code(*v)>{label(*v)}</option> })
        .collect_view()
}

/// The `<option>`s of a list of texts (value = text = the item): categories, handlers,
/// projects, offices.
pub fn text_options<S: AsRef<str>>(items: &[S]) -> impl IntoView {
    items
        .iter()
        .map(|v| {
            let text = v.as_ref().to_string();
            let value = text.clone();
            view! { <option value=value>{text}</option> }
        })
        .collect_view()
}

/// `options!(Channel)`: the `<option>`s of a coded enum.
macro_rules! options {
    ($t:ty) => {
        $crate::components::field::enum_options(<$t>::ALL, <$t>::code, <$t>::label)
    };
}
pub(crate) use options;
