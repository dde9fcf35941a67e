//! Indicators (issue 5, R-24..R-27) over a hand-built data set of twelve complaints with
//! explicit histories in February and March 2026. Every expected number is counted by hand
//! from the table below and the default 2026 calendar (+08:00, Mon–Fri 09:00–12:00 and
//! 13:30–18:00 = 450 work minutes a day; 春节 02-15..02-23 off, Saturday 02-28 a make-up
//! workday; March 2026 has no holiday, 03-01 is a Sunday) with the default time limits
//! (forward 1 work hour, acknowledge 2 work hours, plan 2 work days, answer 3 work days /
//! major 10 / inquiry 1, callback 3 work days after the answer), the default repeat window
//! (90 days) and same-issue rule (3 different phones within 30 days).

use chrono::{DateTime, FixedOffset};

use complaint_desk::domain::analysis::{
    indicators, month_on_month, monthly_trend, Change, Indicators, Period, Ratio,
};
use complaint_desk::domain::case::{Complaint, ComplaintState, Event, EventData, Status};
use complaint_desk::domain::queue::Summary;
use complaint_desk::domain::vocabulary::{
    Channel, Criteria, CustomerType, EscalationLevel, Intake, Kind, Mood, Role, Settings, Severity,
    Stage, TransferTarget,
};

// ---------------------------------------------------------------------------------------
// Fixtures.
// ---------------------------------------------------------------------------------------

/// `2026-03-02 09:30` at +08:00.
fn t(s: &str) -> DateTime<FixedOffset> {
    helpers::at(s)
}

fn cst() -> FixedOffset {
    helpers::shanghai()
}

const BJ: &str = "滨江华府";
const CH: &str = "翠湖苑";

/// What a complaint is registered with.
struct Reg {
    number: &'static str,
    project: &'static str,
    building: &'static str,
    category: &'static str,
    phone: &'static str,
    kind: Kind,
    severity: Severity,
    channel: Channel,
    at: &'static str,
}

/// Registers the complaint and applies `steps` through the workflow (each must be allowed).
fn build(r: Reg, steps: Vec<(&str, Role, EventData)>) -> (Complaint, ComplaintState) {
    let office = r.number[..4].to_string();
    let intake = Intake {
        customer_name: "客户".into(),
        phone: r.phone.into(),
        customer_type: CustomerType::Owner,
        project: r.project.into(),
        building: r.building.into(),
        unit: "1202".into(),
        event_time: String::new(),
        event_place: String::new(),
        content: "内容".into(),
        desired_remedy: String::new(),
        mood: Mood::Calm,
        channel: r.channel,
        kind: r.kind,
        category: r.category.into(),
        severity: r.severity,
        facts: Default::default(),
        severity_reason: String::new(),
        received_by: String::new(),
    };
    let mut c = Complaint::register(
        r.number.into(),
        office,
        intake,
        format!("{}-0", r.number),
        t(r.at),
        "客服专员",
        Role::Desk,
    );
    for (at, role, data) in steps {
        let note = match data {
            EventData::Reopen | EventData::Cancel => "原因".to_string(),
            _ => String::new(),
        };
        let actor = match role {
            Role::System => "系统",
            Role::Gm => "总经理",
            Role::Manager => "经理",
            Role::Desk => "客服专员",
            Role::Handler => "处理人",
        };
        let event = Event {
            id: format!("{}-{}", r.number, c.events.len()),
            at: t(at),
            actor: actor.into(),
            role,
            note,
            data,
        };
        c.append(event)
            .unwrap_or_else(|e| panic!("{} at {at}: {e}", r.number));
    }
    let state = c.state().unwrap();
    (c, state)
}

fn dispatch(handler: &str) -> EventData {
    EventData::Dispatch {
        handler: handler.into(),
    }
}
fn investigate(responsibility: &str) -> EventData {
    EventData::Investigate {
        findings: "查明".into(),
        responsibility: responsibility.into(),
    }
}
fn propose() -> EventData {
    EventData::Propose {
        plan: "方案".into(),
        expected_done: String::new(),
    }
}
fn carry_out() -> EventData {
    EventData::CarryOut {
        result: "已完成".into(),
    }
}
fn answer() -> EventData {
    EventData::Answer {
        reply: "答复".into(),
    }
}
fn callback(score: u8, accepted: bool) -> EventData {
    EventData::Callback { score, accepted }
}
fn escalate(stage: Stage, level: EscalationLevel, deadline: &str) -> EventData {
    EventData::Escalate {
        stage,
        level,
        deadline: Some(t(deadline)),
    }
}

use EventData::{Acknowledge as ACK, Approve as APPROVE, Archive as ARCHIVE};
use Role::{Desk, Gm, Handler, Manager, System};

use crate::helpers;

