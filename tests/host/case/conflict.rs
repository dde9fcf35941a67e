//! Two devices' incompatible edits of one complaint (issue 17): the merge keeps both behind
//! a conflict marker, the replay sets the refused events aside, and a manager's resolution
//! keeps one branch. Every expected value is written out by hand.

use chrono::{DateTime, FixedOffset};

use complaint_desk::domain::case::{
    branches, marker_id, resolution, resolutions, Complaint, ComplaintState, Event, EventData,
    Resolution, Status, WorkflowError,
};
use complaint_desk::domain::exchange::{merge_histories, Outcome};
use complaint_desk::domain::vocabulary::{
    Channel, CustomerType, Intake, Kind, Mood, Role, Severity, TransferTarget,
};

use crate::helpers;

const NUMBER: &str = "SH01-A-20261122-0001";

fn at(h: u32, min: u32) -> DateTime<FixedOffset> {
    helpers::cst(2026, 11, 22, h, min)
}

fn ev(id: &str, (h, min): (u32, u32), role: Role, note: &str, data: EventData) -> Event {
    let actor = match role {
        Role::Desk => "前台小周",
        Role::Handler => "李处理",
        Role::Manager => "经理老王",
        Role::Gm => "总经理",
        _ => "系统",
    };
    Event {
        id: id.into(),
        at: at(h, min),
        actor: actor.into(),
        role,
        note: note.into(),
        data,
    }
}

fn intake() -> Intake {
    Intake {
        customer_name: "王芳".into(),
        phone: "13812345678".into(),
        customer_type: CustomerType::Owner,
        project: "滨江华府".into(),
        building: "3栋".into(),
        unit: "1202".into(),
        event_time: String::new(),
        event_place: String::new(),
        content: "卫生间渗水".into(),
        desired_remedy: String::new(),
        mood: Mood::Upset,
        channel: Channel::OnSite,
        kind: Kind::Complaint,
        category: "工程质量".into(),
        severity: Severity::General,
        facts: Default::default(),
        severity_reason: String::new(),
        received_by: String::new(),
        buyer: String::new(),
    }
}

/// Registered, dispatched, acknowledged and investigated on device A by 10:30: what both
/// devices hold before they go apart.
fn common() -> Complaint {
    let mut c = Complaint::register(
        NUMBER.into(),
        "SH01".into(),
        intake(),
        "SH01-A-1-1".into(),
        at(10, 0),
        "前台小周",
        Role::Desk,
    );
    for e in [
        ev(
            "SH01-A-2-2",
            (10, 10),
            Role::Desk,
            "",
            EventData::Dispatch {
                handler: "李处理".into(),
            },
        ),
        ev(
            "SH01-A-3-3",
            (10, 20),
            Role::Handler,
            "",
            EventData::Acknowledge,
        ),
        ev(
            "SH01-A-4-4",
            (10, 30),
            Role::Handler,
            "",
            EventData::Investigate {
                findings: "防水层破损".into(),
                responsibility: "施工单位".into(),
            },
        ),
    ] {
        c.append(e).unwrap();
    }
    c
}

fn with(mut c: Complaint, events: Vec<Event>) -> Complaint {
    for e in events {
        c.append(e).unwrap();
    }
    c
}

fn cancel(id: &str, hm: (u32, u32)) -> Event {
    ev(id, hm, Role::Desk, "重复投诉", EventData::Cancel)
}

fn propose(id: &str, hm: (u32, u32)) -> Event {
    ev(
        id,
        hm,
        Role::Handler,
        "",
        EventData::Propose {
            plan: "上门维修防水层".into(),
            expected_done: String::new(),
        },
    )
}

fn approve(id: &str, hm: (u32, u32)) -> Event {
    ev(id, hm, Role::Manager, "", EventData::Approve)
}

fn carry_out(id: &str, hm: (u32, u32)) -> Event {
    ev(
        id,
        hm,
        Role::Handler,
        "",
        EventData::CarryOut {
            result: "已修复".into(),
        },
    )
}

/// Device A cancelled at 11:00; device B proposed, had it approved and carried it out.
fn cancelled() -> Complaint {
    with(common(), vec![cancel("SH01-A-5-5", (11, 0))])
}

fn approved() -> Complaint {
    with(
        common(),
        vec![
            propose("SH01-B-1-1", (10, 50)),
            approve("SH01-B-2-2", (11, 10)),
            carry_out("SH01-B-3-3", (11, 20)),
        ],
    )
}

