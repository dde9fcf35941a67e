//! The rules of the sources added to the workflow: acknowledging by channel, settling
//! on the spot, the GM's first look and the president's approval, the incident
//! chain of command, meetings, mediators and compensation, authority limits and what a
//! reply must not disclose, returning HQ cases. Each expectation is written out
//! by hand; the status × action table of these actions is in `case::workflow_table`.

use chrono::{DateTime, Duration, FixedOffset};
use pollster::block_on;

use complaint_desk::domain::case::{
    check_authority, disclosure_warnings, is_covered, AuthorityError, ComplaintState, Event,
    EventData, Status, WorkflowError,
};
use complaint_desk::domain::intake::IntakeForm;
use complaint_desk::domain::vocabulary::{
    AuthorityLimits, Channel, CustomerType, GmDecision, Intake, Kind, Mood, Role, Severity,
};
use complaint_desk::service::{self, ServiceError};

use crate::helpers::{cst, Desk};

fn t0() -> DateTime<FixedOffset> {
    cst(2026, 3, 5, 10, 0)
}

fn intake(channel: Channel, severity: Severity) -> Intake {
    Intake {
        customer_name: "王伟".into(),
        phone: "138-0013-8000".into(),
        customer_type: CustomerType::Owner,
        project: "滨江华府".into(),
        building: "3栋".into(),
        unit: "1202".into(),
        event_time: String::new(),
        event_place: String::new(),
        content: "卫生间墙面渗水".into(),
        desired_remedy: "赔偿损失".into(),
        mood: Mood::Upset,
        channel,
        kind: Kind::Complaint,
        category: "工程质量".into(),
        severity,
        facts: Default::default(),
        severity_reason: String::new(),
        received_by: String::new(),
        buyer: String::new(),
    }
}

fn ev(minute: i64, role: Role, data: EventData) -> Event {
    let actor = match role {
        Role::Desk => "前台小周",
        Role::Handler => "李处理",
        Role::Manager => "经理老王",
        Role::Gm => "总经理老陈",
        Role::System => "系统",
    };
    Event {
        id: format!("SH01-A-{minute:x}-1"),
        at: t0() + Duration::minutes(minute),
        actor: actor.into(),
        role,
        note: String::new(),
        data,
    }
}

fn registered(channel: Channel, severity: Severity) -> ComplaintState {
    ComplaintState::start(&ev(
        0,
        Role::Desk,
        EventData::Register {
            intake: intake(channel, severity),
        },
    ))
    .unwrap()
}

fn apply(s: &mut ComplaintState, e: Event) -> Result<(), WorkflowError> {
    let before = s.clone();
    let r = s.apply(&e);
    if r.is_err() {
        assert_eq!(*s, before, "a refused event changes nothing");
    }
    r
}

fn gm_look(decision: GmDecision, lead: &str, president: bool) -> EventData {
    EventData::GmReview {
        decision,
        incident_lead: lead.into(),
        president_needed: president,
    }
}

// ---------------------------------------------------------------------------------------
// R-04 acknowledging the customer.
// ---------------------------------------------------------------------------------------

#[test]
fn the_first_acknowledgement_is_kept_and_the_step_is_no_longer_offered() {
    use complaint_desk::domain::case::Action;
    let mut s = registered(Channel::Letter, Severity::General);
    assert!(s.allowed_actions().contains(&Action::NotifyReceived));
    let told = |m| {
        ev(
            m,
            Role::Desk,
            EventData::NotifyReceived {
                script: "王伟您好，您的来函我们已经收到".into(),
            },
        )
    };
    apply(&mut s, told(5)).unwrap();
    assert_eq!(s.notified_at, Some(t0() + Duration::minutes(5)));
    assert_eq!(s.status, Status::Registered, "the status does not move");
    assert!(!s.allowed_actions().contains(&Action::NotifyReceived));
    // Told again (a second letter): recorded, the first time stays.
    apply(&mut s, told(9)).unwrap();
    assert_eq!(s.notified_at, Some(t0() + Duration::minutes(5)));
    // What was told is needed.
    let blank = ev(
        10,
        Role::Desk,
        EventData::NotifyReceived { script: " ".into() },
    );
    assert_eq!(
        apply(&mut s, blank),
        Err(WorkflowError::Missing("告知内容"))
    );
}

