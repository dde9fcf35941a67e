//! The export file: versioned JSON holding the settings, every complaint with its full
//! history and (since version 2) every buyer with their service record, and how this build
//! writes it.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::checksum::Hasher;
use crate::domain::aftersales::Buyer;
use crate::domain::case::{Complaint, ComplaintState, Status};
use crate::domain::deadlines::{stage_deadlines, StageDeadline};
use crate::domain::vocabulary::{Settings, Severity};

/// The `format` marker of every export file.
pub const FORMAT: &str = "complaint-desk-export";
/// The version this build writes. Version 2 (issue 12) adds `buyers`; a version-1 file is
/// migrated on import (see `import::migrate`).
pub const VERSION: u32 = 2;

/// Fields derived from the history, written for readers of the file; ignored on import
/// (the app derives them again).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Derived {
    /// Current status code.
    pub status: Status,
    /// Current category.
    pub category: String,
    /// Current severity.
    pub severity: Severity,
    /// Current handler.
    pub handler: Option<String>,
    /// Latest satisfaction score.
    pub score: Option<u8>,
    /// Whether the customer accepted.
    pub accepted: Option<bool>,
    /// Registration time.
    pub received_at: DateTime<FixedOffset>,
    /// Latest event time.
    pub updated_at: DateTime<FixedOffset>,
    /// When it was closed, if it is.
    pub closed_at: Option<DateTime<FixedOffset>>,
    /// Every stage's deadline under the exporting office's calendar and time limits, with
    /// when it was done and whether in time (ISO 8601 with offset).
    #[serde(default)]
    pub deadlines: Vec<StageDeadline>,
}

impl Derived {
    /// The derived fields of a complaint, its deadlines under `settings`.
    pub fn of(c: &Complaint, s: &ComplaintState, settings: &Settings) -> Self {
        Derived {
            deadlines: stage_deadlines(
                &s.in_effect(&c.events),
                s,
                &settings.calendar,
                &settings.deadlines,
            ),
            ..Derived::from(s)
        }
    }
}

impl From<&ComplaintState> for Derived {
    fn from(s: &ComplaintState) -> Self {
        Derived {
            deadlines: Vec::new(),
            status: s.status,
            category: s.category.clone(),
            severity: s.severity,
            handler: s.handler.clone(),
            score: s.score,
            accepted: s.accepted,
            received_at: s.received_at,
            updated_at: s.updated_at,
            closed_at: s.closed_at,
        }
    }
}

/// One complaint in the file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportedComplaint {
    /// The complaint and its history.
    #[serde(flatten)]
    pub complaint: Complaint,
    /// Derived fields (informative).
    pub derived: Derived,
}

/// The whole file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// The file's version.
    pub version: u32,
    /// The exporting office's code.
    pub office: String,
    /// The exporting device's code.
    pub device: String,
    /// When it was exported.
    pub exported_at: DateTime<FixedOffset>,
    /// The office's settings at export time.
    pub settings: Settings,
    /// 64-bit FNV-1a of the `complaints` array as written (see
    /// [`checksum`](super::checksum::checksum)); files
    /// written before issue 4 have none and are not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum: Option<String>,
    /// True when customers' names and phones are masked (an export for outside the office;
    /// absent otherwise).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub masked: bool,
    /// Every complaint.
    pub complaints: Vec<ExportedComplaint>,
    /// Every buyer with their service record: log, documents, callbacks, hand-overs
    /// (version 2).
    #[serde(default)]
    pub buyers: Vec<Buyer>,
}

/// Builds the export file.
pub fn export(
    settings: &Settings,
    complaints: &[Complaint],
    now: DateTime<FixedOffset>,
) -> ExportFile {
    let complaints: Vec<ExportedComplaint> = complaints
        .iter()
        .filter_map(|c| {
            let state = c.state().ok()?;
            Some(ExportedComplaint {
                complaint: c.clone(),
                derived: Derived::of(c, &state, settings),
            })
        })
        .collect();
    ExportFile {
        format: FORMAT.into(),
        version: VERSION,
        office: settings.office_code.clone(),
        device: settings.device_code.clone(),
        exported_at: now,
        settings: settings.clone(),
        checksum: Some(checksum_of(&complaints)),
        masked: false,
        complaints,
        buyers: Vec::new(),
    }
}

/// Builds the export file with the buyers too (what the app exports since version 2).
pub fn export_all(
    settings: &Settings,
    complaints: &[Complaint],
    buyers: &[Buyer],
    now: DateTime<FixedOffset>,
) -> ExportFile {
    let mut file = export(settings, complaints, now);
    file.buyers = buyers.to_vec();
    file.buyers.sort_by(|a, b| a.id.cmp(&b.id));
    file
}

/// [`checksum`](super::checksum::checksum) of the canonical serialization of `complaints`
/// (what an export writes), computed without building the text.
pub fn checksum_of(complaints: &[ExportedComplaint]) -> String {
    let mut h = Hasher::default();
    // Writing into the hasher never fails and these types always serialize (no map has
    // non-string keys), so there is no error to report.
    serde_json::to_writer(&mut h, complaints).expect("complaints serialize to JSON");
    h.hex()
}
