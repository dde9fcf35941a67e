//! Deadlines, urgency and escalation (issue 3). Expected times are worked out by hand from the
//! 2026 calendar (see the header of `vocabulary/calendar.rs`): Mon-Fri, 09:00-12:00 and
//! 13:30-18:00 (450 work minutes a day); 春节 02-15..23 off with make-up Saturdays 02-14 and
//! 02-28; 国庆 10-01..07 off with make-up Sun 09-20 and Sat 10-10; 中秋 09-25..27 off.

use chrono::{DateTime, FixedOffset};
use complaint_desk::domain::case::{Complaint, Event, EventData};
use complaint_desk::domain::deadlines::{
    current_deadline, department_reply_due, escalation_due, escalation_rises, forward_due,
    stage_deadlines, urgency, StageDeadline, Urgency,
};
use complaint_desk::domain::vocabulary::{
    Channel, CustomerType, DeadlineError, DeadlineSettings, EscalationLevel, Intake, Kind,
    LimitUnit, Mood, Role, Severity, Stage, TimeLimit, TransferTarget, WorkCalendar,
};

use crate::helpers::at;

fn intake(kind: Kind, severity: Severity, channel: Channel) -> Intake {
    Intake {
        customer_name: "王先生".into(),
        phone: "13800001111".into(),
        customer_type: CustomerType::Owner,
        project: "滨江花园".into(),
        building: "3栋".into(),
        unit: "1202".into(),
        event_time: String::new(),
        event_place: String::new(),
        content: "客厅墙面渗水".into(),
        desired_remedy: "尽快维修".into(),
        mood: Mood::Upset,
        channel,
        kind,
        category: "工程质量".into(),
        severity,
        facts: Default::default(),
        severity_reason: String::new(),
        received_by: String::new(),
    }
}

/// A complaint registered at `received`, then `steps` applied through the workflow (by the
/// GM, who may take every action).
fn history(
    kind: Kind,
    severity: Severity,
    channel: Channel,
    received: &str,
    steps: Vec<(&str, EventData)>,
) -> Complaint {
    let mut complaint = Complaint::register(
        "SH01-A-20260101-0001".into(),
        "SH01".into(),
        intake(kind, severity, channel),
        "e0".into(),
        at(received),
        "客服专员",
        Role::Desk,
    );
    for (i, (time, data)) in steps.into_iter().enumerate() {
        let note = match data {
            EventData::Reopen | EventData::Reclassify { .. } | EventData::Cancel => "原因".into(),
            _ => String::new(),
        };
        complaint
            .append(Event {
                id: format!("e{}", i + 1),
                at: at(time),
                actor: "总经理".into(),
                role: Role::Gm,
                note,
                data,
            })
            .unwrap();
    }
    complaint
}

/// The deadlines of the stages of R-10..R-22 (the acknowledgement of R-04 and the GM's
/// look of R-11 are in `deadlines::first_contact`).
fn deadlines(c: &Complaint) -> Vec<StageDeadline> {
    let state = c.state().unwrap();
    stage_deadlines(
        &c.events,
        &state,
        &WorkCalendar::default(),
        &DeadlineSettings::default(),
    )
    .into_iter()
    .filter(|d| crate::helpers::OLDER_STAGES.contains(&d.stage))
    .collect()
}

/// The current deadline under the clocks of R-10..R-22 only.
fn current(c: &Complaint) -> Option<StageDeadline> {
    let state = c.state().unwrap();
    let mut s = complaint_desk::domain::vocabulary::Settings::new("SH01", "A");
    crate::helpers::older_clocks(&mut s);
    current_deadline(&c.events, &state, &WorkCalendar::default(), &s.deadlines)
}

fn stage(stage: Stage, due: &str, done: Option<&str>) -> StageDeadline {
    let due = at(due);
    let done_at = done.map(at);
    StageDeadline {
        stage,
        due,
        done_at,
        met: done_at.map(|d| d <= due),
    }
}

fn dispatch() -> EventData {
    EventData::Dispatch {
        handler: "处理人".into(),
    }
}

fn answer() -> EventData {
    EventData::Answer {
        reply: "已安排维修".into(),
    }
}

