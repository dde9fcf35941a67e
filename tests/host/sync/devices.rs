//! Sync's two halves over in-memory stores: what a device's outbox sends, and how what it
//! receives is merged. Documents are carried from one device's `outgoing` to another's
//! `incoming` as the server would return them (with a new revision each time one is
//! written); the HTTP calls themselves are tested against a real server in the browser.

use std::collections::HashMap;

use chrono::{DateTime, Duration, FixedOffset};
use pollster::block_on;

use complaint_desk::domain::access::AuditChange;
use complaint_desk::domain::case::{Complaint, EventData};
use complaint_desk::domain::intake::IntakeForm;
use complaint_desk::domain::sync::{InDoc, Stamp};
use complaint_desk::domain::vocabulary::{Project, Role};
use complaint_desk::service::sync as svc;
use complaint_desk::store::{Ledger, Store};

use crate::helpers::{cst, Desk};

fn form(name: &str) -> IntakeForm {
    IntakeForm {
        name: name.into(),
        phone: "13800138000".into(),
        project: "滨江华府".into(),
        building: "3栋".into(),
        unit: "1202".into(),
        content: "卫生间墙面渗水".into(),
        category: "工程质量".into(),
        ..IntakeForm::with_defaults()
    }
}

/// Device `code` of office SH01, syncing (its writes are queued).
fn device(code: &str) -> Desk {
    let mut d = Desk::new();
    d.settings.device_code = code.into();
    block_on(d.store.save_settings(&d.settings)).unwrap();
    // As setting sync does: queue writes from now on, and everything stored so far.
    d.store.queue_writes(true);
    block_on(d.store.queue_everything()).unwrap();
    d
}

/// What a server keeps: each document's latest JSON text and revision.
#[derive(Default)]
struct Relay {
    docs: HashMap<String, (u32, String)>,
}

impl Relay {
    /// Sends `d`'s outbox as the push loop does: a document whose revision is not the
    /// server's latest is refused (the server's copy changed), and is merged from the
    /// server instead. Returns how many documents were written.
    fn push(&mut self, d: &Desk) -> usize {
        let entries = block_on(d.store.outbox()).unwrap();
        let out = block_on(svc::outgoing(&d.store, &entries)).unwrap();
        let mut written = Vec::new();
        let mut refused = Vec::new();
        for doc in &out.docs {
            let v: serde_json::Value = serde_json::from_str(doc).unwrap();
            let id = v["_id"].as_str().unwrap().to_string();
            let rev = v.get("_rev").and_then(|r| r.as_str()).map(str::to_string);
            let current = self.docs.get(&id).map(|(n, _)| format!("{n}-x"));
            if rev != current {
                refused.push(id);
                continue;
            }
            let n = self.docs.get(&id).map_or(1, |(n, _)| n + 1);
            self.docs.insert(id.clone(), (n, doc.clone()));
            written.push((id, format!("{n}-x")));
        }
        block_on(svc::after_push(&d.store, &out, &written)).unwrap();
        if !refused.is_empty() {
            let docs = refused.iter().map(|id| self.doc(id)).collect();
            block_on(svc::incoming(&d.store, &d.settings, docs)).unwrap();
        }
        written.len()
    }

    fn doc(&self, id: &str) -> InDoc {
        let (n, text) = &self.docs[id];
        let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
        v["_rev"] = serde_json::Value::String(format!("{n}-x"));
        serde_json::from_value(v).unwrap()
    }

    /// Every document, as a pull from the beginning returns them.
    fn pull(&self, d: &mut Desk) -> svc::Incoming {
        let docs = self.docs.keys().map(|id| self.doc(id)).collect();
        let came = block_on(svc::incoming(&d.store, &d.settings, docs)).unwrap();
        if let Some(s) = &came.settings {
            d.settings = s.clone();
        }
        came
    }
}

fn stored(d: &Desk, number: &str) -> Complaint {
    d.stored(number)
}

fn at(min: i64) -> DateTime<FixedOffset> {
    cst(2026, 3, 2, 9, 0) + Duration::minutes(min)
}

