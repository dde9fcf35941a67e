//! The product's brain: plain Rust, no browser APIs, tested on the host with `cargo test`.

pub mod analysis;
pub mod calendar;
pub mod command;
pub mod complaint;
pub mod csv;
pub mod deadlines;
pub mod event;
pub mod exchange;
pub mod facts;
pub mod fasthash;
pub mod form;
pub mod intake;
pub mod links;
pub mod mask;
pub mod merge;
pub mod model;
pub mod ndjson;
pub mod number_format;
pub mod parse_error;
pub mod query;
pub mod queue_link;
pub mod repeats;
pub mod settings;
pub mod severity;
pub mod synth;
pub mod timefmt;
pub mod workflow;

// --- Transitional old paths (removed when the callers are rewritten) ---
#[doc(hidden)]
pub mod indicators {
    pub use super::analysis::{
        indicators, indicators_of, month_on_month, monthly_trend, Change, Changes, IndicatorFilter,
        Indicators, Period, PeriodPreset, Ratio, StageTimeliness,
    };
}
#[doc(hidden)]
pub mod stats {
    pub use super::analysis::{by_office, Overview};
}
#[doc(hidden)]
pub mod report {
    pub use super::analysis::{
        actions_key, month_key, monthly_report, parse_month_key, MonthlyReport, LIST_LIMIT,
    };
}
