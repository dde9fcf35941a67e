//! What a file must pass before it is stored, the records an attach event keeps, and the
//! workflow of attach and detach events, through the service and the in-memory store.

use pollster::block_on;

use complaint_desk::domain::attachments::{
    check_file, check_room, is_sha256_hex, records, reduced_name, reduced_size, room, sha256_hex,
    size_text, treatment, usage_text, AttachError, NewFile, Room, Treatment, PHOTO_MAX_SIDE,
};
use complaint_desk::domain::case::{EventData, Status, WorkflowError};
use complaint_desk::domain::intake::IntakeForm;
use complaint_desk::domain::vocabulary::{AttachmentLimits, Role, Settings};
use complaint_desk::service::{self, ServiceError};
use complaint_desk::store::{Store, StoreError};

use crate::helpers::{cst, Desk};

/// FIPS 180-4 test vectors, the padding's edge cases (55, 56 and 64 bytes) included.
#[test]
fn sha256_matches_the_standard_vectors() {
    let million_a = vec![b'a'; 1_000_000];
    let cases: &[(&[u8], &str)] = &[
        (
            b"",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
        (
            b"abc",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ),
        (
            b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        ),
        (
            &[b'a'; 55],
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
        ),
        (
            &[b'a'; 56],
            "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
        ),
        (
            &[b'a'; 64],
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
        ),
        (
            &million_a,
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
        ),
    ];
    for (data, want) in cases {
        assert_eq!(sha256_hex(data), *want, "{} bytes", data.len());
        assert!(is_sha256_hex(want));
    }
    assert!(!is_sha256_hex("ABC"));
    assert!(!is_sha256_hex(&"A".repeat(64)));
}

#[test]
fn photos_are_reduced_to_their_longest_side_and_documents_kept() {
    let sizes = [
        ((4000, 3000), (1600, 1200)), // a 12-megapixel photo
        ((3000, 4000), (1200, 1600)), // upright
        ((1600, 900), (1600, 900)),   // already small enough
        ((800, 600), (800, 600)),     // never enlarged
        ((10000, 10), (1600, 2)),
        ((100000, 1), (1600, 1)), // never below one pixel
    ];
    for ((w, h), want) in sizes {
        assert_eq!(reduced_size(w, h, PHOTO_MAX_SIDE), want, "{w}x{h}");
    }
    let kinds = [
        ("image/jpeg", Treatment::Reduce),
        ("image/png", Treatment::Reduce),
        ("image/webp", Treatment::Reduce),
        ("image/gif", Treatment::Keep),
        ("image/svg+xml", Treatment::Keep),
        ("application/pdf", Treatment::Keep),
        ("", Treatment::Keep),
    ];
    for (mime, want) in kinds {
        assert_eq!(treatment(mime), want, "{mime}");
    }
    assert_eq!(reduced_name("墙面裂缝.PNG"), "墙面裂缝.jpg");
    assert_eq!(reduced_name("IMG_0001.heic.jpeg"), "IMG_0001.heic.jpg");
    assert_eq!(reduced_name("照片"), "照片.jpg");
    assert_eq!(reduced_name(".hidden"), ".hidden.jpg");
}

#[test]
fn documents_above_the_limit_are_refused_in_chinese() {
    let limits = AttachmentLimits::default();
    let mb = 1_048_576;
    let cases = [
        (10 * mb, Treatment::Keep, true),
        (10 * mb + 1, Treatment::Keep, false),
        // A reduced photo is not held to the document limit (it is small by construction).
        (12 * mb, Treatment::Reduce, true),
        (0, Treatment::Keep, false),
        (0, Treatment::Reduce, false),
    ];
    for (size, t, ok) in cases {
        assert_eq!(
            check_file("来函.pdf", size, t, &limits).is_ok(),
            ok,
            "{size} {t:?}"
        );
    }
    let e = check_file("来函.pdf", 12 * mb + 300_000, Treatment::Keep, &limits).unwrap_err();
    assert_eq!(
        e.to_string(),
        "文件「来函.pdf」有 12.3 MB，超过单个文件 10 MB 的上限，未保存。请压缩或拆分后再附上。"
    );
    let raised = AttachmentLimits {
        max_document_mb: 20,
        ..AttachmentLimits::default()
    };
    assert!(check_file("来函.pdf", 12 * mb, Treatment::Keep, &raised).is_ok());
    // The setting's own range.
    for (limit, ok) in [(0, false), (1, true), (100, true), (101, false)] {
        let l = AttachmentLimits {
            max_document_mb: limit,
            ..AttachmentLimits::default()
        };
        assert_eq!(l.validate().is_ok(), ok, "{limit}");
        let mut s = Settings::new("SH01", "A");
        s.attachments = l;
        assert_eq!(s.validate().is_ok(), ok, "{limit}");
    }
}

#[test]
fn sizes_and_storage_are_written_for_people() {
    for (bytes, want) in [
        (1, "1 KB"),
        (1024, "1 KB"),
        (350_000, "342 KB"),
        (1_048_576, "1.0 MB"),
        (12_900_000, "12.3 MB"),
    ] {
        assert_eq!(size_text(bytes), want, "{bytes}");
    }
    assert_eq!(
        usage_text(50 * 1_048_576, 1000 * 1_048_576),
        "已用 50.0 MB，浏览器允许 1000.0 MB（5.0%）"
    );
    assert_eq!(usage_text(2048, 0), "已用 2 KB（浏览器未提供上限）");
}

#[test]
fn the_room_left_warns_before_an_attach_fails() {
    let cases = [
        (0, 0, 10_000_000, Room::Plenty), // the browser does not say
        (100, 1000, 100, Room::Plenty),
        (800, 1000, 100, Room::Plenty), // exactly 90 %
        (800, 1000, 101, Room::Near),
        (950, 1000, 50, Room::Near),
        (950, 1000, 51, Room::Full),
        (u64::MAX, 1000, 1, Room::Full),
    ];
    for (used, quota, incoming, want) in cases {
        assert_eq!(
            room(used, quota, incoming),
            want,
            "{used}/{quota}+{incoming}"
        );
    }
    let e = check_room(950 * 1024, 1000 * 1024, 400 * 1024).unwrap_err();
    assert!(matches!(e, AttachError::NoRoom { .. }));
    assert!(e.to_string().starts_with("本设备的存储空间即将用完"), "{e}");
}

fn photo(seed: u8, len: usize) -> NewFile {
    let bytes: Vec<u8> = (0..len).map(|i| (i as u8).wrapping_mul(seed)).collect();
    NewFile {
        name: format!("照片{seed}.jpg"),
        mime: "image/jpeg".into(),
        hash: sha256_hex(&bytes),
        bytes,
    }
}

fn pdf() -> NewFile {
    let bytes = b"%PDF-1.4\n% a letter\n".to_vec();
    NewFile {
        name: "来函.pdf".into(),
        mime: "application/pdf".into(),
        hash: sha256_hex(&bytes),
        bytes,
    }
}

fn form() -> IntakeForm {
    IntakeForm {
        name: "王芳".into(),
        phone: "13800138000".into(),
        project: "滨江华府".into(),
        building: "3栋".into(),
        content: "客厅墙面开裂".into(),
        category: "工程质量".into(),
        ..IntakeForm::with_defaults()
    }
}

#[test]
fn records_name_each_file_by_the_event_that_attaches_it() {
    let files = [photo(3, 10), pdf()];
    let r = records("SH01-A-19aac0d1e2f-7", &files);
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].id, "SH01-A-19aac0d1e2f-7-1");
    assert_eq!(r[1].id, "SH01-A-19aac0d1e2f-7-2");
    assert_eq!(
        (r[1].name.as_str(), r[1].mime.as_str()),
        ("来函.pdf", "application/pdf")
    );
    assert_eq!(r[1].size, files[1].bytes.len() as u64);
    assert_eq!(r[1].hash, files[1].hash);
    assert!(r[0].is_photo() && !r[1].is_photo());
    // As the event writes it: `type`, not `mime`.
    let v = serde_json::to_value(&r[1]).unwrap();
    assert_eq!(v["type"], "application/pdf");
    assert!(v.get("mime").is_none());
}

