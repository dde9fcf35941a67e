//! Import of an export file: parses, checks the format and version, migrates older versions,
//! replays every history through the workflow, and only then hands back what to write.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use thiserror::Error;

use super::checksum::{self, ChecksumMismatch};
use super::file::{ExportFile, FORMAT, VERSION};
use super::merge::{self, MergeError, Merged};
use super::ndjson::NdjsonError;
use super::parse_error::{self, DataFault, Diagnosis, Fault, Place, Syntax};
use crate::domain::aftersales::Buyer;
use crate::domain::case::{
    event_id_codes, is_marker_id_plausible, Complaint, ComplaintState, EventData,
};
use crate::domain::vocabulary::Settings;

/// Why an import was refused. Nothing is written when any of these occurs. Every message
/// is Chinese and says where: the line and column, or the complaint (its position in the
/// file and its number), the event and the field.
#[derive(Debug, Error)]
pub enum ImportError {
    /// Not JSON at all, or truncated.
    #[error("{}", syntax_message(*.line, *.column, *.problem, .complaint.as_deref()))]
    Json {
        /// Line of the error.
        line: usize,
        /// Column of the error, in characters.
        column: usize,
        /// What is wrong there.
        problem: Syntax,
        /// The complaint the position falls in, as its place (`第 27 条投诉（…）`).
        complaint: Option<String>,
    },
    /// JSON, but not one of our export files.
    #[error("这不是投诉台的导出文件（缺少格式标记 format）")]
    NotOurs,
    /// A version this build does not know (0: missing or not a number).
    #[error("{}", version_message(*.0))]
    Version(u64),
    /// A field has the wrong shape.
    #[error("文件内容格式错误：{0}")]
    Shape(DataFault),
    /// A complaint's number is not of the shape the app writes.
    #[error("第 {index} 条投诉的编号 {number} 格式不对（应为「办公室-设备-日期-序号」，如 SH01-A-20261122-0001）")]
    BadNumber {
        /// 1-based position in the file.
        index: usize,
        /// The number.
        number: String,
    },
    /// A complaint's number begins with another office's code than its `office`.
    #[error("第 {index} 条投诉的编号 {number} 属于办公室 {prefix}，但「登记办公室」写的是 {office}：两者必须一致，文件可能被改动过")]
    WrongOffice {
        /// 1-based position in the file.
        index: usize,
        /// The number.
        number: String,
        /// The office code the number begins with.
        prefix: String,
        /// The complaint's `office`.
        office: String,
    },
    /// An event's id is not one the app could have written for this complaint.
    #[error("第 {index} 条投诉（{number}）第 {event} 条处理记录的编号 {id} {problem}")]
    EventId {
        /// 1-based position of the complaint in the file.
        index: usize,
        /// The complaint's number.
        number: String,
        /// 1-based position of the event in the history.
        event: usize,
        /// The event's id.
        id: String,
        /// What is wrong with it.
        problem: EventIdProblem,
    },
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
    Ndjson(#[from] NdjsonError),
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
    /// A masked file holds a complaint whose original is stored here.
    #[error("这是一份脱敏副本（客户姓名和电话已隐去），而本机存有投诉 {number} 的原始记录：脱敏副本不能覆盖原始投诉。请导入未脱敏的导出文件")]
    MaskedConflict {
        /// The complaint.
        number: String,
    },
    /// The settings in the file are invalid.
    #[error("文件中的设置无效：{0}")]
    Settings(String),
    /// The same buyer twice in one file.
    #[error("客户记录 {0} 在文件中重复出现")]
    DuplicateBuyer(String),
    /// A buyer's log holds the same entry id twice.
    #[error("客户 {name} 的服务记录中编号 {entry} 重复出现")]
    DuplicateEntry {
        /// The buyer's name.
        name: String,
        /// The entry id.
        entry: String,
    },
    /// A buyer stored here and the file's copy cannot be merged.
    #[error("{0}")]
    BuyerMerge(#[from] crate::domain::aftersales::BuyerMergeError),
}

/// Why an event id is not plausible (see [`check_file`]).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum EventIdProblem {
    /// Not `office-device-time-counter`.
    #[error("格式不对（应为「办公室-设备-时间-序号」，如 SH01-A-19aac0d1e2f-1）")]
    Shape,
    /// The registration was not written by the office and device that numbered it.
    #[error("与投诉编号不符：登记记录只能由编号中的办公室和设备（{expected}）写下")]
    Registration {
        /// The number's `office-device`.
        expected: String,
    },
    /// An escalation written by another office's device.
    #[error("与投诉不符：自动升级只由投诉所属办公室（{office}）的设备记录")]
    Escalation {
        /// The complaint's office.
        office: String,
    },
    /// A conflict marker whose id is not the one its content gives.
    #[error("与内容不符：冲突记录的编号由投诉所属办公室（{office}）和所搁置的记录决定")]
    ConflictMarker {
        /// The complaint's office.
        office: String,
    },
}

fn syntax_message(line: usize, column: usize, problem: Syntax, complaint: Option<&str>) -> String {
    let within = complaint.map(|c| format!("，位于{c}")).unwrap_or_default();
    match problem {
        Syntax::Empty => "文件是空的，没有任何内容".into(),
        Syntax::Eof => format!(
            "文件在第 {line} 行第 {column} 列意外结束{within}：文件可能不完整（没有下载或复制完）"
        ),
        p => format!("文件不是有效的 JSON：第 {line} 行第 {column} 列{p}{within}"),
    }
}

/// The versions this build reads, as text: `1`, or `1 到 3`.
fn supported_versions() -> String {
    if VERSION == 1 {
        "1".into()
    } else {
        format!("1 到 {VERSION}")
    }
}

/// Why a file of version `v` cannot be read (0: the version is missing or not a number).
fn version_message(v: u64) -> String {
    match v {
        0 => format!(
            "文件缺少有效的版本号（本程序能读取版本 {} 的文件）",
            supported_versions()
        ),
        v if v > u64::from(VERSION) => format!(
            "文件版本 {v} 不受支持：本程序只能读取版本 {} 的文件。这个文件由更新版本的投诉台导出，请先把本程序升级到新版再导入",
            supported_versions()
        ),
        v => format!(
            "文件版本 {v} 不受支持：本程序只能读取版本 {} 的文件",
            supported_versions()
        ),
    }
}

/// Checks that a file of `version` can be read: version 1 (migrated after parsing, see
/// [`migrate_v1`]) or the current one; the text itself is read as written (the two versions
/// share every field but `buyers`), so a refusal's line and column are the file's own.
fn migrate(text: &str, version: u64) -> Result<std::borrow::Cow<'_, str>, ImportError> {
    match version {
        1 | 2 => Ok(std::borrow::Cow::Borrowed(text)),
        v => Err(ImportError::Version(v)),
    }
}

