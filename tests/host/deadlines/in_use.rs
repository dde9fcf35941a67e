//! Deadlines as the rest of the app uses them: the summary's current deadline after each
//! service call, the queue's deadline filters and sort, automatic escalation through
//! the service, and the small time formats the deadline badges print.
//!
//! Every expected time is worked out by hand from the default 2026 calendar (Mon–Fri
//! 09:00–12:00 and 13:30–18:00, +08:00; National Day 10-01..10-07 off, Sunday 09-20 and
//! Saturday 10-10 make-up workdays; 450 work minutes a day) and written down as a literal.

use chrono::{FixedOffset, NaiveDate, TimeZone};
use pollster::block_on;

use complaint_desk::domain::case::{Event, EventData, Status, WorkflowError};
use complaint_desk::domain::intake::IntakeForm;
use complaint_desk::domain::queue::{Clock, DueFilter, Filter, QueueIndex, Sort, Summary};
use complaint_desk::domain::vocabulary::{
    due_text, local_minute, parse_local_minute, span, ymd_hm, Channel, EscalationLevel, Kind, Role,
    Stage,
};
use complaint_desk::service::{self, ServiceError};

use crate::helpers::{self, cst, cst_s, ms, staffed, Desk};

// ---------------------------------------------------------------------------------------
// Fixtures.
// ---------------------------------------------------------------------------------------

const HOUR: i64 = 3_600_000;
const MINUTE: i64 = 60_000;

fn form(channel: Channel, kind: Kind) -> IntakeForm {
    IntakeForm {
        name: "王伟".into(),
        phone: "13800138000".into(),
        project: "滨江华府".into(),
        building: "3栋".into(),
        unit: "1202".into(),
        content: "卫生间墙面渗水".into(),
        category: "工程质量".into(),
        channel: channel.code().into(),
        kind: kind.code().into(),
        ..IntakeForm::with_defaults()
    }
}

fn general_phone_complaint() -> IntakeForm {
    form(Channel::Phone, Kind::Complaint)
}

fn dispatch() -> EventData {
    EventData::Dispatch {
        handler: "李处理".into(),
    }
}

/// The current deadline of a summary as (stage, millis).
fn current(s: &Summary) -> (Option<Stage>, Option<i64>) {
    (s.due_stage, s.due)
}

// ---------------------------------------------------------------------------------------
// 1. The summary's current deadline through the service.
// ---------------------------------------------------------------------------------------

#[test]
fn the_millis_helper_is_anchored_to_a_hand_computed_instant() {
    // 2026-01-01 is 56 × 365 + 14 leap days = 20454 days after 1970-01-01; 2026-03-03 is 61
    // days later (31 + 28 + 2) = day 20515; 10:00 in Shanghai is 02:00 UTC.
    assert_eq!(ms(2026, 3, 3, 10, 0), 20_515 * 86_400_000 + 2 * HOUR);
    assert_eq!(ms(2026, 3, 3, 10, 0), 1_772_503_200_000);
}

#[test]
fn a_general_complaint_moves_from_forward_to_acknowledge_to_plan_to_answer_to_callback() {
    let d = Desk::older_clocks();
    // Tuesday 2026-03-03 10:00, by phone. Open stages: forward 11:00 (1 work hour),
    // plan to customer Thursday 10:00 (2 work days), answer Friday 10:00 (3 work days).
    let (c, s) = d.register(&general_phone_complaint(), cst(2026, 3, 3, 10, 0));
    let n = c.number.as_str();
    assert_eq!(s.status, Status::Registered);
    assert_eq!(
        current(&s),
        (Some(Stage::Forward), Some(ms(2026, 3, 3, 11, 0)))
    );
    assert_eq!(s.sheet_due, None);
    assert_eq!(s.escalation, None);
    assert_eq!(
        d.stored_summary(n),
        s,
        "the stored summary is the returned one"
    );

    // Dispatched at 10:30: the forward stage is met; acknowledge is due 2 work hours later:
    // 10:30–12:00 is 90 minutes, the last 30 after lunch: 14:00.
    let (_, _, s) = d
        .act(Role::Desk, n, cst(2026, 3, 3, 10, 30), dispatch(), "")
        .unwrap();
    assert_eq!(
        current(&s),
        (Some(Stage::Acknowledge), Some(ms(2026, 3, 3, 14, 0)))
    );
    assert_eq!(s.handler, "李处理");

    // Acknowledged at 11:00: open are plan (Thu 03-05 10:00) and answer (Fri 03-06 10:00);
    // the plan is due first.
    let (_, _, s) = d
        .act(
            Role::Handler,
            n,
            cst(2026, 3, 3, 11, 0),
            EventData::Acknowledge,
            "",
        )
        .unwrap();
    assert_eq!(
        current(&s),
        (Some(Stage::PlanToCustomer), Some(ms(2026, 3, 5, 10, 0)))
    );

    // Investigation and proposal change no clock.
    let (_, _, s) = d
        .act(
            Role::Handler,
            n,
            cst(2026, 3, 3, 15, 0),
            EventData::Investigate {
                findings: "防水层破损".into(),
                responsibility: "施工单位".into(),
            },
            "",
        )
        .unwrap();
    assert_eq!(
        current(&s),
        (Some(Stage::PlanToCustomer), Some(ms(2026, 3, 5, 10, 0)))
    );
    d.act(
        Role::Handler,
        n,
        cst(2026, 3, 4, 9, 30),
        EventData::Propose {
            plan: "上门维修".into(),
            expected_done: "2026-03-05".into(),
        },
        "",
    )
    .unwrap();

    // Approved Wednesday 10:00: the plan stage is met, the answer (Fri 10:00) is next.
    let (_, _, s) = d
        .act(
            Role::Manager,
            n,
            cst(2026, 3, 4, 10, 0),
            EventData::Approve,
            "",
        )
        .unwrap();
    assert_eq!(
        current(&s),
        (Some(Stage::Answer), Some(ms(2026, 3, 6, 10, 0)))
    );

    d.act(
        Role::Handler,
        n,
        cst(2026, 3, 5, 11, 0),
        EventData::CarryOut {
            result: "已维修".into(),
        },
        "",
    )
    .unwrap();
    // Answered Thursday 15:00: the callback is due 3 work days later. Thursday 15:00–18:00
    // is 180 minutes, Friday and Monday 450 each (1080), the last 270 on Tuesday 03-10:
    // 180 in the morning, 90 after 13:30 = 15:00.
    let (_, _, s) = d
        .act(
            Role::Handler,
            n,
            cst(2026, 3, 5, 15, 0),
            EventData::Answer {
                reply: "已电话告知".into(),
            },
            "",
        )
        .unwrap();
    assert_eq!(
        current(&s),
        (Some(Stage::Callback), Some(ms(2026, 3, 10, 15, 0)))
    );

    // After the callback nothing is owed any more.
    let (_, _, s) = d
        .act(
            Role::Desk,
            n,
            cst(2026, 3, 6, 10, 0),
            EventData::Callback {
                score: 5,
                accepted: true,
            },
            "",
        )
        .unwrap();
    assert_eq!(current(&s), (None, None));
    let (_, _, s) = d
        .act(
            Role::Desk,
            n,
            cst(2026, 3, 6, 10, 5),
            EventData::Archive,
            "",
        )
        .unwrap();
    assert_eq!(s.status, Status::Archived);
    assert_eq!(current(&s), (None, None));
}

