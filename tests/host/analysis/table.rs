//! The indicator table (issue 15): every figure it folds in one pass equals the per-figure
//! functions' over the same summaries, its cross flags equal the rules computed the
//! straightforward way, and after one upsert (a replaced or an added complaint) it equals a
//! table built from scratch.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};

use complaint_desk::domain::analysis::{
    by_office, indicators_of, monthly_trend, CrossFlags, IndicatorTable, Overview, Period,
    PeriodPreset,
};
use complaint_desk::domain::queue::{Answered, QueueIndex, Summary};
use complaint_desk::domain::synthetic::{self, Rng};
use complaint_desk::domain::vocabulary::{
    phone_key, Channel, Criteria, Kind, Settings, Severity, Stage,
};

use crate::helpers;

fn now() -> DateTime<FixedOffset> {
    helpers::cst(2026, 3, 20, 18, 0)
}

/// Three offices' complaints over 200 days, a few customers complaining again and again, some
/// projects and buildings typed with spaces around them, some complaints without a phone.
fn rows() -> Vec<Summary> {
    let hq = Settings::new("HQ", "A");
    let mut rng = Rng::new(15);
    let mut out = Vec::new();
    for (k, code) in ["BJ01", "SH01", "GZ01"].iter().enumerate() {
        let office = Settings::new(code, "A");
        for c in synthetic::generate(&office, 300, 1, 200, now(), 40 + k as u64) {
            let mut s = Summary::of(&c, &hq).unwrap();
            match rng.below(10) {
                0..=3 => s.phone = format!("13900000{:03}", rng.below(40)),
                4 => s.phone = format!("+86 139-0000-0{:03}", rng.below(40)),
                5 => s.phone = String::new(),
                _ => {}
            }
            if rng.chance(10) {
                s.project = format!(" {} ", s.project);
            }
            if rng.chance(10) {
                s.building = format!("{} ", s.building);
            }
            // Same-issue groups need the same building often.
            if rng.chance(50) {
                s.building = "1栋".into();
            }
            out.push(s);
        }
    }
    out
}

/// The flags computed the straightforward way: a map of customers and one of issues.
fn reference_flags(rows: &[Summary], settings: &Settings) -> CrossFlags {
    let window = i64::from(settings.repeat_rules.window_days) * 86_400_000;
    let mut by_key: HashMap<(String, &str), Vec<usize>> = HashMap::new();
    for (i, s) in rows.iter().enumerate() {
        let phone = phone_key(&s.phone);
        if !phone.is_empty() {
            by_key.entry((phone, &s.category)).or_default().push(i);
        }
    }
    let mut repeat = vec![false; rows.len()];
    for list in by_key.values_mut() {
        list.sort_by(|&a, &b| {
            (rows[a].received, &rows[a].number).cmp(&(rows[b].received, &rows[b].number))
        });
        for pair in list.windows(2) {
            if rows[pair[0]].received >= rows[pair[1]].received - window {
                repeat[pair[1]] = true;
            }
        }
    }
    let rules = &settings.severity_rules;
    let window = i64::from(rules.same_issue_window_days) * 86_400_000;
    let mut by_issue: HashMap<(&str, &str, &str), Vec<usize>> = HashMap::new();
    for (i, s) in rows.iter().enumerate() {
        by_issue
            .entry((s.project.trim(), s.building.trim(), &s.category))
            .or_default()
            .push(i);
    }
    let mut group_from = vec![None; rows.len()];
    for list in by_issue.values() {
        // Complaint `w`'s window: registered in [received - window, received]; its
        // distinct phones make a group from `min` on, and every member is in it from then.
        for &w in list {
            let newest = rows[w].received;
            let members: Vec<usize> = list
                .iter()
                .copied()
                .filter(|&m| rows[m].received <= newest && rows[m].received >= newest - window)
                .collect();
            let mut phones: Vec<String> = members
                .iter()
                .map(|&m| phone_key(&rows[m].phone))
                .filter(|p| !p.is_empty())
                .collect();
            phones.sort();
            phones.dedup();
            if phones.len() >= rules.same_issue_min as usize {
                for m in members {
                    let slot: &mut Option<i64> = &mut group_from[m];
                    if slot.is_none_or(|t| newest < t) {
                        *slot = Some(newest);
                    }
                }
            }
        }
    }
    CrossFlags { repeat, group_from }
}

/// The rules the flags are checked under: (repeat window days, same-issue window days,
/// same-issue minimum of phones).
const RULES: [(u32, u32, u32); 6] = [
    (90, 30, 3),
    (0, 30, 3),
    (7, 1, 2),
    (365, 90, 5),
    (30, 0, 1),
    (90, 365, 30),
];

fn with_rules((repeat, window, min): (u32, u32, u32)) -> Settings {
    let mut s = Settings::new("HQ", "A");
    s.repeat_rules.window_days = repeat;
    s.severity_rules.same_issue_window_days = window;
    s.severity_rules.same_issue_min = min;
    s
}

