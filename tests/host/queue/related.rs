//! Repeats and same-issue groups over hand-made summaries, and the same-issue
//! count the intake form shows.

use complaint_desk::domain::queue::same_issue_complainants;
use complaint_desk::domain::queue::Summary;
use complaint_desk::domain::queue::{repeat_of, same_issue_group};
use complaint_desk::domain::vocabulary::RepeatRules;
use complaint_desk::domain::vocabulary::SeverityRules;

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
