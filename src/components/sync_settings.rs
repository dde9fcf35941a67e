//! Settings → 同步: this device's CouchDB database, user and password, a connection test,
//! and where sync stands (issue 17). Managers only (the settings page is).

use leptos::prelude::*;

use crate::domain::sync::SyncConfig;
use crate::platform::couch::Couch;
use crate::service::sync as svc;
use crate::state::{DbCtx, QueueCtx, SettingsCtx, SyncCtx, UserCtx};

/// The 同步 card of the settings page.
#[component]
pub fn SyncSettings() -> impl IntoView {
    let db = DbCtx::expect_context();
    let settings = SettingsCtx::expect_context();
    let user = UserCtx::expect_context();
    let queue = QueueCtx::expect_context();
    let sync = SyncCtx::expect_context();
    let url = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let tested = RwSignal::new(None::<(bool, String)>);
    let saved = RwSignal::new(None::<(bool, String)>);
    leptos::task::spawn_local(async move {
        if let Ok(Some(c)) = svc::config(db.get().as_ref()).await {
            let _ = url.try_set(c.url);
            let _ = name.try_set(c.user);
            let _ = password.try_set(c.password);
        }
    });
    let typed = move || {
        SyncConfig::check(
            &url.get_untracked(),
            &name.get_untracked(),
            &password.get_untracked(),
        )
    };
    let test = Action::new_local(move |_: &()| {
        let config = typed();
        async move {
            let result = match config {
                Err(e) => (false, e.to_string()),
                Ok(c) => match Couch::new(&c).check().await {
                    Ok(()) => (
                        true,
                        "连接成功：服务器地址、用户名和密码都正确。".to_string(),
                    ),
                    Err(e) => (false, e.to_string()),
                },
            };
            tested.set(Some(result));
        }
    });
    let save = Action::new_local(move |_: &()| {
        let config = typed();
        let actor = user.actor(settings);
        let db_handle = db.get();
        async move {
            let (Ok(config), Some(actor)) = (config, actor) else {
                if let Err(e) = typed() {
                    saved.set(Some((false, e.to_string())));
                }
                return;
            };
            let at = crate::platform::now(settings.with_untracked(|s| s.offset()));
            match svc::set_config(db_handle.as_ref(), &config, &actor.name, at).await {
                Ok(()) => {
                    saved.set(Some((true, "已保存：本设备开始与服务器同步。".into())));
                    sync.restart(db, settings, queue);
                }
                Err(e) => saved.set(Some((false, e.to_string()))),
            }
        }
    });
    let off = Action::new_local(move |_: &()| {
        let actor = user.actor(settings);
        let db_handle = db.get();
        async move {
            let Some(actor) = actor else { return };
            let at = crate::platform::now(settings.with_untracked(|s| s.offset()));
            match svc::switch_off(db_handle.as_ref(), &actor.name, at).await {
                Ok(()) => {
                    url.set(String::new());
                    name.set(String::new());
                    password.set(String::new());
                    saved.set(Some((
                        true,
                        "已关闭同步：本设备的数据都保留在本机。".into(),
                    )));
                    sync.restart(db, settings, queue);
                }
                Err(e) => saved.set(Some((false, e.to_string()))),
            }
        }
    });
    let result_class = |r: Option<(bool, String)>| match r {
        Some((true, _)) => "notice ok",
        Some((false, _)) => "notice error",
        None => "",
    };
    view! {
        <section class="card sync-card" data-testid="sync-settings">
            <h2>"同步"</h2>
            <p class="muted">
                "办公室有同步服务器时，本设备会自动与其他电脑和接待平板交换投诉、客户记录、照片和办公室设置；没有服务器时一切照常。"
                "密码只保存在本设备，不会写入任何导出文件。"
            </p>
            <div class="grid">
                <label class="field wide">
                    <span class="label">"服务器上本办公室数据库的地址"</span>
                    <input data-testid="sync-url" type="url" inputmode="url" autocomplete="off"
                        placeholder="https://服务器:6984/数据库名" bind:value=url />
                </label>
                <label class="field">
                    <span class="label">"本设备的同步用户名"</span>
                    <input data-testid="sync-user" autocomplete="off" bind:value=name />
                </label>
                <label class="field">
                    <span class="label">"同步密码"</span>
                    <input data-testid="sync-password" type="password" autocomplete="new-password" bind:value=password />
                </label>
            </div>
            <div class="actions">
                <button data-testid="sync-test" on:click=move |_| { test.dispatch_local(()); } disabled=move || test.pending().get()>
                    {move || if test.pending().get() { "正在测试…" } else { "测试连接" }}
                </button>
                <button class="primary" data-testid="sync-save" on:click=move |_| { save.dispatch_local(()); }>"保存并开始同步"</button>
                <button data-testid="sync-off" on:click=move |_| { off.dispatch_local(()); }>"关闭同步"</button>
            </div>
            <p data-testid="sync-test-result" role="status" class=move || result_class(tested.get())>
                {move || tested.get().map(|(_, m)| m)}
            </p>
            <p data-testid="sync-save-result" role="status" class=move || result_class(saved.get())>
                {move || saved.get().map(|(_, m)| m)}
            </p>
            <p data-testid="sync-summary">
                {move || {
                    let last = sync
                        .last_ok()
                        .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok());
                    sync.status().summary(sync.pending(), last)
                }}
            </p>
        </section>
    }
}