// ---------------------------------------------------------------------------------------
// R-05 settled on the spot.
// ---------------------------------------------------------------------------------------

#[test]
fn settling_on_the_spot_answers_and_waits_for_the_callback() {
    let mut s = registered(Channel::OnSite, Severity::General);
    apply(
        &mut s,
        ev(
            1,
            Role::Handler,
            EventData::Settle {
                reply: "当场说明了交房时间".into(),
            },
        ),
    )
    .unwrap();
    assert_eq!(s.status, Status::Answered);
    assert_eq!(s.reply.as_deref(), Some("当场说明了交房时间"));
    apply(
        &mut s,
        ev(
            60,
            Role::Desk,
            EventData::Callback {
                score: 5,
                accepted: true,
            },
        ),
    )
    .unwrap();
    assert_eq!(s.status, Status::CalledBack);
}

#[test]
fn a_major_complaint_is_settled_by_the_gm_only_and_a_reply_is_needed() {
    let mut s = registered(Channel::Phone, Severity::Major);
    let settle = |role, reply: &str| {
        ev(
            1,
            role,
            EventData::Settle {
                reply: reply.into(),
            },
        )
    };
    assert!(matches!(
        apply(&mut s, settle(Role::Handler, "已解释")),
        Err(WorkflowError::Forbidden { .. })
    ));
    assert_eq!(
        apply(&mut s, settle(Role::Gm, "")),
        Err(WorkflowError::Missing("答复内容"))
    );
    apply(&mut s, settle(Role::Gm, "已解释")).unwrap();
    assert_eq!(s.status, Status::Answered);
}

#[test]
fn anyone_registers_with_who_received_it_and_the_fast_path_is_one_step() {
    let d = Desk::new();
    let form = IntakeForm {
        name: "王伟".into(),
        phone: "13800138000".into(),
        project: "滨江华府".into(),
        content: "询问交房时间".into(),
        category: "销售管理".into(),
        channel: Channel::OnSite.code().into(),
        received_by: "置业顾问小林".into(),
        ..IntakeForm::with_defaults()
    };
    // A handler registers what the customer told a sales consultant, and settles it.
    let ctx = d.ctx(Some(d.staff(Role::Handler)), t0());
    let (c, summary) = block_on(service::register_settled(
        &d.store,
        &ctx,
        &form,
        "已当场说明交房安排",
    ))
    .unwrap();
    assert_eq!(c.events.len(), 2);
    assert_ne!(c.events[0].id, c.events[1].id);
    let state = c.state().unwrap();
    assert_eq!(state.status, Status::Answered);
    assert_eq!(state.intake.received_by, "置业顾问小林");
    assert_eq!(state.received_by, "李处理");
    assert_eq!(summary.status, Status::Answered);
    assert_eq!(d.stored(&c.number), c);

    // A blank reply: refused, nothing written, no number used.
    let ctx = d.ctx(Some(d.staff(Role::Handler)), t0());
    let r = block_on(service::register_settled(&d.store, &ctx, &form, "  "));
    assert!(matches!(
        r,
        Err(ServiceError::Workflow(WorkflowError::Missing("答复内容")))
    ));
    let (next, _) = d.register(&form, t0());
    assert!(next.number.ends_with("-0002"), "{}", next.number);
}

// ---------------------------------------------------------------------------------------
// R-11 the GM's first look and the president's approval.
// ---------------------------------------------------------------------------------------

