//! What an event records of each attached file, and the rules a file must pass before it is
//! stored: photos are reduced, documents are kept as they are up to the size limit.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::sha256::is_sha256_hex;
use crate::domain::vocabulary::AttachmentLimits;

/// The longest side of a reduced photo, in pixels.
pub const PHOTO_MAX_SIDE: u32 = 1600;
/// The JPEG quality of a reduced photo (0..1): about 200–400 KB at 1,600 px.
pub const PHOTO_QUALITY: f64 = 0.8;
/// The type a reduced photo is stored as.
pub const PHOTO_TYPE: &str = "image/jpeg";
/// How many files one action may attach.
pub const MAX_FILES_PER_EVENT: usize = 20;
/// The share of the quota above which the app warns before attaching more (per mille).
pub const NEAR_QUOTA_PER_MILLE: u64 = 900;

/// One attached file as the event that attaches it records it. The file itself is stored
/// once under its SHA-256 (`hash`), however many attachments name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// Unique within the complaint: `<event id>-<n>` (n from 1); a removal names it.
    pub id: String,
    /// The file's name as chosen (a reduced photo's name ends in `.jpg`).
    pub name: String,
    /// Its media type, e.g. `image/jpeg`, `application/pdf`.
    #[serde(rename = "type")]
    pub mime: String,
    /// Its size in bytes, as stored.
    pub size: u64,
    /// The SHA-256 of its bytes, 64 lower-case hex digits: where it is stored.
    pub hash: String,
}

impl Attachment {
    /// Whether the viewer shows it as a photo (opened full size) rather than a document
    /// (opened in a new tab).
    pub fn is_photo(&self) -> bool {
        self.mime.starts_with("image/")
    }

    /// Whether the record is well formed: a name, a type and a SHA-256 address.
    pub fn is_well_formed(&self) -> bool {
        !self.id.is_empty()
            && !self.name.trim().is_empty()
            && !self.mime.is_empty()
            && is_sha256_hex(&self.hash)
    }
}

/// What happens to a chosen file before it is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Treatment {
    /// A photo: reduced to [`PHOTO_MAX_SIDE`] as JPEG.
    Reduce,
    /// A document (or an image the browser cannot reduce, such as SVG or GIF): kept as it is
    /// if it is within the size limit.
    Keep,
}

/// How a chosen file of this media type is treated.
pub fn treatment(mime: &str) -> Treatment {
    match mime {
        "image/jpeg" | "image/png" | "image/webp" | "image/bmp" | "image/avif" => Treatment::Reduce,
        _ => Treatment::Keep,
    }
}

/// The size a photo of `width` × `height` is reduced to: its longest side at most `max`,
/// the proportions kept, never enlarged, never below one pixel.
pub fn reduced_size(width: u32, height: u32, max: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= max || longest == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = |side: u32| {
        ((u64::from(side) * u64::from(max) + u64::from(longest) / 2) / u64::from(longest)).max(1)
            as u32
    };
    (scale(width), scale(height))
}

/// The name a reduced photo is stored under: the chosen name with its extension replaced
/// by `.jpg`.
pub fn reduced_name(name: &str) -> String {
    let stem = match name.rfind('.') {
        Some(dot) if dot > 0 => &name[..dot],
        _ => name,
    };
    format!("{stem}.jpg")
}

/// Why a file was not attached; the message is for the person attaching it.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AttachError {
    /// A document above the size limit.
    #[error(
        "文件「{name}」有 {size}，超过单个文件 {limit} MB 的上限，未保存。请压缩或拆分后再附上。"
    )]
    TooLarge {
        /// The file's name.
        name: String,
        /// Its size, written for people.
        size: String,
        /// The limit in MB.
        limit: u32,
    },
    /// An empty file.
    #[error("文件「{0}」是空文件，未保存。")]
    Empty(String),
    /// A photo the browser could not read.
    #[error("照片「{0}」无法读取，未保存。请换一张照片或以文件形式附上。")]
    Unreadable(String),
    /// Too many files on one action.
    #[error("一次最多附上 {MAX_FILES_PER_EVENT} 个文件。")]
    TooMany,
    /// The storage is nearly full: attaching this would fill it.
    #[error("本设备的存储空间即将用完（已用 {used}，上限 {quota}），这些附件约 {incoming}，放不下。请先导出备份并清理不再需要的数据。")]
    NoRoom {
        /// Used now, written for people.
        used: String,
        /// The quota, written for people.
        quota: String,
        /// What the files need, written for people.
        incoming: String,
    },
}

