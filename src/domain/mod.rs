//! The product's brain: plain Rust, no browser APIs, tested on the host with `cargo test`.

pub mod complaint;
pub mod event;
pub mod exchange;
pub mod intake;
pub mod model;
pub mod query;
pub mod settings;
pub mod stats;
pub mod synth;
pub mod workflow;
