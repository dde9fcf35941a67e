//! The export file: versioned JSON holding the settings and every complaint with its full
//! history. Import parses, checks the format and version, migrates older versions, replays
//! every history through the workflow, and only then hands back what to write.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::complaint::Complaint;
use super::deadlines::{stage_deadlines, StageDeadline};
use super::merge::{self, ChecksumMismatch, MergeError};
use super::model::Severity;
use super::settings::Settings;
use super::workflow::{ComplaintState, Status};

/// The `format` marker of every export file.
pub const FORMAT: &str = "complaint-desk-export";
/// The version this build writes.
pub const VERSION: u32 = 1;

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
            deadlines: stage_deadlines(&c.events, s, &settings.calendar, &settings.deadlines),
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
    /// 64-bit FNV-1a of the `complaints` array as written (see [`merge::checksum`]); files
    /// written before issue 4 have none and are not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum: Option<String>,
    /// True when customers' names and phones are masked (an export for outside the office;
    /// absent otherwise).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub masked: bool,
    /// Every complaint.
    pub complaints: Vec<ExportedComplaint>,
}

/// Why an import was refused. Nothing is written when any of these occurs.
#[derive(Debug, Error)]
pub enum ImportError {
    /// Not JSON at all, or truncated.
    #[error("文件不是有效的 JSON（第 {line} 行第 {column} 列）：{msg}")]
    Json {
        /// Line of the error.
        line: usize,
        /// Column of the error.
        column: usize,
        /// serde's message.
        msg: String,
    },
    /// JSON, but not one of our export files.
    #[error("这不是投诉台的导出文件（缺少 format 标记）")]
    NotOurs,
    /// A version this build does not know (0: missing or not a number).
    #[error("{}", version_message(*.0))]
    Version(u64),
    /// A field has the wrong shape.
    #[error("文件内容格式错误：{0}")]
    Shape(String),
    /// A complaint's history breaks the workflow.
    #[error("第 {index} 条投诉（{number}）的处理记录无效：{reason}")]
    BadHistory {
        /// 1-based position in the file.
        index: usize,
        /// Its number.
        number: String,
        /// The workflow's reason.
        reason: String,
    },
    /// A newline-delimited file was refused (the message names the line).
    #[error("{0}")]
    Ndjson(String),
    /// The same number twice in one file.
    #[error("投诉编号 {0} 在文件中重复出现")]
    DuplicateNumber(String),
    /// A complaint exists here with a history the file's does not extend.
    #[error("投诉 {0} 在本机和文件中的处理记录不一致，无法合并")]
    Conflict(String),
    /// The complaints do not match the file's checksum.
    #[error("{0}")]
    Checksum(#[from] ChecksumMismatch),
    /// A complaint stored here and the file's copy cannot be merged.
    #[error("{0}")]
    Merge(#[from] MergeError),
    /// The settings in the file are invalid.
    #[error("文件中的设置无效：{0}")]
    Settings(String),
}

fn version_message(v: u64) -> String {
    match v {
        0 => "文件缺少有效的版本号".into(),
        v => format!("文件版本 {v} 不受支持（本程序支持 1 到 {VERSION}）"),
    }
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
        checksum: Some(merge::checksum_of(&complaints)),
        masked: false,
        complaints,
    }
}

/// Brings a file of `version` up to [`VERSION`], as text. Version 1 is current; each future
/// version adds one step here (parse the old shape, rewrite it as the next), applied in order.
fn migrate(text: &str, version: u64) -> Result<std::borrow::Cow<'_, str>, ImportError> {
    match version {
        1 => Ok(std::borrow::Cow::Borrowed(text)),
        v => Err(ImportError::Version(v)),
    }
}

/// What a valid file yields.
#[derive(Debug)]
pub struct Imported {
    /// The settings the file carries.
    pub settings: Settings,
    /// Every complaint, each with its state replayed.
    pub complaints: Vec<(Complaint, ComplaintState)>,
    /// The exporting office.
    pub office: String,
    /// When the file was exported.
    pub exported_at: DateTime<FixedOffset>,
}

/// Just enough of a file to know what it is, read before the full parse.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u64>,
    checksum: Option<String>,
}

fn json_error(e: serde_json::Error) -> ImportError {
    if e.is_data() {
        ImportError::Shape(e.to_string())
    } else {
        ImportError::Json {
            line: e.line(),
            column: e.column(),
            msg: e.to_string(),
        }
    }
}

/// Parses and checks a whole file; returns everything to write, or why nothing may be.
pub fn parse_import(text: &str) -> Result<Imported, ImportError> {
    let header: Header = serde_json::from_str(text).map_err(|e| {
        if !e.is_data() {
            return json_error(e);
        }
        // Our format with a version that is not a number, or not ours at all?
        #[derive(Deserialize)]
        struct Format {
            format: Option<String>,
        }
        match serde_json::from_str::<Format>(text) {
            Ok(Format { format: Some(f) }) if f == FORMAT => ImportError::Version(0),
            _ => ImportError::NotOurs,
        }
    })?;
    if header.format.as_deref() != Some(FORMAT) {
        return Err(ImportError::NotOurs);
    }
    let version = header.version.ok_or(ImportError::Version(0))?;
    let migrated = migrate(text, version)?;
    // The checksum is of the file as written: checked on the text before any migration
    // (files written before issue 4 have none).
    if let Some(sum) = &header.checksum {
        let array = merge::complaints_array(text)
            .ok_or_else(|| ImportError::Shape("缺少 complaints 数组".into()))?;
        merge::verify(array, sum)?;
    }
    let text = migrated;
    let file: ExportFile = serde_json::from_str(&text).map_err(json_error)?;
    check_file(file)
}

/// Parses either kind of exchange file: the JSON export, or its newline-delimited variant
/// (recognised by its first line's `complaint-desk-ndjson` format marker).
pub fn parse_any(text: &str) -> Result<Imported, ImportError> {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    if first.contains(super::ndjson::FORMAT) {
        let file =
            super::ndjson::parse_ndjson(text).map_err(|e| ImportError::Ndjson(e.to_string()))?;
        check_file(file)
    } else {
        parse_import(text)
    }
}

/// Checks a parsed file: its settings, unique numbers and event ids, and every history
/// replayed through the workflow.
pub fn check_file(file: ExportFile) -> Result<Imported, ImportError> {
    file.settings
        .validate()
        .map_err(|e| ImportError::Settings(e.to_string()))?;
    let mut seen = HashSet::with_capacity(file.complaints.len());
    let mut complaints = Vec::with_capacity(file.complaints.len());
    for (i, ec) in file.complaints.into_iter().enumerate() {
        let c = ec.complaint;
        if !seen.insert(c.number.clone()) {
            return Err(ImportError::DuplicateNumber(c.number));
        }
        let state =
            c.check_event_ids()
                .and_then(|()| c.state())
                .map_err(|e| ImportError::BadHistory {
                    index: i + 1,
                    number: c.number.clone(),
                    reason: e.to_string(),
                })?;
        complaints.push((c, state));
    }
    Ok(Imported {
        settings: file.settings,
        complaints,
        office: file.office,
        exported_at: file.exported_at,
    })
}
