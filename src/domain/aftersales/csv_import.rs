//! The buyer list's import from the sales system's spreadsheet: a CSV file in UTF-8
//! (with or without a byte-order mark) or GBK/GB18030 as Chinese Excel writes it, headers
//! matched by name with synonyms, every row checked before anything is written (one bad row
//! refuses the whole file, naming the row and the reason), and matched on project +
//! building + unit + phone so importing the list again adds no duplicate.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use thiserror::Error;

use super::buyer::{buyer_id, Buyer};
use crate::domain::vocabulary::phone_key;

/// A column the import reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Name,
    Phone,
    Project,
    Building,
    Unit,
    Signed,
    Handover,
    Salesperson,
}

/// The header names each column is recognised by (compared without spaces), the first one
/// the name the messages use. Listed in the README.
pub const HEADER_SYNONYMS: &[(&str, &[&str])] = &[
    (
        "姓名",
        &["姓名", "客户姓名", "客户名称", "客户", "业主姓名", "购房人"],
    ),
    (
        "电话",
        &[
            "电话",
            "联系电话",
            "手机",
            "手机号",
            "手机号码",
            "联系方式",
            "客户电话",
        ],
    ),
    ("项目", &["项目", "楼盘", "项目名称", "楼盘名称"]),
    ("楼栋", &["楼栋", "楼号", "栋号", "幢号"]),
    ("房号", &["房号", "单元", "房间号", "单元号", "户号"]),
    (
        "签约日期",
        &["签约日期", "签约时间", "合同签订日期", "签约日"],
    ),
    ("交房日期", &["交房日期", "交房时间", "交付日期"]),
    (
        "销售顾问",
        &["销售顾问", "置业顾问", "销售人员", "业务员", "经办人"],
    ),
];

const COLUMNS: [Column; 8] = [
    Column::Name,
    Column::Phone,
    Column::Project,
    Column::Building,
    Column::Unit,
    Column::Signed,
    Column::Handover,
    Column::Salesperson,
];

/// Why a buyer file was refused; nothing is written.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CsvError {
    /// Neither UTF-8 nor GBK.
    #[error("文件的编码无法识别：请在 Excel 中另存为「CSV UTF-8（逗号分隔）」或「CSV（逗号分隔）」后再导入")]
    Encoding,
    /// No header row.
    #[error("文件是空的，没有表头")]
    Empty,
    /// A required column is missing.
    #[error("表头中没有「{0}」列（也可写作：{1}）")]
    MissingColumn(&'static str, String),
    /// A row is bad.
    #[error("第 {line} 行（{name}）：{reason}")]
    Row {
        /// The row's line in the file (the header is line 1).
        line: usize,
        /// The buyer's name as written, or `姓名为空`.
        name: String,
        /// What is wrong.
        reason: String,
    },
    /// No buyer rows.
    #[error("文件中只有表头，没有客户")]
    NoRows,
    /// A quoted cell never closed.
    #[error("第 {0} 行的引号没有闭合，文件可能不完整")]
    Quote(usize),
}

/// One buyer as read from the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuyerRow {
    /// Line in the file.
    pub line: usize,
    /// Name.
    pub name: String,
    /// Phones, the first the main one.
    pub phones: Vec<String>,
    /// Project.
    pub project: String,
    /// Building (may be empty).
    pub building: String,
    /// Unit.
    pub unit: String,
    /// Signing date.
    pub signed_on: NaiveDate,
    /// Handover date, when known.
    pub handover_on: Option<NaiveDate>,
    /// Salesperson.
    pub salesperson: String,
}

/// What an import will do, shown in the preview before anything is written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportPlan {
    /// Every row with what will happen to it.
    pub rows: Vec<PlannedBuyer>,
    /// The records to write (new and updated).
    pub writes: Vec<Buyer>,
    /// How many rows are new buyers.
    pub new: usize,
    /// How many update a stored buyer (a handover date now known, a new phone, a name).
    pub updated: usize,
    /// How many are stored already, unchanged.
    pub unchanged: usize,
}

