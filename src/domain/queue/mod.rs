//! The queue: the summary of each complaint with its facts, the filter, the index the pages
//! search, the shareable queue link and the complaints related to one another.
//! Imports the vocabulary, intake, case and deadlines.

mod summary;

pub use summary::Summary;
