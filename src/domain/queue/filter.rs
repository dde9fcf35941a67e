//! What the queue shows: the [`Filter`] over the summaries (the shared [`Criteria`] and the
//! queue's own conditions), the due filter and the clock it is read at, and the sort orders.

use crate::domain::case::Status;
use crate::domain::vocabulary::Criteria;

/// What the queue shows: the shared [`Criteria`] and what only the queue adds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Project, office, category, severity, channel, kind and registration period (see
    /// [`Summary::meets`](super::summary::Summary::meets)).
    pub criteria: Criteria,
    /// Only this status; `None` for all.
    pub status: Option<Status>,
    /// Only open (not archived or cancelled) complaints.
    pub open_only: bool,
    /// Only this handler.
    pub handler: Option<String>,
    /// Only complaints whose nearest deadline (a stage or a work-contact sheet) is in this
    /// window of `clock`.
    pub due: DueFilter,
    /// The moment `due` is judged at.
    pub clock: Clock,
    /// Free text: number, name, phone, unit, project or content.
    pub text: String,
    /// Sort order.
    pub sort: Sort,
}

/// Deadline filters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DueFilter {
    /// No deadline filter.
    #[default]
    Any,
    /// Past due.
    Overdue,
    /// Due within the due-soon window.
    DueSoon,
    /// Due before the end of today (not yet past).
    DueToday,
    /// Overdue or due today: what the start screen lists.
    Attention,
}

impl DueFilter {
    /// Every filter with its code and Chinese label, in menu order.
    pub const ALL: &'static [(DueFilter, &'static str, &'static str)] = &[
        (DueFilter::Any, "", "全部期限"),
        (DueFilter::Overdue, "overdue", "已逾期"),
        (DueFilter::DueSoon, "due_soon", "即将到期"),
        (DueFilter::DueToday, "today", "今日到期"),
        (DueFilter::Attention, "attention", "逾期或今日到期"),
    ];

    /// Parses a code from [`DueFilter::ALL`].
    pub fn from_code(code: &str) -> DueFilter {
        DueFilter::ALL
            .iter()
            .find(|(_, c, _)| *c == code)
            .map(|(f, _, _)| *f)
            .unwrap_or_default()
    }
}

/// A moment and the windows deadlines are judged by, in epoch milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    /// Now.
    pub now: i64,
    /// The end of the due-soon window (now + the amber hours).
    pub soon_until: i64,
    /// The end of today in the office's calendar.
    pub today_end: i64,
}

impl Clock {
    /// The clock at `now` for an office's settings.
    pub fn at(
        now: chrono::DateTime<chrono::FixedOffset>,
        settings: &crate::domain::vocabulary::Settings,
    ) -> Self {
        Clock {
            now: now.timestamp_millis(),
            soon_until: now.timestamp_millis()
                + i64::from(settings.deadlines.amber_hours) * 3_600_000,
            today_end: settings.calendar.end_of_day(now).timestamp_millis(),
        }
    }

    /// Whether a deadline `due` passes `filter` at this moment.
    pub fn passes(&self, due: Option<i64>, filter: DueFilter) -> bool {
        match (filter, due) {
            (DueFilter::Any, _) => true,
            (_, None) => false,
            (DueFilter::Overdue, Some(d)) => d < self.now,
            (DueFilter::DueSoon, Some(d)) => d >= self.now && d <= self.soon_until,
            (DueFilter::DueToday, Some(d)) => d >= self.now && d <= self.today_end,
            (DueFilter::Attention, Some(d)) => d <= self.today_end,
        }
    }
}

/// Queue sort orders.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Newest registration first.
    #[default]
    NewestFirst,
    /// Oldest registration first.
    OldestFirst,
    /// Most recently updated first.
    UpdatedFirst,
    /// Major before general, then newest.
    SeverityFirst,
    /// By number.
    Number,
    /// Nearest deadline first; those without one last.
    DueFirst,
}

/// How many sort orders there are.
pub(super) const SORTS: usize = 6;

impl Sort {
    /// A distinct slot per order, below [`SORTS`].
    pub(super) fn slot(self) -> usize {
        match self {
            Sort::NewestFirst => 0,
            Sort::OldestFirst => 1,
            Sort::UpdatedFirst => 2,
            Sort::SeverityFirst => 3,
            Sort::Number => 4,
            Sort::DueFirst => 5,
        }
    }

    /// Every sort, in menu order, with its code and Chinese label.
    pub const ALL: &'static [(Sort, &'static str, &'static str)] = &[
        (Sort::NewestFirst, "newest", "登记时间（新→旧）"),
        (Sort::OldestFirst, "oldest", "登记时间（旧→新）"),
        (Sort::UpdatedFirst, "updated", "最近更新"),
        (Sort::SeverityFirst, "severity", "重大优先"),
        (Sort::Number, "number", "编号"),
        (Sort::DueFirst, "due", "期限（最早在前）"),
    ];

    /// Parses a code from [`Sort::ALL`].
    pub fn from_code(code: &str) -> Sort {
        Sort::ALL
            .iter()
            .find(|(_, c, _)| *c == code)
            .map(|(s, _, _)| *s)
            .unwrap_or_default()
    }
}

impl Filter {
    /// Whether `self` can only return a subset of what `prev` returned, in the same order,
    /// so that [`QueueIndex::select`](super::index::QueueIndex::select) may scan `prev`'s
    /// result instead of everything.
    pub fn narrows(&self, prev: &Filter) -> bool {
        let mut same = self.clone();
        same.text = prev.text.clone();
        same == *prev
            && self
                .text
                .to_ascii_lowercase()
                .contains(&prev.text.to_ascii_lowercase())
    }
}
