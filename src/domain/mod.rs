//! The product's brain: plain Rust, no browser APIs, tested on the host with `cargo test`.
//!
//! The domain in the order a complaint lives; a folder imports only from the ones before it
//! (checked by `tests/domain_layout.rs`):
//! [`vocabulary`] (the words every stage uses) → [`intake`] (the form and its checks) →
//! [`attachments`] (photos and documents, their checks and addresses) →
//! [`case`] (one complaint and its workflow) → [`deadlines`] (stage deadlines, escalation) →
//! [`access`] (PINs, sign-in, the reception form) →
//! [`queue`] (summaries, filter, index, links) → analysis (indicators, overview, monthly
//! report) → [`aftersales`] (buyers, callbacks, hand-overs) → [`exchange`] (the export file, import, merge) → [`sync`] (the documents of live sync) → [`print`](mod@print) (the paper
//! form) → [`synthetic`] (generated test complaints).

pub mod vocabulary;

pub mod intake;

pub mod attachments;

pub mod case;

pub mod deadlines;

pub mod access;

pub mod queue;

pub mod analysis;

pub mod aftersales;

pub mod exchange;

pub mod sync;

pub mod print;

pub mod synthetic;
