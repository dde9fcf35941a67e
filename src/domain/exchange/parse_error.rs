//! What is wrong with a damaged exchange file, and where, in plain Chinese (issue 9).
//!
//! serde_json says what it refused in English (`unknown variant \`fax\`, expected one of …`,
//! `missing field \`office\``, `EOF while parsing a value`) and chrono adds its own
//! (`premature end of input`, `input contains invalid characters`). None of that reaches the
//! user: this module turns a refusal into a Chinese sentence that names the place (the
//! complaint by its position and number, the event, the field by the label the screens use,
//! the line and column) and the problem, e.g. `第 12 条投诉（SH01-A-20261122-0001）登记表中的
//! 「来源渠道」值 fax 不认识（可用的值：phone（电话）、…）`.
//!
//! **Cost.** Nothing here runs while a file parses: the import parses the whole file at once
//! as before, and only when that fails does it come here to find the place, parsing the
//! file's parts again one by one (the header's members, then each complaint until the first
//! that fails, then that complaint's fields against [`COMPLAINT_FIELDS`]).
//!
//! **Syntax errors** ([`Syntax`]) carry serde_json's line and column (the column counted in
//! characters, as an editor shows it) and, in a JSON file, the complaint they fall in.
//! **Data errors** ([`DataFault`]) carry a [`Place`] (steps from the file down to the field)
//! and a [`Fault`].

use serde_json::Value;
use thiserror::Error;

use super::file::ExportedComplaint;
use crate::domain::case::{required_fields, Action, Status};
use crate::domain::vocabulary::{
    AttachmentLimits, AuthorityLimits, Channel, CustomerType, DeadlineSettings, EscalationLevel,
    GmDecision, Kind, Mood, NotifyScript, RepeatRules, Role, Severity, SeverityRules, Stage,
    TransferTarget, WorkCalendar,
};

// ---------------------------------------------------------------------------------------
// Syntax.
// ---------------------------------------------------------------------------------------

/// What is wrong with the JSON text itself at one line and column. Its message follows
/// "第 L 行第 C 列".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum Syntax {
    /// The text ends before the JSON does (a truncated file).
    #[error("意外结束（文件可能不完整）")]
    Eof,
    /// Nothing at all but white space.
    #[error("没有任何内容（文件是空的）")]
    Empty,
    /// A member's key is not followed by `:`.
    #[error("缺少冒号 :")]
    ExpectedColon,
    /// A list item is not followed by `,` or `]`.
    #[error("缺少逗号 , 或右方括号 ]")]
    ExpectedCommaOrBracket,
    /// An object member is not followed by `,` or `}`.
    #[error("缺少逗号 , 或右花括号 }}")]
    ExpectedCommaOrBrace,
    /// Something that is not a JSON value where one should be.
    #[error("应有一个值（带双引号的文字、数字、true、false、null、对象或列表）")]
    ExpectedValue,
    /// A misspelt `true`, `false` or `null`.
    #[error("有拼写错误的 true、false 或 null")]
    BadLiteral,
    /// A key without its quotes.
    #[error("缺少双引号 \"")]
    ExpectedQuote,
    /// A backslash followed by a character that is no escape.
    #[error("有无效的转义符（反斜杠 \\ 后面的字符不对）")]
    InvalidEscape,
    /// A number that is not written as JSON numbers are.
    #[error("有写法无效的数字")]
    InvalidNumber,
    /// A number too large.
    #[error("有超出范围的数字")]
    NumberOutOfRange,
    /// A `\u` escape that is no character, or cut short.
    #[error("有无效或不完整的 \\u 字符转义")]
    InvalidUnicode,
    /// A line break or other control character inside a text, not escaped.
    #[error("的文字中有未转义的控制字符（例如文字中直接换行）")]
    ControlCharacter,
    /// An object key that is not a quoted text.
    #[error("对象的键必须是带双引号的文字")]
    KeyMustBeString,
    /// A comma before `]` or `}`.
    #[error("有多余的逗号")]
    TrailingComma,
    /// More text after the JSON value ended.
    #[error("之后还有多余的内容（JSON 在此前已经结束）")]
    TrailingCharacters,
    /// Lists and objects nested too deep.
    #[error("嵌套层数过多")]
    TooDeep,
    /// Anything else serde_json refuses as syntax.
    #[error("格式无效")]
    Other,
}

impl Syntax {
    /// The kind of a serde_json syntax or end-of-file error.
    pub fn of(e: &serde_json::Error) -> Self {
        if e.classify() == serde_json::error::Category::Eof {
            return Syntax::Eof;
        }
        match message_of(e).as_str() {
            "expected `:`" => Syntax::ExpectedColon,
            "expected `,` or `]`" => Syntax::ExpectedCommaOrBracket,
            "expected `,` or `}`" => Syntax::ExpectedCommaOrBrace,
            "expected value" => Syntax::ExpectedValue,
            "expected ident" => Syntax::BadLiteral,
            "expected `\"`" => Syntax::ExpectedQuote,
            "invalid escape" => Syntax::InvalidEscape,
            "invalid number" => Syntax::InvalidNumber,
            "number out of range" => Syntax::NumberOutOfRange,
            "invalid unicode code point"
            | "unexpected end of hex escape"
            | "lone leading surrogate in hex escape" => Syntax::InvalidUnicode,
            "control character (\\u0000-\\u001F) found while parsing a string" => {
                Syntax::ControlCharacter
            }
            "key must be a string" => Syntax::KeyMustBeString,
            "trailing comma" => Syntax::TrailingComma,
            "trailing characters" => Syntax::TrailingCharacters,
            "recursion limit exceeded" => Syntax::TooDeep,
            _ => Syntax::Other,
        }
    }
}

/// serde_json's message without its ` at line L column C` suffix.
fn message_of(e: &serde_json::Error) -> String {
    let text = e.to_string();
    if e.line() == 0 {
        return text;
    }
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match text.strip_suffix(&suffix) {
        Some(m) => m.to_string(),
        None => text,
    }
}

/// The character column (1-based, as an editor counts) of serde_json's byte column on the
/// line starting at byte `line_start` of `text`.
fn char_column(text: &str, line_start: usize, byte_column: usize) -> usize {
    let end = (line_start + byte_column).min(text.len());
    text.as_bytes()
        .get(line_start..end)
        .map_or(byte_column, |bytes| {
            bytes.iter().filter(|&&b| (b & 0xc0) != 0x80).count()
        })
}

/// The byte where `line` (1-based) of `text` starts.
fn line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    memchr::memchr_iter(b'\n', text.as_bytes())
        .nth(line - 2)
        .map_or(text.len(), |i| i + 1)
}

/// serde_json's position of `e` in `text` as (line, character column, byte offset).
fn position(text: &str, e: &serde_json::Error) -> (usize, usize, usize) {
    let start = line_start(text, e.line());
    let offset = (start + e.column()).min(text.len());
    (e.line(), char_column(text, start, e.column()), offset)
}

// ---------------------------------------------------------------------------------------
// Data faults.
// ---------------------------------------------------------------------------------------

/// What is wrong with one value (or one object) in the file.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum Fault {
    /// A required field is not there.
    #[error("缺少「{0}」")]
    Missing(&'static str),
    /// A field the event's action needs is not there.
    #[error("缺少「{field}」（「{action}」记录必须有此项）")]
    MissingFor {
        /// The missing field's label.
        field: String,
        /// The action's label.
        action: String,
    },
    /// A code this app does not know.
    #[error("{}", unknown(.value, .allowed))]
    Unknown {
        /// The value in the file.
        value: String,
        /// The codes allowed there, each with its label.
        allowed: String,
    },
    /// A value of the wrong type.
    #[error("应为{}，文件中是{}", spaced(.expected), spaced(.found))]
    WrongType {
        /// What it should be.
        expected: String,
        /// What it is.
        found: String,
    },
    /// A number too large or too small for the field.
    #[error("值 {value} 超出范围（应为{}）", spaced(.expected))]
    OutOfRange {
        /// The value in the file.
        value: String,
        /// What it should be.
        expected: String,
    },
    /// A time that is not an ISO 8601 time with its offset.
    #[error(
        "值 {value} 不是有效的时间（{why}），应写成 2026-11-22T10:00:00+08:00 这样带时区的时间"
    )]
    BadTime {
        /// The value in the file.
        value: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// Anything else, described as well as it can be.
    #[error("格式不对：{0}")]
    Malformed(String),
}