fn ids(c: &Complaint) -> Vec<&str> {
    c.events.iter().map(|e| e.id.as_str()).collect()
}

fn json(c: &Complaint) -> String {
    serde_json::to_string(c).unwrap()
}

/// A case's name, its two copies, what the merge sets aside and what it replays instead.
type Pair = (
    &'static str,
    Complaint,
    Complaint,
    Vec<&'static str>,
    Vec<&'static str>,
);

/// Pairs of copies that went apart after [`common`] and cannot both stand, with what the
/// merge sets aside and what it replays in their place.
fn incompatible_pairs() -> Vec<Pair> {
    vec![
        (
            "cancelled vs plan approved",
            cancelled(),
            approved(),
            vec!["SH01-A-5-5"],
            vec!["SH01-B-1-1", "SH01-B-2-2", "SH01-B-3-3"],
        ),
        (
            "cancelled first vs plan proposed later",
            with(common(), vec![cancel("SH01-A-5-5", (10, 40))]),
            with(common(), vec![propose("SH01-B-1-1", (10, 50))]),
            vec!["SH01-B-1-1"],
            vec!["SH01-A-5-5"],
        ),
        (
            "transferred vs cancelled",
            with(
                common(),
                vec![ev(
                    "SH01-A-5-5",
                    (10, 45),
                    Role::Desk,
                    "",
                    EventData::Transfer {
                        target: TransferTarget::Developer,
                    },
                )],
            ),
            with(common(), vec![cancel("SH01-B-1-1", (10, 46))]),
            vec!["SH01-B-1-1"],
            vec!["SH01-A-5-5"],
        ),
    ]
}

#[test]
fn an_incompatible_union_is_kept_with_the_refused_events_set_aside() {
    for (case, a, b, set_aside, applied) in incompatible_pairs() {
        let m = merge_histories(&a, &b).unwrap();
        assert!(
            matches!(m.outcome, Outcome::Union { conflict: true, .. }),
            "{case}"
        );
        assert_eq!(m.state.conflict, set_aside, "{case}");
        assert_eq!(m.state.conflict_applied, applied, "{case}");
        assert_eq!(m.state.skipped, set_aside, "{case}");
        assert!(m.state.has_conflict(), "{case}");
        // Nothing dropped: every event of both copies is in the history, plus the marker.
        for e in a.events.iter().chain(&b.events) {
            assert!(m.complaint.events.contains(e), "{case}: {}", e.id);
        }
        let markers: Vec<&Event> = m
            .complaint
            .events
            .iter()
            .filter(|e| matches!(e.data, EventData::Conflict { .. }))
            .collect();
        assert_eq!(markers.len(), 1, "{case}");
        let set: Vec<String> = set_aside.iter().map(|s| s.to_string()).collect();
        let app: Vec<String> = applied.iter().map(|s| s.to_string()).collect();
        assert_eq!(markers[0].id, marker_id("SH01", &set, &app), "{case}");
        assert!(markers[0].id.starts_with("SH01-SYS-"), "{case}");
        assert_eq!(markers[0].actor, "系统", "{case}");
        // Dated by the latest set-aside event.
        let last = m
            .complaint
            .events
            .iter()
            .filter(|e| set_aside.contains(&e.id.as_str()))
            .map(|e| e.at)
            .max()
            .unwrap();
        assert_eq!(markers[0].at, last, "{case}");
        // The marker is written once, in the history as stored and read back.
        let back: Complaint = serde_json::from_str(&json(&m.complaint)).unwrap();
        assert_eq!(back.state().unwrap(), m.state, "{case}");
    }
}

#[test]
fn both_devices_arrive_at_the_same_history_whichever_merges() {
    for (case, a, b, _, _) in incompatible_pairs() {
        let on_a = merge_histories(&a, &b).unwrap();
        let on_b = merge_histories(&b, &a).unwrap();
        assert_eq!(json(&on_a.complaint), json(&on_b.complaint), "{case}");
        assert_eq!(on_a.state, on_b.state, "{case}");
        // Each device found the conflict itself: exchanging their copies changes nothing.
        let again = merge_histories(&on_a.complaint, &on_b.complaint).unwrap();
        assert_eq!(again.outcome, Outcome::Unchanged, "{case}");
        // Either old copy merged in again adds nothing and finds no new conflict.
        for old in [&a, &b] {
            let m = merge_histories(&on_a.complaint, old).unwrap();
            assert_eq!(m.outcome, Outcome::OursNewer, "{case}");
            let m = merge_histories(old, &on_a.complaint).unwrap();
            assert_eq!(m.outcome, Outcome::TheirsNewer, "{case}");
            assert_eq!(json(&m.complaint), json(&on_a.complaint), "{case}");
        }
    }
}

