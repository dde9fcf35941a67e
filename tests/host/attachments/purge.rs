//! A manager's purge of removed attachments' files once a complaint is archived: which files
//! go (removed ones no other complaint refers to), who may purge and when, and that the
//! history only grows.

use pollster::block_on;

use complaint_desk::domain::attachments::{sha256_hex, NewFile};
use complaint_desk::domain::case::{EventData, Status, WorkflowError};
use complaint_desk::domain::exchange::referenced_files;
use complaint_desk::domain::intake::IntakeForm;
use complaint_desk::domain::vocabulary::Role;
use complaint_desk::service::{self, ServiceError};
use complaint_desk::store::Store;

use crate::helpers::{cst, Desk};

fn photo(seed: u8) -> NewFile {
    let bytes: Vec<u8> = (0..300).map(|i| (i as u8).wrapping_mul(seed)).collect();
    NewFile {
        name: format!("照片{seed}.jpg"),
        mime: "image/jpeg".into(),
        hash: sha256_hex(&bytes),
        bytes,
    }
}

fn form(content: &str) -> IntakeForm {
    IntakeForm {
        name: "王芳".into(),
        phone: "13800138000".into(),
        project: "滨江华府".into(),
        building: "3栋".into(),
        content: content.into(),
        category: "工程质量".into(),
        ..IntakeForm::with_defaults()
    }
}

/// Registers a complaint with `files` at 9:00 + `minute`; returns its number.
fn register(desk: &Desk, minute: u32, files: &[NewFile]) -> String {
    let ctx = desk.ctx(Some(desk.staff(Role::Desk)), cst(2026, 3, 2, 9, minute));
    let (c, _) = block_on(service::register_attaching(
        &desk.store,
        &ctx,
        &form("墙面开裂"),
        files,
    ))
    .unwrap();
    c.number
}

/// The id of the shown attachment stored under `hash`.
fn attachment_id(desk: &Desk, number: &str, hash: &str) -> String {
    let state = desk.stored(number).state().unwrap();
    state
        .attachments
        .iter()
        .find(|a| a.hash == hash)
        .expect("shown")
        .id
        .clone()
}

fn detach(desk: &Desk, number: &str, hash: &str, hour: u32) {
    let id = attachment_id(desk, number, hash);
    let ctx = desk.ctx(Some(desk.staff(Role::Desk)), cst(2026, 3, 2, hour, 0));
    block_on(service::detach(&desk.store, &ctx, number, &id, "拍错了")).unwrap();
}

/// Walks complaint `number` to archived on 2026-03-03.
fn archive(desk: &Desk, number: &str) {
    let handler = desk.staff(Role::Handler).name.clone();
    let steps = [
        (Role::Desk, EventData::Dispatch { handler }),
        (Role::Handler, EventData::Acknowledge),
        (
            Role::Handler,
            EventData::Investigate {
                findings: "渗水".into(),
                responsibility: "施工单位".into(),
            },
        ),
        (
            Role::Handler,
            EventData::Propose {
                plan: "维修".into(),
                expected_done: String::new(),
            },
        ),
        (Role::Manager, EventData::Approve),
        (
            Role::Handler,
            EventData::CarryOut {
                result: "已维修".into(),
            },
        ),
        (
            Role::Handler,
            EventData::Answer {
                reply: "已告知".into(),
            },
        ),
        (
            Role::Desk,
            EventData::Callback {
                score: 4,
                accepted: true,
            },
        ),
        (Role::Desk, EventData::Archive),
    ];
    for (i, (role, data)) in steps.into_iter().enumerate() {
        desk.act(role, number, cst(2026, 3, 3, 9, i as u32), data, "")
            .unwrap();
    }
}

fn purge(desk: &Desk, number: &str, role: Role) -> Result<Vec<String>, ServiceError> {
    let ctx = desk.ctx(Some(desk.staff(role)), cst(2026, 3, 4, 9, 0));
    block_on(service::purge_files(&desk.store, &ctx, number)).map(|(_, _, _, h)| h)
}

fn stored(desk: &Desk, hash: &str) -> bool {
    block_on(desk.store.get_file(hash)).unwrap().is_some()
}

