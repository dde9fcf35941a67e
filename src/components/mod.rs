//! Reusable pieces of the UI.

pub mod action_form;
pub mod badges;
pub mod buyer_pick;
pub mod charts;
pub mod field;
pub mod loader;
pub mod nav;
pub mod print;
pub mod queue_list;
pub mod quota_card;
pub mod timeline;
