//! Attachments (issue 13): the records events keep, the checks a file passes, SHA-256, the
//! stored ZIP, and the full backup with its all-or-nothing import.

mod backup;
mod purge;
mod rules;
mod zip;
