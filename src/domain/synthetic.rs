//! A generator of synthetic complaints with realistic Chinese text and full histories, for
//! trying the queue at scale (settings → 生成测试数据) and for the benchmark. Deterministic:
//! the same seed gives the same complaints.

use chrono::{DateTime, Duration, FixedOffset};

use crate::domain::case::{complaint_number, event_id, Complaint, Event, EventData};
use crate::domain::vocabulary::{
    Channel, CustomerType, Intake, Kind, Mood, Role, Settings, Severity, SeverityFacts,
    TransferTarget,
};

/// The device code synthetic complaints are numbered under, so they never collide with a
/// real device's numbers.
pub const SYNTH_DEVICE: &str = "SIM";

/// A small deterministic pseudo-random generator (SplitMix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// Seeds the generator.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "桂英", "建华", "志强", "晓东", "海燕", "文博",
];
const PROJECTS: &[&str] = &[
    "滨江华府",
    "御景湾",
    "翠湖天地",
    "锦绣花园",
    "星河湾",
    "云栖府",
];
const ISSUES: &[(&str, &str)] = &[
    (
        "工程质量",
        "卫生间墙面渗水，楼下邻居天花板出现水渍，要求尽快查明原因并维修",
    ),
    (
        "工程质量",
        "入户门变形关不严，交房验收时已提出，至今没有整改",
    ),
    (
        "规划设计",
        "小区绿化与宣传册上的效果图差距很大，中心花园面积明显缩小",
    ),
    (
        "销售管理",
        "置业顾问承诺赠送车位使用权，签约后不认账，要求兑现承诺",
    ),
    ("销售管理", "办理产权证进度太慢，已经超过合同约定时间三个月"),
    (
        "物业管理",
        "地下车库照明长期损坏，晚上停车很不安全，多次报修无人处理",
    ),
    (
        "客户服务",
        "案场接待人员态度冷淡，咨询问题时不耐烦，感觉不被尊重",
    ),
    (
        "合同问题",
        "合同中的交房日期与口头承诺不一致，要求书面说明并赔偿",
    ),
    ("付款事务", "按揭放款后仍收到催款通知，要求核对付款记录"),
    ("房源信息", "样板间展示的装修标准与实际交付标准不符"),
    ("售后服务", "空调预留孔位置错误，需要重新开孔，希望尽快安排"),
    ("其他", "工地夜间施工噪音扰民，影响老人和孩子休息"),
];
const REMEDIES: &[&str] = &[
    "尽快维修",
    "书面道歉",
    "赔偿损失",
    "兑现承诺",
    "给出明确答复",
    "",
];
const FINDINGS: &[&str] = &[
    "现场核实情况属实，原因为施工防水层破损",
    "经调查，置业顾问确有口头承诺，未经审批",
    "经核实为物业公司维保不及时",
    "情况部分属实，客户描述存在夸大",
];
const PLANS: &[&str] = &[
    "安排施工单位三日内上门维修，维修后回访",
    "由销售经理向客户书面致歉并兑现合理承诺",
    "协调物业公司限期整改，客服跟踪",
];

/// The most synthetic complaints one request may make.
pub const MAX_COUNT: usize = 200_000;

/// The count typed on the settings page, if it is a whole number from 1 to [`MAX_COUNT`].
pub fn parse_count(text: &str) -> Option<usize> {
    text.trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=MAX_COUNT).contains(n))
}