#[test]
fn files_attached_at_registration_are_stored_with_the_complaint() {
    let desk = Desk::new();
    let ctx = desk.ctx(Some(desk.staff(Role::Desk)), cst(2026, 3, 2, 9, 0));
    let files = [photo(3, 5000), photo(5, 4000), pdf()];
    let (c, summary) = block_on(service::register_attaching(
        &desk.store,
        &ctx,
        &form(),
        &files,
    ))
    .unwrap();
    assert_eq!(c.events.len(), 2);
    let EventData::Attach { attachments } = &c.events[1].data else {
        panic!("an attach event follows the registration");
    };
    assert_eq!(attachments.len(), 3);
    assert_eq!(c.events[1].at, c.events[0].at);
    assert_ne!(c.events[1].id, c.events[0].id);
    let state = c.state().unwrap();
    assert_eq!(state.status, Status::Registered);
    assert_eq!(state.attachments.len(), 3);
    assert_eq!(summary.status, Status::Registered);
    for f in &files {
        let stored = block_on(desk.store.get_file(&f.hash)).unwrap().unwrap();
        assert_eq!(stored.bytes, f.bytes);
        assert_eq!(stored.mime, f.mime);
    }
    assert_eq!(desk.store.file_count(), 3);
    // The same photo attached again, to another complaint, is stored once.
    let ctx = desk.ctx(Some(desk.staff(Role::Desk)), cst(2026, 3, 2, 9, 5));
    block_on(service::register_attaching(
        &desk.store,
        &ctx,
        &form(),
        &files[..1],
    ))
    .unwrap();
    assert_eq!(desk.store.file_count(), 3);
}

