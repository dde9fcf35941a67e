//! A complaint as stored: its number and its append-only events, and the numbering scheme
//!

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::event::{Event, EventData};
use super::workflow::{ComplaintState, WorkflowError};
use crate::domain::vocabulary::{Intake, Role};

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
        // A conflict's record changes which events replay: the history is replayed again
        // with it, and it is taken back when that fails.
        if self
            .events
            .last()
            .is_some_and(|e| e.data.is_conflict_record())
        {
            match self.state() {
                Ok(s) => state = s,
                Err(e) => {
                    self.events.pop();
                    return Err(e);
                }
            }
        }
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
        crate::domain::vocabulary::ymd_compact(day)
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