#[test]
fn only_the_gm_records_the_look_and_a_major_handling_names_the_incident_lead() {
    let mut s = registered(Channel::Phone, Severity::General);
    assert!(matches!(
        apply(
            &mut s,
            ev(1, Role::Manager, gm_look(GmDecision::Normal, "", false))
        ),
        Err(WorkflowError::Forbidden { .. })
    ));
    assert_eq!(
        apply(
            &mut s,
            ev(1, Role::Gm, gm_look(GmDecision::Major, " ", false))
        ),
        Err(WorkflowError::Missing("事件负责人"))
    );
    apply(
        &mut s,
        ev(2, Role::Gm, gm_look(GmDecision::Major, "经理老王", false)),
    )
    .unwrap();
    assert_eq!(
        s.severity,
        Severity::Major,
        "the GM's decision makes it major"
    );
    assert_eq!(s.incident_lead.as_deref(), Some("经理老王"));
    let look = s.gm_look.clone().unwrap();
    assert_eq!(
        (look.by.as_str(), look.decision),
        ("总经理老陈", GmDecision::Major)
    );
    assert_eq!(s.status, Status::Registered);
}

#[test]
fn the_look_does_not_stop_dispatch() {
    let mut s = registered(Channel::Phone, Severity::General);
    apply(
        &mut s,
        ev(
            5,
            Role::Desk,
            EventData::Dispatch {
                handler: "李处理".into(),
            },
        ),
    )
    .unwrap();
    apply(
        &mut s,
        ev(30, Role::Gm, gm_look(GmDecision::Transfer, "", false)),
    )
    .unwrap();
    assert_eq!(s.status, Status::Dispatched);
    assert_eq!(s.gm_look.unwrap().decision, GmDecision::Transfer);
}

#[test]
fn waiting_for_the_president_holds_the_plan_and_the_answer_until_the_reference_is_recorded() {
    let mut s = registered(Channel::Phone, Severity::General);
    let pres = |m, role, r: &str| {
        ev(
            m,
            role,
            EventData::PresidentApproval {
                reference: r.into(),
            },
        )
    };
    assert_eq!(
        apply(&mut s, pres(1, Role::Desk, "总裁办复12号")),
        Err(WorkflowError::NoPresidentAsked)
    );
    apply(
        &mut s,
        ev(2, Role::Gm, gm_look(GmDecision::Normal, "", true)),
    )
    .unwrap();
    assert!(s.president_pending);
    let settle = ev(
        3,
        Role::Desk,
        EventData::Settle {
            reply: "已答复".into(),
        },
    );
    assert_eq!(
        apply(&mut s, settle.clone()),
        Err(WorkflowError::AwaitingPresident("当场答复"))
    );
    assert_eq!(
        WorkflowError::AwaitingPresident("答复客户").to_string(),
        "总经理批示需报总裁审批，请先记录总裁批复，再「答复客户」"
    );
    // Dispatching goes on while waiting.
    apply(
        &mut s,
        ev(
            4,
            Role::Desk,
            EventData::Dispatch {
                handler: "李处理".into(),
            },
        ),
    )
    .unwrap();
    assert!(matches!(
        apply(&mut s, pres(5, Role::Handler, "总裁办复12号")),
        Err(WorkflowError::Forbidden { .. })
    ));
    assert_eq!(
        apply(&mut s, pres(5, Role::Desk, "")),
        Err(WorkflowError::Missing("总裁批复文号"))
    );
    apply(&mut s, pres(6, Role::Desk, "总裁办复12号")).unwrap();
    assert!(!s.president_pending);
    assert_eq!(s.president_reference.as_deref(), Some("总裁办复12号"));
}