#[test]
fn the_cross_flags_follow_the_repeat_and_same_issue_rules() {
    let rows = rows();
    for rules in RULES {
        let settings = with_rules(rules);
        let flags = CrossFlags::build(&rows, &settings);
        let want = reference_flags(&rows, &settings);
        assert_eq!(flags.repeat, want.repeat, "repeats under {rules:?}");
        assert_eq!(flags.group_from, want.group_from, "groups under {rules:?}");
        assert_eq!(
            IndicatorTable::build(&rows, &settings).flags(),
            &flags,
            "{rules:?}"
        );
    }
    // The data has both, or the test would not say much.
    let flags = CrossFlags::build(&rows, &with_rules(RULES[0]));
    assert!(flags.repeat_count() > 20, "{}", flags.repeat_count());
    let grouped = flags.group_from.iter().filter(|g| g.is_some()).count();
    assert!(grouped > 20 && grouped < rows.len(), "{grouped}");
}

fn periods() -> Vec<Period> {
    let offset = helpers::shanghai();
    let mut out: Vec<Period> = PeriodPreset::ALL.iter().map(|p| p.period(now())).collect();
    out.push(Period::months(2025, 12, 2, offset));
    out.push(Period::new(
        helpers::at("2026-02-03 09:30"),
        helpers::at("2026-03-11 17:05"),
    ));
    // Before everything, and empty.
    out.push(Period::month(2024, 1, offset));
    out.push(Period::new(
        helpers::at("2026-03-01 00:00"),
        helpers::at("2026-03-01 00:00"),
    ));
    out
}

fn criteria(rows: &[Summary]) -> Vec<Criteria> {
    let project = rows[0].project.trim().to_string();
    vec![
        Criteria::default(),
        Criteria {
            project: Some(format!("  {project}")),
            ..Criteria::default()
        },
        Criteria {
            office: Some("SH01".into()),
            ..Criteria::default()
        },
        Criteria {
            office: Some("SH01".into()),
            project: Some(project),
            ..Criteria::default()
        },
        Criteria {
            category: Some(rows[1].category.clone()),
            severity: Some(Severity::General),
            ..Criteria::default()
        },
        Criteria {
            channel: Some(Channel::ALL[0]),
            kind: Some(Kind::ALL[0]),
            ..Criteria::default()
        },
        Criteria {
            received: Some((
                helpers::ms(2026, 1, 1, 0, 0),
                helpers::ms(2026, 2, 15, 12, 0),
            )),
            ..Criteria::default()
        },
        Criteria {
            project: Some("没有这个项目".into()),
            ..Criteria::default()
        },
        Criteria {
            office: Some("sh01".into()),
            ..Criteria::default()
        },
    ]
}

/// The table's figures for every period and criteria equal the per-figure functions'.
fn assert_same_figures(table: &IndicatorTable, rows: &[Summary], settings: &Settings) {
    let flags = CrossFlags::build(rows, settings);
    assert_eq!(table.flags(), &flags);
    for period in periods() {
        let months = period.trailing_months(12);
        for c in criteria(rows) {
            let fig = table.figures(rows, &period, &c, &months);
            let what = format!("{} / {c:?}", period.label());
            assert_eq!(
                fig.current,
                indicators_of(rows, &flags, &period, &c),
                "{what}"
            );
            assert_eq!(
                fig.previous,
                indicators_of(rows, &flags, &period.previous(), &c),
                "{what}"
            );
            assert_eq!(fig.trend, monthly_trend(rows, &months, &c), "{what}");
        }
    }
    let now_ms = now().timestamp_millis();
    let all = table.overview(rows, now_ms);
    let index = QueueIndex::scanning(rows.to_vec());
    assert_eq!(all.overview, Overview::of(rows.iter()));
    assert_eq!(all.offices, by_office(rows.iter(), now_ms));
    assert_eq!(all.project_names, index.projects());
    assert_eq!(all.office_names, index.offices());
}

#[test]
fn the_tables_figures_equal_the_per_figure_functions() {
    let rows = rows();
    let settings = with_rules(RULES[0]);
    let table = IndicatorTable::build(&rows, &settings);
    assert_same_figures(&table, &rows, &settings);
    // Not all zero: the March figures count something.
    let march = table.figures(
        &rows,
        &PeriodPreset::ThisMonth.period(now()),
        &Criteria::default(),
        &[],
    );
    assert!(march.current.received > 50 && march.current.closed > 10);
    assert!(march.current.repeats.num > 0 && march.current.group_complaints > 0);
}

#[test]
fn facts_that_do_not_fit_a_row_are_read_from_the_summary() {
    let mut rows = rows();
    // A stage listed twice, and more answers than a row counts.
    rows[3].facts.stages.push((Stage::Answer, Some(false)));
    rows[3].facts.stages.push((Stage::Answer, None));
    let at = rows[5].received;
    rows[5].facts.answers = (0..300)
        .map(|k| Answered {
            at: at + k * 3_600_000,
            called_back: k % 3 == 0,
        })
        .collect();
    let settings = with_rules(RULES[0]);
    assert_same_figures(&IndicatorTable::build(&rows, &settings), &rows, &settings);
}

