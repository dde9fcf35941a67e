//! Exchange files: merging, checksum, masking, NDJSON, CSV, and the import's messages.

mod files;
mod messages;
