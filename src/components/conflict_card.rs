//! The detail page's card for a conflict between two devices' histories: both branches side
//! by side (what is in effect since the devices went apart, and what was set aside), and
//! for a manager or the GM the ways to resolve it, each recorded as a new event.

use leptos::prelude::*;

use crate::components::timeline::describe;
use crate::domain::case::{branches, resolutions, ComplaintState, Event};
use crate::domain::vocabulary::ymd_hm;
use crate::state::{DbCtx, QueueCtx, SettingsCtx, UserCtx};

/// One branch's events: time, who, what.
#[component]
fn Branch(
    /// The heading.
    title: &'static str,
    /// The test id of the list.
    testid: &'static str,
    /// The events, oldest first.
    events: Vec<Event>,
) -> impl IntoView {
    let none = events.is_empty();
    view! {
        <div class="conflict-branch">
            <h3>{title}</h3>
            {none.then(|| view! { <p class="muted">"（无）"</p> })}
            <ol class="timeline" data-testid=testid>
                {events
                    .into_iter()
                    .map(|e| view! {
                        <li data-testid="conflict-event">
                            <time>{ymd_hm(&e.at)}</time>
                            <span class="who">{format!("{}（{}）", e.actor, e.role.label())}</span>
                            <span class="what">{describe(&e.data)}</span>
                            {(!e.note.is_empty()).then(|| view! { <span class="note">{format!("备注：{}", e.note)}</span> })}
                        </li>
                    })
                    .collect_view()}
            </ol>
        </div>
    }
}

/// The conflict card of complaint `number` (nothing when it has no open conflict).
#[component]
pub fn ConflictCard(
    /// The complaint's number.
    number: String,
    /// Its history.
    events: Vec<Event>,
    /// Its state, replayed from that history.
    state: ComplaintState,
    /// Called after a resolution was recorded (the page reloads the complaint).
    on_change: Callback<()>,
) -> impl IntoView {
    if !state.has_conflict() {
        return None;
    }
    let (settings, user) = (SettingsCtx::expect_context(), UserCtx::expect_context());
    let may_resolve = user
        .actor(settings)
        .is_some_and(|a| state.offers_resolution(a.role));
    let both = branches(&events, &state);
    let choices: Vec<_> = resolutions(&events, &state)
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    let number = StoredValue::new(number);
    let note = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let resolve = Action::new_local(move |choice: &crate::domain::case::Resolution| {
        let choice = *choice;
        async move {
            let (db, queue) = (DbCtx::expect_context(), QueueCtx::expect_context());
            let op = user.op(settings);
            let db = db.get();
            let number = number.get_value();
            let text = note.get_untracked();
            match crate::service::resolve_conflict(db.as_ref(), &op.ctx(), &number, choice, &text)
                .await
            {
                Ok((_, _, summary)) => {
                    queue.upsert(summary);
                    let _ = message.try_set(None);
                    on_change.run(());
                }
                Err(e) => {
                    let _ = message.try_set(Some(e.to_string()));
                }
            }
        }
    });
    Some(view! {
        <section class="card conflict" data-testid="detail-conflict">
            <h2>"有冲突待处理"</h2>
            <p>"两台设备分开工作时，对本投诉做了互不相容的处理。双方的处理记录都已保留：下面是目前生效的处理和被搁置的处理，请经理决定保留哪一方，决定会作为一条新的处理记录保存。"</p>
            <div class="conflict-branches">
                <Branch title="已生效的处理" testid="conflict-applied" events=both.applied />
                <Branch title="被搁置的处理" testid="conflict-set-aside" events=both.set_aside />
            </div>
            {if may_resolve {
                view! {
                    <div class="conflict-resolve no-print">
                        <label>
                            "备注"
                            <input
                                type="text"
                                data-testid="conflict-note"
                                prop:value=move || note.get()
                                on:input=move |ev| note.set(event_target_value(&ev))
                            />
                        </label>
                        {choices
                            .into_iter()
                            .map(|r| view! {
                                <button
                                    type="button"
                                    data-testid=format!("conflict-{}", r.code())
                                    disabled=move || resolve.pending().get()
                                    on:click=move |_| { resolve.dispatch_local(r); }
                                >
                                    {r.label()}
                                </button>
                            })
                            .collect_view()}
                    </div>
                }
                .into_any()
            } else {
                view! { <p class="notice" data-testid="conflict-ask-manager">"请经理处理：经理或总经理登录后可以决定保留哪一方的处理。"</p> }
                    .into_any()
            }}
            <p class="error" role="alert" data-testid="conflict-error">{move || message.try_get().flatten()}</p>
        </section>
    })
}