#[test]
fn the_union_is_in_time_order_with_the_marker_after_what_it_sets_aside() {
    let m = merge_histories(&cancelled(), &approved()).unwrap();
    let marker = m.complaint.events[6].id.clone();
    assert!(matches!(
        m.complaint.events[6].data,
        EventData::Conflict { .. }
    ));
    // The marker is dated 11:00 like the cancellation it sets aside, right after it.
    assert_eq!(
        ids(&m.complaint),
        [
            "SH01-A-1-1",
            "SH01-A-2-2",
            "SH01-A-3-3",
            "SH01-A-4-4",
            "SH01-B-1-1",
            "SH01-A-5-5",
            marker.as_str(),
            "SH01-B-2-2",
            "SH01-B-3-3",
        ]
    );
    assert_eq!(m.state.status, Status::CarriedOut);
    assert_eq!(m.state.updated_at, at(11, 20));
}

#[test]
fn strict_replay_still_refuses_a_history_without_a_marker() {
    // The union as it was before conflicts were kept: the cancellation after the proposal.
    let mut events = approved().events;
    events.insert(5, cancel("SH01-A-5-5", (11, 0)));
    assert_eq!(
        ComplaintState::replay(&events).unwrap_err(),
        WorkflowError::NotAllowed {
            status: "方案待审批",
            action: "作废",
        }
    );
    // A marker that names an event not in the history, or the registration, is refused.
    for named in ["SH01-A-9-9", "SH01-A-1-1"] {
        let mut with_marker = events.clone();
        with_marker.push(ev(
            "SH01-SYS-0000000000000001-0",
            (11, 30),
            Role::System,
            "",
            EventData::Conflict {
                set_aside: vec![named.into()],
                applied: Vec::new(),
            },
        ));
        assert_eq!(
            ComplaintState::replay(&with_marker).unwrap_err(),
            WorkflowError::BadConflictRecord(named.into()),
            "{named}"
        );
    }
    // A marker setting aside the wrong event does not make the history replay.
    let mut wrong = events;
    wrong.push(ev(
        "SH01-SYS-0000000000000002-0",
        (11, 30),
        Role::System,
        "",
        EventData::Conflict {
            set_aside: vec!["SH01-B-3-3".into()],
            applied: Vec::new(),
        },
    ));
    assert!(ComplaintState::replay(&wrong).is_err());
}

fn resolved(m: &Complaint, choice: Resolution, role: Role) -> Result<Complaint, WorkflowError> {
    let state = m.state().unwrap();
    let data = resolution(&m.events, &state, choice).expect("offered");
    let mut c = m.clone();
    c.append(ev("SH01-A-6-6", (14, 0), role, "经核实", data))?;
    Ok(c)
}

#[test]
fn a_manager_keeps_either_branch_by_a_new_event() {
    let m = merge_histories(&cancelled(), &approved())
        .unwrap()
        .complaint;
    let state = m.state().unwrap();
    let offered: Vec<Resolution> = resolutions(&m.events, &state)
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    assert_eq!(offered, Resolution::ALL);
    let b = branches(&m.events, &state);
    assert_eq!(
        b.set_aside
            .iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>(),
        ["SH01-A-5-5"]
    );
    assert_eq!(
        b.applied.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["SH01-B-1-1", "SH01-B-2-2", "SH01-B-3-3"]
    );

    // (choice, the data recorded, status after, events not replayed)
    let table = [
        (
            Resolution::KeepApplied,
            EventData::ResolveConflict {
                keep: vec![],
                discard: vec!["SH01-A-5-5".into()],
            },
            Status::CarriedOut,
            vec!["SH01-A-5-5"],
        ),
        (
            Resolution::UseSetAside,
            EventData::ResolveConflict {
                keep: vec!["SH01-A-5-5".into()],
                discard: vec![
                    "SH01-B-1-1".into(),
                    "SH01-B-2-2".into(),
                    "SH01-B-3-3".into(),
                ],
            },
            Status::Cancelled,
            vec!["SH01-B-1-1", "SH01-B-2-2", "SH01-B-3-3"],
        ),
    ];
    for (choice, data, status, skipped) in table {
        assert_eq!(
            resolution(&m.events, &state, choice),
            Some(data),
            "{choice:?}"
        );
        let c = resolved(&m, choice, Role::Manager).unwrap();
        let after = c.state().unwrap();
        assert_eq!(after.status, status, "{choice:?}");
        assert!(!after.has_conflict(), "{choice:?}");
        assert_eq!(after.skipped, skipped, "{choice:?}");
        assert_eq!(after.updated_at, at(14, 0), "{choice:?}");
        // History is appended to, never edited.
        assert_eq!(c.events[..m.events.len()], m.events[..], "{choice:?}");
        // Nothing left to resolve; the GM may resolve as well.
        assert_eq!(resolution(&c.events, &after, choice), None, "{choice:?}");
        assert!(resolved(&m, choice, Role::Gm).is_ok(), "{choice:?}");
        // Merging a device's stale copy in again finds no new conflict.
        for old in [cancelled(), approved()] {
            let again = merge_histories(&c, &old).unwrap();
            assert_eq!(again.outcome, Outcome::OursNewer, "{choice:?}");
            assert!(!again.state.has_conflict(), "{choice:?}");
        }
    }
}

