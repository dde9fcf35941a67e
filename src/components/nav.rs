//! The header: navigation, who is signed in with 锁定 and 切换用户, and the staff menu.

use leptos::prelude::*;

use crate::components::staff_menu::StaffMenu;
use crate::components::sync_badge::SyncBadge;
use crate::routes::{Route, RouteCtx};
use crate::state::{SettingsCtx, UserCtx};

/// The top bar with the main navigation and who is working.
#[component]
pub fn Nav() -> impl IntoView {
    let settings = SettingsCtx::expect_context();
    let user = UserCtx::expect_context();
    let here = RouteCtx::expect_context();
    let link = move |route: Route, label: &'static str, testid: &'static str| {
        let href = route.href();
        let active = move || {
            let current = here.get();
            current == route
                || (matches!(route, Route::Queue(_))
                    && matches!(current, Route::Detail(_) | Route::Queue(_) | Route::Form(_)))
                || (route == Route::Dashboard && matches!(current, Route::Report(_)))
                || (route == Route::Buyers && matches!(current, Route::Buyer(_)))
        };
        view! {
            <a href=href data-testid=testid class:active=active>
                {label}
            </a>
        }
    };
    let manages = move || {
        let name = user.name().unwrap_or_default();
        settings.with(|s| s.staff_named(&name).is_some_and(|m| m.role.manages_staff()))
    };
    let office = move || {
        settings.with(|s| {
            let name = if s.office_name.is_empty() {
                "投诉台"
            } else {
                s.office_name.as_str()
            };
            format!("{name} · {}-{}", s.office_code, s.device_code)
        })
    };
    view! {
        <header class="top no-print">
            <div class="brand">{office}</div>
            <nav>
                {link(Route::Today, "待办", "nav-today")}
                {link(Route::Intake, "登记", "nav-intake")}
                {link(Route::Queue(String::new()), "投诉列表", "nav-queue")}
                {link(Route::Buyers, "已购客户", "nav-buyers")}
                {link(Route::Callbacks, "待回访", "nav-callbacks")}
                {link(Route::Dashboard, "统计", "nav-dashboard")}
                {link(Route::Exchange, "导入导出", "nav-exchange")}
                {move || manages().then(|| link(Route::Settings, "设置", "nav-settings"))}
            </nav>
            <div class="user">
                <SyncBadge />
                <span data-testid="signed-in" class="who">
                    {move || {
                        let name = user.name().unwrap_or_default();
                        let role = settings
                            .with(|s| s.staff_named(&name).map(|m| m.role.label()))
                            .unwrap_or_default();
                        format!("{name}（{role}）")
                    }}
                </span>
                <button data-testid="lock" on:click=move |_| user.lock()>"锁定"</button>
                <button data-testid="switch-user" on:click=move |_| user.switch()>"切换用户"</button>
                <StaffMenu />
            </div>
        </header>
    }
}