/// The version-1 → version-2 step, on the parsed file: version 1 knew no buyers, so the file
/// becomes version 2 with an empty list of buyers (a version-1 file that lists buyers is
/// not one any build wrote, and is refused); everything else is kept as written.
pub fn migrate_v1(mut file: ExportFile) -> Result<ExportFile, ImportError> {
    if file.version == 1 {
        if !file.buyers.is_empty() {
            return Err(ImportError::Shape(DataFault {
                place: Place::default(),
                fault: Fault::Malformed("版本 1 的文件不应有客户记录（buyers）".into()),
            }));
        }
        file.version = 2;
    }
    Ok(file)
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
    /// Whether the file is a masked copy (customers' names and phones hidden): it must not
    /// overwrite originals (see [`merge_stored`]).
    pub masked: bool,
    /// Every buyer with their service record (version 2; none from a version-1 file).
    pub buyers: Vec<Buyer>,
}

/// Just enough of a file to know what it is, read before the full parse.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u64>,
    checksum: Option<String>,
}

impl From<Diagnosis> for ImportError {
    fn from(d: Diagnosis) -> Self {
        match d {
            Diagnosis::Syntax {
                line,
                column,
                problem,
                complaint,
            } => ImportError::Json {
                line,
                column,
                problem,
                complaint,
            },
            Diagnosis::Data(fault) => ImportError::Shape(fault),
        }
    }
}

/// Parses and checks a whole file; returns everything to write, or why nothing may be.
pub fn parse_import(text: &str) -> Result<Imported, ImportError> {
    // A byte-order mark (Windows editors write one) is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header: Header = serde_json::from_str(text).map_err(|e| {
        if !e.is_data() {
            return ImportError::from(parse_error::diagnose_file(text, &e));
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
        let Some(array) = checksum::complaints_array(text) else {
            // No list of complaints, or something else in its place: say which.
            let e = serde_json::from_str::<ExportFile>(text).err();
            return Err(match e {
                Some(e) => parse_error::diagnose_file(text, &e).into(),
                None => ImportError::Shape(DataFault {
                    place: Place::default(),
                    fault: Fault::Missing("投诉列表"),
                }),
            });
        };
        checksum::verify(array, sum)?;
    }
    let text = migrated;
    let file: ExportFile = serde_json::from_str(&text)
        .map_err(|e| ImportError::from(parse_error::diagnose_file(&text, &e)))?;
    check_file(migrate_v1(file)?)
}

