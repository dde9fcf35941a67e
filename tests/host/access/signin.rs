//! Sign-in through the service over an in-memory store: the first manager, wrong PINs and
//! the wait surviving a re-read, initial PINs a manager sets and the change at first sign-in,
//! the audit list, that no export carries a PIN record, and the role rules for the person
//! whose PIN was checked.

use std::cell::Cell;

use pbkdf2::pbkdf2_hmac;
use pollster::block_on;
use sha2::Sha256;

use complaint_desk::domain::access::{
    staff_changes, AuditChange, PinError, PinState, SignInError, ITERATIONS, SALT_LEN,
};
use complaint_desk::domain::case::{Action, EventData};
use complaint_desk::domain::intake::IntakeForm;
use complaint_desk::domain::vocabulary::{Role, Settings, Severity, Staff};
use complaint_desk::service::access::{self, AccessError, DeviceSetup, Kdf};
use complaint_desk::service::{self, ExportFormat, ServiceError};
use complaint_desk::store::memory::MemoryStore;

use crate::helpers::{at, Desk};

/// PBKDF2-HMAC-SHA256 made in Rust, with salts 1, 2, 3… so records differ.
struct HostKdf(Cell<u8>);

impl HostKdf {
    fn new() -> Self {
        HostKdf(Cell::new(0))
    }
}

impl Kdf for HostKdf {
    async fn derive(&self, pin: &[u8], salt: &[u8], iterations: u32) -> Result<Vec<u8>, String> {
        let mut out = [0u8; 32];
        pbkdf2_hmac::<Sha256>(pin, salt, iterations, &mut out);
        Ok(out.to_vec())
    }
    fn salt(&self) -> Vec<u8> {
        self.0.set(self.0.get() + 1);
        vec![self.0.get(); SALT_LEN]
    }
}

const T0: i64 = 1_780_000_000_000;

fn set_up(store: &MemoryStore, kdf: &HostKdf) -> Settings {
    let form = DeviceSetup {
        office: "sh01".into(),
        device: "a".into(),
        office_name: "滨江售楼处".into(),
        manager: "经理老王".into(),
        pin: "2468".into(),
    };
    let (settings, manager) = block_on(access::setup_device(
        store,
        kdf,
        &form,
        at("2026-03-02 09:00"),
    ))
    .unwrap();
    assert_eq!(manager, Staff::new("经理老王", Role::Manager));
    settings
}

fn verify(
    store: &MemoryStore,
    kdf: &HostKdf,
    s: &Settings,
    name: &str,
    pin: &str,
    now: i64,
) -> Result<access::Verified, AccessError> {
    block_on(access::verify(store, kdf, s, name, pin, now))
}

fn refused(r: Result<access::Verified, AccessError>) -> SignInError {
    match r {
        Err(AccessError::SignIn(e)) => e,
        other => panic!("expected a refused sign-in, got {other:?}"),
    }
}

#[test]
fn setup_creates_the_first_manager_with_a_slow_salted_hash() {
    let (store, kdf) = (MemoryStore::new(), HostKdf::new());
    let s = set_up(&store, &kdf);
    assert_eq!(s.office_code, "SH01");
    // The first manager replaces the starter list's manager; the other starters stay.
    let managers: Vec<_> = s.staff.iter().filter(|m| m.role == Role::Manager).collect();
    assert_eq!(managers.len(), 1);
    assert_eq!(managers[0].name, "经理老王");
    assert!(s.staff.iter().any(|m| m.role == Role::Desk));
    let creds = block_on(access::credentials(&store)).unwrap();
    let rec = &creds.pins["经理老王"];
    assert!(rec.iterations >= 100_000 && rec.iterations == ITERATIONS);
    assert!(!rec.must_change);
    assert_eq!(creds.pin_state("客服专员"), PinState::Missing);
    let v = verify(&store, &kdf, &s, "经理老王", "2468", T0).unwrap();
    assert!(!v.must_change);
    let log = block_on(access::audit(&store)).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(
        log[0].change,
        AuditChange::FirstManager {
            name: "经理老王".into()
        }
    );
    assert!(log[0].line().contains("经理老王"));
}

