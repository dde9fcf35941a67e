//! Sign-in and the lock screen: pick your name, type your PIN. An initial PIN a manager set
//! is changed here at the first sign-in; a device with no PIN at all (a database from before
//! sign-in) asks for one manager's PIN first.

use leptos::prelude::*;

use crate::components::pin_pad::{PinPad, StaffButtons};
use crate::domain::access::PinState;
use crate::platform::access::{now_ms, WebKdf};
use crate::service::access;
use crate::state::{DbCtx, SettingsCtx, UserCtx};

/// The sign-in (and lock) screen.
#[component]
pub fn SignInPage() -> impl IntoView {
    let db = DbCtx::expect_context();
    let settings = SettingsCtx::expect_context();
    let creds = LocalResource::new(move || {
        let db = db.get();
        async move {
            access::credentials(db.as_ref())
                .await
                .map_err(|e| e.to_string())
        }
    });
    view! {
        <main class="page signin" id="signin">
            <h1>{move || settings.with(|s| if s.office_name.is_empty() { "投诉台".to_string() } else { s.office_name.clone() })}</h1>
            <Suspense fallback=|| view! { <p class="loading">"正在读取员工名单…"</p> }>
                {move || creds.get().map(|c| match c {
                    Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                    Ok(c) if c.is_empty() => view! { <FirstManager /> }.into_any(),
                    Ok(c) => view! { <SignIn states=c /> }.into_any(),
                })}
            </Suspense>
        </main>
    }
}

/// Pick a name, type the PIN; then, for an initial PIN, choose one's own.
#[component]
fn SignIn(
    /// The PIN records as read when the screen opened.
    states: crate::domain::access::Credentials,
) -> impl IntoView {
    let db = DbCtx::expect_context();
    let settings = SettingsCtx::expect_context();
    let user = UserCtx::expect_context();
    let chosen = RwSignal::new(user.last_untracked_active(settings));
    let pin = RwSignal::new(String::new());
    let new_pin = RwSignal::new(String::new());
    let new_pin2 = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let must_change = RwSignal::new(None::<String>);
    let states = StoredValue::new(states);
    let staff = Signal::derive(move || {
        settings.with(|s| {
            s.active_staff()
                .map(|m| {
                    let note = match states.with_value(|c| c.pin_state(&m.name)) {
                        PinState::Missing => "未设置密码",
                        PinState::MustChange | PinState::Set => "",
                    };
                    (m.clone(), note)
                })
                .collect()
        })
    });
    Effect::new(move |prev: Option<Option<String>>| {
        let now = chosen.get();
        if prev.is_some_and(|p| p != now) {
            pin.set(String::new());
            error.set(None);
        }
        now
    });
    let submit = Action::new_local(move |_: &()| {
        let (name, typed) = (chosen.get_untracked(), pin.get_untracked());
        let s = settings.get_untracked();
        let db = db.get();
        async move {
            let Some(name) = name else {
                error.set(Some("请先选择您的姓名".into()));
                return;
            };
            match access::verify(db.as_ref(), &WebKdf, &s, &name, &typed, now_ms()).await {
                Ok(v) if v.must_change => {
                    error.set(None);
                    must_change.set(Some(name));
                }
                Ok(_) => user.signed_in(name),
                Err(e) => {
                    pin.set(String::new());
                    error.set(Some(e.to_string()));
                }
            }
        }
    });
    let change = Action::new_local(move |_: &()| {
        let (a, b) = (new_pin.get_untracked(), new_pin2.get_untracked());
        let name = must_change.get_untracked();
        let offset = settings.with_untracked(|s| s.offset());
        let db = db.get();
        async move {
            let Some(name) = name else { return };
            let at = crate::platform::now(offset);
            match access::change_own_pin(db.as_ref(), &WebKdf, &name, &a, &b, at).await {
                Ok(()) => user.signed_in(name),
                Err(e) => error.set(Some(e.to_string())),
            }
        }
    });
    let busy = Signal::derive(move || submit.pending().get() || change.pending().get());
    let go = move || {
        if !busy.get_untracked() {
            submit.dispatch_local(());
        }
    };
    let go_change = move || {
        if !busy.get_untracked() {
            change.dispatch_local(());
        }
    };
    view! {
        {move || match must_change.get() {
            Some(name) => view! {
                <section class="card signin-card" data-testid="signin-change">
                    <h2>{format!("{name}，请设置您自己的密码")}</h2>
                    <p class="muted">"经理设置的是初始密码，首次登录须改为只有您知道的 4 到 8 位数字。"</p>
                    <PinPad value=new_pin testid="signin-new-pin" label="新密码" on_enter=go_change />
                    <label class="field">
                        <span class="label">"再输入一次"</span>
                        <input
                            type="password"
                            inputmode="numeric"
                            autocomplete="off"
                            maxlength="8"
                            data-testid="signin-new-pin2"
                            bind:value=new_pin2
                            on:keydown=move |ev| if ev.key() == "Enter" { go_change() }
                        />
                    </label>
                    <p class="error" data-testid="signin-error" role="alert">{move || error.get()}</p>
                    <button class="primary big" data-testid="signin-change-submit" disabled=busy on:click=move |_| go_change()>
                        "保存新密码并登录"
                    </button>
                </section>
            }
            .into_any(),
            None => view! {
                <section class="card signin-card">
                    <h2>"请选择您的姓名"</h2>
                    <StaffButtons staff=staff chosen=chosen />
                    {move || chosen.get().map(|name| view! {
                        <div class="signin-pin">
                            <p class="who-now">{format!("{name}，请输入密码")}</p>
                            <PinPad value=pin testid="signin-pin" on_enter=go />
                            <button class="primary big" data-testid="signin-submit" disabled=busy on:click=move |_| go()>
                                "登录"
                            </button>
                        </div>
                    })}
                    <p class="error" data-testid="signin-error" role="alert">{move || error.get()}</p>
                </section>
            }
            .into_any(),
        }}
    }
}

