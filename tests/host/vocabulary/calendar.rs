//! The working calendar (issue 3). Every expected time below was worked out by hand from the
//! 2026 calendar and the State Council schedule (Mon-Fri, 09:00-12:00 and 13:30-18:00,
//! 450 work minutes a day), never by running the code under test.
//!
//! 2026 at a glance (the days that matter here):
//! - 元旦 01-01..03 off (Thu-Sat), Sun 01-04 make-up workday.
//! - 春节 02-15 (Sun)..02-23 (Mon) off; make-up workdays Sat 02-14 and Sat 02-28.
//! - 中秋 09-25 (Fri)..27 off; 国庆 10-01 (Thu)..10-07 (Wed) off; make-up Sun 09-20, Sat 10-10.
//! - An ordinary week: Mon 03-02 .. Sun 03-08; Fri 03-06, Sat 03-07.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Weekday};
use complaint_desk::domain::vocabulary::{
    CalendarError, HolidayFile, MakeupEntry, NamedDate, WorkCalendar,
};

use crate::helpers::at;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn hm(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap()
}

#[test]
fn the_days_the_tests_rely_on_have_these_weekdays() {
    for (date, weekday) in [
        ("2026-01-04", Weekday::Sun),
        ("2026-02-13", Weekday::Fri),
        ("2026-02-14", Weekday::Sat),
        ("2026-02-15", Weekday::Sun),
        ("2026-02-23", Weekday::Mon),
        ("2026-02-28", Weekday::Sat),
        ("2026-03-06", Weekday::Fri),
        ("2026-03-07", Weekday::Sat),
        ("2026-09-20", Weekday::Sun),
        ("2026-09-30", Weekday::Wed),
        ("2026-10-08", Weekday::Thu),
        ("2026-10-10", Weekday::Sat),
    ] {
        assert_eq!(day(date).weekday(), weekday, "{date}");
    }
}

#[test]
fn default_calendar_is_shanghai_office_hours_with_the_2026_schedule() {
    let cal = WorkCalendar::default();
    assert_eq!(
        cal.work_periods,
        vec![(hm("09:00"), hm("12:00")), (hm("13:30"), hm("18:00"))]
    );
    assert_eq!(
        cal.work_weekdays,
        vec![
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri
        ]
    );
    assert_eq!(cal.utc_offset_minutes, 480);
    assert_eq!(cal.offset().local_minus_utc(), 8 * 3600);
    assert_eq!(cal.work_day_minutes(), 450);
    assert_eq!(cal.holidays.len(), 33);
    assert_eq!(cal.makeup_workdays.len(), 6);
    assert_eq!(cal.years(), vec![2026]);
    assert_eq!(cal.holiday_name(day("2026-02-17")), Some("春节"));
    assert_eq!(cal.validate(), Ok(()));
}

#[test]
fn the_shipped_copy_equals_the_shared_holiday_data() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/cn-holidays-2026.json"
    );
    let Ok(shared) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {path} is not beside the project");
        return;
    };
    assert_eq!(
        HolidayFile::from_json(&shared).unwrap(),
        HolidayFile::official_2026()
    );
    let file = HolidayFile::official_2026();
    assert_eq!(file.year, 2026);
    assert!(file.source.contains("国务院办公厅"));
}