/// `text` with a space before it when it starts with a letter or digit (as Chinese text
/// sets off numbers and codes).
fn spaced(text: &str) -> String {
    if text.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        format!(" {text}")
    } else {
        text.to_string()
    }
}

fn unknown(value: &str, allowed: &str) -> String {
    if value.is_empty() {
        format!("不能为空（可用的值：{allowed}）")
    } else {
        format!("值 {value} 不认识（可用的值：{allowed}）")
    }
}

/// One step from the file down to a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A line of an NDJSON file (1-based).
    Line(usize),
    /// The header (the NDJSON file's first line, or the JSON file's own members).
    Header,
    /// A complaint: its 1-based position among the file's complaints and its number.
    Complaint {
        /// 1-based position.
        index: usize,
        /// Its number, when the file gives one.
        number: Option<String>,
    },
    /// An event of a complaint's history: its 1-based position and its action's label.
    Event {
        /// 1-based position in the history.
        index: usize,
        /// The action's label, when the action is known.
        action: Option<&'static str>,
    },
    /// A part with a name of its own: 登记表, 汇总信息, 设置.
    Section(&'static str),
    /// A field, by its label.
    Field(&'static str),
    /// An item of a list (1-based).
    Item(usize),
}

/// Where in the file: the steps from the file down to the value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Place(pub Vec<Step>);

impl Place {
    /// The place as Chinese text (`第 12 条投诉（SH01-A-20261122-0001）登记表中的「来源渠道」`),
    /// and whether it ends with a section.
    fn render(&self) -> (String, bool) {
        let steps = &self.0;
        let mut s = String::new();
        let mut last: Option<&Step> = None;
        for (i, step) in steps.iter().enumerate() {
            match step {
                Step::Line(n) => s.push_str(&format!("第 {n} 行")),
                Step::Header => {
                    if matches!(last, Some(Step::Line(_))) {
                        s.push_str("（文件头）");
                    }
                }
                Step::Complaint { index, number } => {
                    let after_line = matches!(last, Some(Step::Line(_)));
                    s.push_str(&match (after_line, number) {
                        (true, Some(n)) => format!("（第 {index} 条投诉，{n}）"),
                        (true, None) => format!("（第 {index} 条投诉）"),
                        (false, Some(n)) => format!("第 {index} 条投诉（{n}）"),
                        (false, None) => format!("第 {index} 条投诉"),
                    });
                }
                Step::Event { index, action } => {
                    // The registration's form is named 登记表 by itself.
                    let intake_next = matches!(steps.get(i + 1), Some(Step::Section(INTAKE)));
                    if !(intake_next && *action == Some(REGISTER)) {
                        s.push_str(&match action {
                            Some(a) => format!("第 {index} 条处理记录（{a}）"),
                            None => format!("第 {index} 条处理记录"),
                        });
                    }
                }
                Step::Section(label) => {
                    if s.is_empty() {
                        s.push_str("文件");
                    } else if matches!(last, Some(Step::Section(_) | Step::Field(_))) {
                        s.push_str("中的");
                    }
                    s.push_str(label);
                }
                Step::Field(label) => {
                    if s.is_empty() {
                        s.push_str("文件的");
                    } else if matches!(last, Some(Step::Section(_) | Step::Field(_))) {
                        s.push_str("中的");
                    } else {
                        s.push('的');
                    }
                    s.push_str(&format!("「{label}」"));
                }
                Step::Item(n) => s.push_str(&format!("第 {n} 项")),
            }
            last = Some(step);
        }
        (s, matches!(last, Some(Step::Section(_))))
    }

    /// The place as Chinese text, followed by what is wrong there: `第 12 条投诉（…）登记表中的
    /// 「来源渠道」值 fax 不认识…`, `第 3 条投诉（…）缺少「登记办公室」`, `文件缺少「导出时间」`.
    pub fn with(&self, fault: &Fault) -> String {
        let (mut s, in_section) = self.render();
        if s.is_empty() {
            s.push_str("文件");
        } else if in_section && matches!(fault, Fault::Missing(_) | Fault::MissingFor { .. }) {
            s.push('中');
        }
        s.push_str(&fault.to_string());
        s
    }
}

impl std::fmt::Display for Place {
    /// The place alone, e.g. `第 27 条投诉（SH01-A-20261122-0001）`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render().0)
    }
}

/// A value in the file that is not what the format says, and where it is.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{}", .place.with(.fault))]
pub struct DataFault {
    /// Where.
    pub place: Place,
    /// What is wrong there.
    pub fault: Fault,
}

/// Why a file was refused while it was read, located.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Diagnosis {
    /// The text is not JSON at a line and column (in characters).
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// What is wrong there.
        problem: Syntax,
        /// The complaint that position falls in (JSON file), rendered as its place.
        complaint: Option<String>,
    },
    /// A value of the wrong shape.
    Data(DataFault),
}

// ---------------------------------------------------------------------------------------
// What each field should be (the file's shape, with the labels the screens use).
// ---------------------------------------------------------------------------------------

/// What a leaf value should be. Leaves are checked by hand, as the reader would take them,
/// rather than through serde again: the browser bundle then carries no second copy of the
/// readers.
#[derive(Clone, Copy)]
enum Want {
    /// A JSON string.
    Text,
    /// A string that chrono reads as a time with its offset.
    Time,
    /// A satisfaction score (`u8`).
    Score,
    /// A whole number up to the maximum.
    Whole(u64),
    /// `true` or `false`.
    Flag,
    /// One of a coded enum's codes: whether a code is one, and the list of codes with their
    /// labels.
    Code(fn(&str) -> bool, fn() -> String),
    /// A part of the settings read as a whole (calendar, time limits, rules), with its reader.
    Part(fn(Value) -> Result<(), serde_json::Error>),
}

impl Want {
    fn expected(self) -> String {
        match self {
            Want::Text => "文字".into(),
            Want::Time => "带时区的时间（如 2026-11-22T10:00:00+08:00）".into(),
            Want::Score => "1 到 5 的整数".into(),
            Want::Whole(_) => "不小于 0 的整数".into(),
            Want::Flag => "true 或 false".into(),
            Want::Code(_, list) => format!("以下代码之一：{}", list()),
            Want::Part(_) => "对象".into(),
        }
    }
}