#[test]
fn a_plan_waits_for_the_president_too() {
    let mut s = registered(Channel::Phone, Severity::General);
    for (m, role, data) in [
        (1, Role::Gm, gm_look(GmDecision::Normal, "", true)),
        (
            2,
            Role::Desk,
            EventData::Dispatch {
                handler: "李处理".into(),
            },
        ),
        (3, Role::Handler, EventData::Acknowledge),
        (
            4,
            Role::Handler,
            EventData::Investigate {
                findings: "x".into(),
                responsibility: "施工单位".into(),
            },
        ),
        (
            5,
            Role::Handler,
            EventData::Propose {
                plan: "维修".into(),
                expected_done: String::new(),
            },
        ),
    ] {
        apply(&mut s, ev(m, role, data)).unwrap();
    }
    assert_eq!(
        apply(&mut s, ev(6, Role::Gm, EventData::Approve)),
        Err(WorkflowError::AwaitingPresident("批准方案"))
    );
}

// ---------------------------------------------------------------------------------------
// R-20 major and group incidents.
// ---------------------------------------------------------------------------------------

#[test]
fn an_incident_has_one_lead_a_team_meetings_mediators_and_proposals() {
    let mut s = registered(Channel::OnSite, Severity::Major);
    let team = |role| {
        ev(
            1,
            role,
            EventData::IncidentTeam {
                lead: "经理老王".into(),
                team: "工程部张工、客服小周".into(),
            },
        )
    };
    assert!(matches!(
        apply(&mut s, team(Role::Handler)),
        Err(WorkflowError::Forbidden { .. })
    ));
    apply(&mut s, team(Role::Gm)).unwrap();
    assert_eq!(s.incident_lead.as_deref(), Some("经理老王"));
    assert_eq!(s.incident_team.as_deref(), Some("工程部张工、客服小周"));

    let meeting = |m, agreed: &str| {
        ev(
            m,
            Role::Desk,
            EventData::Meeting {
                held_at: "2026-03-05T14:00".into(),
                place: "售楼处会议室".into(),
                attendees: "业主代表三人、经理老王".into(),
                agreed: agreed.into(),
            },
        )
    };
    assert_eq!(
        apply(&mut s, meeting(2, "")),
        Err(WorkflowError::Missing("商定事项"))
    );
    apply(&mut s, meeting(3, "一周内出具检测报告")).unwrap();
    apply(&mut s, meeting(4, "检测报告已出，协商赔偿")).unwrap();
    let agreed: Vec<&str> = s.meetings.iter().map(|m| m.agreed.as_str()).collect();
    assert_eq!(agreed, ["一周内出具检测报告", "检测报告已出，协商赔偿"]);

    apply(
        &mut s,
        ev(
            5,
            Role::Manager,
            EventData::Mediator {
                mediator: "街道人民调解委员会".into(),
                involvement: "主持第二次会谈".into(),
            },
        ),
    )
    .unwrap();
    assert_eq!(s.mediators.len(), 1);

    assert_eq!(
        apply(
            &mut s,
            ev(
                6,
                Role::Handler,
                EventData::Compensate {
                    amount: 0,
                    proposal: "补偿".into()
                }
            )
        ),
        Err(WorkflowError::ZeroAmount)
    );
    apply(
        &mut s,
        ev(
            7,
            Role::Handler,
            EventData::Compensate {
                amount: 8000,
                proposal: "补偿物业费一年".into(),
            },
        ),
    )
    .unwrap();
    let p = &s.compensations[0];
    assert_eq!(
        (p.amount, p.by.1, p.id.as_str()),
        (8000, Role::Handler, "SH01-A-7-1")
    );
    assert_eq!(
        apply(
            &mut s,
            ev(
                8,
                Role::Manager,
                EventData::ApproveCompensation {
                    compensation: "SH01-A-1-1".into()
                }
            )
        ),
        Err(WorkflowError::NoSuchCompensation("SH01-A-1-1".into()))
    );
}

// ---------------------------------------------------------------------------------------
// R-21 authority limits, on the boundary amounts.
// ---------------------------------------------------------------------------------------

