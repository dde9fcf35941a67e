//! The full backup: one `.zip` holding the JSON export (`export.json`), a small manifest
//! (`backup.json`) and every attached file once, under `attachments/<sha256 hex>`. Reading
//! one checks every file against the address and size its events record; any damaged,
//! missing or oversized file refuses the whole backup.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::import::{parse_any, ImportError, Imported};
use super::zip::{read_zip, ZipError};
use crate::domain::attachments::{sha256_hex, size_text, Attachment, NewFile};
use crate::domain::case::{Complaint, EventData};
use crate::domain::vocabulary::MAX_DOCUMENT_MB;

/// The JSON export inside a backup.
pub const EXPORT_ENTRY: &str = "export.json";
/// The manifest inside a backup.
pub const MANIFEST_ENTRY: &str = "backup.json";
/// The folder of the attached files inside a backup.
pub const ATTACHMENTS_DIR: &str = "attachments/";
/// The `format` marker of the manifest.
pub const BACKUP_FORMAT: &str = "complaint-desk-backup";
/// The largest file a backup may hold (the largest document limit a setting allows).
pub const MAX_FILE_BYTES: u64 = MAX_DOCUMENT_MB as u64 * 1_048_576;

/// The path of a file inside a backup.
pub fn attachment_path(hash: &str) -> String {
    format!("{ATTACHMENTS_DIR}{hash}")
}

/// What the backup says of itself: which referenced files the exporting device did not
/// have (they came to it in a head-office export, without their files), so that their
/// absence is not taken for damage.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`BACKUP_FORMAT`].
    pub format: String,
    /// The manifest's version (1).
    pub version: u32,
    /// How many files the backup holds.
    pub files: usize,
    /// Hashes referenced by the complaints but not stored on the exporting device.
    #[serde(default)]
    pub missing: Vec<String>,
}

impl Manifest {
    /// The manifest of a backup holding `files` files and lacking `missing`.
    pub fn new(files: usize, missing: Vec<String>) -> Self {
        Manifest {
            format: BACKUP_FORMAT.into(),
            version: 1,
            files,
            missing,
        }
    }
}

/// Why a backup was refused; nothing of it was written.
#[derive(Debug, Error)]
pub enum BackupError {
    /// The ZIP itself is broken.
    #[error("备份文件无法读取：{0}。整个文件未导入，本机数据没有任何改动。")]
    Zip(#[from] ZipError),
    /// No `export.json` in it.
    #[error("这个压缩包不是投诉台的完整备份（缺少 export.json）。整个文件未导入，本机数据没有任何改动。")]
    NoExport,
    /// The export inside was refused.
    #[error("{0}")]
    Import(#[from] ImportError),
    /// A file's bytes do not match the address or size its event records.
    #[error("备份中投诉 {number} 的附件「{name}」已损坏（内容与校验值不符）。整个文件未导入，本机数据没有任何改动。")]
    Damaged {
        /// The complaint that refers to it.
        number: String,
        /// The attachment's name.
        name: String,
    },
    /// A referenced file is not in the backup.
    #[error("备份中缺少投诉 {number} 的附件「{name}」。整个文件未导入，本机数据没有任何改动。")]
    Missing {
        /// The complaint that refers to it.
        number: String,
        /// The attachment's name.
        name: String,
    },
    /// A file above the largest size a setting allows.
    #[error("备份中投诉 {number} 的附件「{name}」有 {size}，超过 {MAX_DOCUMENT_MB} MB 的上限。整个文件未导入，本机数据没有任何改动。")]
    Oversized {
        /// The complaint that refers to it.
        number: String,
        /// The attachment's name.
        name: String,
        /// Its size, written for people.
        size: String,
    },
}

/// Every attachment the complaints refer to (removed ones too: their files stay until a
/// purge; a file a complaint's `purge_files` event deleted is not referred to by it any
/// more, unless attached again after), once per file: by hash, with the number of the first
/// complaint that refers to it.
pub fn referenced_files(complaints: &[Complaint]) -> BTreeMap<String, (String, Attachment)> {
    let mut out = BTreeMap::new();
    for c in complaints {
        let mut mine: BTreeMap<String, Attachment> = BTreeMap::new();
        for e in &c.events {
            match &e.data {
                EventData::Attach { attachments } => {
                    for a in attachments {
                        mine.entry(a.hash.clone()).or_insert_with(|| a.clone());
                    }
                }
                EventData::PurgeFiles { hashes } => {
                    for h in hashes {
                        mine.remove(h);
                    }
                }
                _ => {}
            }
        }
        for (hash, a) in mine {
            out.entry(hash).or_insert_with(|| (c.number.clone(), a));
        }
    }
    out
}

/// A backup read and checked: the complaints to import and every file they refer to, once.
#[derive(Debug)]
pub struct Backup {
    /// The export inside, parsed and checked as any import is.
    pub imported: Imported,
    /// The files, each checked against its SHA-256 and size.
    pub files: Vec<NewFile>,
}

/// Reads and checks a backup (see the module); nothing is written here.
pub fn read_backup(bytes: &[u8]) -> Result<Backup, BackupError> {
    let entries = read_zip(bytes)?;
    let mut export = None;
    let mut manifest = Manifest::default();
    let mut stored: BTreeMap<&str, &[u8]> = BTreeMap::new();
    for e in &entries {
        if e.name == EXPORT_ENTRY {
            export = Some(e.data);
        } else if e.name == MANIFEST_ENTRY {
            manifest = serde_json::from_slice(e.data)
                .map_err(|_| ZipError::Damaged(MANIFEST_ENTRY.into()))?;
        } else if let Some(hash) = e.name.strip_prefix(ATTACHMENTS_DIR) {
            stored.insert(hash, e.data);
        }
    }
    let export = export.ok_or(BackupError::NoExport)?;
    let text = std::str::from_utf8(export).map_err(|_| ZipError::Damaged(EXPORT_ENTRY.into()))?;
    let imported = parse_any(text)?;
    let complaints: Vec<Complaint> = imported.complaints.iter().map(|(c, _)| c.clone()).collect();
    let missing_at_export: BTreeSet<&str> = manifest.missing.iter().map(String::as_str).collect();
    let mut files = Vec::new();
    for (hash, (number, a)) in referenced_files(&complaints) {
        if a.size > MAX_FILE_BYTES {
            return Err(BackupError::Oversized {
                number,
                name: a.name,
                size: size_text(a.size),
            });
        }
        let Some(data) = stored.get(hash.as_str()) else {
            if missing_at_export.contains(hash.as_str()) {
                continue;
            }
            return Err(BackupError::Missing {
                number,
                name: a.name,
            });
        };
        if data.len() as u64 != a.size || sha256_hex(data) != hash {
            return Err(BackupError::Damaged {
                number,
                name: a.name,
            });
        }
        files.push(NewFile {
            name: a.name,
            mime: a.mime,
            bytes: data.to_vec(),
            hash,
        });
    }
    Ok(Backup { imported, files })
}
