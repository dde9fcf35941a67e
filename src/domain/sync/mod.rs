//! Live sync through a CouchDB database (issue 17): what travels, in which shape, and the
//! rules that decide between two devices' copies. Plain Rust: the HTTP calls are the
//! platform's, the loop is the state's, the reads and writes are the service's.
//!
//! **What travels.** One document per complaint (`c:<number>`, its whole history), per buyer
//! (`b:<id>`), per stored file (`f:<sha-256>`, the bytes as its one attachment) and one for
//! the office's settings (`settings`). What belongs to one device stays on it: its device
//! code, its PIN records, its sync credentials and checkpoints.
//!
//! **Why one document per complaint.** A history is append-only and two copies merge as
//! their union ([`crate::domain::exchange::merge_histories`]), so a complaint document can
//! change without ever losing an event: a device that finds the server's copy newer than
//! the one it based its write on (CouchDB answers `conflict`) reads it, merges the union
//! and writes again. Every pull merges a *complete* history, so no partial history is ever
//! replayed, and a new device's first sync reads one document per complaint.

pub mod base64;
pub mod config;
pub mod docs;
pub mod failure;
pub mod settings_doc;
pub mod status;

pub use config::{SetupError, SyncConfig};
pub use docs::{digest, file_rev, DocKey, InDoc, OutboxEntry, Synced};
pub use failure::SyncError;
pub use settings_doc::{adopt, office_settings, office_wins, SettingsDoc, Stamp};
pub use status::SyncStatus;