#[test]
fn workdays() {
    let cal = WorkCalendar::default();
    let cases = [
        ("2026-01-01", false, "元旦 (Thu)"),
        ("2026-01-04", true, "make-up Sunday for 元旦"),
        ("2026-01-05", true, "ordinary Monday"),
        ("2026-02-13", true, "Friday before Spring Festival"),
        ("2026-02-14", true, "make-up Saturday for 春节"),
        ("2026-02-15", false, "春节 Sunday"),
        ("2026-02-16", false, "春节 Monday"),
        ("2026-02-23", false, "春节 last day, a Monday"),
        ("2026-02-24", true, "first workday after 春节"),
        ("2026-02-28", true, "make-up Saturday for 春节"),
        ("2026-03-01", false, "ordinary Sunday"),
        ("2026-03-07", false, "ordinary Saturday"),
        ("2026-04-06", false, "清明 Monday"),
        ("2026-05-05", false, "劳动节 Tuesday"),
        ("2026-05-09", true, "make-up Saturday for 劳动节"),
        ("2026-06-19", false, "端午 Friday"),
        ("2026-09-20", true, "make-up Sunday for 国庆"),
        ("2026-09-25", false, "中秋 Friday"),
        ("2026-09-30", true, "eve of National Day"),
        ("2026-10-01", false, "国庆"),
        ("2026-10-07", false, "国庆 last day, a Wednesday"),
        ("2026-10-08", true, "first workday after 国庆"),
        ("2026-10-10", true, "make-up Saturday for 国庆"),
    ];
    for (date, workday, case) in cases {
        assert_eq!(cal.is_workday(day(date)), workday, "{date} {case}");
    }
    assert!(cal.is_makeup_workday(day("2026-09-20")));
    assert!(!cal.is_makeup_workday(day("2026-09-21")));
}

#[test]
fn work_time() {
    let cal = WorkCalendar::default();
    let cases = [
        ("2026-03-06 08:59:59", false, "before opening"),
        ("2026-03-06 09:00", true, "opening"),
        ("2026-03-06 11:59:59", true, "end of morning"),
        ("2026-03-06 12:00", false, "lunch starts"),
        ("2026-03-06 12:30", false, "lunch break"),
        ("2026-03-06 13:30", true, "afternoon starts"),
        ("2026-03-06 17:50", true, "Friday 17:50"),
        ("2026-03-06 18:00", false, "closing"),
        ("2026-03-07 10:00", false, "Saturday"),
        ("2026-02-28 10:00", true, "make-up Saturday"),
        ("2026-09-20 15:00", true, "make-up Sunday"),
        ("2026-10-01 10:00", false, "National Day"),
    ];
    for (time, expected, case) in cases {
        assert_eq!(cal.is_work_time(at(time)), expected, "{time} {case}");
    }
    // The offset of the argument does not matter: 01:00 UTC is 09:00 in Shanghai.
    let utc = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
    assert!(cal.is_work_time(utc("2026-03-06T01:00:00Z")));
    assert!(!cal.is_work_time(utc("2026-03-06T10:00:00Z")));
}

#[test]
fn adding_work_minutes() {
    let cal = WorkCalendar::default();
    // (start, work minutes, expected, why)
    let cases = [
        (
            "2026-03-05 10:00",
            60,
            "2026-03-05 11:00",
            "inside the morning",
        ),
        (
            "2026-03-05 11:30",
            60,
            "2026-03-05 14:00",
            "30 before lunch, 30 after",
        ),
        (
            "2026-03-05 12:30",
            60,
            "2026-03-05 14:30",
            "call in the lunch break",
        ),
        (
            "2026-03-05 12:30",
            0,
            "2026-03-05 13:30",
            "zero from lunch: next start",
        ),
        ("2026-03-05 07:00", 60, "2026-03-05 10:00", "before opening"),
        (
            "2026-03-05 20:00",
            60,
            "2026-03-06 10:00",
            "evening: next morning",
        ),
        (
            "2026-03-06 17:50",
            10,
            "2026-03-06 18:00",
            "uses up Friday exactly",
        ),
        (
            "2026-03-06 17:50",
            60,
            "2026-03-09 09:50",
            "Friday 17:50: 10 + 50 on Monday",
        ),
        (
            "2026-03-07 10:00",
            60,
            "2026-03-09 10:00",
            "Saturday: from Monday 09:00",
        ),
        (
            "2026-03-02 09:00",
            2250,
            "2026-03-06 18:00",
            "five full days",
        ),
        (
            "2026-09-30 17:30",
            60,
            "2026-10-08 09:30",
            "eve of National Day",
        ),
        (
            "2026-09-30 17:30",
            120,
            "2026-10-08 10:30",
            "eve of National Day, 2h",
        ),
        (
            "2026-09-24 17:00",
            120,
            "2026-09-28 10:00",
            "over 中秋 (Fri) and the weekend",
        ),
        (
            "2026-09-19 10:00",
            60,
            "2026-09-20 10:00",
            "Saturday: make-up Sunday next",
        ),
        (
            "2026-09-18 17:00",
            120,
            "2026-09-20 10:00",
            "Friday into make-up Sunday",
        ),
        (
            "2026-02-13 17:00",
            120,
            "2026-02-14 10:00",
            "Friday into make-up Saturday",
        ),
        (
            "2026-02-14 17:30",
            60,
            "2026-02-24 09:30",
            "across the whole Spring Festival",
        ),
        (
            "2026-02-28 17:30",
            60,
            "2026-03-02 09:30",
            "make-up Saturday to Monday",
        ),
        ("2026-10-01 10:00", 60, "2026-10-08 10:00", "on a holiday"),
    ];
    for (start, minutes, expected, case) in cases {
        assert_eq!(
            cal.add_work_minutes(at(start), minutes),
            at(expected),
            "{start} + {minutes} min: {case}"
        );
    }
}

