//! The workflow state machine (R-10..R-23): the transition table over every
//! (status, action) pair, written out by hand from the intended workflow, and the
//! rules `ComplaintState::apply` enforces on real events (roles, required fields,
//! scores, time order) plus the fields it derives.

use chrono::{DateTime, Duration, FixedOffset, TimeZone};

use complaint_desk::domain::attachments::Attachment;
use complaint_desk::domain::case::{
    Action, ComplaintState, Event, EventData, Status, WorkflowError, PURGE_LABEL,
};
use complaint_desk::domain::vocabulary::{
    Channel, CustomerType, GmDecision, Intake, Kind, Mood, Role, Severity, TransferTarget,
};

use crate::helpers::cst;

// ---------------------------------------------------------------------------------------
// The intended table, by hand. Columns are actions, rows are statuses; a cell is the
// status the action leads to, `---` when the action is refused there.
// ---------------------------------------------------------------------------------------

const COLUMNS: [&str; 31] = [
    "dispatch",
    "acknowledge",
    "investigate",
    "propose",
    "approve",
    "reject",
    "carry_out",
    "answer",
    "callback",
    "archive",
    "reopen",
    "reassign",
    "transfer",
    "feedback",
    "cancel",
    "follow_up",
    "reclassify",
    "issue_sheet",
    "sheet_reply",
    "notify_received",
    "settle",
    "gm_review",
    "president_approval",
    "incident_team",
    "meeting",
    "mediator",
    "compensate",
    "approve_compensation",
    "return_hq",
    "draft_reply",
    "approve_reply",
];