#[test]
fn a_manager_purges_only_removed_files_no_other_complaint_needs() {
    let (a, b, c, d) = (photo(3), photo(5), photo(7), photo(9));
    for role in [Role::Manager, Role::Gm] {
        let desk = Desk::new();
        // This complaint: a and b removed, c kept; d attached twice, one of them removed.
        let n = register(&desk, 0, &[a.clone(), b.clone(), c.clone(), d.clone()]);
        let ctx = desk.ctx(Some(desk.staff(Role::Desk)), cst(2026, 3, 2, 9, 30));
        block_on(service::act_attaching(
            &desk.store,
            &ctx,
            &n,
            None,
            "",
            std::slice::from_ref(&d),
        ))
        .unwrap();
        detach(&desk, &n, &a.hash, 10);
        detach(&desk, &n, &b.hash, 11);
        detach(&desk, &n, &d.hash, 12);
        // Another complaint still shows b.
        let other = register(&desk, 1, std::slice::from_ref(&b));
        archive(&desk, &n);
        let before = desk.stored(&n);

        let gone = purge(&desk, &n, role).unwrap();
        assert_eq!(gone, vec![a.hash.clone()], "{role:?}");
        assert!(!stored(&desk, &a.hash));
        for kept in [&b, &c, &d] {
            assert!(stored(&desk, &kept.hash), "{}", kept.name);
        }
        // Append-only: one purge event after the history as it was; status unchanged.
        let after = desk.stored(&n);
        assert_eq!(&after.events[..before.events.len()], &before.events[..]);
        assert_eq!(after.events.len(), before.events.len() + 1);
        assert_eq!(
            after.events.last().unwrap().data,
            EventData::PurgeFiles {
                hashes: vec![a.hash.clone()]
            }
        );
        let state = after.state().unwrap();
        assert_eq!(state.status, Status::Archived);
        assert_eq!(state.attachments.len(), 2, "c and the second d still shown");
        assert_eq!(state.removed_files, vec![b.hash.clone(), d.hash.clone()]);
        // A backup no longer needs the purged file; it still carries every other.
        let refs = referenced_files(&block_on(desk.store.complaints()).unwrap());
        assert!(!refs.contains_key(&a.hash));
        for kept in [&b, &c, &d] {
            assert!(refs.contains_key(&kept.hash), "{}", kept.name);
        }
        // The other complaint's file is untouched, and nothing is left to purge here.
        assert_eq!(desk.stored(&other).state().unwrap().attachments.len(), 1);
        let e = purge(&desk, &n, role).unwrap_err();
        assert!(
            matches!(e, ServiceError::Workflow(WorkflowError::NothingToPurge(_))),
            "{e}"
        );
        assert_eq!(desk.stored(&n).events.len(), after.events.len());
    }
}

#[test]
fn a_file_removed_elsewhere_but_not_purged_there_is_kept() {
    let a = photo(11);
    let desk = Desk::new();
    let n = register(&desk, 0, std::slice::from_ref(&a));
    let other = register(&desk, 1, std::slice::from_ref(&a));
    detach(&desk, &n, &a.hash, 10);
    detach(&desk, &other, &a.hash, 11);
    archive(&desk, &n);
    // The other complaint removed it too but is not purged: it still refers to the file.
    assert!(matches!(
        purge(&desk, &n, Role::Manager).unwrap_err(),
        ServiceError::Workflow(WorkflowError::NothingToPurge(_))
    ));
    assert!(stored(&desk, &a.hash));
}

#[test]
fn purging_is_refused_before_archiving_and_to_other_roles() {
    let a = photo(13);
    let desk = Desk::new();
    let n = register(&desk, 0, std::slice::from_ref(&a));
    detach(&desk, &n, &a.hash, 10);
    // Not archived: refused for everyone, nothing deleted, nothing recorded.
    for role in [Role::Manager, Role::Gm, Role::Desk] {
        let e = purge(&desk, &n, role).unwrap_err();
        assert!(
            matches!(e, ServiceError::Workflow(WorkflowError::NotAllowed { .. })),
            "{role:?}: {e}"
        );
    }
    assert!(!desk.stored(&n).state().unwrap().offers_purge(Role::Manager));
    archive(&desk, &n);
    let state = desk.stored(&n).state().unwrap();
    assert!(state.offers_purge(Role::Manager) && state.offers_purge(Role::Gm));
    assert!(!state.offers_purge(Role::Desk) && !state.offers_purge(Role::Handler));
    let events = desk.stored(&n).events.len();
    for role in [Role::Desk, Role::Handler] {
        let e = purge(&desk, &n, role).unwrap_err();
        assert!(
            matches!(e, ServiceError::Workflow(WorkflowError::Forbidden { .. })),
            "{role:?}: {e}"
        );
        assert!(e.to_string().contains("经理"), "{e}");
    }
    assert!(stored(&desk, &a.hash));
    assert_eq!(desk.stored(&n).events.len(), events);
    // Archived, by a manager: the removed file goes.
    let state = desk.stored(&n).state().unwrap();
    assert!(state.purgeable(&Default::default()) == vec![a.hash.clone()]);
    assert_eq!(
        purge(&desk, &n, Role::Manager).unwrap(),
        vec![a.hash.clone()]
    );
    assert!(!stored(&desk, &a.hash));
    assert!(!desk.stored(&n).state().unwrap().offers_purge(Role::Manager));
}