#[test]
fn results_are_in_the_calendars_offset_whatever_the_input() {
    let cal = WorkCalendar::default();
    // 09:50 UTC on Friday is 17:50 in Shanghai.
    let start = DateTime::parse_from_rfc3339("2026-03-06T09:50:00Z").unwrap();
    let due = cal.add_work_minutes(start, 60);
    assert_eq!(due.to_rfc3339(), "2026-03-09T09:50:00+08:00");
    // 20:00 UTC on 09-30 is 04:00 on 10-01 in Shanghai: the end of *that* day.
    let late = DateTime::parse_from_rfc3339("2026-09-30T20:00:00Z").unwrap();
    assert_eq!(
        cal.end_of_day(late).to_rfc3339(),
        "2026-10-01T23:59:59+08:00"
    );
}

#[test]
fn adding_work_days() {
    let cal = WorkCalendar::default();
    let cases = [
        (
            "2026-03-02 10:00",
            1,
            "2026-03-03 10:00",
            "Monday to Tuesday",
        ),
        (
            "2026-03-06 10:00",
            1,
            "2026-03-09 10:00",
            "Friday to Monday",
        ),
        (
            "2026-03-06 19:00",
            1,
            "2026-03-09 18:00",
            "after hours: end of the next workday",
        ),
        (
            "2026-03-05 12:30",
            1,
            "2026-03-06 12:00",
            "lunch: from 13:30, 270 + 180 minutes",
        ),
        ("2026-03-05 10:00", 0, "2026-03-05 10:00", "zero days"),
        (
            "2026-03-05 10:00",
            3,
            "2026-03-10 10:00",
            "Thu + 3: Fri, Mon, Tue",
        ),
        ("2026-09-24 10:00", 1, "2026-09-28 10:00", "over 中秋"),
        // 10-08 Thu (1), 10-09 Fri (2), 10-10 make-up Sat (3).
        (
            "2026-09-30 15:00",
            3,
            "2026-10-10 15:00",
            "over National Day",
        ),
        // 02-14 Sat (1), 02-24..27 (2-5), 02-28 Sat (6), 03-02..05 (7-10).
        (
            "2026-02-13 10:00",
            10,
            "2026-03-05 10:00",
            "ten days over Spring Festival",
        ),
        (
            "2026-02-13 10:00",
            3,
            "2026-02-25 10:00",
            "three days over Spring Festival",
        ),
    ];
    for (start, n, expected, case) in cases {
        assert_eq!(
            cal.add_work_days(at(start), n),
            at(expected),
            "{start} + {n} work days: {case}"
        );
    }
}

