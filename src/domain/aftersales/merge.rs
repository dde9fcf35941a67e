//! Two devices' copies of one buyer, merged like complaints: matched by id, the log becomes
//! the union of both copies' entries by id (in time order, equal times by id), so both
//! devices end with the same record whichever imports whom.

use thiserror::Error;

use super::buyer::Buyer;
use crate::domain::vocabulary::phone_key;

/// Why two copies cannot be merged.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum BuyerMergeError {
    /// An entry id present in both copies with different content.
    #[error("客户 {name} 的服务记录 {entry} 在本机和文件中内容不同，无法合并")]
    Conflict {
        /// The buyer's name.
        name: String,
        /// The entry's id.
        entry: String,
    },
}

/// What merging a file's copy into the stored one gives.
#[derive(Clone, Debug, PartialEq)]
pub enum BuyerMerge {
    /// The file's copy adds nothing.
    Unchanged,
    /// The stored record gains `added` entries (and perhaps a handover date or a phone).
    Updated {
        /// The merged record.
        buyer: Box<Buyer>,
        /// Entries the file added.
        added: usize,
    },
}

/// Merges `file`'s copy of a buyer into `stored` (same id): the union of the log entries by
/// id; a handover date known on either side is kept (the stored one when both differ: it
/// came from this office's import); phones are the union.
pub fn merge_buyer(stored: &Buyer, file: &Buyer) -> Result<BuyerMerge, BuyerMergeError> {
    let mut merged = stored.clone();
    let mut added = 0;
    for e in &file.entries {
        match stored.entries.iter().find(|x| x.id == e.id) {
            Some(x) if x != e => {
                return Err(BuyerMergeError::Conflict {
                    name: stored.name.clone(),
                    entry: e.id.clone(),
                })
            }
            Some(_) => {}
            None => {
                merged.entries.push(e.clone());
                added += 1;
            }
        }
    }
    merged
        .entries
        .sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
    merged.handover_on = stored.handover_on.or(file.handover_on);
    for p in &file.phones {
        if !merged.phones.iter().any(|x| phone_key(x) == phone_key(p)) {
            merged.phones.push(p.clone());
        }
    }
    if merged == *stored {
        Ok(BuyerMerge::Unchanged)
    } else {
        Ok(BuyerMerge::Updated {
            buyer: Box::new(merged),
            added,
        })
    }
}
