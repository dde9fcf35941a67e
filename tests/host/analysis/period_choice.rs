//! The dashboard's choice of period read by the domain (presets and custom days, with the
//! refusals it shows), and the repeat card's text.

use complaint_desk::domain::analysis::{Overview, Period, PeriodError, PeriodPreset};

use crate::helpers::cst;

#[test]
fn presets_and_custom_days_become_periods() {
    let now = cst(2026, 3, 18, 10, 0);
    for preset in PeriodPreset::ALL {
        assert_eq!(
            Period::chosen(preset.code(), "", "", now),
            Ok(preset.period(now)),
            "{preset:?}"
        );
    }
    let days = Period::chosen("custom", "2026-03-01", "2026-03-10", now).unwrap();
    assert_eq!(days.from, cst(2026, 3, 1, 0, 0));
    assert_eq!(days.to, cst(2026, 3, 11, 0, 0), "the last day is included");
    let one = Period::chosen("custom", "2026-03-05", "2026-03-05", now).unwrap();
    assert_eq!(
        (one.from, one.to),
        (cst(2026, 3, 5, 0, 0), cst(2026, 3, 6, 0, 0))
    );
}

#[test]
fn a_reversed_or_missing_custom_range_is_refused_in_chinese() {
    let now = cst(2026, 3, 18, 10, 0);
    let table = [
        (
            "2026-03-10",
            "2026-03-01",
            PeriodError::Reversed,
            "结束日期不能早于开始日期",
        ),
        (
            "",
            "2026-03-01",
            PeriodError::Missing,
            "请选择开始和结束日期",
        ),
        (
            "2026-03-01",
            "",
            PeriodError::Missing,
            "请选择开始和结束日期",
        ),
        (
            "2026-02-30",
            "2026-03-01",
            PeriodError::Missing,
            "请选择开始和结束日期",
        ),
    ];
    for (first, last, error, text) in table {
        let e = Period::chosen("custom", first, last, now).unwrap_err();
        assert_eq!(e, error, "{first}..{last}");
        assert_eq!(e.to_string(), text);
    }
}

#[test]
fn the_repeat_card_shows_the_count_and_its_share_cut_to_tenths() {
    let of = |total| Overview {
        total,
        ..Overview::default()
    };
    assert_eq!(of(0).repeats_text(0), "0（0.0%）", "nothing stored");
    assert_eq!(of(3).repeats_text(1), "1（33.3%）");
    assert_eq!(of(3).repeats_text(2), "2（66.6%）", "cut, not rounded");
    assert_eq!(of(800).repeats_text(41), "41（5.1%）");
}
