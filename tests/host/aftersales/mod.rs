//! After-sales service (issue 12): the period rule, the handover sample, the quotas of a
//! hand-built month, hand-overs, the buyer list's import and the merge of two copies.

pub mod fixtures;
mod import_csv;
mod merge;
mod period;
pub mod quotas;
mod reassign;
mod sample;
