//! The dashboard at head-office scale (issue 15): builds `HQ_ROWS` (default 1,000,000)
//! synthetic summaries over several offices, projects and 18 months, with customers who
//! complain again, and times what the dashboard computes when it opens and when its period or
//! project changes. Ignored: run it on a release build,
//!
//! `cargo test --release --test host analysis_scale -- --ignored --nocapture`
//!
//! (`HQ_ROWS=100000` for a tenth). It also checks that the dashboard's figures equal the
//! per-figure functions' on the same data.

use std::time::Instant;

use chrono::{DateTime, FixedOffset};

use complaint_desk::domain::analysis::{
    by_office, indicators_of, monthly_trend, CrossFlags, IndicatorTable, Overview, Period,
    PeriodPreset,
};
use complaint_desk::domain::queue::{QueueIndex, Summary};
use complaint_desk::domain::synthetic::{self, Rng};
use complaint_desk::domain::vocabulary::{Criteria, Settings};

use crate::helpers;

/// Complaints per generated office.
const PER_OFFICE: usize = 5_000;

fn now() -> DateTime<FixedOffset> {
    helpers::cst(2026, 11, 20, 18, 0)
}

/// `rows` summaries: offices of [`PER_OFFICE`] complaints over the 540 days before
/// [`now`], each office with a pool of returning customers (about one complaint in four is
/// from a phone the office has seen before).
fn summaries(rows: usize) -> Vec<Summary> {
    let hq = Settings::new("HQ", "A");
    let mut out = Vec::with_capacity(rows);
    let mut k = 0;
    while out.len() < rows {
        k += 1;
        let code = format!("F{k:03}");
        let office = Settings::new(&code, "A");
        let n = PER_OFFICE.min(rows - out.len());
        let mut rng = Rng::new(7_000 + k as u64);
        let pool: Vec<String> = (0..n / 8)
            .map(|_| format!("139{:08}", rng.below(100_000_000)))
            .collect();
        for c in synthetic::generate(&office, n, 1, 540, now(), 1_000 + k as u64) {
            let Some(mut s) = Summary::of(&c, &hq) else {
                continue;
            };
            if rng.chance(25) {
                s.phone = rng.pick(&pool).clone();
            }
            out.push(s);
        }
    }
    out
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

/// What the dashboard computed before issue 15, figure by figure: the flags, then this period
/// and the one before, the trend, the menus and the whole data set's figures (the flags are
/// today's [`CrossFlags::build`]; before issue 15 it took about 4.2 s of the open at
/// 1,000,000).
fn open_per_figure(q: &QueueIndex, settings: &Settings, period: &Period, filter: &Criteria) {
    let flags = CrossFlags::build(q.rows(), settings);
    refresh_per_figure(q, &flags, period, filter);
    std::hint::black_box((q.projects(), q.offices()));
    std::hint::black_box(Overview::of(q.rows().iter()));
    std::hint::black_box(by_office(q.rows().iter(), now().timestamp_millis()));
    std::hint::black_box(flags.repeat_count());
}

fn refresh_per_figure(q: &QueueIndex, flags: &CrossFlags, period: &Period, filter: &Criteria) {
    let current = indicators_of(q.rows(), flags, period, filter);
    let previous = indicators_of(q.rows(), flags, &period.previous(), filter);
    let trend = monthly_trend(q.rows(), &period.trailing_months(12), filter);
    std::hint::black_box((current, previous, trend));
}

/// What the dashboard computes since issue 15: the table (with the flags), this period with
/// the one before and the trend in one pass, and the whole data set's figures in another.
fn open_table(q: &QueueIndex, settings: &Settings, period: &Period, filter: &Criteria) {
    let table = IndicatorTable::build(q.rows(), settings);
    refresh_table(q, &table, period, filter);
    std::hint::black_box(table.overview(q.rows(), now().timestamp_millis()));
}

fn refresh_table(q: &QueueIndex, table: &IndicatorTable, period: &Period, filter: &Criteria) {
    std::hint::black_box(table.figures(q.rows(), period, filter, &period.trailing_months(12)));
}

/// The table's figures equal the per-figure functions'.
fn check_same(q: &QueueIndex, table: &IndicatorTable, period: &Period, filter: &Criteria) {
    let flags = table.flags();
    let months = period.trailing_months(12);
    let fig = table.figures(q.rows(), period, filter, &months);
    assert_eq!(fig.current, indicators_of(q.rows(), flags, period, filter));
    assert_eq!(
        fig.previous,
        indicators_of(q.rows(), flags, &period.previous(), filter)
    );
    assert_eq!(fig.trend, monthly_trend(q.rows(), &months, filter));
}

#[test]
#[ignore = "a benchmark: run on a release build with --ignored --nocapture"]
fn analysis_scale() {
    let n: usize = std::env::var("HQ_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let t = Instant::now();
    let rows = summaries(n);
    let q = QueueIndex::scanning(rows);
    println!("{} summaries generated in {:.1} s", q.len(), secs(t));
    let settings = Settings::new("HQ", "A");
    let month = PeriodPreset::ThisMonth.period(now());
    let all = Criteria::default();
    let project = Criteria {
        project: q.projects().into_iter().next(),
        ..Criteria::default()
    };
    let flags = CrossFlags::build(q.rows(), &settings);
    println!(
        "repeats {} of {}; group complaints {}",
        flags.repeat_count(),
        q.len(),
        flags.group_from.iter().filter(|g| g.is_some()).count()
    );

    let best = |f: &mut dyn FnMut()| {
        (0..3)
            .map(|_| {
                let t = Instant::now();
                f();
                secs(t)
            })
            .fold(f64::MAX, f64::min)
    };
    let t = best(&mut || {
        let t = Instant::now();
        let f = CrossFlags::build(q.rows(), &settings);
        println!("  flags {:.3} s", secs(t));
        std::hint::black_box(f);
    });
    println!("per figure: flags                      {t:.3} s");
    let t = best(&mut || open_per_figure(&q, &settings, &month, &all));
    println!("per figure: open                       {t:.3} s");
    for preset in PeriodPreset::ALL {
        let p = preset.period(now());
        let t = best(&mut || refresh_per_figure(&q, &flags, &p, &all));
        println!("per figure: refresh {:<18} {t:.3} s", preset.code());
    }
    let t = best(&mut || refresh_per_figure(&q, &flags, &month, &project));
    println!("per figure: refresh project            {t:.3} s");

    let t = best(&mut || {
        std::hint::black_box(CrossFlags::build(q.rows(), &settings));
    });
    println!("table: flags                           {t:.3} s");
    let t = best(&mut || {
        std::hint::black_box(IndicatorTable::build(q.rows(), &settings));
    });
    println!("table: build (with the flags)          {t:.3} s");
    let t = best(&mut || open_table(&q, &settings, &month, &all));
    println!("table: open                            {t:.3} s");
    let table = IndicatorTable::build(q.rows(), &settings);
    println!(
        "table: {:.0} MB ({} bytes a summary)",
        table.heap_bytes() as f64 / 1e6,
        table.heap_bytes() / q.len().max(1)
    );
    for preset in PeriodPreset::ALL {
        let p = preset.period(now());
        let t = best(&mut || refresh_table(&q, &table, &p, &all));
        println!("table: refresh {:<23} {t:.3} s", preset.code());
    }
    let t = best(&mut || refresh_table(&q, &table, &month, &project));
    println!("table: refresh project                 {t:.3} s");
    let t = best(&mut || {
        std::hint::black_box(table.overview(q.rows(), now().timestamp_millis()));
    });
    println!("table: whole data set's figures        {t:.3} s");

    assert_eq!(table.flags(), &flags);
    for preset in PeriodPreset::ALL {
        check_same(&q, &table, &preset.period(now()), &all);
    }
    check_same(&q, &table, &month, &project);
    let now_ms = now().timestamp_millis();
    let all_figures = table.overview(q.rows(), now_ms);
    assert_eq!(all_figures.overview, Overview::of(q.rows().iter()));
    assert_eq!(all_figures.offices, by_office(q.rows().iter(), now_ms));
    assert_eq!(all_figures.project_names, q.projects());
    assert_eq!(all_figures.office_names, q.offices());
}
