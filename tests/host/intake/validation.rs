//! The intake form 《客户投诉登记表》: what is required, phone formats, event time,
//! categories, and the trimmed `Intake` a valid form produces.

use chrono::{NaiveDate, NaiveDateTime};

use complaint_desk::domain::intake::{phone_ok, IntakeForm};
use complaint_desk::domain::vocabulary::{
    Channel, CustomerType, Intake, Kind, Mood, Severity, SeverityRules, DEFAULT_CATEGORIES,
};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, 2)
        .unwrap()
        .and_hms_opt(15, 30, 0)
        .unwrap()
}

fn categories() -> Vec<String> {
    DEFAULT_CATEGORIES.iter().map(|c| c.to_string()).collect()
}

/// A fully valid form, every field filled.
fn valid() -> IntakeForm {
    IntakeForm {
        name: "王伟".into(),
        phone: "13800138000".into(),
        customer_type: "prospective".into(),
        project: "滨江华府".into(),
        building: "3栋".into(),
        unit: "1202".into(),
        event_time: "2026-03-01T10:15".into(),
        event_place: "样板间".into(),
        content: "卫生间墙面渗水".into(),
        remedy: "尽快维修".into(),
        mood: "angry".into(),
        channel: "wechat".into(),
        kind: "complaint".into(),
        category: "工程质量".into(),
        severity: "major".into(),
        media_exposure: true,
        ..Default::default()
    }
}

fn error_keys(form: &IntakeForm) -> Vec<&'static str> {
    match form.validate(&categories(), now(), &SeverityRules::default()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.keys().copied().collect(),
    }
}

#[test]
fn valid_form_produces_the_intake_with_trimmed_text() {
    let form = IntakeForm {
        name: "  王伟 ".into(),
        phone: " 138 0013 8000 ".into(),
        project: "\t滨江华府 ".into(),
        building: " 3栋".into(),
        unit: "1202  ".into(),
        event_time: " 2026-03-01T10:15 ".into(),
        event_place: " 样板间 ".into(),
        content: "\n卫生间墙面渗水\n".into(),
        remedy: "  尽快维修".into(),
        ..valid()
    };
    let intake = form
        .validate(&categories(), now(), &SeverityRules::default())
        .expect("valid form");
    assert_eq!(
        intake,
        Intake {
            customer_name: "王伟".into(),
            phone: "138 0013 8000".into(),
            customer_type: CustomerType::Prospective,
            project: "滨江华府".into(),
            building: "3栋".into(),
            unit: "1202".into(),
            event_time: "2026-03-01T10:15".into(),
            event_place: "样板间".into(),
            content: "卫生间墙面渗水".into(),
            desired_remedy: "尽快维修".into(),
            mood: Mood::Angry,
            channel: Channel::Wechat,
            kind: Kind::Complaint,
            category: "工程质量".into(),
            severity: Severity::Major,
            facts: complaint_desk::domain::vocabulary::SeverityFacts {
                media_exposure: true,
                ..Default::default()
            },
            severity_reason: String::new(),
            received_by: String::new(),
        }
    );
}

#[test]
fn optional_fields_may_be_empty() {
    let form = IntakeForm {
        building: String::new(),
        unit: String::new(),
        event_time: String::new(),
        event_place: String::new(),
        remedy: String::new(),
        ..valid()
    };
    let intake = form
        .validate(&categories(), now(), &SeverityRules::default())
        .expect("optional fields");
    assert_eq!(intake.building, "");
    assert_eq!(intake.unit, "");
    assert_eq!(intake.event_time, "");
    assert_eq!(intake.event_place, "");
    assert_eq!(intake.desired_remedy, "");
}

#[test]
fn defaults_form_needs_only_the_typed_fields() {
    let form = IntakeForm {
        name: "李娜".into(),
        phone: "021-12345678".into(),
        project: "御景湾".into(),
        content: "置业顾问承诺不兑现".into(),
        category: "销售管理".into(),
        ..IntakeForm::with_defaults()
    };
    let intake = form
        .validate(&categories(), now(), &SeverityRules::default())
        .expect("defaults are valid codes");
    assert_eq!(intake.customer_type, CustomerType::Owner);
    assert_eq!(intake.mood, Mood::Calm);
    assert_eq!(intake.channel, Channel::Phone);
    assert_eq!(intake.kind, Kind::Complaint);
    assert_eq!(intake.severity, Severity::General);
}

