//! The product's brain: plain Rust, no browser APIs, tested on the host with `cargo test`.
//!
//! The domain in the order a complaint lives; a folder imports only from the ones before it
//! (checked by `tests/domain_layout.rs`):
//! [`vocabulary`] (the words every stage uses) → [`intake`] (the form and its checks) →
//! [`case`] (one complaint and its workflow) → [`deadlines`] (stage deadlines, escalation) →
//! [`queue`] (summaries, filter, index, links) → analysis (indicators, overview, monthly
//! report) → [`exchange`] (the export file, import, merge) → [`print`](mod@print) (the paper
//! form) → [`synthetic`] (generated test complaints).

pub mod vocabulary;

pub mod intake;

pub mod case;

pub mod deadlines;

pub mod queue;

pub mod analysis;

pub mod exchange;

pub mod print;

pub mod synthetic;

// --- Transitional old paths (removed when the callers are rewritten) ---
#[doc(hidden)]
pub mod calendar {
    pub use super::vocabulary::{
        dates_text, parse_dates, parse_periods, periods_text, CalendarError, HolidayFile,
        MakeupEntry, NamedDate, WorkCalendar,
    };
}
#[doc(hidden)]
pub mod model {
    pub use super::vocabulary::{
        Channel, CustomerType, Intake, Kind, Mood, Role, Severity, Staff, TransferTarget,
        DEFAULT_CATEGORIES,
    };
}
#[doc(hidden)]
pub mod settings {
    pub use super::vocabulary::{Settings, SettingsError};
}
#[doc(hidden)]
pub mod timefmt {
    pub use super::vocabulary::{
        due_text, from_millis, local_minute, md_hm, parse_local_minute, parse_ymd, span,
        ymd_compact, ymd_hm, ymd_hm_compact, ymd_of_millis,
    };
}
#[doc(hidden)]
pub mod command {
    pub use super::case::{event_data, ActionInput};
}
#[doc(hidden)]
pub mod complaint {
    pub use super::case::{complaint_number, event_id, event_id_codes, Complaint};
    pub use super::queue::Summary;
}
#[doc(hidden)]
pub mod event {
    pub use super::case::{Event, EventData};
}
#[doc(hidden)]
pub mod workflow {
    pub use super::case::{Action, ComplaintState, Field, Sheet, Status, WorkflowError};
}
#[doc(hidden)]
pub mod facts {
    pub use super::analysis::CrossFlags;
}
#[doc(hidden)]
pub mod links {
    pub use super::queue::{repeat_count, repeat_of, same_issue_group};
}
#[doc(hidden)]
pub mod query {
    pub use super::queue::{Clock, DueFilter, Filter, QueueIndex, Sort};
}
#[doc(hidden)]
pub mod queue_link {
    pub use super::queue::QueueLink;
}
#[doc(hidden)]
pub mod repeats {
    pub use super::vocabulary::{RepeatRules, RepeatRulesError};
}
#[doc(hidden)]
pub mod severity {
    pub use super::intake::Reason;
    pub use super::vocabulary::{SeverityFacts, SeverityRules, SeverityRulesError};
}
#[doc(hidden)]
pub mod form {
    pub use super::print::form_steps;
}
#[doc(hidden)]
pub mod synth {
    pub use super::synthetic::generate;
}
#[doc(hidden)]
pub mod csv {
    pub use super::exchange::summaries_csv;
}
#[doc(hidden)]
pub mod mask {
    pub use super::exchange::{mask_complaint, mask_export, mask_summary};
}
#[doc(hidden)]
pub mod merge {
    pub use super::exchange::{
        checksum, checksum_of, complaints_array, merge_histories, office_of, verify,
        ChecksumMismatch, MergeError, Outcome,
    };
}
#[doc(hidden)]
pub mod ndjson {
    pub use super::exchange::{parse_ndjson, to_ndjson, NdjsonError};
}
#[doc(hidden)]
pub mod parse_error {
    pub use super::exchange::{describe, DataFault, Fault, Place, Step, Syntax};
}
#[doc(hidden)]
pub mod indicators {
    pub use super::analysis::{
        indicators, indicators_of, month_on_month, monthly_trend, Change, Changes, Indicators,
        Period, PeriodPreset, Ratio, StageTimeliness,
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
