//! The browser suite's oracle for the dashboard (issue 5): writes a generated office's export
//! file and, next to it, what the domain computes for it, as the texts the dashboard and
//! the monthly report show. The browser test imports the file, reads the screen and compares.
//!
//! Run by the browser test:
//! `DASH_OUT=<dir> cargo test --test host -- --ignored analysis::dashboard_oracle`.
//! Without `DASH_OUT` the ignored test writes nothing.

use chrono::{DateTime, FixedOffset};
use serde_json::{json, Value};

use complaint_desk::domain::analysis::{
    indicators_of, month_on_month, monthly_report, CrossFlags, Indicators, Period,
};
use complaint_desk::domain::exchange;
use complaint_desk::domain::queue::Summary;
use complaint_desk::domain::synthetic;
use complaint_desk::domain::vocabulary::{Criteria, Role, Settings, Staff};

use crate::helpers;

fn cst(y: i32, m: u32, d: u32, h: u32) -> DateTime<FixedOffset> {
    helpers::cst(y, m, d, h, 0)
}

/// The office whose file is generated (the browser's device is another office, so that it
/// records no escalations of its own on these complaints).
fn office() -> Settings {
    let mut s = Settings::new("GZ01", "A");
    s.office_name = "广州销售中心".into();
    let staff = [
        ("前台小周", Role::Desk),
        ("李处理", Role::Handler),
        ("张处理", Role::Handler),
        ("经理老王", Role::Manager),
        ("总经理老陈", Role::Gm),
    ];
    s.staff = staff.iter().map(|(n, r)| Staff::new(n, *r)).collect();
    s
}

/// What the dashboard shows for one period and filter.
fn shown(i: &Indicators, previous: &Indicators) -> Value {
    let c = month_on_month(i, previous);
    json!({
        "kpi-received": i.received.to_string(),
        "kpi-closed": i.closed.to_string(),
        "kpi-open": i.open.to_string(),
        "kpi-resolution": i.resolution.percent_text(),
        "kpi-callback": i.callback.percent_text(),
        "kpi-score": i.satisfaction.avg_text(),
        "kpi-satisfied": i.satisfaction.satisfied.percent_text(),
        "kpi-not-accepted": i.satisfaction.not_accepted.percent_text(),
        "kpi-repeats": i.repeats.percent_text(),
        "kpi-groups": i.group_complaints.to_string(),
        "kpi-handling": i.handling.avg_hours_text(),
        "kpi-handling-p90": i.handling.p90_hours_text(),
        "kpi-escalations": i.escalations.total.to_string(),
        "kpi-major": format!("{}（{}/{}）", i.major_received, i.major_gm_approved.num, i.major_gm_approved.den),
        "received-change": c.received.relative_text(),
        "categories": i.by_category.iter().map(|(n, v)| json!([n, v])).collect::<Vec<_>>(),
        "gauges": i.timeliness.iter().map(|t| json!([t.stage.label(), t.met.per_mille()])).collect::<Vec<_>>(),
    })
}

#[test]
#[ignore = "writes the browser test's fixture; run by tests/browser/dashboard.test.mjs"]
fn write_dashboard_fixture() {
    let Ok(dir) = std::env::var("DASH_OUT") else {
        return;
    };
    let settings = office();
    let now = cst(2026, 3, 31, 18);
    let complaints = synthetic::generate(&settings, 800, 1, 120, now, 20260331);
    let file = exchange::export(&settings, &complaints, now);
    let text = serde_json::to_string(&file).unwrap();

    // What the domain says, over the summaries the browser device will build (its own
    // default calendar and limits, the same as the generating office's defaults).
    // The browser's device is set up today, after every generated complaint was received,
    // so the first-contact clocks (which run from the device's first day) do not apply.
    let mut device = Settings::new("HQ", "A");
    device.deadlines.first_contact_from = Some(now + chrono::Duration::days(1));
    let rows: Vec<Summary> = complaints
        .iter()
        .map(|c| Summary::new(c, &c.state().unwrap(), &device))
        .collect();
    let flags = CrossFlags::build(&rows, &device);
    let offset = helpers::shanghai();
    let march = Period::month(2026, 3, offset);
    let all = Criteria::default();
    let project = rows
        .iter()
        .map(|r| r.project.trim().to_string())
        .min()
        .unwrap();
    let by_project = Criteria {
        project: Some(project.clone()),
        ..Criteria::default()
    };
    let figures = |p: &Period, f: &Criteria| {
        shown(
            &indicators_of(&rows, &flags, p, f),
            &indicators_of(&rows, &flags, &p.previous(), f),
        )
    };
    // The report judges open deadlines at the moment it is shown: today, here as there.
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap();
    let report = monthly_report(&rows, &flags, &march, &all, today);
    let expected = json!({
        "count": complaints.len(),
        "first": complaints[0].number,
        "march": figures(&march, &all),
        "project": project,
        "march_project": figures(&march, &by_project),
        "report": {
            "period": march.label(),
            "cases": report.late_or_escalated.len(),
            "repeat_customers": report.repeat_customers.len(),
            "trend": report.trend.iter().map(|t| json!([t.received, t.closed])).collect::<Vec<_>>(),
        },
    });
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(format!("{dir}/dashboard-data.json"), text).unwrap();
    std::fs::write(
        format!("{dir}/dashboard-expected.json"),
        serde_json::to_string_pretty(&expected).unwrap(),
    )
    .unwrap();
}