#[test]
fn each_missing_required_field_reports_only_that_field() {
    type Blank = fn(&mut IntakeForm);
    let cases: [(&str, Blank); 10] = [
        ("name", |f| f.name.clear()),
        ("phone", |f| f.phone.clear()),
        ("project", |f| f.project.clear()),
        ("content", |f| f.content.clear()),
        ("category", |f| f.category.clear()),
        ("customer_type", |f| f.customer_type.clear()),
        ("mood", |f| f.mood.clear()),
        ("channel", |f| f.channel.clear()),
        ("kind", |f| f.kind.clear()),
        ("severity", |f| f.severity.clear()),
    ];
    for (field, blank) in cases {
        let mut form = valid();
        blank(&mut form);
        let typed = form.clone();
        assert_eq!(error_keys(&form), vec![field], "blank {field}");
        assert_eq!(form, typed, "validation keeps what was typed");
    }
}

#[test]
fn whitespace_only_text_counts_as_missing() {
    let form = IntakeForm {
        name: "   ".into(),
        phone: " ".into(),
        project: "\t".into(),
        content: "\n \n".into(),
        ..valid()
    };
    assert_eq!(
        error_keys(&form),
        vec!["content", "name", "phone", "project"]
    );
}

#[test]
fn all_missing_fields_are_reported_together() {
    let errors = IntakeForm::default()
        .validate(&categories(), now(), &SeverityRules::default())
        .unwrap_err();
    let keys: Vec<&str> = errors.keys().copied().collect();
    assert_eq!(
        keys,
        vec![
            "category",
            "channel",
            "content",
            "customer_type",
            "kind",
            "mood",
            "name",
            "phone",
            "project",
            "severity",
        ]
    );
    assert_eq!(errors["name"], "请填写客户姓名");
    assert_eq!(errors["phone"], "请填写联系电话");
    assert!(errors.values().all(|m| !m.is_empty()));
}

#[test]
fn errors_in_some_fields_leave_the_valid_ones_unflagged() {
    let form = IntakeForm {
        phone: "12345".into(),
        category: "不存在的类别".into(),
        ..valid()
    };
    assert_eq!(error_keys(&form), vec!["category", "phone"]);
}

#[test]
fn unknown_codes_are_refused() {
    let form = IntakeForm {
        customer_type: "vip".into(),
        mood: "happy".into(),
        channel: "fax".into(),
        kind: "praise".into(),
        severity: "critical".into(),
        ..valid()
    };
    assert_eq!(
        error_keys(&form),
        vec!["channel", "customer_type", "kind", "mood", "severity"]
    );
}

#[test]
fn valid_mobile_numbers_13x_to_19x_with_11_digits() {
    for p in [
        "13800138000",
        "14712345678",
        "15012345678",
        "16612345678",
        "17712345678",
        "18612345678",
        "19912345678",
        "138 0013 8000",
        "138-0013-8000",
    ] {
        assert!(phone_ok(p), "{p} should be a valid mobile");
    }
}

#[test]
fn valid_landlines_with_area_code() {
    for p in [
        "021-12345678",
        "02112345678",
        "010-1234567",
        "0755 1234 5678",
        "0755-12345678",
        "0571-8765432",
    ] {
        assert!(phone_ok(p), "{p} should be a valid landline");
    }
}

#[test]
fn valid_400_and_800_service_numbers() {
    for p in ["400-820-8820", "4008208820", "400 123 4567", "800-810-8888"] {
        assert!(phone_ok(p), "{p} should be a valid service number");
    }
}

#[test]
fn invalid_phone_numbers_are_refused() {
    for p in [
        "138001380001",  // 12 digits
        "1380013800",    // 10 digits starting with 1
        "12345678901",   // 11 digits but 12x is not a mobile prefix
        "11012345678",   // 11x either
        "1380013800a",   // a letter
        "abcdefghijk",   // letters only
        "138 0013 800O", // letter O for zero
        "1234567",       // too short
        "02112345",      // landline without enough digits
        "0211234567890", // landline with too many
        "40082088201",   // 11-digit "400" number
        "",
        "--",
        "+8613800138000",         // a plus sign is not allowed
        "１３８００１３８０００", // full-width digits
    ] {
        assert!(!phone_ok(p), "{p:?} should be refused");
    }
}

#[test]
fn a_bad_phone_on_the_form_gets_the_format_message() {
    let form = IntakeForm {
        phone: "1380013800".into(),
        ..valid()
    };
    let errors = form
        .validate(&categories(), now(), &SeverityRules::default())
        .unwrap_err();
    assert_eq!(errors.keys().copied().collect::<Vec<_>>(), vec!["phone"]);
    assert!(errors["phone"].contains("格式"), "{}", errors["phone"]);
}

