//! Numbers as text with integer arithmetic only (no floating-point formatting, so the wasm
//! bundle carries no float printer): shares in tenths of a percent, signed tenths, working
//! hours in tenths, scores in hundredths. A missing value is [`MISSING`].

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
mod tests {
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