#[test]
fn forwarding_deadlines_r12() {
    let cal = WorkCalendar::default();
    let cfg = DeadlineSettings::default();
    // (received, due, why)
    let cases = [
        (
            "2026-03-05 10:00",
            "2026-03-05 11:00",
            "phone in work hours: +1 work hour",
        ),
        (
            "2026-03-06 17:50",
            "2026-03-09 09:50",
            "phone at 17:50 on a Friday",
        ),
        (
            "2026-03-05 12:30",
            "2026-03-05 14:30",
            "call in the lunch break",
        ),
        (
            "2026-03-04 07:30",
            "2026-03-04 10:00",
            "before work on a workday",
        ),
        (
            "2026-03-04 20:00",
            "2026-03-05 10:00",
            "after hours on a workday",
        ),
        (
            "2026-03-06 19:00",
            "2026-03-09 10:00",
            "Friday evening is a workday's after hours",
        ),
        (
            "2026-03-07 10:00",
            "2026-03-07 23:59:59",
            "email on a Saturday: the same day",
        ),
        (
            "2026-03-07 23:30",
            "2026-03-07 23:59:59",
            "late on a Saturday: still the same day",
        ),
        (
            "2026-09-30 17:30",
            "2026-10-08 09:30",
            "eve of National Day, 17:30",
        ),
        (
            "2026-09-30 19:00",
            "2026-10-08 10:00",
            "eve of National Day, evening",
        ),
        ("2026-10-01 10:00", "2026-10-01 23:59:59", "on National Day"),
        (
            "2026-02-16 10:00",
            "2026-02-16 23:59:59",
            "Spring Festival Monday",
        ),
        (
            "2026-09-20 08:00",
            "2026-09-20 10:00",
            "make-up Sunday is a workday",
        ),
        (
            "2026-09-20 11:30",
            "2026-09-20 14:00",
            "make-up Sunday, over lunch",
        ),
        (
            "2026-02-28 17:30",
            "2026-03-02 09:30",
            "make-up Saturday, late",
        ),
    ];
    for (received, due, case) in cases {
        assert_eq!(
            forward_due(at(received), &cal, &cfg),
            at(due),
            "{received}: {case}"
        );
    }
    // With the same-day rule off, a Saturday email follows the work-hour rule.
    let off = DeadlineSettings {
        forward_holiday_same_day: false,
        ..DeadlineSettings::default()
    };
    assert_eq!(
        forward_due(at("2026-03-07 10:00"), &cal, &off),
        at("2026-03-09 10:00")
    );
}

#[test]
fn a_general_complaint_through_every_stage() {
    // Thursday 2026-03-05 10:00, by phone.
    let c = history(
        Kind::Complaint,
        Severity::General,
        Channel::Phone,
        "2026-03-05 10:00",
        vec![
            ("2026-03-05 10:40", dispatch()),
            ("2026-03-05 14:30", EventData::Acknowledge),
            (
                "2026-03-05 16:00",
                EventData::Investigate {
                    findings: "外墙防水层破损".into(),
                    responsibility: "施工单位".into(),
                },
            ),
            (
                "2026-03-06 09:30",
                EventData::Propose {
                    plan: "修补防水层".into(),
                    expected_done: "2026-03-09".into(),
                },
            ),
            ("2026-03-06 16:00", EventData::Approve),
            (
                "2026-03-09 15:00",
                EventData::CarryOut {
                    result: "已修补".into(),
                },
            ),
            ("2026-03-10 10:00", answer()),
            (
                "2026-03-16 11:00",
                EventData::Callback {
                    score: 4,
                    accepted: true,
                },
            ),
        ],
    );
    assert_eq!(
        deadlines(&c),
        vec![
            // 10:00 + 1 work hour.
            stage(Stage::Forward, "2026-03-05 11:00", Some("2026-03-05 10:40")),
            // 10:40 + 120 work minutes: 80 before lunch, 40 after 13:30.
            stage(
                Stage::Acknowledge,
                "2026-03-05 14:10",
                Some("2026-03-05 14:30")
            ),
            // Thursday 10:00 + 2 work days: Friday, Monday.
            stage(
                Stage::PlanToCustomer,
                "2026-03-09 10:00",
                Some("2026-03-06 16:00")
            ),
            // + 3 work days: Friday, Monday, Tuesday; answered on the due minute = met.
            stage(Stage::Answer, "2026-03-10 10:00", Some("2026-03-10 10:00")),
            // Tuesday 10:00 + 3 work days: Friday 03-13 10:00; called back the next Monday.
            stage(
                Stage::Callback,
                "2026-03-13 10:00",
                Some("2026-03-16 11:00")
            ),
        ]
    );
    let met: Vec<Option<bool>> = deadlines(&c).iter().map(|s| s.met).collect();
    assert_eq!(
        met,
        vec![Some(true), Some(false), Some(true), Some(true), Some(false)]
    );
    assert_eq!(current(&c), None);
}

