//! The host tests, one binary: the domain, the service and the in-memory store, with a module
//! per part of the domain and the fixtures they share in [`helpers`].
//!
//! Run one part by its module path, e.g. `cargo test --test host case::workflow_table`.

mod helpers;

mod access;
mod aftersales;
mod analysis;
mod attachments;
mod case;
mod deadlines;
mod exchange;
mod intake;
mod layout;
mod queue;
mod service;
mod sync;
mod vocabulary;
