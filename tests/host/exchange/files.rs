//! Issue 4, exchange files and head-office consolidation: merging two devices' histories of
//! one complaint, the file checksum, masked exports, the NDJSON variant and the CSV for Excel.
//! Every expected value is written out by hand.

use chrono::{DateTime, FixedOffset};

use complaint_desk::domain::case::{Complaint, Event, EventData, Status};
use complaint_desk::domain::exchange::{
    self, checksum, checksum_of, complaints_array, mask_complaint, mask_export, mask_summary,
    merge_histories, office_of, parse_ndjson, summaries_csv, to_ndjson, verify, ExportFile,
    MergeError, NdjsonError, Outcome,
};
use complaint_desk::domain::queue::Summary;
use complaint_desk::domain::vocabulary::{
    Channel, CustomerType, EscalationLevel, Intake, Kind, Mood, Role, Settings, Severity, Staff,
    Stage,
};

use crate::helpers;

// ---------------------------------------------------------------------------------------
// Fixtures.
// ---------------------------------------------------------------------------------------

const NUMBER: &str = "SH01-A-20261122-0001";

fn cst(d: u32, h: u32, min: u32) -> DateTime<FixedOffset> {
    helpers::cst(2026, 11, d, h, min)
}

fn settings() -> Settings {
    let mut s = Settings::new("SH01", "A");
    s.staff = vec![
        Staff::new("前台小周", Role::Desk),
        Staff::new("李处理", Role::Handler),
        Staff::new("经理老王", Role::Manager),
    ];
    s
}