#[test]
fn a_major_complaint_over_spring_festival() {
    // Friday 2026-02-13 10:00, the last ordinary workday before the holiday.
    let c = history(
        Kind::Complaint,
        Severity::Major,
        Channel::Phone,
        "2026-02-13 10:00",
        vec![
            ("2026-02-13 10:30", dispatch()),
            ("2026-02-14 09:10", EventData::Acknowledge),
        ],
    );
    assert_eq!(
        deadlines(&c),
        vec![
            stage(Stage::Forward, "2026-02-13 11:00", Some("2026-02-13 10:30")),
            // 10:30 + 120: 90 before lunch, 30 after.
            stage(
                Stage::Acknowledge,
                "2026-02-13 14:00",
                Some("2026-02-14 09:10")
            ),
            // 2 work days: make-up Saturday 02-14, then Tuesday 02-24.
            stage(Stage::PlanToCustomer, "2026-02-24 10:00", None),
            // 10 work days: 02-14 (1), 02-24..27 (2-5), 02-28 (6), 03-02..05 (7-10).
            stage(Stage::Answer, "2026-03-05 10:00", None),
        ]
    );
    assert_eq!(
        current(&c),
        Some(stage(Stage::PlanToCustomer, "2026-02-24 10:00", None))
    );

    // Had it been general: 3 work days = 02-14, 02-24, 02-25.
    let general = history(
        Kind::Complaint,
        Severity::General,
        Channel::Phone,
        "2026-02-13 10:00",
        vec![],
    );
    let answer_due = deadlines(&general)
        .into_iter()
        .find(|s| s.stage == Stage::Answer)
        .unwrap()
        .due;
    assert_eq!(answer_due, at("2026-02-25 10:00"));

    // An office that counts calendar days gets 02-23 10:00 for the major one.
    let calendar_days = DeadlineSettings {
        answer_major: TimeLimit::calendar_days(10),
        ..DeadlineSettings::default()
    };
    let state = c.state().unwrap();
    let answer_due = stage_deadlines(&c.events, &state, &WorkCalendar::default(), &calendar_days)
        .into_iter()
        .find(|s| s.stage == Stage::Answer)
        .unwrap()
        .due;
    assert_eq!(answer_due, at("2026-02-23 10:00"));
}

#[test]
fn an_inquiry_emailed_on_a_saturday() {
    let c = history(
        Kind::Inquiry,
        Severity::General,
        Channel::Email,
        "2026-03-07 09:15",
        vec![("2026-03-09 09:20", dispatch())],
    );
    assert_eq!(
        deadlines(&c),
        vec![
            // Saturday: forwarded the same day; done only on Monday, so missed.
            stage(
                Stage::Forward,
                "2026-03-07 23:59:59",
                Some("2026-03-09 09:20")
            ),
            // Monday 09:20 + 120 work minutes.
            stage(Stage::Acknowledge, "2026-03-09 11:20", None),
            // No plan stage for an inquiry; 1 work day from Monday 09:00 = Monday 18:00.
            stage(Stage::Answer, "2026-03-09 18:00", None),
        ]
    );
    assert_eq!(deadlines(&c)[0].met, Some(false));
}

#[test]
fn a_call_on_the_eve_of_national_day() {
    let c = history(
        Kind::Complaint,
        Severity::General,
        Channel::Phone,
        "2026-09-30 17:30",
        vec![],
    );
    assert_eq!(
        deadlines(&c),
        vec![
            // 30 minutes on 09-30, 30 on 10-08.
            stage(Stage::Forward, "2026-10-08 09:30", None),
            // Same clock position two workdays later: 10-08 (1), 10-09 (2).
            stage(Stage::PlanToCustomer, "2026-10-09 17:30", None),
            // Three workdays: the third is the make-up Saturday 10-10.
            stage(Stage::Answer, "2026-10-10 17:30", None),
        ]
    );
    assert_eq!(
        current(&c),
        Some(stage(Stage::Forward, "2026-10-08 09:30", None))
    );
}

#[test]
fn answer_limits_by_kind() {
    // Friday 2026-03-06 15:00; 1 work day = Monday 15:00, 3 = Wednesday, 10 = 03-20.
    let cases = [
        (Kind::Inquiry, Severity::General, "2026-03-09 15:00"),
        (Kind::AfterSales, Severity::General, "2026-03-09 15:00"),
        (Kind::AfterSales, Severity::Major, "2026-03-09 15:00"),
        (Kind::Suggestion, Severity::General, "2026-03-11 15:00"),
        (Kind::Complaint, Severity::General, "2026-03-11 15:00"),
        (Kind::Complaint, Severity::Major, "2026-03-20 15:00"),
    ];
    for (kind, severity, due) in cases {
        let c = history(kind, severity, Channel::Wechat, "2026-03-06 15:00", vec![]);
        let answer = deadlines(&c)
            .into_iter()
            .find(|s| s.stage == Stage::Answer)
            .unwrap();
        assert_eq!(answer.due, at(due), "{kind:?} {severity:?}");
        let has_plan = deadlines(&c)
            .iter()
            .any(|s| s.stage == Stage::PlanToCustomer);
        assert_eq!(has_plan, kind == Kind::Complaint, "{kind:?}");
    }
}

