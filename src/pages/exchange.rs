//! Export all data to one JSON file, import such a file back, and clear local data.

use leptos::prelude::*;

use crate::app::AppCtx;
use crate::platform;
use crate::service;
use crate::store::Store;

/// The export / import screen.
#[component]
pub fn ExchangePage() -> impl IntoView {
    let ctx = AppCtx::use_ctx();
    let export_msg = RwSignal::new(None::<String>);
    let import_msg = RwSignal::new(None::<(bool, String)>);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let confirm_clear = RwSignal::new(false);
    let busy = RwSignal::new(false);

    let export = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let op = ctx.op();
            let c = op.ctx();
            let db = ctx.db();
            match service::export_json(db.as_ref(), c.settings, c.now).await {
                Ok((text, n)) => {
                    let name = format!(
                        "complaints-{}-{}-{}.json",
                        c.settings.office_code,
                        c.settings.device_code,
                        crate::domain::timefmt::ymd_hm_compact(&c.now)
                    );
                    match platform::download(&name, "application/json", &text) {
                        Ok(()) => export_msg.set(Some(format!("已导出 {n} 条投诉：{name}"))),
                        Err(e) => export_msg.set(Some(format!("导出失败：{e:?}"))),
                    }
                }
                Err(e) => export_msg.set(Some(format!("导出失败：{e}"))),
            }
            busy.set(false);
        });
    };

    let import = move |ev: leptos::ev::Event| {
        let Some(file) = platform::take_file(&ev) else {
            return;
        };
        busy.set(true);
        import_msg.set(None);
        leptos::task::spawn_local(async move {
            let name = file.name();
            let text = match platform::read_file(&file).await {
                Ok(t) => t,
                Err(_) => {
                    import_msg.set(Some((false, format!("无法读取文件 {name}"))));
                    busy.set(false);
                    return;
                }
            };
            // Say that the file is being checked, and let that paint before the parse.
            import_msg.set(Some((
                true,
                format!("正在校验 {name}（{} MB）…", text.len() / 1_000_000),
            )));
            platform::yield_to_page().await;
            let db = ctx.db();
            let report = service::import_json(
                db.as_ref(),
                &ctx.settings.get_untracked(),
                &text,
                &|done, total| progress.set(Some((done, total))),
            )
            .await;
            progress.set(None);
            match report {
                Ok(r) => {
                    import_msg.set(Some((
                        true,
                        format!(
                            "导入完成（{name}）：文件共 {} 条，新增 {} 条，更新 {} 条，已存在未变 {} 条。",
                            r.total, r.added, r.updated, r.unchanged
                        ),
                    )));
                    ctx.reload_queue();
                }
                Err(e) => import_msg.set(Some((
                    false,
                    format!("导入失败（{name}），未写入任何数据：{e}"),
                ))),
            }
            busy.set(false);
        });
    };

    let clear = move |_| {
        confirm_clear.set(false);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let db = ctx.db();
            match db.clear().await {
                Ok(()) => {
                    import_msg.set(Some((true, "本机投诉数据已清空（设置保留）。".into())));
                    ctx.reload_queue();
                }
                Err(e) => import_msg.set(Some((false, e.to_string()))),
            }
            busy.set(false);
        });
    };

    view! {
        <h1>"导入导出"</h1>
        <section class="card">
            <h2>"导出"</h2>
            <p>"把本机全部投诉（含完整处理记录）和设置导出为一个 JSON 文件，用于备份或报送集团。"</p>
            <button class="primary" data-testid="export-json" on:click=export disabled=busy>
                "导出全部数据（JSON）"
            </button>
            <p class="muted" data-testid="export-result">{move || export_msg.get()}</p>
        </section>
        <section class="card">
            <h2>"导入"</h2>
            <p>"选择本程序导出的 JSON 文件。文件有任何错误时不会写入任何数据。"</p>
            <input
                type="file"
                accept=".json,application/json"
                data-testid="import-file"
                on:change=import
                disabled=busy
            />
            <Show when=move || progress.get().is_some()>
                <progress data-testid="import-progress" max="100" value=move || progress.get().map(|(d, t)| d * 100 / t.max(1)).unwrap_or(0)></progress>
            </Show>
            <p
                data-testid="import-result"
                class=move || match import_msg.get() {
                    Some((true, _)) => "notice ok",
                    Some((false, _)) => "notice error",
                    None => "",
                }
                role="status"
            >
                {move || import_msg.get().map(|(_, m)| m)}
            </p>
        </section>
        <section class="card danger">
            <h2>"清空本机数据"</h2>
            <p>"删除本机所有投诉记录（设置和编号计数保留）。请先导出备份。"</p>
            <Show
                when=move || confirm_clear.get()
                fallback=move || view! {
                    <button data-testid="clear-data" on:click=move |_| confirm_clear.set(true) disabled=busy>
                        "清空数据…"
                    </button>
                }
            >
                <button class="danger" data-testid="clear-confirm" on:click=clear>"确认清空"</button>
                <button on:click=move |_| confirm_clear.set(false)>"取消"</button>
            </Show>
        </section>
    }
}
