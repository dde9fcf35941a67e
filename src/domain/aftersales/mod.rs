//! After-sales service (R-28..R-31, source 002 《营销售后服务》 section 2): the buyer's service
//! record with its append-only log, the after-sales period, the callbacks with their quotas
//! (100% within a month of signing, a reproducible 30% sample within a month of handover),
//! handing a salesperson's buyers to a colleague, and the buyer list's CSV import.
//! Imports the vocabulary and the case (event ids) only.

mod buyer;
mod callback;
mod csv_import;
mod merge;
mod month;
mod quota;
mod reassign;
mod sample;
mod worklist;

pub use buyer::{
    buyer_id, Buyer, BuyerEntry, BuyerError, ContactKind, DocumentMove, EntryData, Ownership,
    ServicePeriod,
};
pub use callback::{callback_due, CallbackKind, CallbackResult};
pub use csv_import::{
    decode_csv, parse_buyer_csv, plan_import, BuyerRow, CsvError, ImportPlan, PlannedBuyer,
    HEADER_SYNONYMS,
};
pub use merge::{merge_buyer, BuyerMerge, BuyerMergeError};
pub use month::Month;
pub use quota::{office_quotas, quota_figures, QuotaFigures};
pub use reassign::{reassign, ReassignError, Reassignment};
pub use sample::{handover_sample, sample_rank, sample_size, SAMPLE_PERCENT};
pub use worklist::{worklist, WorkItem, WorkKind, WorkState};
