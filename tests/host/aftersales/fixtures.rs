//! Buyers and log entries built by hand for the after-sales tests.

use chrono::NaiveDate;

use complaint_desk::domain::aftersales::{
    Buyer, BuyerEntry, CallbackKind, CallbackResult, EntryData,
};

use crate::helpers::cst;

/// A date.
pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A buyer of office SH01 with id `SH01-<tag>`, signed on `signed`, served by 张销售.
pub fn buyer(tag: &str, project: &str, signed: NaiveDate, handover: Option<NaiveDate>) -> Buyer {
    Buyer {
        id: format!("SH01-{tag}"),
        office: "SH01".into(),
        name: format!("客户{tag}"),
        phones: vec!["13800001111".into()],
        project: project.into(),
        building: "1栋".into(),
        unit: tag.into(),
        signed_on: signed,
        handover_on: handover,
        salesperson: "张销售".into(),
        entries: Vec::new(),
    }
}

/// A callback attempt on `day` at 10:00: reached with `score`, or not reached (`None`).
pub fn call(
    kind: CallbackKind,
    day: NaiveDate,
    score: Option<u8>,
    complaint: Option<&str>,
) -> BuyerEntry {
    use chrono::Datelike;
    BuyerEntry {
        id: format!("SH01-A-{}-{}", day.format("%Y%m%d"), kind.code()),
        at: cst(day.year(), day.month(), day.day(), 10, 0),
        by: "回访专员".into(),
        data: EntryData::Callback(CallbackResult {
            kind,
            reached: score.is_some(),
            score,
            praise: String::new(),
            grievance: complaint
                .map(|_| "门窗漏水".to_string())
                .unwrap_or_default(),
            complaint: complaint.map(str::to_string),
        }),
    }
}

/// `b` with `entries` appended (ids made unique by position).
pub fn with(mut b: Buyer, entries: Vec<BuyerEntry>) -> Buyer {
    for (i, mut e) in entries.into_iter().enumerate() {
        e.id = format!("{}-{i}", e.id);
        b.entries.push(e);
    }
    b
}