/// The shape of a field's value.
enum Shape {
    /// A value checked by itself; `true` when `null` is allowed too (an `Option`).
    Leaf(Want, bool),
    /// A nested object with a name of its own (登记表, 汇总信息, 设置).
    Section(&'static [Field]),
    /// A nested object named by its field.
    Object(&'static [Field]),
    /// A complaint's history.
    Events,
    /// A list of items of one shape.
    List(&'static Shape),
}

/// One member of an object: its key, the label the screens use, whether the reader
/// requires it, and its shape.
struct Field {
    key: &'static str,
    label: &'static str,
    required: bool,
    /// `null` stands for "absent" (an `Option` object; leaves say so by their own type).
    nullable: bool,
    shape: Shape,
}

const fn req(key: &'static str, label: &'static str, shape: Shape) -> Field {
    Field {
        key,
        label,
        required: true,
        nullable: false,
        shape,
    }
}

const fn opt(key: &'static str, label: &'static str, shape: Shape) -> Field {
    Field {
        key,
        label,
        required: false,
        nullable: false,
        shape,
    }
}

/// An optional object that may also be `null`.
const fn maybe(key: &'static str, label: &'static str, shape: Shape) -> Field {
    Field {
        key,
        label,
        required: false,
        nullable: true,
        shape,
    }
}

/// `code（label）、…` for `n` codes, the `i`-th given by `pair` (one copy of the joining code
/// for every coded enum).
fn code_list(n: usize, pair: &dyn Fn(usize) -> (&'static str, &'static str)) -> String {
    let mut out = String::new();
    for i in 0..n {
        let (code, label) = pair(i);
        if i > 0 {
            out.push('、');
        }
        out.push_str(code);
        out.push('（');
        out.push_str(label);
        out.push('）');
    }
    out
}

macro_rules! codes {
    ($t:ty) => {
        Want::Code(
            |code| <$t>::from_code(code).is_some(),
            || {
                code_list(<$t>::ALL.len(), &|i| {
                    (<$t>::ALL[i].code(), <$t>::ALL[i].label())
                })
            },
        )
    };
}

/// A leaf that must be one of `$t`'s codes; `null` too when `$null`.
macro_rules! code {
    ($t:ty) => {
        Shape::Leaf(codes!($t), false)
    };
    ($t:ty, null) => {
        Shape::Leaf(codes!($t), true)
    };
}

/// A part of the settings read as a whole by `$t`'s reader.
macro_rules! part {
    ($t:ty) => {
        Shape::Leaf(
            Want::Part(|v| serde_json::from_value::<$t>(v).map(drop)),
            false,
        )
    };
}

/// The label of the registration form's section.
const INTAKE: &str = "登记表";
/// The registration action's label.
const REGISTER: &str = "登记";
/// The escalation event's label.
const ESCALATE: &str = "自动升级";
/// The attach event's label.
const ATTACH: &str = "添加附件";
/// The detach event's label.
const DETACH: &str = "移除附件";
/// The purge event's label.
const PURGE: &str = crate::domain::case::PURGE_LABEL;
/// The conflict marker's label.
const CONFLICT: &str = "记录冲突";
/// The resolution's label.
const RESOLVE: &str = crate::domain::case::RESOLVE_LABEL;

const TEXT: Shape = Shape::Leaf(Want::Text, false);
const OPT_TEXT: Shape = Shape::Leaf(Want::Text, true);
const TIME: Shape = Shape::Leaf(Want::Time, false);
const OPT_TIME: Shape = Shape::Leaf(Want::Time, true);
const OPT_SCORE: Shape = Shape::Leaf(Want::Score, true);
const FLAG: Shape = Shape::Leaf(Want::Flag, false);
const OPT_FLAG: Shape = Shape::Leaf(Want::Flag, true);
const COUNT: Shape = Shape::Leaf(Want::Whole(u32::MAX as u64), false);

static FACTS_FIELDS: &[Field] = &[
    opt("lawsuit_risk", "可能引发诉讼", FLAG),
    opt("media_exposure", "媒体曝光", FLAG),
    opt("complainants", "共同投诉人数", COUNT),
    opt("same_issue_complainants", "相同问题投诉人数", COUNT),
    opt("compensation_requested", "涉及经济赔偿", FLAG),
    opt("staff_violation", "员工违纪违规", FLAG),
];

static INTAKE_FIELDS: &[Field] = &[
    req("customer_name", "客户姓名", TEXT),
    req("phone", "联系电话", TEXT),
    req("customer_type", "客户类型", code!(CustomerType)),
    req("project", "项目", TEXT),
    opt("building", "楼栋", TEXT),
    opt("unit", "房号", TEXT),
    opt("event_time", "事件时间", TEXT),
    opt("event_place", "事件地点", TEXT),
    req("content", "投诉内容", TEXT),
    opt("desired_remedy", "客户期望的解决方式", TEXT),
    req("mood", "客户情绪", code!(Mood)),
    req("channel", "来源渠道", code!(Channel)),
    req("kind", "类型", code!(Kind)),
    req("category", "类别", TEXT),
    req("severity", "严重程度", code!(Severity)),
    opt("facts", "严重程度相关情况", Shape::Object(FACTS_FIELDS)),
    opt("severity_reason", "与建议不同的理由", TEXT),
    opt("received_by", "接待人", TEXT),
];

/// Every action an event may record, with its label.
fn actions() -> String {
    let n = Action::ALL.len();
    code_list(n + 7, &|i| match i {
        0 => ("register", REGISTER),
        i if i <= n => (Action::ALL[i - 1].code(), Action::ALL[i - 1].label()),
        i if i == n + 1 => ("escalate", ESCALATE),
        i if i == n + 2 => ("attach", ATTACH),
        i if i == n + 3 => ("detach", DETACH),
        i if i == n + 4 => ("purge_files", PURGE),
        i if i == n + 5 => ("conflict", CONFLICT),
        _ => ("resolve_conflict", RESOLVE),
    })
}

/// The label of an event's action code.
fn action_label(code: &str) -> Option<&'static str> {
    match code {
        "register" => Some(REGISTER),
        "escalate" => Some(ESCALATE),
        "attach" => Some(ATTACH),
        "detach" => Some(DETACH),
        "purge_files" => Some(PURGE),
        "conflict" => Some(CONFLICT),
        "resolve_conflict" => Some(RESOLVE),
        other => Action::from_code(other).map(Action::label),
    }
}

static EVENT_FIELDS: &[Field] = &[
    req("id", "记录编号", TEXT),
    req("at", "时间", TIME),
    req("actor", "操作人", TEXT),
    req("role", "角色", code!(Role)),
    opt("note", "备注", TEXT),
    req("action", "处理动作", TEXT),
    maybe("intake", INTAKE, Shape::Section(INTAKE_FIELDS)),
    opt("handler", "处理人", OPT_TEXT),
    opt("findings", "调查结果", OPT_TEXT),
    opt("responsibility", "责任归属", OPT_TEXT),
    opt("plan", "处理方案", OPT_TEXT),
    opt("expected_done", "预计完成日期", OPT_TEXT),
    opt("result", "处理结果", OPT_TEXT),
    opt("reply", "答复内容", OPT_TEXT),
    opt("score", "满意度评分", OPT_SCORE),
    opt("accepted", "客户是否认可", OPT_FLAG),
    opt("target", "转出对象", code!(TransferTarget, null)),
    opt("category", "类别", OPT_TEXT),
    opt("severity", "严重程度", code!(Severity, null)),
    opt("sheet", "工作联系单", OPT_TEXT),
    opt("department", "部门", OPT_TEXT),
    opt("request", "联系事项", OPT_TEXT),
    opt("due", "回复期限", OPT_TIME),
    opt("stage", "环节", code!(Stage, null)),
    opt("level", "升级级别", code!(EscalationLevel, null)),
    opt("deadline", "逾期的期限", OPT_TIME),
    opt("script", "告知内容", OPT_TEXT),
    opt("decision", "处理意见", code!(GmDecision, null)),
    opt("incident_lead", "事件负责人", OPT_TEXT),
    opt("president_needed", "是否需总裁审批", OPT_FLAG),
    opt("reference", "总裁批复文号", OPT_TEXT),
    opt("lead", "事件负责人", OPT_TEXT),
    opt("team", "工作小组", OPT_TEXT),
    opt("held_at", "会谈时间", OPT_TEXT),
    opt("place", "会谈地点", OPT_TEXT),
    opt("attendees", "参加人员", OPT_TEXT),
    opt("agreed", "商定事项", OPT_TEXT),
    opt("mediator", "调解方", OPT_TEXT),
    opt("involvement", "调解情况", OPT_TEXT),
    opt(
        "amount",
        "赔偿金额（元）",
        Shape::Leaf(Want::Whole(u64::MAX), true),
    ),
    opt("proposal", "赔偿方案", OPT_TEXT),
    opt("compensation", "批准的赔偿方案", OPT_TEXT),
    opt("attachments", "附件", Shape::List(&ATTACHMENT)),
    opt("attachment", "移除的附件", OPT_TEXT),
    opt("hashes", "清除的文件", Shape::List(&TEXT)),
    opt("set_aside", "被搁置的记录", Shape::List(&TEXT)),
    opt("applied", "已生效的记录", Shape::List(&TEXT)),
    opt("keep", "恢复的记录", Shape::List(&TEXT)),
    opt("discard", "不再生效的记录", Shape::List(&TEXT)),
];

/// One attached file as an attach event records it.
static ATTACHMENT_FIELDS: &[Field] = &[
    req("id", "附件编号", TEXT),
    req("name", "文件名", TEXT),
    req("type", "文件类型", TEXT),
    req(
        "size",
        "文件大小",
        Shape::Leaf(Want::Whole(u64::MAX), false),
    ),
    req("hash", "SHA-256 校验值", TEXT),
];
static ATTACHMENT: Shape = Shape::Object(ATTACHMENT_FIELDS);

static STAGE_DEADLINE_FIELDS: &[Field] = &[
    req("stage", "环节", code!(Stage)),
    req("due", "期限", TIME),
    opt("done_at", "完成时间", OPT_TIME),
    opt("met", "是否按时", OPT_FLAG),
];
static STAGE_DEADLINE: Shape = Shape::Object(STAGE_DEADLINE_FIELDS);

static DERIVED_FIELDS: &[Field] = &[
    req("status", "状态", code!(Status)),
    req("category", "类别", TEXT),
    req("severity", "严重程度", code!(Severity)),
    opt("handler", "处理人", OPT_TEXT),
    opt("score", "满意度评分", OPT_SCORE),
    opt("accepted", "客户是否认可", OPT_FLAG),
    req("received_at", "登记时间", TIME),
    req("updated_at", "最近更新时间", TIME),
    opt("closed_at", "结案时间", OPT_TIME),
    opt("deadlines", "各环节期限", Shape::List(&STAGE_DEADLINE)),
];

/// A complaint in the file (a member of the JSON file's `complaints`, a line of NDJSON).
static COMPLAINT_FIELDS: &[Field] = &[
    req("number", "编号", TEXT),
    req("office", "登记办公室", TEXT),
    req("events", "处理记录", Shape::Events),
    req("derived", "汇总信息", Shape::Section(DERIVED_FIELDS)),
];

static STAFF_FIELDS: &[Field] = &[
    req("name", "姓名", TEXT),
    req("role", "角色", code!(Role)),
    opt("active", "在职", FLAG),
];

static PROJECT_FIELDS: &[Field] = &[
    req("name", "楼盘名称", TEXT),
    opt("buildings", "楼栋", Shape::List(&TEXT)),
    opt("agency_contract_end", "代理协议结束日期", TEXT),
];
static PROJECT: Shape = Shape::Object(PROJECT_FIELDS);
static STAFF: Shape = Shape::Object(STAFF_FIELDS);
static ROLE: Shape = code!(Role);

static SETTINGS_FIELDS: &[Field] = &[
    req("office_code", "办公室编码", TEXT),
    req("device_code", "设备编码", TEXT),
    opt("office_name", "办公室名称", TEXT),
    req("staff", "员工", Shape::List(&STAFF)),
    req("categories", "类别", Shape::List(&TEXT)),
    opt("calendar", "工作日历", part!(WorkCalendar)),
    opt("deadlines", "处理时限", part!(DeadlineSettings)),
    opt("severity_rules", "重大投诉判定规则", part!(SeverityRules)),
    opt("repeat_rules", "重复投诉规则", part!(RepeatRules)),
    opt("notify_scripts", "告知客户话术", part!(Vec<NotifyScript>)),
    opt("authority", "权限金额", part!(AuthorityLimits)),
    opt(
        "written_reply_levels",
        "书面答复审核层级",
        Shape::List(&ROLE),
    ),
    opt("projects", "楼盘与楼栋", Shape::List(&PROJECT)),
    opt("lock_minutes", "自动锁定时间", COUNT),
    opt("reception_reset_secs", "接待感谢页停留时间", COUNT),
    opt("office_phone", "办公室电话", TEXT),
    opt("attachments", "附件设置", part!(AttachmentLimits)),
];

/// One entry of a buyer's service log (version 2).
static BUYER_ENTRY_FIELDS: &[Field] = &[
    req("id", "记录编号", TEXT),
    req("at", "时间", TIME),
    req("by", "记录人", TEXT),
    req("type", "记录类别", TEXT),
    opt("kind", "内容类别", TEXT),
    opt("note", "沟通内容", TEXT),
    opt("complaint", "投诉编号", OPT_TEXT),
    opt("callback", "回访记录", OPT_TEXT),
    opt("direction", "资料方向", TEXT),
    opt("item", "资料名称", TEXT),
    opt("party", "交给或收自", TEXT),
    opt("signed_by", "签收人", TEXT),
    opt("reached", "是否接通", FLAG),
    opt("score", "满意度评分", OPT_SCORE),
    opt("praise", "表扬", TEXT),
    opt("grievance", "抱怨或投诉", TEXT),
    opt("salesperson", "销售顾问", TEXT),
];
static BUYER_ENTRY: Shape = Shape::Object(BUYER_ENTRY_FIELDS);

/// A buyer of after-sales service (version 2).
static BUYER_FIELDS: &[Field] = &[
    req("id", "客户记录编号", TEXT),
    req("office", "办公室编码", TEXT),
    req("name", "客户姓名", TEXT),
    req("phones", "电话", Shape::List(&TEXT)),
    req("project", "项目", TEXT),
    opt("building", "楼栋", TEXT),
    req("unit", "房号", TEXT),
    req("signed_on", "签约日期", TEXT),
    opt("handover_on", "交房日期", OPT_TEXT),
    req("salesperson", "销售顾问", TEXT),
    opt("entries", "服务记录", Shape::List(&BUYER_ENTRY)),
];
static BUYER: Shape = Shape::Object(BUYER_FIELDS);

/// The JSON file's own members, `complaints` apart.
static FILE_FIELDS: &[Field] = &[
    req("format", "格式标记", TEXT),
    req("version", "版本号", COUNT),
    req("office", "办公室编码", TEXT),
    req("device", "设备编码", TEXT),
    req("exported_at", "导出时间", TIME),
    req("settings", "设置", Shape::Section(SETTINGS_FIELDS)),
    opt("checksum", "校验码", OPT_TEXT),
    opt("masked", "脱敏标记", FLAG),
    opt("buyers", "已购客户", Shape::List(&BUYER)),
];

/// The NDJSON file's header line.
static NDJSON_HEADER_FIELDS: &[Field] = &[
    req("format", "格式标记", TEXT),
    req("version", "版本号", COUNT),
    req("office", "办公室编码", TEXT),
    req("device", "设备编码", TEXT),
    req("exported_at", "导出时间", TIME),
    req("settings", "设置", Shape::Section(SETTINGS_FIELDS)),
    req(
        "count",
        "投诉条数",
        Shape::Leaf(Want::Whole(usize::MAX as u64), false),
    ),
    req("checksum", "校验码", TEXT),
    opt("masked", "脱敏标记", FLAG),
    opt(
        "buyers",
        "客户记录条数",
        Shape::Leaf(Want::Whole(usize::MAX as u64), false),
    ),
];

/// The label of the JSON file's list of complaints.
const COMPLAINTS: &str = "投诉列表";

/// Labels of keys inside the parts of the settings read as a whole, for messages about them.
const PART_LABELS: &[(&str, &str)] = &[
    ("work_periods", "工作时段"),
    ("work_weekdays", "工作日"),
    ("utc_offset_minutes", "时区偏移（分钟）"),
    ("holidays", "节假日"),
    ("makeup_workdays", "调休上班日"),
    ("date", "日期"),
    ("name", "名称"),
    ("value", "数值"),
    ("unit", "单位"),
    ("forward", "转达处理人时限"),
    ("forward_holiday_same_day", "节假日当日转达"),
    ("acknowledge", "确认接收时限"),
    ("department_reply", "部门回复时限"),
    ("plan_to_customer", "方案反馈客户时限"),
    ("answer_general", "一般投诉答复时限"),
    ("answer_major", "重大投诉答复时限"),
    ("answer_inquiry", "咨询答复时限"),
    ("answer_after_sales", "售后服务确认时限"),
    ("callback", "满意度回访时限"),
    ("amber_hours", "临近期限提醒（小时）"),
    ("escalation_step", "升级间隔"),
    ("max_document_mb", "单个文件大小上限（MB）"),
    ("keep_original_photos", "保留照片原图"),
    ("collective_min", "集体投诉人数下限"),
    ("same_issue_min", "相同投诉人数下限"),
    ("same_issue_window_days", "相同投诉统计天数"),
    ("window_days", "时间窗（天）"),
];

/// The label of a key anywhere in the file; the key itself (a code from the file) when it
/// has none.
fn label_of(key: &str) -> String {
    let tables: [&[Field]; 9] = [
        FILE_FIELDS,
        NDJSON_HEADER_FIELDS,
        SETTINGS_FIELDS,
        STAFF_FIELDS,
        COMPLAINT_FIELDS,
        EVENT_FIELDS,
        INTAKE_FIELDS,
        FACTS_FIELDS,
        DERIVED_FIELDS,
    ];
    tables
        .iter()
        .flat_map(|t| t.iter())
        .find(|f| f.key == key)
        .map(|f| f.label)
        .or_else(|| PART_LABELS.iter().find(|(k, _)| *k == key).map(|(_, l)| *l))
        .or((key == "complaints").then_some(COMPLAINTS))
        .map_or_else(|| key.to_string(), str::to_string)
}

// ---------------------------------------------------------------------------------------
// Finding the fault.
// ---------------------------------------------------------------------------------------

/// A value as it is shown in a message: a text as it stands, anything else as JSON; long
/// ones cut.
fn cut(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() > MAX {
        let head: String = text.chars().take(MAX).collect();
        format!("{head}…")
    } else {
        text.to_string()
    }
}

/// What a value is, for "文件中是…".
fn found(v: &Value) -> String {
    match v {
        Value::Null => "空值 null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format!("数字 {n}"),
        Value::String(s) => format!("文字 \"{}\"", cut(s)),
        Value::Array(_) => "列表".into(),
        Value::Object(_) => "对象".into(),
    }
}

/// chrono's reason for refusing a time, in Chinese.
fn time_reason(message: &str) -> Option<&'static str> {
    Some(match message {
        "premature end of input" => "不完整",
        "input contains invalid characters" => "含有无效的字符",
        "input is out of range" => "数值超出范围",
        "no possible date and time matching input" => "不是存在的日期或时间",
        "input is not enough for unique date and time" => "缺少日期、时间或时区",
        "trailing input" => "末尾有多余的字符",
        "bad or unsupported format string" => "格式不受支持",
        _ => return None,
    })
}

/// The text between the first pair of backticks after `prefix`, when `message` starts so.
fn ticked<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = message.strip_prefix(prefix)?.strip_prefix('`')?;
    rest.split('`').next()
}

