//! Rules about the office's settings that the settings page and the action form used to
//! decide themselves: which changes move the clocks, who may handle a complaint, and reading
//! the calendar's texts.

use chrono::NaiveTime;

use complaint_desk::domain::vocabulary::{
    CalendarError, LimitUnit, NamedDate, Project, Role, SettingsError, Staff, WorkCalendar,
};

use crate::helpers::staffed;

#[test]
fn only_the_calendar_and_the_time_limits_move_the_clocks() {
    let before = staffed("SH01", "A");
    let same = before.clone();
    assert!(!same.moves_clocks(&before));

    let mut renamed = before.clone();
    renamed.office_name = "滨江售楼处".into();
    renamed.staff.push(Staff::new("新同事", Role::Desk));
    renamed.categories.push("车位".into());
    renamed.repeat_rules.window_days = 30;
    assert!(
        !renamed.moves_clocks(&before),
        "names, staff, categories, rules"
    );

    let mut holiday = before.clone();
    holiday.calendar.holidays.push(NamedDate {
        date: chrono::NaiveDate::from_ymd_opt(2026, 12, 24).unwrap(),
        name: "平安夜".into(),
    });
    assert!(holiday.moves_clocks(&before), "a holiday");

    let mut limit = before.clone();
    if let Some(l) = limit.deadlines.limit_mut(0) {
        l.value += 1;
    }
    assert!(limit.moves_clocks(&before), "a time limit");

    let mut unit = before.clone();
    if let Some(l) = unit.deadlines.limit_mut(0) {
        l.unit = match l.unit {
            LimitUnit::WorkHours => LimitUnit::CalendarHours,
            _ => LimitUnit::WorkHours,
        };
    }
    assert!(unit.moves_clocks(&before), "a limit's unit");
}

#[test]
fn handlers_are_the_staff_who_may_handle_in_list_order() {
    let table = [
        (Role::Desk, false),
        (Role::Handler, true),
        (Role::Manager, true),
        (Role::Gm, true),
        (Role::System, false),
    ];
    for (role, may) in table {
        assert_eq!(role.may_handle(), may, "{role:?}");
    }
    let s = staffed("SH01", "A");
    let names: Vec<&str> = s.handlers().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["李处理", "经理老王", "总经理老陈"]);
}

#[test]
fn the_calendar_texts_are_read_whole_or_not_at_all() {
    let cal = WorkCalendar::default();
    let read = cal
        .with_texts(
            "08:30-12:00, 13:00-17:30",
            "2026-12-24 平安夜",
            "2026-12-26 调休",
        )
        .unwrap();
    assert_eq!(
        read.work_periods,
        [
            (
                NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
                NaiveTime::from_hms_opt(12, 0, 0).unwrap()
            ),
            (
                NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
                NaiveTime::from_hms_opt(17, 30, 0).unwrap()
            ),
        ]
    );
    assert_eq!(read.holidays.len(), 1);
    assert_eq!(read.holidays[0].name, "平安夜");
    assert_eq!(read.makeup_workdays.len(), 1);
    assert_eq!(
        read.utc_offset_minutes, cal.utc_offset_minutes,
        "the rest is kept"
    );
    assert_eq!(read.work_weekdays, cal.work_weekdays);

    for (periods, holidays, makeup) in [
        ("9点到12点", "", ""),
        ("09:00-12:00", "圣诞节", ""),
        ("09:00-12:00", "", "2026-13-01"),
    ] {
        let e: Result<WorkCalendar, CalendarError> = cal.with_texts(periods, holidays, makeup);
        let message = e.expect_err(periods).to_string();
        assert!(!message.is_empty() && !message.is_ascii(), "{message}");
    }
}

#[test]
fn a_project_reads_its_buildings_from_one_text() {
    let p = Project::from_texts(" 翠湖天地 ", "1栋、2栋,3栋， 2栋  5栋；");
    assert_eq!(p.name, "翠湖天地");
    assert_eq!(p.buildings, ["1栋", "2栋", "3栋", "5栋"]);
    assert_eq!(p.buildings_text(), "1栋、2栋、3栋、5栋");
    assert!(Project::from_texts("滨江壹号", "").buildings.is_empty());
}

#[test]
fn projects_need_a_name_each_and_distinct_names() {
    let mut s = staffed("SH01", "A");
    s.projects = vec![Project::from_texts("翠湖天地", "1栋")];
    assert_eq!(s.validate(), Ok(()));
    assert_eq!(
        s.project_named("翠湖天地").map(|p| p.buildings.len()),
        Some(1)
    );
    s.projects.push(Project::from_texts("翠湖天地", "2栋"));
    assert_eq!(s.validate(), Err(SettingsError::Project("翠湖天地".into())));
    s.projects[1] = Project::from_texts(" ", "");
    assert_eq!(s.validate(), Err(SettingsError::Project(String::new())));
}

#[test]
fn a_disabled_staff_member_is_not_offered_as_handler() {
    let mut s = staffed("SH01", "A");
    let before = s.handlers().count();
    if let Some(h) = s.staff.iter_mut().find(|m| m.role == Role::Handler) {
        h.active = false;
    }
    assert_eq!(s.handlers().count(), before - 1);
    // Disabled staff keep their place in the exported list, marked.
    let json = serde_json::to_string(&s).unwrap_or_default();
    assert!(json.contains("\"active\":false"));
    let back: complaint_desk::domain::vocabulary::Settings =
        serde_json::from_str(&json).expect("settings read back");
    assert_eq!(back, s);
}
