//! First run: ask for the office and device codes that make complaint numbers unique.

use std::rc::Rc;

use leptos::prelude::*;

use crate::components::pin_pad::PinPad;
use crate::domain::access::Session;
use crate::domain::vocabulary::Settings;
use crate::platform::access::{now_ms, set_session, WebKdf};
use crate::service::access::{self, DeviceSetup};
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
    let manager = RwSignal::new(String::new());
    let pin = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let on_done = Rc::new(on_done);
    let save = move || {
        let form = DeviceSetup {
            office: office.get_untracked(),
            device: device.get_untracked(),
            office_name: name.get_untracked(),
            manager: manager.get_untracked(),
            pin: pin.get_untracked(),
        };
        let on_done = on_done.clone();
        let db = db.get();
        leptos::task::spawn_local(async move {
            // The audit entry's time in the default calendar's offset (the settings' own).
            let at =
                crate::platform::now(crate::domain::vocabulary::WorkCalendar::default().offset());
            match access::setup_device(db.as_ref(), &WebKdf, &form, at).await {
                Ok((settings, manager)) => {
                    // The first manager is signed in.
                    set_session(&Session {
                        name: manager.name,
                        last_input_ms: now_ms(),
                    });
                    on_done(settings)
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let submit = {
        let save = save.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            save();
        }
    };
    view! {
        <main class="page setup">
            <h1>"欢迎使用投诉台"</h1>
            <p>
                "首次使用请设置本办公室和本设备的编码。投诉编号由“办公室编码-设备编码-日期-流水号”组成，"
                "同一办公室的每台设备须使用不同的设备编码，才能保证离线登记的编号不重复。"
            </p>
            <form on:submit=submit class="card">
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
                <label class="field">
                    <span class="label">"首位经理的姓名"</span>
                    <input data-testid="setup-manager-name" bind:value=manager autocomplete="name" />
                </label>
                <PinPad value=pin testid="setup-manager-pin" label="经理的密码（4 到 8 位数字，请牢记）" on_enter=move || save() />
                <p class="muted">
                    "之后每位员工都用自己的密码登录；其他员工的初始密码由经理在“设置 → 员工”中设置。"
                </p>
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