/// One rule for starts outside work hours: such a start counts as the close of the work
/// period before it (in working time the same moment as the next work start), and `n` work days
/// are then the same clock time `n` workdays later. Each case gives the start, what it counts
/// as, `n` and the deadline; the deadline is checked from both, and so is one work hour.
#[test]
fn work_days_from_outside_work_hours() {
    let cal = WorkCalendar::default();
    // (start, counts as, n, expected, why)
    let cases = [
        (
            "2026-03-05 12:30",
            "2026-03-05 12:00",
            1,
            "2026-03-06 12:00",
            "lunch break: 12:00 the next workday",
        ),
        (
            "2026-03-05 12:00",
            "2026-03-05 12:00",
            1,
            "2026-03-06 12:00",
            "lunch starts",
        ),
        (
            "2026-03-05 13:29",
            "2026-03-05 12:00",
            1,
            "2026-03-06 12:00",
            "last minute of lunch",
        ),
        (
            "2026-03-05 13:30",
            "2026-03-05 12:00",
            1,
            "2026-03-06 12:00",
            "the afternoon's opening is the same moment",
        ),
        (
            "2026-03-05 12:30",
            "2026-03-05 12:00",
            3,
            "2026-03-10 12:00",
            "lunch, Thu + 3: Fri, Mon, Tue",
        ),
        (
            "2026-03-06 12:30",
            "2026-03-06 12:00",
            1,
            "2026-03-09 12:00",
            "Friday lunch over the weekend",
        ),
        (
            "2026-03-05 07:45",
            "2026-03-04 18:00",
            1,
            "2026-03-05 18:00",
            "before opening: the close of that day",
        ),
        (
            "2026-03-05 07:45",
            "2026-03-04 18:00",
            2,
            "2026-03-06 18:00",
            "before opening, two days",
        ),
        (
            "2026-03-05 09:00",
            "2026-03-04 18:00",
            1,
            "2026-03-05 18:00",
            "the opening is the same moment",
        ),
        (
            "2026-03-05 18:00",
            "2026-03-05 18:00",
            1,
            "2026-03-06 18:00",
            "at closing",
        ),
        (
            "2026-03-05 20:00",
            "2026-03-05 18:00",
            1,
            "2026-03-06 18:00",
            "after closing",
        ),
        (
            "2026-03-06 19:00",
            "2026-03-06 18:00",
            1,
            "2026-03-09 18:00",
            "Friday evening",
        ),
        (
            "2026-03-07 10:00",
            "2026-03-06 18:00",
            1,
            "2026-03-09 18:00",
            "Saturday",
        ),
        (
            "2026-03-08 12:30",
            "2026-03-06 18:00",
            1,
            "2026-03-09 18:00",
            "Sunday at lunch time is weekend",
        ),
        (
            "2026-10-01 12:30",
            "2026-09-30 18:00",
            1,
            "2026-10-08 18:00",
            "a holiday",
        ),
        (
            "2026-01-01 10:00",
            "2025-12-31 18:00",
            1,
            "2026-01-04 18:00",
            "元旦: the make-up Sunday is next",
        ),
        (
            "2026-09-30 12:30",
            "2026-09-30 12:00",
            1,
            "2026-10-08 12:00",
            "lunch on the eve of National Day",
        ),
        (
            "2026-09-30 12:30",
            "2026-09-30 12:00",
            2,
            "2026-10-09 12:00",
            "lunch on the eve of National Day, two days",
        ),
        (
            "2026-10-09 12:30",
            "2026-10-09 12:00",
            1,
            "2026-10-10 12:00",
            "Friday lunch into the make-up Saturday",
        ),
        (
            "2026-10-10 12:30",
            "2026-10-10 12:00",
            1,
            "2026-10-12 12:00",
            "lunch on the make-up Saturday",
        ),
        (
            "2026-02-13 20:00",
            "2026-02-13 18:00",
            1,
            "2026-02-14 18:00",
            "Friday evening into the make-up Saturday",
        ),
        (
            "2026-02-14 07:45",
            "2026-02-13 18:00",
            1,
            "2026-02-14 18:00",
            "before opening on the make-up Saturday",
        ),
        (
            "2026-02-14 12:30",
            "2026-02-14 12:00",
            1,
            "2026-02-24 12:00",
            "lunch on the make-up Saturday, over Spring Festival",
        ),
        (
            "2026-09-19 07:45",
            "2026-09-18 18:00",
            1,
            "2026-09-20 18:00",
            "an ordinary Saturday before the make-up Sunday",
        ),
    ];
    for (start, counts_as, n, expected, case) in cases {
        assert_eq!(
            cal.next_work_start(at(start)),
            cal.next_work_start(at(counts_as)),
            "{case}: the clock starts at the same work start"
        );
        assert_eq!(
            cal.add_work_days(at(start), n),
            at(expected),
            "{start} + {n} work days: {case}"
        );
        assert_eq!(
            cal.add_work_days(at(counts_as), n),
            at(expected),
            "{counts_as} + {n} work days: {case}"
        );
        assert_eq!(
            cal.add_work_minutes(at(start), 60),
            cal.add_work_minutes(at(counts_as), 60),
            "{start} + 1 work hour counts from {counts_as}: {case}"
        );
        assert_eq!(
            cal.work_minutes_between(at(counts_as), at(start)),
            0,
            "{case}: no working time between"
        );
    }
    // Deadlines never go back: a start in the lunch break is due no later than one just
    // after it, and no earlier than one just before it.
    let due = |s: &str| cal.add_work_days(at(s), 1);
    assert!(due("2026-03-05 11:59") < due("2026-03-05 12:30"));
    assert!(due("2026-03-05 12:30") < due("2026-03-05 13:31"));
    assert!(due("2026-03-05 07:45") < due("2026-03-05 09:01"));
    assert!(due("2026-03-05 17:59") < due("2026-03-05 20:00"));
}

