//! Handing a salesperson's buyers over: all or chosen ones in one step, the ownership
//! history kept, a hand-over task per buyer until the new salesperson has made contact.

use complaint_desk::domain::aftersales::{
    reassign, worklist, Buyer, BuyerEntry, EntryData, Month, Ownership, ReassignError, WorkKind,
};
use complaint_desk::domain::vocabulary::Project;

use super::fixtures::{buyer, d};
use crate::helpers::cst;

fn book() -> Vec<Buyer> {
    let mut closed = buyer("c", "江南府", d(2025, 1, 5), Some(d(2025, 12, 31)));
    closed.salesperson = "张销售".into();
    let mut other = buyer("o", "江南府", d(2026, 2, 1), None);
    other.salesperson = "王销售".into();
    vec![
        buyer("a", "江南府", d(2026, 1, 10), None),
        buyer("b", "江南府", d(2026, 2, 10), Some(d(2026, 12, 1))),
        closed,
        other,
    ]
}

fn run(
    list: &[Buyer],
    from: &str,
    to: &str,
    chosen: Option<&[String]>,
    day: u32,
) -> Result<complaint_desk::domain::aftersales::Reassignment, ReassignError> {
    let project = Project::from_texts("江南府", "");
    reassign(
        list,
        from,
        to,
        chosen,
        cst(2026, 3, day, 9, 0),
        "经理老王",
        |i| format!("SH01-A-{day}-{i}"),
        |name| (name == project.name).then_some(&project),
        |name| name != "离职的赵",
    )
}

#[test]
fn all_of_a_salespersons_buyers_in_service_move_with_their_history() {
    let list = book();
    let r = run(&list, "张销售", "李销售", None, 2).unwrap();
    let moved: Vec<&str> = r.moved.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(moved, ["SH01-a", "SH01-b"]);
    assert_eq!(r.closed, 1, "the closed record stays with its salesperson");
    let a = &r.moved[0];
    assert_eq!(a.current_salesperson(), "李销售");
    assert_eq!(
        a.ownership(),
        [
            Ownership {
                salesperson: "张销售".into(),
                from: d(2026, 1, 10),
                until: Some(d(2026, 3, 2))
            },
            Ownership {
                salesperson: "李销售".into(),
                from: d(2026, 3, 2),
                until: None
            },
        ]
    );
    assert_eq!(a.entries[0].by, "经理老王");
    // Moved again later: three spells.
    let again = run(&r.moved, "李销售", "王销售", None, 20).unwrap();
    let spells: Vec<(String, Option<chrono::NaiveDate>)> = again.moved[0]
        .ownership()
        .into_iter()
        .map(|o| (o.salesperson, o.until))
        .collect();
    assert_eq!(
        spells,
        [
            ("张销售".to_string(), Some(d(2026, 3, 2))),
            ("李销售".to_string(), Some(d(2026, 3, 20))),
            ("王销售".to_string(), None),
        ]
    );
}

#[test]
fn chosen_buyers_only() {
    let list = book();
    let chosen = vec!["SH01-b".to_string()];
    let r = run(&list, "张销售", "李销售", Some(&chosen), 2).unwrap();
    assert_eq!(r.moved.len(), 1);
    assert_eq!(r.moved[0].id, "SH01-b");
}

#[test]
fn refusals_change_nothing() {
    let list = book();
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    for (from, to, chosen, err) in [
        ("", "李销售", None, ReassignError::NoFrom),
        ("张销售", " ", None, ReassignError::NoTo),
        ("张销售", "张销售", None, ReassignError::Same),
        (
            "张销售",
            "离职的赵",
            None,
            ReassignError::Inactive("离职的赵".into()),
        ),
        (
            "张销售",
            "李销售",
            Some(ids(&["SH01-o"])),
            ReassignError::NotTheirs("客户o".into(), "张销售".into()),
        ),
        (
            "张销售",
            "李销售",
            Some(ids(&["SH01-c"])),
            ReassignError::Closed("客户c".into()),
        ),
        (
            "无人",
            "李销售",
            None,
            ReassignError::Nothing("无人".into()),
        ),
    ] {
        assert_eq!(
            run(&list, from, to, chosen.as_deref(), 2),
            Err(err.clone()),
            "{from} → {to}"
        );
    }
}

#[test]
fn the_new_salesperson_has_a_task_until_they_introduce_themselves() {
    let r = run(&book(), "张销售", "李销售", None, 2).unwrap();
    let tasks = |list: &[Buyer]| {
        worklist(
            list,
            Month {
                year: 2026,
                month: 3,
            },
            d(2026, 3, 5),
        )
        .into_iter()
        .filter(|w| w.kind == WorkKind::HandoverTask)
        .map(|w| (w.buyer, w.salesperson))
        .collect::<Vec<_>>()
    };
    assert_eq!(
        tasks(&r.moved),
        [
            ("SH01-a".to_string(), "李销售".to_string()),
            ("SH01-b".to_string(), "李销售".to_string())
        ]
    );
    let mut list = r.moved.clone();
    list[0]
        .append(
            None,
            BuyerEntry {
                id: "SH01-A-x-1".into(),
                at: cst(2026, 3, 3, 10, 0),
                by: "李销售".into(),
                data: EntryData::Introduced {
                    salesperson: "李销售".into(),
                    note: "已电话告知".into(),
                },
            },
        )
        .unwrap();
    assert_eq!(tasks(&list), [("SH01-b".to_string(), "李销售".to_string())]);
}
