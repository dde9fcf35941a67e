//! The queue: the summary of each complaint with its facts, the filter, the index the pages
//! search, the shareable queue link and the complaints related to one another.
//! Imports the vocabulary, intake, case and deadlines.

mod facts;
mod filter;
mod grams;
mod index;
mod link;
mod pack;
mod positions;
mod related;
mod search_text;
mod summary;

pub use facts::{Answered, Called, Closing, Facts, FactsView, Ms};
pub use filter::{Clock, DueFilter, Filter, Sort};
pub use index::QueueIndex;
pub use link::{percent_decode, percent_encode, QueueLink};
pub use pack::{
    pack, snapshot_due, unpack, PackError, PackedRow, SnapshotHead, PACK_VERSION,
    SNAPSHOT_MIN_ROWS, SNAPSHOT_ROWS,
};
pub use related::{
    repeat_count, repeat_of, same_issue_complainants, same_issue_for, same_issue_group, Related,
};
pub use summary::Summary;
