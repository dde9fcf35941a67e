//! Repeats and same-issue groups over hand-made summaries, and the same-issue
//! count the intake form shows.

use complaint_desk::domain::queue::{
    repeat_of, same_issue_complainants, same_issue_group, Summary,
};
use complaint_desk::domain::vocabulary::{RepeatRules, SeverityRules};

use crate::helpers;

const DAY: i64 = 86_400_000;
/// 2026-03-01 00:00 +08:00 in epoch milliseconds.
const MAR1: i64 = 1_772_294_400_000;

fn s(number: &str, phone: &str, building: &str, category: &str, day: i64) -> Summary {
    Summary {
        office: "SH01".into(),
        category: category.into(),
        name: "客户".into(),
        phone: phone.into(),
        project: "滨江华府".into(),
        received: MAR1 + day * DAY,
        updated: MAR1 + day * DAY,
        building: building.into(),
        ..helpers::summary(number)
    }
}

/// | number | phone         | building | category | day (March) |
/// | A      | 13800000001   | 3栋      | 工程质量 | 1  |
/// | B      | 13800000002   | 3栋      | 工程质量 | 5  |
/// | C      | 138-0000-0001 | 3栋      | 工程质量 | 20 |  (same phone as A)
/// | D      | 13800000003   | 3栋      | 工程质量 | 25 |
/// | E      | 13800000001   | 3栋      | 物业管理 | 26 |  (A's phone, other category)
/// | F      | 13900000009   | 5栋      | 工程质量 | 26 |
fn rows() -> Vec<Summary> {
    vec![
        s("A", "13800000001", "3栋", "工程质量", 0),
        s("B", "13800000002", "3栋", "工程质量", 4),
        s("C", "138-0000-0001", "3栋", "工程质量", 19),
        s("D", "13800000003", "3栋", "工程质量", 24),
        s("E", "13800000001", "3栋", "物业管理", 25),
        s("F", "13900000009", "5栋", "工程质量", 25),
    ]
}

#[test]
fn a_repeat_is_the_same_phone_and_category_within_the_window() {
    let rows = rows();
    let rules = RepeatRules::default();
    let number = |i: usize| repeat_of(&rows, &rows[i], &rules).map(|x| x.number.clone());
    assert_eq!(
        number(2),
        Some("A".into()),
        "C repeats A (same phone written differently)"
    );
    assert_eq!(number(0), None, "A is the first");
    assert_eq!(number(4), None, "E is another category");
    assert_eq!(number(1), None, "B is another phone");
    let short = RepeatRules { window_days: 10 };
    assert_eq!(
        repeat_of(&rows, &rows[2], &short),
        None,
        "19 days is outside 10"
    );
}

#[test]
fn three_phones_on_one_building_and_category_make_a_group() {
    let rows = rows();
    let rules = SeverityRules::default();
    let group = |i: usize| -> Vec<String> {
        same_issue_group(&rows, &rows[i], &rules)
            .into_iter()
            .map(|x| x.number.clone())
            .collect()
    };
    // By D (day 25): A, B, C, D within 30 days, phones ...01, ...02, ...03: three.
    assert_eq!(group(3), ["A", "B", "C", "D"]);
    // By C (day 20): A, B, C but only two phones.
    assert!(group(2).is_empty());
    // F is alone on building 5.
    assert!(group(5).is_empty());
}

#[test]
fn the_intake_count_includes_the_new_customer() {
    let rows = rows();
    let rules = SeverityRules::default();
    let now = helpers::cst(2026, 3, 27, 9, 0);
    // Building 3, 工程质量, since 02-25: phones ...01, ...02, ...03, plus a new one.
    assert_eq!(
        same_issue_complainants(
            &rows,
            "滨江华府",
            "3栋",
            "工程质量",
            "13700000000",
            &rules,
            now
        ),
        4
    );
    // A customer already counted adds nobody.
    assert_eq!(
        same_issue_complainants(
            &rows,
            "滨江华府",
            "3栋",
            "工程质量",
            "13800000002",
            &rules,
            now
        ),
        3
    );
    assert_eq!(
        same_issue_complainants(&rows, "滨江华府", "5栋", "工程质量", "", &rules, now),
        1
    );
}