/// Generates `count` complaints numbered from `start_seq`, registered over the `days` days
/// before `now`, each walked some way through the workflow (about 8 events on average).
pub fn generate(
    settings: &Settings,
    count: usize,
    start_seq: u32,
    days: i64,
    now: DateTime<FixedOffset>,
    seed: u64,
) -> Vec<Complaint> {
    let mut rng = Rng::new(seed);
    let office = settings.office_code.as_str();
    let staff_of = |role: Role| -> Vec<String> {
        let names: Vec<String> = settings
            .staff
            .iter()
            .filter(|s| s.role == role)
            .map(|s| s.name.clone())
            .collect();
        if names.is_empty() {
            vec![role.label().to_string()]
        } else {
            names
        }
    };
    let desks = staff_of(Role::Desk);
    let handlers = staff_of(Role::Handler);
    let managers = staff_of(Role::Manager);
    let gms = staff_of(Role::Gm);
    let span_minutes = (days.max(1) * 24 * 60) as u64;
    let mut out = Vec::with_capacity(count);
    for n in 0..count {
        let seq = start_seq + n as u32;
        let received = now - Duration::minutes((rng.below(span_minutes) + 60) as i64);
        let (category, content) = *rng.pick(ISSUES);
        let category = if settings.categories.iter().any(|c| c == category) {
            category.to_string()
        } else {
            rng.pick(&settings.categories).clone()
        };
        let severity = if rng.chance(8) {
            Severity::Major
        } else {
            Severity::General
        };
        let intake = Intake {
            customer_name: format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN)),
            phone: format!("1{}{:09}", 3 + rng.below(7), rng.below(1_000_000_000)),
            customer_type: *rng.pick(CustomerType::ALL),
            project: rng.pick(PROJECTS).to_string(),
            building: format!("{}栋", 1 + rng.below(20)),
            unit: format!("{}{:02}", 1 + rng.below(32), 1 + rng.below(4)),
            event_time: String::new(),
            event_place: String::new(),
            content: content.to_string(),
            desired_remedy: rng.pick(REMEDIES).to_string(),
            mood: *rng.pick(Mood::ALL),
            channel: *rng.pick(Channel::ALL),
            kind: if rng.chance(80) {
                Kind::Complaint
            } else {
                *rng.pick(Kind::ALL)
            },
            category,
            severity,
            // A major one carries a fact that makes it so.
            facts: SeverityFacts {
                compensation_requested: severity == Severity::Major,
                ..SeverityFacts::default()
            },
            severity_reason: String::new(),
            received_by: String::new(),
        };
        let number = complaint_number(office, SYNTH_DEVICE, received.date_naive(), seq);
        let mut counter = 0u32;
        let mut at = received;
        let mut next_id = |at: DateTime<FixedOffset>| {
            counter += 1;
            event_id(
                office,
                SYNTH_DEVICE,
                at.timestamp_millis() + i64::from(counter),
                counter,
            )
        };
        let desk = rng.pick(&desks).clone();
        let mut c = Complaint::register(
            number,
            office.to_string(),
            intake,
            next_id(at),
            at,
            &desk,
            Role::Desk,
        );
        let handler = rng.pick(&handlers).clone();
        let approver = match severity {
            Severity::Major => rng.pick(&gms).clone(),
            Severity::General => rng.pick(&managers).clone(),
        };
        let approver_role = match severity {
            Severity::Major => Role::Gm,
            Severity::General => Role::Manager,
        };
        // How far this one got: older complaints are further along.
        let age_days = (now - received).num_days();
        let steps = if age_days > 20 {
            9
        } else {
            rng.below(10) as usize
        };
        let transfer = rng.chance(5);
        let plan: Vec<(String, Role, EventData, &str)> = vec![
            (
                desk.clone(),
                Role::Desk,
                EventData::Dispatch {
                    handler: handler.clone(),
                },
                "",
            ),
            (handler.clone(), Role::Handler, EventData::Acknowledge, ""),
            (
                handler.clone(),
                Role::Handler,
                EventData::Investigate {
                    findings: rng.pick(FINDINGS).to_string(),
                    responsibility: "销售部".into(),
                },
                "",
            ),
            (
                handler.clone(),
                Role::Handler,
                EventData::Propose {
                    plan: rng.pick(PLANS).to_string(),
                    expected_done: String::new(),
                },
                "",
            ),
            (approver.clone(), approver_role, EventData::Approve, "同意"),
            (
                handler.clone(),
                Role::Handler,
                EventData::CarryOut {
                    result: "已按方案处理完毕".into(),
                },
                "",
            ),
            (
                handler.clone(),
                Role::Handler,
                EventData::Answer {
                    reply: "已电话告知客户处理结果".into(),
                },
                "",
            ),
            (
                desk.clone(),
                Role::Desk,
                EventData::Callback {
                    score: 1 + rng.below(5) as u8,
                    accepted: rng.chance(85),
                },
                "电话回访",
            ),
            (desk.clone(), Role::Desk, EventData::Archive, ""),
        ];
        for (i, (actor, role, data, note)) in plan.into_iter().enumerate().take(steps) {
            at += Duration::minutes(30 + rng.below(600) as i64);
            if at > now {
                break;
            }
            if transfer && i == 1 {
                let ev = Event {
                    id: next_id(at),
                    at,
                    actor: desk.clone(),
                    role: Role::Desk,
                    note: "非本部门事项".into(),
                    data: EventData::Transfer {
                        target: TransferTarget::Developer,
                    },
                };
                let _ = c.append(ev);
                break;
            }
            let ev = Event {
                id: next_id(at),
                at,
                actor,
                role,
                note: note.to_string(),
                data,
            };
            if c.append(ev).is_err() {
                break;
            }
        }
        out.push(c);
    }
    out
}