#[test]
fn reclassifying_to_major_moves_the_answer_deadline() {
    let c = history(
        Kind::Complaint,
        Severity::General,
        Channel::Phone,
        "2026-03-06 15:00",
        vec![(
            "2026-03-06 16:00",
            EventData::Reclassify {
                category: "工程质量".into(),
                severity: Severity::Major,
            },
        )],
    );
    let answer = deadlines(&c)
        .into_iter()
        .find(|s| s.stage == Stage::Answer)
        .unwrap();
    // Friday 03-06 15:00 + 10 work days = Friday 03-20 15:00.
    assert_eq!(answer.due, at("2026-03-20 15:00"));
}

#[test]
fn a_reassigned_complaint_has_a_fresh_acknowledge_clock() {
    let c = history(
        Kind::Complaint,
        Severity::General,
        Channel::Phone,
        "2026-03-05 10:00",
        vec![
            ("2026-03-05 10:30", dispatch()),
            ("2026-03-05 10:45", EventData::Acknowledge),
            (
                "2026-03-05 16:00",
                EventData::Reassign {
                    handler: "李工".into(),
                },
            ),
        ],
    );
    let ack = deadlines(&c)
        .into_iter()
        .find(|s| s.stage == Stage::Acknowledge)
        .unwrap();
    // 16:00 + 120 work minutes = 18:00 the same day, open.
    assert_eq!(ack, stage(Stage::Acknowledge, "2026-03-05 18:00", None));
}

#[test]
fn transferred_before_acknowledgement() {
    let c = history(
        Kind::Complaint,
        Severity::General,
        Channel::Phone,
        "2026-03-05 10:00",
        vec![
            ("2026-03-05 10:20", dispatch()),
            (
                "2026-03-05 11:00",
                EventData::Transfer {
                    target: TransferTarget::Developer,
                },
            ),
        ],
    );
    // Acknowledge and plan are the developer's now; the customer is still owed an answer.
    assert_eq!(
        deadlines(&c),
        vec![
            stage(Stage::Forward, "2026-03-05 11:00", Some("2026-03-05 10:20")),
            stage(Stage::Answer, "2026-03-10 10:00", None),
        ]
    );
}

#[test]
fn a_transfer_is_a_forward() {
    let c = history(
        Kind::Complaint,
        Severity::General,
        Channel::Phone,
        "2026-03-05 10:00",
        vec![(
            "2026-03-05 10:50",
            EventData::Transfer {
                target: TransferTarget::GroupHq,
            },
        )],
    );
    assert_eq!(
        deadlines(&c)[0],
        stage(Stage::Forward, "2026-03-05 11:00", Some("2026-03-05 10:50"))
    );
}

#[test]
fn a_cancelled_complaint_owes_nothing() {
    let c = history(
        Kind::Complaint,
        Severity::General,
        Channel::Phone,
        "2026-03-05 10:00",
        vec![("2026-03-05 10:30", EventData::Cancel)],
    );
    assert_eq!(deadlines(&c), vec![]);
    assert_eq!(current(&c), None);
}

#[test]
fn a_reopened_complaint_is_owed_a_new_answer() {
    let c = history(
        Kind::Complaint,
        Severity::General,
        Channel::Phone,
        "2026-03-02 10:00",
        vec![
            ("2026-03-02 10:30", dispatch()),
            ("2026-03-02 11:00", EventData::Acknowledge),
            (
                "2026-03-02 15:00",
                EventData::Investigate {
                    findings: "f".into(),
                    responsibility: "r".into(),
                },
            ),
            (
                "2026-03-02 16:00",
                EventData::Propose {
                    plan: "p".into(),
                    expected_done: String::new(),
                },
            ),
            ("2026-03-02 17:00", EventData::Approve),
            (
                "2026-03-03 10:00",
                EventData::CarryOut { result: "r".into() },
            ),
            ("2026-03-03 11:00", answer()),
            ("2026-03-04 14:00", EventData::Reopen),
        ],
    );
    assert_eq!(
        deadlines(&c),
        vec![
            stage(Stage::Forward, "2026-03-02 11:00", Some("2026-03-02 10:30")),
            // 10:30 + 120 work minutes: 90 before lunch, 30 after.
            stage(
                Stage::Acknowledge,
                "2026-03-02 14:00",
                Some("2026-03-02 11:00")
            ),
            // From the reopen, Wednesday 14:00: plan by Friday 14:00, answer by Monday 14:00.
            stage(Stage::PlanToCustomer, "2026-03-06 14:00", None),
            stage(Stage::Answer, "2026-03-09 14:00", None),
        ]
    );
}