fn intake(name: &str, phone: &str) -> Intake {
    Intake {
        customer_name: name.into(),
        phone: phone.into(),
        customer_type: CustomerType::Owner,
        project: "滨江华府".into(),
        building: "3栋".into(),
        unit: "1202".into(),
        event_time: String::new(),
        event_place: String::new(),
        content: "卫生间渗水，楼下天花板有水渍".into(),
        desired_remedy: "尽快维修".into(),
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

/// An event at 2026-11-22 `h:min`, by the staff member of `role`.
fn ev(id: &str, h: u32, min: u32, role: Role, note: &str, data: EventData) -> Event {
    let actor = match role {
        Role::Desk => "前台小周",
        Role::Handler => "李处理",
        Role::Manager => "经理老王",
        _ => "系统",
    };
    Event {
        id: id.into(),
        at: cst(22, h, min),
        actor: actor.into(),
        role,
        note: note.into(),
        data,
    }
}

fn ack(id: &str, h: u32, min: u32) -> Event {
    ev(id, h, min, Role::Handler, "", EventData::Acknowledge)
}

fn follow_up(id: &str, h: u32, min: u32, note: &str) -> Event {
    ev(id, h, min, Role::Desk, note, EventData::FollowUp)
}

/// Registered on device A at 10:00 and dispatched at 10:20: what both devices hold after
/// the first exchange.
fn base() -> Complaint {
    let mut c = Complaint::register(
        NUMBER.into(),
        "SH01".into(),
        intake("王芳", "13812345678"),
        "SH01-A-1-1".into(),
        cst(22, 10, 0),
        "前台小周",
        Role::Desk,
    );
    c.append(ev(
        "SH01-A-2-2",
        10,
        20,
        Role::Desk,
        "",
        EventData::Dispatch {
            handler: "李处理".into(),
        },
    ))
    .unwrap();
    c
}

fn with(mut c: Complaint, events: Vec<Event>) -> Complaint {
    for e in events {
        c.append(e).unwrap();
    }
    c
}

fn ids(c: &Complaint) -> Vec<&str> {
    c.events.iter().map(|e| e.id.as_str()).collect()
}

/// Device A acknowledged and investigated; device B (the desk) told the customer twice.
fn device_a() -> Complaint {
    with(
        base(),
        vec![
            ack("SH01-A-3-3", 10, 30),
            ev(
                "SH01-A-5-5",
                11,
                0,
                Role::Handler,
                "",
                EventData::Investigate {
                    findings: "防水层破损".into(),
                    responsibility: "施工单位".into(),
                },
            ),
        ],
    )
}

fn device_b() -> Complaint {
    with(
        base(),
        vec![
            follow_up("SH01-B-1-1", 10, 40, "已告知客户今天安排人员查看"),
            follow_up("SH01-B-2-2", 11, 30, "已告知客户调查结果"),
        ],
    )
}

// ---------------------------------------------------------------------------------------
// Merge.
// ---------------------------------------------------------------------------------------

#[test]
fn two_devices_edits_are_merged_in_time_order() {
    let m = merge_histories(&device_a(), &device_b()).unwrap();
    assert_eq!(
        m.outcome,
        Outcome::Union {
            added_events: 2,
            conflict: false
        }
    );
    assert_eq!(
        ids(&m.complaint),
        [
            "SH01-A-1-1",
            "SH01-A-2-2",
            "SH01-A-3-3",
            "SH01-B-1-1",
            "SH01-A-5-5",
            "SH01-B-2-2"
        ]
    );
    assert_eq!(m.complaint.number, NUMBER);
    assert_eq!(m.complaint.office, "SH01");
    assert_eq!(m.state.status, Status::Investigating);
    assert_eq!(m.state.updated_at, cst(22, 11, 30));
    assert_eq!(m.state.findings.as_deref(), Some("防水层破损"));
    assert!(m.outcome.changes_ours());

    // Device B merging A's copy arrives at the same history.
    let other = merge_histories(&device_b(), &device_a()).unwrap();
    assert_eq!(
        other.outcome,
        Outcome::Union {
            added_events: 2,
            conflict: false
        }
    );
    assert_eq!(other.complaint, m.complaint);
    assert_eq!(other.state, m.state);
}

#[test]
fn merging_again_changes_nothing() {
    let merged = merge_histories(&device_a(), &device_b()).unwrap().complaint;
    let again = merge_histories(&merged, &merged).unwrap();
    assert_eq!(again.outcome, Outcome::Unchanged);
    assert!(!again.outcome.changes_ours());
    assert_eq!(again.complaint, merged);
    // The merged copy holds everything either device had.
    for old in [device_a(), device_b()] {
        let m = merge_histories(&merged, &old).unwrap();
        assert_eq!(m.outcome, Outcome::OursNewer);
        assert_eq!(m.complaint, merged);
        let m = merge_histories(&old, &merged).unwrap();
        assert_eq!(m.outcome, Outcome::TheirsNewer);
        assert_eq!(m.complaint, merged);
    }
}

#[test]
fn a_prefix_is_an_older_copy() {
    let old = base();
    let new = with(base(), vec![ack("SH01-A-3-3", 10, 30)]);
    let m = merge_histories(&old, &new).unwrap();
    assert_eq!(m.outcome, Outcome::TheirsNewer);
    assert_eq!(m.complaint, new);
    assert_eq!(m.state.status, Status::Acknowledged);

    let m = merge_histories(&new, &old).unwrap();
    assert_eq!(m.outcome, Outcome::OursNewer);
    assert_eq!(m.complaint, new);

    let m = merge_histories(&old, &old).unwrap();
    assert_eq!(m.outcome, Outcome::Unchanged);
    assert_eq!(m.state.status, Status::Dispatched);
}

#[test]
fn every_prefix_of_many_histories_is_an_older_copy() {
    let s = settings();
    let all = complaint_desk::domain::synthetic::generate(&s, 60, 1, 30, cst(23, 9, 0), 11);
    let mut events = 0;
    for c in &all {
        let whole = c.state().unwrap();
        for k in 1..=c.events.len() {
            let mut p = c.clone();
            p.events.truncate(k);
            let (newer, older) = if k == c.events.len() {
                (Outcome::Unchanged, Outcome::Unchanged)
            } else {
                (Outcome::TheirsNewer, Outcome::OursNewer)
            };
            let m = merge_histories(&p, c).unwrap();
            assert_eq!((m.outcome, &m.complaint), (newer, c));
            assert_eq!(m.state, whole);
            let m = merge_histories(c, &p).unwrap();
            assert_eq!((m.outcome, &m.complaint), (older, c));
            events += 1;
        }
    }
    assert!(events > 300, "{events}");
}

#[test]
fn events_at_the_same_time_go_by_id_whichever_merges() {
    let a = with(base(), vec![follow_up("SH01-A-9-9", 10, 40, "电话告知")]);
    let b = with(base(), vec![follow_up("SH01-B-1-1", 10, 40, "短信告知")]);
    for m in [
        merge_histories(&a, &b).unwrap(),
        merge_histories(&b, &a).unwrap(),
    ] {
        assert_eq!(
            m.outcome,
            Outcome::Union {
                added_events: 1,
                conflict: false
            }
        );
        assert_eq!(
            ids(&m.complaint),
            ["SH01-A-1-1", "SH01-A-2-2", "SH01-A-9-9", "SH01-B-1-1"]
        );
    }
}

#[test]
fn one_copys_own_order_is_kept_at_equal_times() {
    // Two follow-ups in the same minute on device A; `SH01-A-10-10` sorts before
    // `SH01-A-9-9` as text but was recorded after it, and stays after it.
    let a = with(
        base(),
        vec![
            follow_up("SH01-A-9-9", 10, 40, "电话告知"),
            follow_up("SH01-A-10-10", 10, 40, "短信告知"),
        ],
    );
    let b = with(base(), vec![follow_up("SH01-B-1-1", 10, 40, "微信告知")]);
    for m in [
        merge_histories(&a, &b).unwrap(),
        merge_histories(&b, &a).unwrap(),
    ] {
        assert_eq!(
            ids(&m.complaint)[2..],
            ["SH01-A-9-9", "SH01-A-10-10", "SH01-B-1-1"]
        );
    }
    let m = merge_histories(&base(), &a).unwrap();
    assert_eq!(m.outcome, Outcome::TheirsNewer);
    assert_eq!(m.complaint, a);
}

#[test]
fn the_same_event_id_with_different_content_is_refused() {
    let ours = device_a();
    let mut theirs = device_a();
    theirs.events[1].note = "改过的备注".into();
    let err = merge_histories(&ours, &theirs).unwrap_err();
    assert_eq!(
        err,
        MergeError::Conflict {
            number: NUMBER.into(),
            event_id: "SH01-A-2-2".into(),
        }
    );
    assert_eq!(
        err.to_string(),
        "投诉 SH01-A-20261122-0001 的处理记录 SH01-A-2-2 在本机和文件中内容不同，无法合并"
    );
}

#[test]
fn a_union_that_breaks_the_workflow_is_kept_with_a_conflict_marker() {
    // Both devices' handlers acknowledged: the second acknowledgement is set aside.
    let ours = with(base(), vec![ack("SH01-A-3-3", 10, 30)]);
    let theirs = with(base(), vec![ack("SH01-B-1-1", 10, 35)]);
    let m = merge_histories(&ours, &theirs).unwrap();
    assert_eq!(
        m.outcome,
        Outcome::Union {
            added_events: 2,
            conflict: true
        }
    );
    assert_eq!(m.state.status, Status::Acknowledged);
    assert_eq!(m.state.conflict, ["SH01-B-1-1"]);
    assert_eq!(m.state.conflict_applied, ["SH01-A-3-3"]);
    let marker = &m.complaint.events[4];
    assert_eq!(
        marker.data,
        EventData::Conflict {
            set_aside: vec!["SH01-B-1-1".into()],
            applied: vec!["SH01-A-3-3".into()],
        }
    );
    assert_eq!((marker.actor.as_str(), marker.role), ("系统", Role::System));
    assert_eq!(marker.at, cst(22, 10, 35));

    // One device cancelled, the other went on: nothing may follow a cancellation.
    let ours = with(
        base(),
        vec![ev(
            "SH01-A-3-3",
            10,
            30,
            Role::Desk,
            "无效投诉",
            EventData::Cancel,
        )],
    );
    let theirs = with(base(), vec![ack("SH01-B-1-1", 10, 45)]);
    let m = merge_histories(&ours, &theirs).unwrap();
    assert_eq!(m.state.status, Status::Cancelled);
    assert_eq!(m.state.conflict, ["SH01-B-1-1"]);
    assert_eq!(
        ids(&m.complaint)[..5],
        [
            "SH01-A-1-1",
            "SH01-A-2-2",
            "SH01-A-3-3",
            "SH01-B-1-1",
            &m.complaint.events[4].id
        ]
    );
}

#[test]
fn a_copy_broken_by_itself_is_still_refused() {
    // Their copy acknowledges twice: not an edit of two devices but a damaged record.
    let ours = with(base(), vec![follow_up("SH01-A-3-3", 10, 30, "电话告知")]);
    let mut theirs = with(base(), vec![ack("SH01-B-1-1", 10, 35)]);
    theirs.events.push(ack("SH01-B-2-2", 10, 40));
    let err = merge_histories(&ours, &theirs).unwrap_err();
    assert_eq!(
        err,
        MergeError::BadHistory {
            number: NUMBER.into(),
            reason: "当前状态「已接收」不允许「确认接收」".into(),
        }
    );
    assert_eq!(
        err.to_string(),
        "投诉 SH01-A-20261122-0001 合并两台设备的处理记录后不符合处理流程：\
         当前状态「已接收」不允许「确认接收」"
    );
}

#[test]
fn different_complaints_or_repeated_ids_are_refused() {
    let mut other = base();
    other.number = "GZ02-A-20261122-0001".into();
    other.office = "GZ02".into();
    assert_eq!(
        merge_histories(&base(), &other).unwrap_err().to_string(),
        "投诉编号不同，不能合并：SH01-A-20261122-0001 与 GZ02-A-20261122-0001"
    );

    let mut foreign = base();
    foreign.office = "GZ02".into();
    assert_eq!(
        merge_histories(&base(), &foreign).unwrap_err().to_string(),
        "投诉 SH01-A-20261122-0001 的登记办公室不一致（本机为 SH01，文件中为 GZ02）"
    );

    let mut doubled = device_a();
    doubled.events[3].id = "SH01-A-3-3".into();
    assert_eq!(
        merge_histories(&base(), &doubled).unwrap_err(),
        MergeError::DuplicateEventId {
            number: NUMBER.into(),
            event_id: "SH01-A-3-3".into(),
        }
    );
}

#[test]
fn numbers_tell_their_office() {
    assert_eq!(office_of(NUMBER), Some("SH01"));
    assert_eq!(office_of("GZ02-B-20260301-0042"), Some("GZ02"));
    assert_eq!(office_of("not a number"), None);
    // Another office's numbers never equal ours, so its complaints are only ever added.
    assert_ne!(office_of("GZ02-A-20261122-0001"), office_of(NUMBER));
}

// ---------------------------------------------------------------------------------------
// Checksum.
// ---------------------------------------------------------------------------------------

fn export_file(complaints: &[Complaint]) -> ExportFile {
    exchange::export(&settings(), complaints, cst(23, 9, 0))
}

#[test]
fn the_checksum_covers_the_complaints_array_as_written() {
    // Values computed separately (a five-line FNV-1a 64 in Python).
    assert_eq!(checksum("[]"), "09612b07b5ecb5a5");
    assert_eq!(checksum("投诉"), "1867e01b9052c0b8");
    assert_eq!(checksum_of(&[]), "09612b07b5ecb5a5");

    let file = export_file(&[device_a()]);
    let text = serde_json::to_string(&file).unwrap();
    let array = serde_json::to_string(&file.complaints).unwrap();
    // The canonical array is, byte for byte, what the export writes after "complaints":,
    // and that is what is read back from the file.
    assert!(text.contains(&format!("\"complaints\":{array}")));
    assert_eq!(complaints_array(&text), Some(array.as_str()));
    let sum = checksum(&array);
    assert_eq!(sum.len(), 16);
    assert!(sum.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(checksum_of(&file.complaints), sum);
    verify(complaints_array(&text).unwrap(), &sum).unwrap();
    verify(&array, &sum.to_uppercase()).unwrap();

    // One byte changed in the file: the phone's last digit.
    let changed = text.replacen("13812345678", "13812345679", 1);
    assert_eq!(changed.len(), text.len());
    let err = verify(complaints_array(&changed).unwrap(), &sum).unwrap_err();
    assert_eq!(err.expected, sum);
    assert_ne!(err.actual, sum);
    assert!(err.to_string().starts_with("文件校验码不符（文件中为 "));
    assert!(err.to_string().ends_with("）：文件可能已损坏或被修改"));

    // Any single byte of the array flipped.
    for i in [0, 1, array.len() / 3, array.len() / 2, array.len() - 1] {
        let mut bytes = array.clone().into_bytes();
        bytes[i] ^= 1;
        assert_ne!(checksum(&String::from_utf8_lossy(&bytes)), sum, "byte {i}");
    }

    // Re-indented by a tool: the whitespace between tokens does not count.
    let pretty = serde_json::to_string_pretty(&file).unwrap();
    assert_ne!(complaints_array(&pretty), Some(array.as_str()));
    verify(complaints_array(&pretty).unwrap(), &sum).unwrap();

    // The bytes are hashed as they stand, not re-serialized: a file written with another
    // shape (here: keys in alphabetical order, `deadlines` left out) verifies against the
    // checksum its writer computed, though parsing and writing it again gives other bytes.
    let mut value = serde_json::to_value(&file).unwrap();
    for c in value["complaints"].as_array_mut().unwrap() {
        c["derived"].as_object_mut().unwrap().remove("deadlines");
    }
    let other = serde_json::to_string(&value).unwrap();
    let other_sum = checksum(complaints_array(&other).unwrap());
    verify(complaints_array(&other).unwrap(), &other_sum).unwrap();
    let reparsed: ExportFile = serde_json::from_str(&other).unwrap();
    assert_ne!(checksum_of(&reparsed.complaints), other_sum);
}

// ---------------------------------------------------------------------------------------
// Masked export.
// ---------------------------------------------------------------------------------------

#[test]
fn a_masked_export_holds_no_name_or_phone() {
    let second = Complaint::register(
        "SH01-A-20261122-0002".into(),
        "SH01".into(),
        intake("欧阳娜娜", "021-62345678"),
        "SH01-A-7-1".into(),
        cst(22, 14, 0),
        "前台小周",
        Role::Desk,
    );
    let file = export_file(&[device_a(), second.clone()]);
    let masked = mask_export(&file);
    let json = serde_json::to_string(&masked).unwrap();
    for secret in [
        "王芳",
        "13812345678",
        "12345678",
        "欧阳娜娜",
        "娜娜",
        "021-62345678",
        "62345678",
    ] {
        assert!(
            !json.contains(secret),
            "{secret} is still in the masked file"
        );
    }
    for shown in [
        "\"王*\"",
        "\"138****5678\"",
        "\"欧阳*\"",
        "\"021-******78\"",
    ] {
        assert!(json.contains(shown), "{shown} is missing");
    }
    // Staff names and the free text stay.
    assert!(json.contains("前台小周"));
    assert!(json.contains("卫生间渗水"));

    // Only the registration changes; the history still replays to the same state.
    let m = mask_complaint(&device_a());
    assert_eq!(m.events[1..], device_a().events[1..]);
    assert_eq!(m.state().unwrap().status, Status::Investigating);
    assert_eq!(masked.complaints[0].derived, file.complaints[0].derived);

    // Brought back where the original lives, it is refused rather than overwriting it.
    assert_eq!(
        merge_histories(&device_a(), &m).unwrap_err(),
        MergeError::Conflict {
            number: NUMBER.into(),
            event_id: "SH01-A-1-1".into(),
        }
    );
}

// ---------------------------------------------------------------------------------------
// NDJSON.
// ---------------------------------------------------------------------------------------

pub(super) fn sample_file() -> ExportFile {
    let s = settings();
    // The second one also has a work-contact sheet, its reply and an escalation, so the
    // sample holds every kind of event data the export writes.
    let mut second = with(
        device_b(),
        vec![
            ev(
                "SH01-B-3-3",
                11,
                40,
                Role::Desk,
                "",
                EventData::IssueSheet {
                    sheet: "SH01-B-3-3".into(),
                    department: "工程部".into(),
                    request: "请核查防水施工记录".into(),
                    due: cst(23, 11, 40),
                },
            ),
            ev(
                "SH01-B-4-4",
                16,
                0,
                Role::Desk,
                "",
                EventData::SheetReply {
                    sheet: "SH01-B-3-3".into(),
                    reply: "已核查，防水层有破损".into(),
                },
            ),
            ev(
                "SH01-B-5-5",
                17,
                0,
                Role::System,
                "确认接收逾期，自动升级至项目经理",
                EventData::Escalate {
                    stage: Stage::Acknowledge,
                    level: EscalationLevel::ProjectManager,
                    deadline: Some(cst(22, 12, 20)),
                },
            ),
        ],
    );
    second.number = "SH01-A-20261122-0002".into();
    let mut complaints = vec![device_a(), second];
    complaints.extend(complaint_desk::domain::synthetic::generate(
        &s,
        40,
        100,
        30,
        cst(23, 9, 0),
        7,
    ));
    exchange::export(&s, &complaints, cst(23, 9, 0))
}

#[test]
fn ndjson_round_trips_to_the_same_export_file() {
    let file = sample_file();
    assert_eq!(file.complaints.len(), 42);
    let text = to_ndjson(&file);
    let lines: Vec<&str> = text.split_terminator('\n').collect();
    assert_eq!(lines.len(), 43);
    assert!(text.ends_with('\n'));
    assert!(lines[0].starts_with(
        "{\"format\":\"complaint-desk-ndjson\",\"version\":2,\"office\":\"SH01\",\"device\":\"A\",\
         \"exported_at\":\"2026-11-23T09:00:00+08:00\",\"settings\":{\"office_code\":\"SH01\""
    ));
    assert!(lines[0].ends_with(&format!(
        ",\"count\":42,\"checksum\":\"{}\",\"buyers\":0}}",
        checksum_of(&file.complaints)
    )));
    // Each complaint line is the object of the JSON export's `complaints` array.
    assert_eq!(
        lines[1],
        serde_json::to_string(&file.complaints[0]).unwrap()
    );
    assert!(lines[1].starts_with("{\"number\":\"SH01-A-20261122-0001\",\"office\":\"SH01\","));
    // So the checksum is the same as the JSON file's.
    assert_eq!(
        checksum(&format!("[{}]", lines[1..].join(","))),
        checksum_of(&file.complaints)
    );

    assert_eq!(parse_ndjson(&text).unwrap(), file);
    // Windows line ends, a BOM and blank lines are read too.
    let windows = format!("\u{feff}{}\r\n", text.replace('\n', "\r\n"));
    assert_eq!(parse_ndjson(&windows).unwrap(), file);

    // The parsed file goes through the ordinary import checks.
    let json = serde_json::to_string(&parse_ndjson(&text).unwrap()).unwrap();
    assert_eq!(exchange::parse_import(&json).unwrap().complaints.len(), 42);

    // A sample for `tests/duckdb_check.py`.
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("ndjson-sample.ndjson");
    std::fs::write(&path, &text).unwrap();
}

#[test]
fn bad_ndjson_files_say_which_line() {
    let text = to_ndjson(&export_file(&[device_a(), device_b()]));
    let lines: Vec<&str> = text.split_terminator('\n').collect();

    let broken = format!("{}\n{}\n{{\"number\": \n", lines[0], lines[1]);
    let err = parse_ndjson(&broken).unwrap_err();
    assert!(matches!(err, NdjsonError::Json { line: 3, .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "第 3 行在第 11 列意外结束（文件可能不完整）"
    );

    let shape = format!("{}\n{}\n{{\"number\":1}}\n", lines[0], lines[1]);
    let err = parse_ndjson(&shape).unwrap_err();
    assert!(matches!(err, NdjsonError::Shape { line: 3, .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "文件内容格式错误：第 3 行（第 2 条投诉）的「编号」应为文字，文件中是数字 1"
    );

    let truncated = format!("{}\n{}\n", lines[0], lines[1]);
    assert_eq!(
        parse_ndjson(&truncated).unwrap_err().to_string(),
        "文件应有 2 条投诉，实际有 1 条（文件可能不完整）"
    );

    let edited = text.replacen("13812345678", "13812345679", 1);
    assert!(matches!(
        parse_ndjson(&edited).unwrap_err(),
        NdjsonError::Checksum(_)
    ));

    let json = serde_json::to_string(&export_file(&[device_a()])).unwrap();
    assert!(matches!(
        parse_ndjson(&json).unwrap_err(),
        NdjsonError::NotOurs
    ));
    assert!(matches!(
        parse_ndjson("[1,2]\n").unwrap_err(),
        NdjsonError::NotOurs
    ));
    assert!(matches!(
        parse_ndjson("\n \r\n").unwrap_err(),
        NdjsonError::Empty
    ));
    let v3 = text.replacen("\"version\":2", "\"version\":3", 1);
    assert_eq!(
        parse_ndjson(&v3).unwrap_err().to_string(),
        "文件版本 3 不受支持：本程序只能读取版本 1 到 2 的文件。\
         这个文件由更新版本的投诉台导出，请先把本程序升级到新版再导入"
    );
}

// ---------------------------------------------------------------------------------------
// CSV.
// ---------------------------------------------------------------------------------------

fn ms(d: u32, h: u32, min: u32) -> i64 {
    helpers::ms(2026, 11, d, h, min)
}

fn summary(number: &str) -> Summary {
    Summary {
        status: Status::Dispatched,
        category: "工程质量".into(),
        channel: Channel::OnSite,
        handler: "李处理".into(),
        name: "王芳".into(),
        phone: "02112345678".into(),
        project: "滨江华府".into(),
        unit: "3栋 1202".into(),
        content: "卫生间渗水".into(),
        received: ms(22, 10, 0),
        updated: ms(22, 10, 20),
        building: "3栋".into(),
        due: Some(ms(22, 11, 0)),
        due_stage: Some(Stage::Forward),
        ..helpers::summary(number)
    }
}

fn csv_rows() -> Vec<Summary> {
    let first = summary("SH01-A-20261122-0001");
    let second = Summary {
        status: Status::Archived,
        severity: Severity::Major,
        channel: Channel::Phone,
        category: "+SUM(A1)".into(),
        name: "=HYPERLINK(\"http://x\",\"点我\")".into(),
        phone: "+86 138 1234 5678".into(),
        project: "滨江华府, 二期".into(),
        unit: "0801".into(),
        handler: "@李处理".into(),
        score: Some(5),
        due: None,
        due_stage: None,
        ..summary("SH01-A-20261122-0002")
    };
    let third = Summary {
        category: "-负数".into(),
        name: "<script>alert(\"x\")</script>".into(),
        phone: "138****5678".into(),
        project: "<b>滨江</b>\n二期".into(),
        unit: String::new(),
        handler: String::new(),
        score: Some(3),
        due: Some(ms(25, 18, 0)),
        sheet_due: Some(ms(23, 9, 30)),
        ..summary("SH01-A-20261122-0003")
    };
    vec![first, second, third]
}

#[test]
fn csv_for_excel() {
    let offset = helpers::shanghai();
    let rows = csv_rows();
    let csv = summaries_csv(&rows, offset);
    let expected = "\u{feff}编号,状态,类别,严重程度,渠道,客户,电话,项目,房号,处理人,登记时间,期限,满意度\r\n\
        SH01-A-20261122-0001,已分派,工程质量,一般,案场,王芳,\"=\"\"02112345678\"\"\",滨江华府,3栋 1202,李处理,2026-11-22 10:00,2026-11-22 11:00,\r\n\
        SH01-A-20261122-0002,已归档,'+SUM(A1),重大,电话,\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\",\"=\"\"+86 138 1234 5678\"\"\",\"滨江华府, 二期\",\"=\"\"0801\"\"\",'@李处理,2026-11-22 10:00,,5\r\n\
        SH01-A-20261122-0003,已分派,'-负数,一般,案场,\"<script>alert(\"\"x\"\")</script>\",138****5678,\"<b>滨江</b>\n二期\",,,2026-11-22 10:00,2026-11-23 09:30,3\r\n";
    assert_eq!(csv, expected);

    assert!(csv.as_bytes().starts_with(&[0xef, 0xbb, 0xbf]));
    // Every row ends with CRLF; the only bare LF is the one inside a quoted cell.
    assert_eq!(csv.matches("\r\n").count(), 4);
    assert_eq!(csv.matches('\n').count(), 5);
    // The landline's leading 0 survives as text.
    assert!(csv.contains("\"=\"\"02112345678\"\"\""));

    // Times in another offset.
    let utc = FixedOffset::east_opt(0).unwrap();
    let row = summaries_csv(&rows[..1], utc);
    assert!(
        row.ends_with(",2026-11-22 02:00,2026-11-22 03:00,\r\n"),
        "{row}"
    );

    // No rows: the header alone.
    assert_eq!(
        summaries_csv(&[], offset),
        "\u{feff}编号,状态,类别,严重程度,渠道,客户,电话,项目,房号,处理人,登记时间,期限,满意度\r\n"
    );
}

#[test]
fn a_masked_csv_holds_no_name_or_phone() {
    let offset = helpers::shanghai();
    let masked: Vec<Summary> = csv_rows()[..1].iter().map(mask_summary).collect();
    let csv = summaries_csv(&masked, offset);
    assert!(csv.contains(",王*,021-******78,"), "{csv}");
    assert!(!csv.contains("王芳"));
    assert!(!csv.contains("12345678"));
}

#[test]
fn a_masked_file_says_so_and_an_ordinary_one_does_not_mention_it() {
    use complaint_desk::domain::exchange::mask_export;
    let file = sample_file();
    let plain = serde_json::to_string(&file).unwrap();
    assert!(!plain.contains("\"masked\""));
    let masked = mask_export(&file);
    assert!(masked.masked);
    let text = serde_json::to_string(&masked).unwrap();
    assert!(text.contains("\"masked\":true"));
    // It reads back as masked.
    let back: complaint_desk::domain::exchange::ExportFile = serde_json::from_str(&text).unwrap();
    assert!(back.masked);
    // The NDJSON variant says so in its header line, and reads back as masked.
    let lines = complaint_desk::domain::exchange::to_ndjson(&masked);
    let header = lines.lines().next().unwrap();
    assert!(header.contains("\"masked\":true"), "{header}");
    let again = complaint_desk::domain::exchange::parse_ndjson(&lines).unwrap();
    assert!(again.masked);
    let plain_lines = complaint_desk::domain::exchange::to_ndjson(&file);
    assert!(!plain_lines.lines().next().unwrap().contains("masked"));
}
