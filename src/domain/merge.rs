//! Head-office consolidation and devices' edits (issue 4): merging two copies of one
//! complaint's history, and the checksum that tells a damaged or edited export file.
//!
//! **Matching.** Complaints are matched by number, events by id. Numbers start with the
//! registering office's code ([`office_of`]) and event ids with the office and device codes,
//! so a file from another office never collides with ours: its complaints are simply added.
//!
//! **The merge.** The merged history is the union of both event lists, in time order. Each
//! copy is already in time order and its own order is kept (an event never moves before one
//! that preceded it in either copy); between events of different copies the earlier `at`
//! comes first and equal times go by event id, so both devices arrive at the same history
//! whichever merges first. An id present in both with different content is a conflict; a
//! union that does not replay through the workflow is refused with the workflow's reason.
//!
//! **The checksum.** See [`checksum`]: 64-bit FNV-1a over the canonical serialization of the
//! file's `complaints` array.

use std::collections::{HashMap, HashSet};

use thiserror::Error;

use super::exchange::ExportedComplaint;
use crate::domain::case::ComplaintState;
use crate::domain::case::Event;
use crate::domain::case::{is_code, Complaint};

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
        /// How many of their events were added to ours.
        added_events: usize,
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
    /// The union of both histories breaks the workflow (e.g. both devices acknowledged).
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

    let outcome = match (events == *a, events == *b) {
        (true, true) => Outcome::Unchanged,
        (true, false) => Outcome::OursNewer,
        (false, true) => Outcome::TheirsNewer,
        (false, false) => Outcome::Union {
            added_events: events.len() - a.len(),
        },
    };
    let state = ComplaintState::replay(&events).map_err(|e| MergeError::BadHistory {
        number: ours.number.clone(),
        reason: e.to_string(),
    })?;
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

// ---------------------------------------------------------------------------------------
// Checksum.
// ---------------------------------------------------------------------------------------

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The checksum's hasher: 64-bit FNV-1a over JSON text, skipping whitespace outside strings
/// (see [`checksum`]). Fed in pieces of any size; it is also an [`std::io::Write`], so
/// serde_json can write straight into it without building the text.
#[derive(Clone, Copy, Debug)]
pub struct Hasher {
    hash: u64,
    in_string: bool,
    escaped: bool,
}

impl Default for Hasher {
    fn default() -> Self {
        Hasher {
            hash: FNV_OFFSET,
            in_string: false,
            escaped: false,
        }
    }
}

impl Hasher {
    /// Feeds bytes of JSON text.
    pub fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                }
            } else if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                continue;
            } else if b == b'"' {
                self.in_string = true;
            }
            self.hash = (self.hash ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
    }

    /// The hash so far as 16 lower-case hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.hash)
    }
}

impl std::io::Write for Hasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The checksum of an export file's complaints, as 16 lower-case hex digits.
///
/// **The rule.** 64-bit FNV-1a (offset basis `cbf29ce484222325`, prime `100000001b3`) over
/// the bytes of the file's `complaints` array as the app writes it: the canonical compact
/// serde_json serialization, `serde_json::to_string(&file.complaints)`, which is byte for
/// byte the value after `"complaints":` in an export. Whitespace between JSON tokens is
/// not hashed (the compact form has none), so a copy re-indented by a tool still verifies;
/// every other byte counts: every character inside strings, numbers, keys and their order.
///
/// To verify a file, take the array's bytes from the file's own text ([`complaints_array`])
/// and compare with [`verify`]. The bytes are hashed as they stand, not parsed and written
/// again, so a file written by an older or newer build (with fields this build does not
/// know or writes differently) verifies as long as nobody changed it. The checksum detects
/// damage and casual edits; it is not a signature (anyone can compute it again).
pub fn checksum(complaints_json: &str) -> String {
    let mut h = Hasher::default();
    h.update(complaints_json.as_bytes());
    h.hex()
}

/// [`checksum`] of the canonical serialization of `complaints` (what an export writes),
/// computed without building the text.
pub fn checksum_of(complaints: &[ExportedComplaint]) -> String {
    let mut h = Hasher::default();
    // Writing into the hasher never fails and these types always serialize (no map has
    // non-string keys), so there is no error to report.
    serde_json::to_writer(&mut h, complaints).expect("complaints serialize to JSON");
    h.hex()
}

