//! Settings: office and device codes, staff, categories, and the synthetic data generator.

use leptos::prelude::*;

use crate::app::AppCtx;
use crate::domain::model::{Role, Staff};
use crate::domain::settings::Settings;
use crate::domain::synth;
use crate::store::Store;

/// How many synthetic complaints are written per transaction.
const SYNTH_CHUNK: usize = 5000;

/// The settings screen.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let ctx = AppCtx::use_ctx();
    let draft = RwSignal::new(ctx.settings.get_untracked());
    let message = RwSignal::new(None::<(bool, String)>);
    let new_staff = RwSignal::new(String::new());
    let new_role = RwSignal::new(Role::Handler.code().to_string());
    let new_category = RwSignal::new(String::new());
    let synth_count = RwSignal::new("1000".to_string());
    let synth_msg = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let save = move |_| {
        let settings: Settings = draft.get_untracked();
        if let Err(e) = settings.validate() {
            message.set(Some((false, e.to_string())));
            return;
        }
        leptos::task::spawn_local(async move {
            match ctx.db().save_settings(&settings).await {
                Ok(()) => {
                    ctx.settings.set(settings);
                    message.set(Some((true, "设置已保存。".into())));
                }
                Err(e) => message.set(Some((false, e.to_string()))),
            }
        });
    };

    let add_staff = move |_| {
        let name = new_staff.get_untracked().trim().to_string();
        let Some(role) = Role::from_code(&new_role.get_untracked()) else {
            return;
        };
        if name.is_empty() {
            return;
        }
        draft.update(|d| d.staff.push(Staff { name, role }));
        new_staff.set(String::new());
    };
    let add_category = move |_| {
        let c = new_category.get_untracked().trim().to_string();
        if c.is_empty() {
            return;
        }
        draft.update(|d| d.categories.push(c));
        new_category.set(String::new());
    };

    let generate = move |_| {
        let Ok(count) = synth_count.get_untracked().trim().parse::<usize>() else {
            synth_msg.set(Some("请输入 1 到 200000 之间的数量".into()));
            return;
        };
        if !(1..=200_000).contains(&count) {
            synth_msg.set(Some("请输入 1 到 200000 之间的数量".into()));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let op = ctx.op();
            let c = op.ctx();
            let db = ctx.db();
            let start = ctx.stored.get_untracked() + 1;
            let mut done = 0;
            while done < count {
                let n = SYNTH_CHUNK.min(count - done);
                let batch = synth::generate(
                    c.settings,
                    n,
                    start + done as u32,
                    365,
                    c.now,
                    (start as u64) << 20 | done as u64,
                );
                let items: Vec<_> = batch
                    .into_iter()
                    .filter_map(|cpl| {
                        let state = cpl.state().ok()?;
                        let s = crate::domain::complaint::Summary::new(&cpl, &state, c.settings);
                        Some((cpl, s))
                    })
                    .collect();
                if let Err(e) = db.put_many(&items, &|_| {}).await {
                    synth_msg.set(Some(e.to_string()));
                    break;
                }
                done += n;
                synth_msg.set(Some(format!("已生成 {done} / {count} 条…")));
            }
            synth_msg.set(Some(format!("已生成 {done} 条测试投诉。")));
            ctx.reload_queue();
            busy.set(false);
        });
    };

    view! {
        <h1>"设置"</h1>
        <section class="card grid">
            <label class="field">
                <span class="label">"办公室编码"</span>
                <input
                    data-testid="settings-office"
                    prop:value=move || draft.with(|d| d.office_code.clone())
                    on:input:target=move |ev| draft.update(|d| d.office_code = ev.target().value().trim().to_ascii_uppercase())
                />
            </label>
            <label class="field">
                <span class="label">"设备编码"</span>
                <input
                    data-testid="settings-device"
                    prop:value=move || draft.with(|d| d.device_code.clone())
                    on:input:target=move |ev| draft.update(|d| d.device_code = ev.target().value().trim().to_ascii_uppercase())
                />
            </label>
            <label class="field">
                <span class="label">"办公室名称"</span>
                <input
                    data-testid="settings-name"
                    prop:value=move || draft.with(|d| d.office_name.clone())
                    on:input:target=move |ev| draft.update(|d| d.office_name = ev.target().value())
                />
            </label>
            <p class="muted wide">
                "修改设备编码前请确认同一办公室的其他设备没有使用该编码，否则投诉编号可能重复。"
            </p>
        </section>
        <section class="card">
            <h2>"员工"</h2>
            <table class="plain" data-testid="staff-table">
                <thead>
                    <tr><th>"姓名"</th><th>"角色"</th><th></th></tr>
                </thead>
                <tbody>
                    {move || {
                        draft
                            .with(|d| d.staff.clone())
                            .into_iter()
                            .enumerate()
                            .map(|(i, m)| {
                                view! {
                                    <tr data-testid="staff-row">
                                        <td>{m.name.clone()}</td>
                                        <td>{m.role.label()}</td>
                                        <td>
                                            <button on:click=move |_| draft.update(|d| { d.staff.remove(i); })>
                                                "删除"
                                            </button>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            <div class="inline">
                <input data-testid="staff-name" placeholder="姓名" bind:value=new_staff />
                <select data-testid="staff-role" bind:value=new_role>
                    {crate::components::field::enum_options(Role::STAFF, Role::code, Role::label)}
                </select>
                <button data-testid="staff-add" on:click=add_staff>"添加员工"</button>
            </div>
        </section>
        <section class="card">
            <h2>"投诉类别"</h2>
            <ul class="chips" data-testid="category-list">
                {move || {
                    draft
                        .with(|d| d.categories.clone())
                        .into_iter()
                        .enumerate()
                        .map(|(i, c)| {
                            view! {
                                <li>
                                    {c}
                                    <button
                                        aria-label="删除"
                                        on:click=move |_| draft.update(|d| { d.categories.remove(i); })
                                    >
                                        "×"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <div class="inline">
                <input data-testid="category-name" placeholder="新类别" bind:value=new_category />
                <button data-testid="category-add" on:click=add_category>"添加类别"</button>
            </div>
        </section>
        <div class="actions">
            <button class="primary" data-testid="settings-save" on:click=save>"保存设置"</button>
            <span
                data-testid="settings-result"
                class=move || match message.get() {
                    Some((true, _)) => "notice ok",
                    Some((false, _)) => "notice error",
                    None => "",
                }
            >
                {move || message.get().map(|(_, m)| m)}
            </span>
        </div>
        <section class="card">
            <h2>"生成测试数据"</h2>
            <p class="muted">
                "生成带完整处理记录的模拟投诉（编号中的设备编码为 SIM），用于试用和测试大数据量下的速度。"
            </p>
            <div class="inline">
                <input data-testid="synth-count" inputmode="numeric" bind:value=synth_count />
                <button data-testid="synth-run" on:click=generate disabled=busy>"生成"</button>
            </div>
            <p data-testid="synth-result">{move || synth_msg.get()}</p>
        </section>
    }
}
