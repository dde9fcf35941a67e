//! Issue 9, every refusal in plain Chinese, and no forged office: for each kind of damaged
//! file, the message the user sees says in Chinese what is wrong and where (the complaint by
//! position and number, the event, the field by its screen label, the line and column) and
//! holds none of serde's English; every error the domain shows a user is rendered and checked
//! the same way. A complaint number whose office prefix differs from its `office`, and event
//! ids that its office's devices cannot have written, are refused.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use serde_json::{json, Value};

use complaint_desk::domain::case::{
    event_id_codes, Action, Complaint, Event, EventData, Status, WorkflowError,
};
use complaint_desk::domain::exchange::{
    self, checksum, complaints_array, describe, mask_export, merge_stored, parse_any, parse_import,
    parse_ndjson, to_ndjson, ChecksumMismatch, DataFault, EventIdProblem, ExportFile, Fault,
    ImportError, MergeError, NdjsonError, Place, Step, Syntax,
};
use complaint_desk::domain::intake::IntakeForm;
use complaint_desk::domain::synthetic::generate;
use complaint_desk::domain::vocabulary::{
    CalendarError, Channel, CustomerType, DeadlineError, EscalationLevel, Intake, Kind, Mood,
    RepeatRulesError, Role, SettingsError, Severity, SeverityRulesError, Stage, TransferTarget,
};

use crate::helpers::{cst, staffed};

// ---------------------------------------------------------------------------------------
// The English check.
// ---------------------------------------------------------------------------------------

/// ASCII words a Chinese message may hold: names of formats and JSON's own literals.
const ALWAYS: &[&str] = &["NDJSON", "JSON", "UTC", "Unicode", "true", "false", "null"];

/// serde's and chrono's vocabulary: none of it may reach the user, whatever else is allowed.
const SERDE_WORDS: &[&str] = &[
    "expected",
    "missing",
    "field",
    "invalid",
    "unknown",
    "variant",
    "EOF",
    "while parsing",
    "line ",
    "column",
    "premature",
    "input",
    "characters",
    "trailing",
    "type:",
    "string",
    "integer",
    "sequence",
    "struct",
    "error",
    "found",
    "escape",
    "for action",
];

/// Fails unless `message` is Chinese: it holds Chinese characters, none of serde's words,
/// and no run of two or more ASCII letters except in `allowed` (codes, numbers and values
/// quoted from the file) or [`ALWAYS`].
#[track_caller]
fn assert_chinese(message: &str, allowed: &[&str]) {
    assert!(
        message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "no Chinese in {message:?}"
    );
    for w in SERDE_WORDS {
        assert!(
            !message.to_lowercase().contains(&w.to_lowercase()),
            "serde's {w:?} in {message:?}"
        );
    }
    let mut words: Vec<&str> = allowed.iter().chain(ALWAYS).copied().collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let mut rest = message.to_string();
    for w in words {
        rest = rest.replace(w, " ");
    }
    let english: Vec<&str> = rest
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .collect();
    assert!(english.is_empty(), "English {english:?} in {message:?}");
}

#[test]
fn the_english_check_catches_serde_and_lets_codes_through() {
    let caught = |m: &str, allowed: &[&str]| {
        std::panic::catch_unwind(|| assert_chinese(m, allowed)).is_err()
    };
    assert!(caught(
        "第 27 行不是有效的 JSON（第 1503 列）：EOF while parsing a value at line 1 column 1503",
        &[]
    ));
    assert!(caught("文件内容格式错误：missing field `office`", &[]));
    assert!(caught("时间格式错误：premature end of input", &[]));
    assert!(caught("unknown variant `fax`", &["fax"]));
    assert!(caught("Import failed", &[]));
    assert!(caught("第 3 条投诉 SH01", &[]));
    assert!(!caught(
        "第 3 条投诉（SH01-A-20261122-0001）值 fax 不认识",
        &["SH01-A-20261122-0001", "fax"]
    ));
    assert!(!caught(
        "文件不是有效的 JSON：第 3 行第 5 列有多余的逗号",
        &[]
    ));
}

// ---------------------------------------------------------------------------------------
// Fixtures.
// ---------------------------------------------------------------------------------------

/// The 12th complaint of [`file`]: registered on device A and walked to the callback.
const NUMBER: &str = "SH01-A-20261122-0012";

fn at(h: u32, min: u32) -> DateTime<FixedOffset> {
    cst(2026, 11, 22, h, min)
}

fn intake() -> Intake {
    Intake {
        customer_name: "王芳".into(),
        phone: "13812345678".into(),
        customer_type: CustomerType::Owner,
        project: "滨江华府".into(),
        building: "3栋".into(),
        unit: "1202".into(),
        event_time: String::new(),
        event_place: String::new(),
        content: "卫生间渗水".into(),
        desired_remedy: "尽快维修".into(),
        mood: Mood::Upset,
        channel: Channel::OnSite,
        kind: Kind::Complaint,
        category: "工程质量".into(),
        severity: Severity::General,
        facts: Default::default(),
        severity_reason: String::new(),
        received_by: String::new(),
        buyer: String::new(),
    }
}

fn ev(id: &str, h: u32, min: u32, actor: &str, role: Role, data: EventData) -> Event {
    Event {
        id: id.into(),
        at: at(h, min),
        actor: actor.into(),
        role,
        note: String::new(),
        data,
    }
}