/// What serde's English for an unexpected value names, in Chinese.
fn unexpected(text: &str) -> String {
    let inner = |prefix: &str| {
        text.strip_prefix(prefix)
            .map(|r| r.trim_matches(|c| c == '`' || c == '"'))
    };
    if let Some(s) = text
        .strip_prefix("string \"")
        .and_then(|r| r.strip_suffix('"'))
    {
        format!("文字 \"{}\"", cut(s))
    } else if let Some(n) = inner("integer ").or_else(|| inner("floating point ")) {
        format!("数字 {n}")
    } else if let Some(b) = inner("boolean ") {
        b.to_string()
    } else {
        match text {
            "null" | "unit value" => "空值 null".into(),
            "sequence" => "列表".into(),
            "map" => "对象".into(),
            _ => "其他类型的值".into(),
        }
    }
}

/// A Chinese account of serde's (or chrono's, or the event reader's) message, for a fault
/// that cannot be placed more precisely.
fn explain(message: &str) -> String {
    if let Some(field) = ticked(message, "missing field ") {
        return match message.split("for action `").nth(1) {
            Some(action) => {
                let action = action.trim_end_matches('`');
                format!(
                    "缺少「{}」（「{}」记录必须有此项）",
                    label_of(field),
                    action_label(action).unwrap_or(action)
                )
            }
            None => format!("缺少「{}」", label_of(field)),
        };
    }
    if let Some(action) = ticked(message, "unknown action ") {
        return format!("处理动作 {action} 不认识");
    }
    if let Some(value) = ticked(message, "unknown variant ") {
        return format!("值 {value} 不认识");
    }
    if let Some(field) = ticked(message, "unknown field ") {
        return format!("有不认识的项 {field}");
    }
    if let Some(field) = ticked(message, "duplicate field ") {
        return format!("「{}」出现了两次", label_of(field));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let what = rest.split(", expected").next().unwrap_or(rest);
        return format!("有一项的类型不对（文件中是{}）", unexpected(what));
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let what = rest.split(", expected").next().unwrap_or(rest);
        return format!("有一项的值超出范围（文件中是{}）", unexpected(what));
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        let n = rest.split(',').next().unwrap_or("");
        return format!("有一项的个数不对（文件中有 {n} 个）");
    }
    if let Some(why) = time_reason(message) {
        return format!("有一个时间或日期写法不对（{why}）");
    }
    if message == "short or long weekday names expected" {
        return "有不认识的星期几（应为 Mon、Tue、Wed、Thu、Fri、Sat、Sun 之一）".into();
    }
    "内容与导出文件的格式不符".into()
}