/// The text of the top-level `complaints` array in an export file's JSON text, exactly as it
/// stands in the file; `None` when there is none (not an object, no such member, not an
/// array, or the text is cut short).
pub fn complaints_array(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    // Index just past the string starting at `i` (which is a `"`).
    let skip_string = |mut i: usize| -> usize {
        i += 1;
        while i < b.len() {
            match b[i] {
                b'\\' => i += 2,
                b'"' => return i + 1,
                _ => i += 1,
            }
        }
        b.len()
    };
    let mut i = text.len()
        - text
            .trim_start_matches(['\u{feff}', ' ', '\t', '\n', '\r'])
            .len();
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    let (mut depth, mut expect_key, mut key_matches) = (1usize, true, false);
    while i < b.len() {
        match b[i] {
            b'"' => {
                let end = skip_string(i);
                if depth == 1 && expect_key {
                    key_matches = b.get(i + 1..end - 1) == Some(b"complaints".as_slice());
                }
                i = end;
                continue;
            }
            b':' if depth == 1 => {
                expect_key = false;
                if key_matches {
                    let start = i + 1 + (text[i + 1..].len() - text[i + 1..].trim_start().len());
                    if b.get(start) != Some(&b'[') {
                        return None;
                    }
                    let mut j = start;
                    let mut level = 0usize;
                    while j < b.len() {
                        match b[j] {
                            b'"' => {
                                j = skip_string(j);
                                continue;
                            }
                            b'[' | b'{' => level += 1,
                            b']' | b'}' => {
                                level -= 1;
                                if level == 0 {
                                    return text.get(start..=j);
                                }
                            }
                            _ => {}
                        }
                        j += 1;
                    }
                    return None;
                }
            }
            b',' if depth == 1 => expect_key = true,
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return None;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// A file's checksum does not match its content.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("文件校验码不符（文件中为 {expected}，按内容计算为 {actual}）：文件可能已损坏或被修改")]
pub struct ChecksumMismatch {
    /// The checksum the file carries.
    pub expected: String,
    /// The checksum of its content.
    pub actual: String,
}

/// Checks the text of a `complaints` array (see [`checksum`], [`complaints_array`]) against
/// the checksum a file carries; upper-case hex digits are accepted.
pub fn verify(complaints_json: &str, expected: &str) -> Result<(), ChecksumMismatch> {
    compare(checksum(complaints_json), expected)
}

/// Compares a computed checksum with the one a file carries.
pub fn compare(actual: String, expected: &str) -> Result<(), ChecksumMismatch> {
    if actual.eq_ignore_ascii_case(expected.trim()) {
        Ok(())
    } else {
        Err(ChecksumMismatch {
            expected: expected.to_string(),
            actual,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_64_reference_values() {
        // Published FNV-1a 64-bit test vectors.
        assert_eq!(checksum(""), "cbf29ce484222325");
        assert_eq!(checksum("a"), "af63dc4c8601ec8c");
        assert_eq!(checksum("foobar"), "85944171f73967e8");
    }

    #[test]
    fn whitespace_between_tokens_is_not_hashed() {
        assert_eq!(checksum("[1, 2]"), checksum("[1,2]"));
        assert_eq!(
            checksum("[\n  {\"a\": \"b\"}\r\n]"),
            checksum("[{\"a\":\"b\"}]")
        );
        assert_ne!(checksum("[\"a b\"]"), checksum("[\"ab\"]"));
        // An escaped quote does not end the string: the space after it is hashed.
        assert_ne!(checksum(r#"["a\" b"]"#), checksum(r#"["a\"b"]"#));
    }

    #[test]
    fn finds_the_complaints_array_as_written() {
        let text = r#"{"format":"x","note":"\"complaints\":[0]","nested":{"complaints":[1]},"complaints" : [ {"a":"]"}, [2] ],"after":3}"#;
        assert_eq!(complaints_array(text), Some(r#"[ {"a":"]"}, [2] ]"#));
        assert_eq!(complaints_array("\u{feff} {\"complaints\":[]}"), Some("[]"));
        assert_eq!(complaints_array(r#"{"complaints":{}}"#), None);
        assert_eq!(complaints_array(r#"{"other":[1]}"#), None);
        assert_eq!(complaints_array(r#"{"complaints":[1,2"#), None);
        assert_eq!(complaints_array("[1]"), None);
        assert_eq!(complaints_array(""), None);
    }

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