#[test]
fn an_inquiry_has_no_plan_stage_and_an_acknowledgement_runs_over_the_weekend() {
    let d = Desk::older_clocks();
    // Friday 2026-03-06 16:00, an inquiry: forward 17:00, answer 1 work day = Monday 16:00.
    let (c, s) = d.register(&form(Channel::Phone, Kind::Inquiry), cst(2026, 3, 6, 16, 0));
    assert_eq!(
        current(&s),
        (Some(Stage::Forward), Some(ms(2026, 3, 6, 17, 0)))
    );
    // Dispatched 16:10: 110 minutes left on Friday, 10 on Monday: acknowledge Monday 09:10.
    let (_, _, s) = d
        .act(
            Role::Desk,
            &c.number,
            cst(2026, 3, 6, 16, 10),
            dispatch(),
            "",
        )
        .unwrap();
    assert_eq!(
        current(&s),
        (Some(Stage::Acknowledge), Some(ms(2026, 3, 9, 9, 10)))
    );
    // Acknowledged: only the answer is left (an inquiry has no plan stage).
    let (_, _, s) = d
        .act(
            Role::Handler,
            &c.number,
            cst(2026, 3, 6, 16, 20),
            EventData::Acknowledge,
            "",
        )
        .unwrap();
    assert_eq!(
        current(&s),
        (Some(Stage::Answer), Some(ms(2026, 3, 9, 16, 0)))
    );
}

#[test]
fn an_email_on_a_national_day_holiday_is_forwarded_the_same_day() {
    let d = Desk::older_clocks();
    // Saturday 2026-10-03 is a National Day holiday: forward by 23:59:59 that day.
    let (c, s) = d.register(
        &form(Channel::Email, Kind::Complaint),
        cst(2026, 10, 3, 10, 0),
    );
    assert_eq!(s.due_stage, Some(Stage::Forward));
    assert_eq!(
        s.due,
        Some(cst_s(2026, 10, 3, 23, 59, 59).timestamp_millis())
    );
    // Dispatched at 11:00 on the holiday: the 2 work hours start on Thursday 10-08 09:00,
    // so acknowledge is due 10-08 11:00. The plan (2 work days from the next work start)
    // is due at the close of Friday 10-09, later.
    let (_, _, s) = d
        .act(
            Role::Desk,
            &c.number,
            cst(2026, 10, 3, 11, 0),
            dispatch(),
            "",
        )
        .unwrap();
    assert_eq!(
        current(&s),
        (Some(Stage::Acknowledge), Some(ms(2026, 10, 8, 11, 0)))
    );
    let (_, _, s) = d
        .act(
            Role::Handler,
            &c.number,
            cst(2026, 10, 8, 9, 5),
            EventData::Acknowledge,
            "",
        )
        .unwrap();
    assert_eq!(
        current(&s),
        (Some(Stage::PlanToCustomer), Some(ms(2026, 10, 9, 18, 0)))
    );
}