#[test]
fn work_minutes_between() {
    let cal = WorkCalendar::default();
    let cases = [
        ("2026-03-06 17:50", "2026-03-09 09:50", 60, "over a weekend"),
        (
            "2026-03-05 11:00",
            "2026-03-05 14:00",
            90,
            "60 + 30, lunch excluded",
        ),
        ("2026-03-05 12:10", "2026-03-05 12:50", 0, "inside lunch"),
        ("2026-03-02 00:00", "2026-03-09 00:00", 2250, "one week"),
        (
            "2026-09-30 09:00",
            "2026-10-08 18:00",
            900,
            "National Day: two workdays",
        ),
        // 02-13, 02-14, 02-24, 25, 26, 27, 02-28: seven workdays.
        (
            "2026-02-13 09:00",
            "2026-02-28 18:00",
            3150,
            "Spring Festival",
        ),
        ("2026-03-09 09:50", "2026-03-06 17:50", -60, "reversed"),
        (
            "2026-03-05 10:00",
            "2026-03-05 10:00:59",
            0,
            "whole minutes only",
        ),
    ];
    for (a, b, expected, case) in cases {
        assert_eq!(
            cal.work_minutes_between(at(a), at(b)),
            expected,
            "{a} .. {b}: {case}"
        );
    }
}

#[test]
fn next_work_start() {
    let cal = WorkCalendar::default();
    let cases = [
        (
            "2026-03-05 10:15",
            "2026-03-05 10:15",
            "inside work time: itself",
        ),
        ("2026-03-05 12:00", "2026-03-05 13:30", "lunch"),
        ("2026-03-05 18:00", "2026-03-06 09:00", "closing"),
        ("2026-03-06 18:30", "2026-03-09 09:00", "Friday evening"),
        ("2026-09-30 18:00", "2026-10-08 09:00", "National Day eve"),
        ("2026-02-13 19:00", "2026-02-14 09:00", "make-up Saturday"),
        ("2026-09-18 20:00", "2026-09-20 09:00", "make-up Sunday"),
    ];
    for (from, expected, case) in cases {
        assert_eq!(
            cal.next_work_start(at(from)),
            at(expected),
            "{from}: {case}"
        );
    }
}

#[test]
fn end_of_day_is_the_last_second_of_the_calendar_day() {
    let cal = WorkCalendar::default();
    assert_eq!(
        cal.end_of_day(at("2026-10-01 10:00")),
        at("2026-10-01 23:59:59")
    );
    assert_eq!(
        cal.end_of_day(at("2026-03-07 00:00")),
        at("2026-03-07 23:59:59")
    );
}