#[test]
fn writes_are_queued_only_while_sync_is_set_and_sent_once() {
    let d = Desk::new();
    block_on(d.store.save_settings(&d.settings)).unwrap();
    d.register(&form("王伟"), at(0));
    assert_eq!(
        block_on(d.store.outbox_len()).unwrap(),
        0,
        "no server: nothing is queued"
    );
    d.store.queue_writes(true);
    let (c, _) = d.register(&form("张敏"), at(1));
    let entries = block_on(d.store.outbox()).unwrap();
    assert_eq!(
        entries.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        [format!("c:{}", c.number)]
    );
    // Everything stored is queued when sync is set on a device that has data.
    assert_eq!(
        block_on(d.store.queue_everything()).unwrap(),
        3,
        "settings and two complaints"
    );
    let mut relay = Relay::default();
    assert_eq!(relay.push(&d), 3);
    assert_eq!(block_on(d.store.outbox_len()).unwrap(), 0);
    // Nothing changed: nothing to send again, even when queued again.
    block_on(d.store.queue_everything()).unwrap();
    assert_eq!(relay.push(&d), 0);
    assert_eq!(block_on(d.store.outbox_len()).unwrap(), 0);
}

#[test]
fn an_entry_queued_again_while_it_was_being_sent_stays_queued() {
    let d = device("A");
    let (c, _) = d.register(&form("王伟"), at(0));
    let read = block_on(d.store.outbox()).unwrap();
    // A new action while the first copy is on its way.
    d.act(
        Role::Desk,
        &c.number,
        at(1),
        EventData::Dispatch {
            handler: "李处理".into(),
        },
        "",
    )
    .unwrap();
    block_on(d.store.sent(&read, &[])).unwrap();
    assert_eq!(
        block_on(d.store.outbox_len()).unwrap(),
        1,
        "the newer write still waits"
    );
}

