//! The operations over the in-memory store: numbering (R-03), registration, actions, and the
//! export / import round trip (R-32, R-33) with its all-or-nothing refusals.

use std::cell::Cell;

use chrono::{DateTime, Duration, FixedOffset};
use pollster::block_on;
use serde_json::Value;

use complaint_desk::domain::case::{Complaint, EventData, Resolution, Status, WorkflowError};
use complaint_desk::domain::exchange::{ImportError, MergeError};
use complaint_desk::domain::intake::IntakeForm;
use complaint_desk::domain::vocabulary::{Role, Settings, Staff};
use complaint_desk::service::{self, Ctx, ImportReport, ServiceError};
use complaint_desk::store::memory::MemoryStore;
use complaint_desk::store::Store;

use crate::helpers::{cst, staffed};

// ---------------------------------------------------------------------------------------
// Fixtures.
// ---------------------------------------------------------------------------------------

/// One device of one office: settings, a clock and a session counter for event ids.
struct Device {
    settings: Settings,
    store: MemoryStore,
    now: Cell<DateTime<FixedOffset>>,
    seq: Cell<u32>,
}

impl Device {
    fn new(office: &str, device: &str) -> Self {
        Device {
            settings: staffed(office, device),
            store: MemoryStore::new(),
            now: Cell::new(cst(2026, 3, 2, 9, 0)),
            seq: Cell::new(0),
        }
    }

    fn staff(&self, role: Role) -> &Staff {
        self.settings.staff.iter().find(|s| s.role == role).unwrap()
    }

    /// A context for `role`, one minute later than the previous one.
    fn ctx(&self, role: Role) -> Ctx<'_> {
        self.now.set(self.now.get() + Duration::minutes(1));
        self.seq.set(self.seq.get() + 1);
        Ctx {
            settings: &self.settings,
            actor: Some(self.staff(role)),
            now: self.now.get(),
            seq: self.seq.get(),
        }
    }

    fn register(&self, form: &IntakeForm) -> Result<Complaint, ServiceError> {
        block_on(service::register(&self.store, &self.ctx(Role::Desk), form)).map(|(c, _)| c)
    }

    fn act(
        &self,
        role: Role,
        number: &str,
        data: EventData,
        note: &str,
    ) -> Result<Complaint, ServiceError> {
        block_on(service::act(
            &self.store,
            &self.ctx(role),
            number,
            data,
            note,
        ))
        .map(|(c, _, _)| c)
    }

    fn export(&self) -> String {
        block_on(service::export_json(
            &self.store,
            &self.settings,
            self.now.get(),
        ))
        .unwrap()
        .0
    }

    fn import(&self, text: &str) -> Result<ImportReport, ServiceError> {
        block_on(service::import_json(
            &self.store,
            &self.settings,
            text,
            &|_, _| {},
        ))
    }

    fn all(&self) -> Vec<Complaint> {
        block_on(self.store.complaints()).unwrap()
    }

    fn count(&self) -> u32 {
        block_on(self.store.count()).unwrap()
    }

    fn get(&self, number: &str) -> Option<Complaint> {
        block_on(self.store.get(number)).unwrap()
    }
}

fn form(name: &str, content: &str) -> IntakeForm {
    IntakeForm {
        name: name.into(),
        phone: "13800138000".into(),
        project: "滨江华府".into(),
        building: "3栋".into(),
        unit: "1202".into(),
        content: content.into(),
        category: "工程质量".into(),
        ..IntakeForm::with_defaults()
    }
}

/// The steps from registered to archived, each with the role that takes it.
fn walk() -> Vec<(Role, EventData, &'static str)> {
    vec![
        (
            Role::Desk,
            EventData::Dispatch {
                handler: "李处理".into(),
            },
            "",
        ),
        (Role::Handler, EventData::Acknowledge, ""),
        (
            Role::Handler,
            EventData::Investigate {
                findings: "防水层破损".into(),
                responsibility: "施工单位".into(),
            },
            "",
        ),
        (
            Role::Handler,
            EventData::Propose {
                plan: "三日内上门维修".into(),
                expected_done: "2026-03-05".into(),
            },
            "",
        ),
        (Role::Manager, EventData::Approve, "同意"),
        (
            Role::Handler,
            EventData::CarryOut {
                result: "已维修".into(),
            },
            "",
        ),
        (
            Role::Handler,
            EventData::Answer {
                reply: "已电话告知".into(),
            },
            "",
        ),
        (
            Role::Desk,
            EventData::Callback {
                score: 5,
                accepted: true,
            },
            "电话回访",
        ),
        (Role::Desk, EventData::Archive, ""),
    ]
}

/// Walks a complaint `steps` steps along [`walk`].
fn advance(d: &Device, number: &str, steps: usize) {
    for (role, data, note) in walk().into_iter().take(steps) {
        d.act(role, number, data, note).unwrap();
    }
}

/// A device with three complaints in various states.
fn populated() -> Device {
    let d = Device::new("OFF", "DEV");
    let a = d.register(&form("王伟", "卫生间墙面渗水")).unwrap();
    let b = d.register(&form("张敏", "入户门变形")).unwrap();
    let c = d.register(&form("刘强", "车库照明损坏")).unwrap();
    advance(&d, &a.number, 9);
    advance(&d, &b.number, 3);
    d.act(Role::Desk, &c.number, EventData::Cancel, "重复登记")
        .unwrap();
    d
}

/// An export file as JSON to edit by hand, without its checksum (as files written before
/// the checksum was added are): the edits test the checks behind it.
fn to_value(text: &str) -> Value {
    let mut v: Value = serde_json::from_str(text).unwrap();
    v.as_object_mut().unwrap().remove("checksum");
    v
}