#[test]
fn department_reply_is_24_calendar_hours() {
    let cal = WorkCalendar::default();
    let cfg = DeadlineSettings::default();
    assert_eq!(
        department_reply_due(at("2026-03-06 17:00"), &cal, &cfg),
        at("2026-03-07 17:00")
    );
    let work_day = DeadlineSettings {
        department_reply: TimeLimit::work_days(1),
        ..DeadlineSettings::default()
    };
    assert_eq!(
        department_reply_due(at("2026-03-06 17:00"), &cal, &work_day),
        at("2026-03-09 17:00")
    );
}

#[test]
fn urgency_table() {
    let cfg = DeadlineSettings::default();
    let due = at("2026-03-09 10:00");
    let cases = [
        ("2026-03-06 17:00", Urgency::Ok, "days before"),
        ("2026-03-09 05:59", Urgency::Ok, "4 h 1 min before"),
        ("2026-03-09 06:00", Urgency::DueSoon, "exactly 4 h before"),
        ("2026-03-09 09:59", Urgency::DueSoon, "a minute before"),
        ("2026-03-09 10:00", Urgency::DueSoon, "on the due second"),
        ("2026-03-09 10:00:01", Urgency::Overdue, "a second late"),
        ("2026-03-12 10:00", Urgency::Overdue, "days late"),
    ];
    for (now, expected, case) in cases {
        assert_eq!(urgency(due, at(now), &cfg), expected, "{now}: {case}");
    }
    assert_eq!(Urgency::Overdue.label(), "已逾期");
}

#[test]
fn escalation_ladder() {
    let cal = WorkCalendar::default();
    let cfg = DeadlineSettings::default();
    use EscalationLevel::*;
    // Overdue since Monday 2026-03-09 10:00; a step is one work day.
    let since = at("2026-03-09 10:00");
    let cases = [
        (Handler, "2026-03-09 09:00", None, "not overdue yet"),
        (Handler, "2026-03-09 10:00", None, "on the due second"),
        (
            Handler,
            "2026-03-09 10:01",
            Some(ProjectManager),
            "just overdue",
        ),
        (
            Handler,
            "2026-03-10 09:59",
            Some(ProjectManager),
            "nearly a work day",
        ),
        (
            Handler,
            "2026-03-10 10:00",
            Some(GeneralManager),
            "one work day",
        ),
        (
            Handler,
            "2026-03-11 10:00",
            Some(HeadOffice),
            "two work days",
        ),
        (Handler, "2026-03-30 10:00", Some(HeadOffice), "no higher"),
        (
            ProjectManager,
            "2026-03-09 10:01",
            Some(GeneralManager),
            "from PM",
        ),
        (
            GeneralManager,
            "2026-03-09 10:01",
            Some(HeadOffice),
            "from GM",
        ),
        (HeadOffice, "2026-03-20 10:00", None, "already at the top"),
    ];
    for (level, now, expected, case) in cases {
        assert_eq!(
            escalation_due(level, since, at(now), &cal, &cfg),
            expected,
            "{level:?} at {now}: {case}"
        );
    }
    // Over National Day the steps wait for workdays: overdue since 09-30 17:00,
    // one work day later is 10-08 17:00, two is 10-09 17:00.
    let since = at("2026-09-30 17:00");
    let cases = [
        ("2026-10-05 12:00", Some(ProjectManager)),
        ("2026-10-08 16:59", Some(ProjectManager)),
        ("2026-10-08 17:00", Some(GeneralManager)),
        ("2026-10-09 17:00", Some(HeadOffice)),
    ];
    for (now, expected) in cases {
        assert_eq!(
            escalation_due(Handler, since, at(now), &cal, &cfg),
            expected,
            "{now}"
        );
    }
    assert_eq!(
        EscalationLevel::reporting_level(Severity::General),
        ProjectManager
    );
    assert_eq!(
        EscalationLevel::reporting_level(Severity::Major),
        GeneralManager
    );
    assert_eq!(HeadOffice.label(), "集团客户服务部");
}

