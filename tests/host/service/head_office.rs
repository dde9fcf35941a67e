//! Head office: files from two offices imported into one store keep each
//! office's complaints and remember each office's latest export; the offices' figures side by
//! side; the queue's office filter.

use chrono::{DateTime, FixedOffset};
use pollster::block_on;

use complaint_desk::domain::analysis::by_office;
use complaint_desk::domain::case::Status;
use complaint_desk::domain::exchange::export;
use complaint_desk::domain::queue::{Filter, QueueIndex, Summary};
use complaint_desk::domain::synthetic::generate;
use complaint_desk::domain::vocabulary::{Criteria, Settings};
use complaint_desk::service::{import_json, office_exports};
use complaint_desk::store::memory::MemoryStore;
use complaint_desk::store::Store;

use crate::helpers;

fn cst(d: u32, h: u32) -> DateTime<FixedOffset> {
    helpers::cst(2026, 3, d, h, 0)
}

fn file_of(office: &str, n: usize, exported: DateTime<FixedOffset>) -> String {
    let settings = Settings::new(office, "A");
    let complaints = generate(&settings, n, 1, 30, exported, 7);
    serde_json::to_string(&export(&settings, &complaints, exported)).unwrap()
}

#[test]
fn two_offices_files_are_kept_apart_and_their_export_times_remembered() {
    let hq = MemoryStore::new();
    let hq_settings = Settings::new("HQ", "A");
    let sh = file_of("SH01", 12, cst(10, 18));
    let bj = file_of("BJ02", 7, cst(11, 9));
    let sh_older = file_of("SH01", 12, cst(9, 18));
    block_on(import_json(&hq, &hq_settings, &sh, &|_, _| {})).unwrap();
    block_on(import_json(&hq, &hq_settings, &bj, &|_, _| {})).unwrap();
    assert_eq!(block_on(hq.count()).unwrap(), 19, "12 + 7, no collision");
    let exports = block_on(office_exports(&hq)).unwrap();
    assert_eq!(exports.len(), 2);
    assert_eq!(exports["SH01"], cst(10, 18));
    assert_eq!(exports["BJ02"], cst(11, 9));
    // An older file of SH01 does not move its time back.
    let _ = block_on(import_json(&hq, &hq_settings, &sh_older, &|_, _| {}));
    assert_eq!(block_on(office_exports(&hq)).unwrap()["SH01"], cst(10, 18));
    // The queue's office filter.
    let index = QueueIndex::new(block_on(hq.summaries()).unwrap());
    assert_eq!(index.offices(), ["BJ02", "SH01"]);
    let bj_only = Filter {
        criteria: Criteria {
            office: Some("BJ02".into()),
            ..Criteria::default()
        },
        ..Filter::default()
    };
    assert_eq!(index.select(&bj_only, None).len(), 7);
}

fn s(office: &str, n: u32, status: Status, due: Option<i64>, score: Option<u8>) -> Summary {
    Summary {
        status,
        category: "工程质量".into(),
        name: "客户".into(),
        phone: "13800000000".into(),
        project: "滨江华府".into(),
        score,
        due,
        ..helpers::summary(&format!("{office}-A-20260301-{n:04}"))
    }
}

#[test]
fn offices_side_by_side() {
    let now = 1_000;
    let rows = [
        // SH01: 3 complaints, 2 open of which 1 overdue (due 999 < now 1000), scores 5 and 4.
        s("SH01", 1, Status::Investigating, Some(999), None),
        s("SH01", 2, Status::Dispatched, Some(1_000), None),
        s("SH01", 3, Status::Archived, None, Some(5)),
        // BJ02: 2 complaints, both closed; one scored 2; an old due on a closed one is ignored.
        s("BJ02", 1, Status::Archived, Some(10), Some(2)),
        s("BJ02", 2, Status::Cancelled, None, None),
    ];
    let mut rows = rows.to_vec();
    rows[2].score = Some(4);
    rows.push(s("SH01", 4, Status::CalledBack, None, Some(5)));
    let lines = by_office(rows.iter(), now);
    assert_eq!(lines.len(), 2);
    let (bj, sh) = (&lines[0], &lines[1]);
    assert_eq!(
        (bj.office.as_str(), bj.total, bj.open, bj.overdue, bj.scored),
        ("BJ02", 2, 0, 0, 1)
    );
    assert_eq!(bj.avg_score_text(), "2.00");
    // SH01: 4 complaints, open: 1, 2, 4 (called back is open) = 3; overdue only #1.
    assert_eq!(
        (sh.office.as_str(), sh.total, sh.open, sh.overdue, sh.scored),
        ("SH01", 4, 3, 1, 2)
    );
    // (4 + 5) / 2 = 4.50
    assert_eq!(sh.avg_score_text(), "4.50");
}