#[rustfmt::skip]
const TABLE: [(&str, [&str; 31]); 12] = [
    //                dispatch acknowl. investig. propose  approve  reject   carry_ou answer   callback archive  reopen   reassign transfer feedback cancel   follow_u reclassi issue_sh sheet_re notify   settle   gm_revie presiden incident meeting  mediator compensa appr_com return_h draft_re appr_rep
    ("registered",    ["DIS",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "TRF",   "---",   "CAN",   "REG",   "REG",   "REG",   "REG", "REG", "ANS", "REG", "REG", "REG", "REG", "REG", "REG", "REG", "---", "REG", "REG"]),
    ("dispatched",    ["---",   "ACK",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "DIS",   "TRF",   "---",   "CAN",   "DIS",   "DIS",   "DIS",   "DIS", "DIS", "---", "DIS", "DIS", "DIS", "DIS", "DIS", "DIS", "DIS", "---", "DIS", "DIS"]),
    ("acknowledged",  ["---",   "---",   "INV",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "DIS",   "TRF",   "---",   "CAN",   "ACK",   "ACK",   "ACK",   "ACK", "ACK", "---", "ACK", "ACK", "ACK", "ACK", "ACK", "ACK", "ACK", "---", "ACK", "ACK"]),
    ("investigating", ["---",   "---",   "INV",   "PRO",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "DIS",   "TRF",   "---",   "CAN",   "INV",   "INV",   "INV",   "INV", "INV", "---", "INV", "INV", "INV", "INV", "INV", "INV", "INV", "---", "INV", "INV"]),
    ("plan_proposed", ["---",   "---",   "---",   "---",   "APR",   "INV",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "PRO",   "PRO",   "PRO",   "PRO", "PRO", "---", "PRO", "PRO", "PRO", "PRO", "PRO", "PRO", "PRO", "---", "PRO", "PRO"]),
    ("plan_approved", ["---",   "---",   "---",   "---",   "---",   "---",   "CAR",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "APR",   "APR",   "APR",   "APR", "APR", "---", "APR", "APR", "APR", "APR", "APR", "APR", "APR", "---", "APR", "APR"]),
    ("carried_out",   ["---",   "---",   "---",   "---",   "---",   "---",   "---",   "ANS",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "CAR",   "CAR",   "CAR",   "CAR", "CAR", "---", "CAR", "CAR", "CAR", "CAR", "CAR", "CAR", "CAR", "---", "CAR", "CAR"]),
    ("answered",      ["---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "CBK",   "---",   "INV",   "---",   "---",   "---",   "---",   "ANS",   "ANS",   "ANS",   "ANS", "ANS", "---", "ANS", "ANS", "ANS", "ANS", "ANS", "ANS", "ANS", "ANS", "ANS", "ANS"]),
    ("called_back",   ["---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "ARC",   "INV",   "---",   "---",   "---",   "---",   "CBK",   "CBK",   "CBK",   "CBK", "CBK", "---", "CBK", "CBK", "CBK", "CBK", "CBK", "CBK", "CBK", "CBK", "CBK", "CBK"]),
    ("archived",      ["---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "INV",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---", "---", "---", "---", "---", "---", "---", "---", "---", "---", "ARC", "---", "---"]),
    ("transferred",   ["---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "CAR",   "---",   "TRF",   "TRF",   "TRF",   "TRF", "TRF", "---", "TRF", "TRF", "TRF", "TRF", "TRF", "TRF", "TRF", "---", "TRF", "TRF"]),
    ("cancelled",     ["---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---",   "---", "---", "---", "---", "---", "---", "---", "---", "---", "---", "---", "---", "---"]),
];

fn cell(abbr: &str) -> Option<Status> {
    match abbr {
        "---" => None,
        "REG" => Some(Status::Registered),
        "DIS" => Some(Status::Dispatched),
        "ACK" => Some(Status::Acknowledged),
        "INV" => Some(Status::Investigating),
        "PRO" => Some(Status::PlanProposed),
        "APR" => Some(Status::PlanApproved),
        "CAR" => Some(Status::CarriedOut),
        "ANS" => Some(Status::Answered),
        "CBK" => Some(Status::CalledBack),
        "ARC" => Some(Status::Archived),
        "TRF" => Some(Status::TransferredOut),
        "CAN" => Some(Status::Cancelled),
        other => panic!("unknown cell {other:?} in the hand-written table"),
    }
}

/// The hand-written expectation for one pair.
fn expected(status: Status, action: Action) -> Option<Status> {
    let row = TABLE
        .iter()
        .find(|(code, _)| *code == status.code())
        .unwrap_or_else(|| panic!("no row for {status:?}"));
    let col = COLUMNS
        .iter()
        .position(|c| *c == action.code())
        .unwrap_or_else(|| panic!("no column for {action:?}"));
    cell(row.1[col])
}

// ---------------------------------------------------------------------------------------
// Fixtures: an intake, events, and a state in each status.
// ---------------------------------------------------------------------------------------

fn t0() -> DateTime<FixedOffset> {
    cst(2026, 3, 2, 9, 0)
}

fn at(minutes: i64) -> DateTime<FixedOffset> {
    t0() + Duration::minutes(minutes)
}

fn intake(severity: Severity) -> Intake {
    Intake {
        customer_name: "王伟".into(),
        phone: "13800138000".into(),
        customer_type: CustomerType::Owner,
        project: "滨江华府".into(),
        building: "3栋".into(),
        unit: "1202".into(),
        event_time: String::new(),
        event_place: String::new(),
        content: "卫生间墙面渗水".into(),
        desired_remedy: "尽快维修".into(),
        mood: Mood::Upset,
        // Forwarded by group HQ, so that returning it has an occasion.
        channel: Channel::GroupHq,
        kind: Kind::Complaint,
        category: "工程质量".into(),
        severity,
        facts: Default::default(),
        severity_reason: String::new(),
        received_by: String::new(),
        buyer: String::new(),
    }
}

fn ev(minute: i64, actor: &str, role: Role, note: &str, data: EventData) -> Event {
    Event {
        id: format!("SH01-A-{minute}-0"),
        at: at(minute),
        actor: actor.into(),
        role,
        note: note.into(),
        data,
    }
}

fn register(severity: Severity) -> ComplaintState {
    let e = ev(
        0,
        "前台小周",
        Role::Desk,
        "",
        EventData::Register {
            intake: intake(severity),
        },
    );
    ComplaintState::start(&e).expect("registration starts a state")
}

/// Valid data for each action (every required field filled).
fn valid_data(action: Action) -> EventData {
    match action {
        Action::Dispatch => EventData::Dispatch {
            handler: "李处理".into(),
        },
        Action::Acknowledge => EventData::Acknowledge,
        Action::Investigate => EventData::Investigate {
            findings: "防水层破损".into(),
            responsibility: "施工单位".into(),
        },
        Action::Propose => EventData::Propose {
            plan: "三日内上门维修".into(),
            expected_done: "2026-03-06".into(),
        },
        Action::Approve => EventData::Approve,
        Action::Reject => EventData::Reject,
        Action::CarryOut => EventData::CarryOut {
            result: "已维修".into(),
        },
        Action::Answer => EventData::Answer {
            reply: "已电话告知".into(),
        },
        Action::Callback => EventData::Callback {
            score: 4,
            accepted: true,
        },
        Action::Archive => EventData::Archive,
        Action::Reopen => EventData::Reopen,
        Action::Reassign => EventData::Reassign {
            handler: "赵处理".into(),
        },
        Action::Transfer => EventData::Transfer {
            target: TransferTarget::Developer,
        },
        Action::Feedback => EventData::Feedback {
            result: "开发商已整改".into(),
        },
        Action::Cancel => EventData::Cancel,
        Action::FollowUp => EventData::FollowUp,
        Action::Reclassify => EventData::Reclassify {
            category: "销售管理".into(),
            severity: Severity::General,
        },
        Action::IssueSheet => EventData::IssueSheet {
            sheet: "S2".into(),
            department: "工程部".into(),
            request: "核实渗水原因".into(),
            due: at(24 * 60),
        },
        Action::SheetReply => EventData::SheetReply {
            sheet: "S1".into(),
            reply: "系防水层破损".into(),
        },
        Action::NotifyReceived => EventData::NotifyReceived {
            script: "王先生您好，您反映的问题已经登记".into(),
        },
        Action::Settle => EventData::Settle {
            reply: "当场说明了交房时间".into(),
        },
        Action::GmReview => EventData::GmReview {
            decision: GmDecision::Normal,
            incident_lead: String::new(),
            president_needed: false,
        },
        Action::PresidentApproval => EventData::PresidentApproval {
            reference: "总裁办复〔2026〕12号".into(),
        },
        Action::IncidentTeam => EventData::IncidentTeam {
            lead: "经理老王".into(),
            team: "工程部张工、客服小周".into(),
        },
        Action::Meeting => EventData::Meeting {
            held_at: "2026-03-03T10:00".into(),
            place: "售楼处会议室".into(),
            attendees: "业主代表三人、经理老王".into(),
            agreed: "一周内出具检测报告".into(),
        },
        Action::Mediator => EventData::Mediator {
            mediator: "街道调解委员会".into(),
            involvement: "主持第二次会谈".into(),
        },
        Action::Compensate => EventData::Compensate {
            amount: 5000,
            proposal: "补偿物业费一年".into(),
        },
        Action::ApproveCompensation => EventData::ApproveCompensation {
            compensation: FIXTURE_COMPENSATION.into(),
        },
        Action::ReturnHq => EventData::ReturnHq,
        Action::DraftReply => EventData::DraftReply {
            reply: "王先生：经核查，渗水系防水层破损，将于三日内维修。".into(),
        },
        Action::ApproveReply => EventData::ApproveReply,
    }
}

/// The id of the compensation proposal every fixture state holds.
const FIXTURE_COMPENSATION: &str = "SH01-A-0-9";

/// `base` made ready for `action` where the action needs an occasion the fixture does not
/// give (a president's approval needs the GM to have asked for one, a reply's approval a
/// drafted reply).
fn ready(base: &ComplaintState, action: Action) -> ComplaintState {
    let mut s = base.clone();
    if action == Action::PresidentApproval {
        let mut ask = gm_event(99, Action::GmReview);
        ask.data = EventData::GmReview {
            decision: GmDecision::Normal,
            incident_lead: String::new(),
            president_needed: true,
        };
        s.apply(&ask).expect("the GM may ask for the president");
    }
    if action == Action::ApproveReply {
        s.apply(&gm_event(99, Action::DraftReply))
            .expect("a reply may be drafted");
    }
    s
}

/// An event for `action` that passes every check except, possibly, the status: done by
/// the GM (allowed to take every action), with a note and valid data.
fn gm_event(minute: i64, action: Action) -> Event {
    ev(
        minute,
        "总经理老陈",
        Role::Gm,
        "原因说明",
        valid_data(action),
    )
}

/// The actions that bring a fresh general complaint to `status`.
fn path_to(status: Status) -> &'static [Action] {
    use Action as A;
    const WALK: &[Action] = &[
        A::Dispatch,
        A::Acknowledge,
        A::Investigate,
        A::Propose,
        A::Approve,
        A::CarryOut,
        A::Answer,
        A::Callback,
        A::Archive,
    ];
    match status {
        Status::Registered => &WALK[..0],
        Status::Dispatched => &WALK[..1],
        Status::Acknowledged => &WALK[..2],
        Status::Investigating => &WALK[..3],
        Status::PlanProposed => &WALK[..4],
        Status::PlanApproved => &WALK[..5],
        Status::CarriedOut => &WALK[..6],
        Status::Answered => &WALK[..7],
        Status::CalledBack => &WALK[..8],
        Status::Archived => &WALK[..9],
        Status::TransferredOut => &[A::Transfer],
        Status::Cancelled => &[A::Cancel],
    }
}

/// A general complaint in `status`; its last event is at minute `path length`.
fn state_in(status: Status) -> ComplaintState {
    let mut s = register(Severity::General);
    // An open work-contact sheet, so that a sheet reply has something to answer.
    let mut sheet = gm_event(0, Action::IssueSheet);
    sheet.data = EventData::IssueSheet {
        sheet: "S1".into(),
        department: "工程部".into(),
        request: "核实".into(),
        due: at(24 * 60),
    };
    s.apply(&sheet)
        .expect("a sheet can be issued at registration");
    // A compensation proposal waiting for approval, so that approving one has something.
    let mut offer = gm_event(0, Action::Compensate);
    offer.id = FIXTURE_COMPENSATION.into();
    s.apply(&offer)
        .expect("compensation can be proposed at registration");
    for (i, a) in path_to(status).iter().enumerate() {
        s.apply(&gm_event(i as i64 + 1, *a))
            .unwrap_or_else(|e| panic!("walking to {status:?}, {a:?} failed: {e}"));
    }
    assert_eq!(s.status, status, "fixture walk to {status:?}");
    s
}

/// Applies an event that must fail with `want`, and checks the state did not change.
fn refused(state: &ComplaintState, event: &Event, want: WorkflowError) {
    let mut s = state.clone();
    assert_eq!(s.apply(event), Err(want), "event {event:?}");
    assert_eq!(&s, state, "a refused event must leave the state unchanged");
}

fn forbidden(s: &ComplaintState, e: &Event) -> bool {
    matches!(s.clone().apply(e), Err(WorkflowError::Forbidden { .. }))
}

// ---------------------------------------------------------------------------------------
// The table.
// ---------------------------------------------------------------------------------------

#[test]
fn table_axes_cover_every_status_and_action_in_declared_order() {
    let cols: Vec<&str> = Action::ALL.iter().map(|a| a.code()).collect();
    assert_eq!(cols, COLUMNS.to_vec());
    let rows: Vec<&str> = Status::ALL.iter().map(|s| s.code()).collect();
    let table_rows: Vec<&str> = TABLE.iter().map(|(code, _)| *code).collect();
    assert_eq!(rows, table_rows);
    assert_eq!(Status::ALL.len() * Action::ALL.len(), 12 * 31);
}

#[test]
fn action_next_agrees_with_the_hand_written_table_for_every_pair() {
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for &status in Status::ALL {
        for &action in Action::ALL {
            checked += 1;
            let want = expected(status, action);
            let got = action.next(status);
            if got != want {
                mismatches.push(format!(
                    "{} × {}: want {:?}, got {:?}",
                    status.code(),
                    action.code(),
                    want,
                    got
                ));
            }
        }
    }
    assert_eq!(checked, 372);
    assert!(
        mismatches.is_empty(),
        "mismatches:\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn allowed_actions_list_matches_the_table_row() {
    for &status in Status::ALL {
        let want: Vec<Action> = Action::ALL
            .iter()
            .copied()
            .filter(|a| expected(status, *a).is_some())
            // The fixture has asked for no president's approval,
            .filter(|a| *a != Action::PresidentApproval)
            // nor drafted a written reply.
            .filter(|a| *a != Action::ApproveReply)
            .collect();
        assert_eq!(state_in(status).allowed_actions(), want, "{status:?}");
    }
}

#[test]
fn only_archived_and_cancelled_are_closed() {
    for &s in Status::ALL {
        let want = matches!(s, Status::Archived | Status::Cancelled);
        assert_eq!(s.is_closed(), want, "{s:?}");
    }
}

#[test]
fn applying_an_allowed_pair_reaches_the_table_status() {
    for &status in Status::ALL {
        let base = state_in(status);
        for &action in Action::ALL {
            let Some(want) = expected(status, action) else {
                continue;
            };
            let mut s = ready(&base, action);
            let e = gm_event(100, action);
            s.apply(&e)
                .unwrap_or_else(|err| panic!("{status:?} × {action:?} refused: {err}"));
            assert_eq!(s.status, want, "{status:?} × {action:?}");
            assert_eq!(s.updated_at, e.at);
        }
    }
}

#[test]
fn applying_a_refused_pair_is_not_allowed_and_changes_nothing() {
    let mut refused_pairs = 0;
    for &status in Status::ALL {
        let base = state_in(status);
        for &action in Action::ALL {
            if expected(status, action).is_some() {
                continue;
            }
            refused_pairs += 1;
            refused(
                &base,
                &gm_event(100, action),
                WorkflowError::NotAllowed {
                    status: status.label(),
                    action: action.label(),
                },
            );
        }
    }
    // 372 pairs minus the 170 allowed cells of the table.
    assert_eq!(refused_pairs, 372 - 170);
}

/// The purge of removed attachments' files (not a workflow action, a column of its own):
/// in every status, after a photo was attached and removed, a manager's or the GM's purge of
/// its file is allowed only when archived, leaves the status as it is, and is refused to the
/// desk and handlers; a purge naming a file not removed here, or none, is refused.
#[test]
fn purging_removed_files_is_allowed_only_in_archived_for_managers() {
    let hash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    let other = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    let purge = |minute: i64, role: Role, hashes: &[&str]| {
        ev(
            minute,
            "经理",
            role,
            "",
            EventData::PurgeFiles {
                hashes: hashes.iter().map(|h| h.to_string()).collect(),
            },
        )
    };
    for &status in Status::ALL {
        let mut s = state_in(status);
        let attachment = Attachment {
            id: "SH01-A-90-0-1".into(),
            name: "墙面.jpg".into(),
            mime: "image/jpeg".into(),
            size: 3,
            hash: hash.into(),
        };
        s.apply(&ev(
            90,
            "前台小周",
            Role::Desk,
            "",
            EventData::Attach {
                attachments: vec![attachment],
            },
        ))
        .unwrap();
        s.apply(&ev(
            91,
            "前台小周",
            Role::Desk,
            "",
            EventData::Detach {
                attachment: "SH01-A-90-0-1".into(),
            },
        ))
        .unwrap();
        assert_eq!(s.removed_files, vec![hash.to_string()], "{status:?}");
        if status != Status::Archived {
            for role in [Role::Manager, Role::Gm] {
                refused(
                    &s,
                    &purge(100, role, &[hash]),
                    WorkflowError::NotAllowed {
                        status: status.label(),
                        action: PURGE_LABEL,
                    },
                );
            }
            continue;
        }
        for role in [Role::Desk, Role::Handler] {
            assert!(forbidden(&s, &purge(100, role, &[hash])), "{role:?}");
        }
        for hashes in [&[][..], &[other][..], &[hash, other][..]] {
            let mut t = s.clone();
            assert!(
                matches!(
                    t.apply(&purge(100, Role::Manager, hashes)),
                    Err(WorkflowError::NothingToPurge(_))
                ),
                "{hashes:?}"
            );
        }
        for role in [Role::Manager, Role::Gm] {
            let mut t = s.clone();
            assert_eq!(t.apply(&purge(100, role, &[hash])), Ok(()), "{role:?}");
            assert_eq!(t.status, Status::Archived);
            assert!(t.removed_files.is_empty());
            // Purged once: a second purge of it is refused.
            assert!(matches!(
                t.clone().apply(&purge(101, role, &[hash])),
                Err(WorkflowError::NothingToPurge(_))
            ));
        }
    }
}

#[test]
fn not_allowed_names_the_status_and_action_in_chinese() {
    let s = register(Severity::General);
    let err = s.clone().apply(&gm_event(1, Action::Approve)).unwrap_err();
    assert_eq!(
        err,
        WorkflowError::NotAllowed {
            status: "已登记",
            action: "批准方案"
        }
    );
    assert_eq!(err.to_string(), "当前状态「已登记」不允许「批准方案」");
}

#[test]
fn a_second_registration_is_a_bad_start() {
    let s = register(Severity::General);
    let again = ev(
        1,
        "前台小周",
        Role::Desk,
        "",
        EventData::Register {
            intake: intake(Severity::General),
        },
    );
    refused(&s, &again, WorkflowError::BadStart);
}

#[test]
fn a_history_that_does_not_start_with_registration_is_a_bad_start() {
    let dispatch = gm_event(0, Action::Dispatch);
    assert_eq!(
        ComplaintState::start(&dispatch),
        Err(WorkflowError::BadStart)
    );
    assert_eq!(
        ComplaintState::replay(&[dispatch]),
        Err(WorkflowError::BadStart)
    );
    assert_eq!(ComplaintState::replay(&[]), Err(WorkflowError::BadStart));
}

// ---------------------------------------------------------------------------------------
// Roles.
// ---------------------------------------------------------------------------------------

#[test]
fn approve_and_reject_of_a_general_complaint_need_manager_or_gm() {
    let s = state_in(Status::PlanProposed);
    for action in [Action::Approve, Action::Reject] {
        for (role, allowed) in [
            (Role::Desk, false),
            (Role::Handler, false),
            (Role::Manager, true),
            (Role::Gm, true),
        ] {
            let e = ev(10, "某人", role, "理由", valid_data(action));
            if allowed {
                assert!(s.clone().apply(&e).is_ok(), "{action:?} by {role:?}");
            } else {
                let mut c = s.clone();
                assert!(
                    matches!(c.apply(&e), Err(WorkflowError::Forbidden { .. })),
                    "{action:?} by {role:?} must be forbidden"
                );
                assert_eq!(c, s);
            }
        }
    }
}

#[test]
fn approve_and_reject_of_a_major_complaint_need_the_gm() {
    let mut s = register(Severity::Major);
    for (i, a) in path_to(Status::PlanProposed).iter().enumerate() {
        s.apply(&gm_event(i as i64 + 1, *a)).unwrap();
    }
    for action in [Action::Approve, Action::Reject] {
        for role in [Role::Desk, Role::Handler, Role::Manager] {
            let e = ev(10, "某人", role, "理由", valid_data(action));
            assert!(
                forbidden(&s, &e),
                "{action:?} by {role:?} on a major complaint"
            );
        }
        let e = ev(10, "总经理老陈", Role::Gm, "理由", valid_data(action));
        assert!(s.clone().apply(&e).is_ok(), "{action:?} by the GM");
    }
}

#[test]
fn the_reply_to_a_major_complaint_is_the_gms_but_anyone_may_answer_a_general_one() {
    for (severity, allowed) in [
        (Severity::Major, &[Role::Gm][..]),
        (
            Severity::General,
            &[Role::Desk, Role::Handler, Role::Manager, Role::Gm][..],
        ),
    ] {
        let mut s = register(severity);
        for (i, a) in path_to(Status::CarriedOut).iter().enumerate() {
            s.apply(&gm_event(i as i64 + 1, *a)).unwrap();
        }
        for role in [Role::Desk, Role::Handler, Role::Manager, Role::Gm] {
            let e = ev(10, "某人", role, "", valid_data(Action::Answer));
            assert_eq!(
                s.clone().apply(&e).is_ok(),
                allowed.contains(&role),
                "answer by {role:?} on a {severity:?} complaint"
            );
        }
    }
}

#[test]
fn forbidden_lists_the_allowed_roles() {
    let mut s = register(Severity::Major);
    for (i, a) in path_to(Status::PlanProposed).iter().enumerate() {
        s.apply(&gm_event(i as i64 + 1, *a)).unwrap();
    }
    let e = ev(10, "经理老王", Role::Manager, "", EventData::Approve);
    assert_eq!(
        s.clone().apply(&e),
        Err(WorkflowError::Forbidden {
            action: "批准方案",
            roles: "总经理".into()
        })
    );
}

#[test]
fn reclassifying_to_major_takes_approval_away_from_the_manager() {
    let mut s = state_in(Status::PlanProposed);
    let manager_approves = ev(20, "经理老王", Role::Manager, "", EventData::Approve);
    assert!(s.clone().apply(&manager_approves).is_ok());
    s.apply(&ev(
        10,
        "前台小周",
        Role::Desk,
        "媒体曝光，升级为重大",
        EventData::Reclassify {
            category: "工程质量".into(),
            severity: Severity::Major,
        },
    ))
    .unwrap();
    assert_eq!(s.severity, Severity::Major);
    assert!(forbidden(&s, &manager_approves));
}

#[test]
fn handler_may_not_dispatch_reassign_cancel_transfer_or_reclassify() {
    let cases = [
        (Status::Registered, Action::Dispatch),
        (Status::Dispatched, Action::Reassign),
        (Status::Investigating, Action::Cancel),
        (Status::Acknowledged, Action::Transfer),
        (Status::Investigating, Action::Reclassify),
    ];
    for (status, action) in cases {
        let s = state_in(status);
        let by_handler = ev(50, "李处理", Role::Handler, "理由", valid_data(action));
        let mut c = s.clone();
        assert!(
            matches!(c.apply(&by_handler), Err(WorkflowError::Forbidden { .. })),
            "{action:?} by a handler must be forbidden"
        );
        assert_eq!(c, s, "{action:?}: state unchanged");
        for role in [Role::Desk, Role::Manager, Role::Gm] {
            let e = ev(50, "某人", role, "理由", valid_data(action));
            assert!(s.clone().apply(&e).is_ok(), "{action:?} by {role:?}");
        }
    }
}

#[test]
fn handler_may_do_the_hands_on_steps() {
    let cases = [
        (Status::Dispatched, Action::Acknowledge),
        (Status::Acknowledged, Action::Investigate),
        (Status::Investigating, Action::Propose),
        (Status::PlanApproved, Action::CarryOut),
        (Status::CarriedOut, Action::Answer),
        (Status::Answered, Action::Callback),
        (Status::CalledBack, Action::Archive),
        (Status::Archived, Action::Reopen),
        (Status::TransferredOut, Action::Feedback),
        (Status::Investigating, Action::FollowUp),
    ];
    for (status, action) in cases {
        let e = ev(50, "李处理", Role::Handler, "说明", valid_data(action));
        assert!(
            state_in(status).apply(&e).is_ok(),
            "{action:?} by a handler in {status:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Required fields, score, time order.
// ---------------------------------------------------------------------------------------

#[test]
fn empty_or_blank_required_fields_are_missing() {
    let cases: Vec<(Status, EventData, &str)> = vec![
        (
            Status::Registered,
            EventData::Dispatch { handler: "".into() },
            "处理人",
        ),
        (
            Status::Dispatched,
            EventData::Reassign {
                handler: "  ".into(),
            },
            "处理人",
        ),
        (
            Status::Acknowledged,
            EventData::Investigate {
                findings: "".into(),
                responsibility: "施工单位".into(),
            },
            "调查结果",
        ),
        (
            Status::Acknowledged,
            EventData::Investigate {
                findings: "防水层破损".into(),
                responsibility: " \n".into(),
            },
            "责任归属",
        ),
        (
            Status::Investigating,
            EventData::Propose {
                plan: "\t".into(),
                expected_done: "2026-03-06".into(),
            },
            "处理方案",
        ),
        (
            Status::PlanApproved,
            EventData::CarryOut { result: "".into() },
            "处理结果",
        ),
        (
            Status::CarriedOut,
            EventData::Answer {
                reply: "   ".into(),
            },
            "答复内容",
        ),
        (
            Status::TransferredOut,
            EventData::Feedback { result: "".into() },
            "处理结果",
        ),
        (
            Status::Investigating,
            EventData::Reclassify {
                category: "".into(),
                severity: Severity::General,
            },
            "类别",
        ),
    ];
    for (status, data, label) in cases {
        let s = state_in(status);
        let e = ev(50, "总经理老陈", Role::Gm, "说明", data);
        refused(&s, &e, WorkflowError::Missing(label));
    }
}

#[test]
fn reject_reopen_cancel_follow_up_and_reclassify_need_a_note() {
    let cases = [
        (Status::PlanProposed, Action::Reject),
        (Status::Answered, Action::Reopen),
        (Status::Registered, Action::Cancel),
        (Status::CarriedOut, Action::FollowUp),
        (Status::Dispatched, Action::Reclassify),
    ];
    for (status, action) in cases {
        let s = state_in(status);
        for note in ["", "   "] {
            let e = ev(50, "总经理老陈", Role::Gm, note, valid_data(action));
            refused(&s, &e, WorkflowError::Missing("备注/原因"));
        }
        let e = ev(50, "总经理老陈", Role::Gm, "客户要求", valid_data(action));
        assert!(s.clone().apply(&e).is_ok(), "{action:?} with a note");
    }
}

#[test]
fn other_actions_do_not_need_a_note() {
    for &status in Status::ALL {
        let base = state_in(status);
        for &action in Action::ALL {
            if expected(status, action).is_none() || action.note_required() {
                continue;
            }
            let e = ev(100, "总经理老陈", Role::Gm, "", valid_data(action));
            assert!(
                ready(&base, action).apply(&e).is_ok(),
                "{action:?} in {status:?} without a note"
            );
        }
    }
}

#[test]
fn note_required_flags_exactly_the_five_reasoned_actions() {
    let want = [
        Action::Reject,
        Action::Reopen,
        Action::Cancel,
        Action::FollowUp,
        Action::Reclassify,
    ];
    for &a in Action::ALL {
        assert_eq!(a.note_required(), want.contains(&a), "{a:?}");
    }
}

#[test]
fn callback_score_outside_one_to_five_is_a_bad_score() {
    let s = state_in(Status::Answered);
    for score in [0u8, 6, 10, 255] {
        let e = ev(
            50,
            "前台小周",
            Role::Desk,
            "",
            EventData::Callback {
                score,
                accepted: true,
            },
        );
        refused(&s, &e, WorkflowError::BadScore);
    }
    for score in 1u8..=5 {
        let mut c = s.clone();
        let e = ev(
            50,
            "前台小周",
            Role::Desk,
            "",
            EventData::Callback {
                score,
                accepted: false,
            },
        );
        c.apply(&e).unwrap();
        assert_eq!(c.score, Some(score));
        assert_eq!(c.accepted, Some(false));
    }
}

#[test]
fn an_event_earlier_than_the_last_one_is_out_of_order() {
    let s = state_in(Status::Acknowledged); // last event at minute 2
    let earlier = ev(
        1,
        "李处理",
        Role::Handler,
        "",
        valid_data(Action::Investigate),
    );
    refused(&s, &earlier, WorkflowError::OutOfOrder);
    let before_registration = ev(
        -60,
        "李处理",
        Role::Handler,
        "",
        valid_data(Action::Investigate),
    );
    refused(&s, &before_registration, WorkflowError::OutOfOrder);
    // The same instant as the last event is fine (two quick clicks in one minute).
    let same = ev(
        2,
        "李处理",
        Role::Handler,
        "",
        valid_data(Action::Investigate),
    );
    assert!(s.clone().apply(&same).is_ok());
}

#[test]
fn time_order_compares_instants_across_utc_offsets() {
    let s = state_in(Status::Acknowledged); // last event at 09:02 +08:00 = 01:02 UTC
    let mut e = ev(
        0,
        "李处理",
        Role::Handler,
        "",
        valid_data(Action::Investigate),
    );
    // 01:30 UTC written with a zero offset: later than 01:02 UTC, though "01:30" < "09:02".
    e.at = FixedOffset::east_opt(0)
        .unwrap()
        .with_ymd_and_hms(2026, 3, 2, 1, 30, 0)
        .unwrap();
    assert!(s.clone().apply(&e).is_ok());
}

// ---------------------------------------------------------------------------------------
// Derived fields.
// ---------------------------------------------------------------------------------------

fn full_walk() -> Vec<Event> {
    vec![
        ev(
            0,
            "前台小周",
            Role::Desk,
            "",
            EventData::Register {
                intake: intake(Severity::General),
            },
        ),
        ev(
            5,
            "前台小周",
            Role::Desk,
            "",
            EventData::Dispatch {
                handler: "李处理".into(),
            },
        ),
        ev(10, "李处理", Role::Handler, "", EventData::Acknowledge),
        ev(
            60,
            "李处理",
            Role::Handler,
            "",
            EventData::Investigate {
                findings: "防水层破损".into(),
                responsibility: "施工单位".into(),
            },
        ),
        ev(
            90,
            "李处理",
            Role::Handler,
            "",
            EventData::Propose {
                plan: "三日内上门维修".into(),
                expected_done: "2026-03-05".into(),
            },
        ),
        ev(120, "经理老王", Role::Manager, "同意", EventData::Approve),
        ev(
            3000,
            "李处理",
            Role::Handler,
            "",
            EventData::CarryOut {
                result: "已更换防水层".into(),
            },
        ),
        ev(
            3100,
            "李处理",
            Role::Handler,
            "",
            EventData::Answer {
                reply: "已电话告知客户维修完成".into(),
            },
        ),
        ev(
            4500,
            "前台小周",
            Role::Desk,
            "电话回访",
            EventData::Callback {
                score: 4,
                accepted: true,
            },
        ),
        ev(4600, "前台小周", Role::Desk, "", EventData::Archive),
    ]
}

#[test]
fn a_full_walk_to_archived_derives_every_field() {
    let events = full_walk();
    let s = ComplaintState::replay(&events).expect("a valid history");
    assert_eq!(s.status, Status::Archived);
    assert_eq!(s.intake, intake(Severity::General));
    assert_eq!(s.category, "工程质量");
    assert_eq!(s.severity, Severity::General);
    assert_eq!(s.received_at, at(0));
    assert_eq!(s.received_by, "前台小周");
    assert_eq!(s.handler.as_deref(), Some("李处理"));
    assert_eq!(s.findings.as_deref(), Some("防水层破损"));
    assert_eq!(s.responsibility.as_deref(), Some("施工单位"));
    assert_eq!(s.plan.as_deref(), Some("三日内上门维修"));
    assert_eq!(s.approved_by.as_deref(), Some("经理老王"));
    assert_eq!(s.result.as_deref(), Some("已更换防水层"));
    assert_eq!(s.reply.as_deref(), Some("已电话告知客户维修完成"));
    assert_eq!(s.score, Some(4));
    assert_eq!(s.accepted, Some(true));
    assert_eq!(s.transferred_to, None);
    assert_eq!(s.reopened, 0);
    assert_eq!(s.closed_at, Some(at(4600)));
    assert_eq!(s.updated_at, at(4600));
}

#[test]
fn replay_equals_applying_events_one_by_one() {
    let events = full_walk();
    let mut s = ComplaintState::start(&events[0]).unwrap();
    for e in &events[1..] {
        s.apply(e).unwrap();
    }
    assert_eq!(ComplaintState::replay(&events).unwrap(), s);
}

#[test]
fn reopening_counts_and_clears_closed_at() {
    let mut events = full_walk();
    events.push(ev(
        5000,
        "前台小周",
        Role::Desk,
        "客户再次反映渗水",
        EventData::Reopen,
    ));
    let s = ComplaintState::replay(&events).unwrap();
    assert_eq!(s.status, Status::Investigating);
    assert_eq!(s.reopened, 1);
    assert_eq!(s.closed_at, None);
    // A reopened complaint starts a new round: the old callback no longer stands,
    // while the findings stay visible until replaced.
    assert_eq!(s.score, None);
    assert_eq!(s.accepted, None);
    assert_eq!(s.findings.as_deref(), Some("防水层破损"));

    // Through the loop again, then reopened a second time from answered.
    let more = [
        ev(
            5100,
            "李处理",
            Role::Handler,
            "",
            EventData::Propose {
                plan: "更换整面墙砖".into(),
                expected_done: String::new(),
            },
        ),
        ev(5200, "经理老王", Role::Manager, "", EventData::Approve),
        ev(
            5300,
            "李处理",
            Role::Handler,
            "",
            EventData::CarryOut {
                result: "已更换墙砖".into(),
            },
        ),
        ev(
            5400,
            "李处理",
            Role::Handler,
            "",
            EventData::Answer {
                reply: "第二次维修完成".into(),
            },
        ),
        ev(
            5500,
            "前台小周",
            Role::Desk,
            "客户仍不满意",
            EventData::Reopen,
        ),
    ];
    events.extend(more);
    let s = ComplaintState::replay(&events).unwrap();
    assert_eq!(s.reopened, 2);
    assert_eq!(s.plan.as_deref(), Some("更换整面墙砖"));
    assert_eq!(s.reply.as_deref(), Some("第二次维修完成"));
    assert_eq!(s.closed_at, None);
}

#[test]
fn a_new_proposal_clears_the_previous_approval() {
    let mut s = state_in(Status::PlanApproved);
    assert!(s.approved_by.is_some());
    s.apply(&ev(
        50,
        "李处理",
        Role::Handler,
        "",
        valid_data(Action::CarryOut),
    ))
    .unwrap();
    s.apply(&ev(
        51,
        "李处理",
        Role::Handler,
        "",
        valid_data(Action::Answer),
    ))
    .unwrap();
    s.apply(&ev(52, "前台小周", Role::Desk, "未解决", EventData::Reopen))
        .unwrap();
    s.apply(&ev(
        53,
        "李处理",
        Role::Handler,
        "",
        EventData::Propose {
            plan: "新方案".into(),
            expected_done: String::new(),
        },
    ))
    .unwrap();
    assert_eq!(s.plan.as_deref(), Some("新方案"));
    assert_eq!(s.approved_by, None);
}

#[test]
fn rejecting_a_plan_returns_to_investigation_without_approval() {
    let mut s = state_in(Status::PlanProposed);
    s.apply(&ev(
        50,
        "经理老王",
        Role::Manager,
        "方案不具体",
        EventData::Reject,
    ))
    .unwrap();
    assert_eq!(s.status, Status::Investigating);
    assert_eq!(s.approved_by, None);
    assert_eq!(s.plan.as_deref(), Some("三日内上门维修"));
}

#[test]
fn reassign_replaces_the_handler() {
    let mut s = state_in(Status::Acknowledged);
    assert_eq!(s.handler.as_deref(), Some("李处理"));
    s.apply(&ev(
        50,
        "前台小周",
        Role::Desk,
        "",
        EventData::Reassign {
            handler: "赵处理".into(),
        },
    ))
    .unwrap();
    assert_eq!(s.status, Status::Dispatched);
    assert_eq!(s.handler.as_deref(), Some("赵处理"));
}

#[test]
fn transfer_and_feedback_record_target_and_result() {
    let mut s = state_in(Status::Acknowledged);
    s.apply(&ev(
        50,
        "前台小周",
        Role::Desk,
        "非本部门事项",
        EventData::Transfer {
            target: TransferTarget::Developer,
        },
    ))
    .unwrap();
    assert_eq!(s.status, Status::TransferredOut);
    assert_eq!(s.transferred_to, Some(TransferTarget::Developer));
    assert_eq!(s.closed_at, None, "a transferred complaint is still open");
    s.apply(&ev(
        60,
        "前台小周",
        Role::Desk,
        "",
        EventData::Feedback {
            result: "开发商已维修".into(),
        },
    ))
    .unwrap();
    assert_eq!(s.status, Status::CarriedOut);
    assert_eq!(s.result.as_deref(), Some("开发商已维修"));
    assert_eq!(s.transferred_to, Some(TransferTarget::Developer));
}

#[test]
fn cancel_closes_with_a_time() {
    let mut s = state_in(Status::Dispatched);
    s.apply(&ev(
        50,
        "前台小周",
        Role::Desk,
        "重复登记",
        EventData::Cancel,
    ))
    .unwrap();
    assert_eq!(s.status, Status::Cancelled);
    assert_eq!(s.closed_at, Some(at(50)));
}

#[test]
fn follow_up_and_reclassify_keep_the_status() {
    let mut s = state_in(Status::PlanApproved);
    s.apply(&ev(
        50,
        "李处理",
        Role::Handler,
        "已告知客户进度",
        EventData::FollowUp,
    ))
    .unwrap();
    assert_eq!(s.status, Status::PlanApproved);
    s.apply(&ev(
        60,
        "经理老王",
        Role::Manager,
        "实为销售承诺问题",
        EventData::Reclassify {
            category: "销售管理".into(),
            severity: Severity::Major,
        },
    ))
    .unwrap();
    assert_eq!(s.status, Status::PlanApproved);
    assert_eq!(s.category, "销售管理");
    assert_eq!(s.severity, Severity::Major);
    // The intake as registered is kept; only the current classification changes.
    assert_eq!(s.intake.category, "工程质量");
    assert_eq!(s.intake.severity, Severity::General);
    assert_eq!(s.updated_at, at(60));
}