#[test]
fn a_calendar_of_another_office() {
    // A show-flat open Tuesday to Sunday, 10:00-17:00 without a lunch break.
    let cal = WorkCalendar {
        work_periods: vec![(hm("10:00"), hm("17:00"))],
        work_weekdays: vec![
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ],
        ..WorkCalendar::default()
    };
    assert_eq!(cal.validate(), Ok(()));
    assert_eq!(cal.work_day_minutes(), 420);
    assert!(cal.is_workday(day("2026-03-07")), "Saturday");
    assert!(!cal.is_workday(day("2026-03-09")), "Monday");
    // Sunday 16:30 + 60: 30 on Sunday, Monday closed, Tuesday 10:30.
    assert_eq!(
        cal.add_work_minutes(at("2026-03-08 16:30"), 60),
        at("2026-03-10 10:30")
    );
    // 12:30 is working time here.
    assert!(cal.is_work_time(at("2026-03-07 12:30")));
}

#[test]
fn validation_refuses_bad_periods_and_conflicting_days() {
    let base = WorkCalendar::default();
    let with_periods = |periods: Vec<(NaiveTime, NaiveTime)>| WorkCalendar {
        work_periods: periods,
        ..base.clone()
    };
    assert_eq!(
        with_periods(vec![]).validate(),
        Err(CalendarError::NoWorkPeriods)
    );
    let err = with_periods(vec![(hm("12:00"), hm("09:00"))])
        .validate()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "工作时段 12:00–09:00 的开始时间必须早于结束时间"
    );
    let err = with_periods(vec![(hm("09:00"), hm("12:00")), (hm("11:00"), hm("18:00"))])
        .validate()
        .unwrap_err();
    assert!(matches!(err, CalendarError::OverlappingPeriods { .. }));
    assert!(err.to_string().contains("互不重叠"));
    let err = with_periods(vec![(hm("13:30"), hm("18:00")), (hm("09:00"), hm("12:00"))])
        .validate()
        .unwrap_err();
    assert!(
        matches!(err, CalendarError::OverlappingPeriods { .. }),
        "out of order"
    );
    // Touching periods are fine.
    assert_eq!(
        with_periods(vec![(hm("09:00"), hm("12:00")), (hm("12:00"), hm("18:00"))]).validate(),
        Ok(())
    );

    let no_days = WorkCalendar {
        work_weekdays: vec![],
        ..base.clone()
    };
    assert_eq!(no_days.validate(), Err(CalendarError::NoWorkWeekdays));
    let bad_offset = WorkCalendar {
        utc_offset_minutes: 2000,
        ..base.clone()
    };
    assert_eq!(bad_offset.validate(), Err(CalendarError::BadOffset(2000)));

    let mut both = base.clone();
    both.holidays.push(NamedDate {
        date: day("2026-02-14"),
        name: "春节".into(),
    });
    let err = both.validate().unwrap_err();
    assert_eq!(err, CalendarError::HolidayAndMakeup(day("2026-02-14")));
    assert_eq!(err.to_string(), "2026-02-14 不能既是节假日又是调休上班日");
}

fn hypothetical_2027() -> HolidayFile {
    // Not the official 2027 schedule (not published when this was written): a made-up file
    // of the same shape to exercise merging.
    HolidayFile {
        source: "测试用".into(),
        year: 2027,
        holidays: vec![NamedDate {
            date: day("2027-01-01"),
            name: "元旦".into(),
        }],
        makeup_workdays: vec![MakeupEntry {
            date: day("2027-01-02"),
            for_holiday: "元旦".into(),
        }],
    }
}