#[test]
fn a_complaint_before_national_day_counts_the_saturday_make_up_workday() {
    let d = Desk::older_clocks();
    // Wednesday 09-30 16:00: forward 17:00. Answer (3 work days = 1350 minutes): 120 on
    // 09-30, 10-01..07 off, 450 on Thu 10-08, 450 on Fri 10-09, the last 330 on Saturday
    // 10-10 (a make-up workday): 180 in the morning, 150 after 13:30 = 16:00. Plan (900):
    // 120 + 450 + 330 on 10-09 = 16:00 on Friday 10-09.
    let (c, s) = d.register(&general_phone_complaint(), cst(2026, 9, 30, 16, 0));
    assert_eq!(
        current(&s),
        (Some(Stage::Forward), Some(ms(2026, 9, 30, 17, 0)))
    );
    d.act(
        Role::Desk,
        &c.number,
        cst(2026, 9, 30, 16, 5),
        dispatch(),
        "",
    )
    .unwrap();
    let (_, _, s) = d
        .act(
            Role::Handler,
            &c.number,
            cst(2026, 9, 30, 16, 10),
            EventData::Acknowledge,
            "",
        )
        .unwrap();
    assert_eq!(
        current(&s),
        (Some(Stage::PlanToCustomer), Some(ms(2026, 10, 9, 16, 0)))
    );
    // Go through to the approval: the answer is what is left.
    let steps = [
        (
            Role::Handler,
            EventData::Investigate {
                findings: "渗水".into(),
                responsibility: "施工单位".into(),
            },
        ),
        (
            Role::Handler,
            EventData::Propose {
                plan: "维修".into(),
                expected_done: String::new(),
            },
        ),
        (Role::Manager, EventData::Approve),
    ];
    let mut last = s;
    for (i, (role, data)) in steps.into_iter().enumerate() {
        last = d
            .act(role, &c.number, cst(2026, 10, 8, 10, i as u32), data, "")
            .unwrap()
            .2;
    }
    assert_eq!(
        current(&last),
        (Some(Stage::Answer), Some(ms(2026, 10, 10, 16, 0)))
    );
}

#[test]
fn a_call_on_the_sunday_make_up_workday_counts_as_a_workday() {
    let d = Desk::older_clocks();
    // Sunday 2026-09-20 is a make-up workday: one work hour, 11:00, not the end of the day.
    let (_, s) = d.register(&general_phone_complaint(), cst(2026, 9, 20, 10, 0));
    assert_eq!(
        current(&s),
        (Some(Stage::Forward), Some(ms(2026, 9, 20, 11, 0)))
    );
}

#[test]
fn a_cancelled_complaint_owes_nothing() {
    let d = Desk::older_clocks();
    let (c, _) = d.register(&general_phone_complaint(), cst(2026, 3, 3, 10, 0));
    let (_, _, s) = d
        .act(
            Role::Desk,
            &c.number,
            cst(2026, 3, 3, 10, 5),
            EventData::Cancel,
            "重复登记",
        )
        .unwrap();
    assert_eq!(s.status, Status::Cancelled);
    assert_eq!(current(&s), (None, None));
}

// ---------------------------------------------------------------------------------------
// 2. The queue's clock, deadline filters and deadline sort.
// ---------------------------------------------------------------------------------------

/// Tuesday 2026-03-03 10:00 with the default 4 amber hours.
fn clock() -> Clock {
    let now = ms(2026, 3, 3, 10, 0);
    Clock {
        now,
        soon_until: now + 4 * HOUR,
        today_end: cst_s(2026, 3, 3, 23, 59, 59).timestamp_millis(),
    }
}

#[test]
fn clock_at_uses_the_amber_hours_and_the_office_day() {
    let mut s = staffed("SH01", "A");
    assert_eq!(Clock::at(cst(2026, 3, 3, 10, 0), &s), clock());

    s.deadlines.amber_hours = 1;
    let c = Clock::at(cst(2026, 3, 3, 23, 30), &s);
    assert_eq!(c.now, ms(2026, 3, 3, 23, 30));
    assert_eq!(c.soon_until, ms(2026, 3, 4, 0, 30));
    assert_eq!(
        c.today_end,
        cst_s(2026, 3, 3, 23, 59, 59).timestamp_millis()
    );

    // A `now` given in UTC: 17:00 UTC on 03-03 is 01:00 on 03-04 in the office, whose day
    // ends at 03-04 23:59:59 +08:00.
    let utc = FixedOffset::east_opt(0)
        .unwrap()
        .with_ymd_and_hms(2026, 3, 3, 17, 0, 0)
        .unwrap();
    let c = Clock::at(utc, &s);
    assert_eq!(c.now, ms(2026, 3, 4, 1, 0));
    assert_eq!(
        c.today_end,
        cst_s(2026, 3, 4, 23, 59, 59).timestamp_millis()
    );
}

#[test]
fn clock_passes_at_the_boundaries() {
    let c = clock();
    let now = c.now;
    use DueFilter as F;
    let cases: &[(Option<i64>, [bool; 5])] = &[
        //                             Any   Overdue DueSoon DueToday Attention
        (None, [true, false, false, false, false]),
        (Some(now - 2 * HOUR), [true, true, false, false, true]),
        (Some(now - 1), [true, true, false, false, true]),
        (Some(now), [true, false, true, true, true]),
        (Some(now + 1), [true, false, true, true, true]),
        (Some(c.soon_until), [true, false, true, true, true]),
        (Some(c.soon_until + 1), [true, false, false, true, true]),
        (Some(c.today_end), [true, false, false, true, true]),
        (Some(c.today_end + 1), [true, false, false, false, false]),
        (
            Some(ms(2026, 3, 5, 10, 0)),
            [true, false, false, false, false],
        ),
    ];
    for (due, expected) in cases {
        for (filter, want) in [F::Any, F::Overdue, F::DueSoon, F::DueToday, F::Attention]
            .into_iter()
            .zip(expected)
        {
            assert_eq!(
                c.passes(*due, filter),
                *want,
                "{filter:?} for due {due:?} (now {now})"
            );
        }
    }
}

#[test]
fn due_filter_and_sort_codes_round_trip() {
    for (f, code, _) in DueFilter::ALL {
        assert_eq!(DueFilter::from_code(code), *f);
    }
    assert_eq!(DueFilter::from_code("overdue"), DueFilter::Overdue);
    assert_eq!(DueFilter::from_code("today"), DueFilter::DueToday);
    assert_eq!(DueFilter::from_code("nonsense"), DueFilter::Any);
    assert_eq!(Sort::from_code("due"), Sort::DueFirst);
}

