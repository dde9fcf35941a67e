//! Fixtures shared by the host tests: wall-clock times in Shanghai, an office's settings with
//! one staff member per role, one device driving the service over an in-memory store, and a
//! base queue row.

use std::cell::Cell;

use chrono::{DateTime, FixedOffset, TimeZone};
use pollster::block_on;

use complaint_desk::domain::case::{Complaint, ComplaintState, EventData, Status};
use complaint_desk::domain::intake::IntakeForm;
use complaint_desk::domain::queue::Summary;
use complaint_desk::domain::vocabulary::{
    Channel, GmReviewScope, Kind, Role, Settings, Severity, Staff, Stage, TimeLimit,
};
use complaint_desk::service::{self, Ctx, ServiceError};
use complaint_desk::store::memory::MemoryStore;
use complaint_desk::store::Store;

// ---------------------------------------------------------------------------------------
// Times.
// ---------------------------------------------------------------------------------------

/// Shanghai's offset, +08:00.
pub fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

/// A wall-clock time in Shanghai (+08:00).
pub fn cst(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<FixedOffset> {
    cst_s(y, m, d, h, min, 0)
}

/// The same, to the second.
pub fn cst_s(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<FixedOffset> {
    shanghai().with_ymd_and_hms(y, m, d, h, min, s).unwrap()
}

/// Epoch milliseconds of a wall-clock time in Shanghai.
pub fn ms(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
    cst(y, m, d, h, min).timestamp_millis()
}

/// `2026-03-06 17:50` (or with seconds, `2026-03-06 17:50:30`) at +08:00.
pub fn at(s: &str) -> DateTime<FixedOffset> {
    let s = if s.len() == 16 {
        format!("{s}:00")
    } else {
        s.to_string()
    };
    DateTime::parse_from_rfc3339(&format!("{}+08:00", s.replace(' ', "T"))).unwrap()
}

// ---------------------------------------------------------------------------------------
// Settings and a device.
// ---------------------------------------------------------------------------------------

/// An office's settings with its staff: 前台小周 (desk), 李处理 (handler), 经理老王 (manager),
/// 总经理老陈 (GM).
pub fn staffed(office: &str, device: &str) -> Settings {
    let mut s = Settings::new(office, device);
    s.staff = [
        ("前台小周", Role::Desk),
        ("李处理", Role::Handler),
        ("经理老王", Role::Manager),
        ("总经理老陈", Role::Gm),
    ]
    .into_iter()
    .map(|(name, role)| Staff::new(name, role))
    .collect();
    s
}

/// The clocks of R-10..R-22 only: the GM's first look off and the customer's
/// acknowledgement so far off that it never comes due, for the tests of the older
/// clocks (the new ones are tested in `deadlines::first_contact`).
pub fn older_clocks(s: &mut Settings) {
    let far = TimeLimit::work_days(400);
    s.deadlines.gm_review_scope = GmReviewScope::Off;
    s.deadlines.notify_other = far;
    for n in &mut s.deadlines.notify {
        n.limit = far;
    }
}

/// The five stages of R-10..R-22, in order.
pub const OLDER_STAGES: [Stage; 5] = [
    Stage::Forward,
    Stage::Acknowledge,
    Stage::PlanToCustomer,
    Stage::Answer,
    Stage::Callback,
];

/// What an action through the service gives back.
pub type Acted = Result<(Complaint, ComplaintState, Summary), ServiceError>;

/// Device A of office SH01 ([`staffed`]): settings, an in-memory store and a session counter.
/// Every call says when it happens. The counter starts at 1 and goes up by one per call of
/// [`Desk::ctx`] (each service call makes one), so the n-th call's event id ends in `-n`.
pub struct Desk {
    /// The office's settings.
    pub settings: Settings,
    /// The device's store.
    pub store: MemoryStore,
    seq: Cell<u32>,
}

impl Desk {
    /// An empty store and a fully staffed office.
    pub fn new() -> Self {
        Desk {
            settings: staffed("SH01", "A"),
            store: MemoryStore::new(),
            seq: Cell::new(0),
        }
    }

    /// As [`Desk::new`], with only the clocks of R-10..R-22 ([`older_clocks`]).
    pub fn older_clocks() -> Self {
        let mut d = Desk::new();
        older_clocks(&mut d.settings);
        d
    }

    /// The staff member with that role.
    pub fn staff(&self, role: Role) -> &Staff {
        self.settings.staff.iter().find(|s| s.role == role).unwrap()
    }

    /// The context of the next service call: `actor` at `now`, with the next session number.
    pub fn ctx<'a>(&'a self, actor: Option<&'a Staff>, now: DateTime<FixedOffset>) -> Ctx<'a> {
        self.seq.set(self.seq.get() + 1);
        Ctx {
            settings: &self.settings,
            actor,
            now,
            seq: self.seq.get(),
        }
    }

    /// Registers `form` as the desk at `now`; the form must be valid.
    pub fn register(&self, form: &IntakeForm, now: DateTime<FixedOffset>) -> (Complaint, Summary) {
        let ctx = self.ctx(Some(self.staff(Role::Desk)), now);
        block_on(service::register(&self.store, &ctx, form)).unwrap()
    }

    /// Acts on complaint `number` as the staff member with `role` at `now`.
    pub fn act(
        &self,
        role: Role,
        number: &str,
        now: DateTime<FixedOffset>,
        data: EventData,
        note: &str,
    ) -> Acted {
        let ctx = self.ctx(Some(self.staff(role)), now);
        block_on(service::act(&self.store, &ctx, number, data, note))
    }

    /// Runs the escalation check with nobody selected as the acting person (it runs on its
    /// own when the app starts).
    pub fn escalate(&self, now: DateTime<FixedOffset>, summaries: &[Summary]) -> Vec<Summary> {
        let ctx = self.ctx(None, now);
        block_on(service::escalate_overdue(&self.store, &ctx, summaries)).unwrap()
    }

    /// The stored complaint `number`.
    pub fn stored(&self, number: &str) -> Complaint {
        block_on(self.store.get(number)).unwrap().unwrap()
    }

    /// The stored summary of complaint `number`.
    pub fn stored_summary(&self, number: &str) -> Summary {
        block_on(self.store.summaries())
            .unwrap()
            .into_iter()
            .find(|s| s.number == number)
            .unwrap()
    }
}

// ---------------------------------------------------------------------------------------
// A queue row.
// ---------------------------------------------------------------------------------------

/// A bare queue row: complaint `number` of the office its number starts with, registered,
/// general, by phone, a complaint; every other text empty, every time 0, every deadline,
/// score and escalation absent, no facts. Fixtures name what they need on top of it:
/// `Summary { status: Status::Archived, ..summary("SH01-A-20260301-0001") }`.
pub fn summary(number: &str) -> Summary {
    Summary {
        number: number.into(),
        office: number.split('-').next().unwrap_or_default().into(),
        status: Status::Registered,
        category: String::new(),
        severity: Severity::General,
        channel: Channel::Phone,
        kind: Kind::Complaint,
        handler: String::new(),
        name: String::new(),
        phone: String::new(),
        project: String::new(),
        unit: String::new(),
        content: String::new(),
        received: 0,
        updated: 0,
        score: None,
        building: String::new(),
        due: None,
        due_stage: None,
        sheet_due: None,
        escalation: None,
        escalation_deadline: None,
        facts: Default::default(),
        hq_unreturned: false,
        buyer: String::new(),
        conflict: false,
    }
}
