//! The full backup through the service: its layout, the round trip with every file
//! byte-for-byte, and the refusals (damaged, missing, oversized) that write nothing.

use pollster::block_on;

use complaint_desk::domain::attachments::{sha256_hex, NewFile};
use complaint_desk::domain::case::EventData;
use complaint_desk::domain::exchange::{
    read_backup, read_zip, write_zip, BackupError, Manifest, ATTACHMENTS_DIR, EXPORT_ENTRY,
    MANIFEST_ENTRY, MAX_FILE_BYTES,
};
use complaint_desk::domain::intake::IntakeForm;
use complaint_desk::domain::vocabulary::Role;
use complaint_desk::service::{self, ServiceError};
use complaint_desk::store::memory::MemoryStore;
use complaint_desk::store::Store;

use crate::helpers::{cst, Desk};

fn file(name: &str, mime: &str, seed: u8, len: usize) -> NewFile {
    let bytes: Vec<u8> = (0..len)
        .map(|i| (i as u8).wrapping_mul(seed) ^ seed)
        .collect();
    NewFile {
        name: name.into(),
        mime: mime.into(),
        hash: sha256_hex(&bytes),
        bytes,
    }
}

fn form(name: &str) -> IntakeForm {
    IntakeForm {
        name: name.into(),
        phone: "13800138000".into(),
        project: "滨江华府".into(),
        building: "3栋".into(),
        content: "客厅墙面开裂".into(),
        category: "工程质量".into(),
        ..IntakeForm::with_defaults()
    }
}

/// A desk with two complaints: two photos and a PDF on the first, and one of the same
/// photos again on the second's later action.
fn desk_with_files() -> (Desk, Vec<NewFile>) {
    let desk = Desk::new();
    let files = vec![
        file("墙面.jpg", "image/jpeg", 3, 40_000),
        file("地面.jpg", "image/jpeg", 5, 30_000),
        file("来函.pdf", "application/pdf", 7, 5_000),
    ];
    let ctx = desk.ctx(Some(desk.staff(Role::Desk)), cst(2026, 3, 2, 9, 0));
    block_on(service::register_attaching(
        &desk.store,
        &ctx,
        &form("王芳"),
        &files,
    ))
    .unwrap();
    let (c, _) = desk.register(&form("李雷"), cst(2026, 3, 2, 9, 10));
    let ctx = desk.ctx(Some(desk.staff(Role::Desk)), cst(2026, 3, 2, 9, 20));
    let dispatch = EventData::Dispatch {
        handler: "李处理".into(),
    };
    block_on(service::act_attaching(
        &desk.store,
        &ctx,
        &c.number,
        Some(dispatch),
        "",
        &files[..1],
    ))
    .unwrap();
    (desk, files)
}

fn backup_of(desk: &Desk) -> (Vec<u8>, service::BackupReport) {
    let mut out = Vec::new();
    let report = block_on(service::export_backup(
        &desk.store,
        &desk.settings,
        cst(2026, 3, 2, 18, 0),
        &mut |part| out.extend(part),
    ))
    .unwrap();
    (out, report)
}

/// Writes a backup of `entries` in the order given (to make damaged ones).
fn rezip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    write_zip(&refs, cst(2026, 3, 2, 18, 0).naive_local()).unwrap()
}

fn entries_of(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    read_zip(zip)
        .unwrap()
        .into_iter()
        .map(|e| (e.name, e.data.to_vec()))
        .collect()
}

#[test]
fn the_backup_holds_the_export_and_each_file_once_under_its_hash() {
    let (desk, files) = desk_with_files();
    let (zip, report) = backup_of(&desk);
    assert_eq!((report.complaints, report.files, report.missing), (2, 3, 0));
    assert_eq!(report.bytes, zip.len() as u64);
    let entries = entries_of(&zip);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names[0], EXPORT_ENTRY);
    assert_eq!(*names.last().unwrap(), MANIFEST_ENTRY);
    let mut hashes: Vec<String> = files
        .iter()
        .map(|f| format!("{ATTACHMENTS_DIR}{}", f.hash))
        .collect();
    hashes.sort();
    assert_eq!(
        &names[1..4],
        hashes
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
    );
    for (name, data) in &entries[1..4] {
        assert_eq!(
            name.strip_prefix(ATTACHMENTS_DIR).unwrap(),
            sha256_hex(data)
        );
    }
    // The export inside is the JSON export, attachment records included.
    let (json, _) = block_on(service::export_file(
        &desk.store,
        &desk.settings,
        cst(2026, 3, 2, 18, 0),
        service::ExportFormat::Json,
        false,
    ))
    .unwrap();
    assert_eq!(entries[0].1, json.as_bytes());
    assert!(json.contains("\"action\":\"attach\""));
    assert!(json.contains(&files[2].hash));
    let manifest: Manifest = serde_json::from_slice(&entries[4].1).unwrap();
    assert_eq!(manifest, Manifest::new(3, vec![]));
}