fn row(number: &str, received: i64, due: Option<i64>, sheet_due: Option<i64>) -> Summary {
    Summary {
        office: "SH01".into(),
        status: Status::Investigating,
        category: "工程质量".into(),
        handler: "李处理".into(),
        name: number.into(),
        phone: "13800138000".into(),
        project: "滨江华府".into(),
        content: "渗水".into(),
        received,
        updated: received,
        due,
        due_stage: due.map(|_| Stage::Answer),
        sheet_due,
        ..helpers::summary(number)
    }
}

/// Rows judged at Tuesday 10:00 (`N`); `next` is the nearest of `due` and `sheet_due`.
///
/// | row | due      | sheet_due | next    | overdue | soon | today |
/// |-----|----------|-----------|---------|---------|------|-------|
/// | A   | N − 1 ms | —         | N − 1ms | yes     |      |       |
/// | B   | N + 2 h  | —         | N + 2h  |         | yes  | yes   |
/// | C   | N + 20 h | N + 3 h   | N + 3h  |         | yes  | yes   |
/// | D   | —        | —         | —       |         |      |       |
/// | E   | —        | N − 2 h   | N − 2h  | yes     |      |       |
/// | F   | N + 10 h | N + 30 h  | N + 10h |         |      | yes   |
/// | G   | N        | —         | N       |         | yes  | yes   |
/// | H   | —        | —         | —       |         |      |       |
fn deadline_rows() -> Vec<Summary> {
    let n = ms(2026, 3, 3, 10, 0);
    vec![
        row("A", 1, Some(n - 1), None),
        row("B", 2, Some(n + 2 * HOUR), None),
        row("C", 3, Some(n + 20 * HOUR), Some(n + 3 * HOUR)),
        row("D", 4, None, None),
        row("E", 5, None, Some(n - 2 * HOUR)),
        row("F", 6, Some(n + 10 * HOUR), Some(n + 30 * HOUR)),
        row("G", 7, Some(n), None),
        row("H", 8, None, None),
    ]
}

fn names(index: &QueueIndex, positions: &[u32]) -> Vec<String> {
    positions
        .iter()
        .map(|&p| index.get(p).unwrap().number.clone())
        .collect()
}

#[test]
fn next_due_is_the_earlier_of_stage_and_sheet() {
    let n = ms(2026, 3, 3, 10, 0);
    assert_eq!(row("x", 0, None, None).next_due(), None);
    assert_eq!(row("x", 0, Some(n), None).next_due(), Some(n));
    assert_eq!(row("x", 0, None, Some(n)).next_due(), Some(n));
    assert_eq!(row("x", 0, Some(n), Some(n + 1)).next_due(), Some(n));
    assert_eq!(row("x", 0, Some(n + 1), Some(n)).next_due(), Some(n));
}

#[test]
fn the_queue_filters_by_the_nearest_deadline() {
    let index = QueueIndex::new(deadline_rows());
    let select = |due: DueFilter| {
        let f = Filter {
            due,
            clock: clock(),
            sort: Sort::OldestFirst,
            ..Filter::default()
        };
        names(&index, &index.select(&f, None))
    };
    assert_eq!(
        select(DueFilter::Any),
        ["A", "B", "C", "D", "E", "F", "G", "H"]
    );
    assert_eq!(select(DueFilter::Overdue), ["A", "E"]);
    assert_eq!(select(DueFilter::DueSoon), ["B", "C", "G"]);
    assert_eq!(select(DueFilter::DueToday), ["B", "C", "F", "G"]);
    assert_eq!(select(DueFilter::Attention), ["A", "B", "C", "E", "F", "G"]);
}

#[test]
fn the_deadline_filter_combines_with_other_filters() {
    let mut rows = deadline_rows();
    rows[0].handler = "陈杰".into(); // A, overdue
    let index = QueueIndex::new(rows);
    let f = Filter {
        due: DueFilter::Overdue,
        clock: clock(),
        handler: Some("李处理".into()),
        ..Filter::default()
    };
    assert_eq!(names(&index, &index.select(&f, None)), ["E"]);
}

#[test]
fn due_first_sorts_by_the_nearest_deadline_with_the_undated_last() {
    let index = QueueIndex::new(deadline_rows());
    let f = Filter {
        sort: Sort::DueFirst,
        clock: clock(),
        ..Filter::default()
    };
    // E (N−2h), A (N−1ms), G (N), B (N+2h), C (N+3h, its sheet), F (N+10h); D and H have no
    // deadline and keep their index order at the end.
    assert_eq!(
        names(&index, &index.select(&f, None)),
        ["E", "A", "G", "B", "C", "F", "D", "H"]
    );
    let overdue_first = Filter {
        due: DueFilter::Attention,
        ..f
    };
    assert_eq!(
        names(&index, &index.select(&overdue_first, None)),
        ["E", "A", "G", "B", "C", "F"]
    );
}

#[test]
fn a_new_clock_or_deadline_filter_does_not_count_as_narrowing() {
    let base = Filter {
        due: DueFilter::Overdue,
        clock: clock(),
        text: "渗".into(),
        ..Filter::default()
    };
    let longer = Filter {
        text: "渗水".into(),
        ..base.clone()
    };
    assert!(longer.narrows(&base));
    let later = Filter {
        clock: Clock {
            now: base.clock.now + MINUTE,
            ..base.clock
        },
        ..longer.clone()
    };
    assert!(!later.narrows(&base), "a later clock can add overdue rows");
    let other = Filter {
        due: DueFilter::Attention,
        ..longer
    };
    assert!(!other.narrows(&base));
}

