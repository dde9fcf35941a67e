//! After-sales operations over the in-memory store (issue 12): the buyer list's import, a
//! callback that hears a complaint, the complaint linked both ways, a leaving salesperson's
//! buyers handed over, and buyers travelling in the export file.

use pollster::block_on;

use complaint_desk::domain::aftersales::{
    CallbackKind, CallbackResult, EntryData, Month, WorkKind,
};
use complaint_desk::domain::intake::IntakeForm;
use complaint_desk::domain::vocabulary::{Role, Staff};
use complaint_desk::service::{self, buyers, ExportFormat, ServiceError};
use complaint_desk::store::Store;

use crate::helpers::{cst, Desk};

const LIST: &str = "姓名,电话,项目,楼栋,房号,签约日期,交房日期,销售顾问\n\
王芳,13800001111,江南府,1栋,1203,2026-03-05,,张销售\n\
李雷,13900002222,江南府,2栋,801,2026-03-08,,张销售\n\
韩梅,13700003333,江南府,2栋,802,2026-03-09,,王销售\n";

fn desk() -> Desk {
    let mut d = Desk::new();
    for name in ["张销售", "王销售", "李销售"] {
        d.settings.staff.push(Staff::new(name, Role::Handler));
    }
    d
}

#[test]
fn importing_the_list_writes_once_and_a_bad_file_writes_nothing() {
    let d = desk();
    let preview = block_on(buyers::preview_import(&d.store, &d.settings, LIST)).unwrap();
    assert_eq!(preview.new, 3);
    assert!(
        block_on(d.store.buyers()).unwrap().is_empty(),
        "the preview writes nothing"
    );
    let plan = block_on(buyers::import(&d.store, &d.settings, LIST)).unwrap();
    assert_eq!((plan.new, plan.updated, plan.unchanged), (3, 0, 0));
    let again = block_on(buyers::import(&d.store, &d.settings, LIST)).unwrap();
    assert_eq!((again.new, again.updated, again.unchanged), (0, 0, 3));
    assert_eq!(block_on(d.store.buyers()).unwrap().len(), 3);
    let bad = format!("{LIST}新人,13600004444,江南府,3栋,101,不知道,,张销售\n");
    let err = block_on(buyers::import(&d.store, &d.settings, &bad)).unwrap_err();
    assert!(matches!(err, ServiceError::BuyerFile(_)));
    assert_eq!(
        err.to_string(),
        "第 5 行（新人）：签约日期 不知道 不是有效的日期（应写成 2026-03-05 这样）"
    );
    assert_eq!(
        block_on(d.store.buyers()).unwrap().len(),
        3,
        "nothing written"
    );
}

#[test]
fn a_complaint_heard_in_a_callback_is_linked_both_ways() {
    let d = desk();
    block_on(buyers::import(&d.store, &d.settings, LIST)).unwrap();
    let wang = block_on(buyers::list(&d.store))
        .unwrap()
        .into_iter()
        .find(|b| b.name == "王芳")
        .unwrap();
    let caller = d.staff(Role::Desk).clone();
    let call = |score: Option<u8>, grievance: &str| {
        EntryData::Callback(CallbackResult {
            kind: CallbackKind::Signing,
            reached: score.is_some(),
            score,
            praise: String::new(),
            grievance: grievance.into(),
            complaint: None,
        })
    };
    let ctx = d.ctx(Some(&caller), cst(2026, 3, 10, 10, 0));
    block_on(buyers::record(&d.store, &ctx, &wang.id, call(None, ""))).unwrap();
    let ctx = d.ctx(Some(&caller), cst(2026, 3, 11, 10, 0));
    let b = block_on(buyers::record(
        &d.store,
        &ctx,
        &wang.id,
        call(Some(2), "厨房瓷砖空鼓"),
    ))
    .unwrap();
    let callback_id = b.entries.last().unwrap().id.clone();
    // The intake form opened from the callback, prefilled from the buyer.
    let form = IntakeForm {
        name: wang.name.clone(),
        phone: wang.phones[0].clone(),
        project: wang.project.clone(),
        building: wang.building.clone(),
        unit: wang.unit.clone(),
        content: "厨房瓷砖空鼓".into(),
        category: "工程质量".into(),
        buyer: wang.id.clone(),
        buyer_callback: callback_id.clone(),
        ..IntakeForm::with_defaults()
    };
    let (complaint, summary) = d.register(&form, cst(2026, 3, 11, 10, 5));
    assert_eq!(summary.buyer, wang.id);
    let linked = block_on(buyers::get(&d.store, &wang.id)).unwrap();
    assert_eq!(linked.complaints(), [complaint.number.as_str()]);
    match &linked.entries.last().unwrap().data {
        EntryData::Contact {
            complaint: Some(n),
            callback: Some(c),
            ..
        } => {
            assert_eq!((n, c), (&complaint.number, &callback_id));
        }
        other => panic!("expected a complaint contact, got {other:?}"),
    }
    let all = block_on(buyers::list(&d.store)).unwrap();
    let q = complaint_desk::domain::aftersales::quota_figures(
        &all,
        None,
        Some("江南府"),
        Month {
            year: 2026,
            month: 3,
        },
    );
    assert_eq!(
        (
            q.signing_text().as_str(),
            q.complaints,
            q.average_text().as_str()
        ),
        ("1/3", 1, "2.00")
    );
}

