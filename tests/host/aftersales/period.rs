//! The after-sales period (R-31, source 002): signing → handover and move-in for the group's
//! own projects, signing → the agency contract's end for an outside-agency project; closed
//! for service after it, still readable, callbacks still recorded.

use complaint_desk::domain::aftersales::{
    BuyerEntry, BuyerError, CallbackKind, ContactKind, EntryData, ServicePeriod,
};
use complaint_desk::domain::vocabulary::Project;

use super::fixtures::{buyer, call, d};
use crate::helpers::cst;

fn own() -> Project {
    Project::from_texts("江南府", "1栋")
}

fn agency() -> Project {
    Project {
        agency_contract_end: Some(d(2026, 9, 30)),
        ..Project::from_texts("外滩苑", "A座")
    }
}

#[test]
fn the_period_runs_from_signing_to_handover_or_the_agency_contracts_end() {
    let handed = Some(d(2026, 6, 30));
    // (project, handover, today, expected)
    let table = [
        (
            own(),
            handed,
            d(2026, 3, 1),
            ServicePeriod::Open { until: handed },
        ),
        (
            own(),
            handed,
            d(2026, 6, 30),
            ServicePeriod::Open { until: handed },
        ),
        (
            own(),
            handed,
            d(2026, 7, 1),
            ServicePeriod::Closed {
                ended: d(2026, 6, 30),
            },
        ),
        (
            own(),
            None,
            d(2030, 1, 1),
            ServicePeriod::Open { until: None },
        ),
        (
            agency(),
            handed,
            d(2026, 7, 15),
            ServicePeriod::Open {
                until: Some(d(2026, 9, 30)),
            },
        ),
        (
            agency(),
            None,
            d(2026, 9, 30),
            ServicePeriod::Open {
                until: Some(d(2026, 9, 30)),
            },
        ),
        (
            agency(),
            handed,
            d(2026, 10, 1),
            ServicePeriod::Closed {
                ended: d(2026, 9, 30),
            },
        ),
    ];
    for (i, (project, handover, today, expected)) in table.into_iter().enumerate() {
        let b = buyer("1", &project.name, d(2026, 1, 10), handover);
        assert_eq!(b.period(Some(&project), today), expected, "row {i}");
        assert_eq!(
            b.in_service(Some(&project), today),
            matches!(expected, ServicePeriod::Open { .. }),
            "row {i}"
        );
    }
    // A project missing from the settings counts as the group's own.
    let b = buyer("1", "不在设置里", d(2026, 1, 10), handed);
    assert_eq!(
        b.period(None, d(2026, 7, 1)),
        ServicePeriod::Closed {
            ended: d(2026, 6, 30)
        }
    );
}

#[test]
fn a_closed_record_refuses_service_but_takes_callbacks() {
    let project = own();
    let mut b = buyer("1", "江南府", d(2026, 1, 10), Some(d(2026, 6, 30)));
    let contact = |day: u32, month: u32| BuyerEntry {
        id: format!("SH01-A-{month}{day}-1"),
        at: cst(2026, month, day, 9, 0),
        by: "张销售".into(),
        data: EntryData::Contact {
            kind: ContactKind::Greeting,
            note: "端午节问候".into(),
            complaint: None,
            callback: None,
        },
    };
    b.append(Some(&project), contact(19, 6)).unwrap();
    let err = b.append(Some(&project), contact(1, 7)).unwrap_err();
    assert_eq!(err, BuyerError::Closed("2026-06-30".into()));
    assert!(err.to_string().contains("售后服务期已于 2026-06-30 结束"));
    assert_eq!(b.entries.len(), 1, "nothing recorded");
    b.append(
        Some(&project),
        call(CallbackKind::Handover, d(2026, 7, 10), Some(4), None),
    )
    .unwrap();
    assert_eq!(b.entries.len(), 2);
}

#[test]
fn an_entry_is_checked_and_kept_in_time_order() {
    let project = own();
    let mut b = buyer("1", "江南府", d(2026, 1, 10), None);
    let mut reached_without_score = call(CallbackKind::Signing, d(2026, 1, 20), Some(3), None);
    if let EntryData::Callback(r) = &mut reached_without_score.data {
        r.score = None;
    }
    assert_eq!(
        b.append(Some(&project), reached_without_score),
        Err(BuyerError::NoScore)
    );
    assert_eq!(
        b.append(
            Some(&project),
            call(CallbackKind::Signing, d(2026, 1, 20), Some(6), None)
        ),
        Err(BuyerError::Score)
    );
    b.append(
        Some(&project),
        call(CallbackKind::Signing, d(2026, 1, 20), Some(5), None),
    )
    .unwrap();
    // Dated before the latest entry: takes its time.
    b.append(
        Some(&project),
        call(CallbackKind::Handover, d(2026, 1, 5), None, None),
    )
    .unwrap();
    assert_eq!(b.entries[1].at, b.entries[0].at);
}

#[test]
fn a_buyer_is_found_by_name_phone_or_unit() {
    let mut b = buyer("1203", "江南府", d(2026, 1, 10), None);
    b.phones = vec!["138-0000-1111".into(), "021-5555 6666".into()];
    for (q, hit) in [
        ("客户1203", true),
        ("13800001111", true),
        ("138 0000 1111", true),
        ("55556666", true),
        ("1栋1203", true),
        ("1203", true),
        ("江南府 1203", true),
        ("李", false),
        ("13900001111", false),
    ] {
        assert_eq!(b.matches(q), hit, "{q}");
    }
}
