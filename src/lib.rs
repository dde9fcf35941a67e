//! The complaint desk: an offline-first complaint register for real-estate sales offices.
//!
//! - [`domain`]: the rules, plain Rust, tested on the host.
//! - [`store`]: storage behind a trait (in memory, IndexedDB).
//! - `app`, `pages`, `components`: the Leptos UI (wasm32 only).

pub mod domain;
pub mod service;
pub mod store;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod platform;
#[cfg(target_arch = "wasm32")]
pub mod routes;
#[cfg(target_arch = "wasm32")]
pub mod state;