#[test]
fn a_leaving_salespersons_buyers_are_handed_over_in_one_step() {
    let mut d = desk();
    block_on(buyers::import(&d.store, &d.settings, LIST)).unwrap();
    // 张销售 leaves: disabled, not deleted.
    d.settings
        .staff
        .iter_mut()
        .find(|s| s.name == "张销售")
        .unwrap()
        .active = false;
    let manager = d.staff(Role::Manager).clone();
    let ctx = d.ctx(Some(&manager), cst(2026, 4, 1, 9, 0));
    let r = block_on(buyers::hand_over(&d.store, &ctx, "张销售", "李销售", None)).unwrap();
    assert_eq!(r.moved.len(), 2);
    let all = block_on(buyers::list(&d.store)).unwrap();
    let owners: Vec<(&str, &str)> = all
        .iter()
        .map(|b| (b.name.as_str(), b.current_salesperson()))
        .collect();
    assert_eq!(
        owners,
        [("王芳", "李销售"), ("李雷", "李销售"), ("韩梅", "王销售")]
    );
    let tasks = complaint_desk::domain::aftersales::worklist(
        &all,
        Month {
            year: 2026,
            month: 4,
        },
        cst(2026, 4, 1, 9, 0).date_naive(),
    );
    assert_eq!(
        tasks
            .iter()
            .filter(|w| w.kind == WorkKind::HandoverTask)
            .count(),
        2
    );
    // To someone who left: refused, nothing changes.
    let ctx = d.ctx(Some(&manager), cst(2026, 4, 2, 9, 0));
    let err = block_on(buyers::hand_over(&d.store, &ctx, "王销售", "张销售", None)).unwrap_err();
    assert_eq!(err.to_string(), "张销售 不在在职员工名单中，不能接手客户");
    assert_eq!(block_on(buyers::list(&d.store)).unwrap(), all);
}

#[test]
fn buyers_travel_in_the_export_file_and_merge() {
    let a = desk();
    block_on(buyers::import(&a.store, &a.settings, LIST)).unwrap();
    let (json, _) = block_on(service::export_file(
        &a.store,
        &a.settings,
        cst(2026, 3, 12, 9, 0),
        ExportFormat::Json,
        false,
    ))
    .unwrap();
    // Device B of the office imports the file, then each calls a buyer back.
    let mut b = desk();
    b.settings.device_code = "B".into();
    let report = block_on(service::import_json(
        &b.store,
        &b.settings,
        &json,
        &|_, _| {},
    ))
    .unwrap();
    assert_eq!(report.buyers_added, 3);
    let id = block_on(buyers::list(&a.store)).unwrap()[0].id.clone();
    let caller = a.staff(Role::Desk).clone();
    let reached = EntryData::Callback(CallbackResult {
        kind: CallbackKind::Signing,
        reached: true,
        score: Some(5),
        praise: "销售顾问很耐心".into(),
        grievance: String::new(),
        complaint: None,
    });
    block_on(buyers::record(
        &a.store,
        &a.ctx(Some(&caller), cst(2026, 3, 13, 9, 0)),
        &id,
        reached.clone(),
    ))
    .unwrap();
    block_on(buyers::record(
        &b.store,
        &b.ctx(Some(&caller), cst(2026, 3, 13, 10, 0)),
        &id,
        reached,
    ))
    .unwrap();
    let (from_b, _) = block_on(service::export_file(
        &b.store,
        &b.settings,
        cst(2026, 3, 14, 9, 0),
        ExportFormat::Ndjson,
        false,
    ))
    .unwrap();
    let report = block_on(service::import_json(
        &a.store,
        &a.settings,
        &from_b,
        &|_, _| {},
    ))
    .unwrap();
    assert_eq!(
        (
            report.buyers_added,
            report.buyers_merged,
            report.buyer_entries_added
        ),
        (0, 1, 1)
    );
    assert_eq!(
        block_on(buyers::get(&a.store, &id)).unwrap().entries.len(),
        2
    );
    // Again: nothing new.
    let report = block_on(service::import_json(
        &a.store,
        &a.settings,
        &from_b,
        &|_, _| {},
    ))
    .unwrap();
    assert_eq!((report.buyers_added, report.buyers_merged), (0, 0));
}