#[test]
fn a_bad_setup_writes_nothing() {
    let (store, kdf) = (MemoryStore::new(), HostKdf::new());
    let form = DeviceSetup {
        office: "SH01".into(),
        device: "A".into(),
        manager: "经理老王".into(),
        pin: "12".into(),
        ..DeviceSetup::default()
    };
    let r = block_on(access::setup_device(
        &store,
        &kdf,
        &form,
        at("2026-03-02 09:00"),
    ));
    assert!(matches!(r, Err(AccessError::Pin(PinError::Format))));
    let no_name = DeviceSetup {
        manager: " ".into(),
        pin: "2468".into(),
        ..form.clone()
    };
    assert!(block_on(access::setup_device(
        &store,
        &kdf,
        &no_name,
        at("2026-03-02 09:00")
    ))
    .is_err());
    use complaint_desk::store::Store;
    assert_eq!(block_on(store.load_settings()).unwrap(), None);
    assert!(block_on(access::credentials(&store)).unwrap().is_empty());
}

#[test]
fn wrong_pins_count_and_the_wait_holds_across_a_reload_even_for_the_right_pin() {
    let (store, kdf) = (MemoryStore::new(), HostKdf::new());
    let s = set_up(&store, &kdf);
    for left in [4, 3, 2, 1] {
        assert_eq!(
            refused(verify(&store, &kdf, &s, "经理老王", "1111", T0)),
            SignInError::Wrong(left)
        );
    }
    assert_eq!(
        refused(verify(&store, &kdf, &s, "经理老王", "1111", T0)),
        SignInError::Wait(30)
    );
    // The count is in the store: read again (a reload), the right PIN is still refused.
    let creds = block_on(access::credentials(&store)).unwrap();
    assert_eq!(creds.lockouts["经理老王"].failures, 5);
    assert_eq!(
        refused(verify(&store, &kdf, &s, "经理老王", "2468", T0 + 10_000)),
        SignInError::Wait(20)
    );
    // After the wait a sixth wrong PIN doubles it.
    assert_eq!(
        refused(verify(&store, &kdf, &s, "经理老王", "1111", T0 + 30_000)),
        SignInError::Wait(60)
    );
    // After that wait the right PIN works and the count is cleared.
    assert!(verify(&store, &kdf, &s, "经理老王", "2468", T0 + 90_000).is_ok());
    let creds = block_on(access::credentials(&store)).unwrap();
    assert!(!creds.lockouts.contains_key("经理老王"));
    // A malformed PIN counts as a wrong one.
    assert_eq!(
        refused(verify(&store, &kdf, &s, "经理老王", "ab", T0 + 90_000)),
        SignInError::Wrong(4)
    );
}

#[test]
fn staff_without_a_pin_or_disabled_or_unknown_cannot_sign_in() {
    let (store, kdf) = (MemoryStore::new(), HostKdf::new());
    let mut s = set_up(&store, &kdf);
    assert_eq!(
        refused(verify(&store, &kdf, &s, "客服专员", "1234", T0)),
        SignInError::NoPin("客服专员".into())
    );
    assert_eq!(
        refused(verify(&store, &kdf, &s, "路人甲", "1234", T0)),
        SignInError::Unknown("路人甲".into())
    );
    s.staff[0].active = false;
    assert_eq!(
        refused(verify(&store, &kdf, &s, "经理老王", "2468", T0)),
        SignInError::Disabled("经理老王".into())
    );
}