#[test]
fn only_a_manager_or_the_gm_resolves() {
    let m = merge_histories(&cancelled(), &approved())
        .unwrap()
        .complaint;
    for role in [Role::Desk, Role::Handler] {
        let err = resolved(&m, Resolution::KeepApplied, role).unwrap_err();
        assert_eq!(
            err.to_string(),
            "「处理冲突」需要以下角色之一：经理、总经理",
            "{role:?}"
        );
    }
}

#[test]
fn a_third_device_s_incompatible_edit_is_set_aside_too() {
    let merged = merge_histories(&cancelled(), &approved())
        .unwrap()
        .complaint;
    // Device C cancelled too, later and on its own.
    let c = with(common(), vec![cancel("SH01-C-1-1", (11, 30))]);
    let m = merge_histories(&merged, &c).unwrap();
    assert!(matches!(m.outcome, Outcome::Union { conflict: true, .. }));
    assert_eq!(m.state.conflict, ["SH01-A-5-5", "SH01-C-1-1"]);
    assert_eq!(m.state.status, Status::CarriedOut);
    // The same merge on C's side gives the same history.
    let other = merge_histories(&c, &merged).unwrap();
    assert_eq!(json(&other.complaint), json(&m.complaint));
    // One resolution settles both markers: the first cancellation stands, the second one
    // cannot follow it and is discarded with device B's plan.
    let data = resolution(&m.complaint.events, &m.state, Resolution::UseSetAside).unwrap();
    assert_eq!(
        data,
        EventData::ResolveConflict {
            keep: vec!["SH01-A-5-5".into()],
            discard: vec![
                "SH01-B-1-1".into(),
                "SH01-B-2-2".into(),
                "SH01-B-3-3".into(),
                "SH01-C-1-1".into()
            ],
        }
    );
    let mut r = m.complaint.clone();
    r.append(ev("SH01-A-6-6", (14, 0), Role::Manager, "", data))
        .unwrap();
    let s = r.state().unwrap();
    assert_eq!(s.status, Status::Cancelled);
    assert!(!s.has_conflict());
}

#[test]
fn a_step_after_the_resolution_on_the_discarded_branch_is_set_aside_again() {
    // The manager kept the cancellation; device B, not told yet, answered the customer.
    let merged = merge_histories(&cancelled(), &approved())
        .unwrap()
        .complaint;
    let resolved = resolved(&merged, Resolution::UseSetAside, Role::Manager).unwrap();
    let b = with(
        approved(),
        vec![ev(
            "SH01-B-4-4",
            (15, 0),
            Role::Handler,
            "",
            EventData::Answer {
                reply: "已电话告知维修完成".into(),
            },
        )],
    );
    for m in [
        merge_histories(&resolved, &b).unwrap(),
        merge_histories(&b, &resolved).unwrap(),
    ] {
        assert!(matches!(m.outcome, Outcome::Union { conflict: true, .. }));
        assert_eq!(m.state.status, Status::Cancelled);
        assert_eq!(m.state.conflict, ["SH01-B-4-4"]);
        // Nothing of the other side stands in its way but the manager's own decision: only
        // keeping what is in effect is offered.
        let offered: Vec<Resolution> = resolutions(&m.complaint.events, &m.state)
            .into_iter()
            .map(|(r, _)| r)
            .collect();
        assert_eq!(offered, [Resolution::KeepApplied]);
    }
    assert_eq!(
        json(&merge_histories(&resolved, &b).unwrap().complaint),
        json(&merge_histories(&b, &resolved).unwrap().complaint)
    );
}
