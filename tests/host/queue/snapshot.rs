//! The queue's persisted snapshot (issue 15): rows packed as bytes read back equal, a damaged
//! or foreign chunk is refused (never read half), and the one search text that holds every
//! row stays right through many saves that move rows' texts about.

use chrono::{Duration, TimeZone};
use complaint_desk::domain::case::Status;
use complaint_desk::domain::queue::{
    pack, unpack, Filter, PackError, PackedRow, QueueIndex, Summary,
};
use complaint_desk::domain::synthetic;
use complaint_desk::domain::vocabulary::{EscalationLevel, Stage};

use crate::helpers;

/// Summaries of synthetic complaints walked through the workflow (facts, deadlines,
/// escalations, scores filled in as the app fills them), plus edge cases by hand.
fn rows() -> Vec<Summary> {
    let settings = helpers::staffed("SH01", "A");
    let now = helpers::shanghai()
        .with_ymd_and_hms(2026, 11, 30, 10, 0, 0)
        .single()
        .expect("a time");
    let mut out: Vec<Summary> = synthetic::generate(&settings, 300, 1, 120, now, 9)
        .iter()
        .filter_map(|c| Summary::of(c, &settings))
        .collect();
    let mut odd = helpers::summary("SH01-A-20260301-9999");
    odd.name = "换行\n与\u{1}控制符".into();
    odd.content = "😀 emoji 与 ASCII MIXED".into();
    odd.received = -1;
    odd.updated = i64::MAX;
    odd.due = Some(i64::MIN);
    odd.score = Some(255);
    odd.escalation = Some((Stage::Forward, EscalationLevel::ProjectManager));
    odd.conflict = true;
    odd.buyer = "B-1".into();
    odd.hq_unreturned = true;
    out.push(odd);
    out
}

/// A search text for each row, of its own.
fn texts(rows: &[Summary]) -> Vec<String> {
    rows.iter()
        .map(|s| format!("{}\u{1}{}", s.number.to_lowercase(), s.content))
        .collect()
}

/// The rows as the snapshot holds them: each summary with its search text.
fn packed<'a>(rows: &[Summary], texts: &'a [String]) -> Vec<PackedRow<'a>> {
    rows.iter()
        .zip(texts)
        .map(|(s, t)| PackedRow {
            text: t,
            summary: Summary {
                content: String::new(),
                ..s.clone()
            },
        })
        .collect()
}

