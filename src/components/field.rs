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
            <span class="error" id=error_id(name) data-testid=format!("error-{name}") role="alert">
                {error}
            </span>
        </label>
    }
}

/// The id of field `name`'s error message, which its input names in `aria-describedby`.
fn error_id(name: &str) -> String {
    format!("error-{name}")
}

/// The input's `aria-describedby` (its error message, when the form shows errors) and
/// `aria-invalid` (while it has one).
fn described(
    name: &'static str,
    errors: Option<RwSignal<FieldErrors>>,
) -> (
    Option<String>,
    impl Fn() -> Option<&'static str> + Send + Sync + 'static,
) {
    let id = errors.map(|_| error_id(name));
    let invalid = move || errors.and_then(|e| e.with(|m| m.get(name).is_some().then_some("true")));
    (id, invalid)
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

/// One field of a form held in one signal: its value, read and written.
pub type Slice<T> = (Signal<T>, SignalSetter<T>);

/// The slice of `form` that `get` / `set` point at. Both are plain function pointers, so one
/// instantiation serves every field of a form; the read side is memoised, so only the edited
/// field's inputs update. Usually written with [`slice!`].
pub fn slice_of<F, T>(form: RwSignal<F>, get: fn(&F) -> &T, set: fn(&mut F) -> &mut T) -> Slice<T>
where
    F: Send + Sync + 'static,
    T: Clone + PartialEq + Send + Sync + 'static,
{
    create_slice(form, move |f| get(f).clone(), move |f, v| *set(f) = v)
}

/// A field kept in a signal of its own, as a [`Slice`].
pub fn whole<T: Send + Sync + 'static>(signal: RwSignal<T>) -> Slice<T> {
    (signal.into(), signal.write_only().into())
}

/// `slice!(form.name)`: the [`Slice`] of field `name` of the form signal `form`.
macro_rules! slice {
    ($form:ident . $field:ident) => {
        $crate::components::field::slice_of($form, |f| &f.$field, |f| &mut f.$field)
    };
}
pub(crate) use slice;

/// The label around an input: with `errors`, the [`Field`] with its error message; without,
/// a plain labelled field (the action form shows its errors in one line below).
fn labelled(
    label: &'static str,
    name: &'static str,
    errors: Option<RwSignal<FieldErrors>>,
    required: bool,
    wide: bool,
    input: AnyView,
) -> AnyView {
    match errors {
        Some(errors) => view! {
            <Field label=label name=name errors=errors required=required wide=wide>
                {input}
            </Field>
        }
        .into_any(),
        None => view! {
            <label class="field" class:wide=wide>
                <span class="label">{label}</span>
                {input}
            </label>
        }
        .into_any(),
    }
}

/// A labelled text input (or a textarea when `rows` is given) bound to a [`Slice`].
#[component]
pub fn TextField(
    /// The label text.
    label: &'static str,
    /// The field's name in the error map.
    #[prop(optional)]
    name: &'static str,
    /// The input's test id.
    testid: &'static str,
    /// The value.
    value: Slice<String>,
    /// Current errors by field name; without them no error line is shown.
    #[prop(optional)]
    errors: Option<RwSignal<FieldErrors>>,
    /// Show the required marker (only with `errors`).
    #[prop(optional)]
    required: bool,
    /// Span the whole row.
    #[prop(optional)]
    wide: bool,
    /// A textarea of this many rows instead of an input.
    #[prop(optional)]
    rows: Option<u32>,
    /// The input's `type` (`date`, `datetime-local`); text by default.
    #[prop(optional)]
    kind: Option<&'static str>,
    /// The input's `inputmode`.
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// The input's placeholder.
    #[prop(optional)]
    placeholder: Option<&'static str>,
    /// The input's `autocomplete`.
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// The id of a `<datalist>` whose entries the input offers (typing others stays allowed).
    #[prop(optional)]
    list: Option<&'static str>,
) -> impl IntoView {
    let (describedby, invalid) = described(name, errors);
    let input = match rows {
        Some(rows) => view! {
            <textarea
                data-testid=testid
                bind:value=value
                rows=rows
                aria-describedby=describedby
                aria-invalid=invalid
            ></textarea>
        }
        .into_any(),
        None => view! {
            <input
                type=kind
                data-testid=testid
                aria-describedby=describedby
                aria-invalid=invalid
                bind:value=value
                inputmode=inputmode
                placeholder=placeholder
                autocomplete=autocomplete
                list=list
            />
        }
        .into_any(),
    };
    labelled(label, name, errors, required, wide, input)
}

/// A labelled select bound to a [`Slice`]; the children are its `<option>`s.
#[component]
pub fn SelectField(
    /// The label text.
    label: &'static str,
    /// The field's name in the error map.
    #[prop(optional)]
    name: &'static str,
    /// The select's test id.
    testid: &'static str,
    /// The chosen value.
    value: Slice<String>,
    /// Current errors by field name; without them no error line is shown.
    #[prop(optional)]
    errors: Option<RwSignal<FieldErrors>>,
    /// Show the required marker (only with `errors`).
    #[prop(optional)]
    required: bool,
    /// The `<option>`s.
    children: Children,
) -> impl IntoView {
    let (describedby, invalid) = described(name, errors);
    let input = view! {
        <select data-testid=testid bind:value=value aria-describedby=describedby aria-invalid=invalid>
            {children()}
        </select>
    }
    .into_any();
    labelled(label, name, errors, required, false, input)
}

/// A checkbox with its text, bound to a [`Slice`].
#[component]
pub fn CheckField(
    /// The text after the box.
    label: &'static str,
    /// The checkbox's test id.
    testid: &'static str,
    /// Whether it is checked.
    value: Slice<bool>,
) -> impl IntoView {
    view! { <label class="check"><input type="checkbox" data-testid=testid bind:checked=value />{label}</label> }
}

/// A group of choices under a legend (the intake form's facts).
#[component]
pub fn ChoiceGroup(
    /// The legend.
    legend: &'static str,
    /// The fieldset's test id.
    testid: &'static str,
    /// The checks and fields inside.
    children: Children,
) -> impl IntoView {
    view! {
        <fieldset class="facts wide" data-testid=testid>
            <legend>{legend}</legend>
            {children()}
        </fieldset>
    }
}