/// A Chinese description of any error serde_json gives for JSON text: where (line and
/// column) and what. For readers of other JSON files (a holiday file, say) that have no
/// place of their own to name.
pub fn describe(e: &serde_json::Error) -> String {
    if e.is_data() {
        let what = explain(&message_of(e));
        if e.line() == 0 {
            what
        } else {
            format!("第 {} 行第 {} 列附近{what}", e.line(), e.column())
        }
    } else if e.is_eof() && e.line() <= 1 && e.column() == 0 {
        Syntax::Empty.to_string()
    } else {
        format!("第 {} 行第 {} 列{}", e.line(), e.column(), Syntax::of(e))
    }
}

/// What is wrong with a leaf value, as the reader of `want` would refuse it (`null_ok`: an
/// `Option`).
fn leaf_fault(v: &Value, want: Want, null_ok: bool) -> Option<Fault> {
    if null_ok && v.is_null() {
        return None;
    }
    let wrong = || {
        Some(Fault::WrongType {
            expected: want.expected(),
            found: found(v),
        })
    };
    let whole = |max: u64| match v {
        // Integers out of range are "invalid values"; fractions are of the wrong type.
        Value::Number(n) if n.is_u64() || n.is_i64() => {
            n.as_u64()
                .is_none_or(|u| u > max)
                .then(|| Fault::OutOfRange {
                    value: n.to_string(),
                    expected: want.expected(),
                })
        }
        _ => wrong(),
    };
    match want {
        Want::Text => (!v.is_string()).then(wrong).flatten(),
        Want::Flag => (!v.is_boolean()).then(wrong).flatten(),
        Want::Score => whole(u64::from(u8::MAX)),
        Want::Whole(max) => whole(max),
        Want::Time => match v.as_str() {
            // The reader of times: chrono's own, as its serde support uses.
            Some(s) => s
                .parse::<chrono::DateTime<chrono::FixedOffset>>()
                .err()
                .map(|e| Fault::BadTime {
                    value: cut(s),
                    why: time_reason(&e.to_string()).unwrap_or("格式不对"),
                }),
            None => wrong(),
        },
        Want::Code(known, list) => match v.as_str() {
            Some(code) if known(code) => None,
            Some(code) => Some(Fault::Unknown {
                value: cut(code),
                allowed: list(),
            }),
            None => wrong(),
        },
        Want::Part(read) => read(v.clone())
            .err()
            .map(|e| Fault::Malformed(explain(&message_of(&e)))),
    }
}

