//! The clocks of the first contacts: acknowledging the customer by channel and the
//! GM's first look inside the forwarding clock, on the edges of work hours, and how
//! settling on the spot closes the stages. Every expected time is worked out by hand
//! from the default 2026 calendar (Mon–Fri 09:00–12:00 and 13:30–18:00, +08:00).

use chrono::{DateTime, Duration, FixedOffset};

use complaint_desk::domain::case::{Complaint, Event, EventData};
use complaint_desk::domain::deadlines::{
    current_deadline, gm_review_due, notify_due, promised_reply, stage_deadlines, StageDeadline,
};
use complaint_desk::domain::queue::Summary;
use complaint_desk::domain::vocabulary::{
    fill_script, script_template, Channel, CustomerType, DeadlineSettings, GmDecision,
    GmReviewScope, Intake, Kind, Mood, Role, Settings, Severity, Stage, TimeLimit, WorkCalendar,
};

use crate::helpers::{cst, cst_s};

fn intake(channel: Channel, severity: Severity) -> Intake {
    Intake {
        customer_name: "王伟".into(),
        phone: "13800138000".into(),
        customer_type: CustomerType::Owner,
        project: "滨江华府".into(),
        building: String::new(),
        unit: String::new(),
        event_time: String::new(),
        event_place: String::new(),
        content: "渗水".into(),
        desired_remedy: String::new(),
        mood: Mood::Calm,
        channel,
        kind: Kind::Complaint,
        category: "工程质量".into(),
        severity,
        facts: Default::default(),
        severity_reason: String::new(),
        received_by: String::new(),
    }
}

fn complaint(channel: Channel, severity: Severity, at: DateTime<FixedOffset>) -> Complaint {
    Complaint::register(
        "SH01-A-20260305-0001".into(),
        "SH01".into(),
        intake(channel, severity),
        "SH01-A-1-1".into(),
        at,
        "前台小周",
        Role::Desk,
    )
}

fn act(c: &mut Complaint, at: DateTime<FixedOffset>, role: Role, data: EventData) {
    let id = format!("SH01-A-{:x}-{}", at.timestamp_millis(), c.events.len());
    c.append(Event {
        id,
        at,
        actor: "某人".into(),
        role,
        note: String::new(),
        data,
    })
    .unwrap();
}

fn stage(c: &Complaint, cfg: &DeadlineSettings, s: Stage) -> Option<StageDeadline> {
    let state = c.state().unwrap();
    stage_deadlines(&c.events, &state, &WorkCalendar::default(), cfg)
        .into_iter()
        .find(|d| d.stage == s)
}

#[test]
fn each_channel_has_its_own_acknowledgement_clock_on_the_edges_of_work_hours() {
    let cal = WorkCalendar::default();
    let cfg = DeadlineSettings::default();
    // Thursday 2026-03-05 unless said otherwise. Phone: 1 work hour (during the call); the
    // others: 1 work day (a start outside work hours counts as the close before it).
    let table = [
        (
            Channel::Phone,
            cst(2026, 3, 5, 10, 0),
            cst(2026, 3, 5, 11, 0),
        ),
        (
            Channel::Phone,
            cst(2026, 3, 5, 11, 30),
            cst(2026, 3, 5, 14, 0),
        ),
        (
            Channel::Phone,
            cst(2026, 3, 5, 12, 30),
            cst(2026, 3, 5, 14, 30),
        ),
        (
            Channel::Phone,
            cst(2026, 3, 5, 17, 30),
            cst(2026, 3, 6, 9, 30),
        ),
        (
            Channel::Phone,
            cst(2026, 3, 5, 19, 0),
            cst(2026, 3, 6, 10, 0),
        ),
        (
            Channel::Phone,
            cst(2026, 3, 7, 15, 0),
            cst(2026, 3, 9, 10, 0),
        ),
        (
            Channel::Email,
            cst(2026, 3, 5, 10, 0),
            cst(2026, 3, 6, 10, 0),
        ),
        (
            Channel::Email,
            cst(2026, 3, 5, 19, 0),
            cst(2026, 3, 6, 18, 0),
        ),
        (
            Channel::Letter,
            cst(2026, 3, 7, 10, 0),
            cst(2026, 3, 9, 18, 0),
        ),
        (
            Channel::OnSite,
            cst(2026, 3, 5, 12, 30),
            cst(2026, 3, 6, 12, 0),
        ),
        (
            Channel::GroupHq,
            cst(2026, 3, 5, 7, 45),
            cst(2026, 3, 5, 18, 0),
        ),
        (
            Channel::Website,
            cst(2026, 3, 6, 17, 0),
            cst(2026, 3, 9, 17, 0),
        ),
    ];
    for (channel, received, due) in table {
        assert_eq!(
            notify_due(received, channel, &cal, &cfg),
            due,
            "{channel:?} at {received}"
        );
        let c = complaint(channel, Severity::General, received);
        assert_eq!(stage(&c, &cfg, Stage::Notify).unwrap().due, due);
    }
    // A channel's limit is a setting (two work hours from 10:00 use up the morning exactly:
    // the period's end).
    let mut two = cfg.clone();
    two.set_notify_limit(Channel::Phone, TimeLimit::work_hours(2));
    assert_eq!(
        notify_due(cst(2026, 3, 5, 10, 0), Channel::Phone, &cal, &two),
        cst(2026, 3, 5, 12, 0)
    );
}

