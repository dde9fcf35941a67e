//! The event's JSON shape (the export format): every action round-trips, the tag and data
//! sit flat beside the common fields, and a missing or unknown field is refused.

use chrono::FixedOffset;

use complaint_desk::domain::case::{Event, EventData};
use complaint_desk::domain::vocabulary::{
    Channel, CustomerType, EscalationLevel, Intake, Kind, Mood, Role, Severity, Stage,
    TransferTarget,
};

use crate::helpers::cst;

fn at() -> chrono::DateTime<FixedOffset> {
    cst(2026, 3, 3, 10, 0)
}

fn every_kind_of_data() -> Vec<EventData> {
    let s = |x: &str| x.to_string();
    vec![
        EventData::Register {
            intake: Intake {
                customer_name: s("王芳"),
                phone: s("13812345678"),
                customer_type: CustomerType::Owner,
                project: s("滨江华府"),
                building: s("3栋"),
                unit: s("1202"),
                event_time: s("2026-03-02T18:00"),
                event_place: s("样板间"),
                content: s("渗水 <b>"),
                desired_remedy: s("维修"),
                mood: Mood::Angry,
                channel: Channel::Wechat,
                kind: Kind::Complaint,
                category: s("工程质量"),
                severity: Severity::Major,
                facts: Default::default(),
                severity_reason: String::new(),
                received_by: String::new(),
            },
        },
        EventData::Dispatch { handler: s("李") },
        EventData::Acknowledge,
        EventData::Investigate {
            findings: s("属实"),
            responsibility: s("施工"),
        },
        EventData::Propose {
            plan: s("维修"),
            expected_done: s("2026-03-06"),
        },
        EventData::Approve,
        EventData::Reject,
        EventData::CarryOut {
            result: s("已修")
        },
        EventData::Answer {
            reply: s("已告知")
        },
        EventData::Callback {
            score: 4,
            accepted: false,
        },
        EventData::Archive,
        EventData::Reopen,
        EventData::Reassign { handler: s("赵") },
        EventData::Transfer {
            target: TransferTarget::Property,
        },
        EventData::Feedback {
            result: s("物业已修"),
        },
        EventData::Cancel,
        EventData::FollowUp,
        EventData::Reclassify {
            category: s("销售管理"),
            severity: Severity::General,
        },
        EventData::IssueSheet {
            sheet: s("S1"),
            department: s("工程部"),
            request: s("核实"),
            due: at(),
        },
        EventData::SheetReply {
            sheet: s("S1"),
            reply: s("属实"),
        },
        EventData::Escalate {
            stage: Stage::Answer,
            level: EscalationLevel::HeadOffice,
            deadline: Some(at()),
        },
    ]
}

#[test]
fn every_action_round_trips_through_json() {
    let all = every_kind_of_data();
    assert_eq!(all.len(), 21, "one per EventData variant");
    for (i, data) in all.into_iter().enumerate() {
        let e = Event {
            id: format!("E{i}"),
            at: at(),
            actor: "某人".into(),
            role: Role::Manager,
            note: "备注".into(),
            data,
        };
        let text = serde_json::to_string(&e).unwrap();
        let back: Event = serde_json::from_str(&text).unwrap_or_else(|err| panic!("{text}: {err}"));
        assert_eq!(back, e);
    }
}

#[test]
fn the_action_tag_and_its_data_sit_beside_the_common_fields() {
    let e = Event {
        id: "SH01-A-1-1".into(),
        at: at(),
        actor: "客服".into(),
        role: Role::Desk,
        note: String::new(),
        data: EventData::Dispatch {
            handler: "李".into(),
        },
    };
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        serde_json::json!({
            "id": "SH01-A-1-1",
            "at": "2026-03-03T10:00:00+08:00",
            "actor": "客服",
            "role": "desk",
            "note": "",
            "action": "dispatch",
            "handler": "李"
        })
    );
}

#[test]
fn a_missing_data_field_or_an_unknown_action_is_refused() {
    let base = r#"{"id":"x","at":"2026-03-03T10:00:00+08:00","actor":"a","role":"desk""#;
    let missing = format!(r#"{base},"action":"dispatch"}}"#);
    let err = serde_json::from_str::<Event>(&missing).unwrap_err();
    assert!(err.to_string().contains("handler"), "{err}");
    let unknown = format!(r#"{base},"action":"teleport"}}"#);
    let err = serde_json::from_str::<Event>(&unknown).unwrap_err();
    assert!(err.to_string().contains("teleport"), "{err}");
    // The note may be left out.
    let no_note = format!(r#"{base},"action":"acknowledge"}}"#);
    let e: Event = serde_json::from_str(&no_note).unwrap();
    assert_eq!(e.note, "");
    assert_eq!(e.data, EventData::Acknowledge);
}

#[test]
fn the_export_carries_each_stage_deadline_with_its_offset() {
    use complaint_desk::domain::case::Complaint;
    use complaint_desk::domain::exchange::export;
    use complaint_desk::domain::vocabulary::Settings;
    // A phone complaint registered Tue 2026-03-03 10:00: forward due one work hour later.
    let mut intake = match &every_kind_of_data()[0] {
        EventData::Register { intake } => intake.clone(),
        _ => unreachable!(),
    };
    intake.channel = Channel::Phone;
    intake.severity = Severity::General;
    let c = Complaint::register(
        "SH01-A-20260303-0001".into(),
        "SH01".into(),
        intake,
        "E1".into(),
        at(),
        "客服",
        Role::Desk,
    );
    let file = export(&Settings::new("SH01", "A"), &[c], at());
    let v = serde_json::to_value(&file).unwrap();
    let d = &v["complaints"][0]["derived"]["deadlines"];
    assert_eq!(d[0]["stage"], "forward");
    assert_eq!(d[0]["due"], "2026-03-03T11:00:00+08:00");
    assert_eq!(d[0]["done_at"], serde_json::Value::Null);
    // Facts left at their defaults are not written.
    assert!(v["complaints"][0]["events"][0]["intake"]
        .get("facts")
        .is_none());
}
