//! CSV of the queue's rows for Excel (issue 4): the complaints of the current filter, one row
//! each, with Chinese column headers.
//!
//! **Format.** UTF-8 with a byte-order mark (without it Excel reads the file as the system's
//! ANSI code page and garbles Chinese), CRLF after every row including the last, RFC 4180
//! quoting: a cell holding `,`, `"`, CR or LF is put in double quotes with each `"` doubled;
//! line breaks inside a cell are kept (Excel shows them as a multi-line cell).
//!
//! **Formula injection.** A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a CR is
//! written with a leading `'`, so Excel shows it as text instead of running it as a formula
//! (OWASP's advice; the `'` stays visible, which is the accepted cost).
//!
//! **Phones and unit numbers as text.** Excel turns digit strings into numbers: `02112345678`
//! loses its leading 0, long numbers become `1.38E+10`, `3-12` becomes a date. The phone and
//! 房号 columns, when they hold only digits, spaces and `+ - ( )`, are therefore written as
//! the text formula `="02112345678"` (quoted per RFC 4180: `"=""02112345678"""`), which
//! Excel, LibreOffice and WPS show as the text itself. Such a cell cannot carry anything but
//! those characters, so the formula form opens no injection. Other values (a masked
//! `138****5678`, letters) are ordinary cells. Programs that read the CSV as data (pandas,
//! DuckDB) see the literal `="…"`: use the NDJSON export for them.
//!
//! Other text is written verbatim: HTML or script in a name stays as typed (escaping is the
//! job of whatever displays it). Times are `YYYY-MM-DD HH:MM` in the given offset; a
//! complaint with no open deadline and no score has those cells empty.

use chrono::FixedOffset;

use crate::domain::queue::Summary;
use crate::domain::vocabulary::{from_millis, ymd_hm};

/// The byte-order mark the file starts with.
pub const BOM: &str = "\u{feff}";

/// The header row, in column order.
pub const HEADERS: [&str; 13] = [
    "编号",
    "状态",
    "类别",
    "严重程度",
    "渠道",
    "客户",
    "电话",
    "项目",
    "房号",
    "处理人",
    "登记时间",
    "期限",
    "满意度",
];

/// An ordinary cell: formula prefix, then RFC 4180 quoting.
fn cell(value: &str, out: &mut String) {
    let guarded;
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{value}");
        guarded.as_str()
    } else {
        value
    };
    if value.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// A cell Excel must keep as text (phone, unit number): `="…"` when it is digits and
/// separators only, an ordinary cell otherwise.
fn text_cell(value: &str, out: &mut String) {
    let numeric = value.bytes().any(|b| b.is_ascii_digit())
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'+' | b'-' | b'(' | b')'));
    if numeric {
        out.push_str("\"=\"\"");
        out.push_str(value);
        out.push_str("\"\"\"");
    } else {
        cell(value, out);
    }
}

/// The CSV of `rows` (the queue's current filter, in its order), header row first.
pub fn summaries_csv<'a>(
    rows: impl IntoIterator<Item = &'a Summary>,
    offset: FixedOffset,
) -> String {
    let mut out = String::from(BOM);
    out.push_str(&HEADERS.join(","));
    out.push_str("\r\n");
    let time = |ms: i64| ymd_hm(&from_millis(ms, offset));
    for s in rows {
        cell(&s.number, &mut out);
        out.push(',');
        cell(s.status.label(), &mut out);
        out.push(',');
        cell(&s.category, &mut out);
        out.push(',');
        cell(s.severity.label(), &mut out);
        out.push(',');
        cell(s.channel.label(), &mut out);
        out.push(',');
        cell(&s.name, &mut out);
        out.push(',');
        text_cell(&s.phone, &mut out);
        out.push(',');
        cell(&s.project, &mut out);
        out.push(',');
        text_cell(&s.unit, &mut out);
        out.push(',');
        cell(&s.handler, &mut out);
        out.push(',');
        cell(&time(s.received), &mut out);
        out.push(',');
        cell(&s.next_due().map(time).unwrap_or_default(), &mut out);
        out.push(',');
        cell(
            &s.score.map(|n| n.to_string()).unwrap_or_default(),
            &mut out,
        );
        out.push_str("\r\n");
    }
    out
}