#[test]
fn an_acknowledgement_at_the_due_second_is_on_time_and_an_answer_counts_as_one() {
    let cfg = DeadlineSettings::default();
    let received = cst(2026, 3, 5, 10, 0);
    let told = |c: &mut Complaint, at| {
        act(
            c,
            at,
            Role::Desk,
            EventData::NotifyReceived {
                script: "已告知".into(),
            },
        )
    };
    let mut on_time = complaint(Channel::Phone, Severity::General, received);
    told(&mut on_time, cst_s(2026, 3, 5, 11, 0, 0));
    assert_eq!(
        stage(&on_time, &cfg, Stage::Notify).unwrap().met,
        Some(true)
    );
    let mut late = complaint(Channel::Phone, Severity::General, received);
    told(&mut late, cst_s(2026, 3, 5, 11, 0, 1));
    assert_eq!(stage(&late, &cfg, Stage::Notify).unwrap().met, Some(false));

    // Answered at once during the call (R-04: 能当场答复的当场答复): told, and on time.
    let mut settled = complaint(Channel::Phone, Severity::General, received);
    act(
        &mut settled,
        cst(2026, 3, 5, 10, 5),
        Role::Desk,
        EventData::Settle {
            reply: "当场答复".into(),
        },
    );
    let got: Vec<(Stage, Option<bool>)> = stage_deadlines(
        &settled.events,
        &settled.state().unwrap(),
        &WorkCalendar::default(),
        &cfg,
    )
    .into_iter()
    .map(|d| (d.stage, d.met))
    .collect();
    // Forwarded, planned, answered and told at once; the callback is open; no GM look is
    // owed once the customer was answered.
    assert_eq!(
        got,
        [
            (Stage::Forward, Some(true)),
            (Stage::PlanToCustomer, Some(true)),
            (Stage::Answer, Some(true)),
            (Stage::Callback, None),
            (Stage::Notify, Some(true)),
        ]
    );
    // The summary counts the acknowledgement on time (the indicators read it there).
    let mut s = Settings::new("SH01", "A");
    s.deadlines = cfg.clone();
    let state = on_time.state().unwrap();
    let summary = Summary::new(&on_time, &state, &s);
    assert!(summary.facts.stages.contains(&(Stage::Notify, Some(true))));
}

#[test]
fn the_gm_look_falls_inside_the_forwarding_clock_from_receipt() {
    let cal = WorkCalendar::default();
    let cfg = DeadlineSettings::default();
    // (received, GM look due): 1 work hour, never after the forwarding deadline.
    let table = [
        // Thursday in work hours: 1 work hour, as forwarding.
        (cst(2026, 3, 5, 10, 0), cst(2026, 3, 5, 11, 0)),
        // Just before lunch: 11:30 + 1 work hour runs over the break.
        (cst(2026, 3, 5, 11, 30), cst(2026, 3, 5, 14, 0)),
        // After hours on a workday: 1 hour after work starts.
        (cst(2026, 3, 5, 19, 0), cst(2026, 3, 6, 10, 0)),
        // Saturday: forwarding is due the same day, so the GM's look is too.
        (cst(2026, 3, 7, 10, 0), cst_s(2026, 3, 7, 23, 59, 59)),
    ];
    for (received, due) in table {
        assert_eq!(gm_review_due(received, &cal, &cfg), due, "{received}");
    }
    // A longer limit of its own is still capped by the forwarding deadline.
    let mut longer = cfg.clone();
    longer.gm_review = TimeLimit::work_hours(3);
    assert_eq!(
        gm_review_due(cst(2026, 3, 5, 10, 0), &cal, &longer),
        cst(2026, 3, 5, 11, 0)
    );
    // A shorter one is its own: 2 calendar hours on a Saturday, before the day's end.
    let mut shorter = cfg.clone();
    shorter.gm_review = TimeLimit::calendar_hours(2);
    assert_eq!(
        gm_review_due(cst(2026, 3, 7, 10, 0), &cal, &shorter),
        cst(2026, 3, 7, 12, 0)
    );
}