/// A size in bytes written for people: `850 KB`, `12.4 MB`.
pub fn size_text(bytes: u64) -> String {
    if bytes < 1_048_576 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        let tenths = (bytes * 10 + 524_288) / 1_048_576;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

/// Checks a file as it will be stored (after a photo is reduced): not empty, and a document
/// within the limit.
pub fn check_file(
    name: &str,
    size: u64,
    treatment: Treatment,
    limits: &AttachmentLimits,
) -> Result<(), AttachError> {
    if size == 0 {
        return Err(AttachError::Empty(name.to_string()));
    }
    if treatment == Treatment::Keep && size > limits.max_document_bytes() {
        return Err(AttachError::TooLarge {
            name: name.to_string(),
            size: size_text(size),
            limit: limits.max_document_mb,
        });
    }
    Ok(())
}

/// How full the storage is, as the browser estimates it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Room {
    /// Plenty of room (or the browser does not say).
    Plenty,
    /// Above [`NEAR_QUOTA_PER_MILLE`] of the quota: say so on the settings page and the
    /// attach control.
    Near,
    /// The incoming files would not fit.
    Full,
}

/// How the storage stands once `incoming` more bytes are written, `used` of `quota` being
/// used now (a quota of 0: the browser does not say).
pub fn room(used: u64, quota: u64, incoming: u64) -> Room {
    if quota == 0 {
        return Room::Plenty;
    }
    let after = used.saturating_add(incoming);
    if after > quota {
        Room::Full
    } else if after.saturating_mul(1000) > quota.saturating_mul(NEAR_QUOTA_PER_MILLE) {
        Room::Near
    } else {
        Room::Plenty
    }
}

/// Refuses files that would not fit (see [`room`]) with the reason.
pub fn check_room(used: u64, quota: u64, incoming: u64) -> Result<Room, AttachError> {
    match room(used, quota, incoming) {
        Room::Full => Err(AttachError::NoRoom {
            used: size_text(used),
            quota: size_text(quota),
            incoming: size_text(incoming),
        }),
        other => Ok(other),
    }
}

/// The storage figure of the settings page: how much is used of how much.
pub fn usage_text(used: u64, quota: u64) -> String {
    if quota == 0 {
        return format!("已用 {}（浏览器未提供上限）", size_text(used));
    }
    let per_mille = used.saturating_mul(1000) / quota.max(1);
    format!(
        "已用 {}，浏览器允许 {}（{}.{}%）",
        size_text(used),
        size_text(quota),
        per_mille / 10,
        per_mille % 10
    )
}

/// A file ready to be stored with the event that attaches it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFile {
    /// The name recorded.
    pub name: String,
    /// The media type recorded.
    pub mime: String,
    /// The bytes as stored.
    pub bytes: Vec<u8>,
    /// Their SHA-256 (hex), computed by the browser when attached.
    pub hash: String,
}

/// The attachment records of `files`, attached by the event `event_id` (ids
/// `<event id>-1`, `-2`, ...).
pub fn records(event_id: &str, files: &[NewFile]) -> Vec<Attachment> {
    files
        .iter()
        .enumerate()
        .map(|(i, f)| Attachment {
            id: format!("{event_id}-{}", i + 1),
            name: f.name.clone(),
            mime: f.mime.clone(),
            size: f.bytes.len() as u64,
            hash: f.hash.clone(),
        })
        .collect()
}
