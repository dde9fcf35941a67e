//! The thresholds of the rules that look at several complaints together: the major-complaint
//! rule and the repeat-complaint rule. Both are settings, with their checks.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The thresholds of the major-complaint rule; defaults from the sources, all editable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SeverityRules {
    /// A collective complaint of at least this many people is major. Default 3 (001:
    /// "3人以上的集体投诉"; the same source also says "5人以上", the stricter office may set 5).
    pub collective_min: u32,
    /// At least this many different complainants with the same complaint make it major
    /// (001: "累计三次以上不同投诉人的相同投诉"). Default 3.
    pub same_issue_min: u32,
    /// The window, in calendar days before now, in which same-issue complaints are counted
    /// together. Default 30 (the sources give none; one month matches the monthly report).
    pub same_issue_window_days: u32,
}

impl Default for SeverityRules {
    fn default() -> Self {
        SeverityRules {
            collective_min: 3,
            same_issue_min: 3,
            same_issue_window_days: 30,
        }
    }
}

/// Why severity rules were refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SeverityRulesError {
    /// A people threshold below 2 would make every complaint major.
    #[error("「{0}」至少为 2 人")]
    TooFewPeople(&'static str),
    /// The window is zero days.
    #[error("相同投诉的统计天数至少为 1 天")]
    EmptyWindow,
}

impl SeverityRules {
    /// Checks the thresholds.
    pub fn validate(&self) -> Result<(), SeverityRulesError> {
        if self.collective_min < 2 {
            return Err(SeverityRulesError::TooFewPeople("集体投诉人数"));
        }
        if self.same_issue_min < 2 {
            return Err(SeverityRulesError::TooFewPeople("相同投诉人数"));
        }
        if self.same_issue_window_days == 0 {
            return Err(SeverityRulesError::EmptyWindow);
        }
        Ok(())
    }
}

/// The repeat rule's setting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RepeatRules {
    /// A complaint is a repeat when the same phone complained in the same category at most
    /// this many calendar days before (default 90; source 000 names the measure but no
    /// window, a quarter matches its monthly/quarterly reporting).
    pub window_days: u32,
}

impl Default for RepeatRules {
    fn default() -> Self {
        RepeatRules { window_days: 90 }
    }
}

/// Why the repeat rule was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RepeatRulesError {
    /// The window is zero or longer than ten years.
    #[error("重复投诉的时间窗须在 1 到 3650 天之间")]
    Window,
}

impl RepeatRules {
    /// Checks the window is 1..=3650 days.
    pub fn validate(&self) -> Result<(), RepeatRulesError> {
        if (1..=3650).contains(&self.window_days) {
            Ok(())
        } else {
            Err(RepeatRulesError::Window)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_validate() {
        assert_eq!(SeverityRules::default().validate(), Ok(()));
        let bad = SeverityRules {
            collective_min: 1,
            ..SeverityRules::default()
        };
        assert!(bad.validate().is_err());
        let bad = SeverityRules {
            same_issue_window_days: 0,
            ..SeverityRules::default()
        };
        assert_eq!(bad.validate(), Err(SeverityRulesError::EmptyWindow));
    }
}