/// The data set. `BJ` = 滨江华府, `CH` = 翠湖苑; handlers 李工 / 张工. Times in 2026.
///
/// | id | registered  | office | project, bldg | category | phone         | kind, sev, channel     | history (short)                                       |
/// |----|-------------|--------|---------------|----------|---------------|------------------------|--------------------------------------------------------|
/// | F1 | 02-10 10:00 | SH01 | BJ 3栋 | 工程质量 | 13800000001   | complaint gen phone    | full round, answer 02-12 11:00, callback 5 ✓, archived 02-13 |
/// | F2 | 02-26 10:00 | SH01 | CH 1栋 | 物业管理 | 13900000002   | complaint gen wechat   | approve 03-02, answer 03-03 11:00, callback 2 ✗, archived 03-04 |
/// | F3 | 02-13 10:00 | SH01 | CH 2栋 | 客户服务 | 13300000004   | complaint gen email    | transferred 02-24; escalated PM 02-25, GM 02-26, HO 03-02 |
/// | M1 | 03-02 09:30 | SH01 | BJ 3栋 | 工程质量 | 138-0000-0001 | complaint gen phone    | answer 03-04 11:00, callback 4 ✓, archived 03-05       |
/// | M2 | 03-03 10:00 | SH01 | BJ 3栋 | 工程质量 | 13800000002   | complaint MAJOR onsite | GM approves 03-05 10:00, answer 03-10, callback 5 ✓, archived 03-11 |
/// | M3 | 03-05 14:00 | SH01 | CH 1栋 | 物业管理 | 13900000002   | complaint gen wechat   | answer 03-10 11:00, callback 2 ✗ 03-16, archived 04-02 |
/// | M4 | 03-09 10:00 | SH01 | BJ 3栋 | 工程质量 | 13800000003   | complaint gen phone    | answer 03-12, callback 4 ✓, archived 03-13, reopened 03-20, answered again 03-26 |
/// | M5 | 03-10 09:00 | SH01 | CH 2栋 | 销售管理 | 13700000005   | complaint gen email    | investigating; escalated PM 03-12, GM 03-13, HO 03-16 |
/// | M6 | 03-12 11:00 | SH02 | BJ 5栋 | 合同问题 | 13600000006   | INQUIRY gen phone      | answer 03-13 10:00, callback 3 ✓, archived 03-13       |
/// | M7 | 03-16 10:00 | SH01 | CH 1栋 | 工程质量 | 13500000007   | complaint gen website  | cancelled 03-16 11:00                                  |
/// | M8 | 03-30 17:00 | SH01 | BJ 3栋 | 工程质量 | 13400000008   | complaint gen phone    | dispatched 03-31 09:30, acknowledged 04-01 09:10       |
/// | M9 | 03-18 10:00 | SH01 | CH 2栋 | 销售管理 | 13700000005   | complaint MAJOR group_hq | plan proposed 03-19, not approved                    |
#[rustfmt::skip]
fn data() -> Vec<(Complaint, ComplaintState)> {
    use Channel as C;
    use Kind::{Complaint as K, Inquiry};
    use Severity::{General as G, Major};
    vec![
        build(Reg { number: "SH01-A-20260210-0001", project: BJ, building: "3栋", category: "工程质量",
                    phone: "13800000001", kind: K, severity: G, channel: C::Phone, at: "2026-02-10 10:00" }, vec![
            ("2026-02-10 10:30", Desk, dispatch("李工")),
            ("2026-02-10 11:00", Handler, ACK),
            ("2026-02-11 10:00", Handler, investigate("施工单位")),
            ("2026-02-11 11:00", Handler, propose()),
            ("2026-02-11 14:00", Manager, APPROVE),
            ("2026-02-12 10:00", Handler, carry_out()),
            ("2026-02-12 11:00", Handler, answer()),
            ("2026-02-13 10:00", Desk, callback(5, true)),
            ("2026-02-13 11:00", Desk, ARCHIVE),
        ]),
        build(Reg { number: "SH01-A-20260226-0001", project: CH, building: "1栋", category: "物业管理",
                    phone: "13900000002", kind: K, severity: G, channel: C::Wechat, at: "2026-02-26 10:00" }, vec![
            ("2026-02-26 10:20", Desk, dispatch("李工")),
            ("2026-02-26 15:00", Handler, ACK),
            ("2026-02-27 10:00", Handler, investigate("物业公司")),
            ("2026-02-27 11:00", Handler, propose()),
            ("2026-03-02 09:30", Manager, APPROVE),
            ("2026-03-03 10:00", Handler, carry_out()),
            ("2026-03-03 11:00", Handler, answer()),
            ("2026-03-04 10:00", Desk, callback(2, false)),
            ("2026-03-04 11:00", Desk, ARCHIVE),
        ]),
        build(Reg { number: "SH01-A-20260213-0001", project: CH, building: "2栋", category: "客户服务",
                    phone: "13300000004", kind: K, severity: G, channel: C::Email, at: "2026-02-13 10:00" }, vec![
            ("2026-02-13 10:30", Desk, dispatch("张工")),
            ("2026-02-13 11:00", Handler, ACK),
            ("2026-02-24 10:00", Desk, EventData::Transfer { target: TransferTarget::Property }),
            ("2026-02-25 10:05", System, escalate(Stage::Answer, EscalationLevel::ProjectManager, "2026-02-25 10:00")),
            ("2026-02-26 10:05", System, escalate(Stage::Answer, EscalationLevel::GeneralManager, "2026-02-25 10:00")),
            ("2026-03-02 09:00", System, escalate(Stage::Answer, EscalationLevel::HeadOffice, "2026-02-25 10:00")),
        ]),
        build(Reg { number: "SH01-A-20260302-0001", project: BJ, building: "3栋", category: "工程质量",
                    phone: "138-0000-0001", kind: K, severity: G, channel: C::Phone, at: "2026-03-02 09:30" }, vec![
            ("2026-03-02 10:00", Desk, dispatch("李工")),
            ("2026-03-02 10:30", Handler, ACK),
            ("2026-03-02 14:00", Handler, investigate("施工单位")),
            ("2026-03-02 15:00", Handler, propose()),
            ("2026-03-03 10:00", Manager, APPROVE),
            ("2026-03-04 10:00", Handler, carry_out()),
            ("2026-03-04 11:00", Handler, answer()),
            ("2026-03-05 10:00", Desk, callback(4, true)),
            ("2026-03-05 11:00", Desk, ARCHIVE),
        ]),
        build(Reg { number: "SH01-A-20260303-0001", project: BJ, building: "3栋", category: "工程质量",
                    phone: "13800000002", kind: K, severity: Major, channel: C::OnSite, at: "2026-03-03 10:00" }, vec![
            ("2026-03-03 10:30", Desk, dispatch("张工")),
            ("2026-03-03 11:00", Handler, ACK),
            ("2026-03-04 10:00", Handler, investigate("施工单位")),
            ("2026-03-04 11:00", Handler, propose()),
            ("2026-03-05 10:00", Gm, APPROVE),
            ("2026-03-09 10:00", Handler, carry_out()),
            ("2026-03-10 10:00", Gm, answer()),
            ("2026-03-11 10:00", Desk, callback(5, true)),
            ("2026-03-11 11:00", Desk, ARCHIVE),
        ]),
        build(Reg { number: "SH01-A-20260305-0001", project: CH, building: "1栋", category: "物业管理",
                    phone: "13900000002", kind: K, severity: G, channel: C::Wechat, at: "2026-03-05 14:00" }, vec![
            ("2026-03-05 16:00", Desk, dispatch("李工")),
            ("2026-03-05 16:30", Handler, ACK),
            ("2026-03-06 10:00", Handler, investigate("物业公司")),
            ("2026-03-06 11:00", Handler, propose()),
            ("2026-03-09 15:00", Manager, APPROVE),
            ("2026-03-10 10:00", Handler, carry_out()),
            ("2026-03-10 11:00", Handler, answer()),
            ("2026-03-16 10:00", Desk, callback(2, false)),
            ("2026-04-02 10:00", Desk, ARCHIVE),
        ]),
        build(Reg { number: "SH01-A-20260309-0001", project: BJ, building: "3栋", category: "工程质量",
                    phone: "13800000003", kind: K, severity: G, channel: C::Phone, at: "2026-03-09 10:00" }, vec![
            ("2026-03-09 10:10", Desk, dispatch("李工")),
            ("2026-03-09 13:45", Handler, ACK),
            ("2026-03-10 10:00", Handler, investigate("设计单位")),
            ("2026-03-10 11:00", Handler, propose()),
            ("2026-03-11 10:00", Manager, APPROVE),
            ("2026-03-12 10:00", Handler, carry_out()),
            ("2026-03-12 11:00", Handler, answer()),
            ("2026-03-13 10:00", Desk, callback(4, true)),
            ("2026-03-13 11:00", Desk, ARCHIVE),
            ("2026-03-20 10:00", Desk, EventData::Reopen),
            ("2026-03-20 14:00", Handler, investigate("施工单位")),
            ("2026-03-23 10:00", Handler, propose()),
            ("2026-03-24 09:00", Manager, APPROVE),
            ("2026-03-25 10:00", Handler, carry_out()),
            ("2026-03-26 10:00", Handler, answer()),
        ]),
        build(Reg { number: "SH01-A-20260310-0001", project: CH, building: "2栋", category: "销售管理",
                    phone: "13700000005", kind: K, severity: G, channel: C::Email, at: "2026-03-10 09:00" }, vec![
            ("2026-03-10 09:30", Desk, dispatch("张工")),
            ("2026-03-10 10:00", Handler, ACK),
            ("2026-03-10 14:00", Handler, investigate("销售部")),
            ("2026-03-12 09:05", System, escalate(Stage::PlanToCustomer, EscalationLevel::ProjectManager, "2026-03-12 09:00")),
            ("2026-03-13 09:05", System, escalate(Stage::PlanToCustomer, EscalationLevel::GeneralManager, "2026-03-12 09:00")),
            ("2026-03-16 09:05", System, escalate(Stage::PlanToCustomer, EscalationLevel::HeadOffice, "2026-03-12 09:00")),
        ]),
        build(Reg { number: "SH02-A-20260312-0001", project: BJ, building: "5栋", category: "合同问题",
                    phone: "13600000006", kind: Inquiry, severity: G, channel: C::Phone, at: "2026-03-12 11:00" }, vec![
            ("2026-03-12 11:30", Desk, dispatch("张工")),
            ("2026-03-12 14:00", Handler, ACK),
            ("2026-03-12 15:00", Handler, investigate("销售部")),
            ("2026-03-12 15:30", Handler, propose()),
            ("2026-03-12 16:00", Manager, APPROVE),
            ("2026-03-12 17:00", Handler, carry_out()),
            ("2026-03-13 10:00", Handler, answer()),
            ("2026-03-13 15:00", Desk, callback(3, true)),
            ("2026-03-13 16:00", Desk, ARCHIVE),
        ]),
        build(Reg { number: "SH01-A-20260316-0001", project: CH, building: "1栋", category: "工程质量",
                    phone: "13500000007", kind: K, severity: G, channel: C::Website, at: "2026-03-16 10:00" }, vec![
            ("2026-03-16 11:00", Desk, EventData::Cancel),
        ]),
        build(Reg { number: "SH01-A-20260330-0001", project: BJ, building: "3栋", category: "工程质量",
                    phone: "13400000008", kind: K, severity: G, channel: C::Phone, at: "2026-03-30 17:00" }, vec![
            ("2026-03-31 09:30", Desk, dispatch("李工")),
            ("2026-04-01 09:10", Handler, ACK),
        ]),
        build(Reg { number: "SH01-A-20260318-0001", project: CH, building: "2栋", category: "销售管理",
                    phone: "13700000005", kind: K, severity: Major, channel: C::GroupHq, at: "2026-03-18 10:00" }, vec![
            ("2026-03-18 10:30", Desk, dispatch("张工")),
            ("2026-03-18 11:00", Handler, ACK),
            ("2026-03-19 10:00", Handler, investigate("销售部")),
            ("2026-03-19 11:00", Handler, propose()),
        ]),
    ]
}

