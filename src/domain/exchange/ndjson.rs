//! The newline-delimited variant of the export file (issue 4), for tools that read one JSON
//! object per line (DuckDB, jq, pandas, log tools) and for files too large to parse at once.
//!
//! **Shape.** UTF-8, one compact JSON object per line, each line ending with `\n`:
//! - line 1, the header: `{"format":"complaint-desk-ndjson","version":1,"office":…,
//!   "device":…,"exported_at":…,"settings":{…},"count":N,"checksum":"…"}`;
//! - then one complaint per line, exactly the object of the JSON export's `complaints` array
//!   ([`ExportedComplaint`]: `number`, `office`, `events`, `derived`);
//! - then (version 2) one buyer per line, `{"record":"buyer", …}` with the object of the JSON
//!   export's `buyers` array (`id`, `office`, `name`, `phones`, `project`, `building`,
//!   `unit`, `signed_on`, `handover_on`, `salesperson`, `entries`); the header's `buyers`
//!   says how many. A version-1 file (no buyer lines) still imports.
//!
//! `count` is the number of complaint lines (a truncated file is refused) and `checksum` is
//! [`super::checksum::checksum`] of the complaints, the same value as for the JSON export: the
//! complaint lines as written, joined by `,` between `[` and `]`, are that array.
//! Reading accepts `\r\n` line ends and blank lines.
//!
//! **DuckDB.** The header is a row without `number`, so one condition skips it:
//!
//! ```sql
//! SELECT number, derived.status FROM read_json_auto('complaints.ndjson') WHERE number IS NOT NULL;
//! ```
//!
//! (`tests/duckdb_check.py` runs this query against a file written by `cargo test`.)

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::checksum::{compare, ChecksumMismatch, Hasher};
use super::file::{self, checksum_of, ExportFile, ExportedComplaint};
use super::parse_error::{self, DataFault, Diagnosis, Fault, Place, Step, Syntax};
use crate::domain::aftersales::Buyer;
use crate::domain::vocabulary::Settings;

/// The `format` marker of the header line.
pub const FORMAT: &str = "complaint-desk-ndjson";
/// The version this build writes (the JSON export's version: same content, other layout).
pub const VERSION: u32 = file::VERSION;

/// The first line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
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
    /// How many complaint lines follow.
    pub count: usize,
    /// The complaints' checksum (see [`super::checksum::checksum`]).
    pub checksum: String,
    /// True when customers' names and phones are masked, as in the JSON file.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub masked: bool,
    /// How many buyer lines follow the complaints (version 2).
    #[serde(default)]
    pub buyers: usize,
}

/// The `record` marker of a buyer line.
pub const BUYER_RECORD: &str = "buyer";

/// A buyer line: the marker, then the buyer's fields.
#[derive(Serialize, Deserialize)]
struct BuyerLine {
    record: String,
    #[serde(flatten)]
    buyer: Buyer,
}