fn check(v: &Value, shape: &Shape, steps: &mut Vec<Step>) -> Option<Fault> {
    match shape {
        Shape::Leaf(want, null_ok) => leaf_fault(v, *want, *null_ok),
        Shape::Section(fields) | Shape::Object(fields) => check_fields(v, fields, steps),
        Shape::Events => {
            let items = v.as_array()?;
            for (j, e) in items.iter().enumerate() {
                steps.push(Step::Event {
                    index: j + 1,
                    action: e
                        .get("action")
                        .and_then(Value::as_str)
                        .and_then(action_label),
                });
                if let Some(f) = check_event(e, steps) {
                    return Some(f);
                }
                steps.pop();
            }
            None
        }
        Shape::List(item) => {
            let items = v.as_array()?;
            for (j, x) in items.iter().enumerate() {
                steps.push(Step::Item(j + 1));
                if let Some(f) = check(x, item, steps) {
                    return Some(f);
                }
                steps.pop();
            }
            None
        }
    }
}

fn check_fields(v: &Value, fields: &[Field], steps: &mut Vec<Step>) -> Option<Fault> {
    let Some(map) = v.as_object() else {
        return Some(Fault::WrongType {
            expected: "对象".into(),
            found: found(v),
        });
    };
    for f in fields {
        let Some(child) = map.get(f.key).filter(|c| !(f.nullable && c.is_null())) else {
            if f.required {
                return Some(Fault::Missing(f.label));
            }
            continue;
        };
        let is_list = matches!(f.shape, Shape::Events | Shape::List(_));
        if is_list && !child.is_array() {
            steps.push(Step::Field(f.label));
            return Some(Fault::WrongType {
                expected: "列表".into(),
                found: found(child),
            });
        }
        let depth = steps.len();
        match f.shape {
            Shape::Section(_) => steps.push(Step::Section(f.label)),
            // A history's events name themselves: no step of its own.
            Shape::Events => {}
            _ => steps.push(Step::Field(f.label)),
        }
        if let Some(fault) = check(child, &f.shape, steps) {
            return Some(fault);
        }
        steps.truncate(depth);
    }
    None
}

fn check_event(v: &Value, steps: &mut Vec<Step>) -> Option<Fault> {
    if let Some(f) = check_fields(v, EVENT_FIELDS, steps) {
        return Some(f);
    }
    // Every field is of its type: what is left is what the action needs.
    let action = v.get("action").and_then(Value::as_str).unwrap_or_default();
    let Some(required) = required_fields(action) else {
        steps.push(Step::Field("处理动作"));
        return Some(Fault::Unknown {
            value: cut(action),
            allowed: actions(),
        });
    };
    let missing = required
        .iter()
        .find(|key| v.get(**key).is_none_or(Value::is_null))?;
    Some(Fault::MissingFor {
        field: label_of(missing),
        action: action_label(action).unwrap_or(action).to_string(),
    })
}

/// Locates what is wrong in one complaint (`value`, the `index`-th of the file), below
/// `before` (the line of an NDJSON file); when no field is found at fault, the reader's
/// `message` is told at the complaint.
fn locate_complaint(value: &Value, index: usize, before: &[Step], message: &str) -> DataFault {
    let mut steps = before.to_vec();
    steps.push(Step::Complaint {
        index,
        number: value
            .get("number")
            .and_then(Value::as_str)
            .filter(|n| !n.is_empty())
            .map(cut),
    });
    let fault = check_fields(value, COMPLAINT_FIELDS, &mut steps)
        .unwrap_or_else(|| Fault::Malformed(explain(message)));
    DataFault {
        place: Place(steps),
        fault,
    }
}

// ---------------------------------------------------------------------------------------
// Reading the file's parts without parsing them (on the error path only).
// ---------------------------------------------------------------------------------------

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// Just past the string starting at `i` (a `"`), or `None` when it is cut short.
fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Just past the JSON value starting at `i`, or `None` when it is cut short.
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = string_end(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            {
                j += 1;
            }
            Some(j)
        }
    }
}

/// One member of an object as it stands in the text.
struct Member<'a> {
    key: &'a str,
    start: usize,
    end: Option<usize>,
}

/// The members of the object starting at byte `i`, up to the first one cut short.
fn members(text: &str, i: usize) -> Vec<Member<'_>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    if b.get(i) != Some(&b'{') {
        return out;
    }
    let mut j = skip_ws(b, i + 1);
    while b.get(j) == Some(&b'"') {
        let Some(key_end) = string_end(b, j) else {
            break;
        };
        let key = text.get(j + 1..key_end - 1).unwrap_or("");
        j = skip_ws(b, key_end);
        if b.get(j) != Some(&b':') {
            break;
        }
        let start = skip_ws(b, j + 1);
        let end = value_end(b, start);
        out.push(Member { key, start, end });
        let Some(end) = end else {
            break;
        };
        j = skip_ws(b, end);
        if b.get(j) != Some(&b',') {
            break;
        }
        j = skip_ws(b, j + 1);
    }
    out
}

/// The items of the list starting at byte `i`: (start, end when complete).
fn elements(b: &[u8], i: usize) -> Vec<(usize, Option<usize>)> {
    let mut out = Vec::new();
    if b.get(i) != Some(&b'[') {
        return out;
    }
    let mut j = skip_ws(b, i + 1);
    while j < b.len() && b[j] != b']' {
        let end = value_end(b, j);
        out.push((j, end));
        let Some(end) = end else {
            break;
        };
        j = skip_ws(b, end);
        if b.get(j) != Some(&b',') {
            break;
        }
        j = skip_ws(b, j + 1);
    }
    out
}

/// Where the top-level object starts (after a byte-order mark and white space).
fn top(text: &str) -> usize {
    let b = text.as_bytes();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    skip_ws(b, bom)
}

/// The complaint of the JSON file `text` that byte `offset` falls in, as its place
/// (`第 27 条投诉（SH01-…）`).
fn complaint_at(text: &str, offset: usize) -> Option<String> {
    let b = text.as_bytes();
    let list = members(text, top(text))
        .into_iter()
        .find(|m| m.key == "complaints")?;
    let (k, (start, _)) = elements(b, list.start)
        .into_iter()
        .enumerate()
        .take_while(|(_, (start, _))| *start <= offset)
        .last()
        .filter(|(_, (_, end))| end.is_none_or(|e| offset < e))?;
    let number = members(text, start)
        .into_iter()
        .find(|m| m.key == "number")
        .and_then(|m| text.get(m.start..m.end?))
        .and_then(|t| serde_json::from_str::<String>(t).ok())
        .filter(|n| !n.is_empty());
    let place = Place(vec![Step::Complaint {
        index: k + 1,
        number: number.as_deref().map(cut),
    }]);
    Some(place.to_string())
}

/// Locates why serde_json refused the JSON export file `text` with `e`.
pub fn diagnose_file(text: &str, e: &serde_json::Error) -> Diagnosis {
    if !e.is_data() {
        if text.trim_start_matches('\u{feff}').trim().is_empty() {
            return Diagnosis::Syntax {
                line: 1,
                column: 1,
                problem: Syntax::Empty,
                complaint: None,
            };
        }
        let (line, column, offset) = position(text, e);
        return Diagnosis::Syntax {
            line,
            column,
            problem: Syntax::of(e),
            complaint: complaint_at(text, offset.saturating_sub(1)),
        };
    }
    Diagnosis::Data(locate_in_file(text).unwrap_or_else(|| DataFault {
        place: Place::default(),
        fault: Fault::Malformed(explain(&message_of(e))),
    }))
}

