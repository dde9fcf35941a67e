//! A complaint as stored: its number and its append-only events; plus the compact
//! summary the queue searches, and the numbering scheme.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::deadlines::{current_deadline, EscalationLevel, Stage};
use super::event::{Event, EventData};
use super::facts::Facts;
use super::model::{Channel, Intake, Kind, Role, Severity};
use super::settings::Settings;
use super::workflow::{ComplaintState, Status, WorkflowError};

/// A complaint: its number, the office that registered it, and its history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Complaint {
    /// Unique number, see [`complaint_number`].
    pub number: String,
    /// The code of the office that registered it.
    pub office: String,
    /// The history, oldest first; never edited, only appended to.
    pub events: Vec<Event>,
}

impl Complaint {
    /// Registers a new complaint: the history starts with the intake form.
    pub fn register(
        number: String,
        office: String,
        intake: Intake,
        event_id: String,
        at: DateTime<FixedOffset>,
        actor: &str,
        role: Role,
    ) -> Self {
        Complaint {
            number,
            office,
            events: vec![Event {
                id: event_id,
                at,
                actor: actor.to_string(),
                role,
                note: String::new(),
                data: EventData::Register { intake },
            }],
        }
    }

    /// Derives the current state from the history.
    pub fn state(&self) -> Result<ComplaintState, WorkflowError> {
        ComplaintState::replay(&self.events)
    }

    /// Checks that no two events share an id (ids are what merges match on).
    pub fn check_event_ids(&self) -> Result<(), WorkflowError> {
        let mut seen = std::collections::HashSet::with_capacity(self.events.len());
        match self.events.iter().find(|e| !seen.insert(e.id.as_str())) {
            Some(e) => Err(WorkflowError::DuplicateEventId(e.id.clone())),
            None => Ok(()),
        }
    }

    /// Appends an event if the workflow allows it; otherwise nothing changes.
    pub fn append(&mut self, event: Event) -> Result<ComplaintState, WorkflowError> {
        if self.events.iter().any(|e| e.id == event.id) {
            return Err(WorkflowError::DuplicateEventId(event.id));
        }
        let mut state = self.state()?;
        state.apply(&event)?;
        self.events.push(event);
        Ok(state)
    }
}

/// Builds a complaint number: office code, device code, the local date and a per-device daily
/// sequence, e.g. `SH01-A-20261122-0007`. Unique without a server because each device numbers
/// only its own complaints and device codes are unique within an office, office codes across
/// the group.
pub fn complaint_number(office: &str, device: &str, day: NaiveDate, seq: u32) -> String {
    format!(
        "{office}-{device}-{}-{seq:04}",
        super::timefmt::ymd_compact(day)
    )
}

/// Builds an event id that is unique across devices and offices.
pub fn event_id(office: &str, device: &str, millis: i64, counter: u32) -> String {
    format!("{office}-{device}-{millis:x}-{counter}")
}

/// Whether `s` is an office code (`min` 2, `max` 8) or a device code (1, 4): capital
/// letters and digits only.
pub(crate) fn is_code(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// The office and device codes an event id built by [`event_id`] starts with:
/// `SH01-A-19aac0d1e2f-1` → `("SH01", "A")`. `None` when the text is not of that shape
/// (office 2-8 and device 1-4 capital letters or digits, the time as 1 to 16 lower-case hex
/// digits, a decimal counter of 1 to 10 digits).
pub fn event_id_codes(id: &str) -> Option<(&str, &str)> {
    let mut parts = id.split('-');
    let (office, device, millis, counter) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let ok = parts.next().is_none()
        && is_code(office, 2, 8)
        && is_code(device, 1, 4)
        && (1..=16).contains(&millis.len())
        && millis
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && (1..=10).contains(&counter.len())
        && counter.bytes().all(|b| b.is_ascii_digit());
    ok.then_some((office, device))
}

/// The compact record the queue pages, filters and searches: no history, no long texts
/// except the content used by full-text search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Complaint number (the key).
    pub number: String,
    /// Office code.
    pub office: String,
    /// Status code.
    pub status: Status,
    /// Category.
    pub category: String,
    /// Severity.
    pub severity: Severity,
    /// Channel.
    pub channel: Channel,
    /// Kind.
    pub kind: Kind,
    /// Current handler, empty when none.
    pub handler: String,
    /// Customer name.
    pub name: String,
    /// Customer phone.
    pub phone: String,
    /// Project.
    pub project: String,
    /// Building and unit, e.g. `3栋 1202`.
    pub unit: String,
    /// The complaint's content (searched as text).
    pub content: String,
    /// Registration time, epoch milliseconds (the queue's default sort, newest first).
    pub received: i64,
    /// Latest event time, epoch milliseconds.
    pub updated: i64,
    /// Satisfaction score, when a callback was recorded.
    pub score: Option<u8>,
    /// Building alone (for grouping same-issue complaints).
    #[serde(default)]
    pub building: String,
    /// The current open stage's deadline, epoch milliseconds.
    #[serde(default)]
    pub due: Option<i64>,
    /// Which stage that deadline belongs to.
    #[serde(default)]
    pub due_stage: Option<Stage>,
    /// The earliest due time of a work-contact sheet still unanswered, epoch milliseconds.
    #[serde(default)]
    pub sheet_due: Option<i64>,
    /// The latest escalation recorded (stage, level).
    #[serde(default)]
    pub escalation: Option<(Stage, EscalationLevel)>,
    /// The deadline that escalation was for, epoch milliseconds.
    #[serde(default)]
    pub escalation_deadline: Option<i64>,
    /// What the indicators need from the history (see [`Facts`]).
    #[serde(default)]
    pub facts: Facts,
}

impl Summary {
    /// Builds the summary from a complaint, its derived state and the office's settings (whose
    /// calendar and time limits give the current deadline).
    pub fn new(complaint: &Complaint, state: &ComplaintState, settings: &Settings) -> Self {
        let current = current_deadline(
            &complaint.events,
            state,
            &settings.calendar,
            &settings.deadlines,
        );
        let sheet_due = if state.status.is_closed() {
            None
        } else {
            state
                .sheets
                .iter()
                .filter(|s| s.reply.is_none())
                .map(|s| s.due.timestamp_millis())
                .min()
        };
        let i = &state.intake;
        let unit = match (i.building.trim(), i.unit.trim()) {
            ("", u) => u.to_string(),
            (b, "") => b.to_string(),
            (b, u) => format!("{b} {u}"),
        };
        Summary {
            number: complaint.number.clone(),
            office: complaint.office.clone(),
            status: state.status,
            category: state.category.clone(),
            severity: state.severity,
            channel: i.channel,
            kind: i.kind,
            handler: state.handler.clone().unwrap_or_default(),
            name: i.customer_name.clone(),
            phone: i.phone.clone(),
            project: i.project.clone(),
            unit,
            content: i.content.clone(),
            received: state.received_at.timestamp_millis(),
            updated: state.updated_at.timestamp_millis(),
            score: state.score,
            building: i.building.clone(),
            due: current.as_ref().map(|d| d.due.timestamp_millis()),
            due_stage: current.map(|d| d.stage),
            sheet_due,
            escalation: state.escalation,
            escalation_deadline: state.escalation_deadline.map(|d| d.timestamp_millis()),
            facts: Facts::of(complaint, state, &settings.calendar, &settings.deadlines),
        }
    }
}
