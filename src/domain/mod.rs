//! The product's brain: plain Rust, no browser APIs, tested on the host with `cargo test`.

pub mod calendar;
pub mod command;
pub mod complaint;
pub mod csv;
pub mod deadlines;
pub mod event;
pub mod exchange;
pub mod facts;
pub mod form;
pub mod indicators;
pub mod intake;
pub mod links;
pub mod mask;
pub mod merge;
pub mod model;
pub mod ndjson;
pub mod query;
pub mod queue_link;
pub mod repeats;
pub mod report;
pub mod settings;
pub mod severity;
pub mod stats;
pub mod synth;
pub mod timefmt;
pub mod workflow;
