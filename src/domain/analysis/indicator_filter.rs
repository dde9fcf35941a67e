//! Which complaints the indicators look at.

use crate::domain::case::ComplaintState;
use crate::domain::vocabulary::{Channel, Kind, Severity};
use crate::domain::{case::Complaint, queue::Summary};

/// Which complaints the indicators look at; `None` (the default) means any. Every field
/// compares with the complaint's current value (see [the analysis
/// module](crate::domain::analysis)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndicatorFilter {
    /// Project (楼盘), compared without surrounding spaces.
    pub project: Option<String>,
    /// Office code of the office that registered the complaint.
    pub office: Option<String>,
    /// Current category.
    pub category: Option<String>,
    /// Current severity.
    pub severity: Option<Severity>,
    /// Channel it came in by.
    pub channel: Option<Channel>,
    /// Kind (complaint, inquiry, suggestion, after-sales).
    pub kind: Option<Kind>,
}

impl IndicatorFilter {
    /// Whether the summary passes every condition that is set.
    pub fn matches_summary(&self, row: &Summary) -> bool {
        self.project
            .as_deref()
            .is_none_or(|p| row.project.trim() == p.trim())
            && self.office.as_deref().is_none_or(|o| row.office == o)
            && self.category.as_deref().is_none_or(|c| row.category == c)
            && self.severity.is_none_or(|s| row.severity == s)
            && self.channel.is_none_or(|c| row.channel == c)
            && self.kind.is_none_or(|k| row.kind == k)
    }

    /// Whether the complaint, with its state replayed from its events, passes every
    /// condition that is set (the same conditions as [`Self::matches_summary`]).
    pub fn matches(&self, complaint: &Complaint, state: &ComplaintState) -> bool {
        self.project
            .as_deref()
            .is_none_or(|p| state.intake.project.trim() == p.trim())
            && self.office.as_deref().is_none_or(|o| complaint.office == o)
            && self.category.as_deref().is_none_or(|c| state.category == c)
            && self.severity.is_none_or(|s| state.severity == s)
            && self.channel.is_none_or(|c| state.intake.channel == c)
            && self.kind.is_none_or(|k| state.intake.kind == k)
    }
}