/// Events: 1 登记, 2 分派, 3 确认接收, 4 记录调查, 5 提交方案, 6 批准方案, 7 执行完成,
/// 8 答复客户, 9 满意度回访.
fn walked() -> Complaint {
    let mut c = Complaint::register(
        NUMBER.into(),
        "SH01".into(),
        intake(),
        "SH01-A-1-1".into(),
        at(10, 0),
        "前台小周",
        Role::Desk,
    );
    let steps = [
        (
            "前台小周",
            Role::Desk,
            EventData::Dispatch {
                handler: "李处理".into(),
            },
        ),
        ("李处理", Role::Handler, EventData::Acknowledge),
        (
            "李处理",
            Role::Handler,
            EventData::Investigate {
                findings: "防水层破损".into(),
                responsibility: "施工单位".into(),
            },
        ),
        (
            "李处理",
            Role::Handler,
            EventData::Propose {
                plan: "上门维修".into(),
                expected_done: String::new(),
            },
        ),
        ("经理老王", Role::Manager, EventData::Approve),
        (
            "李处理",
            Role::Handler,
            EventData::CarryOut {
                result: "已修复".into(),
            },
        ),
        (
            "李处理",
            Role::Handler,
            EventData::Answer {
                reply: "已修复".into(),
            },
        ),
        (
            "前台小周",
            Role::Desk,
            EventData::Callback {
                score: 4,
                accepted: true,
            },
        ),
    ];
    for (k, (actor, role, data)) in steps.into_iter().enumerate() {
        let n = k + 2;
        c.append(ev(
            &format!("SH01-A-{n:x}-{n}"),
            10 + k as u32,
            30,
            actor,
            role,
            data,
        ))
        .unwrap();
    }
    c
}

/// 30 complaints of SH01; the 12th is [`walked`].
fn export_file() -> ExportFile {
    let settings = staffed("SH01", "A");
    let mut complaints = generate(&settings, 29, 1, 60, cst(2026, 11, 23, 9, 0), 3);
    complaints.insert(11, walked());
    exchange::export(&settings, &complaints, cst(2026, 11, 23, 9, 0))
}

/// The file as JSON to edit, without its checksum.
fn value() -> Value {
    let mut v = serde_json::to_value(export_file()).unwrap();
    v.as_object_mut().unwrap().remove("checksum");
    v
}

/// The number of the `k`-th complaint (1-based) of [`value`].
fn number(v: &Value, k: usize) -> String {
    v["complaints"][k - 1]["number"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The message a user sees when `text` is imported (it must be refused).
#[track_caller]
fn refusal(text: &str) -> String {
    match parse_any(text) {
        Ok(_) => panic!("the file was accepted"),
        Err(e) => e.to_string(),
    }
}

/// The same message, with its error, for an edited file.
#[track_caller]
fn refused(v: &Value) -> (ImportError, String) {
    let err = parse_import(&v.to_string()).expect_err("the file was accepted");
    let message = err.to_string();
    (err, message)
}

fn codes_of<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|&c| code(c)).collect()
}

// ---------------------------------------------------------------------------------------
// Damaged JSON files.
// ---------------------------------------------------------------------------------------

#[test]
fn an_unknown_channel_names_the_complaint_and_the_field() {
    let mut v = value();
    v["complaints"][11]["events"][0]["intake"]["channel"] = "fax".into();
    let (err, message) = refused(&v);
    assert!(matches!(err, ImportError::Shape(_)), "{err:?}");
    assert_eq!(
        message,
        format!(
            "文件内容格式错误：第 12 条投诉（{NUMBER}）登记表中的「来源渠道」值 fax 不认识（可用的值：\
             phone（电话）、email（邮件）、letter（来函）、onsite（案场）、website（官网）、\
             wechat（微信公众号）、group_hq（集团客服转来）、staff_hotline（名片投诉热线）、other（其他））"
        )
    );
    let mut allowed = codes_of(Channel::ALL, Channel::code);
    allowed.extend([NUMBER, "fax"]);
    assert_chinese(&message, &allowed);
}

#[test]
fn a_missing_field_says_which_complaint_lacks_it() {
    let mut v = value();
    let n3 = number(&v, 3);
    v["complaints"][2].as_object_mut().unwrap().remove("office");
    let (_, message) = refused(&v);
    assert_eq!(
        message,
        format!("文件内容格式错误：第 3 条投诉（{n3}）缺少「登记办公室」")
    );
    assert_chinese(&message, &[&n3]);

    let mut v = value();
    v["complaints"][11]
        .as_object_mut()
        .unwrap()
        .remove("derived");
    assert_eq!(
        refused(&v).1,
        format!("文件内容格式错误：第 12 条投诉（{NUMBER}）缺少「汇总信息」")
    );

    let mut v = value();
    v["complaints"][11]["events"][0]["intake"]
        .as_object_mut()
        .unwrap()
        .remove("phone");
    assert_eq!(
        refused(&v).1,
        format!("文件内容格式错误：第 12 条投诉（{NUMBER}）登记表中缺少「联系电话」")
    );

    // Without its number, the complaint is named by its position alone.
    let mut v = value();
    v["complaints"][4].as_object_mut().unwrap().remove("number");
    assert_eq!(refused(&v).1, "文件内容格式错误：第 5 条投诉缺少「编号」");
}

#[test]
fn a_field_an_action_needs_is_named_with_the_action() {
    let mut v = value();
    v["complaints"][11]["events"][1]
        .as_object_mut()
        .unwrap()
        .remove("handler");
    let (_, message) = refused(&v);
    assert_eq!(
        message,
        format!(
            "文件内容格式错误：第 12 条投诉（{NUMBER}）第 2 条处理记录（分派）缺少「处理人」\
             （「分派」记录必须有此项）"
        )
    );
    assert_chinese(&message, &[NUMBER]);
}

#[test]
fn an_unknown_action_lists_the_actions() {
    let mut v = value();
    v["complaints"][11]["events"][2]["action"] = "teleport".into();
    let (_, message) = refused(&v);
    assert!(
        message.starts_with(&format!(
            "文件内容格式错误：第 12 条投诉（{NUMBER}）第 3 条处理记录的「处理动作」值 teleport 不认识\
             （可用的值：register（登记）、dispatch（分派）、"
        )),
        "{message}"
    );
    assert!(
        message.ends_with(
            "、escalate（自动升级）、attach（添加附件）、detach（移除附件）、purge_files（清除已移除附件的文件）、\
             conflict（记录冲突）、resolve_conflict（处理冲突））"
        ),
        "{message}"
    );
    let mut allowed = codes_of(Action::ALL, Action::code);
    allowed.extend([
        "register",
        "escalate",
        "attach",
        "detach",
        "purge_files",
        "conflict",
        "resolve_conflict",
        "teleport",
        NUMBER,
    ]);
    assert_chinese(&message, &allowed);
}

