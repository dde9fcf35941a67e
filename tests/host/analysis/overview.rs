//! The dashboard's first figures: counts by status, category, severity and
//! channel, open versus closed, and the average satisfaction score, over eight hand-made
//! summaries whose figures are counted by hand below.

use complaint_desk::domain::analysis::Overview;
use complaint_desk::domain::case::Status;
use complaint_desk::domain::queue::Summary;
use complaint_desk::domain::vocabulary::{Channel, Severity};

use crate::helpers;

fn s(
    n: u32,
    status: Status,
    category: &str,
    severity: Severity,
    channel: Channel,
    score: Option<u8>,
) -> Summary {
    Summary {
        status,
        category: category.into(),
        severity,
        channel,
        name: format!("客户{n}"),
        phone: "13800138000".into(),
        project: "滨江华府".into(),
        content: "内容".into(),
        received: i64::from(n) * 1000,
        updated: i64::from(n) * 1000 + 500,
        score,
        ..helpers::summary(&format!("SH01-A-20260301-{n:04}"))
    }
}

/// | # | status        | category | severity | channel | score |
/// |---|---------------|----------|----------|---------|-------|
/// | 1 | registered    | 工程质量 | general  | phone   |       |
/// | 2 | dispatched    | 工程质量 | major    | wechat  |       |
/// | 3 | investigating | 销售管理 | general  | phone   |       |
/// | 4 | transferred   | 工程质量 | general  | email   |       |
/// | 5 | called_back   | 销售管理 | general  | phone   | 5     |
/// | 6 | archived      | 工程质量 | general  | onsite  | 4     |
/// | 7 | archived      | 物业管理 | major    | phone   | 2     |
/// | 8 | cancelled     | 客户服务 | general  | letter  |       |
#[rustfmt::skip]
fn eight() -> Vec<Summary> {
    use Channel as C;
    use Severity as V;
    use Status as S;
    vec![
        s(1, S::Registered,     "工程质量", V::General, C::Phone,  None),
        s(2, S::Dispatched,     "工程质量", V::Major,   C::Wechat, None),
        s(3, S::Investigating,  "销售管理", V::General, C::Phone,  None),
        s(4, S::TransferredOut, "工程质量", V::General, C::Email,  None),
        s(5, S::CalledBack,     "销售管理", V::General, C::Phone,  Some(5)),
        s(6, S::Archived,       "工程质量", V::General, C::OnSite, Some(4)),
        s(7, S::Archived,       "物业管理", V::Major,   C::Phone,  Some(2)),
        s(8, S::Cancelled,      "客户服务", V::General, C::Letter, None),
    ]
}

fn overview() -> Overview {
    let rows = eight();
    Overview::of(rows.iter())
}

#[test]
fn total_open_and_closed() {
    let o = overview();
    assert_eq!(o.total, 8);
    // Open: 1, 2, 3, 4 (transferred is still open), 5. Closed: 6, 7 archived, 8 cancelled.
    assert_eq!(o.open, 5);
    assert_eq!(o.closed, 3);
}

#[test]
fn by_status_lists_every_status_in_workflow_order() {
    assert_eq!(
        overview().by_status,
        vec![
            (Status::Registered, 1),
            (Status::Dispatched, 1),
            (Status::Acknowledged, 0),
            (Status::Investigating, 1),
            (Status::PlanProposed, 0),
            (Status::PlanApproved, 0),
            (Status::CarriedOut, 0),
            (Status::Answered, 0),
            (Status::CalledBack, 1),
            (Status::Archived, 2),
            (Status::TransferredOut, 1),
            (Status::Cancelled, 1),
        ]
    );
}

#[test]
fn by_category_largest_first_ties_by_name() {
    // 工程质量 1,2,4,6; 销售管理 3,5; 客户服务 8; 物业管理 7. The two singles tie and are
    // ordered by name (客 U+5BA2 before 物 U+7269).
    assert_eq!(
        overview().by_category,
        vec![
            ("工程质量".to_string(), 4),
            ("销售管理".to_string(), 2),
            ("客户服务".to_string(), 1),
            ("物业管理".to_string(), 1),
        ]
    );
}

#[test]
fn by_severity() {
    // Major: 2 and 7.
    assert_eq!(
        overview().by_severity,
        vec![(Severity::General, 6), (Severity::Major, 2)]
    );
}