#[test]
fn every_rise_of_the_ladder_at_its_own_time() {
    let cal = WorkCalendar::default();
    let cfg = DeadlineSettings::default();
    use EscalationLevel::*;
    // (overdue since, recorded for that deadline, now, expected rises, why)
    type Case = (
        &'static str,
        Option<EscalationLevel>,
        &'static str,
        Vec<(EscalationLevel, &'static str)>,
        &'static str,
    );
    let cases: Vec<Case> = vec![
        (
            "2026-03-09 10:00",
            None,
            "2026-03-09 09:00",
            vec![],
            "not overdue yet",
        ),
        (
            "2026-03-09 10:00",
            None,
            "2026-03-09 10:00",
            vec![],
            "on the due second: nothing due",
        ),
        (
            "2026-03-09 10:00",
            None,
            "2026-03-09 10:01",
            vec![(ProjectManager, "2026-03-09 10:00")],
            "just overdue: the first rise is at the deadline",
        ),
        (
            "2026-03-09 10:00",
            None,
            "2026-03-10 10:00",
            vec![
                (ProjectManager, "2026-03-09 10:00"),
                (GeneralManager, "2026-03-10 10:00"),
            ],
            "one step reached on its second",
        ),
        (
            "2026-03-09 10:00",
            None,
            "2026-03-30 10:00",
            vec![
                (ProjectManager, "2026-03-09 10:00"),
                (GeneralManager, "2026-03-10 10:00"),
                (HeadOffice, "2026-03-11 10:00"),
            ],
            "weeks late: the top and no higher",
        ),
        (
            "2026-03-09 10:00",
            Some(ProjectManager),
            "2026-03-11 10:00",
            vec![
                (GeneralManager, "2026-03-10 10:00"),
                (HeadOffice, "2026-03-11 10:00"),
            ],
            "partially recorded: only the rises above",
        ),
        (
            "2026-03-09 10:00",
            Some(GeneralManager),
            "2026-03-10 17:00",
            vec![],
            "recorded up to what is due: nothing new",
        ),
        (
            "2026-03-09 10:00",
            Some(HeadOffice),
            "2026-03-30 10:00",
            vec![],
            "top already recorded",
        ),
        (
            "2026-03-09 10:00",
            Some(Handler),
            "2026-03-10 10:00",
            vec![
                (ProjectManager, "2026-03-09 10:00"),
                (GeneralManager, "2026-03-10 10:00"),
            ],
            "a handler-level record (from a file) is below every rise",
        ),
        // After a weekend: due Friday, first looked at on Tuesday.
        (
            "2026-03-06 10:00",
            None,
            "2026-03-10 10:00",
            vec![
                (ProjectManager, "2026-03-06 10:00"),
                (GeneralManager, "2026-03-09 10:00"),
                (HeadOffice, "2026-03-10 10:00"),
            ],
            "after a weekend",
        ),
        // Due at the end of a Saturday (forwarding on a non-workday): the step counts from
        // the close of Friday, so each rise is at a close.
        (
            "2026-03-07 23:59:59",
            None,
            "2026-03-11 09:00",
            vec![
                (ProjectManager, "2026-03-07 23:59:59"),
                (GeneralManager, "2026-03-09 18:00"),
                (HeadOffice, "2026-03-10 18:00"),
            ],
            "due on a Saturday",
        ),
        // Over National Day (10-01..07 off).
        (
            "2026-09-30 17:00",
            None,
            "2026-10-12 09:00",
            vec![
                (ProjectManager, "2026-09-30 17:00"),
                (GeneralManager, "2026-10-08 17:00"),
                (HeadOffice, "2026-10-09 17:00"),
            ],
            "over a holiday",
        ),
        (
            "2026-09-30 17:00",
            Some(ProjectManager),
            "2026-10-08 17:30",
            vec![(GeneralManager, "2026-10-08 17:00")],
            "over a holiday, partly recorded",
        ),
        // Over Spring Festival: the make-up Saturday 02-14 counts, 02-15..23 do not.
        (
            "2026-02-13 15:00",
            None,
            "2026-02-24 16:00",
            vec![
                (ProjectManager, "2026-02-13 15:00"),
                (GeneralManager, "2026-02-14 15:00"),
                (HeadOffice, "2026-02-24 15:00"),
            ],
            "over Spring Festival with a make-up Saturday",
        ),
        // Due at 12:00 (a deadline that used up the morning): one work day on is 12:00 again.
        (
            "2026-03-06 12:00",
            None,
            "2026-03-10 12:00",
            vec![
                (ProjectManager, "2026-03-06 12:00"),
                (GeneralManager, "2026-03-09 12:00"),
                (HeadOffice, "2026-03-10 12:00"),
            ],
            "due at the lunch break",
        ),
    ];
    for (since, recorded, now, expected, case) in cases {
        let (since, now) = (at(since), at(now));
        let expected: Vec<(EscalationLevel, DateTime<FixedOffset>)> =
            expected.into_iter().map(|(l, t)| (l, at(t))).collect();
        let rises = escalation_rises(recorded, since, now, &cal, &cfg);
        assert_eq!(rises, expected, "{case}");
        // The same ladder as escalation_due: its level is the last rise.
        let all = escalation_rises(None, since, now, &cal, &cfg);
        let due = escalation_due(Handler, since, now, &cal, &cfg);
        assert_eq!(due, all.last().map(|(l, _)| *l), "{case}: escalation_due");
        assert!(
            all.ends_with(&rises),
            "{case}: the rises above the recorded level are the ladder's last ones"
        );
        assert!(
            all.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1),
            "{case}: one level at a time, in time order"
        );
        assert!(all.iter().all(|(_, t)| *t <= now), "{case}: none after now");
        // Once recorded, asking again lists nothing.
        assert_eq!(
            escalation_rises(due, since, now, &cal, &cfg),
            vec![],
            "{case}: again"
        );
    }

    // A step in calendar time runs on through the weekend.
    let daily = DeadlineSettings {
        escalation_step: TimeLimit::calendar_hours(24),
        ..DeadlineSettings::default()
    };
    assert_eq!(
        escalation_rises(
            None,
            at("2026-03-06 10:00"),
            at("2026-03-09 10:00"),
            &cal,
            &daily
        ),
        vec![
            (ProjectManager, at("2026-03-06 10:00")),
            (GeneralManager, at("2026-03-07 10:00")),
            (HeadOffice, at("2026-03-08 10:00")),
        ]
    );
}

