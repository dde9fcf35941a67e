//! A PIN field with a large on-screen keypad (usable by touch), and the row of staff buttons
//! a person picks their name from.

use leptos::prelude::*;

use crate::domain::vocabulary::Staff;

/// The PIN field and its keypad. Enter (or the caller's button) submits.
#[component]
pub fn PinPad(
    /// The digits typed so far.
    value: RwSignal<String>,
    /// The field's test id.
    testid: &'static str,
    /// The field's label.
    #[prop(default = "密码")]
    label: &'static str,
    /// Called on Enter in the field.
    on_enter: impl Fn() + 'static,
) -> impl IntoView {
    let press = move |k: &'static str| {
        value.update(|v| match k {
            "⌫" => {
                v.pop();
            }
            "清除" => v.clear(),
            d if v.len() < 8 => v.push_str(d),
            _ => {}
        })
    };
    let keys = [
        "1", "2", "3", "4", "5", "6", "7", "8", "9", "清除", "0", "⌫",
    ];
    view! {
        <div class="pin-pad">
            <label class="field">
                <span class="label">{label}</span>
                <input
                    type="password"
                    inputmode="numeric"
                    autocomplete="off"
                    maxlength="8"
                    data-testid=testid
                    prop:value=move || value.get()
                    on:input:target=move |ev| {
                        let digits: String = ev.target().value().chars().filter(|c| c.is_ascii_digit()).take(8).collect();
                        value.set(digits)
                    }
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            on_enter();
                        }
                    }
                />
            </label>
            <div class="keys" role="group" aria-label="数字键盘">
                {keys
                    .map(|k| {
                        let name = match k {
                            "⌫" => "删除一位",
                            "清除" => "清除全部",
                            d => d,
                        };
                        view! {
                            <button type="button" class="key" aria-label=name on:click=move |_| press(k)>
                                {k}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </div>
    }
}

/// Large buttons, one per staff member (`signin-staff` with `data-name`); the chosen one is
/// pressed.
#[component]
pub fn StaffButtons(
    /// Who can be chosen.
    staff: Signal<Vec<(Staff, &'static str)>>,
    /// The chosen name.
    chosen: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="staff-buttons" role="group" aria-label="选择员工">
            {move || {
                staff
                    .get()
                    .into_iter()
                    .map(|(m, note)| {
                        let name = m.name.clone();
                        let pressed = {
                            let name = name.clone();
                            move || chosen.get().as_deref() == Some(name.as_str())
                        };
                        view! {
                            <button
                                type="button"
                                class="staff"
                                data-testid="signin-staff"
                                data-name=name.clone()
                                aria-pressed=move || if pressed() { "true" } else { "false" }
                                on:click={
                                    let name = name.clone();
                                    move |_| chosen.set(Some(name.clone()))
                                }
                            >
                                <span class="who">{name.clone()}</span>
                                <span class="role">{m.role.label()}</span>
                                {(!note.is_empty()).then(|| view! { <span class="note">{note}</span> })}
                            </button>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}