#[test]
fn a_manager_sets_an_initial_pin_which_must_be_changed_at_first_sign_in() {
    let (store, kdf) = (MemoryStore::new(), HostKdf::new());
    let s = set_up(&store, &kdf);
    let manager = s.staff_named("经理老王").unwrap().clone();
    let desk = s.staff_named("客服专员").unwrap().clone();
    let t = at("2026-03-02 10:00");
    // Only a manager (or the GM) sets PINs.
    let r = block_on(access::set_initial_pin(
        &store,
        &kdf,
        &s,
        &desk,
        "处理人",
        "1357",
        t,
    ));
    assert!(matches!(r, Err(AccessError::NotAllowed(_))));
    block_on(access::set_initial_pin(
        &store,
        &kdf,
        &s,
        &manager,
        "客服专员",
        "1357",
        t,
    ))
    .unwrap();
    let v = verify(&store, &kdf, &s, "客服专员", "1357", T0).unwrap();
    assert!(v.must_change);
    // The new PIN must differ from the initial one and be typed twice alike.
    let same = block_on(access::change_own_pin(
        &store,
        &kdf,
        "客服专员",
        "1357",
        "1357",
        t,
    ));
    assert!(matches!(
        same,
        Err(AccessError::Pin(PinError::SameAsInitial))
    ));
    let differ = block_on(access::change_own_pin(
        &store,
        &kdf,
        "客服专员",
        "8642",
        "8643",
        t,
    ));
    assert!(matches!(differ, Err(AccessError::Pin(PinError::Mismatch))));
    block_on(access::change_own_pin(
        &store,
        &kdf,
        "客服专员",
        "8642",
        "8642",
        t,
    ))
    .unwrap();
    assert!(
        !verify(&store, &kdf, &s, "客服专员", "8642", T0)
            .unwrap()
            .must_change
    );
    assert!(verify(&store, &kdf, &s, "客服专员", "1357", T0).is_err());
    let changes: Vec<_> = block_on(access::audit(&store))
        .unwrap()
        .into_iter()
        .map(|e| (e.actor, e.change))
        .collect();
    assert_eq!(
        changes[1..],
        [
            (
                "经理老王".to_string(),
                AuditChange::PinReset {
                    name: "客服专员".into()
                }
            ),
            (
                "客服专员".to_string(),
                AuditChange::PinChanged {
                    name: "客服专员".into()
                }
            ),
        ]
    );
    // A second "first manager" is refused once any PIN exists.
    let again = block_on(access::first_manager(
        &store,
        &kdf,
        &s,
        "经理老王",
        "1111",
        t,
    ));
    assert!(matches!(again, Err(AccessError::NotAllowed(_))));
}

#[test]
fn an_older_database_trusts_one_manager_once() {
    let store = MemoryStore::new();
    let kdf = HostKdf::new();
    let mut s = Settings::new("SH01", "A");
    s.staff.retain(|m| m.role != Role::Manager);
    let t = at("2026-03-02 10:00");
    // A name on the list must be a manager's.
    let desk = block_on(access::first_manager(
        &store,
        &kdf,
        &s,
        "客服专员",
        "2468",
        t,
    ));
    assert!(matches!(desk, Err(AccessError::NotAllowed(_))));
    // A new name is added as a manager.
    let (s2, m) = block_on(access::first_manager(&store, &kdf, &s, "新经理", "2468", t)).unwrap();
    assert_eq!(m.role, Role::Manager);
    assert_eq!(
        s2.staff_named("新经理").map(|x| x.role),
        Some(Role::Manager)
    );
    assert!(verify(&store, &kdf, &s2, "新经理", "2468", T0).is_ok());
}

#[test]
fn the_audit_list_names_every_staff_change() {
    let before = vec![
        Staff::new("甲", Role::Desk),
        Staff::new("乙", Role::Handler),
        Staff {
            active: false,
            ..Staff::new("丙", Role::Handler)
        },
        Staff::new("丁", Role::Handler),
    ];
    let after = vec![
        Staff::new("甲", Role::Manager),
        Staff {
            active: false,
            ..Staff::new("乙", Role::Handler)
        },
        Staff::new("丙", Role::Handler),
        Staff::new("戊", Role::Desk),
    ];
    let texts: Vec<String> = staff_changes(&before, &after)
        .iter()
        .map(|c| c.text())
        .collect();
    assert_eq!(
        texts,
        [
            "甲 的角色由客服专员改为经理",
            "停用员工 乙",
            "重新启用员工 丙",
            "添加员工 戊（客服专员）",
            "从名单中删除员工 丁",
        ]
    );
    assert!(staff_changes(&before, &before).is_empty());
}

