//! Reusable pieces of the UI.

pub mod action_form;
pub mod attach;
pub mod attachments;
pub mod badges;
pub mod buyer_pick;
pub mod charts;
pub mod conflict_card;
pub mod field;
pub mod loader;
pub mod nav;
pub mod pin_pad;
pub mod print;
pub mod procedure_settings;
pub mod queue_list;
pub mod quota_card;
pub mod staff_menu;
pub mod sync_badge;
pub mod sync_settings;
pub mod timeline;
