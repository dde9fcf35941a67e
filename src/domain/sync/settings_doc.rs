//! The office's settings on the server: the latest manager's change wins.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::domain::vocabulary::Settings;

/// Who changed the settings last, and when. A device set up on its own (first run) has
/// none: the office's settings on the server always win over it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// When the change was saved.
    pub at: DateTime<FixedOffset>,
    /// The manager who saved it.
    pub by: String,
}

impl Stamp {
    /// Whether a change stamped `self` wins over one stamped `other`: the later one, and
    /// between two at the same moment the greater name (so every device decides alike).
    pub fn wins_over(&self, other: Option<&Stamp>) -> bool {
        match other {
            None => true,
            Some(o) => (self.at, &self.by) > (o.at, &o.by),
        }
    }
}

/// Whether this device takes the settings on the server (stamped `theirs`) over its own
/// (stamped `ours`): the server's unless ours is a later change. The same change seen
/// again is taken (nothing changes); a device set up on its own (no stamp) always takes
/// the office's; between two unstamped copies the server's, the first one sent, wins.
pub fn office_wins(theirs: Option<&Stamp>, ours: Option<&Stamp>) -> bool {
    match (theirs, ours) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(t), Some(o)) => t == o || t.wins_over(Some(o)),
    }
}

/// The settings document's content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SettingsDoc {
    /// The office-wide settings ([`office_settings`]).
    pub office: Settings,
    /// Who saved them, when.
    #[serde(default)]
    pub stamp: Option<Stamp>,
}

/// The settings every device of the office shares: all of them but this device's code.
pub fn office_settings(local: &Settings) -> Settings {
    Settings {
        device_code: String::new(),
        ..local.clone()
    }
}

/// The settings this device adopts from the office's: theirs, with this device's code.
pub fn adopt(local: &Settings, office: &Settings) -> Settings {
    Settings {
        device_code: local.device_code.clone(),
        ..office.clone()
    }
}