fn locate_in_file(text: &str) -> Option<DataFault> {
    let b = text.as_bytes();
    let start = top(text);
    if b.get(start) != Some(&b'{') {
        let value: Value = serde_json::from_str(text.get(start..)?).ok()?;
        return Some(DataFault {
            place: Place::default(),
            fault: Fault::WrongType {
                expected: "对象".into(),
                found: found(&value),
            },
        });
    }
    let all = members(text, start);
    // The file's own members, read one by one.
    let mut own = serde_json::Map::new();
    let mut list = None;
    for m in &all {
        let Some(raw) = m.end.and_then(|end| text.get(m.start..end)) else {
            continue;
        };
        if m.key == "complaints" {
            list = Some(m.start);
        } else if let Ok(v) = serde_json::from_str::<Value>(raw) {
            own.insert(m.key.to_string(), v);
        }
    }
    let mut steps = Vec::new();
    if let Some(fault) = check_fields(&Value::Object(own), FILE_FIELDS, &mut steps) {
        return Some(DataFault {
            place: Place(steps),
            fault,
        });
    }
    let Some(list) = list else {
        return Some(DataFault {
            place: Place::default(),
            fault: Fault::Missing(COMPLAINTS),
        });
    };
    if b.get(list) != Some(&b'[') {
        let end = value_end(b, list)?;
        let value: Value = serde_json::from_str(text.get(list..end)?).ok()?;
        return Some(DataFault {
            place: Place(vec![Step::Field(COMPLAINTS)]),
            fault: Fault::WrongType {
                expected: "列表".into(),
                found: found(&value),
            },
        });
    }
    for (k, (s, end)) in elements(b, list).into_iter().enumerate() {
        let raw = text.get(s..end?)?;
        let Err(e) = serde_json::from_str::<ExportedComplaint>(raw) else {
            continue;
        };
        let value: Value = serde_json::from_str(raw).ok()?;
        return Some(locate_complaint(&value, k + 1, &[], &message_of(&e)));
    }
    None
}