#[test]
fn bad_times_say_what_is_wrong_with_them_in_chinese() {
    // chrono's "premature end of input" and "input contains invalid characters".
    for (bad, why) in [
        ("2026-11-2", "不完整"),
        ("2026-11-22T10:3O:00+08:00", "含有无效的字符"),
        ("2026-13-22T10:30:00+08:00", "数值超出范围"),
        ("2026-11-22T10:30:00+08:00x", "末尾有多余的字符"),
    ] {
        let mut v = value();
        v["complaints"][11]["events"][1]["at"] = bad.into();
        let (_, message) = refused(&v);
        assert_eq!(
            message,
            format!(
                "文件内容格式错误：第 12 条投诉（{NUMBER}）第 2 条处理记录（分派）的「时间」值 {bad} \
                 不是有效的时间（{why}），应写成 2026-11-22T10:00:00+08:00 这样带时区的时间"
            )
        );
        assert_chinese(&message, &[NUMBER, bad]);
    }
    // In the file's own members.
    let mut v = value();
    v["exported_at"] = "昨天".into();
    let (_, message) = refused(&v);
    assert_eq!(
        message,
        "文件内容格式错误：文件的「导出时间」值 昨天 不是有效的时间（含有无效的字符），\
         应写成 2026-11-22T10:00:00+08:00 这样带时区的时间"
    );
    // A number where a time should be.
    let mut v = value();
    v["complaints"][0]["events"][0]["at"] = 42.into();
    let n1 = number(&v, 1);
    assert_eq!(
        refused(&v).1,
        format!(
            "文件内容格式错误：第 1 条投诉（{n1}）第 1 条处理记录（登记）的「时间」应为带时区的时间\
             （如 2026-11-22T10:00:00+08:00），文件中是数字 42"
        )
    );
}

#[test]
fn values_of_the_wrong_type_or_range_say_what_they_should_be() {
    let mut v = value();
    v["complaints"][11]["events"][8]["score"] = "五".into();
    let (_, message) = refused(&v);
    assert_eq!(
        message,
        format!(
            "文件内容格式错误：第 12 条投诉（{NUMBER}）第 9 条处理记录（满意度回访）的「满意度评分」\
             应为 1 到 5 的整数，文件中是文字 \"五\""
        )
    );
    assert_chinese(&message, &[NUMBER]);

    let mut v = value();
    v["complaints"][11]["events"][8]["score"] = 300.into();
    assert_eq!(
        refused(&v).1,
        format!(
            "文件内容格式错误：第 12 条投诉（{NUMBER}）第 9 条处理记录（满意度回访）的「满意度评分」\
             值 300 超出范围（应为 1 到 5 的整数）"
        )
    );

    let mut v = value();
    v["complaints"][11]["events"][8]["accepted"] = "yes".into();
    let (_, message) = refused(&v);
    assert!(
        message.ends_with("的「客户是否认可」应为 true 或 false，文件中是文字 \"yes\""),
        "{message}"
    );
    assert_chinese(&message, &[NUMBER, "yes"]);

    let mut v = value();
    v["complaints"][11]["office"] = Value::Null;
    assert_eq!(
        refused(&v).1,
        format!(
            "文件内容格式错误：第 12 条投诉（{NUMBER}）的「登记办公室」应为文字，文件中是空值 null"
        )
    );

    let mut v = value();
    v["complaints"][11]["events"] = json!({"a": 1});
    assert_eq!(
        refused(&v).1,
        format!("文件内容格式错误：第 12 条投诉（{NUMBER}）的「处理记录」应为列表，文件中是对象")
    );

    let mut v = value();
    v["complaints"][11]["derived"]["status"] = "lost".into();
    let (_, message) = refused(&v);
    assert!(
        message.starts_with(&format!(
            "文件内容格式错误：第 12 条投诉（{NUMBER}）汇总信息中的「状态」值 lost 不认识（可用的值：registered（已登记）、"
        )),
        "{message}"
    );
    let mut allowed = codes_of(Status::ALL, Status::code);
    allowed.extend([NUMBER, "lost"]);
    assert_chinese(&message, &allowed);

    let mut v = value();
    v["complaints"][11]["derived"]["deadlines"][0]["stage"] = "lunch".into();
    let (_, message) = refused(&v);
    assert!(
        message.contains("汇总信息中的「各环节期限」第 1 项的「环节」值 lunch 不认识"),
        "{message}"
    );

    let mut v = value();
    v["complaints"][11]["events"][0]["intake"]["facts"] = json!({"complainants": -2});
    assert_eq!(
        refused(&v).1,
        format!(
            "文件内容格式错误：第 12 条投诉（{NUMBER}）登记表中的「严重程度相关情况」中的「共同投诉人数」\
             值 -2 超出范围（应为不小于 0 的整数）"
        )
    );
}

