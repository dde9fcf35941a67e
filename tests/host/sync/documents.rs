//! The shapes and small rules of sync: base64, the sync settings' checks, document ids,
//! failures by status, the header's words and the settings' stamps.

use complaint_desk::domain::sync::base64::{decode, encode};
use complaint_desk::domain::sync::failure::is_database_info;
use complaint_desk::domain::sync::{
    office_wins, DocKey, SetupError, Stamp, SyncConfig, SyncError, SyncStatus,
};

use crate::helpers::at;

#[test]
fn base64_matches_rfc_4648_and_round_trips_every_byte() {
    for (plain, coded) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(encode(plain.as_bytes()), coded, "{plain}");
        assert_eq!(decode(coded).as_deref(), Some(plain.as_bytes()), "{coded}");
    }
    let all: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
    assert_eq!(decode(&encode(&all)), Some(all));
    assert_eq!(encode("经理:密码".as_bytes()), "57uP55CGOuWvhueggQ==");
    for bad in ["Zg=", "Z===", "Zm9v!A==", "Zg==Zg=="] {
        assert_eq!(decode(bad), None, "{bad}");
    }
}

#[test]
fn the_sync_settings_are_checked() {
    let ok = |url: &str| SyncConfig::check(url, "pc1", "pw").map(|c| c.url);
    assert_eq!(
        ok("https://nas.office:6984/sh01/"),
        Ok("https://nas.office:6984/sh01".into())
    );
    assert_eq!(
        ok(" http://127.0.0.1:5984/sh01 "),
        Ok("http://127.0.0.1:5984/sh01".into())
    );
    assert_eq!(
        ok("http://localhost:5984/sh01"),
        Ok("http://localhost:5984/sh01".into())
    );
    for (url, err) in [
        ("http://192.168.1.10:5984/sh01", SetupError::Scheme),
        ("ftp://nas/sh01", SetupError::Scheme),
        ("nas:5984/sh01", SetupError::Scheme),
        ("https://nas:6984", SetupError::NoDatabase),
        ("https://nas:6984/", SetupError::NoDatabase),
        ("https:///sh01", SetupError::NoDatabase),
        ("https://nas:6984/SH01", SetupError::DatabaseName),
        ("https://nas:6984/1office", SetupError::DatabaseName),
        ("https://nas:6984/sh 01", SetupError::DatabaseName),
    ] {
        assert_eq!(ok(url), Err(err), "{url}");
    }
    assert_eq!(
        SyncConfig::check("https://nas/sh01", " ", "pw"),
        Err(SetupError::NoUser)
    );
    assert_eq!(
        SyncConfig::check("https://nas/sh01", "pc1", ""),
        Err(SetupError::NoPassword)
    );
    let c = SyncConfig::check("https://nas.office:6984/sh01", "pc1", "pw").unwrap();
    assert_eq!(c.server(), "https://nas.office:6984");
    assert_eq!(c.authorization(), format!("Basic {}", encode(b"pc1:pw")));
    assert_ne!(
        c.checkpoint_key(),
        SyncConfig::check("https://nas.office:6984/sh02", "pc1", "pw")
            .unwrap()
            .checkpoint_key(),
        "another database starts its own checkpoint"
    );
    for e in [
        SetupError::Scheme,
        SetupError::NoDatabase,
        SetupError::DatabaseName,
        SetupError::NoUser,
        SetupError::NoPassword,
    ] {
        assert!(!e.to_string().is_empty());
    }
}

#[test]
fn document_ids_name_what_they_hold() {
    for key in [
        DocKey::Complaint("SH01-A-20260302-0001".into()),
        DocKey::Buyer("SH01-0123456789abcdef".into()),
        DocKey::File("ab".repeat(32)),
        DocKey::Settings("SH01".into()),
    ] {
        assert_eq!(DocKey::parse(&key.id()), Some(key.clone()), "{}", key.id());
    }
    assert_eq!(
        DocKey::Complaint("SH01-A-20260302-0001".into()).id(),
        "c:SH01-A-20260302-0001"
    );
    assert_eq!(DocKey::Settings("SH01".into()).id(), "settings:SH01");
    for other in ["_design/app", "x:1", "c:", "settings", "plain"] {
        assert_eq!(DocKey::parse(other), None, "{other}");
    }
}

