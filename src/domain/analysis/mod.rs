//! Indicators (issue 5, R-24..R-27): volumes, timeliness, satisfaction, resolution, repeats,
//! escalations and root causes of the complaints of any [`Period`] under any
//! [`Criteria`](crate::domain::vocabulary::Criteria), computed from the complaints'
//! histories, and the change from one period to the one before ([`month_on_month`]).
//!
//! # How a period is read
//! A period is `[from, to)`. Two kinds of figure come out of it:
//!
//! - **Period figures** depend only on what had happened by `to`: a complaint's status and
//!   closing time at `to` come from replaying its events before `to` (not from its status
//!   today), so a complaint archived in March and reopened in April is closed in March's
//!   figures and open in April's. These are: received, closed, open, satisfaction, resolution
//!   rate, handling time, escalations, repeats and group complaints.
//! - **Cohort figures** take the complaints selected by something in the period and follow
//!   them through their whole history as given: timeliness (complaints received in the period,
//!   with every stage done so far, even after `to`), the callback rate (complaints answered in
//!   the period, called back at any time after), the GM's approval of major complaints and the
//!   root causes (the latest responsibility attribution). A past month's cohort figures can
//!   still move while its complaints are being worked on; its period figures cannot.
//!
//! # Which complaints
//! The criteria are the queue's (project without surrounding spaces, the rest exactly,
//! judged by [`Summary::meets`](crate::domain::queue::Summary::meets)). The period is not
//! one of them: it is taken apart as above, and the criteria's own `received` span selects
//! only when it is set, on top of the period. The criteria and every breakdown use a
//! complaint's *current* classification (category and severity after any 调整分类, handler
//! after any 改派): a reclassification corrects the record, so past months are counted
//! under the corrected values too.
//!
//! Every ratio is a [`Ratio`] (numerator and denominator); its value is `None`, never a
//! division by zero, when there is nothing to divide.
//!
//! The files, in the order a figure is made: `period` (the span), `figures` (the data),
//! `tally` (one accumulator per figure), `fold` (the one pass), `trend`, `change`
//! (month-on-month), `text` (figures as text), `overview` (the first dashboard's counts, by
//! office), `table` (all of the dashboard's figures at once, at head-office scale),
//! `monthly_report`.

mod change;
mod cross_flags;
mod figures;
mod fold;
mod monthly_report;
mod overview;
mod period;
mod table;
mod tally;
mod text;
mod trend;

pub use change::{month_on_month, Change, Changes};
pub use cross_flags::CrossFlags;
pub use figures::{Escalations, HandlingTime, Indicators, Ratio, Satisfaction, StageTimeliness};
pub use fold::{indicators, indicators_of};
pub use monthly_report::{
    actions_key, month_key, monthly_report, parse_month_key, CaseLine, MonthlyReport,
    RepeatCustomer, LIST_LIMIT, TREND_MONTHS,
};
pub use overview::{by_office, OfficeLine, Overview};
pub use period::{Period, PeriodError, PeriodPreset};
pub use table::{AllFigures, IndicatorTable, PeriodFigures};
pub use trend::{monthly_trend, TrendPoint};
