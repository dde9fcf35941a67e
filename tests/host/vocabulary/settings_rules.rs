//! Rules about the office's settings that the settings page and the action form used to
//! decide themselves: which changes move the clocks, who may handle a complaint, and reading
//! the calendar's texts.

use chrono::NaiveTime;

use complaint_desk::domain::vocabulary::{
    CalendarError, LimitUnit, NamedDate, Role, Staff, WorkCalendar,
};

use crate::helpers::staffed;

#[test]
fn only_the_calendar_and_the_time_limits_move_the_clocks() {
    let before = staffed("SH01", "A");
    let same = before.clone();
    assert!(!same.moves_clocks(&before));

    let mut renamed = before.clone();
    renamed.office_name = "滨江售楼处".into();
    renamed.staff.push(Staff {
        name: "新同事".into(),
        role: Role::Desk,
    });
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
