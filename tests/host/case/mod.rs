//! One complaint: the workflow, its events and its work-contact sheets.

mod conflict;
mod event_format;
mod procedures;
mod sheets;
mod workflow_table;
