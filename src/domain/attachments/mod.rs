//! Attachments: photos and documents on a complaint. What an event records of each file,
//! the rules a file passes before it is stored (photos reduced, documents within the size
//! limit, room left in storage) and the SHA-256 every file is addressed by. Imports only the
//! vocabulary.

mod meta;
mod sha256;

pub use meta::{
    check_file, check_room, records, reduced_name, reduced_size, room, size_text, treatment,
    usage_text, AttachError, Attachment, NewFile, Room, Treatment, MAX_FILES_PER_EVENT,
    NEAR_QUOTA_PER_MILLE, PHOTO_MAX_SIDE, PHOTO_QUALITY, PHOTO_TYPE,
};
pub use sha256::{is_sha256_hex, sha256_hex};