#[test]
fn each_failure_has_its_own_message_in_chinese() {
    let cases = [
        (401, "", SyncError::WrongPassword),
        (403, "", SyncError::Forbidden),
        (
            404,
            r#"{"error":"not_found","reason":"Database does not exist."}"#,
            SyncError::NoDatabase,
        ),
        (404, "not found", SyncError::NotCouch),
        (500, "", SyncError::Server(500)),
        (503, "", SyncError::Server(503)),
    ];
    for (status, body, want) in cases {
        assert_eq!(
            SyncError::from_status(status, body),
            want,
            "{status} {body}"
        );
    }
    let all = [
        SyncError::Unreachable,
        SyncError::Cors,
        SyncError::WrongPassword,
        SyncError::Forbidden,
        SyncError::NoDatabase,
        SyncError::NotCouch,
        SyncError::Server(500),
        SyncError::BadReply("x".into()),
    ];
    let texts: std::collections::HashSet<String> = all.iter().map(|e| e.to_string()).collect();
    assert_eq!(texts.len(), all.len(), "no two failures read alike");
    for t in &texts {
        assert!(!t.contains("CouchDB") && !t.contains("CORS"), "{t}");
    }
    assert!(SyncError::Unreachable.is_offline());
    assert!(SyncError::Server(503).is_offline());
    assert!(!SyncError::WrongPassword.is_offline());
    assert!(!SyncError::Cors.is_offline());
    assert!(is_database_info(
        r#"{"db_name":"sh01","update_seq":"3-g1AAAA","doc_count":2}"#
    ));
    assert!(!is_database_info(r#"{"couchdb":"Welcome"}"#));
    assert!(!is_database_info("<html></html>"));
}

#[test]
fn the_header_says_where_sync_stands() {
    let cases = [
        (SyncStatus::Off, 0, "off", ""),
        (SyncStatus::Synced, 0, "synced", "已同步"),
        (SyncStatus::Synced, 3, "synced", "同步中（3 项待发送）"),
        (SyncStatus::Syncing, 0, "syncing", "同步中"),
        (SyncStatus::Syncing, 12, "syncing", "同步中（12 项待发送）"),
        (SyncStatus::Offline, 2, "offline", "离线（2 项待发送）"),
        (
            SyncStatus::Error(SyncError::WrongPassword.to_string()),
            1,
            "error",
            "同步出错：同步用户名或密码不正确",
        ),
    ];
    for (status, pending, code, label) in cases {
        assert_eq!(status.code(), code);
        assert_eq!(status.label(pending), label);
    }
    assert_eq!(SyncStatus::Off.summary(0, None), "本设备未设置同步。");
    assert_eq!(
        SyncStatus::Synced.summary(0, Some(at("2026-03-02 09:30"))),
        "已同步。上次成功同步：2026-03-02 09:30；待发送 0 项。"
    );
    assert!(SyncStatus::Offline
        .summary(4, None)
        .contains("尚未成功同步"));
}

#[test]
fn the_later_settings_change_wins_and_ties_go_by_name() {
    let s = |t: &str, by: &str| Stamp {
        at: at(t),
        by: by.into(),
    };
    let early = s("2026-03-02 09:00", "经理甲");
    let late = s("2026-03-02 10:00", "经理甲");
    assert!(late.wins_over(Some(&early)));
    assert!(!early.wins_over(Some(&late)));
    assert!(
        early.wins_over(None),
        "any stamped change wins over a device's first setup"
    );
    assert!(
        !early.wins_over(Some(&early)),
        "the same change does not win over itself"
    );
    let other = s("2026-03-02 09:00", "经理乙");
    assert_ne!(other.wins_over(Some(&early)), early.wins_over(Some(&other)));
}

#[test]
fn which_settings_a_device_takes_from_the_server() {
    let s = |t: &str, by: &str| Stamp {
        at: at(t),
        by: by.into(),
    };
    let (early, late) = (
        s("2026-03-02 09:00", "经理甲"),
        s("2026-03-02 10:00", "经理乙"),
    );
    for (theirs, ours, takes) in [
        (None, None, true),
        (Some(&early), None, true),
        (None, Some(&early), false),
        (Some(&late), Some(&early), true),
        (Some(&early), Some(&late), false),
        (Some(&early), Some(&early), true),
    ] {
        assert_eq!(office_wins(theirs, ours), takes, "{theirs:?} over {ours:?}");
    }
}