#[test]
fn one_rule_for_work_days_from_outside_work_hours() {
    let cal = WorkCalendar::default();
    // A start outside work hours counts as the close of the work period before it; the limit
    // is added from there. (start, limit, deadline, why); Thursday 2026-03-05 unless said.
    let cases = [
        (
            "2026-03-05 10:00",
            TimeLimit::work_days(1),
            "2026-03-06 10:00",
            "work hours: same clock time",
        ),
        (
            "2026-03-05 12:30",
            TimeLimit::work_days(1),
            "2026-03-06 12:00",
            "lunch break: as from 12:00",
        ),
        (
            "2026-03-05 12:00",
            TimeLimit::work_days(1),
            "2026-03-06 12:00",
            "lunch starts",
        ),
        (
            "2026-03-05 13:30",
            TimeLimit::work_days(1),
            "2026-03-06 12:00",
            "afternoon opening, the same moment of working time",
        ),
        (
            "2026-03-05 13:31",
            TimeLimit::work_days(1),
            "2026-03-06 13:31",
            "a minute after: later than the lunch break's",
        ),
        (
            "2026-03-05 12:30",
            TimeLimit::work_days(2),
            "2026-03-09 12:00",
            "lunch, two days over the weekend",
        ),
        (
            "2026-03-05 12:30",
            TimeLimit::work_days(3),
            "2026-03-10 12:00",
            "lunch, three days",
        ),
        (
            "2026-03-05 07:45",
            TimeLimit::work_days(1),
            "2026-03-05 18:00",
            "before opening: as from Wednesday's close",
        ),
        (
            "2026-03-05 07:45",
            TimeLimit::work_days(3),
            "2026-03-09 18:00",
            "before opening, three days",
        ),
        (
            "2026-03-05 20:00",
            TimeLimit::work_days(1),
            "2026-03-06 18:00",
            "after closing",
        ),
        (
            "2026-03-06 19:00",
            TimeLimit::work_days(1),
            "2026-03-09 18:00",
            "Friday evening",
        ),
        (
            "2026-03-08 12:30",
            TimeLimit::work_days(1),
            "2026-03-09 18:00",
            "Sunday's lunch time is weekend",
        ),
        (
            "2026-10-01 12:30",
            TimeLimit::work_days(1),
            "2026-10-08 18:00",
            "a holiday",
        ),
        (
            "2026-09-30 12:30",
            TimeLimit::work_days(1),
            "2026-10-08 12:00",
            "lunch on the eve of National Day",
        ),
        (
            "2026-10-09 12:30",
            TimeLimit::work_days(1),
            "2026-10-10 12:00",
            "lunch into the make-up Saturday",
        ),
        (
            "2026-02-14 12:30",
            TimeLimit::work_days(1),
            "2026-02-24 12:00",
            "lunch on a make-up Saturday, over Spring Festival",
        ),
        (
            "2026-03-05 12:30",
            TimeLimit::work_hours(1),
            "2026-03-05 14:30",
            "work hours: the same rule",
        ),
        (
            "2026-03-05 07:45",
            TimeLimit::work_hours(2),
            "2026-03-05 11:00",
            "work hours before opening",
        ),
        (
            "2026-03-05 12:30",
            TimeLimit::calendar_hours(24),
            "2026-03-06 12:30",
            "calendar time ignores work hours",
        ),
    ];
    for (start, limit, expected, case) in cases {
        assert_eq!(
            limit.after(at(start), &cal),
            at(expected),
            "{start} + {limit}: {case}"
        );
    }
}

