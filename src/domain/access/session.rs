//! Who is signed in on this device, and when the app locks itself.

use serde::{Deserialize, Serialize};

/// The signed-in person and the time of the last input (ms since the epoch).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The staff member's name.
    pub name: String,
    /// The last key press, tap or click.
    pub last_input_ms: i64,
}

impl Session {
    /// Whether the session has expired at `now_ms` with the lock after `lock_minutes`:
    /// no input for that long (a hidden app has no input, so being hidden that long locks it
    /// too). A clock set back before the last input locks as well.
    pub fn expired(&self, now_ms: i64, lock_minutes: u32) -> bool {
        let idle = now_ms - self.last_input_ms;
        idle < 0 || idle >= i64::from(lock_minutes.max(1)) * 60_000
    }
}
