//! The settings of attachments: how large a document may be, and whether a photo's original
//! is kept beside its reduced copy.

use serde::{Deserialize, Serialize};

/// The document size limit's default, in MB.
pub const DEFAULT_DOCUMENT_MB: u32 = 10;
/// The largest document size limit a setting may ask for, in MB.
pub const MAX_DOCUMENT_MB: u32 = 100;

/// How attachments are kept (settings → 附件).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentLimits {
    /// The largest document (PDF, scan, ...) kept, in MB (1..=[`MAX_DOCUMENT_MB`]); larger
    /// ones are refused.
    #[serde(default = "default_document_mb")]
    pub max_document_mb: u32,
    /// Keep a photo's original as well as its reduced copy (off: only the reduced copy).
    #[serde(default)]
    pub keep_original_photos: bool,
}

fn default_document_mb() -> u32 {
    DEFAULT_DOCUMENT_MB
}

impl Default for AttachmentLimits {
    fn default() -> Self {
        AttachmentLimits {
            max_document_mb: DEFAULT_DOCUMENT_MB,
            keep_original_photos: false,
        }
    }
}

impl AttachmentLimits {
    /// The document limit in bytes.
    pub fn max_document_bytes(&self) -> u64 {
        u64::from(self.max_document_mb) * 1_048_576
    }

    /// Checks the limit is within 1..=[`MAX_DOCUMENT_MB`]; the message is for the settings
    /// page.
    pub fn validate(&self) -> Result<(), String> {
        if (1..=MAX_DOCUMENT_MB).contains(&self.max_document_mb) {
            Ok(())
        } else {
            Err(format!(
                "单个文件大小上限须在 1 到 {MAX_DOCUMENT_MB} MB 之间"
            ))
        }
    }
}
