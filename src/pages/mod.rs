//! One module per screen.

pub mod dashboard;
pub mod detail;
pub mod exchange;
pub mod form;
pub mod intake;
pub mod queue;
pub mod reception;
pub mod report;
pub mod settings;
pub mod setup;
pub mod sheet;
pub mod signin;
pub mod today;