#[test]
fn merging_next_years_schedule() {
    let mut cal = WorkCalendar::default();
    // Without 2027 data, 2027-01-01 (a Friday) counts as a workday.
    assert_eq!(
        cal.add_work_minutes(at("2026-12-31 17:00"), 120),
        at("2027-01-01 10:00")
    );
    cal.merge_year(&hypothetical_2027()).unwrap();
    assert_eq!(cal.years(), vec![2026, 2027]);
    // Now 01-01 is off and Saturday 01-02 is a make-up workday.
    assert_eq!(
        cal.add_work_minutes(at("2026-12-31 17:00"), 120),
        at("2027-01-02 10:00")
    );
    assert_eq!(cal.validate(), Ok(()));

    // Merging a year again replaces that year only.
    let mut smaller = HolidayFile::official_2026();
    smaller.holidays.retain(|h| h.name == "国庆节");
    smaller.makeup_workdays.clear();
    cal.merge_year(&smaller).unwrap();
    assert_eq!(cal.holidays.len(), 7 + 1);
    assert_eq!(cal.makeup_workdays.len(), 1);
    assert!(cal.is_workday(day("2026-02-16")));
    assert!(!cal.is_workday(day("2027-01-01")));
}

#[test]
fn bad_holiday_files_change_nothing() {
    let mut cal = WorkCalendar::default();
    let before = cal.clone();

    let mut wrong_year = hypothetical_2027();
    wrong_year.holidays[0].date = day("2026-12-31");
    assert_eq!(
        cal.merge_year(&wrong_year),
        Err(CalendarError::WrongYear {
            date: day("2026-12-31"),
            year: 2027
        })
    );

    let mut conflict = hypothetical_2027();
    conflict.makeup_workdays[0].date = day("2027-01-01");
    assert_eq!(
        cal.merge_year(&conflict),
        Err(CalendarError::HolidayAndMakeup(day("2027-01-01")))
    );

    let mut duplicate = hypothetical_2027();
    duplicate.holidays.push(duplicate.holidays[0].clone());
    assert_eq!(
        cal.merge_year(&duplicate),
        Err(CalendarError::DuplicateDate(day("2027-01-01")))
    );

    let mut nameless = hypothetical_2027();
    nameless.holidays[0].name = " ".into();
    assert!(cal.merge_year(&nameless).is_err());

    assert_eq!(cal, before);

    let err = HolidayFile::from_json("{\"year\": 2027}").unwrap_err();
    assert!(matches!(err, CalendarError::Parse(_)));
    assert!(err.to_string().starts_with("节假日文件格式错误"));
}

#[test]
fn holiday_files_and_calendars_keep_their_shape_in_json() {
    let json = serde_json::to_value(hypothetical_2027()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "source": "测试用",
            "year": 2027,
            "holidays": [{"date": "2027-01-01", "name": "元旦"}],
            "makeup_workdays": [{"date": "2027-01-02", "for": "元旦"}],
        })
    );
    let cal = WorkCalendar::default();
    let text = serde_json::to_string(&cal).unwrap();
    assert_eq!(serde_json::from_str::<WorkCalendar>(&text).unwrap(), cal);
    // A stored calendar missing fields gets the defaults.
    let partial: WorkCalendar = serde_json::from_str(r#"{"utc_offset_minutes": 480}"#).unwrap();
    assert_eq!(partial, cal);
}

#[test]
fn the_settings_form_text_round_trips_and_bad_lines_are_named() {
    use complaint_desk::domain::vocabulary::{
        dates_text, parse_dates, parse_periods, periods_text,
    };
    let cal = WorkCalendar::default();
    assert_eq!(periods_text(&cal.work_periods), "09:00-12:00, 13:30-18:00");
    assert_eq!(
        parse_periods("08:30-12:00，13:00~17:30").unwrap(),
        vec![
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
    assert!(parse_periods("9点到12点")
        .unwrap_err()
        .to_string()
        .contains("9点到12点"));
    let text = "2026-10-01 国庆节\n\n2026-10-02 国庆节";
    let dates = parse_dates(text).unwrap();
    assert_eq!(dates.len(), 2);
    assert_eq!(dates[1].date, NaiveDate::from_ymd_opt(2026, 10, 2).unwrap());
    assert_eq!(dates[1].name, "国庆节");
    assert_eq!(dates_text(&dates), "2026-10-01 国庆节\n2026-10-02 国庆节");
    assert!(parse_dates("2026-02-30 春节")
        .unwrap_err()
        .to_string()
        .contains("2026-02-30"));
    assert_eq!(parse_dates("2026-09-20").unwrap()[0].name, "");
}
