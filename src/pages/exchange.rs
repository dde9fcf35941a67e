//! Export all data to one JSON file (or a full backup .zip with the attached files), import
//! such a file back, and clear local data.

use leptos::prelude::*;

use crate::platform;
use crate::service;
use crate::state::{DbCtx, QueueCtx, SettingsCtx, UserCtx};

/// The export / import screen.
#[component]
pub fn ExchangePage() -> impl IntoView {
    let db = DbCtx::expect_context();
    let settings = SettingsCtx::expect_context();
    let user = UserCtx::expect_context();
    let queue = QueueCtx::expect_context();
    let export_msg = RwSignal::new(None::<String>);
    let import_msg = RwSignal::new(None::<(bool, String)>);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let confirm_clear = RwSignal::new(false);
    let ndjson = RwSignal::new(false);
    let masked = RwSignal::new(false);

    let export_file = Action::new_local(move |_: &()| async move {
        let op = user.op(settings);
        let c = op.ctx();
        let db = db.get();
        let (format, ext, mime) = if ndjson.get_untracked() {
            (
                service::ExportFormat::Ndjson,
                "ndjson",
                "application/x-ndjson",
            )
        } else {
            (service::ExportFormat::Json, "json", "application/json")
        };
        let masked = masked.get_untracked();
        match service::export_file(db.as_ref(), c.settings, c.now, format, masked).await {
            Ok((text, n)) => {
                let name = format!(
                    "complaints-{}-{}-{}{}.{ext}",
                    c.settings.office_code,
                    c.settings.device_code,
                    crate::domain::vocabulary::ymd_hm_compact(&c.now),
                    if masked { "-masked" } else { "" },
                );
                match platform::download(&name, mime, &text) {
                    Ok(()) => export_msg.set(Some(format!("已导出 {n} 条投诉：{name}"))),
                    Err(_) => export_msg.set(Some(
                        "导出失败：浏览器未能保存文件，请重试或检查下载设置。".into(),
                    )),
                }
            }
            Err(e) => export_msg.set(Some(format!("导出失败：{e}"))),
        }
    });

    let export_backup = Action::new_local(move |_: &()| async move {
        let op = user.op(settings);
        let c = op.ctx();
        let db = db.get();
        let mut parts = platform::Parts::default();
        match service::export_backup(db.as_ref(), c.settings, c.now, &mut |p| parts.push(p)).await {
            Ok(r) => {
                let name = format!(
                    "backup-{}-{}-{}.zip",
                    c.settings.office_code,
                    c.settings.device_code,
                    crate::domain::vocabulary::ymd_hm_compact(&c.now),
                );
                let missing = if r.missing > 0 {
                    format!("（另有 {} 个附件本机没有，未包含）", r.missing)
                } else {
                    String::new()
                };
                match platform::download_parts(&name, "application/zip", parts) {
                    Ok(()) => export_msg.set(Some(format!(
                        "已导出完整备份：{} 条投诉，附件 {} 个{missing}，共 {}：{name}",
                        r.complaints,
                        r.files,
                        crate::domain::attachments::size_text(r.bytes)
                    ))),
                    Err(_) => export_msg.set(Some(
                        "导出失败：浏览器未能保存文件，请重试或检查下载设置。".into(),
                    )),
                }
            }
            Err(e) => export_msg.set(Some(format!("导出失败：{e}"))),
        }
    });

    let import_action = Action::new_local(move |files: &Vec<web_sys::File>| {
        let files = files.clone();
        let count = files.len();
        async move {
            // One file after another; each is checked whole and written in one transaction,
            // so a bad file writes nothing and the files before it stay imported.
            let mut lines: Vec<String> = Vec::new();
            let mut all_ok = true;
            let mut imported = 0usize;
            for (k, file) in files.into_iter().enumerate() {
                let name = file.name();
                let nth = if count > 1 {
                    format!("第 {}/{count} 个文件 ", k + 1)
                } else {
                    String::new()
                };
                let bytes = match platform::read_bytes(&file).await {
                    Ok(b) => b,
                    Err(_) => {
                        all_ok = false;
                        lines.push(format!("无法读取文件 {name}"));
                        continue;
                    }
                };
                // Say that the file is being checked, and let that paint before the parse.
                import_msg.set(Some((
                    true,
                    format!("正在校验{nth}{name}（{} MB）…", bytes.len() / 1_000_000),
                )));
                platform::yield_to_page().await;
                let db = db.get();
                let settings = settings.get_untracked();
                let on_progress = |done, total| progress.set(Some((done, total)));
                // A full backup (.zip) brings its photos and documents; anything else is
                // read as an export's text.
                let report = if crate::domain::exchange::is_zip(&bytes) {
                    service::import_backup(db.as_ref(), &settings, &bytes, &on_progress)
                        .await
                        .map(|(r, files)| (r, Some(files)))
                } else {
                    let text = String::from_utf8_lossy(&bytes);
                    service::import_json(db.as_ref(), &settings, &text, &on_progress)
                        .await
                        .map(|r| (r, None))
                };
                progress.set(None);
                match report {
                    Ok((r, files)) => {
                        imported += 1;
                        let files = files.map(|n| format!("附件 {n} 个，")).unwrap_or_default();
                        let buyers = if r.buyers_added + r.buyers_merged > 0 {
                            format!(
                                "已购客户新增 {} 位，合并 {} 位（新增 {} 条服务记录）。",
                                r.buyers_added, r.buyers_merged, r.buyer_entries_added
                            )
                        } else {
                            String::new()
                        };
                        let conflicts = if r.conflicts > 0 {
                            format!(
                                "其中 {} 条投诉两台设备的处理互不相容：双方记录都已保留，已标记为有冲突待经理处理。",
                                r.conflicts
                            )
                        } else {
                            String::new()
                        };
                        lines.push(format!(
                        "导入完成（{name}）：文件共 {} 条，新增 {} 条，更新 {} 条，合并 {} 条（新增 {} 条处理记录），已存在未变 {} 条。{conflicts}{files}{buyers}",
                        r.total, r.added, r.updated, r.merged, r.merged_events, r.unchanged
                    ).trim_end_matches('，').to_string())
                    }
                    Err(e) => {
                        all_ok = false;
                        lines.push(format!("导入失败（{name}），该文件未写入任何数据：{e}"));
                    }
                }
            }
            // Many files: a summary line first, then one line per file.
            if count > 1 {
                lines.insert(
                    0,
                    format!(
                        "共 {count} 个文件：{imported} 个导入完成，{} 个未导入。",
                        count - imported
                    ),
                );
            }
            import_msg.set(Some((all_ok, lines.join("\n"))));
            queue.changed_everything();
        }
    });
    let clear_data = Action::new_local(move |_: &()| async move {
        let db = db.get();
        match service::clear_data(db.as_ref()).await {
            Ok(()) => {
                import_msg.set(Some((true, "本机投诉数据已清空（设置保留）。".into())));
                queue.changed_everything();
            }
            Err(e) => import_msg.set(Some((false, e.to_string()))),
        }
    });
    let backing_up = export_backup.pending();
    let exporting = Signal::derive(move || export_file.pending().get() || backing_up.get());
    let importing = import_action.pending();
    let clearing = clear_data.pending();
    let busy = Signal::derive(move || exporting.get() || importing.get() || clearing.get());
    // Several files (chosen or dropped) are imported one after another.
    let import_files = move |files: Vec<web_sys::File>| {
        if files.is_empty() || busy.get_untracked() {
            return;
        }
        import_msg.set(None);
        import_action.dispatch_local(files);
    };
    let import = move |ev: leptos::ev::Event| import_files(platform::take_files(&ev));
    let dragging = RwSignal::new(false);
    let drop = move |ev: leptos::ev::DragEvent| {
        dragging.set(false);
        import_files(platform::dropped_files(&ev));
    };

    let export = move |_| {
        export_file.dispatch_local(());
    };
    let clear = move |_| {
        confirm_clear.set(false);
        clear_data.dispatch_local(());
    };

    view! {
        <h1>"导入导出"</h1>
        <section class="card">
            <h2>"导出"</h2>
            <p>"把本机全部投诉（含完整处理记录）和设置导出为一个 JSON 文件，用于备份或报送集团。"</p>
            <div class="inline">
                <label class="check">
                    <input type="checkbox" data-testid="export-ndjson" bind:checked=ndjson />
                    "逐行 JSON（NDJSON，供 DuckDB / pandas 分析）"
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="export-masked" bind:checked=masked />
                    "脱敏（客户姓名、电话打码，用于外发）"
                </label>
            </div>
            <button class="primary" data-testid="export-json" on:click=export disabled=busy>
                "导出全部数据"
            </button>
            " "
            <button data-testid="export-zip" on:click=move |_| { export_backup.dispatch_local(()); } disabled=busy>
                "导出完整备份（含照片和文件，.zip）"
            </button>
            <p class="muted">"报送集团的 JSON / NDJSON 只含附件的名称、类型、大小和校验值，不含文件本身；完整备份把照片和文件一并打包。"</p>
            <p class="muted" data-testid="export-result" role="status">{move || export_msg.get()}</p>
        </section>
        <section class="card">
            <h2>"导入"</h2>
            <p>
                "选择一个或多个本程序导出的文件（JSON、NDJSON 或完整备份 .zip）。文件有任何错误时该文件不会写入任何数据；"
                "同一投诉在两台设备上的处理记录会合并。"
            </p>
            <div
                class="drop-zone"
                class:dragging=move || dragging.get()
                data-testid="import-drop"
                on:dragover=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=drop
            >
                <input
                    type="file"
                    multiple
                    accept=".json,.ndjson,.zip,application/json,application/x-ndjson,application/zip"
                    data-testid="import-file"
                    aria-label="选择要导入的文件"
                    on:change=import
                    disabled=busy
                />
                <span class="muted">"或把文件拖到这里（可一次多个）"</span>
            </div>
            <Show when=move || progress.get().is_some()>
                <progress data-testid="import-progress" max="100" value=move || progress.get().map(|(d, t)| d * 100 / t.max(1)).unwrap_or(0)></progress>
            </Show>
            <p
                data-testid="import-result"
                aria-live="polite"
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
            <p>"删除本机所有投诉记录及其照片和文件（设置和编号计数保留）。请先导出完整备份。"</p>
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