fn pack_rows(rows: &[PackedRow<'_>]) -> Vec<u8> {
    pack(rows.iter().map(|r| (&r.summary, r.text)))
}

#[test]
fn packed_rows_read_back_equal() {
    let summaries = rows();
    assert!(
        summaries.iter().any(|s| !s.facts.answers.is_empty())
            && summaries.iter().any(|s| !s.facts.stages.is_empty())
            && summaries.iter().any(|s| s.score.is_some()),
        "the synthetic rows carry facts"
    );
    let t = texts(&summaries);
    let rows = packed(&summaries, &t);
    assert_eq!(unpack(&pack_rows(&rows)), Ok(rows.clone()));
    assert_eq!(unpack(&pack_rows(&[])), Ok(vec![]));
    // Chunks of any split read back the same rows in order.
    let chunks: Vec<Vec<u8>> = rows.chunks(64).map(pack_rows).collect();
    let again: Vec<PackedRow> = chunks
        .iter()
        .flat_map(|c| unpack(c).expect("a chunk"))
        .collect();
    assert_eq!(again, rows);
}

#[test]
fn a_damaged_or_foreign_chunk_is_refused() {
    let three = &rows()[..3];
    let t = texts(three);
    let rows = packed(three, &t);
    let bytes = pack_rows(&rows);
    // Every shorter prefix is refused, none panics.
    for cut in 0..bytes.len() {
        assert!(
            unpack(&bytes[..cut]).is_err(),
            "a chunk cut at {cut} was read"
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(matches!(unpack(&longer), Err(PackError::Truncated(_))));
    let mut other = bytes.clone();
    other[4] = other[4].wrapping_add(1);
    assert_eq!(unpack(&other), Err(PackError::Format), "another version");
    let mut magic = bytes.clone();
    magic[0] = b'X';
    assert_eq!(unpack(&magic), Err(PackError::Format));
    // A status code no variant has.
    let row = [helpers::summary("SH01-A-20260301-0001")];
    let one = pack_rows(&packed(&row, &texts(&row)));
    let code = b"registered";
    let at = one
        .windows(code.len())
        .position(|w| w == code)
        .expect("the status code is in the chunk");
    let mut bad = one.clone();
    bad[at] = b'R';
    assert_eq!(
        unpack(&bad),
        Err(PackError::Code("Registered".into())),
        "an unknown code is named"
    );
}

#[test]
fn the_layout_is_pinned_to_its_version() {
    // If this fails, the packed layout changed: bump `PACK_VERSION` (old snapshots are then
    // rebuilt from the summaries, not misread) and update the expected bytes.
    let s = Summary {
        status: Status::Archived,
        score: Some(5),
        received: 1,
        ..helpers::summary("SH-1")
    };
    let hex: String = pack([(&s, "sh-1")].into_iter())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        hex,
        [
            "43445153",             // CDQS
            "02",                   // version
            "01",                   // one row
            "0453482d31",           // number "SH-1"
            "025348",               // office "SH"
            "086172636869766564",   // status "archived"
            "00",                   // category ""
            "0767656e6572616c",     // severity "general"
            "0570686f6e65",         // channel "phone"
            "09636f6d706c61696e74", // kind "complaint"
            "000000000000",         // handler, name, phone, project, unit, content
            "02",                   // received 1, zigzag
            "00",                   // updated 0
            "0105",                 // score Some(5)
            "000000000000",         // building, due, due_stage, sheet_due, escalation (+ deadline)
            "0000000000000000",     // the facts' eight fields, empty
            "000000",               // hq_unreturned, buyer, conflict
            "0473682d31",           // search text "sh-1"
        ]
        .concat()
    );
}

/// The numbers of the rows whose fields hold `word` (lower-cased), sorted.
fn holding(rows: &[Summary], word: &str) -> Vec<String> {
    let w = word.to_ascii_lowercase();
    let mut out: Vec<String> = rows
        .iter()
        .filter(|s| {
            [
                &s.number, &s.name, &s.phone, &s.project, &s.unit, &s.content,
            ]
            .iter()
            .any(|t| t.to_ascii_lowercase().contains(&w))
        })
        .map(|s| s.number.clone())
        .collect();
    out.sort();
    out
}

fn found(index: &QueueIndex, word: &str) -> Vec<String> {
    let f = Filter {
        text: word.into(),
        ..Filter::default()
    };
    let mut out: Vec<String> = index
        .select(&f, None)
        .iter()
        .map(|&i| index.get(i).expect("a row").number.clone())
        .collect();
    out.sort();
    out
}

#[test]
fn the_search_text_follows_rewrites_of_every_length() {
    let mut rows = rows();
    // Above the posting lists' limit every search scans the one text; `scanning` does the
    // same at this size.
    let mut index = QueueIndex::scanning(rows.clone());
    let words = ["渗水", "龙湖", "sh01", "emoji", "a-2026", "控制符", "1"];
    // Rounds of saves: longer, shorter and same-length texts, so stretches go dead, the text
    // is rebuilt, and rows are overwritten in place.
    for round in 0..6usize {
        for (k, s) in rows
            .iter_mut()
            .enumerate()
            .filter(|(k, _)| k % 3 != round % 3)
        {
            s.content = match (k + round) % 4 {
                0 => format!("龙湖{}{}", "长".repeat(round * 7), k),
                1 => String::new(),
                2 => s.content.chars().rev().collect(),
                _ => "渗水".repeat(round + 1),
            };
            s.received += Duration::minutes(1).num_milliseconds();
            index.upsert(s.clone());
        }
        for w in words {
            assert_eq!(found(&index, w), holding(&rows, w), "round {round}: {w}");
        }
    }
    assert_eq!(index.len(), rows.len());
}
