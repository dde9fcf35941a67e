//! The complaint's registration data as typed at intake: the form
//! 《客户投诉登记表》, the facts that bear on severity, and the phone key customers are matched by.

use serde::{Deserialize, Serialize};

use super::codes::{Channel, CustomerType, Kind, Mood, Severity};

/// The registration form 《客户投诉登记表》 as typed at intake.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Intake {
    /// Customer's name.
    pub customer_name: String,
    /// Contact phone (mobile or landline), kept as text.
    pub phone: String,
    /// Owner, prospective owner, buyer with intent, other.
    pub customer_type: CustomerType,
    /// Project (楼盘) name.
    pub project: String,
    /// Building (楼栋), may be empty.
    #[serde(default)]
    pub building: String,
    /// Unit (房号), may be empty.
    #[serde(default)]
    pub unit: String,
    /// When the event complained about happened, as typed (`YYYY-MM-DDTHH:MM`), may be empty.
    #[serde(default)]
    pub event_time: String,
    /// Where it happened, may be empty.
    #[serde(default)]
    pub event_place: String,
    /// What the customer says.
    pub content: String,
    /// The remedy the customer wants (ISO 10002).
    #[serde(default)]
    pub desired_remedy: String,
    /// The customer's mood.
    pub mood: Mood,
    /// How it reached us.
    pub channel: Channel,
    /// Complaint, inquiry, suggestion or after-sales request.
    pub kind: Kind,
    /// Category, one of the configured list.
    pub category: String,
    /// General or major.
    pub severity: Severity,
    /// The facts that bear on severity, as known at intake (left out of the JSON when
    /// there are none).
    #[serde(default, skip_serializing_if = "SeverityFacts::is_default")]
    pub facts: SeverityFacts,
    /// Why the severity differs from the app's suggestion, when it does.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub severity_reason: String,
    /// the staff member the customer told, when not the one who registers it (any
    /// staff member may receive a complaint); empty when it is the registering one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub received_by: String,
}

/// What the desk knows about a complaint that bears on its severity (asked at intake).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SeverityFacts {
    /// The customer mentions or threatens a lawsuit (可能引发法律诉讼).
    pub lawsuit_risk: bool,
    /// Exposed, or threatened to be exposed, by the press or websites (媒体曝光).
    pub media_exposure: bool,
    /// How many people complain together (集体投诉); 1 for a single customer.
    pub complainants: u32,
    /// Different complainants who made the same complaint within the window, this one
    /// included (from the queue's [`same_issue_complainants`](crate::domain::queue::same_issue_complainants)); 0 when
    /// not looked up.
    pub same_issue_complainants: u32,
    /// Handling involves compensation (涉及经济赔偿).
    pub compensation_requested: bool,
    /// Staff discipline or rule violations, or using company resources for private gain
    /// (违纪、违规操作、利用公司资源谋取私利, source 002).
    pub staff_violation: bool,
}

impl SeverityFacts {
    /// Whether nothing special is known (the default).
    pub fn is_default(&self) -> bool {
        *self == SeverityFacts::default()
    }
}

impl Default for SeverityFacts {
    fn default() -> Self {
        SeverityFacts {
            lawsuit_risk: false,
            media_exposure: false,
            complainants: 1,
            same_issue_complainants: 0,
            compensation_requested: false,
            staff_violation: false,
        }
    }
}

/// A phone number reduced to its digits, without a leading `86` country code on an 11-digit
/// mobile, so `138-0000-1111`, `138 0000 1111` and `+86 13800001111` compare equal.
pub fn phone_key(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("86") {
        Some(rest) if rest.len() == 11 && rest.starts_with('1') => rest.to_string(),
        _ => digits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_keys_ignore_separators_and_country_code() {
        for (typed, key) in [
            ("138-0000-1111", "13800001111"),
            ("138 0000 1111", "13800001111"),
            ("+86 138 0000 1111", "13800001111"),
            ("8613800001111", "13800001111"),
            ("021-5555 6666", "02155556666"),
            ("", ""),
        ] {
            assert_eq!(phone_key(typed), key, "{typed}");
        }
    }
}
