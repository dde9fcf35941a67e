//! Head-office consolidation and devices' edits (issue 4): merging two copies of one
//! complaint's history.
//!
//! **Matching.** Complaints are matched by number, events by id. Numbers start with the
//! registering office's code ([`office_of`]) and event ids with the office and device codes,
//! so a file from another office never collides with ours: its complaints are simply added.
//!
//! **The merge.** The merged history is the union of both event lists, in time order. Each
//! copy is already in time order and its own order is kept (an event never moves before one
//! that preceded it in either copy); between events of different copies the earlier `at`
//! comes first and equal times go by event id, so both devices arrive at the same history
//! whichever merges first. An id present in both with different content is refused.
//!
//! **Incompatible edits.** A union that does not replay (one device cancelled while the other
//! approved a plan) is kept whole: the events the workflow refuses are set aside and a
//! conflict marker names them (see [`crate::domain::case::mark_conflict`]), the complaint then
//! waits for a manager's resolution. Only a copy that does not replay by itself is refused
//! ([`MergeError::BadHistory`]).
//!
//! **The checksum.** See [`checksum`](super::checksum::checksum): 64-bit FNV-1a over the
//! canonical serialization of the file's `complaints` array.

use std::collections::{HashMap, HashSet};

use thiserror::Error;

use crate::domain::case::{is_code, mark_conflict, Complaint, ComplaintState, Event};

/// What the merge did, seen from `ours` (what is stored here).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Both copies hold the same events: nothing to write.
    Unchanged,
    /// Theirs holds every event of ours and more (usually ours is a prefix of theirs): the
    /// merged history is theirs.
    TheirsNewer,
    /// Ours holds every event of theirs and more (theirs is an older copy): keep ours.
    OursNewer,
    /// Both copies have events the other lacks (two devices' different edits): the merged
    /// history is new.
    Union {
        /// How many of their events were added to ours (the conflict marker included).
        added_events: usize,
        /// Whether the two copies' edits were incompatible: the merge set some aside and
        /// wrote a conflict marker; the complaint waits for a manager.
        conflict: bool,
    },
}

impl Outcome {
    /// Whether the merged history differs from ours, i.e. has to be written here.
    pub fn changes_ours(self) -> bool {
        matches!(self, Outcome::TheirsNewer | Outcome::Union { .. })
    }
}

/// A merged complaint with its replayed state.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    /// The complaint with the merged history.
    pub complaint: Complaint,
    /// Its state, replayed from the merged history.
    pub state: ComplaintState,
    /// What the merge did.
    pub outcome: Outcome,
}

/// Why two copies of a complaint cannot be merged.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum MergeError {
    /// Two different complaints were given.
    #[error("投诉编号不同，不能合并：{ours} 与 {theirs}")]
    DifferentNumbers {
        /// Our number.
        ours: String,
        /// Their number.
        theirs: String,
    },
    /// The same number registered by two offices (a hand-edited file).
    #[error("投诉 {number} 的登记办公室不一致（本机为 {ours}，文件中为 {theirs}）")]
    DifferentOffices {
        /// The number.
        number: String,
        /// Our office code.
        ours: String,
        /// Theirs.
        theirs: String,
    },
    /// One copy holds two events with the same id.
    #[error("投诉 {number} 的处理记录编号重复：{event_id}")]
    DuplicateEventId {
        /// The complaint.
        number: String,
        /// The repeated id.
        event_id: String,
    },
    /// An event id present in both copies with different content.
    #[error("投诉 {number} 的处理记录 {event_id} 在本机和文件中内容不同，无法合并")]
    Conflict {
        /// The complaint.
        number: String,
        /// The event whose copies differ.
        event_id: String,
    },
    /// A copy's history breaks the workflow by itself (a damaged record), so the union cannot
    /// be kept even with a conflict marker.
    #[error("投诉 {number} 合并两台设备的处理记录后不符合处理流程：{reason}")]
    BadHistory {
        /// The complaint.
        number: String,
        /// The workflow's reason.
        reason: String,
    },
}

/// The office code a complaint number starts with: `SH01-A-20261122-0007` → `SH01`.
/// `None` when the text is not a complaint number (`office-device-yyyymmdd-sequence`, office
/// 2-8 and device 1-4 capital letters or digits, a sequence of at least four digits).
pub fn office_of(number: &str) -> Option<&str> {
    number_codes(number).map(|(office, _)| office)
}

/// The office and device codes a complaint number starts with: `SH01-A-20261122-0007` →
/// `("SH01", "A")`; `None` when the text is not a complaint number (see [`office_of`]).
pub fn number_codes(number: &str) -> Option<(&str, &str)> {
    let mut parts = number.split('-');
    let (office, device, date, seq) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let ok = parts.next().is_none()
        && is_code(office, 2, 8)
        && is_code(device, 1, 4)
        && date.len() == 8
        && digits(date)
        && seq.len() >= 4
        && digits(seq);
    ok.then_some((office, device))
}

