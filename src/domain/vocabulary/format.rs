//! Small, fixed date and time formats for the UI, file names and numbers. Written out by hand
//! rather than through chrono's `format` strings, which would pull a format-string
//! interpreter into the browser bundle.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};

/// `2026-11-22 09:05`
pub fn ymd_hm(t: &DateTime<FixedOffset>) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// `11-22 09:05`
pub fn md_hm(t: &DateTime<FixedOffset>) -> String {
    format!(
        "{:02}-{:02} {:02}:{:02}",
        t.month(),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// `2026-11-22`
pub fn ymd(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `2026-11-22`: the local date of an instant in epoch milliseconds.
pub fn ymd_of_millis(millis: i64, offset: FixedOffset) -> String {
    ymd(from_millis(millis, offset).date_naive())
}

/// Reads `2026-11-22` (what a date input gives); `None` for anything else.
pub fn parse_ymd(s: &str) -> Option<NaiveDate> {
    let mut parts = s.trim().splitn(3, '-');
    let y = parts.next()?.parse::<i32>().ok()?;
    let m = parts.next()?.parse::<u32>().ok()?;
    let d = parts.next()?.parse::<u32>().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// `20261122`
pub fn ymd_compact(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// `20261122-0905`
pub fn ymd_hm_compact(t: &DateTime<FixedOffset>) -> String {
    format!(
        "{}-{:02}{:02}",
        ymd_compact(t.date_naive()),
        t.hour(),
        t.minute()
    )
}

/// `2026-11-22T09:05`, the value format of `<input type="datetime-local">`.
pub fn local_minute(t: &DateTime<FixedOffset>) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// Epoch milliseconds as a time in `offset`.
pub fn from_millis(millis: i64, offset: FixedOffset) -> DateTime<FixedOffset> {
    Utc.timestamp_millis_opt(millis)
        .single()
        .unwrap_or_default()
        .with_timezone(&offset)
}

/// Parses `YYYY-MM-DDTHH:MM` (an `<input type="datetime-local">` value; seconds allowed).
pub fn parse_local_minute(s: &str) -> Option<NaiveDateTime> {
    let (date, time) = s.trim().split_once('T')?;
    let mut d = date.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.splitn(3, ':').map(|p| p.parse::<u32>().ok());
    let (h, min) = (t.next()??, t.next()??);
    let sec = match t.next() {
        Some(s) => s?,
        None => 0,
    };
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, day)?.and_hms_opt(h, min, sec)
}

/// A length of time in words: `2天3小时`, `5小时20分`, `12分`.
pub fn span(minutes: i64) -> String {
    let m = minutes.abs();
    let (d, h, min) = (m / 1440, m % 1440 / 60, m % 60);
    match (d, h) {
        (0, 0) => format!("{min}分"),
        (0, _) => format!("{h}小时{min}分"),
        _ => format!("{d}天{h}小时"),
    }
}

/// How far a deadline is from now: `已逾期 2小时5分` or `剩余 1天3小时`.
pub fn due_text(due_ms: i64, now_ms: i64) -> String {
    let minutes = (due_ms - now_ms).div_euclid(60_000);
    if due_ms < now_ms {
        format!("已逾期 {}", span(minutes))
    } else {
        format!("剩余 {}", span(minutes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_by_hand() {
        let off = FixedOffset::east_opt(8 * 3600).unwrap();
        let t = off.with_ymd_and_hms(2026, 2, 3, 4, 5, 6).unwrap();
        assert_eq!(ymd_hm(&t), "2026-02-03 04:05");
        assert_eq!(md_hm(&t), "02-03 04:05");
        assert_eq!(ymd_hm_compact(&t), "20260203-0405");
        assert_eq!(ymd(t.date_naive()), "2026-02-03");
        // 2026-02-03 04:05 at +08:00 is still 02-02 in UTC.
        let utc = FixedOffset::east_opt(0).unwrap();
        assert_eq!(ymd_of_millis(t.timestamp_millis(), utc), "2026-02-02");
        assert_eq!(parse_ymd("2026-02-03"), Some(t.date_naive()));
        assert_eq!(parse_ymd(" 2026-2-3 "), Some(t.date_naive()));
        for bad in ["", "2026-02", "2026-02-30", "2026/02/03", "x-1-1"] {
            assert_eq!(parse_ymd(bad), None, "{bad:?}");
        }
        assert_eq!(from_millis(t.timestamp_millis(), off), t);
        assert_eq!(
            parse_local_minute("2026-02-03T04:05"),
            NaiveDate::from_ymd_opt(2026, 2, 3)
                .unwrap()
                .and_hms_opt(4, 5, 0)
        );
        assert_eq!(parse_local_minute("2026-02-30T04:05"), None);
        assert_eq!(parse_local_minute("2026-02-03 04:05"), None);
        assert_eq!(parse_local_minute("abc"), None);
    }

    #[test]
    fn spans_and_time_left() {
        assert_eq!(span(12), "12分");
        assert_eq!(span(5 * 60 + 20), "5小时20分");
        assert_eq!(span(2 * 1440 + 3 * 60 + 59), "2天3小时");
        assert_eq!(due_text(3_600_000, 0), "剩余 1小时0分");
        assert_eq!(due_text(0, 125 * 60_000), "已逾期 2小时5分");
    }
}

// ---- Numbers ----
// Numbers as text with integer arithmetic only (no floating-point formatting, so the wasm
// bundle carries no float printer): shares in tenths of a percent, signed tenths, working
// hours in tenths, scores in hundredths. A missing value is [`MISSING`].

/// What a figure with nothing to show reads: `—`.
pub const MISSING: &str = "—";

/// A share given in tenths of a percent (667) as `66.7%`; [`MISSING`] for `None`.
pub fn per_mille_text(per_mille: Option<u32>) -> String {
    match per_mille {
        Some(x) => format!("{}.{}%", x / 10, x % 10),
        None => MISSING.into(),
    }
}

/// A value given in hundredths (425) as `4.25`; [`MISSING`] for `None`.
pub fn hundredths_text(x100: Option<u32>) -> String {
    match x100 {
        Some(x) => format!("{}.{:02}", x / 100, x % 100),
        None => MISSING.into(),
    }
}

/// The average of `count` durations summing to `minutes`, as hours with one decimal,
/// rounded half up: `16.5`; [`MISSING`] when `count` is 0.
pub fn hours_tenths_text(minutes: i64, count: usize) -> String {
    if count == 0 {
        return MISSING.into();
    }
    let count = count as i64;
    let tenths = (minutes * 10 + 30 * count) / (60 * count);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// `x` rounded to tenths (half away from zero) with its sign: `+12.5`, `-0.3`, `0.0`;
/// integer formatting only.
pub fn signed_tenths(x: f64) -> String {
    let t = (x * 10.0).round() as i64;
    let sign = match t.signum() {
        1 => "+",
        -1 => "-",
        _ => "",
    };
    format!("{sign}{}.{}", t.abs() / 10, t.abs() % 10)
}

/// [`signed_tenths`] followed by `suffix`, `+1.5 小时`; [`MISSING`] for `None`.
pub fn signed_tenths_text(x: Option<f64>, suffix: &str) -> String {
    match x {
        Some(x) => format!("{}{suffix}", signed_tenths(x)),
        None => MISSING.into(),
    }
}

/// `n` and its share of `total`, both truncated to tenths of a percent: `3（37.5%）`; a
/// `total` of 0 counts as 1.
pub fn count_and_share_text(n: usize, total: usize) -> String {
    let total = total.max(1);
    format!("{n}（{}.{}%）", n * 100 / total, n * 1000 / total % 10)
}

#[cfg(test)]
mod number_tests {
    use super::*;

    #[test]
    fn number_texts() {
        assert_eq!(per_mille_text(Some(667)), "66.7%");
        assert_eq!(per_mille_text(Some(1000)), "100.0%");
        assert_eq!(per_mille_text(None), "—");
        assert_eq!(hundredths_text(Some(405)), "4.05");
        assert_eq!(hundredths_text(None), "—");
        assert_eq!(hours_tenths_text(2_970, 3), "16.5");
        assert_eq!(hours_tenths_text(1_263, 1), "21.1");
        assert_eq!(hours_tenths_text(0, 0), "—");
        assert_eq!(
            signed_tenths_text(Some(-12.5), " 个百分点"),
            "-12.5 个百分点"
        );
        assert_eq!(signed_tenths_text(None, "%"), "—");
        assert_eq!(count_and_share_text(3, 8), "3（37.5%）");
        assert_eq!(count_and_share_text(2, 3), "2（66.6%）");
        assert_eq!(count_and_share_text(0, 0), "0（0.0%）");
    }
}