#[test]
fn a_refused_action_or_registration_stores_no_file() {
    let desk = Desk::new();
    let (c, _) = desk.register(&form(), cst(2026, 3, 2, 9, 0));
    // Approving a plan that was never proposed: refused, and the photo is not stored.
    let ctx = desk.ctx(Some(desk.staff(Role::Manager)), cst(2026, 3, 2, 9, 10));
    let files = [photo(7, 300)];
    let e = block_on(service::act_attaching(
        &desk.store,
        &ctx,
        &c.number,
        Some(EventData::Approve),
        "",
        &files,
    ))
    .unwrap_err();
    assert!(
        matches!(e, ServiceError::Workflow(WorkflowError::NotAllowed { .. })),
        "{e}"
    );
    assert_eq!(desk.store.file_count(), 0);
    assert_eq!(desk.stored(&c.number).events.len(), 1);
    // A form with errors: nothing registered, nothing stored.
    let ctx = desk.ctx(Some(desk.staff(Role::Desk)), cst(2026, 3, 2, 9, 20));
    let bad = IntakeForm {
        content: String::new(),
        ..form()
    };
    let e = block_on(service::register_attaching(&desk.store, &ctx, &bad, &files)).unwrap_err();
    assert!(matches!(e, ServiceError::Form(_)));
    assert_eq!(desk.store.file_count(), 0);
    assert_eq!(block_on(desk.store.count()).unwrap(), 1);
}

#[test]
fn a_full_storage_writes_neither_the_event_nor_the_file() {
    let desk = Desk::new();
    let (c, _) = desk.register(&form(), cst(2026, 3, 2, 9, 0));
    desk.store.fill_up();
    let ctx = desk.ctx(Some(desk.staff(Role::Desk)), cst(2026, 3, 2, 9, 10));
    let e = block_on(service::act_attaching(
        &desk.store,
        &ctx,
        &c.number,
        None,
        "现场照片",
        &[photo(9, 100)],
    ))
    .unwrap_err();
    assert!(
        matches!(e, ServiceError::Store(StoreError::Full { .. })),
        "{e}"
    );
    assert!(e.to_string().contains("存储空间已满"), "{e}");
    assert_eq!(desk.stored(&c.number).events.len(), 1);
    assert_eq!(desk.store.file_count(), 0);
}

#[test]
fn files_come_with_later_actions_and_removing_one_hides_it() {
    let desk = Desk::new();
    let (c, _) = desk.register(&form(), cst(2026, 3, 2, 9, 0));
    let n = &c.number;
    // With the dispatch: the action, then the attach event.
    let ctx = desk.ctx(Some(desk.staff(Role::Desk)), cst(2026, 3, 2, 9, 10));
    let dispatch = EventData::Dispatch {
        handler: "李处理".into(),
    };
    let (c2, state, _) = block_on(service::act_attaching(
        &desk.store,
        &ctx,
        n,
        Some(dispatch),
        "请尽快",
        &[photo(11, 64), pdf()],
    ))
    .unwrap();
    assert_eq!(state.status, Status::Dispatched);
    assert_eq!(c2.events.len(), 3);
    assert_eq!(c2.events[1].note, "请尽快");
    assert_eq!(c2.events[2].note, "", "the remark stays with the action");
    assert_eq!(state.attachments.len(), 2);
    // Files only, no action: the remark goes with them.
    let ctx = desk.ctx(Some(desk.staff(Role::Handler)), cst(2026, 3, 2, 9, 20));
    let (c3, state, _) = block_on(service::act_attaching(
        &desk.store,
        &ctx,
        n,
        None,
        "补充现场照片",
        &[photo(13, 64)],
    ))
    .unwrap();
    assert_eq!(c3.events.last().unwrap().note, "补充现场照片");
    assert_eq!(state.status, Status::Dispatched);
    assert_eq!(state.attachments.len(), 3);
    // Nothing to attach and no action: refused.
    let ctx = desk.ctx(Some(desk.staff(Role::Handler)), cst(2026, 3, 2, 9, 25));
    assert!(block_on(service::act_attaching(&desk.store, &ctx, n, None, "", &[])).is_err());
    // Removing one: a new event; the history keeps the attach event and the file stays.
    let gone = state.attachments[0].clone();
    let ctx = desk.ctx(Some(desk.staff(Role::Desk)), cst(2026, 3, 2, 9, 30));
    let (c4, state, _) =
        block_on(service::detach(&desk.store, &ctx, n, &gone.id, "拍错了")).unwrap();
    assert_eq!(state.attachments.len(), 2);
    assert!(state.attachments.iter().all(|a| a.id != gone.id));
    assert_eq!(state.detached, vec![gone.id.clone()]);
    assert_eq!(c4.events.len(), c3.events.len() + 1);
    assert_eq!(&c4.events[..c3.events.len()], &c3.events[..]);
    assert!(block_on(desk.store.get_file(&gone.hash)).unwrap().is_some());
    // Removing it again, or an unknown one: refused.
    for id in [gone.id.as_str(), "SH01-A-1-1-9"] {
        let ctx = desk.ctx(Some(desk.staff(Role::Desk)), cst(2026, 3, 2, 9, 40));
        let e = block_on(service::detach(&desk.store, &ctx, n, id, "")).unwrap_err();
        assert!(
            matches!(
                e,
                ServiceError::Workflow(WorkflowError::NoSuchAttachment(_))
            ),
            "{e}"
        );
    }
}

