//! A callback and when it is due (R-29, source 002: 在签约一个月内 100%回访、交房后一个月内
//! 抽样30%): reached or not, the satisfaction score, praise and grievances heard, and the
//! complaint registered from it.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::vocabulary::coded_enum;

coded_enum! {
    /// Which callback: within a month of signing (every buyer) or of handover (the sample).
    CallbackKind {
        /// 签约回访: every buyer, within one month of signing.
        Signing => "signing", "签约回访";
        /// 交房回访: the 30% sample, within one month of handover.
        Handover => "handover", "交房回访";
    }
}

/// One callback attempt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CallbackResult {
    /// Signing or handover callback.
    pub kind: CallbackKind,
    /// Whether the buyer was reached (not reached: try again later).
    pub reached: bool,
    /// Satisfaction 1-5, when reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
    /// Praise heard (表扬).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub praise: String,
    /// A complaint or grievance heard (抱怨、投诉).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub grievance: String,
    /// The complaint registered from this callback (its number), once it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaint: Option<String>,
}

/// The last day a callback following `date` (the signing or the handover) is on time: the
/// same day of the next month (a month later; the 31st of January gives the last day of
/// February).
pub fn callback_due(date: NaiveDate) -> NaiveDate {
    date.checked_add_months(Months::new(1)).unwrap_or(date)
}

/// 64-bit FNV-1a.
pub(crate) fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
