//! Intake: the registration form as typed and its checks, the severity suggestion, and the
//! similar complaints (repeats, same-issue groups) the intake rules look at.
//! Imports only the vocabulary.

mod form;
mod severity;

pub use form::{phone_ok, FieldErrors, IntakeForm};
pub use severity::{suggest, suggestion_text, Reason};
