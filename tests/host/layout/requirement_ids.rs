//! Requirement ids (R-01..R-33) stay in code, comments, tests and the README: no string
//! literal under `src/` may contain one, since string literals are what reaches the screens,
//! the printed documents and the messages. Comments (`//`, `///`, `//!`, `/* */`) may keep
//! theirs. The browser suite checks the rendered screens too
//! (tests/browser/no_requirement_ids.test.mjs).

use std::path::{Path, PathBuf};

use complaint_desk::domain::analysis::PeriodPreset;
use complaint_desk::domain::case::Status;
use complaint_desk::domain::deadlines::Urgency;
use complaint_desk::domain::intake::Reason;
use complaint_desk::domain::vocabulary::{
    Channel, CustomerType, DeadlineSettings, EscalationLevel, Kind, LimitUnit, Mood, Role,
    Severity, Stage, TransferTarget,
};

/// Whether `text` holds `R-` followed by two ASCII digits.
fn has_requirement_id(text: &str) -> bool {
    text.as_bytes()
        .windows(4)
        .any(|w| w[0] == b'R' && w[1] == b'-' && w[2].is_ascii_digit() && w[3].is_ascii_digit())
}

/// The string literals of a Rust source (`"…"`, `r"…"`, `r#"…"#`, `b"…"`, `c"…"`), each with
/// the line it starts on; comments, char literals and lifetimes are skipped.
fn string_literals(src: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    // Advances past `chars[i]`, counting lines.
    let step = |i: &mut usize, line: &mut usize| {
        if chars[*i] == '\n' {
            *line += 1;
        }
        *i += 1;
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            // Block comments nest in Rust.
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    step(&mut i, &mut line);
                }
            }
        } else if c == 'r'
            && matches!(next, Some('"' | '#'))
            && !(i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_'))
        {
            // A raw string: r"…" or r#"…"#, any number of hashes (also br"…", cr"…").
            let mut j = i + 1;
            while chars.get(j) == Some(&'#') {
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                i += 1; // `r#ident`, a raw identifier
                continue;
            }
            let hashes = j - i - 1;
            let start_line = line;
            i = j + 1;
            let mut text = String::new();
            while i < chars.len() {
                if chars[i] == '"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#')) {
                    i += 1 + hashes;
                    break;
                }
                text.push(chars[i]);
                step(&mut i, &mut line);
            }
            out.push((start_line, text));
        } else if c == '"' {
            let start_line = line;
            i += 1;
            let mut text = String::new();
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    text.push(chars[i]);
                    i += 1;
                }
                text.push(chars[i]);
                step(&mut i, &mut line);
            }
            i += 1;
            out.push((start_line, text));
        } else if c == '\'' {
            // A char literal ('x', '"', '\n', '\'', '\u{..}') or a lifetime / label ('a).
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else {
            step(&mut i, &mut line);
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src/") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_string_literal_under_src_holds_a_requirement_id() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    assert!(
        files.len() > 20,
        "expected the sources under src/, found {files:?}"
    );
    let mut found = Vec::new();
    for file in &files {
        let src = std::fs::read_to_string(file).expect("read source");
        for (line, text) in string_literals(&src) {
            if has_requirement_id(&text) {
                let rel = file.strip_prefix(root).unwrap_or(file);
                found.push(format!("{}:{line}: \"{text}\"", rel.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "requirement ids in string literals (the office must not see them; keep them in comments):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_domain_labels_hold_no_requirement_id() {
    let mut labels: Vec<String> = Vec::new();
    labels.extend(Channel::ALL.iter().map(|v| v.label().to_string()));
    labels.extend(CustomerType::ALL.iter().map(|v| v.label().to_string()));
    labels.extend(Kind::ALL.iter().map(|v| v.label().to_string()));
    labels.extend(Severity::ALL.iter().map(|v| v.label().to_string()));
    labels.extend(Mood::ALL.iter().map(|v| v.label().to_string()));
    labels.extend(Role::ALL.iter().map(|v| v.label().to_string()));
    labels.extend(TransferTarget::ALL.iter().map(|v| v.label().to_string()));
    labels.extend(Status::ALL.iter().map(|v| v.label().to_string()));
    labels.extend(Reason::ALL.iter().map(|v| v.label().to_string()));
    labels.extend(LimitUnit::ALL.iter().map(|v| v.label().to_string()));
    labels.extend(Stage::ALL.iter().map(|v| v.label().to_string()));
    labels.extend(Urgency::ALL.iter().map(|v| v.label().to_string()));
    labels.extend(EscalationLevel::ALL.iter().map(|v| v.label().to_string()));
    labels.extend(PeriodPreset::ALL.iter().map(|v| v.label().to_string()));
    labels.extend(
        DeadlineSettings::default()
            .limits()
            .iter()
            .map(|(name, _)| name.to_string()),
    );
    assert!(labels.len() > 50, "expected the labels, got {labels:?}");
    let bad: Vec<&String> = labels.iter().filter(|l| has_requirement_id(l)).collect();
    assert!(bad.is_empty(), "labels with requirement ids: {bad:?}");
}

/// The lexer finds ids in every kind of literal and none in comments, so the check above
/// cannot pass by not looking.
#[test]
fn the_lexer_tells_literals_from_comments() {
    let src = r###"
//! Module docs (R-01) stay.
/// Item docs (R-02) stay.
// A note (R-03) stays.
/* A block (R-04) /* nested (R-05) */ still a comment (R-06) */
fn f<'a>(x: &'a str) -> char {
    let quote = '"';
    let escaped = '\'';
    let _ = "plain （R-07）";
    let _ = "escaped \" quote R-08 ";
    let _ = r"raw R-09";
    let _ = r#"raw with "quotes" R-10"#;
    let _ = b"bytes R-11";
    let _ = "multi
line R-12";
    let _ = "clean";
    view! { <legend>"重大投诉判定（R-13）"</legend> <p title="R-14">"ok"</p> }
    quote
}
"###;
    let found: Vec<(usize, String)> = string_literals(src)
        .into_iter()
        .filter(|(_, t)| has_requirement_id(t))
        .collect();
    let ids: Vec<String> = found
        .iter()
        .map(|(_, t)| {
            let at = t.find("R-").unwrap();
            t[at..at + 4].to_string()
        })
        .collect();
    assert_eq!(
        ids,
        ["R-07", "R-08", "R-09", "R-10", "R-11", "R-12", "R-13", "R-14"]
    );
    assert_eq!(found[0].0, 9, "line numbers count from 1: {found:?}");
    assert_eq!(
        found[5].0, 14,
        "a literal's line is where it starts: {found:?}"
    );
    assert!(string_literals(src).iter().any(|(_, t)| t == "clean"));
    assert!(!has_requirement_id("R-1 or R- or R-x1"));
}
