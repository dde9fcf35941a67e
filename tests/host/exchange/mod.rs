//! Exchange files: merging, checksum, masking, NDJSON, CSV, and every refusal in plain Chinese.

mod files;
mod messages;
mod version2;