#[test]
fn a_complaint_registered_in_the_lunch_break() {
    // Thursday 2026-03-05 12:30 by phone: every working-time clock counts as from 12:00.
    let c = history(
        Kind::Complaint,
        Severity::General,
        Channel::Phone,
        "2026-03-05 12:30",
        vec![],
    );
    assert_eq!(
        deadlines(&c),
        vec![
            // 1 work hour from 13:30.
            stage(Stage::Forward, "2026-03-05 14:30", None),
            // 2 work days: 12:00 on the second workday, Monday.
            stage(Stage::PlanToCustomer, "2026-03-09 12:00", None),
            // 3 work days: Tuesday 12:00.
            stage(Stage::Answer, "2026-03-10 12:00", None),
        ]
    );
    // An inquiry before opening is answered by the close of the same day.
    let c = history(
        Kind::Inquiry,
        Severity::General,
        Channel::Wechat,
        "2026-03-05 07:45",
        vec![],
    );
    assert_eq!(
        deadlines(&c),
        vec![
            stage(Stage::Forward, "2026-03-05 10:00", None),
            stage(Stage::Answer, "2026-03-05 18:00", None),
        ]
    );
}

#[test]
fn settings_defaults_labels_and_validation() {
    let cfg = DeadlineSettings::default();
    assert_eq!(cfg.forward, TimeLimit::work_hours(1));
    assert_eq!(cfg.acknowledge, TimeLimit::work_hours(2));
    assert_eq!(cfg.department_reply, TimeLimit::calendar_hours(24));
    assert_eq!(cfg.plan_to_customer, TimeLimit::work_days(2));
    assert_eq!(cfg.answer_general, TimeLimit::work_days(3));
    assert_eq!(cfg.answer_major, TimeLimit::work_days(10));
    assert_eq!(cfg.answer_inquiry, TimeLimit::work_days(1));
    assert_eq!(cfg.answer_after_sales, TimeLimit::work_days(1));
    assert_eq!(cfg.callback, TimeLimit::work_days(3));
    assert_eq!(cfg.amber_hours, 4);
    assert_eq!(cfg.escalation_step, TimeLimit::work_days(1));
    assert_eq!(cfg.validate(), Ok(()));
    assert_eq!(TimeLimit::work_days(3).to_string(), "3 工作日");
    assert_eq!(TimeLimit::calendar_hours(24).to_string(), "24 自然小时");
    assert!(TimeLimit::work_hours(1).is_working_time());
    assert!(!TimeLimit::calendar_days(1).is_working_time());
    assert_eq!(Stage::PlanToCustomer.label(), "方案反馈客户");
    assert_eq!(Stage::from_code("callback"), Some(Stage::Callback));
    assert_eq!(LimitUnit::from_code("work_days"), Some(LimitUnit::WorkDays));

    let zero = DeadlineSettings {
        answer_major: TimeLimit::work_days(0),
        ..DeadlineSettings::default()
    };
    assert_eq!(zero.validate(), Err(DeadlineError::Zero("重大投诉答复")));
    assert_eq!(
        zero.validate().unwrap_err().to_string(),
        "「重大投诉答复」的时限必须大于 0"
    );

    // Stored settings keep their shape, and missing fields take the defaults.
    let json = serde_json::to_value(&cfg).unwrap();
    assert_eq!(
        json["answer_major"],
        serde_json::json!({"value": 10, "unit": "work_days"})
    );
    let partial: DeadlineSettings = serde_json::from_str(
        r#"{"amber_hours": 8, "forward": {"value": 2, "unit": "work_hours"}}"#,
    )
    .unwrap();
    assert_eq!(partial.amber_hours, 8);
    assert_eq!(partial.forward, TimeLimit::work_hours(2));
    assert_eq!(partial.answer_general, TimeLimit::work_days(3));
}
