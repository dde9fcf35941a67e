//! The reception tablet's form: checked like the desk's intake plus the project list, the
//! mood faces and the consent; registered as 案场 by whoever opened reception mode, with the
//! reply date the customer is promised.

use pollster::block_on;

use complaint_desk::domain::access::{may_start, promised_reply, ReceptionError, ReceptionForm};
use complaint_desk::domain::vocabulary::{Channel, Kind, Project, Role, Severity};
use complaint_desk::service;

use crate::helpers::{at, Desk};

fn typed() -> ReceptionForm {
    ReceptionForm {
        name: "王女士".into(),
        phone: "13912345678".into(),
        project: "翠湖天地".into(),
        building: "2栋".into(),
        unit: "801".into(),
        content: "样板间与交付标准不一致".into(),
        remedy: "按样板间交付".into(),
        mood: "upset".into(),
        consent: true,
        ..ReceptionForm::default()
    }
}

fn desk_with_projects() -> Desk {
    let mut desk = Desk::new();
    desk.settings.projects = vec![
        Project::from_texts("翠湖天地", "1栋、2栋"),
        Project::from_texts("滨江壹号", ""),
    ];
    desk
}

#[test]
fn reception_needs_a_project_list_and_a_desk_manager_or_gm() {
    let mut desk = desk_with_projects();
    for (role, ok) in [
        (Role::Desk, true),
        (Role::Manager, true),
        (Role::Gm, true),
        (Role::Handler, false),
        (Role::System, false),
    ] {
        assert_eq!(may_start(&desk.settings, role).is_ok(), ok, "{role:?}");
    }
    desk.settings.projects.clear();
    assert_eq!(
        may_start(&desk.settings, Role::Desk),
        Err(ReceptionError::NoProjects)
    );
}

#[test]
fn the_reception_form_checks_project_building_mood_and_consent() {
    let desk = desk_with_projects();
    let s = &desk.settings;
    let cases: Vec<(ReceptionForm, &[&str])> = vec![
        (typed(), &[]),
        (
            ReceptionForm {
                consent: false,
                ..typed()
            },
            &["consent"],
        ),
        (
            ReceptionForm {
                project: "不存在的楼盘".into(),
                ..typed()
            },
            &["project"],
        ),
        (
            ReceptionForm {
                building: "9栋".into(),
                ..typed()
            },
            &["building"],
        ),
        (
            ReceptionForm {
                building: String::new(),
                ..typed()
            },
            &[],
        ),
        (
            ReceptionForm {
                project: "滨江壹号".into(),
                building: "任意".into(),
                ..typed()
            },
            &[],
        ),
        (
            ReceptionForm {
                mood: String::new(),
                ..typed()
            },
            &["mood"],
        ),
        (
            ReceptionForm {
                mood: "bored".into(),
                consent: false,
                ..typed()
            },
            &["consent", "mood"],
        ),
    ];
    for (form, fields) in cases {
        let got: Vec<&str> = match form.intake_form(s) {
            Ok(_) => vec![],
            Err(e) => e.keys().copied().collect(),
        };
        assert_eq!(got, fields, "{form:?}");
    }
    let f = typed().intake_form(s).unwrap();
    assert_eq!(f.channel, Channel::OnSite.code());
    assert_eq!(f.kind, Kind::Complaint.code());
    assert_eq!(f.category, "其他");
    assert_eq!(f.severity, Severity::General.code());
}

#[test]
fn a_reception_complaint_is_registered_by_the_opener_with_the_promised_reply_date() {
    let desk = desk_with_projects();
    let opener = desk.staff(Role::Desk).clone();
    // Friday 2026-03-06 17:50: a general complaint's answer is due in 3 work days.
    let now = at("2026-03-06 17:50");
    let form = typed().intake_form(&desk.settings).unwrap();
    let ctx = desk.ctx(Some(&opener), now);
    let (c, _) = block_on(service::register(&desk.store, &ctx, &form)).unwrap();
    assert_eq!(c.events[0].actor, opener.name);
    let state = c.state().unwrap();
    assert_eq!(state.intake.channel, Channel::OnSite);
    let due = promised_reply(&c.events, &state, &desk.settings).unwrap();
    // Three work days from Friday 17:50 (10 work minutes left that day): Wednesday 17:50.
    assert_eq!(due, at("2026-03-11 17:50"));
    // A bad form registers nothing: the intake's own checks still apply.
    let bad = ReceptionForm {
        phone: "12".into(),
        ..typed()
    }
    .intake_form(&desk.settings)
    .unwrap();
    let ctx = desk.ctx(Some(&opener), now);
    assert!(block_on(service::register(&desk.store, &ctx, &bad)).is_err());
}