#[test]
fn no_export_carries_a_pin_record() {
    let desk = Desk::new();
    let kdf = HostKdf::new();
    let (store, settings) = (&desk.store, &desk.settings);
    let manager = desk.staff(Role::Manager).clone();
    let (_, m) = block_on(access::first_manager(
        store,
        &kdf,
        settings,
        &manager.name,
        "2468",
        at("2026-03-02 09:00"),
    ))
    .unwrap();
    block_on(access::set_initial_pin(
        store,
        &kdf,
        settings,
        &m,
        "前台小周",
        "1357",
        at("2026-03-02 09:01"),
    ))
    .unwrap();
    let form = IntakeForm {
        name: "张三".into(),
        phone: "13800138000".into(),
        project: "滨江华府".into(),
        content: "卫生间渗水".into(),
        category: "工程质量".into(),
        ..IntakeForm::with_defaults()
    };
    desk.register(&form, at("2026-03-02 10:00"));
    let creds = block_on(access::credentials(store)).unwrap();
    let secrets: Vec<String> = creds
        .pins
        .values()
        .flat_map(|r| [r.hash.clone(), r.salt.clone()])
        .collect();
    assert_eq!(secrets.len(), 4);
    for format in [ExportFormat::Json, ExportFormat::Ndjson] {
        for masked in [false, true] {
            let (text, n) = block_on(service::export_file(
                store,
                settings,
                at("2026-03-02 11:00"),
                format,
                masked,
            ))
            .unwrap();
            assert_eq!(n, 1);
            for secret in &secrets {
                assert!(
                    !text.contains(secret.as_str()),
                    "{format:?} masked={masked}"
                );
            }
            for word in ["\"pins\"", "must_change", "iterations", "lockouts"] {
                assert!(!text.contains(word), "{word} in {format:?} masked={masked}");
            }
        }
    }
}

#[test]
fn the_gm_is_asked_for_their_pin_exactly_where_only_the_gm_may_act() {
    for &a in Action::ALL {
        for sev in [Severity::General, Severity::Major] {
            assert_eq!(
                a.asks_gm_pin(sev),
                a.allowed_roles(sev) == [Role::Gm],
                "{a:?} {sev:?}"
            );
        }
    }
    assert!(Action::Approve.asks_gm_pin(Severity::Major));
    assert!(Action::Answer.asks_gm_pin(Severity::Major));
    assert!(!Action::Approve.asks_gm_pin(Severity::General));
    assert!(!Action::Dispatch.asks_gm_pin(Severity::Major));
}

#[test]
fn the_role_rules_hold_for_the_person_whose_pin_was_checked() {
    let (store, kdf) = (MemoryStore::new(), HostKdf::new());
    let s = set_up(&store, &kdf);
    let manager = s.staff_named("经理老王").unwrap().clone();
    block_on(access::set_initial_pin(
        &store,
        &kdf,
        &s,
        &manager,
        "总经理",
        "1357",
        at("2026-03-02 10:00"),
    ))
    .unwrap();
    // A manager's PIN does not pass as the GM's.
    let as_gm = |r: Role| r == Role::Gm;
    let m = verify(&store, &kdf, &s, "经理老王", "2468", T0).unwrap();
    assert!(matches!(
        m.require(as_gm, "须由总经理确认"),
        Err(AccessError::NotAllowed(_))
    ));
    let g = verify(&store, &kdf, &s, "总经理", "1357", T0).unwrap();
    assert_eq!(g.require(as_gm, "须由总经理确认").unwrap().name, "总经理");
    // The actor of an action is who signed in: the desk's approval of a plan is refused.
    let desk = Desk::new();
    let form = IntakeForm {
        name: "张三".into(),
        phone: "13800138000".into(),
        project: "滨江华府".into(),
        content: "卫生间渗水".into(),
        category: "工程质量".into(),
        ..IntakeForm::with_defaults()
    };
    let (c, _) = desk.register(&form, at("2026-03-02 10:00"));
    let walk = [
        (
            Role::Desk,
            EventData::Dispatch {
                handler: "李处理".into(),
            },
        ),
        (Role::Handler, EventData::Acknowledge),
        (
            Role::Handler,
            EventData::Investigate {
                findings: "渗水".into(),
                responsibility: "施工".into(),
            },
        ),
        (
            Role::Handler,
            EventData::Propose {
                plan: "维修".into(),
                expected_done: String::new(),
            },
        ),
    ];
    for (i, (role, data)) in walk.into_iter().enumerate() {
        desk.act(
            role,
            &c.number,
            at(&format!("2026-03-02 10:1{i}")),
            data,
            "",
        )
        .unwrap();
    }
    let r = desk.act(
        Role::Desk,
        &c.number,
        at("2026-03-02 11:00"),
        EventData::Approve,
        "",
    );
    assert!(matches!(r, Err(ServiceError::Workflow(_))));
    assert!(desk
        .act(
            Role::Manager,
            &c.number,
            at("2026-03-02 11:01"),
            EventData::Approve,
            ""
        )
        .is_ok());
}