/// A complaint with one proposal of `amount` by someone of `by`.
fn proposed(amount: u64, by: Role) -> ComplaintState {
    let mut s = registered(Channel::Phone, Severity::General);
    apply(
        &mut s,
        ev(
            1,
            by,
            EventData::Compensate {
                amount,
                proposal: "补偿".into(),
            },
        ),
    )
    .unwrap();
    s
}

#[test]
fn approving_a_proposal_needs_a_role_whose_limit_covers_it() {
    let limits = AuthorityLimits::default();
    // (approver, amount, allowed): default limits handler 2,000, manager 20,000, GM 200,000.
    let table: &[(Role, u64, bool)] = &[
        (Role::Manager, 1, true),
        (Role::Manager, 19_999, true),
        (Role::Manager, 20_000, true),
        (Role::Manager, 20_001, false),
        (Role::Gm, 20_001, true),
        (Role::Gm, 200_000, true),
        (Role::Gm, 200_001, false),
    ];
    for &(role, amount, allowed) in table {
        let s = proposed(amount, Role::Handler);
        let approve = EventData::ApproveCompensation {
            compensation: s.compensations[0].id.clone(),
        };
        let r = check_authority(&s, &approve, role, &limits);
        assert_eq!(r.is_ok(), allowed, "{role:?} approving {amount}: {r:?}");
    }
    let s = proposed(20_001, Role::Handler);
    let approve = EventData::ApproveCompensation {
        compensation: s.compensations[0].id.clone(),
    };
    let err = check_authority(&s, &approve, Role::Manager, &limits).unwrap_err();
    assert_eq!(
        err.to_string(),
        "赔偿金额 20001 元超出「经理」的权限（20000 元以内），需由总经理批准"
    );
    let s = proposed(200_001, Role::Gm);
    let approve = EventData::ApproveCompensation {
        compensation: s.compensations[0].id.clone(),
    };
    assert!(matches!(
        check_authority(&s, &approve, Role::Gm, &limits),
        Err(AuthorityError::BeyondLimit { .. })
    ));
}

#[test]
fn the_plan_and_the_answer_wait_for_a_covering_approval() {
    let limits = AuthorityLimits::default();
    // (proposer, amount, covered without approval)
    let table: &[(Role, u64, bool)] = &[
        (Role::Desk, 1, false),
        (Role::Handler, 2_000, true),
        (Role::Handler, 2_001, false),
        (Role::Manager, 20_000, true),
        (Role::Manager, 20_001, false),
        (Role::Gm, 200_000, true),
    ];
    let answer = EventData::Answer {
        reply: "已答复".into(),
    };
    for &(by, amount, covered) in table {
        let s = proposed(amount, by);
        assert_eq!(
            is_covered(&s.compensations[0], &limits),
            covered,
            "{by:?} {amount}"
        );
        for data in [EventData::Approve, answer.clone()] {
            assert_eq!(
                check_authority(&s, &data, Role::Gm, &limits).is_ok(),
                covered,
                "{by:?} {amount} {data:?}"
            );
        }
    }
    // An approval by a role that does not cover it does not count; one that does, does.
    let mut s = proposed(2_001, Role::Handler);
    let id = s.compensations[0].id.clone();
    s.compensations[0]
        .approvals
        .push(("前台小周".into(), Role::Desk));
    assert!(check_authority(&s, &answer, Role::Gm, &limits).is_err());
    s.compensations[0]
        .approvals
        .push(("经理老王".into(), Role::Manager));
    assert!(
        check_authority(&s, &answer, Role::Gm, &limits).is_ok(),
        "{id}"
    );
    // The limits are settings.
    let mut tight = limits;
    tight.set(Role::Handler, 500);
    assert!(check_authority(&proposed(501, Role::Handler), &answer, Role::Gm, &tight).is_err());
    assert!(check_authority(&proposed(500, Role::Handler), &answer, Role::Gm, &tight).is_ok());
}

