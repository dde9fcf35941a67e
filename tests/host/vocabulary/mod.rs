//! The shared vocabulary: the working calendar and the settings' rules.

mod calendar;
mod settings_rules;