#[test]
fn repeats_are_counted_once_each() {
    use complaint_desk::domain::queue::repeat_count;
    // Only C repeats (A's phone and category, 19 days later).
    assert_eq!(repeat_count(&rows(), &RepeatRules::default()), 1);
    assert_eq!(repeat_count(&rows(), &RepeatRules { window_days: 10 }), 0);
}

#[test]
fn a_complaints_links_come_from_the_index() {
    use complaint_desk::domain::queue::{QueueIndex, Related};
    let index = QueueIndex::new(rows());
    let settings = helpers::staffed("SH01", "A");
    assert_eq!(
        index.related("C", &settings),
        Some(Related {
            repeat: Some("A".into()),
            group: vec![],
        }),
        "C repeats A; by C's day A, B and C are only two phones"
    );
    assert_eq!(
        index.related("D", &settings),
        Some(Related {
            repeat: None,
            group: vec!["A".into(), "B".into(), "C".into(), "D".into()],
        }),
        "by D's day three phones: the group, oldest first"
    );
    assert_eq!(
        index.related("F", &settings),
        Some(Related::default()),
        "F stands alone"
    );
    assert_eq!(index.related("Z", &settings), None, "not in the index");
}

#[test]
fn the_intake_count_waits_for_a_project_and_a_category() {
    use complaint_desk::domain::queue::same_issue_for;
    let rows = rows();
    let rules = SeverityRules::default();
    let now = chrono::DateTime::from_timestamp_millis(MAR1 + 26 * DAY)
        .unwrap()
        .with_timezone(&helpers::shanghai());
    let full = same_issue_for(
        &rows,
        "滨江华府",
        "3栋",
        "工程质量",
        "13800000004",
        &rules,
        now,
    );
    assert_eq!(
        full,
        same_issue_complainants(
            &rows,
            "滨江华府",
            "3栋",
            "工程质量",
            "13800000004",
            &rules,
            now
        )
    );
    assert_eq!(full, 4, "three phones on record and the new customer");
    assert_eq!(
        same_issue_for(&rows, "  ", "3栋", "工程质量", "13800000004", &rules, now),
        0
    );
    assert_eq!(
        same_issue_for(&rows, "滨江华府", "3栋", "", "13800000004", &rules, now),
        0
    );
}

#[test]
fn overdue_stages_and_sheets_are_read_from_the_index() {
    use complaint_desk::domain::queue::QueueIndex;
    let mut rows = rows();
    rows[0].due = Some(1_000);
    rows[1].due = Some(2_000);
    rows[2].sheet_due = Some(1_500);
    rows[3].sheet_due = Some(3_000);
    let index = QueueIndex::new(rows);
    let numbers = |now| -> Vec<String> {
        let mut n: Vec<String> = index.overdue(now).into_iter().map(|s| s.number).collect();
        n.sort();
        n
    };
    assert_eq!(
        numbers(1_000),
        Vec::<String>::new(),
        "due at the very moment is not overdue"
    );
    assert_eq!(numbers(1_001), ["A"]);
    assert_eq!(numbers(5_000), ["A", "B"]);
    assert_eq!(index.overdue_sheets(1_500), 0);
    assert_eq!(index.overdue_sheets(1_501), 1);
    assert_eq!(index.overdue_sheets(3_001), 2);
}

/// A buyer picked at intake (issue 12) is the same customer from any phone: B repeats A
/// (same buyer and category, another phone, 10 days later); C, the same buyer in another
/// category, repeats nothing; D, another phone and no buyer, repeats nothing.
#[test]
fn the_repeat_rule_knows_the_buyer() {
    use complaint_desk::domain::queue::repeat_count;
    let with_buyer = |number: &str, phone: &str, category: &str, day: i64, buyer: &str| Summary {
        buyer: buyer.into(),
        ..s(number, phone, "3栋", category, day)
    };
    let rows = vec![
        with_buyer("A", "13800000001", "工程质量", 0, "SH01-b1"),
        with_buyer("B", "02155556666", "工程质量", 10, "SH01-b1"),
        with_buyer("C", "02155556666", "物业管理", 11, "SH01-b1"),
        with_buyer("D", "13900000009", "工程质量", 12, ""),
    ];
    let rules = RepeatRules::default();
    let repeats: Vec<Option<&str>> = rows
        .iter()
        .map(|r| repeat_of(&rows, r, &rules).map(|o| o.number.as_str()))
        .collect();
    assert_eq!(repeats, [None, Some("A"), None, None]);
    assert_eq!(repeat_count(&rows, &rules), 1);
}