#[test]
fn above_the_handlers_limit_is_refused_until_a_manager_approves_through_the_service() {
    let d = Desk::older_clocks();
    let form = IntakeForm {
        name: "王伟".into(),
        phone: "13800138000".into(),
        project: "滨江华府".into(),
        content: "地下室渗水泡坏家具".into(),
        category: "工程质量".into(),
        ..IntakeForm::with_defaults()
    };
    let (c, _) = d.register(&form, t0());
    let n = c.number.as_str();
    let at = |m: i64| t0() + Duration::minutes(m);
    let steps = [
        (
            Role::Desk,
            EventData::Dispatch {
                handler: "李处理".into(),
            },
        ),
        (Role::Handler, EventData::Acknowledge),
        (
            Role::Handler,
            EventData::Investigate {
                findings: "管道渗漏".into(),
                responsibility: "施工单位".into(),
            },
        ),
        (
            Role::Handler,
            EventData::Compensate {
                amount: 5_000,
                proposal: "赔偿家具损失".into(),
            },
        ),
        (
            Role::Handler,
            EventData::Propose {
                plan: "维修并赔偿".into(),
                expected_done: String::new(),
            },
        ),
    ];
    for (i, (role, data)) in steps.into_iter().enumerate() {
        d.act(role, n, at(i as i64 + 1), data, "").unwrap();
    }
    let before = d.stored(n);
    let refused = d.act(Role::Manager, n, at(10), EventData::Approve, "");
    assert!(
        matches!(
            refused,
            Err(ServiceError::Authority(AuthorityError::Unapproved {
                amount: 5000,
                ..
            }))
        ),
        "{refused:?}"
    );
    assert_eq!(d.stored(n), before, "nothing written");
    let id = before.state().unwrap().compensations[0].id.clone();
    d.act(
        Role::Manager,
        n,
        at(11),
        EventData::ApproveCompensation { compensation: id },
        "",
    )
    .unwrap();
    let (_, state, _) = d
        .act(Role::Manager, n, at(12), EventData::Approve, "")
        .unwrap();
    assert_eq!(state.status, Status::PlanApproved);
    assert_eq!(
        state.compensations[0].approvals,
        [("经理老王".to_string(), Role::Manager)]
    );
}

#[test]
fn a_reply_naming_another_phone_or_customer_is_warned_about() {
    let own = intake(Channel::Phone, Severity::General);
    let others = ["王伟", "张敏", "李", "刘强"];
    // (reply, number of warnings)
    let table: &[(&str, usize)] = &[
        (
            "您好，维修将于 2026-03-09 完成，金额 5000 元，编号 SH01-A-20260305-0001",
            0,
        ),
        ("请拨打您留的 13800138000 与我们联系", 0),
        ("请拨打 +86 138 0013 8000", 0),
        ("张敏女士家的情况相同", 1),
        ("可联系 139-0000-1111 了解", 1),
        ("可致电 021-5555 6666 或 400-820-8820", 2),
        ("张敏和刘强都已赔偿，电话 13900001111 13900002222", 4),
        ("李先生稍后联系您", 0),
    ];
    for &(reply, n) in table {
        let w = disclosure_warnings(reply, &own, others);
        assert_eq!(w.len(), n, "{reply}: {w:?}");
    }
    assert_eq!(
        disclosure_warnings("请联系 13900001111", &own, others),
        ["答复中有不属于本投诉客户的电话号码「13900001111」，请确认不会泄露其他客户信息"]
    );
}

// ---------------------------------------------------------------------------------------
// R-32 returning HQ cases.
// ---------------------------------------------------------------------------------------