// ---------------------------------------------------------------------------------------
// 4. Escalation through the service.
// ---------------------------------------------------------------------------------------

fn escalation_of(s: &Summary) -> Option<(Stage, EscalationLevel)> {
    s.escalation
}

#[test]
fn an_overdue_forward_stage_climbs_the_ladder_once_per_step() {
    let d = Desk::older_clocks();
    // Tuesday 10:00; forward due 11:00; one step is one work day (450 work minutes), so
    // the general manager is due Wednesday 11:00 and head office Thursday 11:00.
    let (c, s0) = d.register(&general_phone_complaint(), cst(2026, 3, 3, 10, 0));
    let n = c.number.as_str();

    assert!(d
        .escalate(cst(2026, 3, 3, 10, 59), std::slice::from_ref(&s0))
        .is_empty());
    assert!(
        d.escalate(cst(2026, 3, 3, 11, 0), std::slice::from_ref(&s0))
            .is_empty(),
        "at the due minute it is still in time"
    );

    let up = d.escalate(cst(2026, 3, 3, 11, 30), std::slice::from_ref(&s0));
    assert_eq!(up.len(), 1);
    assert_eq!(up[0].number, n);
    assert_eq!(
        escalation_of(&up[0]),
        Some((Stage::Forward, EscalationLevel::ProjectManager))
    );
    assert_eq!(
        up[0].status,
        Status::Registered,
        "escalation keeps the status"
    );
    assert_eq!(
        current(&up[0]),
        (Some(Stage::Forward), Some(ms(2026, 3, 3, 11, 0)))
    );
    assert_eq!(d.stored_summary(n), up[0], "the summary is stored too");

    let stored = d.stored(n);
    assert_eq!(stored.events.len(), 2);
    let e = &stored.events[1];
    assert_eq!(e.actor, "系统");
    assert_eq!(e.actor, service::SYSTEM_ACTOR);
    assert_eq!(e.role, Role::System);
    // Dated when it happened, at the deadline, not when the app noticed it.
    assert_eq!(e.at, cst(2026, 3, 3, 11, 0));
    assert_eq!(
        e.data,
        EventData::Escalate {
            stage: Stage::Forward,
            level: EscalationLevel::ProjectManager,
            deadline: Some(cst(2026, 3, 3, 11, 0)),
        }
    );
    assert!(
        e.note.contains("转达处理人"),
        "note names the stage: {}",
        e.note
    );
    assert!(
        e.note.contains("项目经理"),
        "note names the level: {}",
        e.note
    );
    assert_eq!(e.data.action(), None);

    // Idempotent: with the new summary, and with the stale one (re-checked against the
    // stored history).
    assert!(d.escalate(cst(2026, 3, 3, 11, 30), &up).is_empty());
    assert!(d
        .escalate(cst(2026, 3, 3, 11, 30), std::slice::from_ref(&s0))
        .is_empty());
    assert!(d.escalate(cst(2026, 3, 3, 17, 0), &up).is_empty());
    assert!(d.escalate(cst(2026, 3, 4, 10, 59), &up).is_empty());
    assert_eq!(d.stored(n).events.len(), 2);

    let up = d.escalate(cst(2026, 3, 4, 11, 0), &up);
    assert_eq!(
        up.iter().map(escalation_of).collect::<Vec<_>>(),
        [Some((Stage::Forward, EscalationLevel::GeneralManager))]
    );
    assert!(d.escalate(cst(2026, 3, 4, 11, 1), &up).is_empty());

    let up = d.escalate(cst(2026, 3, 5, 11, 0), &up);
    assert_eq!(
        up.iter().map(escalation_of).collect::<Vec<_>>(),
        [Some((Stage::Forward, EscalationLevel::HeadOffice))]
    );
    // Never beyond head office.
    assert!(d.escalate(cst(2026, 3, 6, 11, 0), &up).is_empty());
    assert!(d.escalate(cst(2026, 3, 20, 11, 0), &up).is_empty());

    let levels: Vec<EscalationLevel> = d
        .stored(n)
        .events
        .iter()
        .filter_map(|e| match e.data {
            EventData::Escalate { stage, level, .. } => {
                assert_eq!(stage, Stage::Forward);
                Some(level)
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        levels,
        [
            EscalationLevel::ProjectManager,
            EscalationLevel::GeneralManager,
            EscalationLevel::HeadOffice
        ]
    );
    assert_eq!(d.stored_summary(n).status, Status::Registered);
}

/// The escalations recorded in complaint `number`'s history: (level risen to, when).
fn rises_of(
    d: &Desk,
    number: &str,
) -> Vec<(EscalationLevel, chrono::DateTime<chrono::FixedOffset>)> {
    d.stored(number)
        .events
        .iter()
        .filter_map(|e| match e.data {
            EventData::Escalate { level, .. } => Some((level, e.at)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_complaint_noticed_late_gets_every_rise_at_its_own_time() {
    let d = Desk::older_clocks();
    let (c, s0) = d.register(&general_phone_complaint(), cst(2026, 3, 3, 10, 0));
    // First noticed Thursday 12:00, two steps past the 11:00 deadline: three events, each
    // dated when its rise happened, so the count and the breakdown by level see them all.
    let up = d.escalate(cst(2026, 3, 5, 12, 0), &[s0]);
    assert_eq!(
        up.iter().map(escalation_of).collect::<Vec<_>>(),
        [Some((Stage::Forward, EscalationLevel::HeadOffice))]
    );
    let rises = rises_of(&d, &c.number);
    assert_eq!(
        rises,
        [
            (EscalationLevel::ProjectManager, cst(2026, 3, 3, 11, 0)),
            (EscalationLevel::GeneralManager, cst(2026, 3, 4, 11, 0)),
            (EscalationLevel::HeadOffice, cst(2026, 3, 5, 11, 0)),
        ]
    );
    assert_eq!(d.stored(&c.number).events.len(), 4);
    // Asking again records nothing.
    assert!(d.escalate(cst(2026, 3, 5, 12, 5), &up).is_empty());
}

#[test]
fn late_rises_are_never_dated_before_a_later_event() {
    let d = Desk::older_clocks();
    let (c, _) = d.register(&general_phone_complaint(), cst(2026, 3, 3, 10, 0));
    // A follow-up on Wednesday 15:00 (the forward stage stays overdue: no dispatch).
    let (_, _, s) = d
        .act(
            Role::Desk,
            &c.number,
            cst(2026, 3, 4, 15, 0),
            EventData::FollowUp,
            "已告知客户",
        )
        .unwrap();
    let up = d.escalate(cst(2026, 3, 5, 12, 0), &[s]);
    assert_eq!(up.len(), 1);
    let rises = rises_of(&d, &c.number);
    assert_eq!(
        rises,
        [
            (EscalationLevel::ProjectManager, cst(2026, 3, 4, 15, 0)),
            (EscalationLevel::GeneralManager, cst(2026, 3, 4, 15, 0)),
            (EscalationLevel::HeadOffice, cst(2026, 3, 5, 11, 0)),
        ]
    );
}

#[test]
fn the_ladder_steps_over_national_day_and_counts_the_make_up_saturday() {
    let d = Desk::older_clocks();
    // Wednesday 09-30 17:30: 30 work minutes that day, 30 more on Thursday 10-08: forward
    // due 10-08 09:30. Steps: Fri 10-09 09:30, then Saturday 10-10 09:30 (make-up workday).
    let (_, s0) = d.register(&general_phone_complaint(), cst(2026, 9, 30, 17, 30));
    assert_eq!(
        current(&s0),
        (Some(Stage::Forward), Some(ms(2026, 10, 8, 9, 30)))
    );
    assert!(d
        .escalate(cst(2026, 10, 5, 12, 0), std::slice::from_ref(&s0))
        .is_empty());
    let up = d.escalate(cst(2026, 10, 8, 9, 31), &[s0]);
    assert_eq!(
        escalation_of(&up[0]),
        Some((Stage::Forward, EscalationLevel::ProjectManager))
    );
    assert!(d.escalate(cst(2026, 10, 9, 9, 29), &up).is_empty());
    let up = d.escalate(cst(2026, 10, 9, 9, 30), &up);
    assert_eq!(
        escalation_of(&up[0]),
        Some((Stage::Forward, EscalationLevel::GeneralManager))
    );
    let up = d.escalate(cst(2026, 10, 10, 9, 30), &up);
    assert_eq!(
        escalation_of(&up[0]),
        Some((Stage::Forward, EscalationLevel::HeadOffice))
    );
}

#[test]
fn complaints_in_time_closed_or_unknown_are_left_alone() {
    let d = Desk::older_clocks();
    // In time: registered 11:00, forward due 12:00.
    let (_, in_time) = d.register(&general_phone_complaint(), cst(2026, 3, 3, 11, 0));
    // Closed: cancelled at 10:05.
    let (c, _) = d.register(&general_phone_complaint(), cst(2026, 3, 3, 10, 0));
    let (_, _, closed) = d
        .act(
            Role::Desk,
            &c.number,
            cst(2026, 3, 3, 10, 5),
            EventData::Cancel,
            "重复登记",
        )
        .unwrap();
    // A stale summary that still says the cancelled one is open and overdue: the stored
    // history decides.
    let stale = Summary {
        status: Status::Registered,
        due: Some(ms(2026, 3, 3, 11, 0)),
        due_stage: Some(Stage::Forward),
        ..closed.clone()
    };
    // A summary of a complaint that is not stored.
    let ghost = Summary {
        number: "SH01-A-20260303-9999".into(),
        ..stale.clone()
    };
    let up = d.escalate(
        cst(2026, 3, 3, 11, 30),
        &[in_time.clone(), closed.clone(), stale, ghost],
    );
    assert!(up.is_empty(), "{up:?}");
    assert_eq!(d.stored(&c.number).events.len(), 2);
    assert_eq!(d.stored(&in_time.number).events.len(), 1);
}

#[test]
fn several_overdue_complaints_are_escalated_in_one_call() {
    let d = Desk::older_clocks();
    let (a, sa) = d.register(&general_phone_complaint(), cst(2026, 3, 3, 9, 0));
    let (b, sb) = d.register(&general_phone_complaint(), cst(2026, 3, 3, 10, 0));
    let up = d.escalate(cst(2026, 3, 3, 11, 30), &[sa, sb]);
    let mut got: Vec<(String, Option<(Stage, EscalationLevel)>)> = up
        .iter()
        .map(|s| (s.number.clone(), s.escalation))
        .collect();
    got.sort();
    let pm = Some((Stage::Forward, EscalationLevel::ProjectManager));
    assert_eq!(got, [(a.number.clone(), pm), (b.number.clone(), pm)]);
    // Each escalation event has its own id.
    let ea = d.stored(&a.number).events[1].id.clone();
    let eb = d.stored(&b.number).events[1].id.clone();
    assert_ne!(ea, eb);
}

#[test]
fn after_an_escalation_work_goes_on_and_the_next_stage_has_its_own_ladder() {
    let d = Desk::older_clocks();
    let (c, s0) = d.register(&general_phone_complaint(), cst(2026, 3, 3, 10, 0));
    let n = c.number.as_str();
    d.escalate(cst(2026, 3, 3, 11, 30), &[s0]);

    // Dispatched late at 11:45: acknowledge due 2 work hours later, 15 minutes before lunch
    // and 105 after 13:30 = 15:15.
    let (_, state, s) = d
        .act(Role::Desk, n, cst(2026, 3, 3, 11, 45), dispatch(), "")
        .unwrap();
    assert_eq!(state.status, Status::Dispatched);
    assert_eq!(
        current(&s),
        (Some(Stage::Acknowledge), Some(ms(2026, 3, 3, 15, 15)))
    );
    assert_eq!(
        s.escalation,
        Some((Stage::Forward, EscalationLevel::ProjectManager)),
        "the latest recorded escalation stays on the summary"
    );
    assert!(d
        .escalate(cst(2026, 3, 3, 15, 15), std::slice::from_ref(&s))
        .is_empty());

    // The acknowledge stage overdue starts again at the first level.
    let up = d.escalate(cst(2026, 3, 3, 15, 16), &[s]);
    assert_eq!(
        escalation_of(&up[0]),
        Some((Stage::Acknowledge, EscalationLevel::ProjectManager))
    );
    assert_eq!(up[0].status, Status::Dispatched);

    let (_, state, s) = d
        .act(
            Role::Handler,
            n,
            cst(2026, 3, 3, 15, 20),
            EventData::Acknowledge,
            "",
        )
        .unwrap();
    assert_eq!(state.status, Status::Acknowledged);
    assert_eq!(
        current(&s),
        (Some(Stage::PlanToCustomer), Some(ms(2026, 3, 5, 10, 0)))
    );
    let kinds: Vec<&str> = d
        .stored(n)
        .events
        .iter()
        .map(|e| e.data.action().map_or("-", |a| a.code()))
        .collect();
    assert_eq!(kinds, ["-", "-", "dispatch", "-", "acknowledge"]);
}

#[test]
fn the_workflow_refuses_an_escalation_on_a_closed_complaint() {
    let d = Desk::older_clocks();
    let (c, _) = d.register(&general_phone_complaint(), cst(2026, 3, 3, 10, 0));
    let (mut complaint, _, _) = d
        .act(
            Role::Desk,
            &c.number,
            cst(2026, 3, 3, 10, 5),
            EventData::Cancel,
            "重复登记",
        )
        .unwrap();
    let escalate = |id: &str, at| Event {
        id: id.into(),
        at,
        actor: "系统".into(),
        role: Role::System,
        note: String::new(),
        data: EventData::Escalate {
            stage: Stage::Forward,
            level: EscalationLevel::ProjectManager,
            deadline: None,
        },
    };
    assert_eq!(
        complaint.append(escalate("x1", cst(2026, 3, 3, 11, 30))),
        Err(WorkflowError::NotAllowed {
            status: "已作废",
            action: "升级",
        })
    );
    assert_eq!(complaint.events.len(), 2);

    // On an open complaint it is allowed for the system role, keeps the status and must
    // not go back in time.
    let (mut open, _) = d.register(&general_phone_complaint(), cst(2026, 3, 3, 10, 0));
    assert_eq!(
        open.append(escalate("y0", cst(2026, 3, 3, 9, 59))),
        Err(WorkflowError::OutOfOrder)
    );
    let state = open
        .append(escalate("y1", cst(2026, 3, 3, 11, 30)))
        .unwrap();
    assert_eq!(state.status, Status::Registered);
    assert_eq!(
        state.escalation,
        Some((Stage::Forward, EscalationLevel::ProjectManager))
    );
    assert_eq!(state.updated_at, cst(2026, 3, 3, 11, 30));
}

#[test]
fn acting_is_still_refused_without_an_actor_but_escalation_needs_none() {
    let d = Desk::older_clocks();
    let (c, s0) = d.register(&general_phone_complaint(), cst(2026, 3, 3, 10, 0));
    let ctx = d.ctx(None, cst(2026, 3, 3, 11, 30));
    assert!(matches!(
        block_on(service::act(&d.store, &ctx, &c.number, dispatch(), "")),
        Err(ServiceError::NoActor)
    ));
    let up = block_on(service::escalate_overdue(&d.store, &ctx, &[s0])).unwrap();
    assert_eq!(up.len(), 1);
}

// ---------------------------------------------------------------------------------------
// 5. Time formats.
// ---------------------------------------------------------------------------------------

#[test]
fn span_words() {
    assert_eq!(span(0), "0分");
    assert_eq!(span(1), "1分");
    assert_eq!(span(59), "59分");
    assert_eq!(span(60), "1小时0分");
    assert_eq!(span(61), "1小时1分");
    assert_eq!(span(23 * 60 + 59), "23小时59分");
    assert_eq!(span(1440), "1天0小时");
    // Days and hours only: the minutes are dropped.
    assert_eq!(span(1440 + 59), "1天0小时");
    assert_eq!(span(3 * 1440 + 2 * 60 + 30), "3天2小时");
    // The sign is the caller's business.
    assert_eq!(span(-125), "2小时5分");
    assert_eq!(span(-1440), "1天0小时");
}

#[test]
fn due_text_rounds_time_left_down_and_overdue_up() {
    let now = ms(2026, 3, 3, 10, 0);
    assert_eq!(due_text(now, now), "剩余 0分", "the due second is in time");
    assert_eq!(due_text(now + 59_999, now), "剩余 0分");
    assert_eq!(due_text(now + MINUTE, now), "剩余 1分");
    assert_eq!(due_text(now + 4 * HOUR, now), "剩余 4小时0分");
    assert_eq!(
        due_text(ms(2026, 3, 5, 10, 0), ms(2026, 3, 3, 14, 0)),
        "剩余 1天20小时"
    );
    // Overdue: any part of a minute counts as a minute.
    assert_eq!(due_text(now - 1, now), "已逾期 1分");
    assert_eq!(due_text(now - MINUTE, now), "已逾期 1分");
    assert_eq!(due_text(now - MINUTE - 1, now), "已逾期 2分");
    assert_eq!(
        due_text(ms(2026, 3, 3, 11, 0), ms(2026, 3, 4, 13, 30)),
        "已逾期 1天2小时"
    );
}

#[test]
fn ymd_hm_and_local_minute_print_in_the_times_own_offset() {
    let t = cst_s(2026, 10, 10, 9, 5, 59);
    assert_eq!(ymd_hm(&t), "2026-10-10 09:05");
    assert_eq!(local_minute(&t), "2026-10-10T09:05");
    let utc = t.with_timezone(&FixedOffset::east_opt(0).unwrap());
    assert_eq!(ymd_hm(&utc), "2026-10-10 01:05");
    assert_eq!(local_minute(&utc), "2026-10-10T01:05");
    // Just after midnight in Shanghai is the previous day in UTC.
    let t = cst(2026, 1, 1, 0, 30);
    assert_eq!(ymd_hm(&t), "2026-01-01 00:30");
    assert_eq!(
        ymd_hm(&t.with_timezone(&FixedOffset::east_opt(0).unwrap())),
        "2025-12-31 16:30"
    );
}

fn naive(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, s)
        .unwrap()
}

#[test]
fn parse_local_minute_edge_cases() {
    assert_eq!(
        parse_local_minute("2026-03-04T10:00"),
        Some(naive(2026, 3, 4, 10, 0, 0))
    );
    assert_eq!(
        parse_local_minute("2026-03-04T10:00:30"),
        Some(naive(2026, 3, 4, 10, 0, 30)),
        "seconds are allowed"
    );
    assert_eq!(
        parse_local_minute("  2026-03-04T10:00  "),
        Some(naive(2026, 3, 4, 10, 0, 0)),
        "surrounding blanks are trimmed"
    );
    // 2026 is not a leap year; 2028 is.
    assert_eq!(parse_local_minute("2026-02-29T10:00"), None);
    assert_eq!(
        parse_local_minute("2028-02-29T10:00"),
        Some(naive(2028, 2, 29, 10, 0, 0))
    );
    assert_eq!(
        parse_local_minute("2026-12-31T23:59:59"),
        Some(naive(2026, 12, 31, 23, 59, 59))
    );
    for bad in [
        "",
        "2026-03-04",
        "2026-03-04T",
        "2026-03-04T10",
        "2026-03-04T10:",
        "2026-03-04T10:00:",
        "2026-03-04T24:00",
        "2026-03-04T10:60",
        "2026-03-04T10:00:60",
        "2026-03-04T10:00:30:00",
        "2026-13-01T10:00",
        "2026-04-31T10:00",
        "2026-00-10T10:00",
        "2026/03/04T10:00",
        "2026-03-04 10:00",
        "2026-03-04t10:00",
        "-2026-03-04T10:00",
        "２０２６-03-04T10:00",
    ] {
        assert_eq!(parse_local_minute(bad), None, "{bad:?}");
    }
}

#[test]
fn local_minute_round_trips_through_the_parser() {
    for t in [
        cst(2026, 1, 1, 0, 0),
        cst(2026, 2, 28, 23, 59),
        cst(2026, 10, 10, 13, 30),
    ] {
        assert_eq!(parse_local_minute(&local_minute(&t)), Some(t.naive_local()));
    }
}

#[test]
fn a_reassignment_starts_a_new_ladder_for_its_own_deadline() {
    let d = Desk::older_clocks();
    let (c, s0) = d.register(&general_phone_complaint(), cst(2026, 3, 3, 9, 0));
    let n = c.number.as_str();
    // Dispatched at 9:30: acknowledge due 11:30. Overdue and escalated at 12:00.
    let (_, _, s) = d
        .act(Role::Desk, n, cst(2026, 3, 3, 9, 30), dispatch(), "")
        .unwrap();
    drop(s0);
    let up = d.escalate(cst(2026, 3, 3, 12, 0), &[s]);
    assert_eq!(
        escalation_of(&up[0]),
        Some((Stage::Acknowledge, EscalationLevel::ProjectManager))
    );
    // Reassigned at 14:00: the new handler's acknowledge is due 2 work hours later, 16:00.
    let (_, _, s) = d
        .act(
            Role::Desk,
            n,
            cst(2026, 3, 3, 14, 0),
            EventData::Reassign {
                handler: "赵处理".into(),
            },
            "",
        )
        .unwrap();
    assert_eq!(
        current(&s),
        (Some(Stage::Acknowledge), Some(ms(2026, 3, 3, 16, 0)))
    );
    // Not overdue yet: nothing, although the previous deadline's escalation is on record.
    assert!(d
        .escalate(cst(2026, 3, 3, 15, 59), std::slice::from_ref(&s))
        .is_empty());
    // Overdue at 16:01: the new deadline climbs from the first level again.
    let up = d.escalate(cst(2026, 3, 3, 16, 1), std::slice::from_ref(&s));
    assert_eq!(up.len(), 1);
    assert_eq!(
        escalation_of(&up[0]),
        Some((Stage::Acknowledge, EscalationLevel::ProjectManager))
    );
    assert_eq!(up[0].escalation_deadline, Some(ms(2026, 3, 3, 16, 0)));
}