/// Why an NDJSON file was refused. `line` is 1-based, counted in the file; every message is
/// Chinese and names the line (and the column, or the complaint and field).
#[derive(Debug, Error)]
pub enum NdjsonError {
    /// Nothing but blank lines.
    #[error("文件是空的")]
    Empty,
    /// The first line is not our header.
    #[error("这不是投诉台的 NDJSON 导出文件（第 1 行缺少格式标记 format）")]
    NotOurs,
    /// A version this build does not know (0: missing or not a number).
    #[error("{}", version_message(*.0))]
    Version(u64),
    /// A line is not JSON.
    #[error("{}", json_message(*.line, *.column, *.problem))]
    Json {
        /// Line in the file.
        line: usize,
        /// Column in that line, in characters.
        column: usize,
        /// What is wrong there.
        problem: Syntax,
    },
    /// A line is JSON of the wrong shape.
    #[error("文件内容格式错误：{fault}")]
    Shape {
        /// Line in the file.
        line: usize,
        /// What is wrong, and where (the place starts with the line).
        fault: DataFault,
    },
    /// Fewer or more complaint lines than the header says.
    #[error("文件应有 {expected} 条投诉，实际有 {actual} 条（文件可能不完整）")]
    Count {
        /// The header's count.
        expected: usize,
        /// Lines found.
        actual: usize,
    },
    /// The checksum does not match.
    #[error("{0}")]
    Checksum(#[from] ChecksumMismatch),
    /// Fewer or more buyer lines than the header says.
    #[error("文件应有 {expected} 条客户记录，实际有 {actual} 条（文件可能不完整）")]
    BuyerCount {
        /// The header's count.
        expected: usize,
        /// Lines found.
        actual: usize,
    },
    /// A line after the complaints is not a buyer.
    #[error("第 {line} 行应是客户记录（record 为 buyer）：{reason}")]
    Buyer {
        /// Line in the file.
        line: usize,
        /// What is wrong.
        reason: String,
    },
}

fn json_message(line: usize, column: usize, problem: Syntax) -> String {
    match problem {
        Syntax::Eof => format!("第 {line} 行在第 {column} 列意外结束（文件可能不完整）"),
        p => format!("第 {line} 行不是有效的 JSON：第 {column} 列{p}"),
    }
}

/// Why a file of version `v` cannot be read (0: the version is missing or not a number).
/// Version 1 is read like version 2 (it has no buyer lines).
fn version_message(v: u64) -> String {
    let versions = format!("1 到 {VERSION}");
    match v {
        0 => format!("第 1 行（文件头）缺少有效的版本号（本程序能读取版本 {versions} 的文件）"),
        v if v > u64::from(VERSION) => format!(
            "文件版本 {v} 不受支持：本程序只能读取版本 {versions} 的文件。这个文件由更新版本的投诉台导出，请先把本程序升级到新版再导入"
        ),
        v => format!("文件版本 {v} 不受支持：本程序只能读取版本 {versions} 的文件"),
    }
}

/// Why line `line` (its text `text`) was refused by serde_json with `e`: the header when
/// `complaint` is `None`, else the `complaint`-th complaint.
fn line_error(
    line: usize,
    text: &str,
    complaint: Option<usize>,
    e: serde_json::Error,
) -> NdjsonError {
    match parse_error::diagnose_line(line, text, complaint, &e) {
        Diagnosis::Syntax {
            column, problem, ..
        } => NdjsonError::Json {
            line,
            column,
            problem,
        },
        Diagnosis::Data(fault) => NdjsonError::Shape { line, fault },
    }
}

/// Writes the NDJSON form of an export file (header line, then one line per complaint).
pub fn to_ndjson(file: &ExportFile) -> String {
    let header = Header {
        format: FORMAT.into(),
        version: VERSION,
        office: file.office.clone(),
        device: file.device.clone(),
        exported_at: file.exported_at,
        settings: file.settings.clone(),
        count: file.complaints.len(),
        checksum: checksum_of(&file.complaints),
        masked: file.masked,
        buyers: file.buyers.len(),
    };
    let mut out = Vec::new();
    // Writing into a Vec never fails and these types always serialize.
    serde_json::to_writer(&mut out, &header).expect("header serializes to JSON");
    out.push(b'\n');
    for c in &file.complaints {
        serde_json::to_writer(&mut out, c).expect("complaint serializes to JSON");
        out.push(b'\n');
    }
    for b in &file.buyers {
        let line = BuyerLine {
            record: BUYER_RECORD.into(),
            buyer: b.clone(),
        };
        serde_json::to_writer(&mut out, &line).expect("buyer serializes to JSON");
        out.push(b'\n');
    }
    // serde_json writes UTF-8 only.
    String::from_utf8(out).unwrap_or_default()
}

/// Reads an NDJSON file back into the export file it was written from, checking the header,
/// every line's shape, the count and the checksum. (Histories are checked on import, as for
/// the JSON file.)
pub fn parse_ndjson(text: &str) -> Result<ExportFile, NdjsonError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
        .filter(|(_, l)| !l.trim().is_empty());
    let (first_line, first) = lines.next().ok_or(NdjsonError::Empty)?;
    let header = read_header(first_line, first)?;
    let mut complaints = Vec::with_capacity(header.count.min(1 << 20));
    // The checksum covers the complaint lines as written, read as the JSON array
    // `[line,line,…]` (see the module's documentation).
    let mut hash = Hasher::default();
    hash.update(b"[");
    let mut buyers = Vec::with_capacity(header.buyers.min(1 << 20));
    for (n, line) in lines {
        if complaints.len() == header.count && is_buyer_line(line) {
            let b: BuyerLine = serde_json::from_str(line).map_err(|e| NdjsonError::Buyer {
                line: n,
                reason: e.to_string(),
            })?;
            if b.record != BUYER_RECORD {
                return Err(NdjsonError::Buyer {
                    line: n,
                    reason: format!("record 为 {}", b.record),
                });
            }
            buyers.push(b.buyer);
            continue;
        }
        let c: ExportedComplaint = serde_json::from_str(line)
            .map_err(|e| line_error(n, line, Some(complaints.len() + 1), e))?;
        if !complaints.is_empty() {
            hash.update(b",");
        }
        hash.update(line.as_bytes());
        complaints.push(c);
    }
    hash.update(b"]");
    if complaints.len() != header.count {
        return Err(NdjsonError::Count {
            expected: header.count,
            actual: complaints.len(),
        });
    }
    compare(hash.hex(), &header.checksum)?;
    if buyers.len() != header.buyers {
        return Err(NdjsonError::BuyerCount {
            expected: header.buyers,
            actual: buyers.len(),
        });
    }
    // The file is built from the header through JSON rather than field by field, so every
    // field the export file has (a `checksum` among them) is filled from the header's field
    // of the same name.
    // Neither step can fail: the header was read from JSON and the export file has the
    // header's fields.
    let shell_error = |_| NdjsonError::Shape {
        line: first_line,
        fault: DataFault {
            place: Place(vec![Step::Line(first_line), Step::Header]),
            fault: Fault::Malformed("文件头与导出文件的格式不符".into()),
        },
    };
    let mut shell = serde_json::to_value(&header).map_err(shell_error)?;
    if let Some(map) = shell.as_object_mut() {
        map.insert("format".into(), file::FORMAT.into());
        map.insert("version".into(), file::VERSION.into());
        map.remove("count");
        map.remove("buyers");
        map.insert("complaints".into(), serde_json::Value::Array(Vec::new()));
    }
    let mut file: ExportFile = serde_json::from_value(shell).map_err(shell_error)?;
    file.complaints = complaints;
    file.buyers = buyers;
    Ok(file)
}

