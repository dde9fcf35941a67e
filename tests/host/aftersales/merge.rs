//! Two devices' copies of one buyer: the union of their log entries by id.

use complaint_desk::domain::aftersales::{merge_buyer, BuyerMerge, BuyerMergeError, CallbackKind};

use super::fixtures::{buyer, call, d, with};

#[test]
fn the_union_of_entries_in_time_order() {
    let base = buyer("1", "江南府", d(2026, 3, 2), None);
    let a = with(
        base.clone(),
        vec![
            call(CallbackKind::Signing, d(2026, 3, 10), None, None),
            call(CallbackKind::Signing, d(2026, 3, 12), Some(4), None),
        ],
    );
    let mut b = base.clone();
    b.entries
        .push(call(CallbackKind::Signing, d(2026, 3, 5), None, None));
    b.entries.push(a.entries[0].clone());
    b.handover_on = Some(d(2026, 9, 1));
    let BuyerMerge::Updated {
        buyer: merged,
        added,
    } = merge_buyer(&a, &b).unwrap()
    else {
        panic!("expected an update");
    };
    assert_eq!(added, 1);
    let days = |b: &complaint_desk::domain::aftersales::Buyer| {
        b.entries
            .iter()
            .map(|e| e.at.date_naive())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        days(&merged),
        [d(2026, 3, 5), d(2026, 3, 10), d(2026, 3, 12)]
    );
    assert_eq!(merged.handover_on, Some(d(2026, 9, 1)));
    // Whichever imports whom, the same record.
    let BuyerMerge::Updated {
        buyer: other_way,
        added,
    } = merge_buyer(&b, &a).unwrap()
    else {
        panic!("expected an update");
    };
    assert_eq!(added, 1);
    assert_eq!(other_way.entries, merged.entries);
    assert_eq!(merge_buyer(&merged, &a), Ok(BuyerMerge::Unchanged));
}

#[test]
fn the_same_entry_id_with_other_content_is_refused() {
    let a = with(
        buyer("1", "江南府", d(2026, 3, 2), None),
        vec![call(CallbackKind::Signing, d(2026, 3, 10), None, None)],
    );
    let mut b = a.clone();
    b.entries[0].by = "别人".into();
    assert_eq!(
        merge_buyer(&a, &b),
        Err(BuyerMergeError::Conflict {
            name: "客户1".into(),
            entry: a.entries[0].id.clone()
        })
    );
}