/// One row of the preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedBuyer {
    /// The row read.
    pub row: BuyerRow,
    /// `新增`, `更新` or `已有`.
    pub outcome: &'static str,
}

/// The file's text: UTF-8 when its bytes are valid UTF-8 (a byte-order mark is dropped),
/// otherwise whatever `gbk` makes of them (in the browser, `TextDecoder('gbk')`, which reads
/// GB18030 too); refused when neither reads it.
pub fn decode_csv(bytes: &[u8], gbk: impl Fn(&[u8]) -> Option<String>) -> Result<String, CsvError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(_) => gbk(bytes)
            .filter(|t| !t.contains('\u{fffd}'))
            .ok_or(CsvError::Encoding),
    }
}

/// Splits CSV text into records (RFC 4180: quoted cells with doubled quotes and line breaks,
/// CRLF or LF), each with its first line number; blank lines are left out.
fn records(text: &str) -> Result<Vec<(usize, Vec<String>)>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let (mut cells, mut cell) = (Vec::new(), String::new());
    let (mut line, mut start, mut quoted) = (1usize, 1usize, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                cell.push(c);
            }
            (false, '"') if cell.is_empty() || cell == "=" => {
                cell.clear();
                quoted = true;
            }
            (false, ',') => cells.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                cells.push(std::mem::take(&mut cell));
                if cells.iter().any(|c| !c.trim().is_empty()) {
                    out.push((start, std::mem::take(&mut cells)));
                }
                cells.clear();
                line += 1;
                start = line;
            }
            (false, c) => cell.push(c),
        }
    }
    if quoted {
        return Err(CsvError::Quote(start));
    }
    cells.push(cell);
    if cells.iter().any(|c| !c.trim().is_empty()) {
        out.push((start, cells));
    }
    Ok(out)
}

/// A date as Chinese spreadsheets write it: `2026-03-05`, `2026/3/5`, `2026.3.5`,
/// `2026年3月5日`, with a time after it ignored, or an Excel day number (`46086`).
fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let t = t.split([' ', 'T']).next().unwrap_or("");
    if t.len() == 5 && t.bytes().all(|b| b.is_ascii_digit()) {
        let days: u64 = t.parse().ok()?;
        return NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(days));
    }
    let parts: Vec<&str> = t
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    let [y, m, d] = parts[..] else {
        return None;
    };
    if y.len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// The phones in a cell (separated by `/`, `、`, `，` or `;`; spaces may group digits).
