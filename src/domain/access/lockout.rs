//! The wait after wrong PINs: five tries are free, then 30 seconds, doubling with each
//! further wrong PIN. Kept per person in IndexedDB, so a reload does not reset it.

use serde::{Deserialize, Serialize};

/// Wrong PINs allowed before the first wait.
pub const FREE_TRIES: u32 = 5;

/// The first wait, in seconds; each further wrong PIN doubles it.
pub const FIRST_WAIT_SECS: i64 = 30;

/// The longest wait (a day), so the doubling stops somewhere sensible.
const MAX_WAIT_SECS: i64 = 24 * 3600;

/// One person's wrong PINs since their last good one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lockout {
    /// Wrong PINs in a row.
    pub failures: u32,
    /// No try is accepted before this time (ms since the epoch); 0 = none.
    pub until_ms: i64,
}

impl Lockout {
    /// After one more wrong PIN at `now_ms`: the fifth starts a 30 s wait, the sixth 60 s,
    /// the seventh 120 s, and so on (at most a day).
    pub fn after_failure(self, now_ms: i64) -> Lockout {
        let failures = self.failures.saturating_add(1);
        let until_ms = if failures >= FREE_TRIES {
            let doublings = (failures - FREE_TRIES).min(20);
            let secs = (FIRST_WAIT_SECS << doublings).min(MAX_WAIT_SECS);
            now_ms + secs * 1000
        } else {
            0
        };
        Lockout { failures, until_ms }
    }

    /// Whole seconds still to wait at `now_ms` (rounded up), or `None` if a try is allowed.
    pub fn wait_secs(&self, now_ms: i64) -> Option<i64> {
        (self.until_ms > now_ms).then(|| (self.until_ms - now_ms + 999) / 1000)
    }

    /// Wrong tries left before the next wait (0 once waits have started).
    pub fn tries_left(&self) -> u32 {
        FREE_TRIES.saturating_sub(self.failures)
    }
}
