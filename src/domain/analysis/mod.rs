//! Analysis of the complaints: periods, indicators, trend, month-on-month change, the
//! dashboard overview and the monthly report.

mod fold;
mod monthly_report;
mod overview;

pub use fold::{
    indicators, indicators_of, month_on_month, monthly_trend, Change, Changes, Escalations,
    HandlingTime, IndicatorFilter, Indicators, Period, PeriodPreset, Ratio, Satisfaction,
    StageTimeliness, TrendPoint,
};
pub use monthly_report::{
    actions_key, month_key, monthly_report, parse_month_key, CaseLine, MonthlyReport,
    RepeatCustomer, LIST_LIMIT, TREND_MONTHS,
};
pub use overview::{by_office, OfficeLine, Overview};