fn phones(cell: &str) -> Vec<String> {
    cell.split(['/', '、', ',', '，', ';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// Reads and checks every buyer row of a file's text. The first bad row refuses the file.
pub fn parse_buyer_csv(text: &str) -> Result<Vec<BuyerRow>, CsvError> {
    let mut recs = records(text)?.into_iter();
    let (_, header) = recs.next().ok_or(CsvError::Empty)?;
    let norm = |h: &str| {
        h.chars()
            .filter(|c| !c.is_whitespace() && *c != '*')
            .collect::<String>()
    };
    let find = |k: usize| {
        let names = HEADER_SYNONYMS[k].1;
        header
            .iter()
            .position(|h| names.contains(&norm(h).as_str()))
    };
    let mut at = [None; 8];
    for (k, col) in COLUMNS.iter().enumerate() {
        at[k] = find(k);
        let optional = matches!(col, Column::Building | Column::Handover);
        if at[k].is_none() && !optional {
            let (name, names) = HEADER_SYNONYMS[k];
            return Err(CsvError::MissingColumn(name, names[1..].join("、")));
        }
    }
    let mut rows: Vec<BuyerRow> = Vec::new();
    // Each import key's first line, to refuse a second row of the same buyer.
    let mut seen: HashMap<(String, String, String, String), usize> = HashMap::new();
    for (line, cells) in recs {
        let get = |k: usize| {
            at[k]
                .and_then(|i| cells.get(i))
                .map(|c| c.trim().to_string())
                .unwrap_or_default()
        };
        let name = get(0);
        let bad = |reason: String| CsvError::Row {
            line,
            name: if name.is_empty() {
                "姓名为空".into()
            } else {
                name.clone()
            },
            reason,
        };
        for (k, label) in [
            (0, "姓名"),
            (1, "电话"),
            (2, "项目"),
            (4, "房号"),
            (5, "签约日期"),
            (7, "销售顾问"),
        ] {
            if get(k).is_empty() {
                return Err(bad(format!("「{label}」为空")));
            }
        }
        let phones = phones(&get(1));
        if let Some(p) = phones.iter().find(|p| {
            !(7..=15).contains(&phone_key(p).len())
                || p.chars()
                    .any(|c| !(c.is_ascii_digit() || "-+() ".contains(c)))
        }) {
            return Err(bad(format!("电话 {p} 不是有效的号码")));
        }
        let signed = get(5);
        let signed_on = parse_date(&signed).ok_or_else(|| {
            bad(format!(
                "签约日期 {signed} 不是有效的日期（应写成 2026-03-05 这样）"
            ))
        })?;
        let handover = get(6);
        let handover_on = if handover.is_empty() {
            None
        } else {
            let d = parse_date(&handover).ok_or_else(|| {
                bad(format!(
                    "交房日期 {handover} 不是有效的日期（应写成 2026-03-05 这样）"
                ))
            })?;
            if d < signed_on {
                return Err(bad(format!("交房日期 {handover} 早于签约日期 {signed}")));
            }
            Some(d)
        };
        let row = BuyerRow {
            line,
            name: name.clone(),
            phones,
            project: get(2),
            building: get(3),
            unit: get(4),
            signed_on,
            handover_on,
            salesperson: get(7),
        };
        if let Some(first) = seen.insert(row_key(&row), line) {
            return Err(bad(format!(
                "与第 {first} 行是同一套房的同一位客户（项目、楼栋、房号和电话都相同）"
            )));
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(CsvError::NoRows);
    }
    Ok(rows)
}

fn row_key(r: &BuyerRow) -> (String, String, String, String) {
    (
        r.project.clone(),
        r.building.clone(),
        r.unit.clone(),
        phone_key(r.phones.first().map(String::as_str).unwrap_or("")),
    )
}

/// What importing `rows` into `office` does, given the buyers stored already: a row whose
/// project, building, unit and main phone match a stored buyer updates it (a handover date
/// now known or changed, a new phone, a corrected name; the salesperson is the app's since
/// hand-overs are recorded here) or leaves it as it is; any other row is a new buyer.
pub fn plan_import(rows: Vec<BuyerRow>, stored: &[Buyer], office: &str) -> ImportPlan {
    let mut plan = ImportPlan::default();
    let by_key: HashMap<_, &Buyer> = stored
        .iter()
        .filter(|b| b.office == office)
        .map(|b| (b.key(), b))
        .collect();
    for row in rows {
        let key = row_key(&row);
        let outcome = match by_key.get(&key).copied() {
            Some(b) => {
                let mut u = b.clone();
                u.name = row.name.clone();
                u.handover_on = row.handover_on.or(u.handover_on);
                for p in &row.phones {
                    if !u.phones.iter().any(|x| phone_key(x) == phone_key(p)) {
                        u.phones.push(p.clone());
                    }
                }
                if &u == b {
                    plan.unchanged += 1;
                    "已有"
                } else {
                    plan.updated += 1;
                    plan.writes.push(u);
                    "更新"
                }
            }
            None => {
                let main = row.phones.first().map(String::as_str).unwrap_or("");
                plan.new += 1;
                plan.writes.push(Buyer {
                    id: buyer_id(office, &row.project, &row.building, &row.unit, main),
                    office: office.into(),
                    name: row.name.clone(),
                    phones: row.phones.clone(),
                    project: row.project.clone(),
                    building: row.building.clone(),
                    unit: row.unit.clone(),
                    signed_on: row.signed_on,
                    handover_on: row.handover_on,
                    salesperson: row.salesperson.clone(),
                    entries: Vec::new(),
                });
                "新增"
            }
        };
        plan.rows.push(PlannedBuyer { row, outcome });
    }
    plan
}