#[test]
fn only_an_hq_case_is_returned_and_returning_an_archived_one_keeps_it_closed() {
    let mut phone = registered(Channel::Phone, Severity::General);
    apply(
        &mut phone,
        ev(
            1,
            Role::Desk,
            EventData::Settle {
                reply: "已答复".into(),
            },
        ),
    )
    .unwrap();
    assert_eq!(
        apply(&mut phone, ev(2, Role::Desk, EventData::ReturnHq)),
        Err(WorkflowError::NotFromHq)
    );

    let mut hq = registered(Channel::GroupHq, Severity::General);
    for (m, data) in [
        (
            1,
            EventData::Settle {
                reply: "已答复".into(),
            },
        ),
        (
            2,
            EventData::Callback {
                score: 4,
                accepted: true,
            },
        ),
        (3, EventData::Archive),
    ] {
        apply(&mut hq, ev(m, Role::Desk, data)).unwrap();
    }
    let closed = hq.closed_at;
    assert!(matches!(
        apply(&mut hq, ev(4, Role::Handler, EventData::ReturnHq)),
        Err(WorkflowError::Forbidden { .. })
    ));
    apply(&mut hq, ev(5, Role::Desk, EventData::ReturnHq)).unwrap();
    assert_eq!(hq.status, Status::Archived);
    assert_eq!(hq.closed_at, closed);
    assert_eq!(hq.returned_hq_at, Some(t0() + Duration::minutes(5)));
}