#[test]
fn event_time_in_the_future_is_refused() {
    let form = IntakeForm {
        event_time: "2026-03-02T15:31".into(), // one minute after now
        ..valid()
    };
    let errors = form
        .validate(&categories(), now(), &SeverityRules::default())
        .unwrap_err();
    assert_eq!(
        errors.keys().copied().collect::<Vec<_>>(),
        vec!["event_time"]
    );
    assert_eq!(errors["event_time"], "事件时间不能晚于现在");

    let next_year = IntakeForm {
        event_time: "2027-01-01T00:00".into(),
        ..valid()
    };
    assert_eq!(error_keys(&next_year), vec!["event_time"]);
}

#[test]
fn event_time_now_or_in_the_past_is_accepted() {
    for t in ["2026-03-02T15:30", "2026-03-02T00:00", "2020-01-01T08:00"] {
        let form = IntakeForm {
            event_time: t.into(),
            ..valid()
        };
        assert_eq!(error_keys(&form), Vec::<&str>::new(), "{t}");
    }
}

#[test]
fn event_time_in_another_format_is_refused() {
    for t in [
        "2026/03/01 10:15",
        "2026-03-01",
        "昨天下午",
        "2026-13-01T10:15",
    ] {
        let form = IntakeForm {
            event_time: t.into(),
            ..valid()
        };
        let errors = form
            .validate(&categories(), now(), &SeverityRules::default())
            .unwrap_err();
        assert_eq!(
            errors.keys().copied().collect::<Vec<_>>(),
            vec!["event_time"],
            "{t}"
        );
        assert_eq!(errors["event_time"], "事件时间格式不正确");
    }
}

#[test]
fn unknown_category_is_refused() {
    let form = IntakeForm {
        category: "噪音扰民".into(),
        ..valid()
    };
    assert_eq!(error_keys(&form), vec!["category"]);
}

#[test]
fn category_list_is_the_configured_one() {
    let custom = vec!["装修质量".to_string(), "物业费".to_string()];
    let form = IntakeForm {
        category: "装修质量".into(),
        ..valid()
    };
    let intake = form
        .validate(&custom, now(), &SeverityRules::default())
        .expect("configured category");
    assert_eq!(intake.category, "装修质量");
    // A default category that this office removed is no longer accepted.
    let removed = IntakeForm {
        category: "工程质量".into(),
        ..valid()
    };
    assert!(removed
        .validate(&custom, now(), &SeverityRules::default())
        .unwrap_err()
        .contains_key("category"));
}

#[test]
fn name_is_limited_to_40_characters_not_bytes() {
    let forty = "欧".repeat(40);
    let form = IntakeForm {
        name: forty.clone(),
        ..valid()
    };
    assert_eq!(
        form.validate(&categories(), now(), &SeverityRules::default())
            .unwrap()
            .customer_name,
        forty
    );
    let forty_one = IntakeForm {
        name: "欧".repeat(41),
        ..valid()
    };
    assert_eq!(error_keys(&forty_one), vec!["name"]);
}

#[test]
fn content_is_limited_to_5000_characters() {
    let ok = IntakeForm {
        content: "漏".repeat(5000),
        ..valid()
    };
    assert!(ok
        .validate(&categories(), now(), &SeverityRules::default())
        .is_ok());
    let too_long = IntakeForm {
        content: "漏".repeat(5001),
        ..valid()
    };
    assert_eq!(error_keys(&too_long), vec!["content"]);
}

#[test]
fn a_severity_other_than_the_suggestion_needs_a_reason() {
    // Media exposure suggests major: choosing general without a reason is refused.
    let mut form = valid();
    form.severity = "general".into();
    assert_eq!(error_keys(&form), vec!["severity_reason"]);
    form.severity_reason = "经核实为误会，客户已撤回曝光".into();
    let intake = form
        .validate(&categories(), now(), &SeverityRules::default())
        .expect("overridden with a reason");
    assert_eq!(intake.severity_reason, "经核实为误会，客户已撤回曝光");
    assert!(intake.facts.media_exposure);
    // No special fact suggests general: choosing major needs a reason too.
    let mut form = valid();
    form.media_exposure = false;
    assert_eq!(error_keys(&form), vec!["severity_reason"]);
    // Three people complaining together make it major by themselves.
    form.complainants = "3".into();
    assert_eq!(error_keys(&form), Vec::<&str>::new());
    form.complainants = "零".into();
    assert!(error_keys(&form).contains(&"complainants"));
}

#[test]
fn the_reason_is_asked_for_exactly_when_the_choice_is_not_the_suggestion() {
    let table = [
        ("general", Severity::General, false),
        ("major", Severity::Major, false),
        ("major", Severity::General, true),
        ("general", Severity::Major, true),
        ("", Severity::General, true),
    ];
    for (chosen, suggested, asks) in table {
        let form = IntakeForm {
            severity: chosen.into(),
            ..valid()
        };
        assert_eq!(
            form.overrides_suggestion(suggested),
            asks,
            "{chosen} vs {suggested:?}"
        );
    }
}
