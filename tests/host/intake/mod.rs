//! The intake form.

mod validation;