#[test]
fn a_backup_restores_every_file_byte_for_byte_on_an_empty_device() {
    let (desk, files) = desk_with_files();
    let (zip, _) = backup_of(&desk);
    let other = MemoryStore::new();
    let (report, n) = block_on(service::import_backup(
        &other,
        &desk.settings,
        &zip,
        &|_, _| {},
    ))
    .unwrap();
    assert_eq!((report.total, report.added, n), (2, 2, 3));
    assert_eq!(
        other.file_count(),
        3,
        "the photo on both complaints is stored once"
    );
    for f in &files {
        let stored = block_on(other.get_file(&f.hash)).unwrap().unwrap();
        assert_eq!(stored.bytes, f.bytes);
        assert_eq!(stored.mime, f.mime);
    }
    assert_eq!(
        block_on(other.complaints()).unwrap(),
        block_on(desk.store.complaints()).unwrap()
    );
    // Importing it again changes nothing and stores nothing twice.
    let (report, _) = block_on(service::import_backup(
        &other,
        &desk.settings,
        &zip,
        &|_, _| {},
    ))
    .unwrap();
    assert_eq!(report.unchanged, 2);
    assert_eq!(other.file_count(), 3);
}

/// Imports `zip` into a device holding one complaint of its own; the refusal, and that
/// nothing changed.
fn refused(zip: &[u8]) -> ServiceError {
    let target = Desk::new();
    let (mine, _) = target.register(&form("韩梅"), cst(2026, 3, 1, 9, 0));
    let before = block_on(target.store.complaints()).unwrap();
    let e = block_on(service::import_backup(
        &target.store,
        &target.settings,
        zip,
        &|_, _| {},
    ))
    .unwrap_err();
    assert_eq!(block_on(target.store.complaints()).unwrap(), before);
    assert_eq!(target.store.file_count(), 0);
    assert!(target.stored(&mine.number).events.len() == 1);
    e
}

#[test]
fn a_damaged_file_refuses_the_whole_backup() {
    let (desk, _) = desk_with_files();
    let (zip, _) = backup_of(&desk);
    // A flipped byte in a photo: the ZIP's own CRC-32 tells.
    let mut flipped = zip.clone();
    let entries = entries_of(&zip);
    let photo = &entries[1].1;
    let at = zip.windows(64).position(|w| w == &photo[..64]).unwrap();
    flipped[at + 100] ^= 1;
    let e = refused(&flipped);
    assert!(
        matches!(e, ServiceError::Backup(BackupError::Zip(_))),
        "{e}"
    );
    // A file replaced by other bytes with a correct CRC (re-zipped): the SHA-256 tells.
    let mut swapped = entries.clone();
    swapped[1].1[10] ^= 1;
    let e = refused(&rezip(&swapped));
    assert!(
        matches!(e, ServiceError::Backup(BackupError::Damaged { .. })),
        "{e}"
    );
    assert!(e.to_string().contains("已损坏"), "{e}");
    // Cut short.
    let e = refused(&zip[..zip.len() / 2]);
    assert!(
        matches!(e, ServiceError::Backup(BackupError::Zip(_))),
        "{e}"
    );
    // A file shortened: its size no longer matches the record.
    let mut short = entries.clone();
    short[2].1.pop();
    let e = refused(&rezip(&short));
    assert!(
        matches!(e, ServiceError::Backup(BackupError::Damaged { .. })),
        "{e}"
    );
}

#[test]
fn a_missing_file_refuses_the_whole_backup() {
    let (desk, files) = desk_with_files();
    let (zip, _) = backup_of(&desk);
    let pdf = format!("{ATTACHMENTS_DIR}{}", files[2].hash);
    let without: Vec<_> = entries_of(&zip)
        .into_iter()
        .filter(|(n, _)| *n != pdf)
        .collect();
    let e = refused(&rezip(&without));
    let ServiceError::Backup(BackupError::Missing { name, .. }) = &e else {
        panic!("{e}");
    };
    assert_eq!(name, "来函.pdf");
    assert!(e.to_string().contains("缺少"), "{e}");
    // No export inside at all.
    let no_export: Vec<_> = entries_of(&zip)
        .into_iter()
        .filter(|(n, _)| n != EXPORT_ENTRY)
        .collect();
    let e = refused(&rezip(&no_export));
    assert!(
        matches!(e, ServiceError::Backup(BackupError::NoExport)),
        "{e}"
    );
    // A damaged export inside is refused as any import is.
    let mut bad_json = entries_of(&zip);
    bad_json[0].1.truncate(100);
    let e = refused(&rezip(&bad_json));
    assert!(
        matches!(e, ServiceError::Backup(BackupError::Import(_))),
        "{e}"
    );
}