#[test]
fn a_closed_complaint_takes_a_late_letter_and_keeps_its_closing_date() {
    let desk = Desk::new();
    let (c, _) = desk.register(&form(), cst(2026, 3, 2, 9, 0));
    desk.act(
        Role::Desk,
        &c.number,
        cst(2026, 3, 2, 9, 5),
        EventData::Cancel,
        "重复登记",
    )
    .unwrap();
    let closed_at = desk.stored(&c.number).state().unwrap().closed_at;
    assert!(closed_at.is_some());
    let ctx = desk.ctx(Some(desk.staff(Role::Desk)), cst(2026, 3, 3, 10, 0));
    let (_, state, _) = block_on(service::act_attaching(
        &desk.store,
        &ctx,
        &c.number,
        None,
        "客户来函",
        &[pdf()],
    ))
    .unwrap();
    assert_eq!(state.status, Status::Cancelled);
    assert_eq!(state.closed_at, closed_at);
}

#[test]
fn attach_events_are_checked_on_replay() {
    let desk = Desk::new();
    let ctx = desk.ctx(Some(desk.staff(Role::Desk)), cst(2026, 3, 2, 9, 0));
    let (c, _) = block_on(service::register_attaching(
        &desk.store,
        &ctx,
        &form(),
        &[photo(1, 9)],
    ))
    .unwrap();
    let attach = c.events[1].clone();
    let with = |data: EventData| {
        let mut c = c.clone();
        let mut e = attach.clone();
        e.id = format!("{}9", e.id);
        e.data = data;
        c.events.push(e);
        c.state()
    };
    let EventData::Attach { attachments } = &attach.data else {
        unreachable!()
    };
    // The same attachment id twice in one complaint.
    let e = with(attach.data.clone()).unwrap_err();
    assert!(matches!(e, WorkflowError::DuplicateAttachment(_)), "{e}");
    // No file, or a record without a proper address.
    let e = with(EventData::Attach {
        attachments: vec![],
    })
    .unwrap_err();
    assert!(matches!(e, WorkflowError::BadAttachment(_)), "{e}");
    let mut bad = attachments[0].clone();
    bad.id = "other".into();
    bad.hash = "not-a-hash".into();
    let e = with(EventData::Attach {
        attachments: vec![bad],
    })
    .unwrap_err();
    assert!(matches!(e, WorkflowError::BadAttachment(_)), "{e}");
}

#[test]
fn the_printed_form_lists_the_attachments_shown() {
    use complaint_desk::domain::print::attachment_list;
    let desk = Desk::new();
    let ctx = desk.ctx(Some(desk.staff(Role::Desk)), cst(2026, 3, 2, 9, 0));
    let files = [photo(3, 350_000), pdf()];
    let (c, _) = block_on(service::register_attaching(
        &desk.store,
        &ctx,
        &form(),
        &files,
    ))
    .unwrap();
    let state = c.state().unwrap();
    assert_eq!(
        attachment_list(&state),
        "照片3.jpg（照片，342 KB）；来函.pdf（文件，1 KB）"
    );
    let ctx = desk.ctx(Some(desk.staff(Role::Desk)), cst(2026, 3, 2, 9, 5));
    let id = state.attachments[0].id.clone();
    let (_, state, _) = block_on(service::detach(&desk.store, &ctx, &c.number, &id, "")).unwrap();
    assert_eq!(attachment_list(&state), "来函.pdf（文件，1 KB）");
}