fn settings() -> Settings {
    Settings::new("SH01", "A")
}

fn march() -> Period {
    Period::month(2026, 3, cst())
}

fn run(period: &Period, filter: &Criteria) -> Indicators {
    indicators(&data(), period, filter, &settings())
}

fn r(num: usize, den: usize) -> Ratio {
    Ratio { num, den }
}

#[track_caller]
fn close(actual: Option<f64>, expected: f64) {
    let a = actual.expect("a value");
    assert!((a - expected).abs() < 1e-9, "{a} != {expected}");
}

fn s(v: &str) -> String {
    v.to_string()
}

/// `met / done` and `open` per stage, in stage order.
fn stages(i: &Indicators) -> Vec<(Stage, Ratio, usize)> {
    i.timeliness
        .iter()
        .filter(|t| crate::helpers::OLDER_STAGES.contains(&t.stage))
        .map(|t| (t.stage, t.met, t.open))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Periods.
// ---------------------------------------------------------------------------------------

#[test]
fn periods_months_and_the_one_before() {
    let m = march();
    assert_eq!(m.from, t("2026-03-01 00:00"));
    assert_eq!(m.to, t("2026-04-01 00:00"));
    assert_eq!(m.previous(), Period::month(2026, 2, cst()));
    assert_eq!(m.previous().to, t("2026-03-01 00:00"), "28 days, no gap");
    assert_eq!(m.previous().from, t("2026-02-01 00:00"));
    let january = Period::month(2026, 1, cst());
    assert_eq!(january.previous(), Period::month(2025, 12, cst()));
    assert_eq!(Period::month(2025, 12, cst()).to, t("2026-01-01 00:00"));
    // Not a calendar month: the same length just before.
    let week = Period::new(t("2026-03-10 00:00"), t("2026-03-17 00:00"));
    assert_eq!(
        week.previous(),
        Period::new(t("2026-03-03 00:00"), t("2026-03-10 00:00"))
    );
    // Starts on the 1st but is not a whole month.
    let ten = Period::new(t("2026-03-01 00:00"), t("2026-03-11 00:00"));
    assert_eq!(ten.previous().from, t("2026-02-19 00:00"));
    assert!(m.contains(t("2026-03-01 00:00")) && !m.contains(t("2026-04-01 00:00")));
    assert!(Period::new(m.from, m.from).is_empty());
}

#[test]
fn quarters_years_and_trailing_months() {
    let q2 = Period::months(2026, 4, 3, cst());
    assert_eq!(
        (q2.from, q2.to),
        (t("2026-04-01 00:00"), t("2026-07-01 00:00"))
    );
    assert_eq!(q2.whole_months(), Some(3));
    // The quarter before is Q1 (90 days), not the 91 days before 04-01.
    assert_eq!(q2.previous(), Period::months(2026, 1, 3, cst()));
    let q1 = Period::months(2026, 1, 3, cst());
    assert_eq!(q1.previous(), Period::months(2025, 10, 3, cst()));
    let year = Period::months(2026, 1, 12, cst());
    assert_eq!(year.to, t("2027-01-01 00:00"));
    assert_eq!(year.previous(), Period::months(2025, 1, 12, cst()));
    assert_eq!(march().whole_months(), Some(1));
    assert_eq!(
        Period::new(t("2026-03-01 00:00"), t("2026-03-11 00:00")).whole_months(),
        None
    );
    // The trend of a quarter ends with its last month; a year's runs over the 12.
    let trail = q1.trailing_months(3);
    assert_eq!(
        trail,
        vec![
            Period::month(2026, 1, cst()),
            Period::month(2026, 2, cst()),
            march()
        ]
    );
    assert_eq!(
        march().trailing_months(14)[0],
        Period::month(2025, 2, cst())
    );
}

#[test]
fn period_presets_custom_days_and_labels() {
    use complaint_desk::domain::analysis::PeriodPreset as P;
    let now = t("2026-05-20 15:00");
    assert_eq!(P::ThisMonth.period(now), Period::month(2026, 5, cst()));
    assert_eq!(P::LastMonth.period(now), Period::month(2026, 4, cst()));
    assert_eq!(
        P::ThisQuarter.period(now),
        Period::months(2026, 4, 3, cst())
    );
    assert_eq!(P::ThisYear.period(now), Period::months(2026, 1, 12, cst()));
    // January's last month is the December before.
    assert_eq!(
        P::LastMonth.period(t("2026-01-05 09:00")),
        Period::month(2025, 12, cst())
    );
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let week = Period::days(day("2026-03-10"), day("2026-03-16"), cst()).unwrap();
    assert_eq!(
        (week.from, week.to),
        (t("2026-03-10 00:00"), t("2026-03-17 00:00"))
    );
    assert_eq!(
        Period::days(day("2026-03-10"), day("2026-03-09"), cst()),
        None
    );
    assert_eq!(week.label(), "2026-03-10 至 2026-03-16");
    assert_eq!(week.last_day(), day("2026-03-16"));
    assert_eq!(P::ThisQuarter.period(now).last_day(), day("2026-06-30"));
    assert_eq!(march().label(), "2026年3月");
    assert_eq!(P::ThisQuarter.period(now).label(), "2026年第2季度");
    assert_eq!(P::ThisYear.period(now).label(), "2026年");
    // A whole month picked as days is still that month.
    let whole = Period::days(day("2026-03-01"), day("2026-03-31"), cst()).unwrap();
    assert_eq!((whole, whole.label()), (march(), "2026年3月".to_string()));
}

#[test]
fn the_monthly_trend_equals_each_months_indicators() {
    let items = data();
    let rows: Vec<Summary> = items
        .iter()
        .map(|(c, st)| Summary::new(c, st, &settings()))
        .collect();
    let months = Period::month(2026, 4, cst()).trailing_months(3);
    let trend = monthly_trend(&rows, &months, &Criteria::default());
    // February: received F1 F2 F3, closed F1. March: 9 received, 5 closed (see
    // march_volumes_and_breakdowns). April: none received; M3 archived on 04-02.
    let got: Vec<(usize, usize)> = trend.iter().map(|p| (p.received, p.closed)).collect();
    assert_eq!(got, vec![(3, 1), (9, 5), (0, 1)]);
    // M4's first archive (03-13) is undone by its reopen on 03-20: not counted for March.
    let bj = Criteria {
        project: Some(BJ.into()),
        ..Criteria::default()
    };
    let trend = monthly_trend(&rows, &months, &bj);
    // BJ: F1 (Feb, closed Feb); M1 M2 M4 M6 M8 in March, closed M1 M2 M6.
    let got: Vec<(usize, usize)> = trend.iter().map(|p| (p.received, p.closed)).collect();
    assert_eq!(got, vec![(1, 1), (5, 3), (0, 0)]);
}

// ---------------------------------------------------------------------------------------
// March, no filter.
// ---------------------------------------------------------------------------------------

#[test]
fn march_volumes_and_breakdowns() {
    let i = run(&march(), &Criteria::default());
    // Received: M1..M9 (registered 03-02 .. 03-30).
    assert_eq!(i.received, 9);
    // Closed at 04-01 00:00 with the closing in March: F2 (archived 03-04), M1 (03-05),
    // M2 (03-11), M6 (03-13) archived; M7 cancelled 03-16. M4 was archived 03-13 but reopened
    // 03-20: open at the end. M3 is archived now, but only on 04-02.
    assert_eq!((i.closed, i.archived, i.cancelled), (5, 4, 1));
    // Open at 04-01 00:00: F3 (transferred), M3 (called back), M4 (answered again), M5
    // (investigating), M8 (dispatched; the acknowledgement is on 04-01), M9 (plan proposed).
    assert_eq!(i.open, 6);
    // Categories of M1..M9: 工程质量 M1 M2 M4 M7 M8; 销售管理 M5 M9; 合同问题 M6; 物业管理 M3
    // (ties by name: 合 U+5408 < 物 U+7269).
    assert_eq!(
        i.by_category,
        vec![
            (s("工程质量"), 5),
            (s("销售管理"), 2),
            (s("合同问题"), 1),
            (s("物业管理"), 1)
        ]
    );
    assert_eq!(i.top_categories(2), &i.by_category[..2]);
    assert_eq!(
        i.by_severity,
        vec![(Severity::General, 7), (Severity::Major, 2)]
    );
    // Phone M1 M4 M6 M8; email M5; onsite M2; website M7; wechat M3; group_hq M9.
    use Channel as C;
    assert_eq!(
        i.by_channel,
        vec![
            (C::Phone, 4),
            (C::Email, 1),
            (C::Letter, 0),
            (C::OnSite, 1),
            (C::Website, 1),
            (C::Wechat, 1),
            (C::GroupHq, 1),
            (C::StaffHotline, 0),
            (C::Other, 0),
        ]
    );
    assert_eq!(
        i.by_kind,
        vec![
            (Kind::Complaint, 8),
            (Kind::Inquiry, 1),
            (Kind::Suggestion, 0),
            (Kind::AfterSales, 0)
        ]
    );
    assert_eq!(i.by_project, vec![(s(BJ), 5), (s(CH), 4)]);
    // 李工: M1 M3 M4 M8; 张工: M2 M5 M6 M9 (张 U+5F20 < 李 U+674E); M7 never dispatched.
    assert_eq!(
        i.by_handler,
        vec![(s("张工"), 4), (s("李工"), 4), (s(""), 1)]
    );
    assert_eq!(i.by_office, vec![(s("SH01"), 8), (s("SH02"), 1)]);
    // Today's status of M1..M9: archived M1 M2 M3 (on 04-02) M6; answered M4 (again, after
    // its reopen); investigating M5; cancelled M7; acknowledged M8; plan proposed M9.
    let nonzero: Vec<(Status, usize)> = i
        .by_status
        .iter()
        .copied()
        .filter(|(_, n)| *n > 0)
        .collect();
    assert_eq!(
        nonzero,
        vec![
            (Status::Acknowledged, 1),
            (Status::Investigating, 1),
            (Status::PlanProposed, 1),
            (Status::Answered, 1),
            (Status::Archived, 4),
            (Status::Cancelled, 1),
        ]
    );
    assert_eq!(i.by_status.len(), Status::ALL.len());
}

#[test]
fn march_timeliness_by_stage() {
    let i = run(&march(), &Criteria::default());
    // Per complaint received in March (✓ met, ✗ late, · open, – does not apply):
    //
    // | id | forward (due)           | acknowledge (due)        | plan (due)              | answer (due)            | callback (due)          |
    // | M1 | 10:00 ≤ 03-02 10:30 ✓   | 10:30 ≤ 03-02 12:00 ✓    | 03-03 ≤ 03-04 09:30 ✓   | 03-04 ≤ 03-05 09:30 ✓   | 03-05 ≤ 03-09 11:00 ✓   |
    // | M2 | 10:30 ≤ 03-03 11:00 ✓   | 11:00 ≤ 03-03 14:00 ✓    | 10:00 = 03-05 10:00 ✓   | 03-10 ≤ 03-17 10:00 ✓ (major: 10 wd) | 03-11 ≤ 03-13 10:00 ✓ |
    // | M3 | 16:00 > 03-05 15:00 ✗   | 16:30 ≤ 03-05 18:00 ✓    | 03-09 15:00 > 14:00 ✗   | 03-10 11:00 ≤ 14:00 ✓   | 03-16 > 03-13 11:00 ✗   |
    // | M4 | 10:10 ≤ 03-09 11:00 ✓   | 13:45 > 03-09 13:40 ✗    | after the reopen 03-20 10:00: 03-24 09:00 ≤ 03-24 10:00 ✓ | 03-26 > 03-25 10:00 ✗ | · (due 03-31 10:00) |
    // | M5 | 09:30 ≤ 03-10 10:00 ✓   | 10:00 ≤ 03-10 11:30 ✓    | · (due 03-12 09:00)     | ·                       | –                       |
    // | M6 | 11:30 ≤ 03-12 12:00 ✓   | 14:00 ≤ 03-12 15:00 ✓    | – (inquiry)             | 03-13 10:00 ≤ 11:00 ✓ (1 wd) | 03-13 ≤ 03-18 10:00 ✓ |
    // | M7 | – (cancelled with everything open: nothing owed)                                                                            |
    // | M8 | 03-31 09:30 > 03-30 18:00 ✗ | 04-01 09:10 > 03-31 11:30 ✗ (done after March: still counted) | · | · | –         |
    // | M9 | 10:30 ≤ 03-18 11:00 ✓   | 11:00 ≤ 03-18 14:00 ✓    | ·                       | ·                       | –                       |
    //
    // forward 6 of 8; acknowledge 6 of 8; plan 3 of 4, 3 open (M5 M8 M9); answer 4 of 5,
    // 3 open (M5 M8 M9); callback 3 of 4, 1 open (M4).
    assert_eq!(
        stages(&i),
        vec![
            (Stage::Forward, r(6, 8), 0),
            (Stage::Acknowledge, r(6, 8), 0),
            (Stage::PlanToCustomer, r(3, 4), 3),
            (Stage::Answer, r(4, 5), 3),
            (Stage::Callback, r(3, 4), 1),
        ]
    );
    close(i.stage(Stage::Answer).unwrap().met.value(), 0.8);
}

#[test]
fn march_handling_time_in_work_hours() {
    let h = run(&march(), &Criteria::default()).handling;
    // First answers in March, registration → answer in work minutes (450 a workday):
    //   F2 02-26 (Thu) 10:00 → 03-03 11:00: Thu 120+270=390, Fri 450, Sat 02-28 (make-up
    //      workday) 450, Sun 0, Mon 450, Tue 09:00-11:00 120 = 1860
    //   M1 03-02 09:30 → 03-04 11:00: 150+270=420, 450, 120 = 990
    //   M2 03-03 10:00 → 03-10 10:00: 390, 450×4 (04 05 06 09), 60 = 2250
    //   M3 03-05 14:00 → 03-10 11:00: 240, 450, 450, 120 = 1260
    //   M4 03-09 10:00 → 03-12 11:00 (its first answer; the second, 03-26, is not counted
    //      again): 390, 450, 450, 120 = 1410
    //   M6 03-12 11:00 → 03-13 10:00: 60+270=330, 60 = 390
    // n = 6, sum = 8160 minutes = 136 h, average 136/6 = 22.67 h.
    // p90 by nearest rank: ⌈0.9 × 6⌉ = 6th of 390 990 1260 1410 1860 2250 → 2250 = 37.5 h.
    assert_eq!(h.answered, 6);
    assert_eq!(h.total_work_minutes, 8160);
    assert_eq!(h.p90_work_minutes, Some(2250));
    close(h.avg_work_hours, 136.0 / 6.0);
    close(h.p90_work_hours, 37.5);
}

#[test]
fn march_satisfaction_resolution_and_callbacks() {
    let i = run(&march(), &Criteria::default());
    // Latest callback recorded in March per complaint: F2 2 ✗, M1 4 ✓, M2 5 ✓, M3 2 ✗,
    // M4 4 ✓ (reopened afterwards, still counted), M6 3 ✓.
    // Sum 20 over 6 → 10/3 = 3.33; satisfied (4-5): M1 M2 M4 = 3/6; not accepted F2 M3 = 2/6.
    let sat = i.satisfaction;
    assert_eq!((sat.scored, sat.score_sum), (6, 20));
    close(sat.avg_score, 10.0 / 3.0);
    assert_eq!(sat.avg_score_x100, Some(333));
    assert_eq!(sat.satisfied, r(3, 6));
    assert_eq!(sat.not_accepted, r(2, 6));
    // Resolution: archived in March F2 M1 M2 M6 (M7 cancelled: excluded); accepted at the
    // callback before the archive: M1 M2 M6 → 3/4.
    assert_eq!(i.resolution, r(3, 4));
    assert_eq!(i.resolution.percent_text(), "75.0%");
    // Callback rate: answered in March F2 M1 M2 M3 M4 M6; M4's latest March answer (03-26)
    // has no callback after it → 5/6.
    assert_eq!(i.callback, r(5, 6));
}

#[test]
fn march_repeats_groups_escalations_and_root_causes() {
    let i = run(&march(), &Criteria::default());
    // Repeats (same phone key and category within 90 days before):
    //   M1 138-0000-0001 工程质量 ← F1 (02-10, in February: outside the period, still counts)
    //   M3 13900000002 物业管理 ← F2 (02-26)
    //   M9 13700000005 销售管理 ← M5 (03-10)
    // → 3 of 9.
    assert_eq!(i.repeats, r(3, 9));
    close(i.repeats.value(), 1.0 / 3.0);
    // Same issue BJ 3栋 工程质量: F1 02-10 (…01), M1 03-02 (…01), M2 03-03 (…02),
    // M4 03-09 (…03), M8 03-30 (…08). M4's 30-day window (from 02-07 10:00) holds F1 M1 M2 M4
    // with phones 01 02 03: a group; M8's (from 02-28 17:00) M1 M2 M4 M8: 01 02 03 08. Received
    // members: M1 M2 M4 M8. No other project/building/category has 3 phones (F2 M3 share one,
    // M5 M9 share one).
    assert_eq!(i.group_complaints, 4);
    // Escalations dated in March: F3 → head office 03-02 (a February complaint); M5 → PM
    // 03-12, → GM 03-13, → head office 03-16.
    assert_eq!(i.escalations.total, 4);
    assert_eq!(
        i.escalations.by_level,
        vec![
            (EscalationLevel::ProjectManager, 1),
            (EscalationLevel::GeneralManager, 1),
            (EscalationLevel::HeadOffice, 2)
        ]
    );
    // Major received: M2 (GM approved 03-05), M9 (not approved yet).
    assert_eq!(i.major_received, 2);
    assert_eq!(i.major_gm_approved, r(1, 2));
    // Latest responsibility: M1 M2 M4 (施工单位 after the reopen; 设计单位 before) 施工单位;
    // M5 M6 M9 销售部; M3 物业公司; M7 M8 none (施 U+65BD < 销 U+9500).
    assert_eq!(
        i.root_causes,
        vec![(s("施工单位"), 3), (s("销售部"), 3), (s("物业公司"), 1)]
    );
    assert_eq!(i.top_root_causes(1), &[(s("施工单位"), 3)]);
    assert_eq!(i.uninvestigated, 2);
}

// ---------------------------------------------------------------------------------------
// February and month on month.
// ---------------------------------------------------------------------------------------

#[test]
fn february() {
    let i = run(&march().previous(), &Criteria::default());
    // Received F1 F3 F2; closed F1 (archived 02-13); open at 03-01: F2 (plan proposed; the
    // approval is on 03-02), F3 (transferred).
    assert_eq!((i.received, i.closed, i.archived, i.open), (3, 1, 1, 2));
    assert_eq!(i.resolution, r(1, 1));
    assert_eq!(i.callback, r(1, 1)); // F1 answered 02-12, called back 02-13
    assert_eq!((i.satisfaction.scored, i.satisfaction.score_sum), (1, 5));
    close(i.satisfaction.avg_score, 5.0);
    assert_eq!(i.satisfaction.not_accepted, r(0, 1));
    // F1 02-10 (Tue) 10:00 → 02-12 11:00: 390 + 450 + 120 = 960 minutes = 16 h.
    assert_eq!(i.handling.answered, 1);
    assert_eq!(i.handling.p90_work_minutes, Some(960));
    close(i.handling.avg_work_hours, 16.0);
    assert_eq!(i.repeats, r(0, 3));
    // Only F1 of BJ 3栋 工程质量 is registered before 03-01: no group.
    assert_eq!(i.group_complaints, 0);
    // F3 → PM 02-25, → GM 02-26.
    assert_eq!(i.escalations.total, 2);
    assert_eq!((i.major_received, i.major_gm_approved), (0, r(0, 0)));
    // F1 all met. F2: forward 10:20 ≤ 11:00 ✓; acknowledge 15:00 > 13:50 ✗; plan 03-02 09:30
    // > 02-28 10:00 (Saturday make-up workday) ✗; answer 03-03 > 03-02 10:00 ✗; callback
    // 03-04 ≤ 03-06 11:00 ✓. F3: forward ✓, acknowledge 11:00 ≤ 14:00 ✓, plan left out
    // (transferred before it), answer open.
    assert_eq!(
        stages(&i),
        vec![
            (Stage::Forward, r(3, 3), 0),
            (Stage::Acknowledge, r(2, 3), 0),
            (Stage::PlanToCustomer, r(1, 2), 0),
            (Stage::Answer, r(1, 2), 1),
            (Stage::Callback, r(2, 2), 0),
        ]
    );
    assert_eq!(i.root_causes, vec![(s("施工单位"), 1), (s("物业公司"), 1)]);
    assert_eq!(i.uninvestigated, 1);
}

#[test]
fn march_against_february() {
    let f = Criteria::default();
    let (now, before) = (run(&march(), &f), run(&march().previous(), &f));
    let c = month_on_month(&now, &before);
    let check = |c: Change, abs: f64, rel: Option<f64>| {
        close(c.absolute, abs);
        match rel {
            Some(rel) => close(c.relative, rel),
            None => assert_eq!(c.relative, None),
        }
    };
    check(c.received, 6.0, Some(2.0)); // 9 vs 3
    check(c.closed, 4.0, Some(4.0)); // 5 vs 1
    check(c.open, 4.0, Some(2.0)); // 6 vs 2
    check(c.resolution_rate, -0.25, Some(-0.25)); // 3/4 vs 1
    check(c.callback_rate, -1.0 / 6.0, Some(-1.0 / 6.0)); // 5/6 vs 1
    check(c.avg_score, -5.0 / 3.0, Some(-1.0 / 3.0)); // 10/3 vs 5
    check(c.satisfied_share, -0.5, Some(-0.5)); // 1/2 vs 1
    check(c.not_accepted_share, 1.0 / 3.0, None); // 1/3 vs 0
    check(c.repeat_rate, 1.0 / 3.0, None); // 1/3 vs 0
    check(c.group_complaints, 4.0, None); // 4 vs 0
    check(c.escalations, 2.0, Some(1.0)); // 4 vs 2
    check(c.major_received, 2.0, None); // 2 vs 0
    check(c.avg_handling_hours, 68.0 / 3.0 - 16.0, Some(5.0 / 12.0)); // 22.67 h vs 16 h
    check(c.p90_handling_hours, 21.5, Some(21.5 / 16.0)); // 37.5 h vs 16 h
    let stage = |s: Stage| c.stage_met.iter().find(|x| x.0 == s).unwrap().1;
    check(stage(Stage::Forward), -0.25, Some(-0.25)); // 6/8 vs 3/3
    check(stage(Stage::Acknowledge), 1.0 / 12.0, Some(1.0 / 8.0)); // 6/8 vs 2/3
    check(stage(Stage::PlanToCustomer), 0.25, Some(0.5)); // 3/4 vs 1/2
    check(stage(Stage::Answer), 0.3, Some(0.6)); // 4/5 vs 1/2
    check(stage(Stage::Callback), -0.25, Some(-0.25)); // 3/4 vs 2/2
                                                       // The five above and the acknowledgement and GM's look, which this month's
                                                       // data does not record (checked in `deadlines::first_contact`).
    assert_eq!(c.stage_met.len(), 7);
}

// ---------------------------------------------------------------------------------------
// Filters.
// ---------------------------------------------------------------------------------------

#[test]
fn filter_by_project() {
    let bj = Criteria {
        project: Some(BJ.into()),
        ..Default::default()
    };
    let i = run(&march(), &bj);
    // BJ: F1 M1 M2 M4 M6 M8. Received M1 M2 M4 M6 M8; closed M1 M2 M6 (all archived, all
    // accepted); open M4 M8 (F1 closed in February).
    assert_eq!(i.received, 5);
    assert_eq!((i.closed, i.archived, i.cancelled, i.open), (3, 3, 0, 2));
    assert_eq!(i.resolution, r(3, 3));
    // Answered in March: M1 M2 M4 M6; M4's 03-26 answer not called back → 3/4.
    assert_eq!(i.callback, r(3, 4));
    // Callbacks M1 4, M2 5, M4 4, M6 3: 16 / 4 = 4.00; satisfied 3/4; none refused.
    assert_eq!((i.satisfaction.scored, i.satisfaction.score_sum), (4, 16));
    close(i.satisfaction.avg_score, 4.0);
    assert_eq!(i.satisfaction.avg_score_x100, Some(400));
    assert_eq!(i.satisfaction.satisfied, r(3, 4));
    assert_eq!(i.satisfaction.not_accepted, r(0, 4));
    // 990 + 2250 + 1410 + 390 = 5040 minutes over 4 = 21 h; p90 rank ⌈3.6⌉ = 4 → 2250.
    assert_eq!(i.handling.total_work_minutes, 5040);
    close(i.handling.avg_work_hours, 21.0);
    assert_eq!(i.handling.p90_work_minutes, Some(2250));
    assert_eq!(i.repeats, r(1, 5)); // M1 (← F1)
    assert_eq!(i.group_complaints, 4); // M1 M2 M4 M8
    assert_eq!(i.escalations.total, 0); // all escalations are CH's
    assert_eq!(i.major_gm_approved, r(1, 1)); // M2
    assert_eq!(i.by_handler, vec![(s("李工"), 3), (s("张工"), 2)]);
    assert_eq!(i.root_causes, vec![(s("施工单位"), 3), (s("销售部"), 1)]);
    assert_eq!(i.uninvestigated, 1); // M8
    assert_eq!(
        stages(&i),
        vec![
            (Stage::Forward, r(4, 5), 0),        // M8 ✗
            (Stage::Acknowledge, r(3, 5), 0),    // M4 ✗, M8 ✗
            (Stage::PlanToCustomer, r(3, 3), 1), // M1 M2 M4 ✓ (M6 an inquiry); M8 open
            (Stage::Answer, r(3, 4), 1),         // M4 ✗; M8 open
            (Stage::Callback, r(3, 3), 1),       // M1 M2 M6 ✓; M4 open
        ]
    );

    // The other project holds the rest: CH received M3 M5 M7 M9; closed F2 (archived, not
    // accepted) and M7 (cancelled); open F3 M3 M5 M9; every escalation.
    let ch = Criteria {
        project: Some(CH.into()),
        ..Default::default()
    };
    let i = run(&march(), &ch);
    assert_eq!(i.received, 4);
    assert_eq!((i.closed, i.archived, i.cancelled, i.open), (2, 1, 1, 4));
    assert_eq!(i.resolution, r(0, 1));
    assert_eq!(i.escalations.total, 4);
    assert_eq!(i.group_complaints, 0);
    assert_eq!(i.repeats, r(2, 4)); // M3 (← F2), M9 (← M5)
}

#[test]
fn other_filters() {
    let march = march();
    // Channel 集团客服转来: only M9, a repeat of M5 (email: outside the filter, still counts).
    let hq = Criteria {
        channel: Some(Channel::GroupHq),
        ..Default::default()
    };
    let i = run(&march, &hq);
    assert_eq!((i.received, i.repeats, i.open), (1, r(1, 1), 1));
    // Major: M2 M9; GM approved M2.
    let major = Criteria {
        severity: Some(Severity::Major),
        ..Default::default()
    };
    let i = run(&march, &major);
    assert_eq!((i.received, i.major_gm_approved), (2, r(1, 2)));
    // Office SH02: M6 alone (an inquiry: no plan stage).
    let sh02 = Criteria {
        office: Some("SH02".into()),
        ..Default::default()
    };
    let i = run(&march, &sh02);
    assert_eq!((i.received, i.closed, i.open), (1, 1, 0));
    assert_eq!(i.stage(Stage::PlanToCustomer).unwrap().met, r(0, 0));
    // Kind inquiry equals the same here; category 销售管理: M5 M9.
    let inquiry = Criteria {
        kind: Some(Kind::Inquiry),
        ..Default::default()
    };
    assert_eq!(run(&march, &inquiry).received, 1);
    let sales = Criteria {
        category: Some("销售管理".into()),
        ..Default::default()
    };
    let i = run(&march, &sales);
    assert_eq!(
        (i.received, i.escalations.total, i.uninvestigated),
        (2, 3, 0)
    );
}

// ---------------------------------------------------------------------------------------
// Replay at the end of the period, and empty periods.
// ---------------------------------------------------------------------------------------

#[test]
fn april_counts_what_was_closed_in_april() {
    let i = run(&Period::month(2026, 4, cst()), &Criteria::default());
    // Nothing received; M3 archived 04-02 (its callback said not accepted); open at 05-01:
    // F3 M4 M5 M8 M9.
    assert_eq!((i.received, i.closed, i.archived, i.open), (0, 1, 1, 5));
    assert_eq!(i.resolution, r(0, 1));
    // No answer and no callback in April.
    assert_eq!(i.callback, r(0, 0));
    assert_eq!(i.satisfaction.avg_score, None);
    // M8's acknowledgement (04-01) is a March-cohort figure, not April's: nobody received.
    assert!(i.timeliness.iter().all(|t| t.met == r(0, 0) && t.open == 0));
}

#[test]
fn open_is_replayed_up_to_the_end_of_the_period() {
    // A zero-length period at 03-15 00:00: F3 (transferred), M3 (answered; callback 03-16),
    // M5 are open. M4 counts as closed (archived 03-13, reopened only 03-20) although it is
    // open today; M3 counts as open although it is archived today.
    let at = t("2026-03-15 00:00");
    let i = run(&Period::new(at, at), &Criteria::default());
    assert_eq!(i.open, 3);
    assert_eq!((i.received, i.closed), (0, 0));
    // The same against a full replay of the events before each day's midnight.
    let items = data();
    for day in 1..=30 {
        let at = t("2026-02-28 00:00") + chrono::TimeDelta::days(day);
        let expected = items
            .iter()
            .filter(|(c, _)| c.events[0].at < at)
            .filter(|(c, _)| {
                let before: Vec<Event> = c.events.iter().filter(|e| e.at < at).cloned().collect();
                !ComplaintState::replay(&before).unwrap().status.is_closed()
            })
            .count();
        let got = indicators(
            &items,
            &Period::new(at, at),
            &Criteria::default(),
            &settings(),
        )
        .open;
        assert_eq!(got, expected, "open at {at}");
    }
    assert_eq!(items[5].1.status, Status::Archived, "M3 today");
}

#[test]
fn empty_periods_give_zeros_and_no_ratios() {
    let check = |i: &Indicators| {
        assert_eq!(
            (i.received, i.closed, i.archived, i.cancelled),
            (0, 0, 0, 0)
        );
        for ratio in [
            i.resolution,
            i.callback,
            i.repeats,
            i.major_gm_approved,
            i.satisfaction.satisfied,
            i.satisfaction.not_accepted,
        ] {
            assert_eq!(ratio.value(), None);
            assert_eq!(ratio.per_mille(), None);
            assert_eq!(ratio.percent_text(), "—");
        }
        assert_eq!(i.satisfaction.avg_score, None);
        assert_eq!(i.satisfaction.avg_score_x100, None);
        assert_eq!(i.handling.answered, 0);
        assert_eq!(i.handling.avg_work_hours, None);
        assert_eq!(i.handling.p90_work_hours, None);
        assert_eq!(i.escalations.total, 0);
        assert!(i.timeliness.iter().all(|t| t.met.value().is_none()));
        assert!(i.by_category.is_empty() && i.root_causes.is_empty());
        assert!(i.by_channel.iter().all(|(_, n)| *n == 0));
    };
    // December 2025: before every complaint; nothing open either.
    let december = run(&Period::month(2025, 12, cst()), &Criteria::default());
    check(&december);
    assert_eq!(december.open, 0);
    // A zero-length period, and a reversed one.
    let at = t("2026-03-15 00:00");
    check(&run(&Period::new(at, at), &Criteria::default()));
    check(&run(
        &Period::new(at, t("2026-03-01 00:00")),
        &Criteria::default(),
    ));
    // No complaints at all.
    let none = indicators(&[], &march(), &Criteria::default(), &settings());
    check(&none);
    // Month on month from an empty period: every relative change is None, nothing divides
    // by zero.
    let c = month_on_month(&run(&march(), &Criteria::default()), &december);
    assert_eq!(c.received.relative, None);
    close(c.received.absolute, 9.0);
    assert_eq!(c.resolution_rate.absolute, None);
    assert_eq!(c.avg_score.relative, None);
    assert!(c.stage_met.iter().all(|(_, ch)| ch.relative.is_none()));
}

#[test]
fn repeats_and_groups_agree_with_the_detail_page_links() {
    use complaint_desk::domain::queue::Summary;
    use complaint_desk::domain::queue::{repeat_of, same_issue_group};
    let (items, settings, period) = (data(), settings(), march());
    let rows: Vec<Summary> = items
        .iter()
        .map(|(c, s)| Summary::new(c, s, &settings))
        .collect();
    let received: Vec<&Summary> = rows
        .iter()
        .filter(|s| {
            (period.from.timestamp_millis()..period.to.timestamp_millis()).contains(&s.received)
        })
        .collect();
    let repeats = received
        .iter()
        .filter(|s| repeat_of(&rows, s, &settings.repeat_rules).is_some())
        .count();
    let before_end: Vec<&Summary> = rows
        .iter()
        .filter(|s| s.received < period.to.timestamp_millis())
        .collect();
    let grouped = received
        .iter()
        .filter(|me| {
            before_end.iter().any(|other| {
                same_issue_group(&rows, other, &settings.severity_rules)
                    .iter()
                    .any(|m| m.number == me.number)
            })
        })
        .count();
    let i = indicators(&items, &period, &Criteria::default(), &settings);
    assert_eq!((i.repeats.num, i.group_complaints), (repeats, grouped));
    // Over all time, the flags the dashboard counts agree with the one-pass count.
    let flags = complaint_desk::domain::analysis::CrossFlags::build(&rows, &settings);
    let all_time = rows
        .iter()
        .filter(|s| repeat_of(&rows, s, &settings.repeat_rules).is_some())
        .count();
    assert!(all_time > 0, "the data set has repeats");
    assert_eq!(flags.repeat_count(), all_time);
    assert_eq!(
        complaint_desk::domain::queue::repeat_count(&rows, &settings.repeat_rules),
        all_time
    );
}

#[test]
fn escalations_by_level_sum_to_the_total_with_a_handler_level_event() {
    // The data set plus a complaint from another copy's file whose history carries an
    // escalation at level `handler` (the format allows it; the app's ladder never records
    // it), then a rise to the project manager, both in March.
    let mut items = data();
    items.push(build(
        Reg {
            number: "SH01-B-20260317-0001",
            project: CH,
            building: "2栋",
            category: "客户服务",
            phone: "13200000009",
            kind: Kind::Complaint,
            severity: Severity::General,
            channel: Channel::Phone,
            at: "2026-03-17 10:00",
        },
        vec![
            (
                "2026-03-17 11:05",
                System,
                escalate(Stage::Forward, EscalationLevel::Handler, "2026-03-17 11:00"),
            ),
            (
                "2026-03-17 11:10",
                System,
                escalate(
                    Stage::Forward,
                    EscalationLevel::ProjectManager,
                    "2026-03-17 11:00",
                ),
            ),
        ],
    ));
    let i = indicators(&items, &march(), &Criteria::default(), &settings());
    // The four of the data set (F3 → HO, M5 → PM, GM, HO) and these two.
    assert_eq!(i.escalations.total, 6);
    assert_eq!(
        i.escalations.by_level,
        vec![
            (EscalationLevel::Handler, 1),
            (EscalationLevel::ProjectManager, 2),
            (EscalationLevel::GeneralManager, 1),
            (EscalationLevel::HeadOffice, 2)
        ]
    );
    assert_eq!(EscalationLevel::Handler.label(), "处理人");
    // Every period and filter: the breakdown sums to the total.
    let periods = [
        march(),
        march().previous(),
        Period::month(2026, 4, cst()),
        Period::new(t("2026-02-01 00:00"), t("2026-04-01 00:00")),
    ];
    let filters = [
        Criteria::default(),
        Criteria {
            project: Some(CH.into()),
            ..Criteria::default()
        },
    ];
    for period in &periods {
        for filter in &filters {
            let e = indicators(&items, period, filter, &settings()).escalations;
            let sum: usize = e.by_level.iter().map(|(_, n)| n).sum();
            assert_eq!(sum, e.total, "{period:?} {filter:?}");
            // The ladder's levels are always listed; the handler only when counted.
            let levels: Vec<EscalationLevel> = e.by_level.iter().map(|(l, _)| *l).collect();
            assert!(levels.ends_with(&[
                EscalationLevel::ProjectManager,
                EscalationLevel::GeneralManager,
                EscalationLevel::HeadOffice
            ]));
            assert_eq!(
                levels.contains(&EscalationLevel::Handler),
                e.by_level
                    .iter()
                    .any(|(l, n)| *l == EscalationLevel::Handler && *n > 0)
            );
        }
    }
}