#[test]
fn an_oversized_file_refuses_the_whole_backup() {
    let (desk, files) = desk_with_files();
    let (zip, _) = backup_of(&desk);
    // The record says the PDF is larger than any setting allows.
    let mut entries = entries_of(&zip);
    let json = String::from_utf8(entries[0].1.clone()).unwrap();
    let size = format!("\"size\":{}", files[2].bytes.len());
    assert!(json.contains(&size));
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for c in v["complaints"].as_array_mut().unwrap() {
        for e in c["events"].as_array_mut().unwrap() {
            if let Some(list) = e.get_mut("attachments") {
                for a in list.as_array_mut().unwrap() {
                    if a["name"] == "来函.pdf" {
                        a["size"] = (MAX_FILE_BYTES + 1).into();
                    }
                }
            }
        }
    }
    v.as_object_mut().unwrap().remove("checksum");
    entries[0].1 = serde_json::to_vec(&v).unwrap();
    let e = refused(&rezip(&entries));
    assert!(
        matches!(e, ServiceError::Backup(BackupError::Oversized { .. })),
        "{e}"
    );
    assert!(e.to_string().contains("超过 100 MB"), "{e}");
}

#[test]
fn files_the_exporting_device_never_had_are_listed_not_taken_for_damage() {
    // Head office imported an office's JSON export: attachment records without files.
    let (office, files) = desk_with_files();
    let (json, _) = block_on(service::export_json(
        &office.store,
        &office.settings,
        cst(2026, 3, 2, 18, 0),
    ))
    .unwrap();
    let head = Desk::new();
    block_on(service::import_json(
        &head.store,
        &head.settings,
        &json,
        &|_, _| {},
    ))
    .unwrap();
    assert_eq!(head.store.file_count(), 0);
    let (zip, report) = backup_of(&head);
    assert_eq!((report.files, report.missing), (0, 3));
    let manifest: Manifest = serde_json::from_slice(&entries_of(&zip).last().unwrap().1).unwrap();
    let mut want: Vec<String> = files.iter().map(|f| f.hash.clone()).collect();
    want.sort();
    assert_eq!(manifest.missing, want);
    // Its backup imports elsewhere: the complaints, with no file.
    let third = MemoryStore::new();
    let (r, n) = block_on(service::import_backup(
        &third,
        &head.settings,
        &zip,
        &|_, _| {},
    ))
    .unwrap();
    assert_eq!((r.added, n), (2, 0));
}

#[test]
fn a_version_1_file_without_attachments_still_imports_and_backs_up() {
    let desk = Desk::new();
    desk.register(&form("王芳"), cst(2026, 3, 2, 9, 0));
    let (json, _) = block_on(service::export_json(
        &desk.store,
        &desk.settings,
        cst(2026, 3, 2, 18, 0),
    ))
    .unwrap();
    // A file written before attachments (and buyers): no `attachments` in the settings,
    // no `buyers`, version 1.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["version"], 2);
    v["version"] = 1.into();
    v.as_object_mut().unwrap().remove("buyers");
    v["settings"].as_object_mut().unwrap().remove("attachments");
    // Written again through a map with sorted keys: the checksum no longer applies.
    v.as_object_mut().unwrap().remove("checksum");
    let old = serde_json::to_string(&v).unwrap();
    let other = MemoryStore::new();
    let r = block_on(service::import_json(
        &other,
        &desk.settings,
        &old,
        &|_, _| {},
    ))
    .unwrap();
    assert_eq!(r.added, 1);
    let parsed = read_backup(&backup_of(&desk).0).unwrap();
    assert_eq!(parsed.files.len(), 0);
    assert_eq!(parsed.imported.complaints.len(), 1);
}

/// The README's figure: the full backup of 1,000 complaints with 3 photos each. Files of
/// 1 KB stand in for the photos (the ZIP stores them as they are, so each real photo adds
/// exactly its size); run with `--ignored --nocapture` to print the parts.
#[test]
#[ignore = "a measurement for the README"]
fn backup_size_of_1000_complaints_with_3_photos_each() {
    let desk = Desk::new();
    for i in 0..1000u32 {
        let files: Vec<NewFile> = (0..3u32)
            .map(|k| {
                let mut bytes = vec![0u8; 1024];
                bytes[..4].copy_from_slice(&(i * 3 + k).to_le_bytes());
                NewFile {
                    name: format!("IMG_{:04}.jpg", i * 3 + k),
                    mime: "image/jpeg".into(),
                    hash: sha256_hex(&bytes),
                    bytes,
                }
            })
            .collect();
        let now = cst(2026, 3, 2, 9, 0) + chrono::Duration::minutes(i64::from(i));
        let ctx = desk.ctx(Some(desk.staff(Role::Desk)), now);
        block_on(service::register_attaching(
            &desk.store,
            &ctx,
            &form("王芳"),
            &files,
        ))
        .unwrap();
    }
    let (zip, report) = backup_of(&desk);
    let entries = entries_of(&zip);
    let json = entries[0].1.len();
    let overhead = zip.len() - json - 3000 * 1024 - entries.last().unwrap().1.len();
    println!(
        "complaints {}, files {}, export.json {json} bytes, ZIP headers {overhead} bytes, total with 1 KB files {}",
        report.complaints,
        report.files,
        zip.len()
    );
    assert_eq!(report.files, 3000);
}