#[test]
fn by_channel_lists_every_channel_in_menu_order() {
    assert_eq!(
        overview().by_channel,
        vec![
            (Channel::Phone, 4),
            (Channel::Email, 1),
            (Channel::Letter, 1),
            (Channel::OnSite, 1),
            (Channel::Website, 0),
            (Channel::Wechat, 1),
            (Channel::GroupHq, 0),
            (Channel::StaffHotline, 0),
            (Channel::Other, 0),
        ]
    );
}

#[test]
fn average_score_is_over_scored_complaints_only() {
    let o = overview();
    // (5 + 4 + 2) / 3
    assert_eq!(o.scored, 3);
    // 11 / 3 = 3.666… → 3.67 in hundredths, rounded half up.
    assert_eq!(o.avg_score_x100, Some(367));
    assert_eq!(o.avg_score_text(), "3.67");
}

#[test]
fn counts_add_up_to_the_total() {
    let o = overview();
    assert_eq!(o.by_status.iter().map(|(_, n)| n).sum::<usize>(), o.total);
    assert_eq!(o.by_category.iter().map(|(_, n)| n).sum::<usize>(), o.total);
    assert_eq!(o.by_severity.iter().map(|(_, n)| n).sum::<usize>(), o.total);
    assert_eq!(o.by_channel.iter().map(|(_, n)| n).sum::<usize>(), o.total);
}

#[test]
fn a_filtered_subset_is_counted_on_its_own() {
    let rows = eight();
    let o = Overview::of(rows.iter().filter(|s| s.severity == Severity::Major));
    // 2 (dispatched, open) and 7 (archived, score 2).
    assert_eq!(o.total, 2);
    assert_eq!(o.open, 1);
    assert_eq!(o.closed, 1);
    assert_eq!(o.scored, 1);
    assert_eq!(o.avg_score_x100, Some(200));
    assert_eq!(
        o.by_category,
        vec![("工程质量".to_string(), 1), ("物业管理".to_string(), 1)]
    );
    assert_eq!(
        o.by_severity,
        vec![(Severity::General, 0), (Severity::Major, 2)]
    );
}

#[test]
fn no_complaints_gives_zeros_and_no_average() {
    let rows: Vec<Summary> = Vec::new();
    let o = Overview::of(rows.iter());
    assert_eq!(o.total, 0);
    assert_eq!(o.open, 0);
    assert_eq!(o.closed, 0);
    assert_eq!(o.scored, 0);
    assert_eq!(o.avg_score_x100, None);
    assert_eq!(o.avg_score_text(), "—");
    assert!(o.by_category.is_empty());
    assert_eq!(o.by_status.len(), 12);
    assert!(o.by_status.iter().all(|(_, n)| *n == 0));
    assert_eq!(
        o.by_severity,
        vec![(Severity::General, 0), (Severity::Major, 0)]
    );
    assert_eq!(o.by_channel.len(), 9);
    assert!(o.by_channel.iter().all(|(_, n)| *n == 0));
}

#[test]
fn no_scores_gives_no_average() {
    let rows: Vec<Summary> = eight().into_iter().filter(|s| s.score.is_none()).collect();
    let o = Overview::of(rows.iter());
    assert_eq!(o.total, 5);
    assert_eq!(o.scored, 0);
    assert_eq!(o.avg_score_x100, None);
    assert_eq!(o.avg_score_text(), "—");
}

#[test]
fn extreme_scores_average_exactly() {
    use Channel as C;
    use Severity as V;
    use Status as S;
    let rows = [
        s(1, S::CalledBack, "其他", V::General, C::Other, Some(1)),
        s(2, S::Archived, "其他", V::General, C::Other, Some(5)),
    ];
    let o = Overview::of(rows.iter());
    assert_eq!(o.avg_score_x100, Some(300));
    assert_eq!(o.by_category, vec![("其他".to_string(), 2)]);
}

#[test]
fn a_category_outside_the_default_list_is_counted() {
    use Channel as C;
    use Severity as V;
    use Status as S;
    let rows = [
        s(1, S::Registered, "装修质量", V::General, C::Phone, None),
        s(2, S::Registered, "装修质量", V::General, C::Phone, None),
        s(3, S::Registered, "工程质量", V::General, C::Phone, None),
    ];
    assert_eq!(
        Overview::of(rows.iter()).by_category,
        vec![("装修质量".to_string(), 2), ("工程质量".to_string(), 1)]
    );
}