/// Parses either kind of exchange file: the JSON export, or its newline-delimited variant
/// (recognised by its first line's `complaint-desk-ndjson` format marker).
#[inline(never)]
pub fn parse_any(text: &str) -> Result<Imported, ImportError> {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    if first.contains(super::ndjson::FORMAT) {
        check_file(super::ndjson::parse_ndjson(text)?)
    } else {
        parse_import(text)
    }
}

/// Checks a parsed file: its settings; unique numbers, each of the app's shape and beginning
/// with its complaint's office; plausible event ids, unique within their complaint; and every
/// history replayed through the workflow.
///
/// **Plausible event ids.** Every id must be `office-device-time-counter` as
/// [`crate::domain::case::event_id`] writes it (office and device codes as in numbers, the time
/// in lower-case hex). Who may have written an event:
/// - the registration: the device that numbered the complaint, so its id's office and device
///   are the number's;
/// - a conflict marker (`conflict`, by 系统, written by a merge): its id is derived from its
///   content and the complaint's office (see [`crate::domain::case::marker_id`]);
/// - an escalation (`escalate`, by 系统): a device escalates only its own office's complaints,
///   so its id's office is the complaint's;
/// - any other action: any office's device. Head office (or any office that imported another
///   office's file) may record an action on its copy of another office's complaint (the
///   action form does not stop it), and that office's event then travels back with the
///   complaint in every later file; such ids are only checked for their shape.
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
        check_codes(i + 1, &c)?;
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
    let mut ids = HashSet::with_capacity(file.buyers.len());
    for b in &file.buyers {
        if !ids.insert(b.id.as_str()) {
            return Err(ImportError::DuplicateBuyer(b.id.clone()));
        }
        let mut entries = HashSet::with_capacity(b.entries.len());
        if let Some(e) = b.entries.iter().find(|e| !entries.insert(e.id.as_str())) {
            return Err(ImportError::DuplicateEntry {
                name: b.name.clone(),
                entry: e.id.clone(),
            });
        }
    }
    Ok(Imported {
        settings: file.settings,
        complaints,
        office: file.office,
        exported_at: file.exported_at,
        masked: file.masked,
        buyers: file.buyers,
    })
}

/// The number's and the event ids' codes of the `index`-th complaint (see [`check_file`]).
fn check_codes(index: usize, c: &Complaint) -> Result<(), ImportError> {
    let Some((office, device)) = merge::number_codes(&c.number) else {
        return Err(ImportError::BadNumber {
            index,
            number: c.number.clone(),
        });
    };
    if office != c.office {
        return Err(ImportError::WrongOffice {
            index,
            number: c.number.clone(),
            prefix: office.to_string(),
            office: c.office.clone(),
        });
    }
    for (j, e) in c.events.iter().enumerate() {
        let problem = match (event_id_codes(&e.id), &e.data) {
            (None, _) => Some(EventIdProblem::Shape),
            (Some(codes), EventData::Register { .. }) if codes != (office, device) => {
                Some(EventIdProblem::Registration {
                    expected: format!("{office}-{device}"),
                })
            }
            (Some((o, _)), EventData::Escalate { .. }) if o != office => {
                Some(EventIdProblem::Escalation {
                    office: office.to_string(),
                })
            }
            (Some(_), EventData::Conflict { .. }) if !is_marker_id_plausible(office, e) => {
                Some(EventIdProblem::ConflictMarker {
                    office: office.to_string(),
                })
            }
            _ => None,
        };
        if let Some(problem) = problem {
            return Err(ImportError::EventId {
                index,
                number: c.number.clone(),
                event: j + 1,
                id: e.id.clone(),
                problem,
            });
        }
    }
    Ok(())
}

/// Merges the copy of a complaint stored here with the file's copy (see
/// [`merge::merge_histories`]). When the file is `masked` and its registration differs from
/// the stored one, the file's copy is a masked copy of the original stored here: refused as
/// [`ImportError::MaskedConflict`], which says so, rather than as a conflict of two events.
pub fn merge_stored(
    stored: &Complaint,
    from_file: &Complaint,
    masked: bool,
) -> Result<Merged, ImportError> {
    merge::merge_histories(stored, from_file).map_err(|e| match e {
        MergeError::Conflict { number, event_id }
            if masked
                && from_file.events.iter().any(|ev| {
                    ev.id == event_id && matches!(ev.data, EventData::Register { .. })
                }) =>
        {
            ImportError::MaskedConflict { number }
        }
        other => ImportError::Merge(other),
    })
}