/// Locates why serde_json refused line `line` of an NDJSON file (`text`, without its line
/// end) with `e`: the header when `complaint` is `None`, else the `complaint`-th complaint.
pub fn diagnose_line(
    line: usize,
    text: &str,
    complaint: Option<usize>,
    e: &serde_json::Error,
) -> Diagnosis {
    if !e.is_data() {
        let (_, column, _) = position(text, e);
        return Diagnosis::Syntax {
            line,
            column,
            problem: Syntax::of(e),
            complaint: None,
        };
    }
    let located = serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|value| match complaint {
            Some(index) => Some(locate_complaint(
                &value,
                index,
                &[Step::Line(line)],
                &message_of(e),
            )),
            None => {
                let mut steps = vec![Step::Line(line), Step::Header];
                let fault = check_fields(&value, NDJSON_HEADER_FIELDS, &mut steps)?;
                Some(DataFault {
                    place: Place(steps),
                    fault,
                })
            }
        });
    Diagnosis::Data(located.unwrap_or_else(|| {
        let mut steps = vec![Step::Line(line)];
        if complaint.is_none() {
            steps.push(Step::Header);
        }
        DataFault {
            place: Place(steps),
            fault: Fault::Malformed(explain(&message_of(e))),
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::EventData;

    /// One event of every kind, each data field filled; the match has no wildcard, so a new
    /// kind of event does not compile here until it is added.
    fn every_event() -> Vec<EventData> {
        use crate::domain::vocabulary::SeverityFacts;
        use crate::domain::vocabulary::{Intake, Severity as Sev};
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").unwrap();
        let intake = Intake {
            customer_name: "王芳".into(),
            phone: "13812345678".into(),
            customer_type: CustomerType::Owner,
            project: "滨江华府".into(),
            building: "3栋".into(),
            unit: "1202".into(),
            event_time: "2026-11-20T09:00".into(),
            event_place: "卫生间".into(),
            content: "渗水".into(),
            desired_remedy: "维修".into(),
            mood: Mood::Upset,
            channel: Channel::Phone,
            kind: Kind::Complaint,
            category: "工程质量".into(),
            severity: Sev::Major,
            facts: SeverityFacts {
                lawsuit_risk: true,
                media_exposure: true,
                complainants: 3,
                same_issue_complainants: 4,
                compensation_requested: true,
                staff_violation: true,
            },
            severity_reason: "客户要求".into(),
            received_by: "置业顾问".into(),
            buyer: String::new(),
        };
        let s = || "文字".to_string();
        let all = vec![
            EventData::Register { intake },
            EventData::Dispatch { handler: s() },
            EventData::Acknowledge,
            EventData::Investigate {
                findings: s(),
                responsibility: s(),
            },
            EventData::Propose {
                plan: s(),
                expected_done: "2026-12-01".into(),
            },
            EventData::Approve,
            EventData::Reject,
            EventData::CarryOut { result: s() },
            EventData::Answer { reply: s() },
            EventData::Callback {
                score: 5,
                accepted: true,
            },
            EventData::Archive,
            EventData::Reopen,
            EventData::Reassign { handler: s() },
            EventData::Transfer {
                target: TransferTarget::Developer,
            },
            EventData::Feedback { result: s() },
            EventData::Cancel,
            EventData::FollowUp,
            EventData::IssueSheet {
                sheet: s(),
                department: s(),
                request: s(),
                due: t,
            },
            EventData::SheetReply {
                sheet: s(),
                reply: s(),
            },
            EventData::Escalate {
                stage: Stage::Answer,
                level: EscalationLevel::HeadOffice,
                deadline: Some(t),
            },
            EventData::Reclassify {
                category: s(),
                severity: Sev::General,
            },
            EventData::NotifyReceived { script: s() },
            EventData::Settle { reply: s() },
            EventData::GmReview {
                decision: crate::domain::vocabulary::GmDecision::Major,
                incident_lead: s(),
                president_needed: true,
            },
            EventData::PresidentApproval { reference: s() },
            EventData::IncidentTeam {
                lead: s(),
                team: s(),
            },
            EventData::Meeting {
                held_at: s(),
                place: s(),
                attendees: s(),
                agreed: s(),
            },
            EventData::Mediator {
                mediator: s(),
                involvement: s(),
            },
            EventData::Compensate {
                amount: 5000,
                proposal: s(),
            },
            EventData::ApproveCompensation { compensation: s() },
            EventData::ReturnHq,
            EventData::DraftReply { reply: s() },
            EventData::ApproveReply,
            EventData::Attach {
                attachments: vec![crate::domain::attachments::Attachment {
                    id: s(),
                    name: s(),
                    mime: s(),
                    size: 1,
                    hash: s(),
                }],
            },
            EventData::Detach { attachment: s() },
            EventData::PurgeFiles { hashes: vec![s()] },
            EventData::Conflict {
                set_aside: vec![s()],
                applied: vec![s()],
            },
            EventData::ResolveConflict {
                keep: vec![s()],
                discard: vec![s()],
            },
        ];
        for d in &all {
            match d {
                EventData::Register { .. }
                | EventData::Dispatch { .. }
                | EventData::Acknowledge
                | EventData::Investigate { .. }
                | EventData::Propose { .. }
                | EventData::Approve
                | EventData::Reject
                | EventData::CarryOut { .. }
                | EventData::Answer { .. }
                | EventData::Callback { .. }
                | EventData::Archive
                | EventData::Reopen
                | EventData::Reassign { .. }
                | EventData::Transfer { .. }
                | EventData::Feedback { .. }
                | EventData::Cancel
                | EventData::FollowUp
                | EventData::IssueSheet { .. }
                | EventData::SheetReply { .. }
                | EventData::Escalate { .. }
                | EventData::Reclassify { .. }
                | EventData::NotifyReceived { .. }
                | EventData::Settle { .. }
                | EventData::GmReview { .. }
                | EventData::PresidentApproval { .. }
                | EventData::IncidentTeam { .. }
                | EventData::Meeting { .. }
                | EventData::Mediator { .. }
                | EventData::Compensate { .. }
                | EventData::ApproveCompensation { .. }
                | EventData::ReturnHq
                | EventData::DraftReply { .. }
                | EventData::ApproveReply => {}
                EventData::Attach { .. }
                | EventData::Detach { .. }
                | EventData::PurgeFiles { .. } => {}
                EventData::Conflict { .. } | EventData::ResolveConflict { .. } => {}
            }
        }
        all
    }

    /// A buyer with every kind of log entry, every optional member set.
    fn every_entry_buyer(
        t: chrono::DateTime<chrono::FixedOffset>,
    ) -> crate::domain::aftersales::Buyer {
        use crate::domain::aftersales::{
            Buyer, BuyerEntry, CallbackKind, CallbackResult, ContactKind, DocumentMove, EntryData,
        };
        let data = [
            EntryData::Contact {
                kind: ContactKind::Complaint,
                note: "n".into(),
                complaint: Some("SH01-A-20261122-0001".into()),
                callback: Some("c".into()),
            },
            EntryData::Document {
                direction: DocumentMove::HandedOver,
                item: "合同".into(),
                party: "p".into(),
                signed_by: "s".into(),
            },
            EntryData::Callback(CallbackResult {
                kind: CallbackKind::Signing,
                reached: true,
                score: Some(5),
                praise: "p".into(),
                grievance: "g".into(),
                complaint: Some("SH01-A-20261122-0001".into()),
            }),
            EntryData::Assigned {
                salesperson: "s".into(),
            },
            EntryData::Introduced {
                salesperson: "s".into(),
                note: "n".into(),
            },
        ];
        Buyer {
            id: "SH01-0000000000000001".into(),
            office: "SH01".into(),
            name: "王芳".into(),
            phones: vec!["13800001111".into()],
            project: "江南府".into(),
            building: "1栋".into(),
            unit: "1203".into(),
            signed_on: t.date_naive(),
            handover_on: Some(t.date_naive()),
            salesperson: "张销售".into(),
            entries: data
                .into_iter()
                .enumerate()
                .map(|(i, data)| BuyerEntry {
                    id: format!("e{i}"),
                    at: t,
                    by: "经理".into(),
                    data,
                })
                .collect(),
        }
    }

    fn keys(v: &Value) -> Vec<String> {
        v.as_object().expect("an object").keys().cloned().collect()
    }

    fn covered(keys: &[String], fields: &[Field]) {
        for k in keys {
            assert!(fields.iter().any(|f| f.key == k), "{k} has no shape");
        }
    }

    /// Every key of every object the export writes has a shape here, so a field added to
    /// the format and not here shows up.
    #[test]
    fn the_shapes_cover_every_member_the_export_writes() {
        use crate::domain::case::Complaint;
        use crate::domain::case::Event;
        use crate::domain::vocabulary::Settings;
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").unwrap();
        let events: Vec<Event> = every_event()
            .into_iter()
            .enumerate()
            .map(|(i, data)| Event {
                id: format!("SH01-A-1-{i}"),
                at: t,
                actor: "经理".into(),
                role: Role::Manager,
                note: "备注".into(),
                data,
            })
            .collect();
        let mut event_keys = std::collections::BTreeSet::new();
        for e in &events {
            let v = serde_json::to_value(e).unwrap();
            covered(&keys(&v), EVENT_FIELDS);
            event_keys.extend(keys(&v));
            if let Some(a) = v.get("attachments") {
                covered(&keys(&a[0]), ATTACHMENT_FIELDS);
            }
            if let Some(i) = v.get("intake") {
                covered(&keys(i), INTAKE_FIELDS);
                covered(&keys(&i["facts"]), FACTS_FIELDS);
                assert_eq!(keys(i).len(), INTAKE_FIELDS.len());
            }
        }
        assert_eq!(event_keys.len(), EVENT_FIELDS.len(), "{event_keys:?}");

        // A registered and answered complaint, exported: the file, its settings, the
        // complaint, its derived fields and their deadlines.
        // Every optional member written: a project, the phone, a disabled staff member.
        let mut settings = Settings::new("SH01", "A");
        settings.projects = vec![crate::domain::vocabulary::Project {
            agency_contract_end: chrono::NaiveDate::from_ymd_opt(2027, 6, 30),
            ..crate::domain::vocabulary::Project::from_texts("翠湖天地", "1栋")
        }];
        settings.office_phone = "021-55550000".into();
        settings.staff[0].active = false;
        let c = Complaint {
            number: "SH01-A-20261122-0001".into(),
            office: "SH01".into(),
            events: events[..1].to_vec(),
        };
        let mut file = crate::domain::exchange::export(&settings, &[c], t);
        file.buyers = vec![every_entry_buyer(t)];
        let v = serde_json::to_value(&file).unwrap();
        for b in v["buyers"].as_array().unwrap() {
            covered(&keys(b), BUYER_FIELDS);
            for e in b["entries"].as_array().unwrap() {
                covered(&keys(e), BUYER_ENTRY_FIELDS);
            }
        }
        let own: Vec<String> = keys(&v).into_iter().filter(|k| k != "complaints").collect();
        covered(&own, FILE_FIELDS);
        covered(&keys(&v["settings"]), SETTINGS_FIELDS);
        assert_eq!(keys(&v["settings"]).len(), SETTINGS_FIELDS.len());
        covered(&keys(&v["settings"]["staff"][0]), STAFF_FIELDS);
        let complaint = &v["complaints"][0];
        covered(&keys(complaint), COMPLAINT_FIELDS);
        covered(&keys(&complaint["derived"]), DERIVED_FIELDS);
        assert_eq!(keys(&complaint["derived"]).len(), DERIVED_FIELDS.len());
        covered(
            &keys(&complaint["derived"]["deadlines"][0]),
            STAGE_DEADLINE_FIELDS,
        );
        let header = crate::domain::exchange::to_ndjson(&file);
        let header: Value = serde_json::from_str(header.lines().next().unwrap()).unwrap();
        covered(&keys(&header), NDJSON_HEADER_FIELDS);
    }

    #[test]
    fn messages_lose_their_position_suffix() {
        let e = serde_json::from_str::<u8>("\n  300").unwrap_err();
        assert_eq!(message_of(&e), "invalid value: integer `300`, expected u8");
        assert_eq!(
            describe(&e),
            "第 2 行第 5 列附近有一项的值超出范围（文件中是数字 300）"
        );
    }

    #[test]
    fn columns_count_characters() {
        let text = "{\"a\": \"投诉\" x}";
        let e = serde_json::from_str::<Value>(text).unwrap_err();
        assert_eq!(e.column(), 16, "serde_json counts bytes");
        let (line, column, _) = position(text, &e);
        assert_eq!((line, column), (1, 12));
    }

    #[test]
    fn the_scanner_reads_members_and_items_as_written() {
        let text =
            r#" {"a": "x\"}", "complaints": [ {"number": "N-1"}, [1, {"b": "]"}], 3 ], "z": tru"#;
        let ms = members(text, top(text));
        let keys: Vec<&str> = ms.iter().map(|m| m.key).collect();
        assert_eq!(keys, ["a", "complaints", "z"]);
        let list = &ms[1];
        let items: Vec<&str> = elements(text.as_bytes(), list.start)
            .into_iter()
            .map(|(s, e)| &text[s..e.unwrap()])
            .collect();
        assert_eq!(items, [r#"{"number": "N-1"}"#, r#"[1, {"b": "]"}]"#, "3"]);
        let at = text.find("\"b\"").unwrap();
        assert_eq!(complaint_at(text, at).as_deref(), Some("第 2 条投诉"));
        let at = text.find("N-1").unwrap();
        assert_eq!(
            complaint_at(text, at).as_deref(),
            Some("第 1 条投诉（N-1）")
        );
        assert_eq!(complaint_at(text, 2), None);
    }
}