#[test]
fn one_complaints_export_holds_it_alone_and_imports_back() {
    let d = Desk::new();
    let form = |name: &str| IntakeForm {
        name: name.into(),
        phone: "13800138000".into(),
        project: "滨江华府".into(),
        content: "集团转来：渗水".into(),
        category: "工程质量".into(),
        channel: Channel::GroupHq.code().into(),
        ..IntakeForm::with_defaults()
    };
    let (a, _) = d.register(&form("王伟"), t0());
    d.register(&form("张敏"), t0());
    let text = block_on(service::export_one(&d.store, &d.settings, &a.number, t0())).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let numbers: Vec<&str> = v["complaints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, [a.number.as_str()]);
    let read = complaint_desk::domain::exchange::parse_import(&text).unwrap();
    assert_eq!(read.complaints.len(), 1);
    assert!(matches!(
        block_on(service::export_one(
            &d.store,
            &d.settings,
            "SH01-A-20260305-0099",
            t0()
        )),
        Err(ServiceError::NotFound(_))
    ));
}

#[test]
fn the_start_screen_lists_what_awaits_the_gm_and_the_hq_cases_not_returned() {
    use complaint_desk::domain::queue::QueueIndex;
    let d = Desk::new();
    let form = |channel: Channel| IntakeForm {
        name: "王伟".into(),
        phone: "13800138000".into(),
        project: "滨江华府".into(),
        content: "渗水".into(),
        category: "工程质量".into(),
        channel: channel.code().into(),
        ..IntakeForm::with_defaults()
    };
    let (phone, s1) = d.register(&form(Channel::Phone), t0());
    let ctx = d.ctx(Some(d.staff(Role::Desk)), t0());
    let (hq, s2) = block_on(service::register_settled(
        &d.store,
        &ctx,
        &form(Channel::GroupHq),
        "已答复",
    ))
    .unwrap();
    let index = QueueIndex::new(vec![s1, s2]);
    let numbers = |rows: Vec<complaint_desk::domain::queue::Summary>| {
        rows.into_iter().map(|s| s.number).collect::<Vec<_>>()
    };
    // The settled HQ case was answered without the GM's look: no longer awaited.
    assert_eq!(numbers(index.awaiting_gm()), [phone.number.as_str()]);
    assert_eq!(numbers(index.hq_unreturned()), [hq.number.as_str()]);

    let at = t0() + Duration::minutes(5);
    let (_, _, s1) = d
        .act(
            Role::Gm,
            &phone.number,
            at,
            gm_look(GmDecision::Normal, "", false),
            "",
        )
        .unwrap();
    let (_, _, s2) = d
        .act(Role::Desk, &hq.number, at, EventData::ReturnHq, "")
        .unwrap();
    assert!(!s2.hq_unreturned);
    let index = QueueIndex::new(vec![s1, s2]);
    assert!(index.awaiting_gm().is_empty());
    assert!(index.hq_unreturned().is_empty());

    // An HQ case received before the device's first day with the rule is not asked for its
    // return (it was returned on paper); one received from that day is.
    let mut later = d.settings.clone();
    later.deadlines.first_contact_from = Some(t0() + Duration::minutes(1));
    let (hq2, _) = {
        let ctx = d.ctx(Some(d.staff(Role::Desk)), t0());
        block_on(service::register_settled(
            &d.store,
            &ctx,
            &form(Channel::GroupHq),
            "已答复",
        ))
        .unwrap()
    };
    let state = hq2.state().unwrap();
    assert!(!complaint_desk::domain::queue::Summary::new(&hq2, &state, &later).hq_unreturned);
    later.deadlines.first_contact_from = Some(t0());
    assert!(complaint_desk::domain::queue::Summary::new(&hq2, &state, &later).hq_unreturned);
}

#[test]
fn a_written_reply_passes_each_approval_level_in_order_before_it_is_sent() {
    use complaint_desk::domain::case::check_reply_levels;
    let levels = [Role::Manager, Role::Gm];
    let mut s = registered(Channel::Letter, Severity::General);
    let answer = EventData::Answer {
        reply: "书面答复".into(),
    };
    // No written reply drafted: answered as before, and nothing to approve.
    assert!(check_reply_levels(&s, &answer, Role::Handler, &levels).is_ok());
    assert_eq!(
        apply(&mut s, ev(1, Role::Manager, EventData::ApproveReply)),
        Err(WorkflowError::NoDraftReply)
    );
    let draft = |m| {
        ev(
            m,
            Role::Handler,
            EventData::DraftReply {
                reply: "王伟先生：经核查……".into(),
            },
        )
    };
    apply(&mut s, draft(2)).unwrap();
    // (who approves next, refused with) at each level, in order.
    assert_eq!(
        check_reply_levels(&s, &EventData::ApproveReply, Role::Gm, &levels),
        Err(AuthorityError::WrongReplyLevel { expected: "经理" })
    );
    assert_eq!(
        check_reply_levels(&s, &answer, Role::Gm, &levels),
        Err(AuthorityError::ReplyUnapproved { next: "经理" })
    );
    assert!(check_reply_levels(&s, &EventData::ApproveReply, Role::Manager, &levels).is_ok());
    apply(&mut s, ev(3, Role::Manager, EventData::ApproveReply)).unwrap();
    assert_eq!(
        check_reply_levels(&s, &EventData::ApproveReply, Role::Manager, &levels),
        Err(AuthorityError::WrongReplyLevel {
            expected: "总经理"
        })
    );
    assert_eq!(
        check_reply_levels(&s, &answer, Role::Handler, &levels)
            .unwrap_err()
            .to_string(),
        "书面答复尚未通过全部审核（下一级：总经理），不能「答复客户」"
    );
    apply(&mut s, ev(4, Role::Gm, EventData::ApproveReply)).unwrap();
    assert!(check_reply_levels(&s, &answer, Role::Handler, &levels).is_ok());
    assert_eq!(
        check_reply_levels(&s, &EventData::ApproveReply, Role::Gm, &levels),
        Err(AuthorityError::ReplyApproved)
    );
    let w = s.written_reply.clone().unwrap();
    assert_eq!(
        w.approvals,
        [
            ("经理老王".to_string(), Role::Manager),
            ("总经理老陈".to_string(), Role::Gm)
        ]
    );
    // A new draft starts the approvals again.
    apply(&mut s, draft(5)).unwrap();
    assert!(check_reply_levels(&s, &answer, Role::Handler, &levels).is_err());
    // An office with one level (the GM) or none.
    assert!(check_reply_levels(&s, &EventData::ApproveReply, Role::Gm, &[Role::Gm]).is_ok());
    assert!(check_reply_levels(&s, &answer, Role::Handler, &[]).is_ok());
}