/// Whether a line carries a `record` marker (a buyer line; complaint lines have none).
fn is_buyer_line(line: &str) -> bool {
    #[derive(Deserialize)]
    struct Marker {
        record: Option<serde::de::IgnoredAny>,
    }
    serde_json::from_str::<Marker>(line).is_ok_and(|m| m.record.is_some())
}

fn read_header(n: usize, line: &str) -> Result<Header, NdjsonError> {
    #[derive(Deserialize)]
    struct Marker {
        format: Option<String>,
        version: Option<serde_json::Value>,
    }
    let marker: Marker = serde_json::from_str(line).map_err(|e| {
        if e.is_data() {
            NdjsonError::NotOurs
        } else {
            line_error(n, line, None, e)
        }
    })?;
    if marker.format.as_deref() != Some(FORMAT) {
        return Err(NdjsonError::NotOurs);
    }
    match marker.version.as_ref().and_then(serde_json::Value::as_u64) {
        // Version 1 is version 2 without buyer lines: read alike.
        Some(v) if (1..=u64::from(VERSION)).contains(&v) => {}
        Some(v) => return Err(NdjsonError::Version(v)),
        None => return Err(NdjsonError::Version(0)),
    }
    serde_json::from_str(line).map_err(|e| line_error(n, line, None, e))
}