/// A device whose database has no PIN yet: one manager sets theirs (trusted once).
#[component]
fn FirstManager() -> impl IntoView {
    let db = DbCtx::expect_context();
    let settings = SettingsCtx::expect_context();
    let user = UserCtx::expect_context();
    let first = settings.with_untracked(|s| {
        s.active_staff()
            .find(|m| m.role == crate::domain::vocabulary::Role::Manager)
            .map(|m| m.name.clone())
            .unwrap_or_default()
    });
    let name = RwSignal::new(first);
    let pin = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let save = Action::new_local(move |_: &()| {
        let (n, p) = (name.get_untracked(), pin.get_untracked());
        let s = settings.get_untracked();
        let db = db.get();
        async move {
            let at = crate::platform::now(s.offset());
            match access::first_manager(db.as_ref(), &WebKdf, &s, &n, &p, at).await {
                Ok((saved, m)) => {
                    if saved != s {
                        settings.saved(saved);
                    }
                    user.signed_in(m.name);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        }
    });
    let go = move || {
        if !save.pending().get_untracked() {
            save.dispatch_local(());
        }
    };
    view! {
        <section class="card signin-card" data-testid="first-manager">
            <h2>"设置经理密码"</h2>
            <p>
                "从本版本起，每位员工都用自己的密码登录，处理记录中的操作人才可信。"
                "请先由一位经理设置自己的密码；其他员工的初始密码由经理在“设置 → 员工”中设置。"
            </p>
            <label class="field">
                <span class="label">"经理姓名"</span>
                <input data-testid="setup-manager-name" bind:value=name />
            </label>
            <PinPad value=pin testid="setup-manager-pin" label="经理密码（4 到 8 位数字）" on_enter=go />
            <p class="error" data-testid="signin-error" role="alert">{move || error.get()}</p>
            <button class="primary big" data-testid="setup-manager-save" on:click=move |_| go()>
                "保存并登录"
            </button>
        </section>
    }
}