/// One change to the data: which summary, and how it changes.
type Change = (usize, fn(&mut Summary));

#[test]
fn one_upsert_brings_the_table_to_what_a_new_build_gives() {
    let mut all = rows();
    let settings = with_rules(RULES[0]);
    let n = all.len();
    // One customer's three complaints 60 days apart (the 2nd repeats the 1st, the 3rd the
    // 2nd), and one building's issue raised by exactly three phones (a group).
    let t0 = helpers::ms(2026, 1, 5, 9, 0);
    for (k, pos) in [20, 21, 22].into_iter().enumerate() {
        all[pos].phone = "13700000000".into();
        all[pos].category = "工程质量".into();
        all[pos].received = t0 + k as i64 * 60 * 86_400_000;
    }
    for (k, pos) in [30, 31, 32].into_iter().enumerate() {
        all[pos].phone = format!("1360000000{k}");
        all[pos].project = "滨江华府".into();
        all[pos].building = "99栋".into();
        all[pos].category = "工程质量".into();
        all[pos].received = t0 + k as i64 * 86_400_000;
    }
    let before = IndicatorTable::build(&all, &settings);
    assert_eq!(before.flags().repeat[21..23], [true, true]);
    assert!(before.flags().group_from[30..33]
        .iter()
        .all(Option::is_some));
    let changes: [Change; 10] = [
        // The middle complaint's customer changes: the 3rd no longer repeats anything.
        (21, |s| s.phone = "13700000001".into()),
        // One phone of three leaves the building: no group any more.
        (31, |s| s.building = "98栋".into()),
        // Another phone: out of one customer's list, into another's.
        (10, |s| s.phone = "13900000007".into()),
        // No phone any more.
        (11, |s| s.phone = String::new()),
        // Reclassified: another category, so another customer list and issue.
        (12, |s| s.category = "其他".into()),
        // Another building and project.
        (13, |s| {
            s.building = "9栋".into();
            s.project = "新项目".into();
        }),
        // Registered earlier (a corrected record) and closed.
        (14, |s| {
            s.received -= 40 * 86_400_000;
            s.status = complaint_desk::domain::case::Status::Archived;
        }),
        // A new office's name, handler and root cause.
        (15, |s| {
            s.office = "WH01".into();
            s.handler = "新处理人".into();
            s.facts.root_cause = "新原因".into();
        }),
        // Unchanged: saved again.
        (16, |_| {}),
        // The same phone as its neighbour, same category, same time: ties by number.
        (17, |s| s.phone = "13900000001".into()),
    ];
    // Replacements.
    let mut rows = all.clone();
    let mut table = IndicatorTable::build(&rows, &settings);
    for (pos, change) in changes {
        change(&mut rows[pos]);
        table.upsert(&rows, pos, &settings);
        let fresh = IndicatorTable::build(&rows, &settings);
        assert_eq!(table.flags(), fresh.flags(), "after changing {pos}");
        assert_eq!(table.len(), fresh.len());
    }
    assert_same_figures(&table, &rows, &settings);
    // Additions: the last complaints arrive one at a time.
    let mut rows: Vec<Summary> = all[..n - 5].to_vec();
    let mut table = IndicatorTable::build(&rows, &settings);
    for s in &all[n - 5..] {
        rows.push(s.clone());
        table.upsert(&rows, rows.len() - 1, &settings);
        assert_eq!(
            table.flags(),
            IndicatorTable::build(&rows, &settings).flags()
        );
    }
    assert_same_figures(&table, &rows, &settings);
}

#[test]
fn the_queue_indexs_edits_bring_a_kept_table_up_to_date() {
    let all = rows();
    let settings = with_rules(RULES[0]);
    let n = all.len();
    let mut index = QueueIndex::scanning(all[..n - 2].to_vec());
    let (build, edits) = index.edits();
    assert!(edits.is_empty());
    let mut table = IndicatorTable::build(index.rows(), &settings);
    // Two saves of existing complaints and two new ones, as the app's saves make them.
    let mut changed = all[7].clone();
    changed.phone = all[8].phone.clone();
    changed.category = all[8].category.clone();
    index.upsert(changed);
    let mut changed = all[40].clone();
    changed.building = all[41].building.clone();
    index.upsert(changed);
    index.upsert(all[n - 2].clone());
    index.upsert(all[n - 1].clone());
    let (same, edits) = index.edits();
    assert_eq!(same, build);
    assert_eq!(edits, [7, 40, n as u32 - 2, n as u32 - 1]);
    for &pos in edits {
        table.upsert(index.rows(), pos as usize, &settings);
    }
    assert_same_figures(&table, index.rows(), &settings);
    // Another index is another build.
    assert_ne!(QueueIndex::scanning(all.clone()).edits().0, build);
}
