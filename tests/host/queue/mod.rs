//! The queue: filters, search, sort, and related complaints (repeats, same-issue groups).

mod criteria;
mod grams;
mod query;
mod related;
mod snapshot;