#[test]
fn the_gm_look_setting_chooses_which_complaints_need_it() {
    let received = cst(2026, 3, 5, 10, 0);
    // (scope, severity, stage applies)
    let table = [
        (GmReviewScope::Every, Severity::General, true),
        (GmReviewScope::Every, Severity::Major, true),
        (GmReviewScope::MajorOnly, Severity::General, false),
        (GmReviewScope::MajorOnly, Severity::Major, true),
        (GmReviewScope::Off, Severity::General, false),
        (GmReviewScope::Off, Severity::Major, false),
    ];
    for (scope, severity, applies) in table {
        let cfg = DeadlineSettings {
            gm_review_scope: scope,
            ..DeadlineSettings::default()
        };
        let c = complaint(Channel::Phone, severity, received);
        assert_eq!(
            stage(&c, &cfg, Stage::GmReview).is_some(),
            applies,
            "{scope:?} {severity:?}"
        );
    }
    assert_eq!(
        DeadlineSettings::default().gm_review_scope,
        GmReviewScope::Every,
        "the source's rule is the default"
    );
}

#[test]
fn dispatching_within_the_hour_leaves_the_gm_look_open_and_overdue_when_missing() {
    let cfg = DeadlineSettings::default();
    let cal = WorkCalendar::default();
    let mut c = complaint(Channel::Phone, Severity::General, cst(2026, 3, 5, 10, 0));
    act(
        &mut c,
        cst(2026, 3, 5, 10, 5),
        Role::Desk,
        EventData::NotifyReceived {
            script: "已告知".into(),
        },
    );
    act(
        &mut c,
        cst(2026, 3, 5, 10, 10),
        Role::Desk,
        EventData::Dispatch {
            handler: "李处理".into(),
        },
    );
    let state = c.state().unwrap();
    let now = current_deadline(&c.events, &state, &cal, &cfg).unwrap();
    assert_eq!(
        (now.stage, now.due),
        (Stage::GmReview, cst(2026, 3, 5, 11, 0))
    );
    assert_eq!(stage(&c, &cfg, Stage::Forward).unwrap().met, Some(true));

    // The GM looks at 11:20: late, recorded as such; the acknowledgement of dispatch is next.
    act(
        &mut c,
        cst(2026, 3, 5, 11, 20),
        Role::Gm,
        EventData::GmReview {
            decision: GmDecision::Normal,
            incident_lead: String::new(),
            president_needed: false,
        },
    );
    assert_eq!(stage(&c, &cfg, Stage::GmReview).unwrap().met, Some(false));
    let state = c.state().unwrap();
    assert_eq!(
        current_deadline(&c.events, &state, &cal, &cfg)
            .unwrap()
            .stage,
        Stage::Acknowledge
    );
}

