//! The documents on the server and this device's bookkeeping of them.

use serde::{Deserialize, Serialize};

use crate::domain::aftersales::Buyer;
use crate::domain::case::Complaint;
use crate::domain::exchange;

use super::base64;
use super::settings_doc::SettingsDoc;

/// What a document on the server holds, by its id.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocKey {
    /// `c:<number>`: one complaint with its whole history.
    Complaint(String),
    /// `b:<id>`: one buyer with their service record.
    Buyer(String),
    /// `f:<sha-256>`: one stored file, its bytes as the document's attachment `data`.
    File(String),
    /// `settings:<office code>`: an office's settings (one per office, so head office's
    /// database, which every office replicates into, holds each office's own).
    Settings(String),
}

impl DocKey {
    /// The document's id on the server (and the key of this device's outbox entry).
    pub fn id(&self) -> String {
        match self {
            DocKey::Complaint(n) => format!("c:{n}"),
            DocKey::Buyer(id) => format!("b:{id}"),
            DocKey::File(h) => format!("f:{h}"),
            DocKey::Settings(office) => format!("settings:{office}"),
        }
    }

    /// The key a document id stands for; `None` for anything else (design documents,
    /// another application's documents).
    pub fn parse(id: &str) -> Option<DocKey> {
        let (prefix, rest) = id.split_once(':')?;
        if rest.is_empty() {
            return None;
        }
        match prefix {
            "c" => Some(DocKey::Complaint(rest.to_string())),
            "b" => Some(DocKey::Buyer(rest.to_string())),
            "f" => Some(DocKey::File(rest.to_string())),
            "settings" => Some(DocKey::Settings(rest.to_string())),
            _ => None,
        }
    }
}

/// Something written here that the server may lack: a document id and the stamp it was
/// queued with. A later write queues the same id with a new stamp, so sending an entry
/// removes it only if nothing was written since it was read.
#[derive(Clone, Debug, PartialEq)]
pub struct OutboxEntry {
    /// The document id ([`DocKey::id`]).
    pub id: String,
    /// When it was queued (milliseconds, with a random fraction).
    pub stamp: f64,
}

/// What this device knows of a document on the server: the revision it last saw or wrote,
/// and the digest of that revision's content, so a copy equal to it is not sent again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Synced {
    /// The server's revision (`_rev`).
    pub rev: String,
    /// [`digest`] of the content of that revision.
    pub digest: String,
}

/// The digest of a document's content (JSON text): 64-bit FNV-1a, as the export file's
/// checksum.
pub fn digest(json: &str) -> String {
    exchange::checksum(json)
}

/// A document as it comes from the server (`_changes`, `_all_docs`); only the fields of our
/// kinds are read.
#[derive(Clone, Debug, Deserialize)]
pub struct InDoc {
    /// The id.
    #[serde(rename = "_id")]
    pub id: String,
    /// The revision.
    #[serde(rename = "_rev", default)]
    pub rev: String,
    /// Deleted on the server (nothing of ours is ever deleted; ignored).
    #[serde(rename = "_deleted", default)]
    pub deleted: bool,
    /// A complaint document's complaint.
    #[serde(default)]
    pub complaint: Option<Complaint>,
    /// A buyer document's buyer.
    #[serde(default)]
    pub buyer: Option<Buyer>,
    /// The settings document's content.
    #[serde(default)]
    pub settings: Option<SettingsDoc>,
    /// A file document's media type.
    #[serde(default)]
    pub mime: Option<String>,
}

/// The JSON text of a document: `{"_id":…,("_rev":…,)"<field>":<content>}`, where
/// `content` is JSON text already.
pub fn doc_json(id: &str, rev: Option<&str>, field: &str, content: &str) -> String {
    let mut out = String::with_capacity(content.len() + id.len() + 64);
    out.push_str("{\"_id\":");
    out.push_str(&json_string(id));
    if let Some(rev) = rev {
        out.push_str(",\"_rev\":");
        out.push_str(&json_string(rev));
    }
    out.push_str(",\"");
    out.push_str(field);
    out.push_str("\":");
    out.push_str(content);
    out.push('}');
    out
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The revision a file document is written with: files never change, so the revision is
/// made from the hash, and every device that sends the same file sends the same revision
/// (the server's `_revs_diff` then says whether it still lacks it).
pub fn file_rev(hash: &str) -> String {
    format!("1-{}", &hash[..hash.len().min(32)])
}

/// A file document: its media type and its bytes as the inline attachment `data`, with
/// the revision of [`file_rev`] (written with `new_edits: false`).
pub fn file_doc(hash: &str, mime: &str, bytes: &[u8]) -> String {
    let rev = file_rev(hash);
    let id = DocKey::File(hash.to_string()).id();
    format!(
        "{{\"_id\":{},\"_rev\":{},\"_revisions\":{{\"start\":1,\"ids\":[{}]}},\"mime\":{},\"_attachments\":{{\"data\":{{\"content_type\":{},\"data\":\"{}\"}}}}}}",
        json_string(&id),
        json_string(&rev),
        json_string(&rev[2..]),
        json_string(mime),
        json_string(mime),
        base64::encode(bytes)
    )
}