fn index(c: &Complaint) -> Result<HashMap<&str, &Event>, MergeError> {
    let mut map = HashMap::with_capacity(c.events.len());
    for e in &c.events {
        if map.insert(e.id.as_str(), e).is_some() {
            return Err(MergeError::DuplicateEventId {
                number: c.number.clone(),
                event_id: e.id.clone(),
            });
        }
    }
    Ok(map)
}

/// Earlier time first, then smaller id: the order between events of different copies.
fn before(a: &Event, b: &Event) -> bool {
    (a.at, a.id.as_str()) <= (b.at, b.id.as_str())
}

/// Merges two copies of one complaint: ours (stored here) and theirs (from a file).
///
/// The result does not depend on which copy is "ours" (only the [`Outcome`] does), so two
/// devices that exchange files converge on the same history, and merging the result again
/// with either copy reports [`Outcome::Unchanged`], [`Outcome::OursNewer`] or
/// [`Outcome::TheirsNewer`].
pub fn merge_histories(ours: &Complaint, theirs: &Complaint) -> Result<Merged, MergeError> {
    if ours.number != theirs.number {
        return Err(MergeError::DifferentNumbers {
            ours: ours.number.clone(),
            theirs: theirs.number.clone(),
        });
    }
    if ours.office != theirs.office {
        return Err(MergeError::DifferentOffices {
            number: ours.number.clone(),
            ours: ours.office.clone(),
            theirs: theirs.office.clone(),
        });
    }
    let in_ours = index(ours)?;
    let in_theirs = index(theirs)?;
    // Conflicts are looked for in the file's order, so the first one named is stable.
    if let Some(e) = theirs
        .events
        .iter()
        .find(|e| in_ours.get(e.id.as_str()).is_some_and(|o| *o != *e))
    {
        return Err(MergeError::Conflict {
            number: ours.number.clone(),
            event_id: e.id.clone(),
        });
    }

    let (a, b) = (&ours.events, &theirs.events);
    let mut events: Vec<Event> = Vec::with_capacity(a.len() + b.len());
    let mut emitted: HashSet<&str> = HashSet::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    loop {
        while a.get(i).is_some_and(|e| emitted.contains(e.id.as_str())) {
            i += 1;
        }
        while b.get(j).is_some_and(|e| emitted.contains(e.id.as_str())) {
            j += 1;
        }
        let take_a = match (a.get(i), b.get(j)) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(x), Some(y)) if x.id == y.id => {
                j += 1;
                true
            }
            (Some(x), Some(y)) => {
                match (
                    in_theirs.contains_key(x.id.as_str()),
                    in_ours.contains_key(y.id.as_str()),
                ) {
                    // x comes later in theirs, after y: keep their order (y.at <= x.at).
                    (true, false) => false,
                    // y comes later in ours, after x: keep our order.
                    (false, true) => true,
                    // Neither shared (or both, in different orders): by time, then id.
                    _ => before(x, y),
                }
            }
        };
        let e = if take_a {
            i += 1;
            &a[i - 1]
        } else {
            j += 1;
            &b[j - 1]
        };
        emitted.insert(e.id.as_str());
        events.push(e.clone());
    }

    let bad = |e: crate::domain::case::WorkflowError| MergeError::BadHistory {
        number: ours.number.clone(),
        reason: e.to_string(),
    };
    let mut conflict = false;
    let state = match ComplaintState::replay(&events) {
        Ok(state) => state,
        Err(e) => {
            // A copy that does not replay by itself is damaged: refused as before.
            ours.state().map_err(bad)?;
            theirs.state().map_err(bad)?;
            let side = |id: &str| match (in_ours.contains_key(id), in_theirs.contains_key(id)) {
                (true, false) => Some(true),
                (false, true) => Some(false),
                _ => None,
            };
            if !mark_conflict(&ours.office, &mut events, &side).map_err(bad)? {
                return Err(bad(e));
            }
            conflict = true;
            ComplaintState::replay(&events).map_err(bad)?
        }
    };
    let outcome = match (events == *a, events == *b) {
        (true, true) => Outcome::Unchanged,
        (true, false) => Outcome::OursNewer,
        (false, true) => Outcome::TheirsNewer,
        (false, false) => Outcome::Union {
            added_events: events.len() - a.len(),
            conflict,
        },
    };
    Ok(Merged {
        complaint: Complaint {
            number: ours.number.clone(),
            office: ours.office.clone(),
            events,
        },
        state,
        outcome,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_codes_from_numbers() {
        assert_eq!(office_of("SH01-A-20261122-0007"), Some("SH01"));
        assert_eq!(office_of("GZ02-B1-20260101-12345"), Some("GZ02"));
        assert_eq!(office_of("sh01-A-20261122-0007"), None);
        assert_eq!(office_of("SH01-A-2026112-0007"), None);
        assert_eq!(office_of("SH01-A-20261122-07"), None);
        assert_eq!(office_of("SH01-A-20261122-0007-1"), None);
        assert_eq!(office_of("SH01"), None);
        assert_eq!(office_of(""), None);
    }
}