#[test]
fn a_complaint_travels_and_two_devices_edits_end_as_one_history() {
    let (a, mut b) = (device("A"), device("B"));
    let mut relay = Relay::default();
    let (c, _) = a.register(&form("王伟"), at(0));
    relay.push(&a);
    let came = relay.pull(&mut b);
    assert_eq!(came.numbers, std::slice::from_ref(&c.number));
    assert_eq!(stored(&b, &c.number), stored(&a, &c.number));
    assert_eq!(
        block_on(b.store.outbox()).unwrap().len(),
        1,
        "only B's settings wait: pulled copies are not sent back"
    );
    assert_eq!(
        relay.push(&b),
        0,
        "and B's settings are the office's already"
    );
    // Both act while apart.
    a.act(
        Role::Desk,
        &c.number,
        at(5),
        EventData::Dispatch {
            handler: "李处理".into(),
        },
        "",
    )
    .unwrap();
    b.act(
        Role::Desk,
        &c.number,
        at(6),
        EventData::FollowUp,
        "已告知客户正在安排处理",
    )
    .unwrap();
    assert_eq!(relay.push(&a), 1);
    // B's copy was based on the server's first revision: refused, merged here, sent again.
    assert_eq!(relay.push(&b), 0);
    assert_eq!(relay.push(&b), 1);
    let mut a = a;
    relay.pull(&mut a);
    let (ha, hb) = (stored(&a, &c.number), stored(&b, &c.number));
    assert_eq!(ha, hb);
    let actions: Vec<String> = ha
        .events
        .iter()
        .map(|e| {
            serde_json::to_value(e).unwrap()["action"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(actions, ["register", "dispatch", "follow_up"]);
    assert_eq!(relay.push(&a), 0, "a has nothing the server lacks");
    let on_server: Complaint = serde_json::from_value(
        serde_json::from_str::<serde_json::Value>(&relay.docs[&format!("c:{}", c.number)].1)
            .unwrap()["complaint"]
            .clone(),
    )
    .unwrap();
    assert_eq!(on_server, ha);
}

#[test]
fn the_latest_managers_settings_change_wins_and_the_loser_is_in_the_audit_list() {
    let (mut a, mut b) = (device("A"), device("B"));
    let mut relay = Relay::default();
    // A's manager adds a project; B was only set up.
    a.settings.projects.push(Project {
        name: "翠湖天地".into(),
        buildings: vec!["1栋".into()],
        ..Project::default()
    });
    block_on(a.store.save_settings(&a.settings)).unwrap();
    let stamp = |min, by: &str| Stamp {
        at: at(min),
        by: by.into(),
    };
    block_on(svc::stamp_settings(&a.store, &stamp(10, "经理甲"))).unwrap();
    relay.push(&a);
    let came = relay.pull(&mut b);
    let adopted = came.settings.expect("B takes the office's settings");
    assert_eq!(adopted.projects, a.settings.projects);
    assert_eq!(adopted.device_code, "B", "the device keeps its own code");
    // B's manager changes something later; A's manager changes something earlier still
    // offline: B's wins on both, and A's lost change is in A's audit list.
    b.settings.categories.push("物业服务".into());
    block_on(b.store.save_settings(&b.settings)).unwrap();
    block_on(svc::stamp_settings(&b.store, &stamp(30, "经理乙"))).unwrap();
    a.settings.categories.push("销售承诺".into());
    block_on(a.store.save_settings(&a.settings)).unwrap();
    block_on(svc::stamp_settings(&a.store, &stamp(20, "经理甲"))).unwrap();
    relay.push(&b);
    relay.push(&a);
    relay.pull(&mut a);
    let now = block_on(a.store.load_settings()).unwrap().unwrap();
    assert!(now.categories.contains(&"物业服务".to_string()));
    assert!(!now.categories.contains(&"销售承诺".to_string()));
    assert_eq!(now.device_code, "A");
    let log = block_on(complaint_desk::service::access::audit(&a.store)).unwrap();
    let lost = log
        .iter()
        .find(|e| matches!(&e.change, AuditChange::SettingsSuperseded { name } if name == "经理乙"))
        .expect("the lost change is recorded");
    assert_eq!((lost.actor.as_str(), lost.at), ("经理甲", at(20)));
    assert_eq!(relay.push(&a), 0, "A sends nothing over the winner");
}

#[test]
fn another_offices_settings_are_never_taken() {
    let mut a = device("A");
    let mut other = Desk::new();
    other.settings.office_code = "GZ02".into();
    other.settings.categories.push("别家的类别".into());
    block_on(other.store.save_settings(&other.settings)).unwrap();
    other.store.queue_writes(true);
    block_on(other.store.queue_everything()).unwrap();
    let mut relay = Relay::default();
    relay.push(&other);
    let came = relay.pull(&mut a);
    assert!(came.settings.is_none());
    assert!(!a.settings.categories.contains(&"别家的类别".to_string()));
}

#[test]
fn buyers_records_travel_and_two_devices_entries_are_both_kept() {
    use complaint_desk::domain::aftersales::{CallbackKind, CallbackResult, EntryData};
    use complaint_desk::domain::vocabulary::Staff;
    use complaint_desk::service::buyers;
    const LIST: &str = "姓名,电话,项目,楼栋,房号,签约日期,交房日期,销售顾问\n\
王芳,13800001111,江南府,1栋,1203,2026-03-05,,张销售\n";
    let (mut a, mut b) = (device("A"), device("B"));
    for d in [&mut a, &mut b] {
        d.settings.staff.push(Staff::new("张销售", Role::Handler));
    }
    let mut relay = Relay::default();
    block_on(buyers::import(&a.store, &a.settings, LIST)).unwrap();
    relay.push(&a);
    let came = relay.pull(&mut b);
    assert!(came.buyers, "B takes the buyer list");
    let id = block_on(buyers::list(&b.store)).unwrap()[0].id.clone();
    let call = |grievance: &str| {
        EntryData::Callback(CallbackResult {
            kind: CallbackKind::Signing,
            reached: true,
            score: Some(4),
            praise: String::new(),
            grievance: grievance.into(),
            complaint: None,
        })
    };
    // Each device records a callback while apart.
    let caller = a.staff(Role::Desk).clone();
    block_on(buyers::record(
        &a.store,
        &a.ctx(Some(&caller), at(10)),
        &id,
        call("甲"),
    ))
    .unwrap();
    block_on(buyers::record(
        &b.store,
        &b.ctx(Some(&caller), at(11)),
        &id,
        call("乙"),
    ))
    .unwrap();
    relay.push(&a);
    // B's copy was based on the first revision: refused, merged here, sent on the next round.
    assert_eq!(relay.push(&b), 0);
    assert_eq!(relay.push(&b), 1);
    relay.pull(&mut a);
    let (ba, bb) = (
        block_on(buyers::get(&a.store, &id)).unwrap(),
        block_on(buyers::get(&b.store, &id)).unwrap(),
    );
    assert_eq!(ba.entries.len(), 2, "both callbacks kept");
    assert_eq!(ba, bb);
}
