//! The contexts the pages share: one small `Copy` type per concern, each provided once by the
//! shell and read with its own `expect_context()`.

mod analysis;
mod db;
mod queue;
mod settings;
mod sync;
mod tabs;
mod user;

pub use analysis::AnalysisCtx;
pub use db::{open, open_settings, DbCtx, DB_NAME};
pub use queue::QueueCtx;
pub use settings::SettingsCtx;
pub use sync::SyncCtx;
pub use tabs::{listen, TabChange};
pub use user::{Op, UserCtx};
