//! Live sync (issue 17): the documents' shapes and rules, and the service's outgoing and
//! incoming halves over two in-memory stores.

mod devices;
mod documents;
