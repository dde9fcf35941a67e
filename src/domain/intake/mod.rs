//! Intake: the registration form as typed and its checks, the severity suggestion, and the
//! similar complaints (repeats, same-issue groups) the intake rules look at.
//! Imports only the vocabulary.

mod form;
mod severity;
mod similar;

pub use form::{phone_ok, FieldErrors, IntakeForm};
pub use severity::{group_candidates, suggest, IssueGroup, Reason};
pub use similar::{find_repeat_of, repeat_rate, CaseItem, RepeatRate};

// --- Transitional old paths (removed when the callers are rewritten) ---
#[doc(hidden)]
pub use crate::domain::queue::same_issue_complainants;
