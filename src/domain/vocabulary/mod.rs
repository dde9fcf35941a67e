//! The words every stage uses: the coded enums, the criteria complaints are selected by, the
//! registration data, the working calendar, the date and time formats, the time limits and
//! rule thresholds, and the office's settings.
//! Imports nothing from the rest of the domain.

mod attachment_limits;
mod calendar;
mod codes;
mod criteria;
mod fasthash;
mod format;
mod limits;
mod procedure;
mod projects;
mod registration;
mod settings;
mod thresholds;

pub use attachment_limits::{AttachmentLimits, DEFAULT_DOCUMENT_MB, MAX_DOCUMENT_MB};
pub use calendar::{
    dates_text, parse_dates, parse_periods, periods_text, CalendarError, HolidayFile, MakeupEntry,
    NamedDate, WorkCalendar, OFFICIAL_2026_JSON,
};
pub(crate) use codes::coded_enum;
pub use codes::{
    Channel, CustomerType, EscalationLevel, GmDecision, GmReviewScope, Kind, Mood, Role, Severity,
    Stage, TransferTarget,
};
pub use criteria::Criteria;
pub(crate) use fasthash::{FastHasher, FastMap, FastSet};
pub use format::{
    count_and_share_text, due_text, from_millis, hours_tenths_text, hundredths_text, local_minute,
    md_hm, parse_local_minute, parse_ymd, per_mille_text, signed_tenths, signed_tenths_text, span,
    ymd, ymd_compact, ymd_hm, ymd_hm_compact, ymd_of_millis, MISSING,
};
pub use limits::{
    default_notify, DeadlineError, DeadlineSettings, LimitUnit, NotifyLimit, TimeLimit,
};
pub use procedure::{
    default_reply_levels, default_scripts, fill_script, script_template, AuthorityLimits,
    NotifyScript, GENERIC_SCRIPT,
};
pub use projects::Project;
pub use registration::{phone_key, Intake, SeverityFacts};
pub use settings::{Settings, SettingsError, Staff, DEFAULT_CATEGORIES};
pub use thresholds::{RepeatRules, RepeatRulesError, SeverityRules, SeverityRulesError};
