//! The conditions the queue's filter, the queue link and the indicators share: which
//! complaints, by what they are (project, office, classification, channel, kind) and when
//! they were registered.

use super::codes::{Channel, Kind, Severity};

/// Which complaints: every condition that is set must hold, `None` (the default) means any.
/// A summary is judged by
/// [`Summary::meets`](crate::domain::queue::Summary::meets): the project is compared
/// without surrounding spaces (on both sides), every other text exactly, and `received` is
/// the half-open span `[from, to)`.
///
/// The queue's [`Filter`](crate::domain::queue::Filter) and
/// [`QueueLink`](crate::domain::queue::QueueLink) carry one and add their own conditions;
/// the indicators take one as their filter, and their period stays apart from it (they
/// look at `received` only when it is set, on top of the period).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Criteria {
    /// Project (楼盘), compared without surrounding spaces.
    pub project: Option<String>,
    /// Code of the office that registered the complaint (the head office's consolidated
    /// view).
    pub office: Option<String>,
    /// Current category.
    pub category: Option<String>,
    /// Current severity.
    pub severity: Option<Severity>,
    /// Channel it came in by.
    pub channel: Option<Channel>,
    /// Kind (complaint, inquiry, suggestion, after-sales).
    pub kind: Option<Kind>,
    /// Registered in `[from, to)`, epoch milliseconds.
    pub received: Option<(i64, i64)>,
}
