//! Settings: office and device codes, staff, categories, and the synthetic data generator.

use leptos::prelude::*;

use crate::components::field::{whole, TextField};
use crate::domain::synthetic;
use crate::domain::vocabulary::{
    dates_text, periods_text, HolidayFile, LimitUnit, Project, Role, Settings, Staff,
};
use crate::service;
use crate::state::{DbCtx, QueueCtx, SettingsCtx, UserCtx};

/// The settings screen: managers (and the GM) only.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let shared = SettingsCtx::expect_context();
    let user = UserCtx::expect_context();
    let manages = user.actor(shared).is_some_and(|a| a.role.manages_staff());
    if manages {
        view! { <SettingsForm /> }.into_any()
    } else {
        view! {
            <h1>"设置"</h1>
            <p class="notice" data-testid="settings-denied">"只有经理或总经理可以修改设置。"</p>
        }
        .into_any()
    }
}

/// The settings form.
#[component]
fn SettingsForm() -> impl IntoView {
    let db = DbCtx::expect_context();
    let shared = SettingsCtx::expect_context();
    let user = UserCtx::expect_context();
    let queue = QueueCtx::expect_context();
    let draft = RwSignal::new(shared.get_untracked());
    // Settings that change meanwhile (another tab, or another device through sync) replace
    // a draft nobody has touched, so a save never writes back an older copy unseen.
    let seen = StoredValue::new(shared.get_untracked());
    Effect::new(move |_| {
        let now = shared.with(|s| s.clone());
        if draft.with_untracked(|d| *d == seen.get_value()) {
            draft.set(now.clone());
        }
        seen.set_value(now);
    });
    let message = RwSignal::new(None::<(bool, String)>);
    let new_staff = RwSignal::new(String::new());
    let new_role = RwSignal::new(Role::Handler.code().to_string());
    let new_category = RwSignal::new(String::new());
    let new_project = RwSignal::new(String::new());
    let new_buildings = RwSignal::new(String::new());
    let synth_count = RwSignal::new("1000".to_string());
    let synth_msg = RwSignal::new(None::<String>);
    // Bumped after every change of PINs or staff, to re-read the PIN states and audit list.
    let audit_version = RwSignal::new(0u32);
    let access_data = LocalResource::new(move || {
        audit_version.track();
        let db = db.get();
        async move {
            let creds = service::access::credentials(db.as_ref())
                .await
                .unwrap_or_default();
            let log = service::access::audit(db.as_ref())
                .await
                .unwrap_or_default();
            (creds, log)
        }
    });
    let pin_for = RwSignal::new(None::<String>);
    let pin_value = RwSignal::new(String::new());
    let pin_msg = RwSignal::new(None::<(bool, String)>);
    let set_pin = Action::new_local(move |_: &()| {
        let (name, typed) = (pin_for.get_untracked(), pin_value.get_untracked());
        let s = shared.get_untracked();
        let actor = user.actor(shared);
        let db = db.get();
        async move {
            let (Some(name), Some(actor)) = (name, actor) else {
                return;
            };
            let at = crate::platform::now(s.offset());
            match service::access::set_initial_pin(
                db.as_ref(),
                &crate::platform::access::WebKdf,
                &s,
                &actor,
                &name,
                &typed,
                at,
            )
            .await
            {
                Ok(()) => {
                    pin_msg.set(Some((
                        true,
                        format!("已为 {name} 设置初始密码，请当面告知本人；首次登录时须修改。"),
                    )));
                    pin_for.set(None);
                    pin_value.set(String::new());
                    audit_version.update(|v| *v += 1);
                }
                Err(e) => pin_msg.set(Some((false, e.to_string()))),
            }
        }
    });

    let cal = draft.with_untracked(|d| d.calendar.clone());
    let periods = RwSignal::new(periods_text(&cal.work_periods));
    let holidays = RwSignal::new(dates_text(&cal.holidays));
    let makeup = RwSignal::new(dates_text(&cal.makeup_workdays));

    // The draft with the calendar texts read in.
    let prepare = move || -> Result<Settings, String> {
        let mut settings: Settings = draft.get_untracked();
        settings.calendar = settings
            .calendar
            .with_texts(
                &periods.get_untracked(),
                &holidays.get_untracked(),
                &makeup.get_untracked(),
            )
            .map_err(|e| e.to_string())?;
        Ok(settings)
    };
    let save_settings = Action::new_local(move |_: &()| {
        let prepared = prepare();
        async move {
            let settings = match prepared {
                Ok(p) => p,
                Err(e) => {
                    message.set(Some((false, e)));
                    return;
                }
            };
            let db = db.get();
            let before = shared.get_untracked();
            let saved = |moves_clocks: bool| {
                shared.saved(settings.clone());
                draft.set(settings.clone());
                message.set(Some((
                    true,
                    if moves_clocks {
                        "设置已保存，正在按新的日历和时限重新计算期限…".into()
                    } else {
                        "设置已保存。".into()
                    },
                )));
            };
            let Some(actor) = user.actor(shared) else {
                message.set(Some((false, "请先登录".into())));
                return;
            };
            let at = crate::platform::now(settings.offset());
            let result = service::access::save_settings_by(
                db.as_ref(),
                &actor,
                at,
                &before,
                &settings,
                &saved,
            )
            .await;
            audit_version.update(|v| *v += 1);
            match result {
                Ok(Some(n)) => {
                    message.set(Some((
                        true,
                        format!("设置已保存，已重新计算 {n} 条投诉的期限。"),
                    )));
                    queue.changed_everything();
                }
                Ok(None) => {}
                Err(e) => message.set(Some((false, e.to_string()))),
            }
        }
    });
    let generate_synthetic = Action::new_local(move |_: &()| {
        let count = synthetic::parse_count(&synth_count.get_untracked());
        async move {
            let Some(count) = count else {
                synth_msg.set(Some(format!(
                    "请输入 1 到 {} 之间的数量",
                    synthetic::MAX_COUNT
                )));
                return;
            };
            let op = user.op(shared);
            let db = db.get();
            let first_seq = queue.stored_untracked() + 1;
            let progress =
                |done: usize| synth_msg.set(Some(format!("已生成 {done} / {count} 条…")));
            match service::generate_synthetic(db.as_ref(), &op.ctx(), count, first_seq, &progress)
                .await
            {
                Ok(done) => synth_msg.set(Some(format!("已生成 {done} 条测试投诉。"))),
                Err(e) => synth_msg.set(Some(e.to_string())),
            }
            queue.changed_everything();
        }
    });
    let saving = save_settings.pending();
    let generating = generate_synthetic.pending();
    let busy = Signal::derive(move || saving.get() || generating.get());
    let save = move |_| {
        save_settings.dispatch_local(());
    };

    let import_holidays = move |ev: leptos::ev::Event| {
        let Some(file) = crate::platform::take_file(&ev) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let text = crate::platform::read_file(&file).await.unwrap_or_default();
            let mut cal = draft.with_untracked(|d| d.calendar.clone());
            let merged = HolidayFile::from_json(&text).and_then(|f| {
                cal.merge_year(&f)?;
                Ok(f.year)
            });
            match merged {
                Ok(year) => {
                    holidays.set(dates_text(&cal.holidays));
                    makeup.set(dates_text(&cal.makeup_workdays));
                    draft.update(|d| d.calendar = cal);
                    message.set(Some((
                        true,
                        format!("已载入 {year} 年节假日安排，请点击“保存设置”。"),
                    )));
                }
                Err(e) => message.set(Some((false, format!("节假日文件无效：{e}")))),
            }
        });
    };

    let weekday = |d: chrono::Weekday| {
        let label = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
            [d.num_days_from_monday() as usize];
        view! {
            <label class="check">
                <input
                    type="checkbox"
                    data-testid=format!("weekday-{}", d.num_days_from_monday() + 1)
                    prop:checked=move || draft.with(|s| s.calendar.work_weekdays.contains(&d))
                    on:change:target=move |ev| {
                        let on = ev.target().checked();
                        draft.update(|s| {
                            s.calendar.work_weekdays.retain(|w| *w != d);
                            if on {
                                s.calendar.work_weekdays.push(d);
                            }
                        })
                    }
                />
                {label}
            </label>
        }
    };
    let limits = move || {
        draft.with(|d| d.deadlines.limits()).into_iter().enumerate().map(|(i, (name, limit))| {
            view! {
                <label class="field limit">
                    <span class="label">{name}</span>
                    <span class="inline">
                        <input
                            type="number"
                            min="1"
                            data-testid=format!("limit-{i}-value")
                            prop:value=limit.value.to_string()
                            on:change:target=move |ev| {
                                let v = ev.target().value().trim().parse().unwrap_or(0);
                                draft.update(|d| { if let Some(l) = d.deadlines.limit_mut(i) { l.value = v; } })
                            }
                        />
                        <select
                            data-testid=format!("limit-{i}-unit")
                            prop:value=limit.unit.code()
                            on:change:target=move |ev| {
                                if let Some(u) = LimitUnit::from_code(&ev.target().value()) {
                                    draft.update(|d| { if let Some(l) = d.deadlines.limit_mut(i) { l.unit = u; } })
                                }
                            }
                        >
                            {crate::components::field::options!(LimitUnit)}
                        </select>
                    </span>
                </label>
            }
        }).collect_view()
    };
    let number_field = move |label: &'static str,
                             testid: &'static str,
                             get: fn(&Settings) -> u32,
                             set: fn(&mut Settings, u32)| {
        view! {
            <label class="field">
                <span class="label">{label}</span>
                <input
                    type="number"
                    min="1"
                    data-testid=testid
                    prop:value=move || draft.with(|d| get(d).to_string())
                    on:change:target=move |ev| {
                        let v = ev.target().value().trim().parse().unwrap_or(0);
                        draft.update(|d| set(d, v))
                    }
                />
            </label>
        }
    };

    let add_staff = move |_| {
        let name = new_staff.get_untracked().trim().to_string();
        let Some(role) = Role::from_code(&new_role.get_untracked()) else {
            return;
        };
        if name.is_empty() {
            return;
        }
        draft.update(|d| d.staff.push(Staff::new(&name, role)));
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

    let add_project = move |_| {
        let p = Project::from_texts(&new_project.get_untracked(), &new_buildings.get_untracked());
        if p.name.is_empty() {
            return;
        }
        draft.update(|d| d.projects.push(p));
        new_project.set(String::new());
        new_buildings.set(String::new());
    };

    let generate = move |_| {
        generate_synthetic.dispatch_local(());
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
                    <tr><th>"姓名"</th><th>"角色"</th><th>"状态"</th><th>"密码"</th><th><span class="sr-only">"操作"</span></th></tr>
                </thead>
                <tbody>
                    {move || {
                        let states = access_data.get().map(|(c, _)| c).unwrap_or_default();
                        draft
                            .with(|d| d.staff.clone())
                            .into_iter()
                            .enumerate()
                            .map(|(i, m)| {
                                let name = m.name.clone();
                                let state = states.pin_state(&m.name).label();
                                view! {
                                    <tr data-testid="staff-row" data-name=m.name.clone() class:disabled=!m.active>
                                        <td>{m.name.clone()}</td>
                                        <td>{m.role.label()}</td>
                                        <td>{if m.active { "在职" } else { "已停用" }}</td>
                                        <td data-testid="staff-pin-state">{state}</td>
                                        <td class="inline">
                                            <button data-testid="staff-toggle" on:click=move |_| draft.update(|d| { if let Some(x) = d.staff.get_mut(i) { x.active = !x.active; } })>
                                                {if m.active { "停用" } else { "启用" }}
                                            </button>
                                            <button data-testid="staff-set-pin" on:click={
                                                let name = name.clone();
                                                move |_| { pin_msg.set(None); pin_value.set(String::new()); pin_for.set(Some(name.clone())); }
                                            }>"设置初始密码"</button>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            <div class="inline">
                <input data-testid="staff-name" placeholder="姓名" aria-label="新员工姓名" bind:value=new_staff />
                <select data-testid="staff-role" aria-label="新员工角色" bind:value=new_role>
                    {crate::components::field::enum_options(Role::STAFF, Role::code, Role::label)}
                </select>
                <button data-testid="staff-add" on:click=add_staff>"添加员工"</button>
            </div>
            <p class="muted">"新添加或修改的员工须点击页面下方“保存设置”后生效；停用的员工不能登录，也不会被分派投诉，其处理记录保留。"</p>
            {move || pin_for.get().map(|name| view! {
                <div class="card inset" data-testid="staff-pin-form">
                    <h3>{format!("为 {name} 设置初始密码")}</h3>
                    <label class="field">
                        <span class="label">"初始密码（4 到 8 位数字，本人首次登录时须修改）"</span>
                        <input type="password" inputmode="numeric" autocomplete="off" maxlength="8" data-testid="staff-pin" bind:value=pin_value />
                    </label>
                    <div class="inline">
                        <button class="primary" data-testid="staff-pin-save" on:click=move |_| { set_pin.dispatch_local(()); }>"保存密码"</button>
                        <button on:click=move |_| pin_for.set(None)>"取消"</button>
                    </div>
                </div>
            })}
            <p data-testid="staff-pin-result" role="status" class=move || match pin_msg.get() { Some((true, _)) => "notice ok", Some((false, _)) => "notice error", None => "" }>
                {move || pin_msg.get().map(|(_, m)| m)}
            </p>
            <div class="grid">
                {number_field("无操作自动锁定（分钟）", "settings-lock-minutes", |d| d.lock_minutes, |d, v| d.lock_minutes = v)}
                {number_field("案场接待感谢页停留（秒）", "settings-reception-secs", |d| d.reception_reset_secs, |d, v| d.reception_reset_secs = v)}
                <label class="field">
                    <span class="label">"办公室电话（印在接待回执上）"</span>
                    <input data-testid="settings-phone" inputmode="tel"
                        prop:value=move || draft.with(|d| d.office_phone.clone())
                        on:input:target=move |ev| draft.update(|d| d.office_phone = ev.target().value())
                    />
                </label>
            </div>
        </section>
        <section class="card">
            <h2>"员工变更记录"</h2>
            <ul class="audit" data-testid="audit-list">
                {move || access_data.get().map(|(_, log)| log.iter().rev().map(|e| view! { <li data-testid="audit-entry">{e.line()}</li> }).collect_view())}
            </ul>
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
                <input data-testid="category-name" placeholder="新类别" aria-label="新类别" bind:value=new_category />
                <button data-testid="category-add" on:click=add_category>"添加类别"</button>
            </div>
        </section>
        <section class="card">
            <h2>"楼盘与楼栋"</h2>
            <p class="muted">"登记投诉和案场接待时从这里选择楼盘与楼栋；登记台仍可填写列表外的楼盘。"</p>
            <table class="plain" data-testid="project-table">
                <thead>
                    <tr><th>"楼盘"</th><th>"楼栋"</th><th><span class="sr-only">"操作"</span></th></tr>
                </thead>
                <tbody>
                    {move || {
                        draft
                            .with(|d| d.projects.clone())
                            .into_iter()
                            .enumerate()
                            .map(|(i, p)| {
                                view! {
                                    <tr data-testid="project-row" data-name=p.name.clone()>
                                        <td>{p.name.clone()}</td>
                                        <td>{p.buildings_text()}</td>
                                        <td>
                                            <button on:click=move |_| draft.update(|d| { d.projects.remove(i); })>
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
                <input data-testid="project-name" placeholder="楼盘名称" aria-label="新楼盘名称" bind:value=new_project />
                <input data-testid="project-buildings" placeholder="楼栋，用顿号或逗号分隔" aria-label="新楼盘的楼栋" bind:value=new_buildings />
                <button data-testid="project-add" on:click=add_project>"添加楼盘"</button>
            </div>
        </section>
        <section class="card">
            <h2>"售后服务期"</h2>
            <p class="muted">"本公司楼盘的售后服务期从签约到交房入住；外代理楼盘到代理协议结束为止，请填写协议结束日期（本公司楼盘留空）。"</p>
            <table class="plain" data-testid="project-agency-table">
                <thead>
                    <tr><th>"楼盘"</th><th>"代理协议结束日期（外代理楼盘）"</th></tr>
                </thead>
                <tbody>
                    {move || {
                        draft
                            .with(|d| d.projects.clone())
                            .into_iter()
                            .enumerate()
                            .map(|(i, p)| {
                                let value = p.agency_contract_end.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
                                view! {
                                    <tr>
                                        <td>{p.name.clone()}</td>
                                        <td>
                                            <input
                                                type="date"
                                                data-testid="project-agency-end"
                                                data-name=p.name.clone()
                                                aria-label=format!("{} 的代理协议结束日期", p.name)
                                                prop:value=value
                                                on:change:target=move |ev| {
                                                    let end = crate::domain::vocabulary::parse_ymd(&ev.target().value());
                                                    draft.update(|d| {
                                                        if let Some(p) = d.projects.get_mut(i) {
                                                            p.agency_contract_end = end;
                                                        }
                                                    });
                                                }
                                            />
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </section>
        <section class="card">
            <h2>"工作日历"</h2>
            <p class="muted">
                "按工作时间计算的时限只在工作日的工作时段内计时；节假日不计，调休上班日照常计时。"
                "默认：周一至周五 09:00-12:00、13:30-18:00，北京时间，2026 年国务院节假日安排。"
            </p>
            <div class="grid">
                <TextField label="工作时段（如 09:00-12:00, 13:30-18:00）" testid="settings-periods" value=whole(periods) wide=true />
                <div class="field wide">
                    <span class="label">"工作日"</span>
                    <span class="inline">
                        {[chrono::Weekday::Mon, chrono::Weekday::Tue, chrono::Weekday::Wed, chrono::Weekday::Thu, chrono::Weekday::Fri, chrono::Weekday::Sat, chrono::Weekday::Sun].map(weekday)}
                    </span>
                </div>
                <label class="field">
                    <span class="label">"办公室时区（中国大陆为 UTC+8，无夏令时）"</span>
                    <select
                        data-testid="settings-offset"
                        prop:value=move || draft.with(|d| d.calendar.utc_offset_minutes.to_string())
                        on:change:target=move |ev| {
                            if let Ok(m) = ev.target().value().parse::<i32>() {
                                draft.update(|d| d.calendar.utc_offset_minutes = m)
                            }
                        }
                    >
                        {(-12..=14)
                            .map(|h: i32| {
                                let label = if h >= 0 { format!("UTC+{h}") } else { format!("UTC{h}") };
                                view! { <option value=(h * 60).to_string()>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <TextField label="节假日（每行：日期 名称）" testid="settings-holidays" value=whole(holidays) rows=8 />
                <TextField label="调休上班日（每行：日期 名称）" testid="settings-makeup" value=whole(makeup) rows=8 />
                <label class="field wide">
                    <span class="label">"导入某年节假日安排（JSON：year、holidays、makeup_workdays）"</span>
                    <input type="file" accept=".json,application/json" data-testid="settings-holiday-file" on:change=import_holidays />
                </label>
            </div>
        </section>
        <section class="card">
            <h2>"处理时限"</h2>
            <p class="muted">
                "工作小时/工作日按上面的工作日历计时；自然小时/自然日连续计时。默认值及出处见使用说明。"
            </p>
            <div class="grid">
                {limits}
                {number_field("即将到期提醒（提前小时数）", "settings-amber", |d| d.deadlines.amber_hours, |d, v| d.deadlines.amber_hours = v)}
                <label class="field check">
                    <input
                        type="checkbox"
                        data-testid="settings-holiday-same-day"
                        prop:checked=move || draft.with(|d| d.deadlines.forward_holiday_same_day)
                        on:change:target=move |ev| draft.update(|d| d.deadlines.forward_holiday_same_day = ev.target().checked())
                    />
                    <span>"节假日收到的投诉当日内转达"</span>
                </label>
            </div>
        </section>
        <section class="card">
            <h2>"重大投诉与重复投诉规则"</h2>
            <div class="grid">
                {number_field("集体投诉人数（达到即为重大）", "settings-collective", |d| d.severity_rules.collective_min, |d, v| d.severity_rules.collective_min = v)}
                {number_field("同一问题不同投诉人数（达到即为重大）", "settings-same-issue", |d| d.severity_rules.same_issue_min, |d, v| d.severity_rules.same_issue_min = v)}
                {number_field("同一问题统计时间窗（天）", "settings-same-issue-days", |d| d.severity_rules.same_issue_window_days, |d, v| d.severity_rules.same_issue_window_days = v)}
                {number_field("重复投诉时间窗（天）", "settings-repeat-days", |d| d.repeat_rules.window_days, |d, v| d.repeat_rules.window_days = v)}
            </div>
        </section>
        <crate::components::procedure_settings::ProcedureSettings draft=draft />
        <section class="card">
            <h2>"照片与文件"</h2>
            <p class="muted">"照片保存前自动缩小（最长边 1600 像素）；其他文件按原样保存，超过上限的不予保存。"</p>
            <div class="grid">
                {number_field("单个文件大小上限（MB）", "settings-max-document", |d| d.attachments.max_document_mb, |d, v| d.attachments.max_document_mb = v)}
                <label class="field check">
                    <input
                        type="checkbox"
                        data-testid="settings-keep-original"
                        prop:checked=move || draft.with(|d| d.attachments.keep_original_photos)
                        on:change:target=move |ev| draft.update(|d| d.attachments.keep_original_photos = ev.target().checked())
                    />
                    <span>"同时保留照片原图（占用更多空间）"</span>
                </label>
            </div>
        </section>
        <StorageUsage />
        <crate::components::sync_settings::SyncSettings />
        <div class="actions">
            <button class="primary" data-testid="settings-save" on:click=save disabled=busy>"保存设置"</button>
            <span
                data-testid="settings-result"
                role="status"
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
                <input data-testid="synth-count" inputmode="numeric" aria-label="生成条数" bind:value=synth_count />
                <button data-testid="synth-run" on:click=generate disabled=busy>"生成"</button>
            </div>
            <p data-testid="synth-result">{move || synth_msg.get()}</p>
        </section>
    }
}

/// How much this app stores on the device and how much the browser allows
/// (`navigator.storage.estimate()`, photos and documents included), with a warning when the
/// quota is near.
#[component]
fn StorageUsage() -> impl IntoView {
    use crate::domain::attachments::{room, usage_text, Room};
    let figure = RwSignal::new(None::<(u64, u64)>);
    leptos::task::spawn_local(async move {
        let estimate = crate::platform::storage_estimate().await;
        let _ = figure.try_set(Some(estimate));
    });
    view! {
        <section class="card">
            <h2>"存储空间"</h2>
            <p data-testid="storage-usage" data-used=move || figure.get().map(|f| f.0.to_string()) data-quota=move || figure.get().map(|f| f.1.to_string())>
                {move || match figure.get() {
                    Some((used, quota)) => usage_text(used, quota),
                    None => "正在读取…".to_string(),
                }}
            </p>
            {move || figure.get().filter(|(used, quota)| room(*used, *quota, 0) != Room::Plenty).map(|_| view! {
                <p class="notice error" data-testid="storage-warning" role="alert">
                    "存储空间即将用完：新的照片和文件可能无法保存。请先导出完整备份，再清理不再需要的数据。"
                </p>
            })}
        </section>
    }
}