fn import_err(d: &Device, text: &str) -> ImportError {
    match d.import(text) {
        Err(ServiceError::Import(e)) => e,
        other => panic!("expected an import error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// Registration and numbering.
// ---------------------------------------------------------------------------------------

#[test]
fn two_complaints_on_one_day_are_numbered_0001_and_0002() {
    let d = Device::new("OFF", "DEV");
    let a = d.register(&form("王伟", "渗水")).unwrap();
    let b = d.register(&form("张敏", "门变形")).unwrap();
    assert_eq!(a.number, "OFF-DEV-20260302-0001");
    assert_eq!(b.number, "OFF-DEV-20260302-0002");
    assert_eq!(a.office, "OFF");
    assert_eq!(d.count(), 2);
}

#[test]
fn the_next_day_starts_again_at_0001() {
    let d = Device::new("OFF", "DEV");
    d.register(&form("王伟", "渗水")).unwrap();
    d.register(&form("张敏", "门变形")).unwrap();
    d.now.set(cst(2026, 3, 3, 8, 30));
    let c = d.register(&form("刘强", "照明损坏")).unwrap();
    assert_eq!(c.number, "OFF-DEV-20260303-0001");
    let e = d.register(&form("王芳", "噪音")).unwrap();
    assert_eq!(e.number, "OFF-DEV-20260303-0002");
    assert_eq!(d.count(), 4);
}

#[test]
fn the_number_uses_the_office_local_date() {
    let d = Device::new("OFF", "DEV");
    // 07:00 in Shanghai on 3 March is still 2 March in UTC.
    d.now.set(cst(2026, 3, 3, 6, 59));
    let c = d.register(&form("王伟", "渗水")).unwrap();
    assert_eq!(c.number, "OFF-DEV-20260303-0001");
}

#[test]
fn two_devices_of_one_office_number_independently() {
    let a = Device::new("OFF", "A");
    let b = Device::new("OFF", "B");
    let na = a.register(&form("王伟", "渗水")).unwrap().number;
    let nb = b.register(&form("张敏", "门变形")).unwrap().number;
    assert_eq!(na, "OFF-A-20260302-0001");
    assert_eq!(nb, "OFF-B-20260302-0001");
}

#[test]
fn registration_stores_one_register_event_by_the_actor() {
    let d = Device::new("OFF", "DEV");
    let c = d.register(&form("王伟", "渗水")).unwrap();
    let stored = d.get(&c.number).expect("stored");
    assert_eq!(stored, c);
    assert_eq!(stored.events.len(), 1);
    let e = &stored.events[0];
    assert_eq!(e.actor, "前台小周");
    assert_eq!(e.role, Role::Desk);
    assert!(matches!(&e.data, EventData::Register { intake } if intake.customer_name == "王伟"));
    let summaries = block_on(d.store.summaries()).unwrap();
    assert_eq!(summaries.len(), 1);
    assert_eq!(summaries[0].status, Status::Registered);
    assert_eq!(summaries[0].unit, "3栋 1202");
}

#[test]
fn a_rejected_form_writes_nothing_and_uses_no_number() {
    let d = Device::new("OFF", "DEV");
    let bad = IntakeForm {
        phone: "12345".into(),
        ..form("", "渗水")
    };
    match d.register(&bad) {
        Err(ServiceError::Form(errors)) => {
            assert_eq!(
                errors.keys().copied().collect::<Vec<_>>(),
                vec!["name", "phone"]
            );
        }
        other => panic!("expected form errors, got {other:?}"),
    }
    assert_eq!(d.count(), 0);
    let c = d.register(&form("王伟", "渗水")).unwrap();
    assert_eq!(
        c.number, "OFF-DEV-20260302-0001",
        "the refused form took no number"
    );
}

#[test]
fn clearing_the_store_does_not_reuse_numbers() {
    let d = Device::new("OFF", "DEV");
    d.register(&form("王伟", "渗水")).unwrap();
    d.register(&form("张敏", "门变形")).unwrap();
    block_on(d.store.clear()).unwrap();
    assert_eq!(d.count(), 0);
    let c = d.register(&form("刘强", "照明损坏")).unwrap();
    assert_eq!(c.number, "OFF-DEV-20260302-0003");
}

#[test]
fn registering_without_an_actor_writes_nothing() {
    let d = Device::new("OFF", "DEV");
    let ctx = Ctx {
        settings: &d.settings,
        actor: None,
        now: d.now.get(),
        seq: 1,
    };
    let r = block_on(service::register(&d.store, &ctx, &form("王伟", "渗水")));
    assert!(matches!(r, Err(ServiceError::NoActor)));
    assert_eq!(d.count(), 0);
}

// ---------------------------------------------------------------------------------------
// Actions.
// ---------------------------------------------------------------------------------------

#[test]
fn act_walks_a_complaint_to_archived() {
    let d = Device::new("OFF", "DEV");
    let number = d.register(&form("王伟", "渗水")).unwrap().number;
    let expected_status = [
        Status::Dispatched,
        Status::Acknowledged,
        Status::Investigating,
        Status::PlanProposed,
        Status::PlanApproved,
        Status::CarriedOut,
        Status::Answered,
        Status::CalledBack,
        Status::Archived,
    ];
    for ((role, data, note), want) in walk().into_iter().zip(expected_status) {
        let (c, state, summary) =
            block_on(service::act(&d.store, &d.ctx(role), &number, data, note)).unwrap();
        assert_eq!(state.status, want);
        assert_eq!(summary.status, want);
        assert_eq!(
            d.get(&number).unwrap(),
            c,
            "the returned complaint is what was stored"
        );
    }
    let stored = d.get(&number).unwrap();
    assert_eq!(stored.events.len(), 10);
    let state = stored.state().unwrap();
    assert_eq!(state.handler.as_deref(), Some("李处理"));
    assert_eq!(state.approved_by.as_deref(), Some("经理老王"));
    assert_eq!(state.score, Some(5));
    assert_eq!(state.closed_at, Some(d.now.get()));
    let summaries = block_on(d.store.summaries()).unwrap();
    assert_eq!(summaries[0].status, Status::Archived);
    assert_eq!(summaries[0].score, Some(5));
    assert_eq!(summaries[0].handler, "李处理");
    // Every event has its own id.
    let mut ids: Vec<&str> = stored.events.iter().map(|e| e.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 10);
}

#[test]
fn act_trims_the_note() {
    let d = Device::new("OFF", "DEV");
    let number = d.register(&form("王伟", "渗水")).unwrap().number;
    let c = d
        .act(Role::Desk, &number, EventData::Cancel, "  重复登记 \n")
        .unwrap();
    assert_eq!(c.events[1].note, "重复登记");
}

#[test]
fn a_refused_action_writes_nothing() {
    let d = Device::new("OFF", "DEV");
    let number = d.register(&form("王伟", "渗水")).unwrap().number;
    advance(&d, &number, 2); // acknowledged
    let before = d.get(&number).unwrap();
    let summaries_before = block_on(d.store.summaries()).unwrap();

    // Not allowed in this status.
    let r = d.act(Role::Gm, &number, EventData::Approve, "");
    assert!(matches!(
        r,
        Err(ServiceError::Workflow(WorkflowError::NotAllowed { .. }))
    ));
    // Wrong role.
    let r = d.act(
        Role::Handler,
        &number,
        EventData::Reassign {
            handler: "赵处理".into(),
        },
        "",
    );
    assert!(matches!(
        r,
        Err(ServiceError::Workflow(WorkflowError::Forbidden { .. }))
    ));
    // Missing field.
    let r = d.act(
        Role::Handler,
        &number,
        EventData::Investigate {
            findings: " ".into(),
            responsibility: "施工单位".into(),
        },
        "",
    );
    assert!(matches!(
        r,
        Err(ServiceError::Workflow(WorkflowError::Missing(_)))
    ));
    // Missing reason.
    let r = d.act(Role::Desk, &number, EventData::Cancel, "   ");
    assert!(matches!(
        r,
        Err(ServiceError::Workflow(WorkflowError::Missing(_)))
    ));

    assert_eq!(d.get(&number).unwrap(), before);
    assert_eq!(block_on(d.store.summaries()).unwrap(), summaries_before);
}

#[test]
fn an_action_back_in_time_is_refused_and_writes_nothing() {
    let d = Device::new("OFF", "DEV");
    let number = d.register(&form("王伟", "渗水")).unwrap().number;
    let before = d.get(&number).unwrap();
    d.now.set(d.now.get() - Duration::hours(2));
    let r = d.act(
        Role::Desk,
        &number,
        EventData::Dispatch {
            handler: "李处理".into(),
        },
        "",
    );
    assert!(matches!(
        r,
        Err(ServiceError::Workflow(WorkflowError::OutOfOrder))
    ));
    assert_eq!(d.get(&number).unwrap(), before);
}

#[test]
fn two_tabs_acting_on_one_complaint_keep_both_actions_in_the_order_written() {
    // Tab 1 dispatches at 09:03:00.400; tab 2 read the complaint before that and confirms a
    // follow-up whose clock says 09:03:00.100 (the tabs' clocks read a moment apart).
    let d = Device::new("OFF", "DEV");
    let number = d.register(&form("王伟", "渗水")).unwrap().number;
    let tab2_read = d.get(&number).unwrap();
    let t = d.now.get() + Duration::minutes(1);
    let desk = d.staff(Role::Desk).clone();
    let ctx = |now, seq| Ctx {
        settings: &d.settings,
        actor: Some(&desk),
        now,
        seq,
    };
    let dispatch = EventData::Dispatch {
        handler: "李处理".into(),
    };
    block_on(service::act(
        &d.store,
        &ctx(t + Duration::milliseconds(400), 101),
        &number,
        dispatch,
        "",
    ))
    .unwrap();
    let (after, state, _) = block_on(service::act(
        &d.store,
        &ctx(t + Duration::milliseconds(100), 202),
        &number,
        EventData::FollowUp,
        "已告知客户",
    ))
    .unwrap();
    assert_eq!(
        tab2_read.events.len(),
        1,
        "tab 2 had read the history before the dispatch"
    );
    let actions: Vec<_> = after
        .events
        .iter()
        .map(|e| e.data.action().map(|a| a.code()))
        .collect();
    // (registration is no workflow action: it has no action code)
    assert_eq!(actions, [None, Some("dispatch"), Some("follow_up")]);
    assert_eq!(
        state.status,
        Status::Dispatched,
        "the dispatch was not overwritten"
    );
    // The follow-up takes the dispatch's time: the history stays in the order written.
    assert_eq!(after.events[2].at, after.events[1].at);
    assert_eq!(d.get(&number).unwrap(), after);
}

#[test]
fn an_action_the_fresh_history_no_longer_allows_is_refused_with_the_reason() {
    // Both tabs open 分派 on a registered complaint; the second confirm finds it dispatched.
    let d = Device::new("OFF", "DEV");
    let number = d.register(&form("王伟", "渗水")).unwrap().number;
    let dispatch = || EventData::Dispatch {
        handler: "李处理".into(),
    };
    d.act(Role::Desk, &number, dispatch(), "").unwrap();
    let stored = d.get(&number).unwrap();
    let r = d.act(Role::Desk, &number, dispatch(), "");
    match r {
        Err(ServiceError::Workflow(e @ WorkflowError::NotAllowed { .. })) => {
            assert!(e.to_string().contains("已分派"), "{e}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(d.get(&number).unwrap(), stored, "nothing written");
}

#[test]
fn a_masked_copy_where_the_original_is_stored_is_refused_as_masked() {
    let d = populated();
    let file: complaint_desk::domain::exchange::ExportFile =
        serde_json::from_str(&d.export()).unwrap();
    let masked =
        serde_json::to_string(&complaint_desk::domain::exchange::mask_export(&file)).unwrap();
    let before = d.all();
    let err = import_err(&d, &masked);
    assert!(
        matches!(&err, ImportError::MaskedConflict { number } if number == "OFF-DEV-20260302-0001"),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("脱敏副本不能覆盖原始投诉"),
        "{err}"
    );
    assert_eq!(d.all(), before, "nothing written");
    // Where no original is stored (head office), the masked copy imports.
    let other = Device::new("HQ", "A");
    other.import(&masked).unwrap();
    assert_eq!(other.count() as usize, before.len());
}

#[test]
fn acting_on_an_unknown_number_is_not_found() {
    let d = Device::new("OFF", "DEV");
    let r = d.act(
        Role::Desk,
        "OFF-DEV-20260302-0099",
        EventData::FollowUp,
        "已沟通",
    );
    assert!(matches!(r, Err(ServiceError::NotFound(n)) if n == "OFF-DEV-20260302-0099"));
    assert_eq!(d.count(), 0);
}

// ---------------------------------------------------------------------------------------
// Export and import.
// ---------------------------------------------------------------------------------------

#[test]
fn export_clear_import_restores_identical_complaints() {
    let d = populated();
    let before = d.all();
    let summaries_before = block_on(d.store.summaries()).unwrap();
    let text = d.export();

    block_on(d.store.clear()).unwrap();
    assert_eq!(d.count(), 0);

    let last_progress = Cell::new((0, 0));
    let report = block_on(service::import_json(
        &d.store,
        &d.settings,
        &text,
        &|done, of| last_progress.set((done, of)),
    ))
    .unwrap();
    assert_eq!(
        last_progress.get(),
        (3, 3),
        "progress ends at (written, to write)"
    );
    assert_eq!(
        report,
        ImportReport {
            total: 3,
            added: 3,
            updated: 0,
            unchanged: 0,
            merged: 0,
            merged_events: 0,
            ..ImportReport::default()
        }
    );
    let after = d.all();
    assert_eq!(after.len(), 3);
    for (a, b) in before.iter().zip(&after) {
        assert_eq!(a.number, b.number);
        assert_eq!(a.office, b.office);
        assert_eq!(a.events, b.events, "events of {}", a.number);
        for (x, y) in a.events.iter().zip(&b.events) {
            assert_eq!(x.at.offset(), y.at.offset(), "the UTC offset survives");
        }
    }
    assert_eq!(block_on(d.store.summaries()).unwrap(), summaries_before);
}

#[test]
fn the_export_file_carries_format_version_and_derived_fields() {
    let d = populated();
    let v = to_value(&d.export());
    assert_eq!(v["format"], "complaint-desk-export");
    assert_eq!(v["version"], 2);
    assert_eq!(v["office"], "OFF");
    assert_eq!(v["device"], "DEV");
    let complaints = v["complaints"].as_array().unwrap();
    assert_eq!(complaints.len(), 3);
    assert_eq!(complaints[0]["number"], "OFF-DEV-20260302-0001");
    assert_eq!(complaints[0]["derived"]["status"], "archived");
    assert_eq!(complaints[0]["derived"]["score"], 5);
    assert_eq!(complaints[1]["derived"]["status"], "investigating");
    assert_eq!(complaints[2]["derived"]["status"], "cancelled");
    assert_eq!(complaints[0]["events"][0]["action"], "register");
}

#[test]
fn reimporting_the_same_file_changes_nothing() {
    let d = populated();
    let text = d.export();
    let before = d.all();
    let report = d.import(&text).unwrap();
    assert_eq!(
        report,
        ImportReport {
            total: 3,
            added: 0,
            updated: 0,
            unchanged: 3,
            merged: 0,
            merged_events: 0,
            ..ImportReport::default()
        }
    );
    assert_eq!(d.all(), before);
    assert_eq!(d.count(), 3);
}

#[test]
fn a_file_with_a_longer_history_updates_the_stored_complaint() {
    let office = populated();
    let hq = Device::new("HQ", "A");
    hq.import(&office.export()).unwrap();

    // The office carries on with the investigating one, and registers a new one.
    advance_from(&office, "OFF-DEV-20260302-0002", 3, 9);
    office.register(&form("王芳", "噪音扰民")).unwrap();

    let report = hq.import(&office.export()).unwrap();
    assert_eq!(
        report,
        ImportReport {
            total: 4,
            added: 1,
            updated: 1,
            unchanged: 2,
            merged: 0,
            merged_events: 0,
            ..ImportReport::default()
        }
    );
    assert_eq!(hq.all(), office.all());
    let s = hq.get("OFF-DEV-20260302-0002").unwrap().state().unwrap();
    assert_eq!(s.status, Status::Archived);
}

/// Walks steps `from..to` of [`walk`].
fn advance_from(d: &Device, number: &str, from: usize, to: usize) {
    for (role, data, note) in walk().into_iter().take(to).skip(from) {
        d.act(role, number, data, note).unwrap();
    }
}

/// A store that already holds one complaint of another device, to see that a refused
/// import neither adds nor changes anything.
fn receiver() -> Device {
    let r = Device::new("OFF", "B");
    r.register(&form("陈静", "样板间与交付不符")).unwrap();
    r
}

fn assert_refused_and_untouched(text: &str, check: impl Fn(&ImportError) -> bool) {
    let r = receiver();
    let before = r.all();
    let err = import_err(&r, text);
    assert!(check(&err), "unexpected error: {err:?}");
    assert!(!err.to_string().is_empty());
    assert_eq!(r.all(), before, "a refused import writes nothing");
}

#[test]
fn truncated_json_is_refused() {
    let text = populated().export();
    // Cut in the middle, on a char boundary: the export is UTF-8 with Chinese text.
    let mid = (0..=text.len() / 2)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap();
    let cut = &text[..mid];
    assert_refused_and_untouched(cut, |e| matches!(e, ImportError::Json { .. }));
    assert_refused_and_untouched("", |e| matches!(e, ImportError::Json { .. }));
}

#[test]
fn a_file_that_is_not_ours_is_refused() {
    assert_refused_and_untouched(r#"{"hello": "world"}"#, |e| {
        matches!(e, ImportError::NotOurs)
    });
    assert_refused_and_untouched("[1, 2, 3]", |e| matches!(e, ImportError::NotOurs));
    assert_refused_and_untouched("42", |e| matches!(e, ImportError::NotOurs));
    let mut v = to_value(&populated().export());
    v["format"] = "some-other-app".into();
    assert_refused_and_untouched(&v.to_string(), |e| matches!(e, ImportError::NotOurs));
}

#[test]
fn an_unknown_version_is_refused() {
    let mut v = to_value(&populated().export());
    v["version"] = 99.into();
    assert_refused_and_untouched(&v.to_string(), |e| matches!(e, ImportError::Version(99)));
    v["version"] = "1".into();
    assert_refused_and_untouched(&v.to_string(), |e| matches!(e, ImportError::Version(_)));
}

#[test]
fn fields_of_the_wrong_type_are_refused() {
    let base = to_value(&populated().export());

    let mut v = base.clone();
    v["complaints"][0]["events"][0]["at"] = 42.into();
    assert_refused_and_untouched(&v.to_string(), |e| matches!(e, ImportError::Shape(_)));

    let mut v = base.clone();
    v["complaints"] = serde_json::json!({"a": 1});
    assert_refused_and_untouched(&v.to_string(), |e| matches!(e, ImportError::Shape(_)));

    let mut v = base.clone();
    v["complaints"][1]["events"][1]["action"] = "teleport".into();
    assert_refused_and_untouched(&v.to_string(), |e| matches!(e, ImportError::Shape(_)));

    let mut v = base;
    v["complaints"][0]["events"][8]["score"] = "五".into();
    assert_refused_and_untouched(&v.to_string(), |e| matches!(e, ImportError::Shape(_)));
}

#[test]
fn invalid_settings_in_the_file_are_refused() {
    let mut v = to_value(&populated().export());
    v["settings"]["office_code"] = "x".into();
    assert_refused_and_untouched(&v.to_string(), |e| matches!(e, ImportError::Settings(_)));
}

#[test]
fn a_number_twice_in_one_file_is_refused() {
    let mut v = to_value(&populated().export());
    let list = v["complaints"].as_array_mut().unwrap();
    let dup = list[1].clone();
    list.push(dup);
    assert_refused_and_untouched(
        &v.to_string(),
        |e| matches!(e, ImportError::DuplicateNumber(n) if n == "OFF-DEV-20260302-0002"),
    );
}

#[test]
fn a_history_that_breaks_the_workflow_is_refused() {
    let base = to_value(&populated().export());

    // The dispatch of the archived one removed: acknowledge straight after registration.
    let mut v = base.clone();
    v["complaints"][0]["events"]
        .as_array_mut()
        .unwrap()
        .remove(1);
    assert_refused_and_untouched(
        &v.to_string(),
        |e| matches!(e, ImportError::BadHistory { index: 1, number, .. } if number == "OFF-DEV-20260302-0001"),
    );

    // Events swapped, so time goes backwards and the order is wrong.
    let mut v = base.clone();
    v["complaints"][1]["events"]
        .as_array_mut()
        .unwrap()
        .swap(1, 2);
    assert_refused_and_untouched(&v.to_string(), |e| {
        matches!(e, ImportError::BadHistory { index: 2, .. })
    });

    // A manager approving with the role edited to handler.
    let mut v = base.clone();
    v["complaints"][0]["events"][5]["role"] = "handler".into();
    assert_refused_and_untouched(&v.to_string(), |e| {
        matches!(e, ImportError::BadHistory { index: 1, .. })
    });

    // A score of 9.
    let mut v = base.clone();
    v["complaints"][0]["events"][8]["score"] = 9.into();
    assert_refused_and_untouched(&v.to_string(), |e| {
        matches!(e, ImportError::BadHistory { index: 1, .. })
    });

    // No events at all.
    let mut v = base;
    v["complaints"][2]["events"] = serde_json::json!([]);
    assert_refused_and_untouched(&v.to_string(), |e| {
        matches!(e, ImportError::BadHistory { index: 3, .. })
    });
}

#[test]
fn two_devices_edits_of_one_complaint_are_merged_on_import() {
    let office = populated();
    let hq = Device::new("HQ", "A");
    hq.import(&office.export()).unwrap();
    hq.now.set(office.now.get());

    // Both sides add a different event to the investigating complaint.
    let n = "OFF-DEV-20260302-0002";
    office
        .act(Role::Handler, n, EventData::FollowUp, "已告知客户进度")
        .unwrap();
    hq.act(Role::Desk, n, EventData::FollowUp, "集团已致电客户")
        .unwrap();
    let new = office.register(&form("王芳", "噪音扰民")).unwrap();

    let report = hq.import(&office.export()).unwrap();
    assert_eq!(
        report,
        ImportReport {
            total: 4,
            added: 1,
            updated: 0,
            unchanged: 2,
            merged: 1,
            merged_events: 1,
            ..ImportReport::default()
        }
    );
    let notes: Vec<String> = hq
        .get(n)
        .unwrap()
        .events
        .iter()
        .map(|e| e.note.clone())
        .collect();
    assert!(notes.ends_with(&["集团已致电客户".to_string(), "已告知客户进度".to_string()]));
    assert!(hq.get(&new.number).is_some());

    // The office takes HQ's file: the same history; then nothing is left to merge.
    let report = office.import(&hq.export()).unwrap();
    assert_eq!((report.updated, report.merged), (1, 0));
    assert_eq!(office.get(n), hq.get(n));
    let report = hq.import(&office.export()).unwrap();
    assert_eq!((report.unchanged, report.merged, report.updated), (4, 0, 0));
}

#[test]
fn an_import_whose_merge_breaks_the_workflow_keeps_both_and_marks_it() {
    let office = populated();
    let hq = Device::new("HQ", "A");
    hq.import(&office.export()).unwrap();
    hq.now.set(office.now.get());

    // One side proposes a plan, the other cancels: no order of the two is a valid history.
    let n = "OFF-DEV-20260302-0002";
    office
        .act(
            Role::Handler,
            n,
            EventData::Propose {
                plan: "上门维修".into(),
                expected_done: String::new(),
            },
            "",
        )
        .unwrap();
    hq.act(Role::Desk, n, EventData::Cancel, "重复投诉")
        .unwrap();
    // The office also registers a new one, which is added as usual.
    let new = office.register(&form("王芳", "噪音扰民")).unwrap();

    let report = hq.import(&office.export()).unwrap();
    assert_eq!(
        (report.added, report.merged, report.conflicts),
        (1, 1, 1),
        "{report:?}"
    );
    assert!(hq.get(&new.number).is_some());
    // Nothing dropped: both devices' events are in the history, the proposal set aside.
    let kept = hq.get(n).unwrap();
    let state = kept.state().unwrap();
    assert_eq!(state.status, Status::Cancelled);
    let propose = kept
        .events
        .iter()
        .find(|e| matches!(e.data, EventData::Propose { .. }))
        .unwrap();
    assert_eq!(state.conflict, std::slice::from_ref(&propose.id));
    assert!(matches!(
        kept.events.last().unwrap().data,
        EventData::Conflict { .. }
    ));
    let summaries = block_on(hq.store.summaries()).unwrap();
    let flagged: Vec<&str> = summaries
        .iter()
        .filter(|s| s.conflict)
        .map(|s| s.number.as_str())
        .collect();
    assert_eq!(flagged, [n]);

    // The same file again changes nothing; the office takes HQ's file and holds the same.
    let report = hq.import(&office.export()).unwrap();
    assert_eq!((report.merged, report.conflicts, report.updated), (0, 0, 0));
    let report = office.import(&hq.export()).unwrap();
    assert_eq!((report.updated, report.conflicts), (1, 0));
    assert_eq!(office.get(n), hq.get(n));
    // A bad history of one copy alone is still refused (see the tests above): MergeError
    // stays for those.
    let _ = MergeError::BadHistory {
        number: n.into(),
        reason: String::new(),
    };
}

/// HQ and the office took incompatible actions on complaint 0002 of [`populated`] (the
/// office proposed a plan, HQ cancelled) and HQ imported the office's file: HQ holds both,
/// the proposal set aside. Returns (office, HQ, the number).
fn conflicted() -> (Device, Device, &'static str) {
    let office = populated();
    let hq = Device::new("HQ", "A");
    hq.import(&office.export()).unwrap();
    hq.now.set(office.now.get());
    let n = "OFF-DEV-20260302-0002";
    office
        .act(
            Role::Handler,
            n,
            EventData::Propose {
                plan: "上门维修".into(),
                expected_done: String::new(),
            },
            "",
        )
        .unwrap();
    hq.act(Role::Desk, n, EventData::Cancel, "重复投诉")
        .unwrap();
    assert_eq!(hq.import(&office.export()).unwrap().conflicts, 1);
    (office, hq, n)
}

impl Device {
    fn resolve(
        &self,
        role: Role,
        number: &str,
        choice: Resolution,
    ) -> Result<Complaint, ServiceError> {
        block_on(service::resolve_conflict(
            &self.store,
            &self.ctx(role),
            number,
            choice,
            "经核实",
        ))
        .map(|(c, _, _)| c)
    }

    fn summary(&self, number: &str) -> complaint_desk::domain::queue::Summary {
        block_on(self.store.summaries())
            .unwrap()
            .into_iter()
            .find(|s| s.number == number)
            .unwrap()
    }
}

#[test]
fn a_conflicted_complaint_round_trips_through_an_export_file() {
    let (_, hq, n) = conflicted();
    let text = hq.export();
    let fresh = Device::new("GZ", "B");
    let report = fresh.import(&text).unwrap();
    assert_eq!((report.added, report.conflicts), (3, 0));
    assert_eq!(fresh.get(n), hq.get(n));
    let state = fresh.get(n).unwrap().state().unwrap();
    assert_eq!(state.status, Status::Cancelled);
    assert_eq!(state.conflict.len(), 1);
    assert!(fresh.summary(n).conflict);
    // The flag is stored only when set: a summary written before conflicts were kept reads
    // as none.
    let mut stored = serde_json::to_value(fresh.summary(n)).unwrap();
    assert_eq!(stored["conflict"], true);
    stored.as_object_mut().unwrap().remove("conflict");
    let old: complaint_desk::domain::queue::Summary = serde_json::from_value(stored).unwrap();
    assert!(!old.conflict);
    let calm = serde_json::to_value(fresh.summary("OFF-DEV-20260302-0001")).unwrap();
    assert!(calm.get("conflict").is_none());
    // Exported again, the complaints are written byte for byte as HQ wrote them.
    let complaints = |t: &str| to_value(t)["complaints"].to_string();
    assert_eq!(complaints(&fresh.export()), complaints(&text));
    // A file whose marker id does not follow from its content is refused.
    let mut v = to_value(&text);
    let events = v["complaints"][1]["events"].as_array_mut().unwrap();
    let marker = events
        .iter_mut()
        .find(|e| e["action"] == "conflict")
        .unwrap();
    marker["id"] = "OFF-SYS-00000000000000ff-0".into();
    assert_refused_and_untouched(&v.to_string(), |e| {
        matches!(
            e,
            ImportError::EventId {
                index: 2,
                problem: complaint_desk::domain::exchange::EventIdProblem::ConflictMarker { .. },
                ..
            }
        )
    });
}

#[test]
fn a_manager_resolves_a_conflict_by_a_new_event() {
    for (choice, status) in [
        (Resolution::KeepApplied, Status::Cancelled),
        (Resolution::UseSetAside, Status::PlanProposed),
    ] {
        let (office, hq, n) = conflicted();
        let before = hq.get(n).unwrap();
        // The desk and a handler may not: nothing is written.
        for role in [Role::Desk, Role::Handler] {
            let err = hq.resolve(role, n, choice).unwrap_err();
            assert!(
                matches!(err, ServiceError::Workflow(WorkflowError::Forbidden { .. })),
                "{err:?}"
            );
            assert_eq!(hq.get(n).unwrap(), before);
        }
        let after = hq.resolve(Role::Manager, n, choice).unwrap();
        assert_eq!(after.events[..before.events.len()], before.events[..]);
        let last = after.events.last().unwrap();
        assert!(matches!(last.data, EventData::ResolveConflict { .. }));
        assert_eq!(
            (last.actor.as_str(), last.note.as_str()),
            ("经理老王", "经核实")
        );
        let state = after.state().unwrap();
        assert_eq!(state.status, status, "{choice:?}");
        assert!(!state.has_conflict());
        assert!(!hq.summary(n).conflict);
        // Nothing left to resolve.
        let err = hq.resolve(Role::Manager, n, choice).unwrap_err();
        assert!(
            matches!(
                err,
                ServiceError::Workflow(WorkflowError::NoConflictChoice(_))
            ),
            "{err:?}"
        );
        // The office takes HQ's file: the same resolved history.
        let report = office.import(&hq.export()).unwrap();
        assert_eq!((report.updated, report.conflicts), (1, 0));
        assert_eq!(office.get(n), hq.get(n));
    }
}

#[test]
fn html_and_script_text_survive_the_round_trip_verbatim() {
    let d = Device::new("OFF", "DEV");
    let name = r#"<script>alert("x")</script>"#;
    let content = "<img src=x onerror=alert(1)> &amp; &lt;b&gt; \"引号\" '单引号' \\ 反斜杠\n第二行\t制表 \u{1} 控制符";
    let note = "</textarea><b>粗体</b>";
    let c = d.register(&form(name, content)).unwrap();
    d.act(Role::Desk, &c.number, EventData::Cancel, note)
        .unwrap();
    let before = d.all();

    let text = d.export();
    block_on(d.store.clear()).unwrap();
    d.import(&text).unwrap();

    assert_eq!(d.all(), before);
    let state = d.get(&c.number).unwrap().state().unwrap();
    assert_eq!(state.intake.customer_name, name);
    assert_eq!(state.intake.content, content);
    assert_eq!(d.get(&c.number).unwrap().events[1].note, note);
    let summaries = block_on(d.store.summaries()).unwrap();
    assert_eq!(summaries[0].name, name);
}

#[test]
fn a_file_changed_after_export_is_refused_by_its_checksum() {
    let text = populated().export();
    assert!(text.contains("\"checksum\":\""));
    // One character of a complaint's content changed: still a valid file, but not the one
    // exported.
    let changed = text.replacen("入户门变形", "入户门变型", 1);
    assert_ne!(changed, text);
    assert_refused_and_untouched(&changed, |e| matches!(e, ImportError::Checksum(_)));
    // Re-indented, it is the same file.
    let file: complaint_desk::domain::exchange::ExportFile = serde_json::from_str(&text).unwrap();
    let pretty = serde_json::to_string_pretty(&file).unwrap();
    let r = receiver();
    r.import(&pretty).unwrap();
    // A file of an unknown version says so first, whatever its checksum.
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["version"] = 99.into();
    v["complaints"] = serde_json::json!([]);
    assert_refused_and_untouched(&v.to_string(), |e| matches!(e, ImportError::Version(99)));
}

#[test]
fn summaries_of_an_older_version_are_rebuilt_once_with_their_facts() {
    let d = Device::new("OFF", "DEV");
    let c = d.register(&form("王伟", "渗水")).unwrap();
    let handler = d.staff(Role::Handler).name.clone();
    d.act(
        Role::Manager,
        &c.number,
        EventData::Dispatch { handler },
        "",
    )
    .unwrap();
    // What a version-1 app stored: the same summary without the indicator facts.
    let summaries = block_on(d.store.summaries()).unwrap();
    let current = summaries[0].clone();
    assert!(
        !current.facts.stages.is_empty(),
        "a saved summary has its facts"
    );
    let mut old = current.clone();
    old.facts = Default::default();
    let complaint = d.get(&c.number).unwrap();
    block_on(d.store.put_many(&[(complaint, old)], &|_| {})).unwrap();

    let rebuilt = block_on(service::upgrade_summaries(&d.store, &d.settings)).unwrap();
    assert_eq!(rebuilt, 1);
    assert_eq!(block_on(d.store.summaries()).unwrap()[0], current);
    // Recorded: the next start rebuilds nothing.
    assert_eq!(
        block_on(service::upgrade_summaries(&d.store, &d.settings)).unwrap(),
        0
    );
}

#[test]
fn a_large_file_from_another_office_imports_whole_and_a_second_office_after_it() {
    // 10,000 complaints (about 20 MB of JSON) from one office, then 2,000 from another into
    // the same store: every complaint arrives, none twice, each office keeps its own.
    let hq = Device::new("HQ", "A");
    let gen = |office: &str, n: usize, seed: u64| {
        let s = staffed(office, "A");
        let now = cst(2026, 3, 31, 18, 0);
        let complaints = complaint_desk::domain::synthetic::generate(&s, n, 1, 365, now, seed);
        let file = complaint_desk::domain::exchange::export(&s, &complaints, now);
        serde_json::to_string(&file).unwrap()
    };
    let big = gen("GZ01", 10_000, 1);
    assert!(big.len() > 10_000_000, "{} bytes", big.len());
    let r = hq.import(&big).unwrap();
    assert_eq!((r.total, r.added), (10_000, 10_000));
    let r = hq.import(&gen("CD02", 2_000, 2)).unwrap();
    assert_eq!((r.total, r.added), (2_000, 2_000));
    assert_eq!(hq.count(), 12_000);
    // The big file again adds nothing: every complaint is matched by number.
    let r = hq.import(&big).unwrap();
    assert_eq!((r.added, r.unchanged), (0, 10_000));
    let offices: std::collections::BTreeMap<String, usize> =
        hq.all().iter().fold(Default::default(), |mut m, c| {
            *m.entry(c.office.clone()).or_default() += 1;
            m
        });
    assert_eq!(
        offices,
        [("CD02".into(), 2_000), ("GZ01".into(), 10_000)].into()
    );
}

#[test]
fn load_gives_a_complaint_with_its_state_or_says_it_is_not_found() {
    let d = Device::new("OFF", "DEV");
    let c = d.register(&form("王伟", "渗水")).unwrap();
    let (got, state) = block_on(service::load(&d.store, &c.number)).unwrap();
    assert_eq!(got, c);
    assert_eq!(state.status, Status::Registered);
    let missing = block_on(service::load(&d.store, "OFF-DEV-20260302-0099")).unwrap_err();
    assert!(matches!(missing, ServiceError::NotFound(ref n) if n == "OFF-DEV-20260302-0099"));
    assert_eq!(missing.to_string(), "找不到投诉 OFF-DEV-20260302-0099");
}

// ---------------------------------------------------------------------------------------
// Settings, the generator and clearing, as the settings, setup and exchange pages call them.
// ---------------------------------------------------------------------------------------

#[test]
fn the_first_run_setup_checks_and_saves_the_codes() {
    let store = MemoryStore::new();
    let bad = block_on(service::first_settings(&store, "上海", "A", "滨江"));
    assert!(matches!(bad, Err(ServiceError::Settings(_))), "{bad:?}");
    assert_eq!(
        block_on(store.load_settings()).unwrap(),
        None,
        "nothing saved"
    );
    let s = block_on(service::first_settings(
        &store,
        "SH01",
        "A",
        "  滨江售楼处 ",
    ))
    .unwrap();
    assert_eq!(s.office_name, "滨江售楼处");
    assert_eq!(block_on(store.load_settings()).unwrap(), Some(s));
}

#[test]
fn saving_settings_rebuilds_the_summaries_only_when_the_clocks_move() {
    let d = populated();
    let before = d.settings.clone();
    let told = Cell::new(None);
    let tell = |moves: bool| told.set(Some(moves));

    let mut renamed = before.clone();
    renamed.office_name = "滨江售楼处".into();
    let r = block_on(service::save_settings(&d.store, &before, &renamed, &tell)).unwrap();
    assert_eq!((r, told.get()), (None, Some(false)));
    assert_eq!(
        block_on(d.store.load_settings()).unwrap(),
        Some(renamed.clone())
    );

    // A holiday on the day the open complaint was received moves its current deadline (the
    // customer's acknowledgement, R-04, due 1 work hour after receipt).
    let mut longer = renamed.clone();
    longer
        .calendar
        .holidays
        .push(complaint_desk::domain::vocabulary::NamedDate {
            date: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            name: "临时休息日".into(),
        });
    let summaries_before = block_on(d.store.summaries()).unwrap();
    let r = block_on(service::save_settings(&d.store, &renamed, &longer, &tell)).unwrap();
    assert_eq!(r, Some(d.count() as usize), "every complaint re-summarised");
    assert_eq!(told.get(), Some(true));
    let summaries_after = block_on(d.store.summaries()).unwrap();
    assert_ne!(summaries_before, summaries_after, "the deadlines moved");

    let mut wrong = longer.clone();
    wrong.office_code = "x".into();
    told.set(None);
    let r = block_on(service::save_settings(&d.store, &longer, &wrong, &tell));
    assert!(matches!(r, Err(ServiceError::Settings(_))), "{r:?}");
    assert_eq!(told.get(), None, "not saved, not told");
    assert_eq!(block_on(d.store.load_settings()).unwrap(), Some(longer));
}

#[test]
fn the_generator_stores_in_chunks_and_clearing_keeps_the_settings() {
    use complaint_desk::domain::synthetic::{parse_count, MAX_COUNT};
    assert_eq!(parse_count(" 1200 "), Some(1200));
    assert_eq!(parse_count("0"), None);
    assert_eq!(parse_count(&(MAX_COUNT + 1).to_string()), None);
    assert_eq!(parse_count("一千"), None);

    let d = Device::new("SH01", "A");
    block_on(d.store.save_settings(&d.settings)).unwrap();
    let ctx = d.ctx(Role::Desk);
    let seen = std::cell::RefCell::new(Vec::new());
    let n = block_on(service::generate_synthetic(
        &d.store,
        &ctx,
        12_000,
        1,
        &|done| seen.borrow_mut().push(done),
    ))
    .unwrap();
    assert_eq!(n, 12_000);
    assert_eq!(
        *seen.borrow(),
        [5000, 10_000, 12_000],
        "one report per chunk"
    );
    assert_eq!(d.count(), 12_000);

    block_on(service::clear_data(&d.store)).unwrap();
    assert_eq!(d.count(), 0);
    assert_eq!(
        block_on(d.store.load_settings()).unwrap(),
        Some(d.settings.clone())
    );
}