#[test]
fn a_history_from_before_these_rules_still_replays() {
    // An archived complaint of an older file: no acknowledgement, no GM look.
    let mut c = complaint(Channel::Phone, Severity::General, cst(2026, 3, 5, 10, 0));
    let at = |m| cst(2026, 3, 5, 10, 0) + Duration::minutes(m);
    for (m, role, data) in [
        (
            10,
            Role::Desk,
            EventData::Dispatch {
                handler: "李处理".into(),
            },
        ),
        (20, Role::Handler, EventData::Acknowledge),
        (
            30,
            Role::Handler,
            EventData::Investigate {
                findings: "x".into(),
                responsibility: "施工单位".into(),
            },
        ),
        (
            40,
            Role::Handler,
            EventData::Propose {
                plan: "维修".into(),
                expected_done: String::new(),
            },
        ),
        (50, Role::Manager, EventData::Approve),
        (
            60,
            Role::Handler,
            EventData::CarryOut {
                result: "已修".into(),
            },
        ),
        (
            70,
            Role::Handler,
            EventData::Answer {
                reply: "已修好".into(),
            },
        ),
        (
            80,
            Role::Desk,
            EventData::Callback {
                score: 5,
                accepted: true,
            },
        ),
        (90, Role::Desk, EventData::Archive),
    ] {
        act(&mut c, at(m), role, data);
    }
    let state = c.state().unwrap();
    let cfg = DeadlineSettings::default();
    let stages = stage_deadlines(&c.events, &state, &WorkCalendar::default(), &cfg);
    // Nothing is open on a closed complaint; the answer told the customer; no GM look is
    // owed after the answer.
    assert!(stages.iter().all(|d| !d.is_open()));
    assert!(stages.iter().all(|d| d.stage != Stage::GmReview));
}

#[test]
fn the_script_promises_the_answer_deadline() {
    let cfg = DeadlineSettings::default();
    let c = complaint(Channel::Letter, Severity::General, cst(2026, 3, 5, 10, 0));
    let state = c.state().unwrap();
    // A general complaint: 3 work days, Tuesday 03-10 10:00.
    let promised = promised_reply(&c.events, &state, &WorkCalendar::default(), &cfg);
    assert_eq!(promised, cst(2026, 3, 10, 10, 0));
    let s = Settings::new("SH01", "A");
    let text = fill_script(
        script_template(&s.notify_scripts, Channel::Letter),
        "王伟",
        &c.number,
        "2026-03-10 10:00",
    );
    assert_eq!(
        text,
        "王伟您好，您的来函我们已经收到，编号 SH01-A-20260305-0001，我们会在 2026-03-10 10:00 前给您答复。"
    );
    // A channel without a script of its own gets the generic one.
    assert!(script_template(&s.notify_scripts, Channel::Wechat).contains("{答复日期}"));
}

#[test]
fn the_first_contact_clocks_run_only_for_complaints_received_under_them() {
    let cal = WorkCalendar::default();
    let from = cst(2026, 3, 5, 10, 0);
    let cfg = DeadlineSettings {
        first_contact_from: Some(from),
        ..DeadlineSettings::default()
    };
    let stages_of = |at: DateTime<FixedOffset>| -> Vec<Stage> {
        let c = complaint(Channel::Phone, Severity::General, at);
        let state = c.state().unwrap();
        stage_deadlines(&c.events, &state, &cal, &cfg)
            .into_iter()
            .map(|d| d.stage)
            .collect()
    };
    // A minute before: the older rules' stages only.
    let before = stages_of(from - Duration::minutes(1));
    assert!(
        !before.contains(&Stage::Notify) && !before.contains(&Stage::GmReview),
        "{before:?}"
    );
    assert!(before.contains(&Stage::Forward) && before.contains(&Stage::Answer));
    // At the moment and after: both new clocks.
    for at in [from, from + Duration::hours(2)] {
        let got = stages_of(at);
        assert!(
            got.contains(&Stage::Notify) && got.contains(&Stage::GmReview),
            "{got:?}"
        );
    }
    // Not set (settings from before; host tests): every complaint.
    let none = DeadlineSettings::default();
    assert!(none.first_contact_applies(cst(2020, 1, 1, 9, 0)));
}

#[test]
fn the_first_start_with_the_rules_dates_them_once() {
    use complaint_desk::store::memory::MemoryStore;
    use pollster::block_on;
    let store = MemoryStore::new();
    let s = Settings::new("SH01", "A");
    let now = cst(2026, 3, 5, 10, 0);
    let adopted = block_on(complaint_desk::service::adopt_first_contact_rules(
        &store, &s, now,
    ))
    .unwrap()
    .expect("dated on the first start");
    assert_eq!(adopted.deadlines.first_contact_from, Some(now));
    let later = cst(2026, 4, 1, 9, 0);
    let again = block_on(complaint_desk::service::adopt_first_contact_rules(
        &store, &adopted, later,
    ))
    .unwrap();
    assert_eq!(again, None, "never moved again");
}