#[test]
fn every_audit_entry_reads_back_as_written() {
    use complaint_desk::domain::access::AuditEntry;
    let n = || "甲".to_string();
    let all = vec![
        AuditChange::FirstManager { name: n() },
        AuditChange::Added {
            name: n(),
            role: Role::Handler,
        },
        AuditChange::RoleChanged {
            name: n(),
            from: Role::Desk,
            to: Role::Manager,
        },
        AuditChange::Disabled { name: n() },
        AuditChange::Enabled { name: n() },
        AuditChange::Removed { name: n() },
        AuditChange::PinReset { name: n() },
        AuditChange::PinChanged { name: n() },
        AuditChange::ReceptionStarted,
        AuditChange::ReceptionEnded,
        AuditChange::SettingsSuperseded { name: n() },
        AuditChange::SyncSet {
            name: "https://nas:6984".into(),
        },
        AuditChange::SyncOff,
    ];
    for change in all {
        let e = AuditEntry {
            at: at("2026-03-02 09:00"),
            actor: "经理老王".into(),
            change,
        };
        let json = serde_json::to_string(&e).unwrap();
        let back: AuditEntry = serde_json::from_str(&json).unwrap();
        assert_eq!(back, e, "{json}");
    }
    let unknown = r#"{"at":"2026-03-02T09:00:00+08:00","actor":"x","change":"lost"}"#;
    assert!(serde_json::from_str::<AuditEntry>(unknown).is_err());
    let no_role = r#"{"at":"2026-03-02T09:00:00+08:00","actor":"x","change":"added","name":"甲"}"#;
    assert!(serde_json::from_str::<AuditEntry>(no_role).is_err());
}

#[test]
fn saving_settings_records_the_staff_changes_by_whoever_saved() {
    let (store, kdf) = (MemoryStore::new(), HostKdf::new());
    let before = set_up(&store, &kdf);
    let manager = before.staff_named("经理老王").unwrap().clone();
    let mut after = before.clone();
    after.staff.push(Staff::new("新同事", Role::Desk));
    if let Some(h) = after.staff.iter_mut().find(|m| m.name == "处理人") {
        h.active = false;
    }
    let r = block_on(access::save_settings_by(
        &store,
        &manager,
        at("2026-03-02 11:00"),
        &before,
        &after,
        &|_| {},
    ));
    assert!(matches!(r, Ok(None)));
    let log: Vec<(String, String)> = block_on(access::audit(&store))
        .unwrap()
        .into_iter()
        .skip(1)
        .map(|e| (e.actor, e.change.text()))
        .collect();
    assert_eq!(
        log,
        [
            ("经理老王".to_string(), "停用员工 处理人".to_string()),
            (
                "经理老王".to_string(),
                "添加员工 新同事（客服专员）".to_string()
            ),
        ]
    );
    // Refused settings record nothing.
    let mut bad = after.clone();
    bad.office_code = "x".into();
    assert!(block_on(access::save_settings_by(
        &store,
        &manager,
        at("2026-03-02 11:05"),
        &after,
        &bad,
        &|_| {}
    ))
    .is_err());
    assert_eq!(block_on(access::audit(&store)).unwrap().len(), 3);
}
