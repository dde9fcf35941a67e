//! The reproducible handover sample.
//!
//! **The handover sample.** For one office, one project and one handover month, take the
//! buyers handed over in that month (`n` of them), rank them by the 64-bit FNV-1a hash of
//! `office␟project␟YYYY-MM␟buyer id` (ties, which do not happen in practice, by id) and take
//! the first `ceil(30% × n)` ([`sample_size`]: rounded up, so a month with 1-3 handovers
//! still has one callback, 10 gives 3, 11 gives 4). Every input is a fact of the record, so
//! every device and head office draw the same buyers, whatever order they hold them in; there
//! is no seed and no button to draw again, so nobody can re-draw to skip someone.
//!
//! **Stable when buyers are added later.** A buyer's hash depends on that buyer alone, so
//! adding buyers (to this month or any other) never reorders the ones already there: the
//! buyers drawn before stay drawn, except that a newcomer who ranks above the last one drawn
//! takes that place when the rounded count does not grow. That last one stays in the sample
//! once any handover callback has been recorded for them (attempts are part of the record
//! and travel with it), so a callback already made is never lost from the quota.

use std::collections::HashSet;

use super::buyer::Buyer;
use super::callback::{fnv64, CallbackKind};
use super::month::Month;

/// The share of a month's handovers called back (source 002: 抽样30%).
pub const SAMPLE_PERCENT: usize = 30;

/// A buyer's place in the draw of `office`'s `project` for handover `month` (lower first).
pub fn sample_rank(office: &str, project: &str, month: Month, buyer_id: &str) -> u64 {
    fnv64(
        format!(
            "{office}\u{1f}{}\u{1f}{month}\u{1f}{buyer_id}",
            project.trim()
        )
        .as_bytes(),
    )
}

/// How many of `n` handovers are called back: `ceil(30% × n)`.
pub fn sample_size(n: usize) -> usize {
    (n * SAMPLE_PERCENT).div_ceil(100)
}

/// The ids of the buyers of `office`'s `project` handed over in `month` who are in the
/// callback sample (see the module's documentation), drawn from `buyers` (any order; other
/// offices, projects and months are ignored).
pub fn handover_sample(
    buyers: &[Buyer],
    office: &str,
    project: &str,
    month: Month,
) -> HashSet<String> {
    let mut month_buyers: Vec<(u64, &Buyer)> = buyers
        .iter()
        .filter(|b| {
            b.office == office
                && b.project.trim() == project.trim()
                && b.handover_on.is_some_and(|d| month.contains(d))
        })
        .map(|b| (sample_rank(office, project, month, &b.id), b))
        .collect();
    month_buyers.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let k = sample_size(month_buyers.len());
    month_buyers
        .iter()
        .enumerate()
        .filter(|(i, (_, b))| *i < k || b.callbacks(CallbackKind::Handover).next().is_some())
        .map(|(_, (_, b))| b.id.clone())
        .collect()
}
