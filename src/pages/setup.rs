//! First run: ask for the office and device codes that make complaint numbers unique.

use std::rc::Rc;

use leptos::prelude::*;

use crate::domain::vocabulary::Settings;
use crate::service;
use crate::state::DbCtx;

/// The first-run form.
#[component]
pub fn SetupPage(
    /// Called with the saved settings.
    on_done: impl Fn(Settings) + 'static,
) -> impl IntoView {
    let db = DbCtx::expect_context();
    let office = RwSignal::new(String::new());
    let device = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let on_done = Rc::new(on_done);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (office, device, name) = (office.get(), device.get(), name.get());
        let on_done = on_done.clone();
        let db = db.get();
        leptos::task::spawn_local(async move {
            match service::first_settings(db.as_ref(), &office, &device, &name).await {
                Ok(settings) => on_done(settings),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <main class="page setup">
            <h1>"欢迎使用投诉台"</h1>
            <p>
                "首次使用请设置本办公室和本设备的编码。投诉编号由“办公室编码-设备编码-日期-流水号”组成，"
                "同一办公室的每台设备须使用不同的设备编码，才能保证离线登记的编号不重复。"
            </p>
            <form on:submit=save class="card">
                <label class="field">
                    <span class="label">"办公室编码（2-8 位字母或数字，如 SH01）"</span>
                    <input data-testid="setup-office" bind:value=office autocapitalize="characters" />
                </label>
                <label class="field">
                    <span class="label">"设备编码（1-4 位字母或数字，如 A）"</span>
                    <input data-testid="setup-device" bind:value=device autocapitalize="characters" />
                </label>
                <label class="field">
                    <span class="label">"办公室名称（可选）"</span>
                    <input data-testid="setup-name" bind:value=name />
                </label>
                <p class="error" data-testid="setup-error" role="alert">
                    {move || error.get()}
                </p>
                <button type="submit" class="primary" data-testid="setup-save">
                    "保存并开始"
                </button>
            </form>
        </main>
    }
}
