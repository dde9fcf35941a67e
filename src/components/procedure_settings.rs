//! The settings of the first contacts and of authority: each channel's acknowledgement limit
//! and script, which complaints need the GM's first look, and each role's
//! compensation limit in yuan. Edits the settings page's draft.

use leptos::prelude::*;

use crate::components::field::options;
use crate::domain::vocabulary::{
    script_template, Channel, GmReviewScope, LimitUnit, NotifyScript, Role, Settings,
};

/// The section, editing `draft`.
#[component]
pub fn ProcedureSettings(
    /// The settings page's draft.
    draft: RwSignal<Settings>,
) -> impl IntoView {
    let channel_row = move |c: Channel| {
        let limit = move || draft.with(|d| d.deadlines.notify_limit(c));
        let set_script = move |text: String| {
            draft.update(
                |d| match d.notify_scripts.iter_mut().find(|s| s.channel == c) {
                    Some(s) => s.script = text,
                    None => d.notify_scripts.push(NotifyScript {
                        channel: c,
                        script: text,
                    }),
                },
            )
        };
        view! {
            <tr data-testid="notify-row" data-channel=c.code()>
                <th scope="row">{c.label()}</th>
                <td>
                    <span class="inline">
                        <input
                            type="number"
                            min="1"
                            aria-label=format!("{}告知时限", c.label())
                            data-testid=format!("notify-{}-value", c.code())
                            prop:value=move || limit().value.to_string()
                            on:change:target=move |ev| {
                                let v = ev.target().value().trim().parse().unwrap_or(0);
                                draft.update(|d| {
                                    let mut l = d.deadlines.notify_limit(c);
                                    l.value = v;
                                    d.deadlines.set_notify_limit(c, l);
                                })
                            }
                        />
                        <select
                            aria-label=format!("{}告知时限单位", c.label())
                            data-testid=format!("notify-{}-unit", c.code())
                            prop:value=move || limit().unit.code()
                            on:change:target=move |ev| {
                                if let Some(u) = LimitUnit::from_code(&ev.target().value()) {
                                    draft.update(|d| {
                                        let mut l = d.deadlines.notify_limit(c);
                                        l.unit = u;
                                        d.deadlines.set_notify_limit(c, l);
                                    })
                                }
                            }
                        >
                            {options!(LimitUnit)}
                        </select>
                    </span>
                </td>
                <td>
                    <textarea
                        rows="2"
                        aria-label=format!("{}告知话术", c.label())
                        data-testid=format!("script-{}", c.code())
                        prop:value=move || draft.with(|d| script_template(&d.notify_scripts, c).to_string())
                        on:change:target=move |ev| set_script(ev.target().value())
                    ></textarea>
                </td>
            </tr>
        }
    };
    let authority = move |r: Role| {
        view! {
            <label class="field">
                <span class="label">{format!("{}（元）", r.label())}</span>
                <input
                    type="number"
                    min="0"
                    data-testid=format!("authority-{}", r.code())
                    prop:value=move || draft.with(|d| d.authority.limit(r).to_string())
                    on:change:target=move |ev| {
                        if let Ok(v) = ev.target().value().trim().parse::<u64>() {
                            draft.update(|d| d.authority.set(r, v))
                        }
                    }
                />
            </label>
        }
    };
    // the levels a written reply passes, kept in the roles' order.
    let level = move |r: Role| {
        view! {
            <label class="check">
                <input
                    type="checkbox"
                    data-testid=format!("reply-level-{}", r.code())
                    prop:checked=move || draft.with(|d| d.written_reply_levels.contains(&r))
                    on:change:target=move |ev| {
                        let on = ev.target().checked();
                        draft.update(|d| {
                            d.written_reply_levels.retain(|x| *x != r);
                            if on {
                                d.written_reply_levels.push(r);
                                d.written_reply_levels.sort();
                            }
                        })
                    }
                />
                {r.label()}
            </label>
        }
    };
    view! {
        <section class="card" data-testid="settings-procedure">
            <h2>"受理告知、总经理批示与权限"</h2>
            <p class="muted">
                "登记后按来源渠道告知客户已受理：电话在通话中告知（默认 1 工作小时内记录），邮件、来函、案场、集团转来 1 个工作日内。"
                "话术中的 {客户}、{编号}、{答复日期} 会自动填入，答复日期按答复时限计算。"
            </p>
            <table class="plain">
                <thead><tr><th>"来源渠道"</th><th>"告知时限"</th><th>"告知话术"</th></tr></thead>
                <tbody>{Channel::ALL.iter().map(|c| channel_row(*c)).collect_view()}</tbody>
            </table>
            <div class="grid">
                <label class="field">
                    <span class="label">"需要总经理批示的投诉（默认每一条，在转达时限内完成）"</span>
                    <select
                        data-testid="settings-gm-scope"
                        prop:value=move || draft.with(|d| d.deadlines.gm_review_scope.code())
                        on:change:target=move |ev| {
                            if let Some(s) = GmReviewScope::from_code(&ev.target().value()) {
                                draft.update(|d| d.deadlines.gm_review_scope = s)
                            }
                        }
                    >
                        {options!(GmReviewScope)}
                    </select>
                </label>
            </div>
            <h3>"赔偿权限（超出本人权限的赔偿须由权限足够的角色批准）"</h3>
            <div class="grid">{Role::STAFF.iter().map(|r| authority(*r)).collect_view()}</div>
            <h3>"书面答复审核层级（按顺序逐级审核后方可答复客户）"</h3>
            <div class="inline">{[Role::Manager, Role::Gm].map(level)}</div>
        </section>
    }
}