#[test]
fn the_settings_and_the_files_own_members_are_named() {
    let mut v = value();
    v["settings"]["staff"][1]["role"] = "boss".into();
    let (err, message) = refused(&v);
    assert!(matches!(err, ImportError::Shape(_)), "{err:?}");
    assert!(
        message.starts_with(
            "文件内容格式错误：文件设置中的「员工」第 2 项的「角色」值 boss 不认识（可用的值：desk（客服专员）"
        ),
        "{message}"
    );
    let mut allowed = codes_of(Role::ALL, Role::code);
    allowed.push("boss");
    assert_chinese(&message, &allowed);

    let mut v = value();
    v["settings"]["categories"][2] = 5.into();
    assert_eq!(
        refused(&v).1,
        "文件内容格式错误：文件设置中的「类别」第 3 项应为文字，文件中是数字 5"
    );

    let mut v = value();
    v["settings"]["calendar"]["work_periods"] = "全天".into();
    let (_, message) = refused(&v);
    assert_eq!(
        message,
        "文件内容格式错误：文件设置中的「工作日历」格式不对：有一项的类型不对（文件中是文字 \"全天\"）"
    );

    let mut v = value();
    v["settings"]["calendar"]["work_weekdays"] = json!(["Mon", "Funday"]);
    let message = refused(&v).1;
    assert_eq!(
        message,
        "文件内容格式错误：文件设置中的「工作日历」格式不对：有不认识的星期几\
         （应为 Mon、Tue、Wed、Thu、Fri、Sat、Sun 之一）"
    );
    assert_chinese(&message, &["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);

    let mut v = value();
    v.as_object_mut().unwrap().remove("device");
    assert_eq!(refused(&v).1, "文件内容格式错误：文件缺少「设备编码」");

    let mut v = value();
    v["complaints"] = json!({"a": 1});
    assert_eq!(
        refused(&v).1,
        "文件内容格式错误：文件的「投诉列表」应为列表，文件中是对象"
    );
    // The same with a checksum (which is checked first).
    v["checksum"] = "0000000000000000".into();
    assert_eq!(
        refused(&v).1,
        "文件内容格式错误：文件的「投诉列表」应为列表，文件中是对象"
    );

    let mut v = value();
    v.as_object_mut().unwrap().remove("complaints");
    assert_eq!(refused(&v).1, "文件内容格式错误：文件缺少「投诉列表」");
}

#[test]
fn a_truncated_file_says_where_it_ends_and_in_which_complaint() {
    let text = serde_json::to_string(&export_file()).unwrap();
    // Cut inside the 12th complaint's content.
    let cut = text.find("卫生间渗水").unwrap() + "卫生间".len();
    let message = refusal(&text[..cut]);
    let column = text[..cut].chars().count();
    assert_eq!(
        message,
        format!(
            "文件在第 1 行第 {column} 列意外结束，位于第 12 条投诉（{NUMBER}）：\
             文件可能不完整（没有下载或复制完）"
        )
    );
    assert_chinese(&message, &[NUMBER]);
    assert!(matches!(
        parse_import(&text[..cut]).unwrap_err(),
        ImportError::Json {
            line: 1,
            problem: Syntax::Eof,
            ..
        }
    ));
    // Between complaints, or before them.
    let before = text.find("\"complaints\"").unwrap();
    let message = refusal(&text[..before]);
    assert!(message.starts_with("文件在第 1 行第 "), "{message}");
    assert!(!message.contains("位于"), "{message}");
    assert_eq!(refusal(""), "文件是空的，没有任何内容");
    assert_eq!(refusal(" \n "), "文件是空的，没有任何内容");
}

#[test]
fn a_syntax_error_names_the_line_the_column_and_the_complaint() {
    // Pretty-printed, as a person editing the file would see it.
    let pretty = serde_json::to_string_pretty(&export_file()).unwrap();
    let mark = "\"customer_name\": \"王芳\",";
    let at = pretty.find(mark).unwrap();
    let broken = pretty.replacen(mark, "\"customer_name\": \"王芳\"", 1);
    let line = pretty[..at].matches('\n').count() + 1;
    let next_line = line + 1;
    let message = refusal(&broken);
    // serde_json stops at the next key, on the following line.
    let column = broken
        .lines()
        .nth(next_line - 1)
        .unwrap()
        .find('"')
        .unwrap()
        + 1;
    assert_eq!(
        message,
        format!(
            "文件不是有效的 JSON：第 {next_line} 行第 {column} 列缺少逗号 , 或右花括号 }}，\
             位于第 12 条投诉（{NUMBER}）"
        )
    );
    assert_chinese(&message, &[NUMBER]);

    // Columns are counted in characters: the Chinese before the error counts one each.
    let compact = serde_json::to_string(&export_file()).unwrap();
    let bad = compact.replacen(
        "\"content\":\"卫生间渗水\"",
        "\"content\":,\"卫生间渗水\"",
        1,
    );
    let message = refusal(&bad);
    let column = bad[..bad.find(":,").unwrap()].chars().count() + 2;
    assert!(
        message.starts_with(&format!(
            "文件不是有效的 JSON：第 1 行第 {column} 列应有一个值"
        )) && message.ends_with(&format!("位于第 12 条投诉（{NUMBER}）")),
        "{message}"
    );

    for (text, problem) in [
        (
            r#"{"format": "complaint-desk-export", "version": 1,}"#,
            "有多余的逗号",
        ),
        (
            r#"{"format": "complaint-desk-export" "version": 1}"#,
            "缺少逗号 , 或右花括号 }",
        ),
        (
            r#"{"format": "complaint-desk-export", "version" 1}"#,
            "缺少冒号 :",
        ),
        (
            r#"{"format": "complaint-desk-export", "version": tru}"#,
            "有拼写错误的 true、false 或 null",
        ),
        (
            r#"{"format": "complaint\q-desk-export"}"#,
            "有无效的转义符（反斜杠 \\ 后面的字符不对）",
        ),
        (
            r#"{"format": "complaint-desk-export"} x"#,
            "之后还有多余的内容（JSON 在此前已经结束）",
        ),
        (
            r#"{"format": "complaint-desk-export", "version": 01}"#,
            "有写法无效的数字",
        ),
        (
            "{\"format\": \"complaint-desk-\nexport\"}",
            "的文字中有未转义的控制字符（例如文字中直接换行）",
        ),
        (r#"{"format": "\uDC00"}"#, "有无效或不完整的 \\u 字符转义"),
        (r#"{format: 1}"#, "对象的键必须是带双引号的文字"),
    ] {
        let message = refusal(text);
        assert!(
            message.starts_with("文件不是有效的 JSON：第 ") && message.contains(problem),
            "{text}: {message}"
        );
        assert_chinese(&message, &[]);
    }
}

#[test]
fn a_newer_version_says_which_versions_this_app_reads() {
    let mut v = value();
    v["version"] = 999.into();
    let (err, message) = refused(&v);
    assert!(matches!(err, ImportError::Version(999)));
    assert_eq!(
        message,
        "文件版本 999 不受支持：本程序只能读取版本 1 到 2 的文件。\
         这个文件由更新版本的投诉台导出，请先把本程序升级到新版再导入"
    );
    assert_chinese(&message, &[]);
    v["version"] = "一".into();
    assert_eq!(
        refused(&v).1,
        "文件缺少有效的版本号（本程序能读取版本 1 到 2 的文件）"
    );
    // The NDJSON file says the same.
    let ndjson = to_ndjson(&export_file());
    assert_eq!(
        refusal(&ndjson.replacen("\"version\":2", "\"version\":\"一\"", 1)),
        "第 1 行（文件头）缺少有效的版本号（本程序能读取版本 1 到 2 的文件）"
    );
    let text = ndjson.replacen("\"version\":2", "\"version\":999", 1);
    assert_eq!(
        refusal(&text),
        "文件版本 999 不受支持：本程序只能读取版本 1 到 2 的文件。\
         这个文件由更新版本的投诉台导出，请先把本程序升级到新版再导入"
    );
}

#[test]
fn a_file_that_is_not_ours_says_so() {
    let message = refusal(r#"{"hello": "world"}"#);
    assert_eq!(message, "这不是投诉台的导出文件（缺少格式标记 format）");
    assert_chinese(&message, &["format"]);
}

// ---------------------------------------------------------------------------------------
// Forged offices and event ids.
// ---------------------------------------------------------------------------------------

/// `v` with its checksum computed again, as someone who edits a file carefully would.
fn with_checksum(mut v: Value) -> String {
    v.as_object_mut().unwrap().remove("checksum");
    let text = v.to_string();
    let sum = checksum(complaints_array(&text).unwrap());
    v["checksum"] = sum.into();
    v.to_string()
}

#[test]
fn a_number_that_lies_about_its_office_is_refused_even_with_a_good_checksum() {
    let mut v = value();
    v["complaints"][11]["number"] = "GZ01-T9-20261119-0936".into();
    v["complaints"][11]["office"] = "BJ01".into();
    let text = with_checksum(v);
    let err = parse_import(&text).unwrap_err();
    assert!(
        matches!(&err, ImportError::WrongOffice { index: 12, prefix, office, .. } if prefix == "GZ01" && office == "BJ01"),
        "{err:?}"
    );
    let message = err.to_string();
    assert_eq!(
        message,
        "第 12 条投诉的编号 GZ01-T9-20261119-0936 属于办公室 GZ01，但「登记办公室」写的是 BJ01：\
         两者必须一致，文件可能被改动过"
    );
    assert_chinese(&message, &["GZ01-T9-20261119-0936", "GZ01", "BJ01"]);

    // The reverse: the office edited, the number left.
    let mut v = value();
    v["complaints"][11]["office"] = "GZ01".into();
    assert!(matches!(
        parse_import(&with_checksum(v)).unwrap_err(),
        ImportError::WrongOffice { index: 12, .. }
    ));

    // Both edited alike, the registration's id left: its office is not the number's.
    let mut v = value();
    v["complaints"][11]["number"] = "GZ01-A-20261122-0012".into();
    v["complaints"][11]["office"] = "GZ01".into();
    let err = parse_import(&with_checksum(v)).unwrap_err();
    assert!(
        matches!(&err, ImportError::EventId { index: 12, event: 1, problem: EventIdProblem::Registration { expected }, .. } if expected == "GZ01-A"),
        "{err:?}"
    );
    let message = err.to_string();
    assert_eq!(
        message,
        "第 12 条投诉（GZ01-A-20261122-0012）第 1 条处理记录的编号 SH01-A-1-1 与投诉编号不符：\
         登记记录只能由编号中的办公室和设备（GZ01-A）写下"
    );
    assert_chinese(&message, &["GZ01-A-20261122-0012", "SH01-A-1-1", "GZ01-A"]);

    // The same in the NDJSON variant.
    let mut file = export_file();
    file.complaints[11].complaint.office = "BJ01".into();
    assert!(matches!(
        parse_any(&to_ndjson(&file)).unwrap_err(),
        ImportError::WrongOffice { index: 12, .. }
    ));
}

#[test]
fn a_number_not_of_the_apps_shape_is_refused() {
    let mut v = value();
    v["complaints"][11]["number"] = "投诉12".into();
    let (err, message) = refused(&v);
    assert!(
        matches!(err, ImportError::BadNumber { index: 12, .. }),
        "{err:?}"
    );
    assert_eq!(
        message,
        "第 12 条投诉的编号 投诉12 格式不对（应为「办公室-设备-日期-序号」，如 SH01-A-20261122-0001）"
    );
    assert_chinese(&message, &["SH01-A-20261122-0001"]);
}

#[test]
fn event_ids_must_be_plausible() {
    // Not of the shape.
    for bad in [
        "e1",
        "SH01-A-1",
        "sh01-A-1-1",
        "SH01-A-1G-1",
        "SH01-A-1-x",
        "SH01-ABCDE-1-1",
    ] {
        let mut v = value();
        v["complaints"][11]["events"][3]["id"] = bad.into();
        let (err, message) = refused(&v);
        assert!(
            matches!(&err, ImportError::EventId { index: 12, event: 4, problem: EventIdProblem::Shape, id, .. } if id == bad),
            "{bad}: {err:?}"
        );
        assert_eq!(
            message,
            format!(
                "第 12 条投诉（{NUMBER}）第 4 条处理记录的编号 {bad} 格式不对\
                 （应为「办公室-设备-时间-序号」，如 SH01-A-19aac0d1e2f-1）"
            )
        );
        assert_chinese(&message, &[NUMBER, bad, "SH01-A-19aac0d1e2f-1"]);
    }
    // A registration by another device of the office than the number's.
    let mut v = value();
    v["complaints"][11]["events"][0]["id"] = "SH01-B-1-1".into();
    assert!(matches!(
        refused(&v).0,
        ImportError::EventId {
            event: 1,
            problem: EventIdProblem::Registration { .. },
            ..
        }
    ));
    // An escalation by another office's device.
    let mut file = export_file();
    let c = &mut file.complaints[11].complaint;
    let escalation = |id: &str| Event {
        id: id.into(),
        at: at(20, 0),
        actor: "系统".into(),
        role: Role::System,
        note: String::new(),
        data: EventData::Escalate {
            stage: Stage::Callback,
            level: EscalationLevel::ProjectManager,
            deadline: Some(at(19, 0)),
        },
    };
    c.events.push(escalation("HQ-A-1-1"));
    let err = exchange::check_file(file.clone()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "第 12 条投诉（{NUMBER}）第 10 条处理记录的编号 HQ-A-1-1 与投诉不符：\
             自动升级只由投诉所属办公室（SH01）的设备记录"
        )
    );
    // By the office's own device B, it is fine.
    let c = &mut file.complaints[11].complaint;
    c.events.pop();
    c.events.push(escalation("SH01-B-1-1"));
    exchange::check_file(file.clone()).unwrap();
    // A person's action recorded at head office on its copy is fine too.
    let c = &mut file.complaints[11].complaint;
    c.events.push(ev(
        "HQ-A-18f-3",
        21,
        0,
        "集团客服",
        Role::Desk,
        EventData::FollowUp,
    ));
    c.events.last_mut().unwrap().note = "集团已致电客户".into();
    exchange::check_file(file).unwrap();
}

#[test]
fn every_generated_and_exported_file_has_plausible_ids() {
    // The app's own ids, and the generator's.
    let file = export_file();
    for c in &file.complaints {
        for e in &c.complaint.events {
            assert!(event_id_codes(&e.id).is_some(), "{}", e.id);
        }
    }
    assert_eq!(
        event_id_codes(&complaint_desk::domain::case::event_id(
            "SH01",
            "A",
            1_795_000_000_000,
            7
        )),
        Some(("SH01", "A"))
    );
    // Before 1970 (negative milliseconds) the hex has 16 digits.
    assert_eq!(
        event_id_codes(&complaint_desk::domain::case::event_id(
            "SH01",
            "A",
            -1,
            4_000_000_000
        )),
        Some(("SH01", "A"))
    );
    assert_eq!(
        parse_import(&serde_json::to_string(&file).unwrap())
            .unwrap()
            .complaints
            .len(),
        30
    );
}

// ---------------------------------------------------------------------------------------
// A masked copy where the original is stored.
// ---------------------------------------------------------------------------------------

#[test]
fn a_masked_copy_cannot_overwrite_the_original_and_says_why() {
    let file = export_file();
    let masked_text = serde_json::to_string(&mask_export(&file)).unwrap();
    let imported = parse_import(&masked_text).unwrap();
    assert!(imported.masked);
    assert!(
        !parse_import(&serde_json::to_string(&file).unwrap())
            .unwrap()
            .masked
    );
    let theirs = &imported.complaints[11].0;
    let err = merge_stored(&walked(), theirs, imported.masked).unwrap_err();
    assert!(
        matches!(&err, ImportError::MaskedConflict { number } if number == NUMBER),
        "{err:?}"
    );
    let message = err.to_string();
    assert_eq!(
        message,
        format!(
            "这是一份脱敏副本（客户姓名和电话已隐去），而本机存有投诉 {NUMBER} 的原始记录：\
             脱敏副本不能覆盖原始投诉。请导入未脱敏的导出文件"
        )
    );
    assert_chinese(&message, &[NUMBER]);
    // The masked copy over itself, or extending it, merges as usual.
    assert!(merge_stored(theirs, theirs, true).is_ok());
    // An ordinary file whose event differs is the ordinary conflict.
    let mut other = walked();
    other.events[1].note = "改过".into();
    assert!(matches!(
        merge_stored(&walked(), &other, false).unwrap_err(),
        ImportError::Merge(MergeError::Conflict { .. })
    ));
    // The NDJSON variant says it is masked too.
    let ndjson = to_ndjson(&mask_export(&file));
    assert!(parse_any(&ndjson).unwrap().masked);
}

// ---------------------------------------------------------------------------------------
// NDJSON.
// ---------------------------------------------------------------------------------------

fn ndjson_lines() -> Vec<String> {
    to_ndjson(&export_file())
        .split_terminator('\n')
        .map(str::to_string)
        .collect()
}

#[test]
fn a_cut_ndjson_line_says_where_it_ends_in_one_statement() {
    let lines = ndjson_lines();
    // Line 13 is the 12th complaint; cut it short.
    let cut: String = lines[12].chars().take(1503).collect();
    let text = format!("{}\n{}\n", lines[..12].join("\n"), cut);
    let message = refusal(&text);
    assert_eq!(message, "第 13 行在第 1503 列意外结束（文件可能不完整）");
    assert_chinese(&message, &[]);
    assert!(matches!(
        parse_ndjson(&text).unwrap_err(),
        NdjsonError::Json {
            line: 13,
            column: 1503,
            problem: Syntax::Eof
        }
    ));
    // Not cut, but broken.
    let broken = lines[12].replacen("\"王芳\",", "\"王芳\"", 1);
    let text = format!("{}\n{}\n", lines[..12].join("\n"), broken);
    let column = broken[..broken.find("\"王芳\"").unwrap()].chars().count() + 5;
    assert_eq!(
        refusal(&text),
        format!("第 13 行不是有效的 JSON：第 {column} 列缺少逗号 , 或右花括号 }}")
    );
}

#[test]
fn a_bad_ndjson_line_names_the_line_the_complaint_and_the_field() {
    let lines = ndjson_lines();
    let with_line = |k: usize, line: String| {
        let mut all = lines.clone();
        all[k - 1] = line;
        format!("{}\n", all.join("\n"))
    };
    let mut c: Value = serde_json::from_str(&lines[12]).unwrap();
    c["events"][0]["intake"]["channel"] = "fax".into();
    let err = parse_ndjson(&with_line(13, c.to_string())).unwrap_err();
    assert!(
        matches!(err, NdjsonError::Shape { line: 13, .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.starts_with(&format!(
            "文件内容格式错误：第 13 行（第 12 条投诉，{NUMBER}）登记表中的「来源渠道」值 fax 不认识（可用的值：phone（电话）"
        )),
        "{message}"
    );
    let mut allowed = codes_of(Channel::ALL, Channel::code);
    allowed.extend([NUMBER, "fax"]);
    assert_chinese(&message, &allowed);

    let mut c: Value = serde_json::from_str(&lines[12]).unwrap();
    c.as_object_mut().unwrap().remove("office");
    assert_eq!(
        refusal(&with_line(13, c.to_string())),
        format!("文件内容格式错误：第 13 行（第 12 条投诉，{NUMBER}）缺少「登记办公室」")
    );

    let mut h: Value = serde_json::from_str(&lines[0]).unwrap();
    h["exported_at"] = "2026-11-2".into();
    let message = refusal(&with_line(1, h.to_string()));
    assert_eq!(
        message,
        "文件内容格式错误：第 1 行（文件头）的「导出时间」值 2026-11-2 不是有效的时间（不完整），\
         应写成 2026-11-22T10:00:00+08:00 这样带时区的时间"
    );
    assert_chinese(&message, &["2026-11-2"]);

    let mut h: Value = serde_json::from_str(&lines[0]).unwrap();
    h.as_object_mut().unwrap().remove("count");
    assert_eq!(
        refusal(&with_line(1, h.to_string())),
        "文件内容格式错误：第 1 行（文件头）缺少「投诉条数」"
    );
    // A blank line does not shift the numbering of lines or complaints.
    let mut c: Value = serde_json::from_str(&lines[2]).unwrap();
    c.as_object_mut().unwrap().remove("derived");
    let mut all = lines.clone();
    all[2] = c.to_string();
    all.insert(1, String::new());
    let n2 = c["number"].as_str().unwrap().to_string();
    assert_eq!(
        refusal(&format!("{}\n", all.join("\n"))),
        format!("文件内容格式错误：第 4 行（第 2 条投诉，{n2}）缺少「汇总信息」")
    );
}

// ---------------------------------------------------------------------------------------
// Every error the domain shows a user, rendered.
// ---------------------------------------------------------------------------------------

fn place() -> Place {
    Place(vec![
        Step::Complaint {
            index: 12,
            number: Some(NUMBER.into()),
        },
        Step::Event {
            index: 2,
            action: Some("分派"),
        },
        Step::Field("处理人"),
    ])
}

fn every_fault() -> Vec<Fault> {
    vec![
        Fault::Missing("处理人"),
        Fault::MissingFor {
            field: "处理人".into(),
            action: "分派".into(),
        },
        Fault::Unknown {
            value: "fax".into(),
            allowed: "phone（电话）".into(),
        },
        Fault::Unknown {
            value: String::new(),
            allowed: "phone（电话）".into(),
        },
        Fault::WrongType {
            expected: "文字".into(),
            found: "数字 5".into(),
        },
        Fault::OutOfRange {
            value: "300".into(),
            expected: "1 到 5 的整数".into(),
        },
        Fault::BadTime {
            value: "2026-11-2".into(),
            why: "不完整",
        },
        Fault::Malformed("有一项的类型不对".into()),
    ]
}

fn every_syntax() -> Vec<Syntax> {
    vec![
        Syntax::Eof,
        Syntax::Empty,
        Syntax::ExpectedColon,
        Syntax::ExpectedCommaOrBracket,
        Syntax::ExpectedCommaOrBrace,
        Syntax::ExpectedValue,
        Syntax::BadLiteral,
        Syntax::ExpectedQuote,
        Syntax::InvalidEscape,
        Syntax::InvalidNumber,
        Syntax::NumberOutOfRange,
        Syntax::InvalidUnicode,
        Syntax::ControlCharacter,
        Syntax::KeyMustBeString,
        Syntax::TrailingComma,
        Syntax::TrailingCharacters,
        Syntax::TooDeep,
        Syntax::Other,
    ]
}

fn data_fault() -> DataFault {
    DataFault {
        place: place(),
        fault: Fault::Missing("处理人"),
    }
}

fn every_merge_error() -> Vec<MergeError> {
    vec![
        MergeError::DifferentNumbers {
            ours: NUMBER.into(),
            theirs: "GZ02-A-20261122-0001".into(),
        },
        MergeError::DifferentOffices {
            number: NUMBER.into(),
            ours: "SH01".into(),
            theirs: "GZ02".into(),
        },
        MergeError::DuplicateEventId {
            number: NUMBER.into(),
            event_id: "SH01-A-2-2".into(),
        },
        MergeError::Conflict {
            number: NUMBER.into(),
            event_id: "SH01-A-2-2".into(),
        },
        MergeError::BadHistory {
            number: NUMBER.into(),
            reason: "当前状态「已接收」不允许「确认接收」".into(),
        },
    ]
}

fn every_ndjson_error() -> Vec<NdjsonError> {
    let mut all = vec![
        NdjsonError::Empty,
        NdjsonError::NotOurs,
        NdjsonError::Version(0),
        NdjsonError::Version(999),
        NdjsonError::Shape {
            line: 13,
            fault: data_fault(),
        },
        NdjsonError::Count {
            expected: 30,
            actual: 29,
        },
        NdjsonError::Checksum(ChecksumMismatch {
            expected: "0123456789abcdef".into(),
            actual: "fedcba9876543210".into(),
        }),
    ];
    all.extend(every_syntax().into_iter().map(|problem| NdjsonError::Json {
        line: 27,
        column: 1503,
        problem,
    }));
    all
}

fn every_import_error() -> Vec<ImportError> {
    let mut all = vec![
        ImportError::NotOurs,
        ImportError::Version(0),
        ImportError::Version(999),
        ImportError::Shape(data_fault()),
        ImportError::BadNumber {
            index: 12,
            number: "投诉12".into(),
        },
        ImportError::WrongOffice {
            index: 12,
            number: "GZ01-T9-20261119-0936".into(),
            prefix: "GZ01".into(),
            office: "BJ01".into(),
        },
        ImportError::BadHistory {
            index: 12,
            number: NUMBER.into(),
            reason: WorkflowError::BadStart.to_string(),
        },
        ImportError::DuplicateNumber(NUMBER.into()),
        ImportError::Conflict(NUMBER.into()),
        ImportError::Checksum(ChecksumMismatch {
            expected: "0123456789abcdef".into(),
            actual: "fedcba9876543210".into(),
        }),
        ImportError::MaskedConflict {
            number: NUMBER.into(),
        },
        ImportError::Settings(SettingsError::OfficeCode.to_string()),
    ];
    for problem in [
        EventIdProblem::Shape,
        EventIdProblem::Registration {
            expected: "SH01-A".into(),
        },
        EventIdProblem::Escalation {
            office: "SH01".into(),
        },
        EventIdProblem::ConflictMarker {
            office: "SH01".into(),
        },
    ] {
        all.push(ImportError::EventId {
            index: 12,
            number: NUMBER.into(),
            event: 4,
            id: "SH01-B-1-1".into(),
            problem,
        });
    }
    for problem in every_syntax() {
        for complaint in [None, Some(format!("第 12 条投诉（{NUMBER}）"))] {
            all.push(ImportError::Json {
                line: 3,
                column: 15,
                problem,
                complaint,
            });
        }
    }
    all.extend(every_ndjson_error().into_iter().map(ImportError::Ndjson));
    all.extend(every_merge_error().into_iter().map(ImportError::Merge));
    all
}

fn every_workflow_error() -> Vec<WorkflowError> {
    vec![
        WorkflowError::BadStart,
        WorkflowError::NotAllowed {
            status: Status::Acknowledged.label(),
            action: Action::Acknowledge.label(),
        },
        WorkflowError::Forbidden {
            action: Action::Approve.label(),
            roles: "经理、总经理".into(),
        },
        WorkflowError::Missing("处理人"),
        WorkflowError::BadScore,
        WorkflowError::NoSuchSheet("SH01-A-3-3".into()),
        WorkflowError::DuplicateSheet("SH01-A-3-3".into()),
        WorkflowError::DuplicateEventId("SH01-A-3-3".into()),
        WorkflowError::OutOfOrder,
    ]
}

fn every_calendar_error() -> Vec<CalendarError> {
    let d = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    vec![
        CalendarError::NoWorkPeriods,
        CalendarError::BadPeriod {
            start: t(12),
            end: t(9),
        },
        CalendarError::OverlappingPeriods {
            start: t(11),
            end: t(13),
        },
        CalendarError::NoWorkWeekdays,
        CalendarError::BadOffset(900),
        CalendarError::HolidayAndMakeup(d),
        CalendarError::DuplicateDate(d),
        CalendarError::WrongYear {
            date: d,
            year: 2027,
        },
        CalendarError::BadYear(1999),
        CalendarError::MissingName(d),
        CalendarError::Parse("第 3 行第 5 列缺少冒号 :".into()),
    ]
}

#[test]
fn every_error_a_user_can_see_is_chinese() {
    let codes = [
        NUMBER,
        "GZ01-T9-20261119-0936",
        "GZ02-A-20261122-0001",
        "GZ01",
        "BJ01",
        "GZ02",
        "SH01-A-2-2",
        "SH01-A-3-3",
        "SH01-B-1-1",
        "SH01-A-19aac0d1e2f-1",
        "SH01-A-20261122-0001",
        "SH01-A",
        "SH01",
        "0123456789abcdef",
        "fedcba9876543210",
        "format",
        "fax",
        "phone",
        "2026-11-2",
    ];
    let mut messages: Vec<String> = Vec::new();
    messages.extend(every_import_error().iter().map(ToString::to_string));
    messages.extend(every_ndjson_error().iter().map(ToString::to_string));
    messages.extend(every_merge_error().iter().map(ToString::to_string));
    messages.extend(every_workflow_error().iter().map(ToString::to_string));
    messages.extend(every_calendar_error().iter().map(ToString::to_string));
    messages.extend(every_syntax().iter().map(ToString::to_string));
    messages.extend(every_fault().iter().map(|f| place().with(f)));
    messages.extend(every_fault().iter().map(|f| Place::default().with(f)));
    messages.push(DeadlineError::Zero("答复客户").to_string());
    messages.push(SeverityRulesError::TooFewPeople("集体投诉人数").to_string());
    messages.push(SeverityRulesError::EmptyWindow.to_string());
    messages.push(RepeatRulesError::Window.to_string());
    for e in [
        SettingsError::OfficeCode,
        SettingsError::DeviceCode,
        SettingsError::StaffName("经理".into()),
        SettingsError::Category("工程质量".into()),
        SettingsError::Calendar(CalendarError::NoWorkPeriods.to_string()),
        SettingsError::Rules(DeadlineError::Zero("答复客户").to_string()),
    ] {
        messages.push(e.to_string());
    }
    // The registration form's messages, every field wrong at once, then the rest.
    let bad = IntakeForm {
        customer_type: "x".into(),
        mood: "x".into(),
        channel: "fax".into(),
        kind: "x".into(),
        severity: "x".into(),
        complainants: "很多".into(),
        event_time: "昨天".into(),
        ..IntakeForm::default()
    };
    let categories = vec!["工程质量".to_string()];
    let now = cst(2026, 11, 22, 10, 0).naive_local();
    let rules = Default::default();
    let errors = bad.validate(&categories, now, &rules).unwrap_err();
    assert!(errors.len() >= 10, "{errors:?}");
    messages.extend(errors.into_values());
    let worse = IntakeForm {
        name: "名".repeat(41),
        phone: "12345".into(),
        project: "滨江华府".into(),
        content: "字".repeat(5001),
        category: "工程质量".into(),
        customer_type: CustomerType::Owner.code().into(),
        mood: Mood::Calm.code().into(),
        channel: Channel::Phone.code().into(),
        kind: Kind::Complaint.code().into(),
        severity: Severity::Major.code().into(),
        event_time: "2027-01-01T09:00".into(),
        ..IntakeForm::default()
    };
    let errors = worse.validate(&categories, now, &rules).unwrap_err();
    assert!(errors.len() >= 5, "{errors:?}");
    messages.extend(errors.into_values());
    // The generic account other readers use, for each kind of serde_json error.
    for text in ["{\"a\":", "[1,]", "\"x\" y", "300"] {
        let e = serde_json::from_str::<u8>(text).unwrap_err();
        messages.push(describe(&e));
    }
    for text in ["\"2026-11-2\"", "{\"a\":1}", "null"] {
        let e = serde_json::from_str::<DateTime<FixedOffset>>(text).unwrap_err();
        messages.push(describe(&e));
    }
    let e = serde_json::from_str::<Channel>("\"fax\"").unwrap_err();
    messages.push(describe(&e));
    let e = serde_json::from_str::<Event>(r#"{"id":"x","at":"2026-11-22T10:00:00+08:00","actor":"a","role":"desk","action":"dispatch"}"#)
        .unwrap_err();
    assert!(
        describe(&e).contains("缺少「处理人」（「分派」记录必须有此项）"),
        "{}",
        describe(&e)
    );
    messages.push(describe(&e));
    let e = serde_json::from_str::<TransferTarget>("5").unwrap_err();
    messages.push(describe(&e));

    assert!(messages.len() > 120, "{}", messages.len());
    for m in &messages {
        assert_chinese(m, &codes);
    }
}
